from odoo import fields, models

from .safeguarding_guidance import GuidanceVersion


class SafeguardingPrinciple(models.Model):
    _name = "safeguarding.principle"
    _description = "Principle of Information Sharing"
    _inherit = ["safeguarding.reference.mixin"]
    _used_by = (
        (
            "safeguarding.decision.principle",
            "principle_id",
            "decision_id.integrity_hash",
        ),
        ("safeguarding.decision", "declined_principle_id", "integrity_hash"),
    )
    _order = "guidance_version, sequence"

    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    guidance_version = GuidanceVersion(
        required=True,
        default=lambda self: self.env["safeguarding.guidance"]._version_today(),
    )
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    question = fields.Char(
        translate=True, help="What the practitioner confirms for this principle."
    )
    justification_template = fields.Text(
        translate=True,
        help="The justification offered when the practitioner confirms this "
        "principle (Confirm All, or a suggestion from the channel or the urgency); "
        "they edit it to say how it holds for their decision. Secure's is offered "
        "only on a secure channel, Timely's only on a decision that cannot wait, "
        "Accurate's only once each item shared is listed and marked fact or "
        "opinion.",
    )
    justification_otherwise = fields.Text(
        string="Justification When It Does Not Apply",
        translate=True,
        help="Offered by Confirm All instead of the usual justification when the "
        "decision does not bear that one out (a share that can wait, for Timely; "
        "nothing listed as shared yet, for Accurate). Empty: nothing is offered and "
        "the practitioner writes their own; on a channel that is not secure, their "
        "reason for using it is offered for Secure.",
    )

    _sql_constraints = [
        (
            "code_uniq",
            "unique(guidance_version, code)",
            "Each principle of a guidance version has its own code.",
        ),
    ]
