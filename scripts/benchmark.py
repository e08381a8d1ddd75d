#!/usr/bin/env python3
"""Benchmark the addon on a populated database (see populate.py), each figure beside a
baseline measured in the same run on the same database.

    python3 scripts/benchmark.py -c ODOO_CONF -d BIG_DB [--small-database SMALL_DB]
        [--retention-database DB ...] [--runs 5] [--output FILE.md]

For each operation: the SQL queries it runs (the last, warm run, as Odoo's own
``assertQueryCount`` with ``@warmup`` counts them: on every cursor of the process, and
with the work Odoo leaves for the commit, such as the chatter's tracking messages,
done) and the median wall time over the runs. Nothing is committed (each operation
runs in a transaction that is rolled back), except by the retention cron, which commits
between batches as Odoo's cron runner does.

Recording is measured beside Odoo's own sealed flows, counted the same way in a
database of their own (``--anchor-database``: ``account`` and ``hr_expense`` installed,
no demo data): a customer invoice of 5 lines created and posted on a journal whose
entries are hashed, and an expense report of 5 expenses created, submitted, approved
and posted on a hashed journal.
The retention cron and the integrity verification run in a child process of their own,
so that its peak RSS is theirs alone.
"""

import argparse
import copy
import datetime
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from types import SimpleNamespace

from lxml import etree
from populate import scenarios

import odoo
from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.tools import SQL

ADDON = "safeguarding_info_sharing"
RECENT_LOG = (
    20  # the lines of the sharing log the case form shows (models/safeguarding_case.py)
)


def out(message=""):
    """Results on stdout (a standalone script, not addon code)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def open_registry(config, database):
    odoo.tools.config.parse_config(["-c", config, "-d", database, "--log-level=warn"])
    return odoo.modules.registry.Registry(database)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(env, func, runs):
    """(queries of the last run, median seconds): each run from a cold record cache,
    ended as a request ends before its commit (the ORM flushed, then the work left
    for the commit done: tracking messages, say); queries counted on every cursor
    of the process, as a second transaction opened by the operation counts too."""
    cr = env.cr
    timings, queries = [], 0
    for _run in range(runs):
        cr.flush()
        env.invalidate_all()
        start_count = sql_db.sql_counter
        start = time.perf_counter()
        func()
        cr.flush()
        timings.append(time.perf_counter() - start)
        queries = sql_db.sql_counter - start_count
    return queries, statistics.median(timings)


def user(env, login):
    return env["res.users"].search([("login", "=", login)], limit=1)


# -- the case form ---------------------------------------------------------------------


def form_spec(env, model_name):
    """The specification the web client sends to ``web_read`` for the form view."""
    views = env[model_name].get_views([(False, "form")])
    models = views["models"]

    def fields_of(model):
        info = models[model]
        return info.get("fields", info)

    def spec_of(node, model):
        spec = {}
        for field_node in node.iter("field"):
            parent = field_node.getparent()
            while parent is not None and parent is not node and parent.tag != "field":
                parent = parent.getparent()
            if parent is not node and parent is not None:
                continue  # a field of a sub-view: the x2many's own spec has it
            name = field_node.get("name")
            field = fields_of(model).get(name)
            if field is None:
                continue
            entry = {}
            if field["type"] == "many2one":
                entry = {"fields": {"display_name": {}}}
            elif field["type"] in ("one2many", "many2many"):
                sub = field_node.find("list")
                if sub is not None:
                    entry = {
                        "fields": spec_of(sub, field["relation"]),
                        "limit": int(sub.get("limit", 40)),
                        "order": sub.get("default_order", ""),
                    }
                else:
                    entry = {"fields": {"display_name": {}}}
            spec[name] = entry
        return spec

    arch = etree.fromstring(views["views"]["form"]["arch"])
    return spec_of(arch, model_name)


def bench_case_form(env, runs):
    from odoo.addons.safeguarding_info_sharing.models.safeguarding_case import (
        RECENT_LOG,
    )

    cr = env.cr
    cr.execute(
        """SELECT case_id, COUNT(*) FROM safeguarding_decision GROUP BY case_id
            ORDER BY ABS(COUNT(*) - 10), case_id LIMIT 1"""
    )
    light, light_count = cr.fetchone()
    cr.execute(
        """SELECT case_id, COUNT(*) FROM safeguarding_decision GROUP BY case_id
            ORDER BY COUNT(*) DESC, case_id LIMIT 1"""
    )
    heavy, heavy_count = cr.fetchone()
    rows = []
    results = {}
    for case_id in (light, heavy):
        case = env["safeguarding.case"].browse(case_id)
        practitioner = case.user_id
        case_env = env(user=practitioner.id, context={})
        spec = form_spec(case_env, "safeguarding.case")
        record = case_env["safeguarding.case"].browse(case_id)
        results[case_id] = measure(
            case_env, lambda r=record, s=spec: r.web_read(s), runs
        )
    log_count = len(env["safeguarding.sharing.log"].search([("case_id", "=", heavy)]))
    rows.append(
        (
            (
                f"Open a case form as its practitioner ({heavy_count:,} decisions, "
                f"sharing log of {log_count:,} lines, the newest {RECENT_LOG} shown)"
            ),
            results[heavy],
            f"the same form of a case with {light_count} decisions",
            results[light],
            "queries do not grow",
        )
    )
    return rows


# -- recording a decision --------------------------------------------------------------


def record_decision_ops(env):
    """Functions creating, as the practitioner of a case, a decision to share with 5
    disclosures and taking it through submit, approve (a lead) and record, each move
    on its own (``moves``) and the four together (``record``)."""
    cr = env.cr
    cr.execute(
        """SELECT c.id FROM safeguarding_case c
            WHERE NOT c.restricted AND c.state = 'open'
         ORDER BY c.id DESC LIMIT 1"""
    )
    case = env["safeguarding.case"].browse(cr.fetchone()[0])
    practitioner = case.user_id
    lead = env.ref(ADDON + ".group_lead").users.filtered(
        lambda u: u.company_id == case.company_id and u != practitioner
    )[:1]
    worker = env["res.partner"].search(
        [("parent_id", "!=", False), ("parent_id.is_company", "=", True)], limit=1
    )
    channel = env["safeguarding.channel"].search([("secure", "=", True)], limit=1)
    purpose = env["safeguarding.purpose"].search([], limit=1)
    basis = env["safeguarding.lawful.basis"].search(
        [("code", "=", "art6_1_e")], limit=1
    )
    # Measured on a decision under the July 2018 flowchart, as tests/test_performance.py
    # pins it (these answers lead to "share" there); rolled back with the rest.
    # A pin always has its last day: today will do.
    params = env["ir.config_parameter"].sudo()
    params.set_param(ADDON + ".guidance_version", "2018")
    params.set_param(ADDON + ".guidance_version_until", str(datetime.date.today()))
    p_env = env(user=practitioner.id, context={})
    lead_env = env(user=lead.id, context={})
    # The suites' complete share (tests/scenarios.py), with the database's own data.
    data = SimpleNamespace(
        worker=worker, purpose=purpose, public_task=basis, secure_channel=channel
    )
    vals = scenarios.share_vals(
        case,
        data,
        disclosure_ids=[
            Command.create(
                scenarios.disclosure_vals(
                    data, description=f"Item {i}: what the child said."
                )
            )
            for i in range(5)
        ],
    )
    drafts = []

    def create():
        # A copy each time: creating sets the server's reference in the values given.
        decision = p_env["safeguarding.decision"].create(copy.deepcopy(vals))
        decision.write(
            {
                "principle_ids": [
                    (1, line.id, {"confirmed": True, "justification": "Checked."})
                    for line in decision.principle_ids
                ]
            }
        )
        drafts.append(decision)

    def submit():
        drafts[-1].action_submit()

    def approve():
        drafts[-1].with_env(lead_env).action_approve()

    def record_it():
        drafts[-1].action_record()

    def record():
        create()
        submit()
        approve()
        record_it()

    moves = (
        ("create, with its principles confirmed and 5 disclosures", create),
        ("submit", submit),
        ("a lead's sign-off", approve),
        ("record", record_it),
    )
    return p_env, record, moves


def bench_record(env, runs):
    p_env, record, _moves = record_decision_ops(env)
    return measure(p_env, record, runs)


def bench_record_moves(env, runs):
    """Each move of recording alone, warm: [(move, (queries, seconds))]. A move
    measured alone runs on the decision the moves before it left, so each run takes
    a new decision through all of them and only the move's own share is counted."""
    p_env, _record, moves = record_decision_ops(env)
    results = {name: [] for name, _func in moves}
    for _run in range(runs):
        for name, func in moves:
            results[name].append(measure(p_env, func, 1))
    return [
        (
            name,
            (
                results[name][-1][0],
                statistics.median(seconds for _q, seconds in results[name]),
            ),
        )
        for name, _func in moves
    ]


# -- Odoo's own sealed flows, the anchors of recording ---------------------------------


def anchor_ops(env):
    """Odoo's own sealed approval flows in the anchor database, each as the people
    who do it (no superuser): a customer invoice of 5 lines created and posted by a
    billing user on a sales journal whose entries are hashed; an expense report of 5
    expenses created and submitted by an employee, approved and posted by an expense
    manager on a hashed purchase journal."""
    company = env.company

    def person(login, groups):
        return env["res.users"].create(
            {
                "name": login.replace("_", " ").title(),
                "login": login,
                "email": f"{login}@example.com",
                "groups_id": [Command.set([env.ref(g).id for g in groups])],
            }
        )

    billing = person("anchor_billing", ["account.group_account_invoice"])
    employee = person("anchor_employee", ["base.group_user"])
    manager = person(
        "anchor_expense_manager",
        ["hr_expense.group_hr_expense_manager", "account.group_account_invoice"],
    )
    sales = env["account.journal"].search(
        [("type", "=", "sale"), ("company_id", "=", company.id)], limit=1
    )
    purchases = company.expense_journal_id or env["account.journal"].search(
        [("type", "=", "purchase"), ("company_id", "=", company.id)], limit=1
    )
    (sales | purchases).restrict_mode_hash_table = True
    customer = env["res.partner"].create({"name": "Anchor Customer"})
    products = env["product.product"].create(
        [{"name": f"Service {i}", "list_price": 100 + i} for i in range(5)]
    )
    worker = env["hr.employee"].create(
        {
            "name": employee.name,
            "user_id": employee.id,
            "work_contact_id": employee.partner_id.id,
            "work_email": employee.email,
            "expense_manager_id": manager.id,
        }
    )
    expensed = env["product.product"].search([("can_be_expensed", "=", True)], limit=1)
    b_env = env(user=billing.id, context={})
    e_env = env(user=employee.id, context={})
    m_env = env(user=manager.id, context={})

    def invoice():
        move = b_env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "journal_id": sales.id,
                "invoice_line_ids": [
                    Command.create({"product_id": product.id, "quantity": 1})
                    for product in products
                ],
            }
        )
        move.action_post()
        if not move.inalterable_hash:
            raise RuntimeError("the anchor invoice was not hashed")

    def expense_report():
        expenses = e_env["hr.expense"].create(
            [
                {
                    "name": f"Taxi {i}",
                    "employee_id": worker.id,
                    "product_id": expensed.id,
                    "total_amount_currency": 20 + i,
                }
                for i in range(5)
            ]
        )
        sheet = expenses._create_sheets_from_expense()
        sheet.action_submit_sheet()
        sheet.with_env(m_env).action_approve_expense_sheets()
        sheet.with_env(m_env).action_sheet_move_post()
        if not sheet.account_move_ids.inalterable_hash:
            raise RuntimeError("the anchor expense report was not hashed")

    return (b_env, invoice), (e_env, expense_report)


def bench_anchors(config, database, runs):
    """{"invoice": (queries, seconds), "expense": (queries, seconds)} measured in the
    anchor database, rolled back."""
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        (b_env, invoice), (e_env, expense_report) = anchor_ops(env)
        results = {
            "invoice": measure(b_env, invoice, runs),
            "expense": measure(e_env, expense_report, runs),
        }
        cr.rollback()
    return results


# -- the manager pivot -----------------------------------------------------------------


def bench_pivot(env, runs):
    manager = user(env, "bench.manager")
    companies = manager.company_ids.ids
    m_env = env(user=manager.id, context={"allowed_company_ids": companies})
    Decision = m_env["safeguarding.decision"]
    measures = [
        name
        for name in ("days_to_decision", "hours_to_first_disclosure", "signoff_hours")
        if name in Decision._fields and Decision._fields[name].store
    ]
    aggregates = ["__count"] + [f"{name}:avg" for name in measures]
    groups = []

    def pivot():
        groups[:] = Decision.read_group(
            [], aggregates, ["date_decided:month", "outcome"], lazy=False
        )

    def raw():
        env.cr.execute(
            SQL(
                """SELECT date_trunc('month', date_decided), outcome, COUNT(*) %s
                     FROM safeguarding_decision WHERE company_id = ANY(%s)
                 GROUP BY 1, 2 ORDER BY 1, 2""",
                SQL("").join(SQL(", AVG(%s)", SQL.identifier(m)) for m in measures),
                companies,
            )
        )
        env.cr.fetchall()

    ours = measure(m_env, pivot, runs)
    theirs = measure(env, raw, runs)
    total = sum(group["__count"] for group in groups)
    what = ", mean " + ", ".join(measures) if measures else " (no stored measure yet)"
    return (
        (
            f"Manager pivot month x outcome, count{what} ({total:,} decisions, "
            "record rules applied)"
        ),
        ours,
        "raw SQL GROUP BY on the same table",
        theirs,
        "time <= 2x",
    )


# -- child processes: retention cron and integrity verification ------------------------


def child_retention(env):
    Case = env["safeguarding.case"]
    if not hasattr(Case, "_cron_retention_review"):
        return {"missing": True}
    cases = Case.search_count([])

    def statuses():
        env.cr.execute("SELECT id, retention_status FROM safeguarding_case")
        return dict(env.cr.fetchall())

    def reviews():
        env.cr.execute(
            """SELECT COUNT(*) FROM mail_activity
                WHERE res_model = 'safeguarding.case' AND activity_type_id = %s""",
            [env.ref(ADDON + ".mail_activity_type_retention_review").id],
        )
        return env.cr.fetchone()[0]

    passes = []
    # Two passes: the first over cases never reviewed (a status changes for each),
    # the second on the next day (nothing changes). Each pass reviews every case
    # again, as on a new day, one batch per call, committed between calls as Odoo's
    # cron runner does (the commit also writes what the batch left for it).
    for _pass in range(2):
        before, reviews_before = statuses(), reviews()
        env.cr.execute("UPDATE safeguarding_case SET retention_checked_on = NULL")
        env.cr.commit()
        start = time.perf_counter()
        start_count = sql_db.sql_counter
        calls = 0
        while True:
            calls += 1
            remaining = Case._cron_retention_review()
            env.cr.commit()
            if not remaining:
                break
        seconds = time.perf_counter() - start
        queries = sql_db.sql_counter - start_count
        after = statuses()
        passes.append(
            {
                "seconds": seconds,
                "queries": queries,
                "calls": calls,
                "changed": sum(1 for id_, s in after.items() if before.get(id_) != s),
                "due": reviews() - reviews_before,
            }
        )
    return {"records": cases, "passes": passes, "rss": peak_rss_mb()}


def child_integrity(env):
    manager = user(env, "bench.manager")
    m_env = env(
        user=manager.id, context={"allowed_company_ids": manager.company_ids.ids}
    )
    companies = manager.company_ids
    start = time.perf_counter()
    breaks, counts = m_env["safeguarding.integrity.check"]._verify(companies)
    seconds = time.perf_counter() - start
    return {
        "records": sum(counts.values()),
        "seconds": seconds,
        "breaks": breaks,
        "rss": peak_rss_mb(),
    }


def child_integrity_sql(env, jit=True):
    """The same rows and values verification reads, by plain SQL in chain order,
    with the server's JIT setting or without JIT, as verification reads them."""
    from odoo.addons.safeguarding_info_sharing.models.safeguarding_integrity_mixin import (  # noqa: E501
        chained_models,
    )

    companies = env["res.company"].search([]).ids
    start = time.perf_counter()
    records = 0
    for model_name in chained_models(env):
        model = env[model_name]
        for company_id in companies:
            with env.registry.cursor() as cr:
                if not jit:
                    cr.execute("SET LOCAL jit = off")
                cr.execute(
                    model._integrity_select(
                        SQL(
                            "t.company_id = %s AND t.integrity_sequence IS NOT NULL",
                            company_id,
                        )
                    )
                )
                while rows := cr.fetchmany(10_000):
                    records += len(rows)
    return {
        "records": records,
        "seconds": time.perf_counter() - start,
        "rss": peak_rss_mb(),
    }


CHILDREN = {
    "retention": child_retention,
    "integrity": child_integrity,
    "integrity_sql": child_integrity_sql,
    "integrity_sql_nojit": lambda env: child_integrity_sql(env, jit=False),
}


def run_child(args, op, database):
    result = subprocess.run(
        [
            sys.executable,
            os.path.abspath(__file__),
            "-c",
            args.config,
            "-d",
            database,
            "--child",
            op,
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        error = [line for line in result.stderr.splitlines() if line.strip()]
        return {"error": error[-1] if error else f"exit {result.returncode}"}
    return json.loads(result.stdout.strip().splitlines()[-1])


# -- output ----------------------------------------------------------------------------


def fmt_time(seconds):
    return f"{seconds * 1000:,.1f} ms" if seconds < 10 else f"{seconds:,.1f} s"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True, help="the full database")
    parser.add_argument(
        "--small-database", help="a database of about 1,000 decisions (query counts)"
    )
    parser.add_argument(
        "--anchor-database",
        help="a database with account and hr_expense, no demo data: Odoo's own "
        "sealed flows, the anchors of recording",
    )
    parser.add_argument(
        "--retention-database",
        action="append",
        default=[],
        help="more databases to run the retention cron on (e.g. 100,000 cases)",
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--heavy-runs", type=int, default=1)
    parser.add_argument("--output", help="also write the Markdown table here")
    parser.add_argument("--child", choices=sorted(CHILDREN), help=argparse.SUPPRESS)
    args = parser.parse_args()

    registry = open_registry(args.config, args.database)
    if args.child:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            result = CHILDREN[args.child](env)
            cr.rollback()
        out(json.dumps(result))
        return

    lines = [
        (
            "| Operation | Queries | Median time | Baseline | Baseline queries "
            "| Baseline time | Ratio (queries / time) | Target |"
        ),
        "|---|---:|---:|---|---:|---:|---:|---|",
    ]

    def row(what, ours, baseline, theirs, target):
        q, t = ours
        bq, bt = theirs
        lines.append(
            f"| {what} | {q:,} | {fmt_time(t)} | {baseline} | {bq:,} | {fmt_time(bt)} "
            f"| {q / bq if bq else 0:.2f} / {t / bt if bt else 0:.2f} | {target} |"
        )
        out(lines[-1])

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        cr.execute("SELECT COUNT(*) FROM safeguarding_decision")
        decisions = cr.fetchone()[0]
        cr.execute("SELECT COUNT(*) FROM safeguarding_case")
        cases = cr.fetchone()[0]
        out(f"{args.database}: {cases:,} cases, {decisions:,} decisions")
        for entry in bench_case_form(env, args.runs):
            row(*entry)
        cr.rollback()
        ours = bench_record(env, args.runs)
        cr.rollback()
        moves = bench_record_moves(env, args.runs)
        cr.rollback()
        row(*bench_pivot(env, args.runs))
        cr.rollback()

    recording = (
        "Record a decision with 5 disclosures as a practitioner (create, submit, a "
        f"lead's sign-off, record; four seals) at {decisions:,} decisions"
    )
    if args.anchor_database:
        anchors = bench_anchors(args.config, args.anchor_database, args.runs)
        row(
            recording,
            ours,
            "Odoo: a customer invoice of 5 lines created and posted on a hashed "
            "journal (billing user)",
            anchors["invoice"],
            "queries <= 1x",
        )
        row(
            recording,
            ours,
            "Odoo: an expense report of 5 expenses created, submitted, approved and "
            "posted on a hashed journal (employee, expense manager)",
            anchors["expense"],
            "for comparison",
        )
    else:
        lines.append(
            f"| {recording} | {ours[0]:,} | {fmt_time(ours[1])} "
            "| no anchor database | | | | |"
        )
        out(lines[-1])

    if args.small_database:
        small = odoo.modules.registry.Registry(args.small_database)
        with small.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            cr.execute("SELECT COUNT(*) FROM safeguarding_decision")
            small_decisions = cr.fetchone()[0]
            small_ours = bench_record(env, args.runs)
            cr.rollback()
        row(
            f"Record a decision with 5 disclosures at {decisions:,} decisions",
            ours,
            f"the same at {small_decisions:,} decisions",
            small_ours,
            "queries constant",
        )

    retention = []
    for database in [args.database, *args.retention_database]:
        result = run_child(args, "retention", database)
        if result.get("missing") or result.get("error"):
            why = result.get("error") or "no `_cron_retention_review` in the tree"
            lines.append(f"| Retention cron | | | not measured: {why} | | | | |")
            out(lines[-1])
            break
        retention.append(result)
    for result in retention:
        for number, run in enumerate(result["passes"], 1):
            per_batch = run["queries"] / run["calls"]
            lines.append(
                f"| Retention cron, pass {number}, over all {result['records']:,} "
                f"cases ({run['calls']:,} batches; {run['changed']:,} statuses "
                f"changed, {run['due']:,} reviews given) | {run['queries']:,} "
                f"| {fmt_time(run['seconds'])} "
                f"| {result['records'] / run['seconds']:,.0f} cases/s, "
                f"{per_batch:,.1f} queries a batch, peak RSS {result['rss']:,.0f} MB "
                f"| | | {result['rss'] / retention[0]['rss']:.2f} (RSS vs first) "
                "| queries bounded per batch and per case due; RSS within 20% |"
            )
            out(lines[-1])

    integrity = [
        run_child(args, "integrity", args.database) for _ in range(args.heavy_runs)
    ]
    raw = [
        run_child(args, "integrity_sql_nojit", args.database)
        for _ in range(args.heavy_runs)
    ]
    raw_jit = [
        run_child(args, "integrity_sql", args.database) for _ in range(args.heavy_runs)
    ]
    seconds = statistics.median(r["seconds"] for r in integrity)
    raw_seconds = statistics.median(r["seconds"] for r in raw)
    raw_jit_seconds = statistics.median(r["seconds"] for r in raw_jit)
    records = integrity[0]["records"]
    lines.append(
        f"| Verify integrity of the whole chain ({records:,} records, "
        f"{'intact' if not integrity[0]['breaks'] else 'BROKEN'}; peak RSS "
        f"{integrity[0]['rss']:,.0f} MB) | | {fmt_time(seconds)} "
        f"({records / seconds:,.0f} records/s) | raw SQL scan of the same rows and "
        f"columns, without JIT as verification reads them (with the server's "
        f"default JIT: {fmt_time(raw_jit_seconds)}) | | {fmt_time(raw_seconds)} "
        f"({raw[0]['records'] / raw_seconds:,.0f} records/s) "
        f"| – / {seconds / raw_seconds:.1f} | time <= 3x, RSS flat |"
    )
    out(lines[-1])

    lines += [
        "",
        "| Recording, move by move (warm, each move alone) | Queries | Median time |",
        "|---|---:|---:|",
    ]
    lines += [f"| {name} | {q:,} | {fmt_time(t)} |" for name, (q, t) in moves]
    lines.append(f"| the four in one run | {ours[0]:,} | {fmt_time(ours[1])} |")
    out("\n".join(lines[-7:]))

    table = "\n".join(lines)
    out()
    out(table)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(table + "\n")


if __name__ == "__main__":
    main()
