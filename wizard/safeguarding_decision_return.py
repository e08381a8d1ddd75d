from odoo import fields, models


class SafeguardingDecisionReturn(models.TransientModel):
    """A lead's sign-off move that carries reasons: returning a decision to its
    author, or signing off one whose sign-off is always given with reasons."""

    _name = "safeguarding.decision.return"
    _description = "Return or Sign Off a Decision with Reasons"
    _inherit = "safeguarding.wizard.mixin"
    _target_fields = ("decision_id",)

    decision_id = fields.Many2one(
        "safeguarding.decision", required=True, ondelete="cascade"
    )
    signoff_action = fields.Selection(
        [("return", "Return"), ("approve", "Sign off")],
        required=True,
        default="return",
    )
    reason = fields.Text(
        required=True,
        help="Returning: what the practitioner should change before resubmitting. "
        "Signing off: why the lead agrees with the decision.",
    )

    def action_confirm(self):
        self.ensure_one()
        if self.signoff_action == "approve":
            self.decision_id._approve(self.reason)
        else:
            self.decision_id._return(self.reason)
        return {"type": "ir.actions.act_window_close"}
