#!/usr/bin/env python3
"""Latency of deep pages against page 1, over HTTP, on a running portfolio server.

Walks the project connection to page N once to get its cursor, then alternates requests for
page 1 and page N (same query, same page size) and reports median and p95 latency of each and
their ratio. Loopback only; bounded by --rounds.
"""

import argparse
import http.client
import json
import statistics
import time
from urllib.parse import urlparse

QUERY = """query($first: Int, $after: String, $filter: ProjectFilter, $orderBy: [ProjectOrder!]) {
  projects(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    pageInfo { hasNextPage endCursor }
    edges { node { key name status totalInvestment fypInvestment fypShare
      category { code } list { code } phases { ordinal } latestProgressReport { percentComplete } } } } }"""


TOKEN = None


def post(conn, variables):
    body = json.dumps({"query": QUERY, "variables": variables})
    started = time.perf_counter()
    headers = {"content-type": "application/json", "authorization": f"Bearer {TOKEN}"}
    conn.request("POST", "/graphql", body, headers)
    response = conn.getresponse()
    payload = json.loads(response.read())
    elapsed = time.perf_counter() - started
    if response.status != 200 or "errors" in payload:
        raise SystemExit(f"request failed: {response.status} {payload}")
    return elapsed, payload["data"]["projects"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--page", type=int, default=600)
    parser.add_argument("--size", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--filter", default="null", help="ProjectFilter as JSON")
    parser.add_argument("--order", default="null", help="[ProjectOrder] as JSON")
    parser.add_argument("--token", required=True, help="a bearer token that may read")
    args = parser.parse_args()
    global TOKEN
    TOKEN = args.token
    url = urlparse(args.url)
    assert url.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    conn = http.client.HTTPConnection(url.hostname, url.port or 80)
    base = {"first": args.size, "filter": json.loads(args.filter), "orderBy": json.loads(args.order)}

    cursor = None
    for _ in range(args.page - 1):
        _, page = post(conn, {**base, "after": cursor})
        if not page["pageInfo"]["hasNextPage"]:
            raise SystemExit(f"fewer than {args.page} pages")
        cursor = page["pageInfo"]["endCursor"]

    first, deep = [], []
    for _ in range(args.rounds):
        first.append(post(conn, {**base, "after": None})[0])
        deep.append(post(conn, {**base, "after": cursor})[0])

    def stats(xs):
        xs = sorted(xs)
        return statistics.median(xs) * 1000, xs[int(len(xs) * 0.95) - 1] * 1000

    m1, p1 = stats(first)
    mn, pn = stats(deep)
    print(f"page 1:   median {m1:.2f} ms  p95 {p1:.2f} ms  ({args.rounds} requests)")
    print(f"page {args.page}: median {mn:.2f} ms  p95 {pn:.2f} ms  ({args.rounds} requests)")
    print(f"ratio page {args.page} / page 1 (median): {mn / m1:.3f}")


if __name__ == "__main__":
    main()
