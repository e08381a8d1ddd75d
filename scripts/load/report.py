#!/usr/bin/env python3
"""The load and fault tables, in Markdown, from a run of scripts/load.sh.

python3 scripts/load/report.py --run .local/load --seconds 600 ... --output load.md
"""

import argparse
import csv
import glob
import json
import os
import re
import sys
from collections import Counter

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
    "sign-off queue": ("leads", 5),
    "sign off": ("leads", 5),
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
                return 0
            return float(pair[1]["95%"]) / max(float(pair[0]["95%"]), 1)

        notes.append(
            f"Recording (the seal, under the company chain's advisory lock): p95 "
            f"{ms(load['record']['95%'])} with 50 practitioners against "
            f"{ms(single['95%'])} for one practitioner alone "
            f"({int(single['Request Count'])} recordings) in the same run: "
            f"{ratio:.1f} times; opening the case list, a read on the replica that "
            f"takes no lock: {ratio_of('case list'):.1f} times; submitting (the "
            f"sign-off chain's lock): {ratio_of('submit'):.1f} times."
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
        f"Sign-offs refused as documented (another lead on it or done): "
        f"{refused(os.path.join(args.run, 'load.journal'))}."
    )
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
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    load, notes = load_table(args)
    text = [
        (
            f"Load: {args.seconds} s, 50 practitioners, 5 leads, 2 managers "
            f"(populated at scale {args.scale}); checks: {args.load_check}."
        ),
        "",
        *load,
        "",
        *[f"- {note}" for note in notes],
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
