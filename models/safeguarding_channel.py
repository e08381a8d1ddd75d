from odoo import fields, models

from .safeguarding_policy import Reference


class SafeguardingChannel(models.Model):
    _name = "safeguarding.channel"
    _description = "Channel for Sharing Information"
    _inherit = ["safeguarding.reference.mixin"]
    _safeguarding = Reference()
    _sealed_fields = ("code", "name", "secure")
    _used_by = (
        ("safeguarding.decision", "channel_id", "integrity_hash"),
        ("safeguarding.disclosure", "channel_id", "integrity_hash"),
    )
    _order = "sequence, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    secure = fields.Boolean(
        help="Meets a recognised standard (e.g. DCB1596 secure email, CJSM). Sharing "
        "through a channel that is not secure needs a stated reason."
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "Each channel has its own code.")]
