import hashlib
import hmac
import json
import logging
import os
from datetime import datetime
from typing import NamedTuple

from markupsafe import Markup

from odoo import api, fields, models, tools
from odoo.exceptions import UserError
from odoo.fields import Command

from .safeguarding_integrity_mixin import canonical, chained_models, server_key

_logger = logging.getLogger(__name__)

# The folder of the server's configuration the checkpoints are written to: outside
# the database, where whoever can edit only the database cannot reach them.
FOLDER_OPTION = "safeguarding_integrity_checkpoint_dir"
# What a checkpoint file says it is, and the version of its layout.
KIND = "safeguarding_info_sharing integrity checkpoint"
LAYOUT = 1


class Checkpoint(NamedTuple):
    """A checkpoint read back and proved sealed by this server's key: each chain of
    its company, its length and last digest when it was exported."""

    company_id: int
    date: datetime
    chains: dict
    source: str

    def anchor(self, model_name, company):
        """(length, last digest) the chain ``model_name`` of ``company`` must still
        hold, or None."""
        if company.id != self.company_id or model_name not in self.chains:
            return None
        length, last_hash = self.chains[model_name]
        return length, last_hash


def checkpoint_seal(key, values):
    return hmac.new(key, canonical(values).encode(), hashlib.sha256).hexdigest()


class SafeguardingIntegrityCheckpoint(models.Model):
    """A checkpoint of every chain of a company: its length and last digest, sealed
    with the server's key and exported out of the database (a file in the folder
    the server's configuration names, and, where an outgoing mail server is set, an
    e-mail to the data protection officer). Verify proves each chain still extends
    it, so that removing the last records together with the chains' heads is found.
    The row kept here is a copy for convenience: the exported file is the proof."""

    _name = "safeguarding.integrity.checkpoint"
    _description = "Safeguarding Integrity Checkpoint"
    _order = "date desc, id desc"

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    date = fields.Datetime(required=True, readonly=True)
    trigger = fields.Selection(
        [("scheduled", "Scheduled"), ("manual", "On demand")],
        required=True,
        readonly=True,
    )
    user_id = fields.Many2one("res.users", string="Exported By", readonly=True)
    sealed_count = fields.Integer(string="Sealed Records", readonly=True)
    content = fields.Text(string="Checkpoint", readonly=True)
    file_path = fields.Char(string="Exported To", readonly=True)
    mailed_to = fields.Char(readonly=True)

    @api.depends("company_id", "date")
    def _compute_display_name(self):
        for checkpoint in self:
            checkpoint.display_name = self.env._(
                "Checkpoint of %(company)s, %(date)s",
                company=checkpoint.company_id.name or "",
                date=tools.format_datetime(self.env, checkpoint.date)
                if checkpoint.date
                else "",
            )

    # Exporting

    @api.model
    def action_export_checkpoint(self):
        """Export a checkpoint of every chain of the user's companies now, and open
        them (leads and managers, who verify the record)."""
        self.env["safeguarding.integrity.check"]._check_verifier()
        checkpoints = self._export(self.env.companies, "manual")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Integrity Checkpoints"),
            "res_model": self._name,
            "view_mode": "list,form",
            "views": [(False, "list"), (False, "form")],
            "domain": [("id", "in", checkpoints.ids)],
        }

    @api.model
    def _cron_export_checkpoints(self):
        """Export every company's checkpoint: each on its own, a failure logged and
        the next company still exported."""
        # Every company: an agency has a handful. pylint: disable=no-search-all
        for company in self.env["res.company"].search([]):
            try:
                with self.env.cr.savepoint():
                    self._export(company, "scheduled")
            except (OSError, UserError):
                _logger.exception(
                    "The integrity checkpoint of %s could not be exported.",
                    company.name,
                )

    @api.model
    def _export(self, companies, trigger):
        """Write, mail and keep a checkpoint of each of ``companies``: the chains'
        lengths and last digests only, never case content."""
        key = self.env["safeguarding.integrity.mixin"]._integrity_key()
        folder = tools.config.get(FOLDER_OPTION)
        if not folder:
            raise UserError(
                self.env._(
                    "The server's configuration names no folder for the integrity "
                    "checkpoints, so none can be kept out of the database: ask the "
                    "server's administrator to set %(option)s in its configuration "
                    "file.",
                    option=FOLDER_OPTION,
                )
            )
        created = self.browse()
        now = fields.Datetime.now()
        for company in companies:
            chains = {
                model_name: list(
                    self.env[model_name].sudo()._integrity_chain_end(company)[:2]
                )
                for model_name in chained_models(self.env)
            }
            values = {
                "kind": KIND,
                "layout": LAYOUT,
                "database": self._database_uuid(),
                "company": [company.id, company.name],
                "date": fields.Datetime.to_string(now),
                "chains": chains,
            }
            content = (
                json.dumps(
                    dict(values, seal=checkpoint_seal(key, values)),
                    indent=2,
                    sort_keys=True,
                )
                + "\n"
            )
            name = (
                f"{self.env.cr.dbname}-company-{company.id}-"
                f"{now:%Y%m%dT%H%M%S}-{os.urandom(3).hex()}.json"
            )
            path = self._write_file(folder, name, content)
            created |= self.sudo().create(
                {
                    "company_id": company.id,
                    "date": now,
                    "trigger": trigger,
                    "user_id": self.env.uid,
                    "sealed_count": sum(length for length, _last in chains.values()),
                    "content": content,
                    "file_path": path,
                    "mailed_to": self._mail_to_dpo(company, name, content),
                }
            )
        return created.sudo(False)

    def _database_uuid(self):
        return self.env["ir.config_parameter"].sudo().get_param("database.uuid")

    @api.model
    def _write_file(self, folder, name, content):
        """Write ``content`` to a new file ``name`` of ``folder`` (made if missing),
        readable by the server's account only; its path."""
        os.makedirs(folder, mode=0o700, exist_ok=True)
        path = os.path.join(folder, name)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(content)
        return path

    @api.model
    def _mail_to_dpo(self, company, name, content):
        """Mail the checkpoint alone to ``company``'s data protection officer, where
        an outgoing mail server is set; to whom, or False."""
        dpo = company.safeguarding_dpo_id
        if not dpo.email or not self.env["ir.mail_server"].sudo().search_count([]):
            return False
        self.env["mail.mail"].sudo().create(
            {
                "subject": self.env._(
                    "Integrity checkpoint of %(company)s", company=company.name
                ),
                "email_from": company.email_formatted
                or self.env["ir.mail_server"]._get_default_from_address()
                or dpo.email_formatted,
                "email_to": dpo.email_formatted,
                "body_html": Markup("<pre>%s</pre>") % content,
                "attachment_ids": [
                    Command.create(
                        {
                            "name": name,
                            "raw": content.encode(),
                            "mimetype": "application/json",
                        }
                    )
                ],
            }
        )
        return dpo.email_formatted

    # Reading one back

    @api.model
    def _parse(self, content, source):
        """The Checkpoint ``content`` holds, proved sealed by this server's key for
        this database; or the refusal that says what is wrong with it."""
        try:
            values = json.loads(content)
            seal = values.pop("seal")
            if values["kind"] != KIND or values["layout"] != LAYOUT:
                raise ValueError(values["kind"])
            company_id = int(values["company"][0])
            date = fields.Datetime.to_datetime(values["date"])
            chains = {
                str(name): (int(end[0]), str(end[1]))
                for name, end in values["chains"].items()
            }
        except (ValueError, TypeError, KeyError, IndexError, AttributeError):
            raise UserError(
                self.env._(
                    "%(file)s is not an integrity checkpoint: choose a file the "
                    "checkpoint export wrote, or the one mailed to the data "
                    "protection officer.",
                    file=source,
                )
            ) from None
        key = server_key()
        if not key or not hmac.compare_digest(str(seal), checkpoint_seal(key, values)):
            raise UserError(
                self.env._(
                    "The seal of %(file)s does not verify: it was changed after it "
                    "was exported, or another server's key sealed it. Use a copy "
                    "kept where the database cannot reach it.",
                    file=source,
                )
            )
        if values["database"] != self._database_uuid():
            raise UserError(
                self.env._(
                    "%(file)s is a checkpoint of another database: use one "
                    "exported from this one.",
                    file=source,
                )
            )
        return Checkpoint(company_id, date, chains, source)

    def action_verify(self):
        """Verify the record against this stored checkpoint (one)."""
        self.ensure_one()
        check = self.env["safeguarding.integrity.check"]
        return check._run(
            self.company_id,
            {self.company_id.id: self._parse(self.content, self.display_name)},
        )._open()

    @api.model
    def _latest(self, companies):
        """{company id: its latest stored checkpoint}, as superuser: Verify proves
        each chain extends it (the exported file is the stronger proof)."""
        latest = {}
        for checkpoint in self.sudo().search(
            [("company_id", "in", companies.ids)], order="date desc, id desc"
        ):
            latest.setdefault(checkpoint.company_id.id, checkpoint)
        return latest
