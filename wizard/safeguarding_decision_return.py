from odoo import fields, models


class SafeguardingDecisionReturn(models.TransientModel):
    _name = "safeguarding.decision.return"
    _description = "Return a Decision to Its Author"
    _inherit = "safeguarding.wizard.mixin"
    _target_fields = ("decision_id",)

    decision_id = fields.Many2one(
        "safeguarding.decision", required=True, ondelete="cascade"
    )
    reason = fields.Text(
        required=True, help="What the practitioner should change before resubmitting."
    )

    def action_confirm(self):
        self.ensure_one()
        self.decision_id.action_return(self.reason)
        return {"type": "ir.actions.act_window_close"}
