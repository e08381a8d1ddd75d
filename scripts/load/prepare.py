#!/usr/bin/env python3
"""The load's users, cases and the ids its simulated users send (scripts/load.sh).

    python3 scripts/load/prepare.py -c ODOO_CONF -d DATABASE --output USERS.json

In the database's main company (a MASH's front door): 50 practitioners
(``load.practitioner.NN``), each the lead practitioner of a case of their own (every
fifth one restricted, so that lists and forms show restricted cases, the leads in its
team), 5 safeguarding leads and 2 managers, each with their login as password. Run
again, it reuses them, and signs off the decisions the earlier run left awaiting it.

The watch of the requests for information runs every minute in this database (its
cron's schedule, every 5 minutes in an agency's), so that a short load sees it run.

The load logs in with passwords: this database's requirement of two-factor
authentication is lifted (``safeguarding_info_sharing.require_second_factor`` set to
"False"), as the demo does for its own database; never an agency's.
"""

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# The specification the web client sends for a form.
from benchmark import form_spec

ADDON = "safeguarding_info_sharing"
ROLES = {"practitioner": 50, "lead": 5, "manager": 2}


def user_of(env, login, role, company):
    Users = env["res.users"].with_context(no_reset_password=True)
    user = Users.search([("login", "=", login)], limit=1)
    if user:
        return user
    return Users.create(
        {
            "login": login,
            "password": login,
            "name": login.replace(".", " ").title(),
            "email": f"{login}@load.example",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, env.ref(f"{ADDON}.group_{role}").ids)],
            "tz": "Europe/London",
        }
    )


def prepare(env):
    env["ir.config_parameter"].set_param(
        "safeguarding_info_sharing.require_second_factor", "False"
    )
    # The watch on its schedule during the load, from its start.
    env.ref(f"{ADDON}.ir_cron_watch_requests").write(
        {"interval_number": 1, "interval_type": "minutes", "nextcall": datetime.now()}
    )
    company = env.ref("base.main_company")
    users = {role: [] for role in ROLES}
    cases = {}
    open_cases = []
    for role, count in ROLES.items():
        for index in range(1, count + 1):
            login = f"load.{role}.{index:02d}"
            user = user_of(env, login, role, company)
            users[role].append(login)
            if role != "practitioner":
                continue
            Case = env["safeguarding.case"]
            case = Case.search([("user_id", "=", user.id)], limit=1)
            if not case:
                child = env["res.partner"].create(
                    {"name": f"Load Child {index:02d}", "company_id": company.id}
                )
                restricted = index % 5 == 0
                case = Case.create(
                    {
                        "child_id": child.id,
                        "user_id": user.id,
                        "company_id": company.id,
                        "restricted": restricted,
                        "restriction_reason": "High-profile family."
                        if restricted
                        else False,
                    }
                )
            cases[login] = case.id
            if not case.restricted:
                # A case the front door (a lead) may log a request on.
                open_cases.append([case.id, user.id])
    # A restricted case's team holds the leads, as an agency's does: a decision on it
    # is submitted to a lead who may read it.
    leads = env["res.users"].search([("login", "in", users["lead"])])
    env["safeguarding.case"].browse(cases.values()).filtered("restricted").write(
        {"member_ids": [(4, lead.id) for lead in leads]}
    )
    # The decisions an earlier run left awaiting sign-off are signed off now: the
    # baseline's lead takes the oldest, and would sign off none of its practitioner's
    # in its 2 minutes, leaving recording alone unmeasured.
    waiting = env["safeguarding.decision"].search(
        [
            ("case_id", "in", list(cases.values())),
            ("state", "=", "draft"),
            ("signoff_state", "=", "submitted"),
        ]
    )
    for decision in waiting:
        decision.with_user(leads[0]).action_approve()
    worker = env["res.partner"].search(
        [("parent_id", "!=", False), ("parent_id.is_company", "=", True)], limit=1
    )
    channel = env["safeguarding.channel"].search([("secure", "=", True)], limit=1)
    basis = env["safeguarding.lawful.basis"].search(
        [("code", "=", "art6_1_e")], limit=1
    )
    return {
        "company_id": company.id,
        "users": users,
        "cases": cases,
        "open_cases": open_cases,
        "recipient_id": worker.id,
        # The organisation a request comes from: the recipient's (a MASH partner).
        "requester_organisation_id": worker.parent_id.id,
        "channel_id": channel.id,
        "purpose_id": env["safeguarding.purpose"].search([], limit=1).id,
        "lawful_basis_id": basis.id,
        "case_form": form_spec(env, "safeguarding.case"),
        "decision_form": form_spec(env, "safeguarding.decision"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True)
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--output", required=True)
    args = parser.parse_args()
    odoo.tools.config.parse_config(
        ["-c", args.config, "-d", args.database, "--log-level=warn"]
    )
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        data = prepare(env)
        data["database"] = args.database
    Path(args.output).write_text(json.dumps(data, indent=1))


if __name__ == "__main__":
    main()
