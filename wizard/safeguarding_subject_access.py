import base64

from odoo import fields, models

from ..models.safeguarding_policy import LEADS, Wizard

REPORT = "safeguarding_info_sharing.safeguarding_subject_access_report"
OUTPUT = "report.safeguarding_info_sharing.report_subject_access"


class SafeguardingSubjectAccess(models.TransientModel):
    """A subject access request (UK GDPR Art 15): print what is held about a person,
    or export it. Each production is logged; the output is the requester's own view,
    under their record rules."""

    _name = "safeguarding.subject.access"
    _description = "Subject Access Request"
    _inherit = ["safeguarding.policy.mixin"]
    # The output it exports is case data, the lead's own view.
    _safeguarding = Wizard(case_data=True, create=LEADS, read=LEADS, write=LEADS)

    partner_id = fields.Many2one(
        "res.partner",
        string="Data Subject",
        required=True,
        ondelete="cascade",
        help="The person who asked: the child, a parent, anyone on a case.",
    )
    # Kept on the wizard, which only its creator reads, until the wizards are
    # cleaned up: never as an attachment others could reach.
    export_file = fields.Binary(string="Export", readonly=True, attachment=False)
    export_filename = fields.Char(readonly=True)

    def action_print(self):
        """The PDF; the report logs its production as it is rendered."""
        self.ensure_one()
        self.env[OUTPUT]._check_requester()
        return self.env.ref(REPORT).report_action(self.partner_id)

    def action_export(self):
        """The CSV, logged, downloaded from the wizard."""
        self.ensure_one()
        output = self.env[OUTPUT]
        subjects = output._subject_access(self.partner_id)
        content = output._subject_access_csv(subjects)
        self.env["safeguarding.subject.access.log"]._log_production(subjects, "csv")
        self.write(
            {
                "export_file": base64.b64encode(content),
                "export_filename": self.env._(
                    "Subject access - %(name)s.csv", name=self.partner_id.name
                ),
            }
        )
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/?model={self._name}&id={self.id}"
            "&field=export_file&filename_field=export_filename&download=true",
            "target": "download",
        }
