"""Checks that ours and PostGraphile answered Q1-Q4 with the same data.

    python3 compare.py DIR Q3_CATEGORY_ID      (DIR holds ours-qN.out and peer-qN.out)

Ours gives amounts in 万元 as decimal strings and percentages as decimals; PostGraphile gives the
stored integers (fen, basis points), as strings for BIGINT. Both are brought to the integers.
"""

import json
import sys
from decimal import Decimal

FEN_PER_WAN = 1_000_000


def fen(v):
    return None if v is None else int(Decimal(v) * FEN_PER_WAN)


def num(v):
    return None if v is None else int(v)


def load(path):
    doc = json.load(open(path))
    if doc.get("errors") or "data" not in doc:
        sys.exit(f"{path}: {json.dumps(doc)[:400]}")
    return doc["data"]


def main():
    d = sys.argv[1]
    ours = {q: load(f"{d}/ours-{q}.out") for q in ("q1", "q2", "q3", "q4")}
    peer = {q: load(f"{d}/peer-{q}.out") for q in ("q1", "q2", "q3", "q4")}
    bad = []

    def same(what, a, b):
        if a != b:
            bad.append(f"{what}:\n  ours {json.dumps(a, ensure_ascii=False)[:600]}\n  peer {json.dumps(b, ensure_ascii=False)[:600]}")

    a = [
        (n["key"], n["name"], fen(n["totalInvestment"]), n["category"]["name"],
         [(p["ordinal"], p["name"], fen(p["totalInvestment"])) for p in n["phases"]])
        for n in (e["node"] for e in ours["q1"]["projects"]["edges"])
    ]
    b = [
        (n["key"], n["name"], num(n["totalInvestmentFen"]), n["categoryByCategoryId"]["name"],
         [(p["ordinal"], p["name"], num(p["totalInvestmentFen"])) for p in n["phasesByProjectId"]["nodes"]])
        for n in peer["q1"]["allProjects"]["nodes"]
    ]
    same("Q1 page", a, b)

    o, p = ours["q2"]["project"], peer["q2"]["projectByKey"]
    a = (o["key"], o["name"], o["version"], [
        (r["reportedOn"], r["status"], int(Decimal(r["percentComplete"]) * 100), fen(r["completedInvestment"]))
        for r in o["progressReports"]["nodes"]])
    b = (p["key"], p["name"], p["version"], [
        (r["reportedOn"], r["status"], r["percentCompleteBp"], num(r["completedInvestmentFen"]))
        for r in p["progressReportsByProjectId"]["nodes"]])
    same("Q2 project", a, b)

    a = [(n["key"], n["startYear"], fen(n["totalInvestment"])) for n in (e["node"] for e in ours["q3"]["projects"]["edges"])]
    b = [(n["key"], n["startYear"], num(n["totalInvestmentFen"])) for n in peer["q3"]["allProjects"]["nodes"]]
    same("Q3 page", a, b)

    # Q4: the peer groups by category id, ours names list and category; compare the multisets of
    # (count, known total, known 14th-FYP) per category.
    a = sorted(
        (g["projectCount"], fen(g["totalInvestment"]["known"]), fen(g["fypInvestment"]["known"]))
        for g in ours["q4"]["investmentSummary"]["groups"])
    b = sorted(
        (int(g["distinctCount"]["rowId"]), int(Decimal(g["sum"]["totalInvestmentFen"] or 0)), int(Decimal(g["sum"]["fypInvestmentFen"] or 0)))
        for g in peer["q4"]["allProjects"]["groupedAggregates"])
    same("Q4 totals by category", a, b)

    counts = (len(ours["q1"]["projects"]["edges"]), len(ours["q2"]["project"]["progressReports"]["nodes"]),
              len(ours["q3"]["projects"]["edges"]), len(ours["q4"]["investmentSummary"]["groups"]))
    if bad:
        print("DIFFERENT:\n" + "\n".join(bad))
        sys.exit(1)
    print(f"same data: Q1 {counts[0]} projects, Q2 {counts[1]} reports, Q3 {counts[2]} projects, Q4 {counts[3]} categories")


if __name__ == "__main__":
    main()
