from odoo import SUPERUSER_ID, api, fields, models

from .safeguarding_policy import VERIFIERS, Register

OUTPUT_FORMATS = [("pdf", "PDF"), ("html", "HTML (on screen)"), ("csv", "CSV")]


class SafeguardingSubjectAccessLog(models.Model):
    """Each production of a subject access output (UK GDPR Art 15): who produced it,
    when, for whom and in which format. Written by the server only, never changed."""

    _name = "safeguarding.subject.access.log"
    _description = "Subject Access Production"
    _inherit = ["safeguarding.append.only.mixin", "safeguarding.policy.mixin"]
    # The company's leads and managers read it; the server writes it. It names the
    # people who asked and what their output held: case data.
    _safeguarding = Register(read=VERIFIERS, case_data=True)
    _order = "date desc, id desc"
    _log_access = False

    date = fields.Datetime(string="Produced On", required=True, readonly=True)
    user_id = fields.Many2one(
        "res.users", string="Produced By", required=True, readonly=True, index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Data Subject",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    output_format = fields.Selection(
        OUTPUT_FORMATS, string="Format", required=True, readonly=True
    )
    case_count = fields.Integer(string="Cases", readonly=True)
    disclosure_count = fields.Integer(string="Disclosures", readonly=True)

    @api.model
    def _log_production(self, subjects, output_format):
        """One row per data subject of ``subjects`` (the outputs built by
        ``report.safeguarding_info_sharing.report_subject_access``), for the current
        user. Users have no create right: the rows are the server's.

        A PDF may be rendered on a read-only cursor (the report routes): the rows are
        then written once it ends, in a transaction of their own on the primary."""
        now = fields.Datetime.now()
        vals_list = [
            {
                "date": now,
                "user_id": self.env.uid,
                "partner_id": subject["partner"].id,
                "company_id": self.env.company.id,
                "output_format": output_format,
                "case_count": len(subject["cases"]),
                "disclosure_count": len(subject["disclosures"]),
            }
            for subject in subjects
        ]
        if not self.env.cr.readonly:
            # sudo: the log is written by the server, never by its readers.
            return self.sudo().create(vals_list)
        registry = self.env.registry

        def write_after_the_read():
            with registry.cursor() as cr:
                api.Environment(cr, SUPERUSER_ID, {})[self._name].create(vals_list)

        self.env.cr.postcommit.add(write_after_the_read)
        return self.browse()

    def _append_only_what(self):
        return self.env._("The subject access log")
