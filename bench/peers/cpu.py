"""CPU time of the processes under test while one load runs, in cores (CPU seconds per second).

    python3 cpu.py OUT.json DATABASE name=pid ...

Samples /proc every 0.2 s until SIGTERM, then writes {name: cores, ..., "pg": cores, "rss": {name:
peak resident MiB}}. `pg` is the
PostgreSQL backends serving DATABASE (their process title names it): pooled ones and those that
come and go (pgbench's) alike, each counted from its first to its last sample, so a backend that
exits loses at most its last 0.2 s. Other databases on the same server are not counted.
"""

import json
import os
import signal
import sys
import time

TICK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        # utime and stime are fields 14 and 15 of stat(5); fields here start at field 3.
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return None


def rss_mib(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except (OSError, IndexError, ValueError):
        pass
    return None


def backends(database):
    needle = f" {database} ".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as f:
                title = f.read()
        except OSError:
            continue
        if title.startswith(b"postgres: ") and needle in title + b" ":
            found.append(int(entry))
    return found


def main():
    out, database, named = sys.argv[1], sys.argv[2], sys.argv[3:]
    procs = dict(item.split("=", 1) for item in named)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    first, last = {}, {}
    # The peak of the samples: the kernel's own high-water mark (VmHWM) would include the start.
    peak = {name: 0.0 for name in procs}

    def sample():
        now = {}
        for name, pid in procs.items():
            now[(name, int(pid))] = cpu_ticks(pid)
            peak[name] = max(peak[name], rss_mib(pid) or 0.0)
        for pid in backends(database):
            now[("pg", pid)] = cpu_ticks(pid)
        for key, ticks in now.items():
            if ticks is None:
                continue
            first.setdefault(key, ticks)
            last[key] = ticks

    started = time.monotonic()
    sample()
    # Backends first seen after the start began at zero, less what they spent before the
    # first sample (at most 0.2 s of connection set-up).
    initial = set(first)
    while not stop:
        time.sleep(0.2)
        sample()
    wall = time.monotonic() - started
    cores = {name: 0.0 for name in list(procs) + ["pg"]}
    for key, ticks in last.items():
        base = first[key] if key in initial else 0
        cores[key[0]] += (ticks - base) / TICK / wall
    with open(out, "w") as f:
        result = {k: round(v, 2) for k, v in cores.items()}
        result["rss"] = {k: round(v, 1) for k, v in peak.items()}
        json.dump(result, f)


if __name__ == "__main__":
    main()
