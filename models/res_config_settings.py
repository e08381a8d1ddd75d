from odoo import fields, models

from .guidance import GUIDANCE_VERSIONS


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
    safeguarding_guidance_version = fields.Selection(
        GUIDANCE_VERSIONS,
        string="Pinned Guidance Version",
        config_parameter="safeguarding_info_sharing.guidance_version",
        help="Leave empty: each new decision follows the guidance version in force on "
        "its date. Pin a version to make every new decision follow it (while staff "
        "are trained on a new one, say). Decisions already made keep their version.",
    )
