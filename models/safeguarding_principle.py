from odoo import fields, models

from .guidance import GUIDANCE_VERSIONS


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
    )
    _order = "guidance_version, sequence"

    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    guidance_version = fields.Selection(
        GUIDANCE_VERSIONS, required=True, default="2018"
    )
    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    question = fields.Char(
        translate=True, help="What the practitioner confirms for this principle."
    )

    _sql_constraints = [
        (
            "code_uniq",
            "unique(guidance_version, code)",
            "Each principle of a guidance version has its own code.",
        ),
    ]
