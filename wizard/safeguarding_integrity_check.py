from contextlib import contextmanager

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError, UserError

from ..models.ir_rule import second_factor_error
from ..models.safeguarding_integrity_mixin import chained_models

VERIFIERS = (
    "safeguarding_info_sharing.group_lead",
    "safeguarding_info_sharing.group_manager",
)


class SafeguardingIntegrityCheck(models.TransientModel):
    """One run of "Verify integrity": every chain of the user's companies, its length
    and every record that does not verify, and, when a checkpoint is given, whether
    each chain still extends it. Written by the server only: whoever may verify reads
    the results of their companies, nobody changes them."""

    _name = "safeguarding.integrity.check"
    _description = "Safeguarding Integrity Check"
    _order = "id desc"

    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users", string="Verified By", readonly=True, default=lambda s: s.env.user
    )
    company_ids = fields.Many2many("res.company", string="Companies", readonly=True)
    checkpoints = fields.Char(
        string="Against",
        readonly=True,
        help="The checkpoints each chain was proved to extend: the latest kept in the "
        "database, or a file exported out of it.",
    )
    line_ids = fields.One2many(
        "safeguarding.integrity.check.line", "check_id", string="Chains", readonly=True
    )
    intact = fields.Boolean(compute="_compute_summary")
    summary = fields.Char(compute="_compute_summary")

    @api.depends("line_ids.sealed_count", "line_ids.broken_count")
    def _compute_summary(self):
        # From the chains the reader may see: those of their companies.
        lines = self.env["safeguarding.integrity.check.line"].search(
            [("check_id", "in", self.ids)]
        )
        for check in self:
            mine = lines.filtered(lambda line, c=check: line.check_id == c)
            broken = sum(mine.mapped("broken_count"))
            check.intact = not broken
            if broken:
                check.summary = self.env._(
                    "The record has been altered: %(count)s finding(s). Report this "
                    "to your information governance lead.",
                    count=broken,
                )
            else:
                check.summary = self.env._(
                    "The record is intact: %(count)s sealed records verified.",
                    count=sum(mine.mapped("sealed_count")),
                )

    @api.model
    def action_verify_integrity(self):
        """Verify every chain and open the result."""
        return self._run(self.env.companies)._open()

    def _open(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Verify Integrity"),
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _check_verifier(self):
        """Refuse whoever may not verify, before any chain is read: the result is
        stored by the server, past the record rules that would refuse it."""
        if not any(self.env.user.has_group(group) for group in VERIFIERS):
            raise AccessError(
                self.env._("Only safeguarding leads and managers verify the record.")
            )
        if self.env.user._safeguarding_second_factor_missing():
            raise second_factor_error(self.env)

    @api.model
    def _run(self, companies, checkpoints=None):
        """Verify every chain of ``companies`` and store the result: against
        ``checkpoints`` ({company id: Checkpoint}) when given, else against each
        company's latest checkpoint kept in the database."""
        self._check_verifier()
        checkpoints, results = self._results(companies, checkpoints)
        # Stored by the server: no role creates or changes a result. It holds only
        # references and counts, never case content.
        check = self.sudo().create(
            {
                "user_id": self.env.uid,
                "company_ids": [fields.Command.set(companies.ids)],
                "checkpoints": ", ".join(
                    checkpoint.source for checkpoint in checkpoints.values()
                ),
                "line_ids": [
                    fields.Command.create(
                        {
                            "chain": result["chain"],
                            "company_id": result["company"].id,
                            "sealed_count": result["length"],
                            "broken_count": len(result["breaks"]),
                            "breaks": "\n".join(result["breaks"]),
                        }
                    )
                    for result in results
                ],
            }
        )
        return check.sudo(False)

    def _verify(self, companies, checkpoints=None):
        """Every finding as a line naming its chain, record and company, and the
        number of sealed records checked per model (as _run, without storing)."""
        findings, counts = [], dict.fromkeys(chained_models(self.env), 0)
        for result in self._results(companies, checkpoints)[1]:
            if result["model"]:
                counts[result["model"]] += result["length"]
            findings += [
                self.env._(
                    "%(chain)s %(finding)s (%(company)s)",
                    chain=result["chain"],
                    finding=line,
                    company=result["company"].name,
                )
                for line in result["breaks"]
            ]
        return findings, counts

    def _finding(self, what, details):
        """What a finding of kind ``what`` says; a checkpoint's take ``details``
        (its date, the length it recorded, where the chain ends now)."""
        if what == "checkpoint":
            return self.env._(
                "does not hold the digest the checkpoint of %(date)s recorded at its "
                "place: the chain was rewritten from here",
                date=details["date"],
            )
        if what == "truncated":
            return self.env._(
                "the chain ends at %(end)s sealed records, short of the %(length)s "
                "the checkpoint of %(date)s recorded: records were removed at its "
                "end",
                end=details["end"],
                length=details["length"],
                date=details["date"],
            )
        return {
            "place": self.env._("out of place (a record was removed or inserted)"),
            "digest": self.env._("altered since it was sealed"),
            "downgrade": self.env._(
                "sealed in the unkeyed format 1 after its chain moved to a keyed format"
            ),
            "no_key": self.env._("cannot be checked: the server has no integrity key"),
            "head": self.env._(
                "the chain's recorded end does not match (records removed at its end)"
            ),
            "no_head": self.env._(
                "the chain has sealed records but no recorded head: records removed "
                "at its end would not show"
            ),
            "bad_head": self.env._(
                "the chain's recorded head does not verify: it was altered or forged"
            ),
            "sealed_over": self.env._(
                "sealed on from the chain's last record: its recorded head was "
                "missing or did not verify"
            ),
            "signoff": self.env._(
                "its sign-off state differs from its sealed sign-off history"
            ),
        }[what]

    def _results(self, companies, checkpoints):
        """(the checkpoints used, the result of each chain of ``companies``):
        against ``checkpoints`` when given, else the latest kept in the database."""
        results = []
        if checkpoints is None:
            checkpoints, results = self._stored_checkpoints(companies)
        return checkpoints, results + self._verify_chains(companies, checkpoints)

    def _stored_checkpoints(self, companies):
        """({company id: Checkpoint} of each company's latest checkpoint kept in the
        database, [a result naming each kept one that does not verify])."""
        Checkpoint = self.env["safeguarding.integrity.checkpoint"]
        checkpoints, results = {}, []
        for company_id, row in Checkpoint._latest(companies).items():
            try:
                checkpoints[company_id] = Checkpoint._parse(
                    row.content, row.display_name
                )
            except UserError as refused:
                results.append(
                    {
                        "chain": Checkpoint._description,
                        "model": False,
                        "company": self.env["res.company"].browse(company_id),
                        "length": 0,
                        "breaks": [str(refused)],
                    }
                )
        return checkpoints, results

    def _verify_chains(self, companies, checkpoints):
        """For each chain of each company: its length and a line per finding, the
        chain proved to extend ``checkpoints`` ({company id: Checkpoint}).

        The chains cover restricted cases the user cannot open, so they are read as
        superuser here; only references of records leave this method.
        """
        with self._read_only_env() as env:
            results = self._verify_chains_in(env, companies, checkpoints)
        for result in results:
            result["company"] = self.env["res.company"].browse(result["company"])
        return results

    @contextmanager
    def _read_only_env(self):
        """An environment in which nothing can be written, for verifying: on the
        replica when the server has one (``db_replica_host``), as Odoo answers its
        read-only requests; otherwise, or when the replica cannot be reached, in a
        read-only transaction of the primary. The replica may lag a little behind.

        Without a replica, the request's own transaction is made read-only for the
        while (a savepoint rolled back after), so what the request has written is
        seen and nothing else can be; the result is stored after it."""
        registry = self.env.registry
        if tools.config["db_replica_host"] is not False and registry.test_cr is None:
            cr = registry.cursor(readonly=True)
            try:
                if not cr.readonly:  # the replica could not be reached
                    cr.execute("SET TRANSACTION READ ONLY")
                yield self.env(cr=cr)
            finally:
                cr.rollback()
                cr.close()
            return
        self.env.flush_all()
        cr = self.env.cr
        cr.execute("SAVEPOINT safeguarding_verify")
        try:
            cr.execute("SET TRANSACTION READ ONLY")
            yield self.env
        finally:
            cr.execute("ROLLBACK TO SAVEPOINT safeguarding_verify")
            cr.execute("RELEASE SAVEPOINT safeguarding_verify")

    def _verify_chains_in(self, env, companies, checkpoints):
        """_verify_chains on ``env``'s cursor: the companies as ids in the results."""
        results = []
        for model_name in chained_models(env):
            model = env[model_name].sudo()
            for company in env["res.company"].browse(companies.ids):
                checkpoint = checkpoints.get(company.id)
                anchor = checkpoint and checkpoint.anchor(model_name, company)
                # The checkpoint's date as its file writes it (UTC).
                when = (
                    checkpoint and f"{fields.Datetime.to_string(checkpoint.date)} UTC"
                )
                length, breaks = model._integrity_verify(company, anchor)
                names = {
                    record.id: record.display_name
                    for record in model.browse(
                        [found[0] for found in breaks if found[0]]
                    )
                }
                lines = [
                    (f"{names[found[0]]}: " if found[0] else "")
                    + self._finding(
                        found[1],
                        dict(
                            *found[2:],
                            date=when,
                            length=anchor and anchor[0],
                        ),
                    )
                    for found in breaks
                ]
                results.append(
                    {
                        "chain": model._description,
                        "model": model_name,
                        "company": company.id,
                        "length": length,
                        "breaks": lines,
                    }
                )
        return results


class SafeguardingIntegrityCheckLine(models.TransientModel):
    _name = "safeguarding.integrity.check.line"
    _description = "Safeguarding Integrity Check of One Chain"
    _order = "id"

    check_id = fields.Many2one(
        "safeguarding.integrity.check", required=True, ondelete="cascade"
    )
    chain = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    sealed_count = fields.Integer(string="Sealed Records", readonly=True)
    broken_count = fields.Integer(string="Findings", readonly=True)
    breaks = fields.Text(string="What Does Not Verify", readonly=True)
