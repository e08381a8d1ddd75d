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
    description = fields.Text(
        string="Wording",
        translate=True,
        help="The rule's own words, checked against the published advice: shown and "
        "printed as a quotation. Leave empty where its wording is not verified.",
    )
    summary = fields.Text(
        translate=True,
        help="What the rule says, in the project's words, where its published "
        "wording was not verified: shown as a summary, never as a quotation.",
    )

    _sql_constraints = [
        (
            "number_uniq",
            "unique(guidance_version, sequence)",
            "Each golden rule of a guidance version has its own number.",
        ),
    ]

    def _as_html(self):
        """The rule (one) as the decision form shows it beside its question: its
        verified wording as a quotation, what is not verified as a summary."""
        self.ensure_one()
        if not self.description:
            return Markup("<strong>%s</strong> %s") % (
                self.env._("Golden rule %(number)s, in summary.", number=self.sequence),
                self.summary or self.name,
            )
        html = Markup(
            "<strong>%s</strong> \N{LEFT DOUBLE QUOTATION MARK}%s"
            "\N{RIGHT DOUBLE QUOTATION MARK}"
        ) % (
            self.env._("Golden rule %(number)s.", number=self.sequence),
            self.description,
        )
        if self.summary:
            html += Markup(" <em>%s</em> %s") % (
                self.env._("In summary, it goes on:"),
                self.summary,
            )
        return html
