from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    safeguarding_emergency_signoff_hours = fields.Integer(
        string="Emergency Sign-off Within (Hours)",
        config_parameter="safeguarding_info_sharing.emergency_signoff_hours",
        default=24,
        help="A decision recorded as an emergency, before sign-off, must be signed off "
        "by a safeguarding lead within this time; overdue ones are flagged to the "
        "leads.",
    )
