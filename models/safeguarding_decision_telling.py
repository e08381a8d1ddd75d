from odoo import api, fields, models
from odoo.tools import SQL

from .safeguarding_integrity_mixin import IntegrityFormat

TELLING_METHODS = [
    ("in_person", "In person"),
    ("phone", "By telephone"),
    ("letter", "By letter"),
    ("email", "By email"),
    ("other", "Other"),
]


class SafeguardingDecisionTelling(models.Model):
    """Telling the child or family about a decision (golden rules 2 and 6: be open
    and honest; tell them what was shared, why and with whom), or why they were not
    told: an entry of its own, added before or after sharing, kept for ever."""

    _name = "safeguarding.decision.telling"
    _description = "Telling the Individual about a Decision"
    _inherit = ["safeguarding.decision.ledger.mixin"]
    _order = "date_logged, id"
    _rec_name = "decision_id"
    _integrity_order = 70
    _integrity_formats = {
        2: IntegrityFormat(
            columns=(
                "decision_id",
                "company_id",
                "moment",
                "told",
                "method",
                "date_told",
                "summary",
                "not_told_reason",
                "user_id",
                "date_logged",
            ),
            related=("people",),
        ),
    }

    moment = fields.Selection(
        [("before", "Before sharing"), ("after", "After sharing")],
        required=True,
        readonly=True,
        help="Before the decision was recorded, or after.",
    )
    told = fields.Boolean(readonly=True, help="Unticked: they were not told, and why.")
    person_ids = fields.Many2many("res.partner", string="Who Was Told", readonly=True)
    method = fields.Selection(TELLING_METHODS, string="How", readonly=True)
    date_told = fields.Datetime(string="When", readonly=True)
    summary = fields.Text(
        string="What They Were Told",
        readonly=True,
        help="What was shared, why, with whom, and how to ask questions.",
    )
    not_told_reason = fields.Text(string="Why They Were Not Told", readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Recorded By", required=True, readonly=True
    )
    date_logged = fields.Datetime(string="Recorded On", required=True, readonly=True)

    def _integrity_related(self):
        # The people by id only: anonymising a case's people after its retention
        # review must leave the chain intact.
        people = self._fields["person_ids"]
        return {
            "people": SQL(
                "(SELECT json_agg(r.%s ORDER BY r.%s) FROM %s r WHERE r.%s = t.id)",
                SQL.identifier(people.column2),
                SQL.identifier(people.column2),
                SQL.identifier(people.relation),
                SQL.identifier(people.column1),
            ),
        }

    @api.model
    def _log(self, decision, values):
        return self._log_rows(
            [
                {
                    **values,
                    "decision_id": decision.id,
                    "moment": "after" if decision.state == "recorded" else "before",
                    "user_id": self.env.uid,
                    "date_logged": fields.Datetime.now(),
                }
            ]
        )

    def _append_only_what(self):
        return self.env._("The record of telling the individual")
