from odoo import fields, models


class SafeguardingDecisionPoliceReferenceAdd(models.TransientModel):
    _name = "safeguarding.decision.police.reference.add"
    _description = "Add the Police Reference of a Decision"

    decision_id = fields.Many2one(
        "safeguarding.decision", required=True, ondelete="cascade"
    )
    reference = fields.Char(
        required=True, help="The reference the police gave for the notification."
    )

    def action_confirm(self):
        self.ensure_one()
        self.decision_id._add_police_reference(self.reference)
        return {"type": "ir.actions.act_window_close"}
