from markupsafe import Markup

from odoo import fields, models

from .safeguarding_guidance import GuidanceVersion


class SafeguardingGoldenRule(models.Model):
    _name = "safeguarding.golden.rule"
    _description = "Golden Rule for Sharing Information"
    _order = "guidance_version, sequence"

    sequence = fields.Integer(string="Number", required=True)
    guidance_version = GuidanceVersion(
        required=True,
        default=lambda self: self.env["safeguarding.guidance"]._version_today(),
    )
    name = fields.Char(string="Rule", required=True, translate=True)
    description = fields.Text(translate=True)

    _sql_constraints = [
        (
            "number_uniq",
            "unique(guidance_version, sequence)",
            "Each golden rule of a guidance version has its own number.",
        ),
    ]

    def _as_html(self):
        """The rule (one) as the decision form shows it beside its question."""
        self.ensure_one()
        return Markup("<strong>%s</strong> %s") % (
            self.env._("Golden rule %(number)s.", number=self.sequence),
            self.description or self.name,
        )
