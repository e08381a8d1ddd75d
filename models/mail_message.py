from odoo import api, models

from .safeguarding_reader_mixin import (
    safeguarding_readers_checked,
    safeguarding_threads,
)


class MailMessage(models.Model):
    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        # Only messages given recipients: tracking and logs add no query.
        self.browse(
            message.id
            for message, vals in zip(messages, vals_list, strict=True)
            if vals.get("partner_ids")
        )._check_safeguarding_recipients()
        return messages

    def write(self, vals):
        result = super().write(vals)
        if "partner_ids" in vals:
            self._check_safeguarding_recipients()
        return result

    def _check_safeguarding_recipients(self):
        """Nobody who may not read a safeguarding record is notified of it."""
        if not safeguarding_readers_checked(self.env):
            return
        # sudo: the recipients of messages the user has just written.
        for (model_name, res_id), messages in (
            self.sudo().grouped(lambda message: (message.model, message.res_id)).items()
        ):
            threads = safeguarding_threads(self.env, model_name)
            if threads is not None and res_id and messages.partner_ids:
                threads.browse(res_id)._check_readers(
                    messages.partner_ids.with_env(self.env)
                )
