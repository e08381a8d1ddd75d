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
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "Each purpose has its own code.")]
