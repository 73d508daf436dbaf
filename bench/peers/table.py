"""The markdown table of bench/peers.sh: medians over runs of each workload and target (ours
without the response cache, ours with it as `cached`, the peer, raw SQL).

    python3 table.py RESULTS STATEMENTS
RESULTS: lines "run workload target rps p50 p99 own_cores other_cores pg_cores commits_per_request
own_peak_rss_mib ok";
STATEMENTS: lines "workload ours_statements peer_commits" (one request each, before the load).
"""

import statistics
import sys
from collections import defaultdict

NAMES = {
    "q1": "Q1 first page of 50 projects with category name and phases",
    "q2": "Q2 one project with its last 10 progress reports",
    "q3": "Q3 one category, start year 2021-2023, by total investment desc, first 50",
    "q4": "Q4 totals by category (ours: maintained aggregates; peer, raw: GROUP BY)",
    "w": "W a progress report (ours: checked write in a transaction; peer: plain insert; raw: ours' statements)",
}

statements = {}
for line in open(sys.argv[2]):
    w, ours, peer = line.split()
    statements[w] = (ours, peer)

rows = defaultdict(list)
for line in open(sys.argv[1]):
    run, w, target, rps, p50, p99, own, other, pg, per, rss, ok = line.split()
    rows[(w, target)].append(dict(rps=float(rps), p50=float(p50), p99=float(p99), own=float(own),
                                  pg=float(pg), per=float(per), rss=float(rss), ok=ok == "ok"))


def med(w, t, k):
    vals = [r[k] for r in rows[(w, t)]]
    return statistics.median(vals) if vals else 0.0


def peak(w, t):
    """The highest resident set size of any run, in MiB; `-` when the target did not run."""
    return f"{max(r['rss'] for r in rows[(w, t)]):.0f}" if rows[(w, t)] else "-"


def cpu_ms(w, t):
    """CPU milliseconds of the process per request (cores / requests per second)."""
    rps = med(w, t, "rps")
    return med(w, t, "own") / rps * 1000 if rps else 0.0


def failed(w, t):
    return any(not r["ok"] for r in rows[(w, t)])


def rate(w, t):
    v = f"{med(w, t, 'rps'):,.0f}"
    return v + " FAILED" if failed(w, t) else v


print("| workload | ours req/s | peer req/s | raw tx/s | ours / peer | ours / raw | ours p50 / p99 ms | peer p50 / p99 ms | raw p50 / p99 ms "
      "| ours CPU cores | peer CPU cores | CPU ms per request (ours / peer) | PG CPU cores (ours / peer / raw) "
      "| statements per request (ours / peer) | peak RSS MiB (ours / cached / peer) "
      "| cached req/s | cached / peer | cached p50 / p99 ms | cached CPU cores |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
workloads = [w for w in NAMES if any(k[0] == w for k in rows)]
for w in workloads:
    o, p, r = med(w, "ours", "rps"), med(w, "peer", "rps"), med(w, "raw", "rps")
    print(f"| {NAMES[w]} | {rate(w, 'ours')} | {rate(w, 'peer')} | {rate(w, 'raw')} "
          f"| {o / p if p else 0:.2f} | {o / r if r else 0:.2f} "
          f"| {med(w, 'ours', 'p50'):.1f} / {med(w, 'ours', 'p99'):.1f} "
          f"| {med(w, 'peer', 'p50'):.1f} / {med(w, 'peer', 'p99'):.1f} "
          f"| {med(w, 'raw', 'p50'):.1f} / {med(w, 'raw', 'p99'):.1f} "
          f"| {med(w, 'ours', 'own'):.2f} | {med(w, 'peer', 'own'):.2f} "
          f"| {cpu_ms(w, 'ours'):.2f} / {cpu_ms(w, 'peer'):.2f} "
          f"| {med(w, 'ours', 'pg'):.2f} / {med(w, 'peer', 'pg'):.2f} / {med(w, 'raw', 'pg'):.2f} "
          f"| {' / '.join(statements.get(w, ('?', '?')))} "
          f"| {peak(w, 'ours')} / {peak(w, 'cached')} / {peak(w, 'peer')} "
          + (f"| {rate(w, 'cached')} | {med(w, 'cached', 'rps') / p if p else 0:.2f} "
             f"| {med(w, 'cached', 'p50'):.1f} / {med(w, 'cached', 'p99'):.1f} | {med(w, 'cached', 'own'):.2f} |"
             if rows[(w, 'cached')] else "| - | - | - | - |"))
if any(failed(*k) for k in rows):
    print("\nFAILED: some responses did not pass the checks (see above); their figures are not valid.")
    sys.exit(1)
