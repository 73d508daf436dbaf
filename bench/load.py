#!/usr/bin/env python3
"""Mixed read/write load on a running portfolio server, then a check that nothing was lost.

Readers page through projects; writers read a project's version and write it (an edit or a
progress report), as a manager's client would. Afterwards every acknowledged write must be in the
change feed with the version it produced, and no response may have been a 5xx. Loopback only;
bounded by --seconds.
"""

import argparse
import http.client
import json
import random
import statistics
import threading
import time
from urllib.parse import urlparse

PAGE = """query($after: String) { projects(first: 50, after: $after) {
  pageInfo { hasNextPage endCursor } nodes { key version status totalInvestment
  category { code } latestProgressReport { percentComplete } } } }"""
READ = """query($key: String!) { project(key: $key) { id version
  latestProgressReport { completedInvestment } } }"""
EDIT = """mutation($input: UpdateProjectInput!) { updateProject(input: $input) {
  project { version } userErrors { code } } }"""
REPORT = """mutation($input: SubmitProgressReportInput!) { submitProgressReport(input: $input) {
  project { version } userErrors { code } } }"""
FEED = """query($after: String, $since: DateTime) { changes(first: 100, after: $after, since: $since) {
  pageInfo { hasNextPage endCursor } nodes { field newValue version project { key } } } }"""


class Client:
    def __init__(self, url, token):
        self.conn = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=30)
        self.headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}

    def post(self, query, variables):
        started = time.perf_counter()
        self.conn.request("POST", "/graphql", json.dumps({"query": query, "variables": variables}), self.headers)
        response = self.conn.getresponse()
        body = response.read()
        return response.status, json.loads(body) if body else None, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--readers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--keys", default="", help="comma-separated project keys to write")
    args = parser.parse_args()
    url = urlparse(args.url)
    assert url.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    keys = [k for k in args.keys.split(",") if k]
    assert keys, "name the projects to write with --keys"

    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 1))
    deadline = time.monotonic() + args.seconds
    lock = threading.Lock()
    stats = {"reads": [], "writes": [], "conflicts": 0, "5xx": 0, "other": 0}
    acked = []

    def record(kind, status, seconds):
        with lock:
            if status >= 500:
                stats["5xx"] += 1
            elif status != 200:
                stats["other"] += 1
            stats[kind].append(seconds)

    def reader(seed):
        client = Client(url, args.token)
        after = None
        while time.monotonic() < deadline:
            status, body, seconds = client.post(PAGE, {"after": after})
            record("reads", status, seconds)
            page = (body or {}).get("data", {}).get("projects") or {}
            info = page.get("pageInfo") or {}
            after = info.get("endCursor") if info.get("hasNextPage") else None

    def writer(seed):
        rng = random.Random(seed)
        client = Client(url, args.token)
        n = 0
        while time.monotonic() < deadline:
            key = rng.choice(keys)
            status, body, seconds = client.post(READ, {"key": key})
            record("reads", status, seconds)
            project = (body or {}).get("data", {}).get("project")
            if not project:
                continue
            n += 1
            if rng.random() < 0.7:
                unit = f"单位-{seed}-{n}"
                variables = {"input": {"projectId": project["id"], "expectedVersion": project["version"], "responsibleUnit": unit}}
                status, body, seconds = client.post(EDIT, variables)
                payload = (body or {}).get("data", {}).get("updateProject") or {}
                expect = ("responsibleUnit", unit)
            else:
                latest = project.get("latestProgressReport") or {"completedInvestment": "0"}
                completed = f"{float(latest['completedInvestment']) + rng.randint(1, 500):.2f}"
                variables = {"input": {"projectId": project["id"], "expectedVersion": project["version"],
                                       "reportedOn": "2025-06-30", "percentComplete": str(rng.randint(0, 100)),
                                       "completedInvestment": completed}}
                status, body, seconds = client.post(REPORT, variables)
                payload = (body or {}).get("data", {}).get("submitProgressReport") or {}
                expect = ("progressReport", None)
            record("writes", status, seconds)
            errors = payload.get("userErrors") or []
            if status == 200 and not errors and payload.get("project"):
                with lock:
                    acked.append((key, payload["project"]["version"], expect))
            elif any(e.get("code") == "CONFLICT" for e in errors):
                with lock:
                    stats["conflicts"] += 1

    threads = [threading.Thread(target=reader, args=(i,)) for i in range(args.readers)]
    threads += [threading.Thread(target=writer, args=(100 + i,)) for i in range(args.writers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - started

    # Every acknowledged write is in the feed, with the version it produced.
    client = Client(url, args.token)
    logged = set()
    after = None
    while True:
        status, body, _ = client.post(FEED, {"after": after, "since": since})
        assert status == 200, body
        page = body["data"]["changes"]
        for node in page["nodes"]:
            key = (node.get("project") or {}).get("key")
            logged.add((key, node["version"], node["field"], node["newValue"]))
            logged.add((key, node["version"], node["field"], None))
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    missing = [a for a in acked if (a[0], a[1], a[2][0], a[2][1]) not in logged]

    def summary(xs):
        if not xs:
            return "none"
        xs = sorted(xs)
        return f"{len(xs)} ({len(xs) / elapsed:.0f}/s), median {statistics.median(xs) * 1000:.1f} ms, p99 {xs[max(0, int(len(xs) * 0.99) - 1)] * 1000:.1f} ms"

    print(f"duration: {elapsed:.1f} s, {args.readers} readers, {args.writers} writers")
    print(f"reads:  {summary(stats['reads'])}")
    print(f"writes: {summary(stats['writes'])}; acknowledged {len(acked)}, conflicts {stats['conflicts']}")
    print(f"5xx responses: {stats['5xx']}; other non-200: {stats['other']}")
    print(f"acknowledged writes missing from the change feed: {len(missing)}")
    if stats["5xx"] or missing:
        raise SystemExit(f"FAILED: {missing[:5]}")


if __name__ == "__main__":
    main()
