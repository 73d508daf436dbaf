#!/usr/bin/env python3
"""Latency of the reporting cycle's reads over HTTP, on a running portfolio server, against a
plain page of projects measured in the same run.

Each round sends, one after another on one connection: the month's first page of lights, the
first page of red lights, the first page of returns due and, as the reference, the first page of
projects; every answer is checked. Prints p50 and p90 of each and its p50's ratio to the
reference's. `warningCounts` (a walk over every monitored project) is timed apart over
--count-rounds requests.

With --statement-log, instead sends each query once more to a server that logs every statement
(RUST_LOG=sqlx::query=debug) and prints how many statements it ran, with their text.
Loopback only; bounded by --rounds.
"""

import argparse
import http.client
import json
import re
import statistics
import sys
import time
from urllib.parse import urlparse

TOKEN = None

WARNINGS = """query($period: String!, $level: WarningLevel) {
  warnings(period: $period, level: $level, first: 20) {
    edges { node { level rule gapPoints project { key } } }
    pageInfo { hasNextPage } } }"""
RETURNS_DUE = """query($period: String!) {
  returnsDue(period: $period, first: 20) {
    edges { node { status responsibleUnit filedAt reviewStatus project { key } } }
    pageInfo { hasNextPage } } }"""
PROJECTS = """query { projects(first: 20) { nodes { key name } } }"""
COUNTS = """query($period: String!) { warningCounts(period: $period) { level count } }"""


def post(conn, query, variables):
    body = json.dumps({"query": query, "variables": variables})
    headers = {"content-type": "application/json", "authorization": f"Bearer {TOKEN}"}
    started = time.perf_counter()
    conn.request("POST", "/graphql", body, headers)
    response = conn.getresponse()
    payload = json.loads(response.read())
    elapsed = time.perf_counter() - started
    if response.status != 200 or "errors" in payload:
        raise SystemExit(f"request failed: {response.status} {payload}")
    return elapsed, payload["data"]


def check_warnings(data, level=None):
    edges = data["warnings"]["edges"]
    if len(edges) != 20:
        raise SystemExit(f"warnings: {len(edges)} lights, not 20")
    if level and any(e["node"]["level"] != level for e in edges):
        raise SystemExit(f"warnings(level: {level}) answered another level")


def check_due(data):
    if len(data["returnsDue"]["edges"]) != 20:
        raise SystemExit("returnsDue: not 20 projects")


def check_projects(data):
    if len(data["projects"]["nodes"]) != 20:
        raise SystemExit("projects: not 20")


def cases(period):
    return [
        ("warnings", "warnings(period) first 20", WARNINGS, {"period": period}, check_warnings),
        (
            "red",
            "warnings(period, level: RED) first 20",
            WARNINGS,
            {"period": period, "level": "RED"},
            lambda d: check_warnings(d, "RED"),
        ),
        ("due", "returnsDue(period) first 20", RETURNS_DUE, {"period": period}, check_due),
        ("projects", "projects(first: 20) (reference)", PROJECTS, {}, check_projects),
    ]


def stats(xs):
    xs = sorted(xs)
    return statistics.median(xs) * 1000, xs[max(0, int(len(xs) * 0.9 + 0.5) - 1)] * 1000


PARAMS = re.compile(r"\$(\d+)(?:, \$(\d+))+")
COLUMNS = re.compile(r"^SELECT ((?:(?! FROM ).){80,}) FROM ")


def shorten(sql):
    """A statement on one line, its select list and its runs of parameters cut short."""
    sql = " ".join(sql.split())
    sql = PARAMS.sub(lambda m: f"${m.group(1)} … ${m.group(2)}", sql)
    return COLUMNS.sub(lambda m: f"SELECT {m.group(1)[:60]}… FROM ", sql)


def logged_statements(log_path, start):
    """The statements a server logging as JSON (--log-format json) wrote after offset `start`."""
    with open(log_path, encoding="utf-8", errors="replace") as log:
        log.seek(start)
        lines = log.read().splitlines()
    out = []
    for line in lines:
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if event.get("target") != "sqlx::query":
            continue
        sql = event.get("db.statement", "")
        # The token's last use is written at most once a minute: not part of the request.
        if 'UPDATE "api_token"' in sql:
            continue
        out.append(
            (
                shorten(sql),
                event.get("rows_returned"),
                event.get("elapsed"),
                float(event.get("elapsed_secs", 0.0)),
            )
        )
    return out


def count_statements(conn, log_path, period):
    """Statements logged by the server for one request of each case (after a warm-up one)."""
    all_cases = cases(period) + [
        ("counts", "warningCounts(period)", COUNTS, {"period": period}, lambda d: None)
    ]
    for name, label, query, variables, check in all_cases:
        post(conn, query, variables)
        time.sleep(0.3)
        with open(log_path, encoding="utf-8", errors="replace") as log:
            start = log.seek(0, 2)
        check(post(conn, query, variables)[1])
        time.sleep(0.3)
        statements = logged_statements(log_path, start)
        own = sum(s[3] for s in statements) * 1000
        print(f"{label}: {len(statements)} statements per request ({own:.1f} ms in them)")
        shown = statements if len(statements) <= 10 else statements[:8]
        for sql, rows, elapsed, _ in shown:
            print(f"    [{rows} rows, {elapsed}] {sql}")
        if len(shown) < len(statements):
            print(f"    … {len(statements) - len(shown)} more, the same rounds again")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--token", required=True, help="a bearer token that may read")
    parser.add_argument("--period", default="2026-11")
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--count-rounds", type=int, default=5)
    parser.add_argument("--statement-log", help="count statements in this server log instead")
    args = parser.parse_args()
    global TOKEN
    TOKEN = args.token
    url = urlparse(args.url)
    assert url.hostname in ("127.0.0.1", "localhost", "::1"), "loopback only"
    conn = http.client.HTTPConnection(url.hostname, url.port or 80)

    if args.statement_log:
        count_statements(conn, args.statement_log, args.period)
        return

    all_cases = cases(args.period)
    for _, _, query, variables, check in all_cases:  # warm-up, and a check of every answer
        for _ in range(5):
            check(post(conn, query, variables)[1])
    times = {name: [] for name, *_ in all_cases}
    for _ in range(args.rounds):
        for name, _, query, variables, check in all_cases:
            elapsed, data = post(conn, query, variables)
            check(data)
            times[name].append(elapsed)
    ref, _ = stats(times["projects"])
    print(f"{args.rounds} rounds, period {args.period}")
    print(f"{'case':42} {'p50 ms':>8} {'p90 ms':>8} {'p50 / ref':>10}")
    for name, label, *_ in all_cases:
        p50, p90 = stats(times[name])
        print(f"{label:42} {p50:8.2f} {p90:8.2f} {p50 / ref:10.2f}")

    walk = []
    counts = None
    for _ in range(args.count_rounds):
        elapsed, data = post(conn, COUNTS, {"period": args.period})
        walk.append(elapsed)
        counts = data["warningCounts"]
    p50, p90 = stats(walk)
    total = sum(c["count"] for c in counts)
    spread = ", ".join(
        f"{c['level']} {c['count']} ({100 * c['count'] / max(total, 1):.1f} %)" for c in counts
    )
    print(
        f"{'warningCounts(period) (full walk)':42} {p50:8.2f} {p90:8.2f} {p50 / ref:10.2f}"
        f"   ({args.count_rounds} requests)"
    )
    print(f"lights of {total} monitored projects: {spread}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
