from collections import defaultdict

from odoo import api, models
from odoo.exceptions import UserError

from .safeguarding_reader_mixin import (
    safeguarding_readers_checked,
    safeguarding_threads,
)


class MailMessage(models.Model):
    # A message of case data is read by the readers of its record only: being its
    # author or a recipient opens nothing once the record is out of reach.
    _name = "mail.message"
    _inherit = ["mail.message", "safeguarding.document.readers.mixin"]
    _document_fields = ("model", "res_id")

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
        if {"model", "res_id"}.intersection(vals):
            self._check_safeguarding_place(vals)
        result = super().write(vals)
        if "partner_ids" in vals:
            self._check_safeguarding_recipients()
        return result

    def _check_safeguarding_place(self, vals):
        """A message of a safeguarding record stays on it, and none moves onto one:
        the chatter is the record's audit trail, read by its readers only."""
        # sudo: where the messages the user writes are.
        for message in self.sudo():
            new = (vals.get("model", message.model), vals.get("res_id", message.res_id))
            if new != (message.model, message.res_id) and (
                safeguarding_threads(self.env, message.model) is not None
                or safeguarding_threads(self.env, new[0]) is not None
            ):
                raise UserError(
                    self.env._(
                        "A message of a safeguarding record stays on it, and none "
                        "moves onto one: post it on the record instead."
                    )
                )

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

    # Reading a restricted case's chatter is an opening of it

    @api.model
    def _message_fetch(self, domain, *args, **kwargs):
        result = super()._message_fetch(domain, *args, **kwargs)
        result["messages"]._log_safeguarding_openings()
        return result

    def _log_safeguarding_openings(self):
        """Log the reading of these messages as an opening of the restricted cases
        whose records they are about."""
        by_model = defaultdict(set)
        # sudo: where the messages the user has just read are.
        for message in self.sudo():
            if message.model and message.res_id:
                by_model[message.model].add(message.res_id)
        mixin = self.env.registry["safeguarding.restricted.read.mixin"]
        for model_name, res_ids in by_model.items():
            if model_name in self.env and isinstance(self.env[model_name], mixin):
                self.env[model_name].browse(res_ids)._log_restricted_opening(
                    checked=False
                )
