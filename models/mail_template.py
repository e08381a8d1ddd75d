from odoo import api, models
from odoo.exceptions import UserError


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.returns("self", lambda value: value.ids)
    def send_mail_batch(
        self,
        res_ids,
        force_send=False,
        raise_exception=False,
        email_values=None,
        email_layout_xmlid=False,
    ):
        # send_mail sends through here.
        self._check_not_case_data()
        return super().send_mail_batch(
            res_ids,
            force_send=force_send,
            raise_exception=raise_exception,
            email_values=email_values,
            email_layout_xmlid=email_layout_xmlid,
        )

    def _check_not_case_data(self):
        """No template writes an e-mail of case data: the mail queue would carry its
        content out of the server, to any address (the e-mail is made as the system,
        past the check of who may be notified of the record). A letter is logged on
        the record from the composer and printed or sent by a secure channel."""
        case_data = self.env["safeguarding.policy"]._case_data_models()
        for template in self.sudo():
            if template.model in case_data:
                raise UserError(
                    self.env._(
                        "%(template)s writes about a safeguarding record: it is never "
                        "e-mailed from Odoo. Write it from the record (its letter "
                        "button), to log it there, then print it or send it by your "
                        "agency's secure channel.",
                        template=template.name,
                    )
                )
