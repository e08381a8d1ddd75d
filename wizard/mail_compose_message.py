from odoo import models

from ..models.safeguarding_decision import FAMILY_LETTER_TEMPLATE


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail_comment(self, res_ids):
        messages = super()._action_send_mail_comment(res_ids)
        # The letter to the family, logged on a decision, is the record of telling
        # them (golden rules 2 and 6).
        letter = self.env.ref(FAMILY_LETTER_TEMPLATE, raise_if_not_found=False)
        if letter and self.template_id == letter and self.model == letter.model:
            for message in messages:
                self.env[self.model].browse(message.res_id)._record_family_letter(
                    message
                )
        return messages
