from odoo import api, fields, models
from odoo.exceptions import AccessError

from .res_users import SECOND_FACTOR_PARAM, safeguarding_second_factor_required
from .safeguarding_guidance import PIN_UNTIL_PARAM, GuidanceVersion


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
    safeguarding_guidance_version = GuidanceVersion(
        string="Pinned Guidance Version",
        config_parameter="safeguarding_info_sharing.guidance_version",
        help="Leave empty: each new decision follows the guidance version in force on "
        "its date. Pin a version to make every new decision follow it (while staff "
        "are trained on a new one, say). Decisions already made keep their version.",
    )
    safeguarding_guidance_version_until = fields.Date(
        string="Pinned Until",
        help="The last day a new decision is started under the pinned version; from "
        "the next day, the advice in force applies again. A pin always ends.",
    )
    safeguarding_dpo_id = fields.Many2one(
        related="company_id.safeguarding_dpo_id", readonly=False
    )
    safeguarding_require_second_factor = fields.Boolean(
        string="Require Two-factor Authentication for Safeguarding Roles",
        help="On: a user who has not enabled two-factor authentication (Preferences, "
        "Account Security) reaches no case data, whatever their role; the app "
        "tells them how to enable it.",
    )

    @api.model
    def get_values(self):
        values = super().get_values()
        values["safeguarding_require_second_factor"] = (
            safeguarding_second_factor_required(self.env)
        )
        # A date: Odoo keeps no date in a config_parameter field.
        values["safeguarding_guidance_version_until"] = fields.Date.to_date(
            self.env["ir.config_parameter"].sudo().get_param(PIN_UNTIL_PARAM) or False
        )
        return values

    def set_values(self):
        # Odoo's execute() checks this; set_values is a public method too.
        if not self.env.is_admin():
            raise AccessError(
                self.env._("Only Odoo's administrators can change the settings.")
            )
        self.env["safeguarding.guidance"]._set_pin(
            self.safeguarding_guidance_version,
            self.safeguarding_guidance_version_until,
        )
        result = super().set_values()
        required = "True" if self.safeguarding_require_second_factor else "False"
        params = self.env["ir.config_parameter"].sudo()
        if params.get_param(SECOND_FACTOR_PARAM) != required:
            # Stored as "False" rather than removed: a removed parameter would come
            # back on at the next update of the addon.
            params.set_param(SECOND_FACTOR_PARAM, required)
        return result
