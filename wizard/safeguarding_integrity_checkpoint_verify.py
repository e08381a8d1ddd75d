import base64
import binascii

from odoo import fields, models
from odoo.exceptions import UserError


class SafeguardingIntegrityCheckpointVerify(models.TransientModel):
    """Verify the record against a checkpoint file kept out of the database: the
    one the export wrote to the server's checkpoint folder, or the one mailed to
    the data protection officer."""

    _name = "safeguarding.integrity.checkpoint.verify"
    _description = "Verify Integrity Against a Checkpoint"

    checkpoint_file = fields.Binary(required=True)
    checkpoint_filename = fields.Char(string="File Name")

    def action_verify(self):
        self.ensure_one()
        check = self.env["safeguarding.integrity.check"]
        check._check_verifier()
        source = self.checkpoint_filename or self.env._("The checkpoint file")
        try:
            content = base64.b64decode(self.checkpoint_file or b"").decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            content = ""
        checkpoint = self.env["safeguarding.integrity.checkpoint"]._parse(
            content, source
        )
        company = self.env["res.company"].browse(checkpoint.company_id).exists()
        if company not in self.env.companies:
            raise UserError(
                self.env._(
                    "%(file)s is a checkpoint of a company you are not verifying "
                    "now: select that company in the company switcher, then verify "
                    "again.",
                    file=source,
                )
            )
        return check._run(company, {company.id: checkpoint})._open()
