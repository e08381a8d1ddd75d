from collections import defaultdict

from odoo import api, models

from .safeguarding_reader_mixin import (
    safeguarding_readers_checked,
    safeguarding_threads,
)


class MailFollowers(models.Model):
    # Who follows a record of case data is read by its readers only.
    _name = "mail.followers"
    _inherit = ["mail.followers", "safeguarding.document.readers.mixin"]

    @api.model_create_multi
    def create(self, vals_list):
        self._check_safeguarding_followers(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if {"res_model", "res_id", "partner_id"}.intersection(vals):
            self._check_safeguarding_followers(
                [
                    {
                        "res_model": vals.get("res_model", follower.res_model),
                        "res_id": vals.get("res_id", follower.res_id),
                        "partner_id": vals.get("partner_id", follower.partner_id.id),
                    }
                    for follower in self
                ]
            )
        return super().write(vals)

    @api.model
    def _check_safeguarding_followers(self, vals_list):
        """A safeguarding record is followed by people who may read it only."""
        if not safeguarding_readers_checked(self.env):
            return
        grouped = defaultdict(set)
        for vals in vals_list:
            if vals.get("partner_id") and vals.get("res_id"):
                grouped[vals.get("res_model"), vals["partner_id"]].add(vals["res_id"])
        for (model_name, partner_id), res_ids in grouped.items():
            threads = safeguarding_threads(self.env, model_name)
            if threads is not None:
                threads.browse(sorted(res_ids))._check_readers(
                    self.env["res.partner"].browse(partner_id)
                )
