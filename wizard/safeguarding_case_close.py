from odoo import fields, models
from odoo.exceptions import ValidationError

from ..models.safeguarding_policy import WORK, Wizard


class SafeguardingCaseClose(models.TransientModel):
    _name = "safeguarding.case.close"
    _description = "Close a Safeguarding Case"
    _inherit = ["safeguarding.policy.mixin"]
    _safeguarding = Wizard(parent="case_id", create=WORK, read=WORK, write=WORK)

    case_id = fields.Many2one("safeguarding.case", required=True, ondelete="cascade")
    date_closed = fields.Date(
        string="Closing Date", required=True, default=fields.Date.context_today
    )
    close_reason = fields.Text(string="Closing Reason", required=True)

    def action_confirm(self):
        self.ensure_one()
        if not (self.close_reason or "").strip():
            raise ValidationError(self.env._("Give the reason for closing the case."))
        self.case_id._close(self.close_reason, self.date_closed)
        self.case_id.message_post(
            body=self.env._("Case closed: %(reason)s", reason=self.close_reason)
        )
        return {"type": "ir.actions.act_window_close"}
