from odoo import fields, models

from ..models.safeguarding_consent import NOTICE_SENT_METHODS


class SafeguardingConsentNoticeSent(models.TransientModel):
    """How and when a withdrawal notice, written and logged on the consent, reached
    its recipient: the notice's to-do is done only then."""

    _name = "safeguarding.consent.notice.sent"
    _description = "Withdrawal Notice Sent"
    _inherit = "safeguarding.wizard.mixin"
    _target_fields = ("consent_id",)

    consent_id = fields.Many2one(
        "safeguarding.consent", required=True, ondelete="cascade"
    )
    recipient_id = fields.Many2one("res.partner", required=True)
    method = fields.Selection(NOTICE_SENT_METHODS, string="How", required=True)
    date_sent = fields.Datetime(
        string="Sent On", required=True, default=fields.Datetime.now
    )

    def action_confirm(self):
        self.ensure_one()
        self.consent_id._record_notice_sent(
            self.recipient_id.id, self.method, self.date_sent
        )
        return {"type": "ir.actions.act_window_close"}
