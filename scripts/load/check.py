#!/usr/bin/env python3
"""What must hold after the load and after each fault (run by scripts/load.sh).

    python3 scripts/load/check.py -c ODOO_CONF -d DATABASE --journal FILE
        [--failures LOCUST_FAILURES.csv ...] [--output RESULT.json]

- every decision whose submit (or record) returned success to its user exists exactly
  once, with its 3 disclosures, submitted (or recorded) as the user was told; no
  decision the users sent exists twice or without its lines (half-written);
- no decision or disclosure is recorded without its seal, nor sealed without being
  recorded; every sign-off row is sealed;
- the integrity chain of every company, of every sealed model, verifies intact with
  the addon's own ``_integrity_verify``;
- every request for information the users received is in a state its decisions
  explain: answered (with when, and sealed) once each of its decisions is recorded, and
  only then; the watch escalated each at most once for each reason and lead, stamped
  what it escalated, and left no escalation open on an answered request;
- no deadlock or serialization failure reached a user (the load's failures).

Prints one line per check and exits 1 when any fails.
"""

import argparse
import csv
import json
import sys
from collections import defaultdict

import odoo
from odoo import SUPERUSER_ID, api

# The watch's escalations of a request, each stamped once (safeguarding.request).
ESCALATIONS = ("pick_up", "running_out", "overdue")
CONCURRENCY_ERRORS = (
    "deadlock",
    "serializ",
    "concurrent update",
    "could not obtain lock",
)


def out(message):
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def read_journal(path):
    """{token: {move: set of outcomes}}, {token: decision id}."""
    moves = defaultdict(lambda: defaultdict(set))
    ids = {}
    with open(path, encoding="utf-8") as file:
        for line in file:
            parts = line.split()
            if len(parts) != 4 or parts[0] == "refused":
                continue
            move, outcome, decision_id, token = parts
            moves[token][move].add(outcome)
            if decision_id != "0":
                ids[token] = int(decision_id)
    return moves, ids


def check_decisions(cr, moves, ids):
    problems = []
    cr.execute(
        """SELECT d.id, substring(d.purpose from '([0-9a-f]{32})$') AS token, d.state,
                  d.signoff_state, d.integrity_hash IS NOT NULL,
                  (SELECT COUNT(*) FROM safeguarding_disclosure x
                    WHERE x.decision_id = d.id),
                  (SELECT COUNT(*) FROM safeguarding_disclosure x
                    WHERE x.decision_id = d.id AND x.integrity_hash IS NOT NULL)
             FROM safeguarding_decision d
            WHERE d.purpose ~ '[0-9a-f]{32}$'"""
    )
    found = defaultdict(list)
    for row in cr.fetchall():
        found[row[1]].append(row)
    submitted = recorded = 0
    for token, by_move in moves.items():
        rows = found.get(token, [])
        if len(rows) > 1:
            problems.append(f"{token}: {len(rows)} decisions for one create")
            continue
        if rows and rows[0][5] != 3:
            problems.append(f"decision {rows[0][0]}: {rows[0][5]} disclosures, not 3")
        if "ok" in by_move.get("create", ()) and not rows:
            problems.append(f"decision {ids.get(token)}: created, then lost")
        if "ok" in by_move.get("submit", ()):
            submitted += 1
            if not rows:
                problems.append(f"decision {ids.get(token)}: submitted, then lost")
            elif rows[0][3] not in ("submitted", "approved"):
                problems.append(f"decision {rows[0][0]}: submitted, now {rows[0][3]}")
        if "ok" in by_move.get("record", ()):
            recorded += 1
            if not rows or rows[0][2] != "recorded":
                problems.append(f"decision {ids.get(token)}: recorded, now not")
    return submitted, recorded, problems


def check_requests(cr):
    """(counts, problems) of the requests the load's users received."""
    problems = []
    cr.execute(
        """SELECT r.id, r.name, r.state, r.date_answered IS NOT NULL,
                  r.integrity_hash IS NOT NULL,
                  COUNT(d.id), COUNT(d.id) FILTER (WHERE d.state = 'recorded'),
                  r.date_escalated_pick_up IS NOT NULL,
                  r.date_escalated_running_out IS NOT NULL,
                  r.date_escalated_overdue IS NOT NULL
             FROM safeguarding_request r
             LEFT JOIN safeguarding_decision d ON d.request_id = r.id
            WHERE r.direction = 'received'
              AND r.information_requested ~ '[0-9a-f]{32}$'
         GROUP BY r.id"""
    )
    rows = cr.fetchall()
    counts = {"received": len(rows), "picked_up": 0, "answered": 0, "escalated": 0}
    stamped = {}
    for id_, name, state, dated, sealed, decisions, recorded, *stamps in rows:
        stamped[id_] = dict(zip(ESCALATIONS, stamps, strict=True))
        counts["escalated"] += sum(stamps)
        counts["picked_up"] += state == "picked_up"
        all_recorded = decisions and recorded == decisions
        if state == "answered":
            counts["answered"] += 1
            if not all_recorded:
                problems.append(
                    f"{name}: answered with {recorded} of {decisions} decisions "
                    "recorded"
                )
            if not (dated and sealed):
                problems.append(f"{name}: answered without its date or its seal")
        elif all_recorded:
            problems.append(f"{name}: its {decisions} decisions recorded, not answered")
    if not rows:
        return counts, problems
    cr.execute(
        """SELECT a.res_id, a.safeguarding_escalation, a.user_id, COUNT(*),
                  BOOL_OR(a.active)
             FROM mail_activity a
             JOIN ir_model_data x ON x.model = 'mail.activity.type'
              AND x.res_id = a.activity_type_id
              AND x.module = 'safeguarding_info_sharing'
              AND x.name = 'mail_activity_type_request_escalated'
            WHERE a.res_model = 'safeguarding.request' AND a.res_id IN %s
         GROUP BY a.res_id, a.safeguarding_escalation, a.user_id""",
        [tuple(stamped)],
    )
    states = {row[0]: row[2] for row in rows}
    names = {row[0]: row[1] for row in rows}
    # An escalation closed is archived (kept, as Odoo keeps a done activity): it
    # counts among those made, not among those open.
    for id_, escalation, user_id, count, open_ in cr.fetchall():
        name = names[id_]
        if count > 1:
            problems.append(
                f"{name}: escalated {count} times to user {user_id} ({escalation})"
            )
        if escalation and not stamped[id_].get(escalation):
            problems.append(f"{name}: escalated ({escalation}) without its stamp")
        if open_ and states[id_] == "answered":
            problems.append(f"{name}: answered, its escalation ({escalation}) open")
    return counts, problems


def check_seals(cr):
    problems = []
    queries = {
        "decisions recorded without their seal": """SELECT COUNT(*)
            FROM safeguarding_decision WHERE state = 'recorded'
             AND (integrity_hash IS NULL OR integrity_sequence IS NULL)""",
        "decisions sealed without being recorded": """SELECT COUNT(*)
            FROM safeguarding_decision
           WHERE state != 'recorded' AND integrity_hash IS NOT NULL""",
        "disclosures of recorded decisions without their seal": """SELECT COUNT(*)
            FROM safeguarding_disclosure x JOIN safeguarding_decision d
              ON d.id = x.decision_id
           WHERE d.state = 'recorded' AND x.integrity_hash IS NULL""",
        "disclosures sealed on a decision not recorded": """SELECT COUNT(*)
            FROM safeguarding_disclosure x JOIN safeguarding_decision d
              ON d.id = x.decision_id
           WHERE d.state != 'recorded' AND x.integrity_hash IS NOT NULL""",
        "sign-off rows without their seal": """SELECT COUNT(*)
            FROM safeguarding_decision_signoff WHERE integrity_hash IS NULL""",
    }
    for what, query in queries.items():
        cr.execute(query)
        count = cr.fetchone()[0]
        if count:
            problems.append(f"{count} {what}")
    return problems


def check_chains(env):
    problems = []
    records = 0
    companies = env["res.company"].search([])
    for name in sorted(env.registry):
        model = env[name]
        if model._abstract or not hasattr(model, "_integrity_verify"):
            continue
        for company in companies:
            length, breaks = model._integrity_verify(company)
            records += length
            if breaks:
                problems.append(f"{name} of {company.name}: {breaks[:5]}")
    return records, problems


def check_failures(paths):
    """The load's failures that are a deadlock or serialization failure."""
    problems = []
    for path in paths:
        try:
            with open(path, encoding="utf-8") as file:
                for row in csv.DictReader(file):
                    error = row.get("Error", "").lower()
                    if any(text in error for text in CONCURRENCY_ERRORS):
                        problems.append(
                            f"{row['Occurrences']} x {row['Name']}: {row['Error']}"
                        )
        except FileNotFoundError:
            continue
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--journal", required=True)
    parser.add_argument("--failures", action="append", default=[])
    parser.add_argument("--output")
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    moves, ids = read_journal(args.journal)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        submitted, recorded, lost = check_decisions(cr, moves, ids)
        requests, request_problems = check_requests(cr)
        seals = check_seals(cr)
        records, chains = check_chains(env)
        cr.rollback()
    concurrency = check_failures(args.failures)
    result = {
        "submitted": submitted,
        "recorded": recorded,
        "lost": lost,
        "seals": seals,
        "chain_records": records,
        "chains": chains,
        "concurrency": concurrency,
        "requests": requests,
        "request_problems": request_problems,
    }
    out(
        f"decisions submitted with success: {submitted}, recorded with success: "
        f"{recorded}; lost or half-written: {len(lost)} {lost[:5] or ''}"
    )
    out(
        f"requests received: {requests['received']}, picked up and open: "
        f"{requests['picked_up']}, answered: {requests['answered']}, escalations: "
        f"{requests['escalated']}; inconsistent: {len(request_problems)} "
        f"{request_problems[:5] or ''}"
    )
    out(f"recorded <-> sealed: {'holds' if not seals else '; '.join(seals)}")
    out(
        f"integrity chains: {records:,} records, "
        f"{'intact' if not chains else 'BROKEN: ' + '; '.join(chains)}"
    )
    out(
        "deadlock or serialization failure reaching a user: "
        f"{len(concurrency)} {concurrency[:5] or ''}"
    )
    if args.output:
        with open(args.output, "w", encoding="utf-8") as file:
            json.dump(result, file)
    sys.exit(1 if lost or seals or chains or concurrency or request_problems else 0)


if __name__ == "__main__":
    main()
