from odoo import api, fields, models

from .safeguarding_integrity_mixin import IntegrityFormat

# The decision's sign-off state each action leaves it in.
SIGNOFF_STATES = {"submit": "submitted", "approve": "approved", "return": "returned"}


class SafeguardingDecisionSignoff(models.Model):
    """One submission, approval or return of a decision: kept for ever."""

    _name = "safeguarding.decision.signoff"
    _description = "Decision Sign-off"
    _inherit = ["safeguarding.decision.ledger.mixin"]
    _order = "date, id"
    _integrity_order = 30
    _integrity_formats = {
        2: IntegrityFormat(
            columns=("decision_id", "company_id", "action", "user_id", "date", "reason")
        ),
    }

    action = fields.Selection(
        [("submit", "Submitted"), ("approve", "Approved"), ("return", "Returned")],
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="By", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    reason = fields.Text(readonly=True)

    @api.depends("decision_id.name", "action", "user_id.name")
    def _compute_display_name(self):
        actions = dict(self._fields["action"]._description_selection(self.env))
        for row in self:
            row.display_name = self.env._(
                "%(decision)s: %(action)s by %(user)s",
                decision=row.decision_id.name or "",
                action=actions.get(row.action, ""),
                user=row.user_id.name or "",
            )

    @api.model
    def _log(self, decisions, action, reason=False, seal=True):
        return self._log_rows(
            [
                {
                    "decision_id": decision.id,
                    "action": action,
                    "user_id": self.env.uid,
                    "date": fields.Datetime.now(),
                    "reason": reason,
                }
                for decision in decisions
            ],
            seal=seal,
        )

    def _append_only_what(self):
        return self.env._("The sign-off history")
