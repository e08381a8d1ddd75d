from odoo import fields, models


class SafeguardingPurpose(models.Model):
    """Kinds of purpose, so that a consent's scope can be matched to a decision."""

    _name = "safeguarding.purpose"
    _description = "Purpose of Sharing"
    _inherit = ["safeguarding.reference.mixin"]
    _used_by = (("safeguarding.decision", "purpose_id", "integrity_hash"),)
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    default_lawful_basis_ids = fields.Many2many(
        "safeguarding.lawful.basis",
        string="Usual Lawful Bases",
        domain=[("consent_based", "=", False)],
        help="Offered on a decision of this kind of purpose once its route asks for "
        "the lawful basis; the practitioner keeps or changes them.",
    )
    law_enforcement = fields.Boolean(
        string="Law-enforcement Purpose",
        help="Preventing, investigating, detecting or prosecuting criminal offences "
        "(DPA 2018 s31): a competent authority sharing for it processes under DPA "
        "2018 Part 3, its sensitive data with a Schedule 8 condition.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "Each purpose has its own code.")]
