from odoo import api, fields, models

from .safeguarding_integrity_mixin import IntegrityFormat


class SafeguardingDecisionPoliceReference(models.Model):
    """A reference the police gave for a notification, added after the decision was
    made (the police may not have issued one yet when it is recorded): kept for
    ever."""

    _name = "safeguarding.decision.police.reference"
    _description = "Police Reference of a Decision"
    _inherit = ["safeguarding.decision.ledger.mixin"]
    _order = "date, id"
    _rec_name = "reference"
    _integrity_order = 60
    _integrity_formats = {
        2: IntegrityFormat(
            columns=("decision_id", "company_id", "reference", "user_id", "date")
        ),
    }

    reference = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Added By", required=True, readonly=True
    )
    date = fields.Datetime(string="Added On", required=True, readonly=True)

    @api.model
    def _log(self, decision, reference):
        return self._log_rows(
            [
                {
                    "decision_id": decision.id,
                    "reference": reference,
                    "user_id": self.env.uid,
                    "date": fields.Datetime.now(),
                }
            ]
        )

    def _append_only_what(self):
        return self.env._("The police references")
