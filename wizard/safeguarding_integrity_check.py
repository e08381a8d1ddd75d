from contextlib import contextmanager

from odoo import api, fields, models, tools
from odoo.exceptions import AccessError

# Every chain, in the order the result lists them.
CHAINED_MODELS = (
    "safeguarding.decision",
    "safeguarding.disclosure",
    "safeguarding.decision.signoff",
    "safeguarding.consent.event",
    "safeguarding.advice",
    "safeguarding.decision.police.reference",
    "safeguarding.decision.telling",
    "safeguarding.request",
    "safeguarding.request.exchange",
)
VERIFIERS = (
    "safeguarding_info_sharing.group_lead",
    "safeguarding_info_sharing.group_manager",
)


class SafeguardingIntegrityCheck(models.TransientModel):
    """One run of "Verify integrity": every chain of the user's companies, its length
    and every record that does not verify."""

    _name = "safeguarding.integrity.check"
    _description = "Safeguarding Integrity Check"
    _order = "id desc"

    date = fields.Datetime(readonly=True, default=fields.Datetime.now)
    line_ids = fields.One2many(
        "safeguarding.integrity.check.line", "check_id", string="Chains", readonly=True
    )
    intact = fields.Boolean(readonly=True)
    summary = fields.Char(readonly=True)

    @api.model
    def action_verify_integrity(self):
        """Verify every chain and open the result."""
        check = self._run(self.env.companies)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Verify Integrity"),
            "res_model": self._name,
            "res_id": check.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    @api.model
    def _run(self, companies):
        if not any(self.env.user.has_group(group) for group in VERIFIERS):
            raise AccessError(
                self.env._("Only safeguarding leads and managers verify the record.")
            )
        results = self._verify_chains(companies)
        broken = sum(len(result["breaks"]) for result in results)
        records = sum(result["length"] for result in results)
        if broken:
            summary = self.env._(
                "The record has been altered: %(count)s finding(s). Report this to "
                "your information governance lead.",
                count=broken,
            )
        else:
            summary = self.env._(
                "The record is intact: %(count)s sealed records verified.",
                count=records,
            )
        # The result holds only references and counts, never case content.
        return self.create(
            {
                "intact": not broken,
                "summary": summary,
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

    def _verify(self, companies):
        """Every finding as a line naming its chain, record and company, and the
        number of sealed records checked per model."""
        findings, counts = [], dict.fromkeys(CHAINED_MODELS, 0)
        for result in self._verify_chains(companies):
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

    def _verify_chains(self, companies):
        """For each chain of each company: its length and a line per finding.

        The chains cover restricted cases the user cannot open, so they are read as
        superuser here; only references of records leave this method.
        """
        reasons = {
            "place": self.env._("out of place (a record was removed or inserted)"),
            "digest": self.env._("altered since it was sealed"),
            "no_key": self.env._("cannot be checked: the server has no integrity key"),
            "head": self.env._(
                "the chain's recorded end does not match (records removed at its end)"
            ),
        }
        results = []
        with self._read_only_env() as env:
            results = self._verify_chains_in(env, companies, reasons)
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

    def _verify_chains_in(self, env, companies, reasons):
        """_verify_chains on ``env``'s cursor: the companies as ids in the results."""
        results = []
        for model_name in CHAINED_MODELS:
            model = env[model_name].sudo()
            for company in env["res.company"].browse(companies.ids):
                length, breaks = model._integrity_verify(company)
                names = {
                    record.id: record.display_name
                    for record in model.browse([i for i, _what in breaks if i])
                }
                lines = [
                    (f"{names[record_id]}: " if record_id else "") + reasons[what]
                    for record_id, what in breaks
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
