from odoo import fields, models


class SafeguardingConsentWithdraw(models.TransientModel):
    _name = "safeguarding.consent.withdraw"
    _description = "Withdraw a Consent"
    _inherit = "safeguarding.wizard.mixin"
    _target_fields = ("consent_id",)

    consent_id = fields.Many2one(
        "safeguarding.consent", required=True, ondelete="cascade"
    )
    withdrawn_by_id = fields.Many2one("res.partner", required=True)
    date_withdrawn = fields.Datetime(
        string="Withdrawn On", required=True, default=fields.Datetime.now
    )
    withdrawal_method = fields.Selection(
        [("written", "In writing"), ("verbal", "Verbally"), ("other", "Other")],
        string="How",
        required=True,
        default="written",
    )
    withdrawal_reason = fields.Text(string="Why", required=True)

    def action_confirm(self):
        self.ensure_one()
        self.consent_id._withdraw(
            self.withdrawn_by_id.id,
            self.date_withdrawn,
            self.withdrawal_method,
            self.withdrawal_reason,
        )
        return {"type": "ir.actions.act_window_close"}
