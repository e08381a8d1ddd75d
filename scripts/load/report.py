#!/usr/bin/env python3
"""The load and fault tables, in Markdown, from a run of scripts/load.sh.

python3 scripts/load/report.py --run .local/load --seconds 600 ... --output load.md
"""

import argparse
import csv
import glob
import json
import math
import os
import re
import statistics
import sys
from collections import Counter, defaultdict

# Who makes each request of the locustfile, and how many of them run.
USERS = {
    "login": ("everyone", 57),
    "case list": ("practitioners", 50),
    "open case": ("practitioners", 50),
    "my decisions": ("practitioners", 50),
    "create": ("practitioners", 50),
    "confirm principles": ("practitioners", 50),
    "submit": ("practitioners", 50),
    "record": ("practitioners", 50),
    "my requests": ("practitioners", 50),
    "receive request": ("practitioners and leads", 55),
    "sign-off queue": ("leads", 5),
    "sign off": ("leads", 5),
    "request queue": ("leads", 5),
    "pick up": ("leads", 5),
    "pivot": ("managers", 2),
    "sharing log": ("managers", 2),
}
FAULTS = {
    "kill_worker": "kill -9 of the worker recording (holding the chain's lock)",
    "restart_primary": "PostgreSQL primary restarted (pg_ctl restart -m fast)",
    "stop_replica": "replica stopped (pg_ctl stop -m fast)",
}


def read_json(path):
    with open(path, encoding="utf-8") as file:
        return json.load(file)


def read_text(path):
    with open(path, encoding="utf-8") as file:
        return file.read()


def stats(path):
    with open(path, encoding="utf-8") as file:
        return {row["Name"]: row for row in csv.DictReader(file)}


def failures(paths):
    seen = Counter()
    for path in paths:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as file:
            for row in csv.DictReader(file):
                error = re.sub(r"\s+", " ", row["Error"])
                error = re.sub(r"^CatchResponseError\('(.*)'\)$", r"\1", error)
                seen[f"{row['Name']}: {error[:90]}"] += int(row["Occurrences"])
    return seen


def refused(path):
    if not os.path.exists(path):
        return 0
    with open(path, encoding="utf-8") as file:
        return sum(
            int(line.split()[3]) for line in file if line.startswith("refused total")
        )


def share(replica, primary):
    total = replica + primary
    return f"{100 * replica / total:.0f}% ({replica:,} of {total:,})" if total else "–"


def ms(value):
    return f"{float(value):,.0f} ms"


def rounds(path):
    """{operation: {"burst": [ms], "steady": [ms]}} of a run's requests (locustfile's
    SG_LOAD_REQUESTS): each user's first round is the start-up burst, the rounds after
    it the steady state; and the burst's (first start, last end) in seconds."""
    found = defaultdict(lambda: {"burst": [], "steady": []})
    span = [math.inf, 0.0]
    if not os.path.exists(path):
        return found, span
    with open(path, encoding="utf-8") as file:
        for row in csv.DictReader(file):
            ms_ = float(row["ms"])
            phase = "burst" if int(row["round"]) <= 1 else "steady"
            found[row["name"]][phase].append(ms_)
            if phase == "burst":
                start = float(row["start"])
                span = [min(span[0], start), max(span[1], start + ms_ / 1000)]
    return found, span


def p95(values):
    """The 95th percentile (nearest rank) of ``values``, or None."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


def ms_or_dash(value):
    return "–" if value is None else f"{value:,.0f} ms"


def phases_table(args):
    """Each operation's p95 alone (the baseline's steady rounds), in the start-up burst
    and at steady state under the load, and what bounds the burst."""
    load, span = rounds(os.path.join(args.run, "load_requests.csv"))
    base, _span = rounds(os.path.join(args.run, "baseline_requests.csv"))
    lines = [
        (
            "| Operation | Alone p95 | Burst requests | Burst p95 | Steady requests "
            "| Steady p50 | Steady p95 | Steady / alone | Within 3x |"
        ),
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    worst = 0
    for name in USERS:
        if name not in load:
            continue
        alone = (
            p95(base[name]["steady"] or base[name]["burst"]) if name in base else None
        )
        steady = load[name]["steady"]
        ratio = p95(steady) / alone if alone and steady else None
        if ratio:
            worst = max(worst, ratio)
        lines.append(
            f"| {name} | {ms_or_dash(alone)} | {len(load[name]['burst']):,} "
            f"| {ms_or_dash(p95(load[name]['burst']))} | {len(steady):,} "
            f"| {ms_or_dash(statistics.median(steady) if steady else None)} "
            f"| {ms_or_dash(p95(steady))} "
            f"| {'–' if ratio is None else f'{ratio:.1f}'} "
            f"| {'–' if ratio is None else ('yes' if ratio <= 3 else 'no')} |"
        )
    burst = [ms_ for ops in load.values() for ms_ in ops["burst"]]
    # The server time the burst needs at one user's pace: each request at its
    # operation's median alone; cores serve it at most that many at a time.
    need = sum(
        statistics.median(base[name]["steady"] or base[name]["burst"]) / 1000
        for name, ops in load.items()
        if name in base and (base[name]["steady"] or base[name]["burst"])
        for _ms in ops["burst"]
    )
    cores = os.cpu_count() or 1
    notes = []
    if burst:
        notes.append(
            f"The start-up burst (every user's first round, as at 9 a.m.): "
            f"{len(burst):,} requests from {span[1] - span[0]:,.1f} s, p95 "
            f"{ms_or_dash(p95(burst))}. What bounds it: those requests need "
            f"{need:,.1f} s of server time at one user's pace, which {cores} cores "
            f"answer in no less than {need / cores:,.1f} s; a request that arrives "
            f"behind them waits that long."
        )
    if worst:
        notes.append(
            f"Steady state: the worst operation's p95 is {worst:.1f} times its p95 "
            f"alone (target: at most 3 times)."
        )
    return lines, notes


# Odoo's own line for each request: its path, then its SQL queries, their time and the
# rest of its time (Python), in seconds.
ODOO_REQUEST = re.compile(
    r'"POST /web/dataset/call_(?:kw|button)/([\w.]+)/(\w+) HTTP/[\d.]+" \d+ - '
    r"(\d+) ([\d.]+) ([\d.]+)"
)
ODOO_OPERATIONS = {
    ("safeguarding.case", "web_search_read"): "case list",
    ("safeguarding.case", "web_read"): "open case",
    ("safeguarding.decision", "web_search_read"): "my decisions, sign-off queue",
    ("safeguarding.decision", "web_save"): "create",
    ("safeguarding.decision", "action_confirm_all_principles"): "confirm principles",
    ("safeguarding.decision", "action_submit"): "submit",
    ("safeguarding.decision", "action_record"): "record",
    ("safeguarding.decision", "action_approve"): "sign off",
    ("safeguarding.decision", "read_group"): "pivot",
    ("safeguarding.sharing.log", "web_search_read"): "sharing log",
    ("safeguarding.request", "web_search_read"): "my requests, request queue",
    ("safeguarding.request", "web_save"): "receive request",
    ("safeguarding.request", "action_pick_up"): "pick up",
}
# Odoo's line for each run of the requests' watch (its cron, on its schedule).
WATCH_RUN = re.compile(r"Job '[^']*watch requests[^']*' \(\d+\) done in ([\d.]+)s")


def watch_runs(path):
    """The seconds of each run of the requests' watch in Odoo's log."""
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8", errors="replace") as file:
        return [float(match[1]) for match in map(WATCH_RUN.search, file) if match]


def watch_note(args):
    """The requests' watch under the load's users: its runs and their p95."""
    runs = [s * 1000 for s in watch_runs(os.path.join(args.run, "load.odoo.log"))]
    alone = [s * 1000 for s in watch_runs(os.path.join(args.run, "baseline.odoo.log"))]
    if not runs:
        return "The requests' watch (its cron) did not run during the load."
    return (
        f"The requests' watch (its cron, every minute): {len(runs)} runs during the "
        f"load, p50 {ms_or_dash(statistics.median(runs))}, p95 "
        f"{ms_or_dash(p95(runs))}, longest {ms_or_dash(max(runs))}; alone (the "
        f"baseline): {len(alone)} runs, p95 {ms_or_dash(p95(alone))}."
    )


def odoo_times(path):
    """{operation: [(queries, SQL seconds, other seconds)]} from Odoo's log."""
    found = defaultdict(list)
    if os.path.exists(path):
        with open(path, encoding="utf-8", errors="replace") as file:
            for line in file:
                match = ODOO_REQUEST.search(line)
                if match:
                    name = ODOO_OPERATIONS.get(match.group(1, 2))
                    if name:
                        found[name].append(
                            (int(match[3]), float(match[4]), float(match[5]))
                        )
    return found


def odoo_table(args):
    """Where each request's time goes by Odoo's own account (median SQL time and
    the rest, in the server), alone and under the load."""
    alone = odoo_times(os.path.join(args.run, "baseline.odoo.log"))
    load = odoo_times(os.path.join(args.run, "load.odoo.log"))
    lines = [
        (
            "| Operation (Odoo's log) | Queries | SQL alone | Rest alone "
            "| SQL under load | Rest under load |"
        ),
        "|---|---:|---:|---:|---:|---:|",
    ]

    def median_ms(rows, index):
        return ms_or_dash(
            statistics.median(r[index] for r in rows) * 1000 if rows else None
        )

    for name in dict.fromkeys(ODOO_OPERATIONS.values()):
        if name not in load:
            continue
        lines.append(
            f"| {name} | {statistics.median(r[0] for r in load[name]):.0f} "
            f"| {median_ms(alone.get(name), 1)} | {median_ms(alone.get(name), 2)} "
            f"| {median_ms(load[name], 1)} | {median_ms(load[name], 2)} |"
        )
    return lines


def statements_table(args):
    """PostgreSQL's own account of the load: its statements by total time."""
    path = os.path.join(args.run, "load_statements.txt")
    if not os.path.exists(path):
        return []
    lines = [
        "| Server | Statement (pg_stat_statements) | Calls | Total | Mean |",
        "|---|---|---:|---:|---:|",
    ]
    with open(path, encoding="utf-8") as file:
        for row in file:
            parts = row.rstrip("\n").split("|", 4)
            if len(parts) == 5:
                server, calls, total, mean, query = parts
                query = query.replace("|", "/").replace("`", "'")
                lines.append(
                    f"| {server} | `{query}` | {int(calls):,} | {float(total):,.1f} s "
                    f"| {float(mean):,.1f} ms |"
                )
    return lines


def load_table(args):
    load = stats(os.path.join(args.run, "load_stats.csv"))
    base = stats(os.path.join(args.run, "baseline_stats.csv"))
    replica = {
        "pivot": share(args.replica_pivot, args.primary_pivot),
        "sharing log": share(args.replica_log, args.primary_log),
    }
    lines = [
        (
            "| Operation | Users | Requests | Failures | p50 | p95 | Throughput "
            "| Replica share |"
        ),
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, (who, count) in USERS.items():
        row = load.get(name)
        if not row:
            continue
        lines.append(
            f"| {name} | {count} {who} | {int(row['Request Count']):,} "
            f"| {int(row['Failure Count']):,} | {ms(row['50%'])} | {ms(row['95%'])} "
            f"| {float(row['Requests/s']):.2f}/s | {replica.get(name, '–')} |"
        )
    row = load.get("Aggregated")
    lines.append(
        f"| all | 57 | {int(row['Request Count']):,} | {int(row['Failure Count']):,} "
        f"| {ms(row['50%'])} | {ms(row['95%'])} | {float(row['Requests/s']):.2f}/s "
        "| |"
    )
    notes = []
    single = base.get("record")
    if single and load.get("record"):
        ratio = float(load["record"]["95%"]) / max(float(single["95%"]), 1)

        def ratio_of(name):
            pair = base.get(name), load.get(name)
            if not all(pair):
                # Not made both alone and under the load: nothing to compare.
                return "not measured"
            ratio = float(pair[1]["95%"]) / max(float(pair[0]["95%"]), 1)
            return f"{ratio:.1f} times"

        notes.append(
            f"Recording (the seal, under the company chain's advisory lock): p95 "
            f"{ms(load['record']['95%'])} with 50 practitioners against "
            f"{ms(single['95%'])} for one practitioner alone "
            f"({int(single['Request Count'])} recordings) in the same run: "
            f"{ratio:.1f} times; opening the case list, a read on the replica that "
            f"takes no lock: {ratio_of('case list')}; submitting (the "
            f"sign-off chain's lock): {ratio_of('submit')}."
        )
    waits = os.path.join(args.run, "advisory_waits.txt")
    if os.path.exists(waits):
        with open(waits, encoding="utf-8") as file:
            samples = [int(x) for x in file.read().split() if x.isdigit()]
        if samples:
            busy = sum(1 for x in samples if x)
            notes.append(
                f"Backends waiting for a chain's advisory lock, sampled each second: "
                f"none in {len(samples) - busy} of {len(samples)} samples, at most "
                f"{max(samples)}."
            )
    notes.append(
        f"Sign-offs and pick-ups refused as documented (another lead on it or "
        f"done): {refused(os.path.join(args.run, 'load.journal'))}."
    )
    notes.append(watch_note(args))
    check = read_json(os.path.join(args.run, "load.check.json"))
    notes.append(
        f"Checks after the load: {check['submitted']} decisions submitted and "
        f"{check['recorded']} recorded with success, each found once with its 3 "
        f"disclosures; lost or half-written: {len(check['lost'])}; recorded without "
        f"seal or sealed unrecorded: {len(check['seals'])}; chains of every company "
        f"({check['chain_records']:,} records): "
        f"{'intact' if not check['chains'] else 'BROKEN'}; deadlocks or serialization "
        f"failures reaching a user: {len(check['concurrency'])}."
    )
    requests = check.get("requests")
    if requests:
        notes.append(
            f"Requests for information: {requests['received']} received, "
            f"{requests['answered']} answered by their recorded decisions, "
            f"{requests['picked_up']} picked up and still open, "
            f"{requests['escalated']} escalations by the watch; in a state their "
            f"decisions do not explain, or escalated twice: "
            f"{len(check['request_problems'])}."
        )
    return lines, notes


def fault_table(args):
    lines = [
        "| Fault | Repeats | What users saw | Lost records | Chain |",
        "|---|---:|---|---:|---|",
    ]
    kinds = []
    for item in args.faults:
        kind = item.split()[0]
        if kind not in kinds:
            kinds.append(kind)
    for kind in kinds:
        runs = sorted(glob.glob(os.path.join(args.run, f"fault_{kind}_*.check.json")))
        lost = chains = 0
        requests = failed = 0
        for path in runs:
            check = read_json(path)
            lost += len(check["lost"]) + len(check["seals"])
            chains += len(check["chains"])
            name = path[: -len(".check.json")]
            total = stats(name + "_stats.csv").get("Aggregated", {})
            requests += int(total.get("Request Count", 0))
            failed += int(total.get("Failure Count", 0))
        paths = [p[: -len(".check.json")] + "_failures.csv" for p in runs]
        seen = failures(paths)
        caught = sum(
            1
            for path in glob.glob(os.path.join(args.run, f"fault_{kind}_*.fault.txt"))
            if "killed worker" in read_text(path)
        )
        saw = f"{failed:,} of {requests:,} requests failed"
        if seen:
            saw += ": " + "; ".join(f"{n} x {what}" for what, n in seen.most_common(3))
        if kind == "kill_worker":
            saw = f"caught recording {caught} of {len(runs)} times; " + saw
        lines.append(
            f"| {FAULTS.get(kind, kind)} | {len(runs)} | {saw} | {lost} "
            f"| {'intact' if not chains else 'BROKEN'} |"
        )
    return lines


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--run", required=True)
    parser.add_argument("--seconds", type=int, required=True)
    parser.add_argument("--scale", required=True)
    parser.add_argument("--replica-pivot", type=int, default=0)
    parser.add_argument("--primary-pivot", type=int, default=0)
    parser.add_argument("--replica-log", type=int, default=0)
    parser.add_argument("--primary-log", type=int, default=0)
    parser.add_argument("--load-check", default="ok")
    parser.add_argument("--faults", nargs="*", default=[])
    parser.add_argument("--load-average", default="not measured")
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    load, notes = load_table(args)
    phases, phase_notes = phases_table(args)
    text = [
        (
            f"Load: {args.seconds} s, 50 practitioners, 5 leads, 2 managers "
            f"(populated at scale {args.scale}); checks: {args.load_check}; load "
            f"average {args.load_average}."
        ),
        "",
        *load,
        "",
        *[f"- {note}" for note in notes],
        "",
        *phases,
        "",
        *[f"- {note}" for note in phase_notes],
        "",
        *odoo_table(args),
        "",
        *statements_table(args),
        "",
    ]
    if args.faults:
        text += [*fault_table(args), ""]
    result = "\n".join(text)
    sys.stdout.write(result)
    with open(args.output, "w", encoding="utf-8") as file:
        file.write(result)


if __name__ == "__main__":
    main()
