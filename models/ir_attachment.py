from odoo import api, models
from odoo.exceptions import UserError


class IrAttachment(models.Model):
    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("public") and (vals.get("res_model") or "").startswith(
                "safeguarding."
            ):
                self._refuse_public(vals.get("name") or vals["res_model"])
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("public") or vals.get("res_model"):
            # sudo: where the attachments the user writes belong.
            for attachment in self.sudo():
                model = vals.get("res_model", attachment.res_model) or ""
                public = vals.get("public", attachment.public)
                if public and model.startswith("safeguarding."):
                    self._refuse_public(attachment.name)
        return super().write(vals)

    def _refuse_public(self, name):
        raise UserError(
            self.env._(
                "%(name)s is attached to a safeguarding record: it cannot be made "
                "public. Only the people who may read the record open it.",
                name=name,
            )
        )
