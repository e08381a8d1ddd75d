"""Requests become records of their own (safeguarding.request).

Before 18.0.1.3.0 a request received was held on the decision that answered it
(its requester, what was asked, when, its free "reply due by" day). Each such
decision now answers a request holding those facts: the decision keeps its own
columns as they were (its seal covers them), and the request is made from them.
A request whose decision is recorded is answered then, with the hours it took, and
sealed when the server has its integrity key. Requests of that time had no rating:
their reply was due by the end of their "reply due by" day.
"""

import logging
from datetime import datetime, time

import pytz

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.safeguarding_info_sharing.models.safeguarding_integrity_mixin import (
    server_key,
)

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    link_decision_requests(env)


def _utc(day, moment, tz_name):
    tz = pytz.timezone(tz_name or "UTC")
    local = tz.localize(datetime.combine(day, moment))
    return local.astimezone(pytz.utc).replace(tzinfo=None)


def link_decision_requests(env):
    """Make a request of each decision answering a request that has none; return
    the requests made."""
    cr = env.cr
    cr.execute(
        """SELECT d.id, d.case_id, d.company_id, d.requester_organisation_id,
                  d.requester_id, d.date_received, d.information_requested,
                  COALESCE(d.statutory_basis, 'none'), d.request_reason,
                  d.request_proportionality, d.request_function, d.deadline,
                  d.state, d.date_decided, d.outcome, d.share_choice,
                  d.create_uid, d.create_date
             FROM safeguarding_decision d
            WHERE d.trigger = 'request' AND d.request_id IS NULL
         ORDER BY d.id"""
    )
    rows = cr.fetchall()
    Request = env["safeguarding.request"]
    answered = []
    made = []
    for (
        decision_id,
        case_id,
        company_id,
        organisation_id,
        contact_id,
        day_received,
        information,
        statutory_basis,
        reason,
        proportionality,
        function,
        deadline,
        state,
        date_decided,
        outcome,
        share_choice,
        create_uid,
        create_date,
    ) in rows:
        calendar = env["res.company"].browse(company_id).resource_calendar_id
        tz = calendar.tz or "UTC"
        date_request = _utc(day_received, time.min, tz) if day_received else create_date
        date_due = _utc(deadline, time(23, 59, 59), tz) if deadline else None
        values = {
            "name": env["ir.sequence"].next_by_code("safeguarding.request"),
            "case_id": case_id,
            "company_id": company_id,
            "direction": "received",
            "state": "picked_up",
            "organisation_id": organisation_id,
            "contact_id": contact_id,
            "basis": "informal" if statutory_basis == "none" else "statutory",
            "statutory_basis": statutory_basis,
            "information_requested": information,
            "request_reason": reason,
            "request_proportionality": proportionality,
            "request_function": function,
            "date_request": date_request,
            "calendar_id": calendar.id or None,
            "round_the_clock": False,
            "reply_hours": 0.0,
            "date_due": date_due,
            "user_id": create_uid,
            "date_picked_up": create_date,
            "picked_up_by_id": create_uid,
            "create_uid": create_uid,
            "create_date": create_date,
            "write_uid": create_uid,
            "write_date": create_date,
        }
        if state == "recorded":
            shared = outcome == "share" and share_choice == "share"
            hours = 0.0
            if calendar and date_decided > date_request:
                hours = calendar.get_work_hours_count(
                    date_request, date_decided, compute_leaves=True
                )
            values.update(
                state="answered",
                date_answered=date_decided,
                # Whether a share gave all that was asked was not recorded then.
                answer=None if shared else "not_shared",
                hours_to_answer=round(hours, 2),
                on_time=(100 if date_decided <= date_due else 0) if date_due else None,
            )
        columns = list(values)
        cr.execute(
            SQL(
                "INSERT INTO safeguarding_request (%s) VALUES %s RETURNING id",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                tuple(values[column] for column in columns),
            )
        )
        request_id = cr.fetchone()[0]
        cr.execute(
            SQL(
                "UPDATE safeguarding_decision SET request_id = %s WHERE id = %s",
                request_id,
                decision_id,
            )
        )
        made.append(request_id)
        if state == "recorded":
            answered.append(request_id)
    env.invalidate_all()
    requests = Request.browse(made)
    to_seal = Request.browse(answered)
    if to_seal:
        if server_key():
            to_seal._seal()
        else:
            _logger.info(
                "%s answered requests made from their decisions are left unsealed: "
                "the server has no integrity key.",
                len(to_seal),
            )
    _logger.info("%s requests made from the decisions answering them.", len(made))
    return requests
