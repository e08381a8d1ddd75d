from odoo import api, fields, models


class SafeguardingDecisionPoliceReference(models.Model):
    """A reference the police gave for a notification, added after the decision was
    made (the police may not have issued one yet when it is recorded): kept for
    ever."""

    _name = "safeguarding.decision.police.reference"
    _description = "Police Reference of a Decision"
    _inherit = [
        "safeguarding.append.only.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _order = "date, id"
    _rec_name = "reference"
    _integrity_columns = (
        "decision_id",
        "company_id",
        "reference",
        "user_id",
        "date",
    )

    decision_id = fields.Many2one(
        "safeguarding.decision",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    case_id = fields.Many2one(related="decision_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="decision_id.company_id", store=True)
    reference = fields.Char(required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Added By", required=True, readonly=True
    )
    date = fields.Datetime(string="Added On", required=True, readonly=True)

    @api.model
    def _log(self, decision, reference):
        # Rows come from the decision's own move only: users cannot create any.
        row = self.sudo().create(
            {
                "decision_id": decision.id,
                "reference": reference,
                "user_id": self.env.uid,
                "date": fields.Datetime.now(),
            }
        )
        row._seal()
        return row.sudo(False)

    def _append_only_what(self):
        return self.env._("The police references")
