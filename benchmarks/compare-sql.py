#!/usr/bin/env python3
"""The engine against SQLite and DuckDB on the same facts, in one run.

Runs `EngineBenchmark --export` (which builds the benchmark account, times every query and writes the
facts it holds and its answers), loads those facts, in minute order, into SQLite (Python's stdlib, with an index on the
minute) and DuckDB (`pip install duckdb`), checks that both give exactly the engine's by-time answers
for every group of every query, then times the same queries there and prints the ratios.

Figures, not assertions; run by hand, not in CI:

    swift build -c release --product EngineBenchmark
    pip install duckdb
    python3 benchmarks/compare-sql.py              # 1,000,000 conversations, 3 runs per SQL query (~6 min)
    python3 benchmarks/compare-sql.py --conversations 200000 --runs 3

The engine's time is the fastest of its rounds (40 by default, `RUNS` in the environment) and each
database's the fastest of `--runs` rounds; each round runs every query once, so none runs on caches its
own previous run left warm. Every engine query also computes the current-value metrics, which the SQL
leaves out, so the ratios are if anything unfair to the engine.
"""
import argparse
import csv
import json
import math
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

FIELDS = [f"f{i}" for i in range(15)]
# The by-time metrics from the fifteen sums (ByTimeTotals' field order): (metric, numerator, denominator
# or None for a count, decimal places).
# Names as the engine's answers spell them (Swift's `Metric` cases).
AVERAGES = {
    "avgWaitTime": (0, 1, 3),
    "avgWaitTimeFirstResponse": (2, 3, 3),
    "avgTimeToResponse": (4, 5, 3),
    "avgTimeToFirstResponseFirstAssignment": (6, 7, 3),
    "avgConversationsDuration": (11, 12, 3),
    "csat": (13, 14, 4),
}
COUNTS = {
    "closedConversations": (8, 9, 10),
    "closedByAgent": (8,),
    "closedByConsumer": (9,),
    "autoClosed": (10,),
    "concludedConversations": (8, 9),
}


def rounded(value, places):
    """Swift's `(value * scale).rounded() / scale` (half away from zero) for value ≥ 0, exactly."""
    scale = 1000.0 if places == 3 else 10000.0
    x = value * scale
    r = math.floor(x)
    if x - r >= 0.5:
        r += 1
    return r / scale


def metrics_from_sums(sums):
    out = {}
    for name, (num, den, places) in AVERAGES.items():
        out[name] = rounded(sums[num] / sums[den], places) if sums[den] > 0 else None
    for name, fields in COUNTS.items():
        out[name] = sum(sums[f] for f in fields)
    return out


def engine_metrics(metrics):
    """The engine's by-time values from an encoded MetricValues (a metric → number or null object)."""
    return {name: metrics[name] for name in list(AVERAGES) + list(COUNTS) if name in metrics}


def window_predicate(case):
    f, t = case["fromMinute"], case["toMinute"]
    return f"((at_start = 0 AND minute >= {f} AND minute < {t}) OR (at_start = 1 AND minute = {t}))"


def quoted(ids):
    return ",".join("'" + i.replace("'", "''") + "'" for i in ids)


def filters(case):
    parts = [window_predicate(case)]
    if case.get("skills") is not None:
        parts.append(f"skill IN ({quoted(case['skills'])})")
    if case.get("agents") is not None:
        parts.append(f"agent IN ({quoted(case['agents'])})")
    return " AND ".join(parts)


SUMS = ", ".join(f"SUM({f})" for f in FIELDS)


def statements(case):
    """The SQL for one case: [(label, sql)]; each returns (key, bucket, sums…) rows."""
    where = filters(case)
    if case["route"] == "historical":
        b = case["boundaries"]
        interval = b[1] - b[0]
        last = len(b) - 2
        # Exact integer division in both dialects (DuckDB's `/` is a float division); the window ends
        # before b[-1], so no minute lands past the last point.
        offset = f"(minute - {b[0]})"
        bucket = f"CASE WHEN at_start = 1 THEN {last} ELSE ({offset} - {offset} % {interval}) / {interval} END"
        page = [g["key"] for g in case["points"][0]["groupBy"]["groups"]]
        return [
            ("all", f"SELECT NULL, {bucket} AS bucket, {SUMS} FROM facts WHERE {where} GROUP BY bucket"),
            ("groups", f"SELECT skill, {bucket} AS bucket, {SUMS} FROM facts WHERE {where} AND skill IN ({quoted(page)}) GROUP BY skill, bucket"),
        ]
    out = [("all", f"SELECT NULL, 0, {SUMS} FROM facts WHERE {where}")]
    group_by = case.get("groupBy")
    if group_by == "skill":
        out.append(("groups", f"SELECT skill, 0, {SUMS} FROM facts WHERE {where} GROUP BY skill"))
    elif group_by == "agent":
        out.append(("groups", f"SELECT agent, 0, {SUMS} FROM facts WHERE {where} AND agent IS NOT NULL GROUP BY agent"))
    elif group_by == "group" and case["subGroups"]:
        out.append(("groups", f"SELECT a.ancestor, 0, {SUMS} FROM facts JOIN ancestors a ON a.grp = facts.grp WHERE {where} GROUP BY a.ancestor"))
    elif group_by == "group":
        out.append(("groups", f"SELECT grp, 0, {SUMS} FROM facts WHERE {where} AND grp IS NOT NULL GROUP BY grp"))
    return out


def run(execute, case):
    return {label: execute(sql) for label, sql in statements(case)}


def check(case, rows, database):
    """Every group's by-time values as the engine's; groups without facts must show none."""
    problems = []

    def compare(where, expected_sums, actual):
        expected = metrics_from_sums(expected_sums)
        for name, value in actual.items():
            if expected[name] != value:
                problems.append(f"{where} {name}: engine {value}, {database} {expected[name]}")

    zero = [0] * 15
    if case["route"] == "historical":
        points = case["points"]
        alls = {r[1]: [int(v or 0) for v in r[2:]] for r in rows["all"]}
        groups = {(r[0], r[1]): [int(v or 0) for v in r[2:]] for r in rows["groups"]}
        for k, point in enumerate(points):
            compare(f"point {k} all", alls.get(k, zero), engine_metrics(point["all"]["metrics"]))
            for g in point["groupBy"]["groups"]:
                compare(f"point {k} {g['key']}", groups.get((g["key"], k), zero), engine_metrics(g["metrics"]))
        return problems
    compare("all", [int(v or 0) for v in rows["all"][0][2:]], engine_metrics(case["all"]))
    if "groups" in rows:
        sql = {r[0]: [int(v or 0) for v in r[2:]] for r in rows["groups"]}
        engine = {g["key"]: g for g in case["groups"]}
        for key in sql:
            if key not in engine:
                problems.append(f"group {key}: in {database}, not in the engine's answer")
        for key, group in engine.items():
            compare(f"group {key}", sql.get(key, zero), engine_metrics(group["metrics"]))
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--conversations", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3, help="runs per SQL query (the fastest counts)")
    parser.add_argument("--bench", default=".build/release/EngineBenchmark")
    parser.add_argument("--keep", help="export into this directory and keep it")
    args = parser.parse_args()
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    if not os.access(args.bench, os.X_OK):
        sys.exit(f"compare-sql: build first: swift build -c release --product EngineBenchmark ({args.bench} is missing)")
    try:
        import duckdb
    except ImportError:
        sys.exit("compare-sql: needs DuckDB: pip install duckdb")

    directory = args.keep or tempfile.mkdtemp(prefix="kmmtop-compare-")
    print(f"engine: {args.bench} {args.conversations} --export {directory}", flush=True)
    subprocess.run([args.bench, str(args.conversations), "--export", directory], check=True)
    cases = json.load(open(os.path.join(directory, "cases.json")))
    facts_csv = os.path.join(directory, "facts.csv")
    ancestors_csv = os.path.join(directory, "ancestors.csv")

    columns = "skill TEXT, grp TEXT, agent TEXT, minute INTEGER, at_start INTEGER, " + ", ".join(f"{f} BIGINT" for f in FIELDS)
    started = time.perf_counter()
    lite = sqlite3.connect(":memory:")
    lite.execute(f"CREATE TABLE facts ({columns})")
    lite.execute("CREATE TABLE ancestors (grp TEXT, ancestor TEXT)")
    # Both databases get the facts in minute order, as a time-series table is kept (DuckDB's zone maps
    # then skip what a short window does not reach), plus SQLite an index on the minute.
    with open(facts_csv, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        ordered = sorted(([r[0] or None, r[1] or None, r[2] or None] + [int(v) for v in r[3:]] for r in reader), key=lambda r: r[3])
    lite.executemany(f"INSERT INTO facts VALUES ({','.join('?' * 20)})", ordered)
    del ordered
    with open(ancestors_csv, newline="") as f:
        reader = csv.reader(f)
        next(reader)
        lite.executemany("INSERT INTO ancestors VALUES (?, ?)", reader)
    lite.execute("CREATE INDEX facts_minute ON facts (minute)")
    lite.execute("ANALYZE")
    rows = lite.execute("SELECT COUNT(*) FROM facts").fetchone()[0]
    print(f"sqlite {sqlite3.sqlite_version}: {rows} rows loaded and indexed in {time.perf_counter() - started:.1f} s", flush=True)

    started = time.perf_counter()
    duck = duckdb.connect(":memory:")
    duck.execute(f"CREATE TABLE facts ({columns})")
    duck.execute(f"INSERT INTO facts SELECT * FROM read_csv('{facts_csv}', header = true, nullstr = '', columns = {{"
                 + ", ".join(f"'{c.split()[0]}': '{ 'VARCHAR' if c.split()[1] == 'TEXT' else 'BIGINT'}'" for c in columns.split(", "))
                 + "}) ORDER BY minute")
    duck.execute(f"CREATE TABLE ancestors AS SELECT * FROM read_csv('{ancestors_csv}', header = true)")
    print(f"duckdb {duckdb.__version__}: loaded in {time.perf_counter() - started:.1f} s", flush=True)

    def on_sqlite(sql):
        return lite.execute(sql).fetchall()

    def on_duckdb(sql):
        return duck.execute(sql).fetchall()

    failures = 0
    for case in cases:
        for database, execute in (("SQLite", on_sqlite), ("DuckDB", on_duckdb)):
            problems = check(case, run(execute, case), database)
            for problem in problems[:5]:
                print(f"MISMATCH {case['name']}: {problem}")
            failures += len(problems)
    print("answers checked; timing", flush=True)
    # In rounds over all queries, as the engine's figures are taken: no query runs on caches its own
    # previous run left warm.
    best = {case["name"]: [math.inf, math.inf] for case in cases}
    for _ in range(args.runs):
        for case in cases:
            for slot, execute in enumerate((on_sqlite, on_duckdb)):
                started = time.perf_counter()
                run(execute, case)
                best[case["name"]][slot] = min(best[case["name"]][slot], (time.perf_counter() - started) * 1000)
    results = [(c["name"], c["engineFastestMs"], best[c["name"]][0], best[c["name"]][1]) for c in cases]

    print()
    print(f"{'query':<38} {'kmmtop ms':>10} {'SQLite ms':>10} {'DuckDB ms':>10} {'× SQLite':>9} {'× DuckDB':>9}")
    for name, engine, lite_ms, duck_ms in results:
        print(f"{name:<38} {engine:>10.2f} {lite_ms:>10.1f} {duck_ms:>10.1f} {lite_ms / engine:>9.1f} {duck_ms / engine:>9.1f}")
    groups = sum(len(c.get("groups") or []) for c in cases)
    if failures:
        print(f"\nequality check FAILED: {failures} differences")
        sys.exit(1)
    print(f"\nequality check: every by-time value of every group ({groups} groups, {len(cases)} queries) is the same in all three")


if __name__ == "__main__":
    main()
