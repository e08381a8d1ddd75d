from odoo import models

from ..models.safeguarding_consent import (
    NOTICE_RECIPIENT_KEY,
    WITHDRAWAL_NOTICE_TEMPLATE,
)
from ..models.safeguarding_decision import FAMILY_LETTER_TEMPLATE, LETTER_ADDRESSEES_KEY
from ..models.safeguarding_request import REPLY_TEMPLATE


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail_comment(self, res_ids):
        notice = self._safeguarding_template(WITHDRAWAL_NOTICE_TEMPLATE)
        if notice:
            # Checked before anything is logged: the notice goes to a recipient of
            # what was shared on the withdrawn consent.
            recipient = self.env["res.partner"].browse(
                self.env.context.get(NOTICE_RECIPIENT_KEY) or []
            )
            consents = self.env[self.model].browse(res_ids)
            for consent in consents:
                consent._check_withdrawal_notice(recipient)
        letter = self._safeguarding_template(FAMILY_LETTER_TEMPLATE)
        if letter:
            # Checked before anything is logged: whom it tells, and that it reveals
            # no one whose identity is protected.
            addressees = self.env["res.partner"].browse(
                self.env.context.get(LETTER_ADDRESSEES_KEY) or []
            )
            for decision in self.env[self.model].browse(res_ids):
                decision._check_family_letter(self.body, addressees)
        reply = self._safeguarding_template(REPLY_TEMPLATE)
        if reply:
            # Checked before anything is logged: a refusal, in whole or part.
            self.env[self.model].browse(res_ids)._check_reply_allowed()
        messages = super()._action_send_mail_comment(res_ids)
        if notice:
            consents._record_withdrawal_notice(recipient)
        # The letter to the family, logged on a decision, is the record of telling
        # them (golden rules 2 and 6).
        if letter:
            for message in messages:
                self.env[self.model].browse(message.res_id)._record_family_letter(
                    message, addressees
                )
        # The reply to a requester, logged on the request, is the record of it.
        if reply:
            for message in messages:
                self.env[self.model].browse(message.res_id)._record_reply_sent(message)
        return messages

    def _safeguarding_template(self, xmlid):
        """The safeguarding template ``xmlid`` when this composer writes from it."""
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if template and self.template_id == template and self.model == template.model:
            return template
        return self.env["mail.template"]
