from odoo import api, fields, models

from .safeguarding_decision import ANSWERS
from .safeguarding_decision_recipient import CONTROLLER_RELATIONSHIPS

# The principles a template offers a justification for, by code: the six of both
# versions of the advice (the 2018 "Record" principle is the decision itself).
TEMPLATE_PRINCIPLE_CODES = (
    "necessary_proportionate",
    "relevant",
    "adequate",
    "accurate",
    "timely",
    "secure",
)


class SafeguardingDecisionTemplate(models.Model):
    """What an agency usually records for one kind of share (a referral to children's
    social care, a reply to a s16H request, a disclosure to the police): chosen on a
    draft, it fills those answers, which the practitioner then checks and edits.
    Reference data like the channels: the same for every company, kept by the
    safeguarding administrator, read by everyone."""

    _name = "safeguarding.decision.template"
    _description = "Decision Template"
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True, help="When to use this template.")
    purpose_id = fields.Many2one("safeguarding.purpose", string="Kind of Purpose")
    purpose = fields.Text(
        string="Purpose for Sharing", translate=True, help="The usual wording."
    )
    lawful_basis_ids = fields.Many2many(
        "safeguarding.lawful.basis",
        "safeguarding_decision_template_lawful_basis_rel",
        "template_id",
        "lawful_basis_id",
        string="Usual Lawful Bases",
    )
    special_category_answer = fields.Selection(ANSWERS, string="Special Category Data?")
    criminal_offence_answer = fields.Selection(
        ANSWERS, string="Criminal Offence Data (Allegations Included)?"
    )
    confidential_answer = fields.Selection(ANSWERS, string="Given in Confidence?")
    crime_suspected = fields.Boolean(
        help="Ticks Crime Suspected on the decision: a template whose words say a "
        "crime is suspected says so as a fact the practitioner sees, and the police "
        "notification follows.",
    )
    controller_relationship = fields.Selection(
        CONTROLLER_RELATIONSHIPS,
        help="The agency's relationship with the recipient this kind of share usually "
        "goes to, for a one-off share without a data sharing agreement.",
    )
    channel_id = fields.Many2one("safeguarding.channel")
    how_much = fields.Text(string="How Much to Share", translate=True)
    individual_informed = fields.Selection(selection="_selection_individual_informed")
    not_informed_reason = fields.Selection(
        selection="_selection_not_informed_reason",
        help="The usual reason the individual is not told, checked on each decision.",
    )
    line_ids = fields.One2many(
        "safeguarding.decision.template.line",
        "template_id",
        string="Lines of What Is Shared",
        copy=True,
        help="What this kind of share usually sends, in the agency's words: proposed "
        "as the lines of what was shared once the decision shares with a named "
        "recipient by a chosen channel; the practitioner edits or removes each.",
    )
    justification_necessary_proportionate = fields.Text(
        string="Necessary and proportionate", translate=True
    )
    justification_relevant = fields.Text(string="Relevant", translate=True)
    justification_adequate = fields.Text(string="Adequate", translate=True)
    justification_accurate = fields.Text(
        string="Accurate",
        translate=True,
        help="Offered once each item shared is listed and marked fact or opinion.",
    )
    justification_timely = fields.Text(
        string="Timely",
        translate=True,
        help="Offered only on a decision that cannot wait: a child at risk of harm "
        "or at immediate risk, a suspected crime, or an emergency.",
    )
    justification_secure = fields.Text(
        string="Secure",
        translate=True,
        help="Offered only when the decision's channel is secure.",
    )

    @api.model
    def _selection_individual_informed(self):
        return (
            self.env["safeguarding.decision"]._fields["individual_informed"].selection
        )

    @api.model
    def _selection_not_informed_reason(self):
        return (
            self.env["safeguarding.decision"]._fields["not_informed_reason"].selection
        )

    def _principle_justifications(self):
        """{principle code: justification} of this template (one), written ones only."""
        self.ensure_one()
        return {
            code: self[f"justification_{code}"]
            for code in TEMPLATE_PRINCIPLE_CODES
            if (self[f"justification_{code}"] or "").strip()
        }


class SafeguardingDecisionTemplateLine(models.Model):
    """One item a kind of share usually sends, in the agency's words, marked fact or
    opinion: proposed on a decision started from its template."""

    _name = "safeguarding.decision.template.line"
    _description = "Line of a Decision Template"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "safeguarding.decision.template",
        required=True,
        index=True,
        ondelete="cascade",
    )
    sequence = fields.Integer(default=10)
    description = fields.Text(string="What Is Shared", required=True, translate=True)
    fact_or_opinion = fields.Selection(
        selection="_selection_fact_or_opinion", required=True
    )

    @api.model
    def _selection_fact_or_opinion(self):
        return self.env["safeguarding.disclosure"]._fields["fact_or_opinion"].selection

    def _disclosure_vals(self, decision):
        """Creation values of the lines of what was shared these template lines
        propose on ``decision`` (one): to its first recipient, by its channel."""
        return [
            {
                "description": line.description,
                "fact_or_opinion": line.fact_or_opinion,
                "recipient_id": decision.recipient_id.id,
                "channel_id": decision.channel_id.id,
            }
            for line in self
        ]
