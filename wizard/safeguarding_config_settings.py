from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..models.safeguarding_decision import EMERGENCY_HOURS_PARAM
from ..models.safeguarding_guidance import GuidanceVersion
from ..models.safeguarding_policy import ADMIN, Wizard

ADMIN_GROUP = "safeguarding_info_sharing.group_admin"
LEAD_GROUP = "safeguarding_info_sharing.group_lead"


class SafeguardingConfigSettings(models.TransientModel):
    """The app's own settings, for the safeguarding administrator: Odoo's Settings
    app is for Odoo's administrators only."""

    _name = "safeguarding.config.settings"
    _description = "Safeguarding Settings"
    _inherit = ["safeguarding.policy.mixin"]
    _safeguarding = Wizard(create=(ADMIN,), read=(ADMIN,), write=(ADMIN,))

    guidance_version = GuidanceVersion(
        string="Pinned Guidance Version",
        default=lambda self: self.env["safeguarding.guidance"]._pin()[0],
        help="Leave empty: each new decision follows the guidance version in force on "
        "its date. Pin a version to make every new decision follow it (while staff "
        "are trained on a new one, say).",
    )
    guidance_version_until = fields.Date(
        string="Pinned Until",
        default=lambda self: self.env["safeguarding.guidance"]._pin()[1],
        help="The last day a new decision is started under the pinned version; from "
        "the next day, the advice in force applies again. A pin always ends.",
    )
    emergency_signoff_hours = fields.Integer(
        string="Emergency Sign-off Within (Hours)",
        required=True,
        default=lambda self: self._get_emergency_signoff_hours(),
        help="A decision recorded as an emergency, before sign-off, must be signed off "
        "by a safeguarding lead within this time; overdue ones are flagged to the "
        "leads.",
    )

    duty_lead_id = fields.Many2one(
        "res.users",
        string="Duty Safeguarding Lead",
        default=lambda self: self.env.company.safeguarding_duty_lead_id,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref(LEAD_GROUP).id),
            ("company_ids", "in", self.env.company.id),
        ],
        help="Watches the requests your agency receives and is told when one "
        "escalates; empty: every lead who may read it.",
    )
    reply_by_email = fields.Boolean(
        string="E-mail Replies to Requesters",
        default=lambda self: self.env.company.safeguarding_reply_by_email,
        help="Your agency's policy: a reply written to a requester is also e-mailed "
        "to them from the request. Off: it is printed and sent, or sent by your "
        "secure channel.",
    )

    # Shown when the page opens, as defaults: Odoo's form opens a new record by
    # onchange, which leaves a compute without dependencies at 0.
    decision_template_count = fields.Integer(
        default=lambda self: self.env["safeguarding.decision.template"].search_count([])
    )
    channel_count = fields.Integer(
        default=lambda self: self.env["safeguarding.channel"].search_count([])
    )
    staff_without_role_count = fields.Integer(
        default=lambda self: self.env["res.users"].search_count(
            [("share", "=", False), ("safeguarding_role_choice", "=", "none")]
        )
    )

    def _get_emergency_signoff_hours(self):
        value = self.env["ir.config_parameter"].sudo().get_param(EMERGENCY_HOURS_PARAM)
        return int(value or 24)

    def _set_emergency_signoff_hours(self, hours):
        self.env["ir.config_parameter"].sudo().set_param(EMERGENCY_HOURS_PARAM, hours)

    @api.constrains("emergency_signoff_hours")
    def _check_emergency_signoff_hours(self):
        for settings in self:
            if settings.emergency_signoff_hours < 1:
                raise ValidationError(
                    self.env._(
                        "An emergency sign-off is due within at least 1 hour, not "
                        "%(hours)s: enter a number of hours of 1 or more.",
                        hours=settings.emergency_signoff_hours,
                    )
                )

    def action_save(self):
        self.ensure_one()
        if not self.env.user.has_group(ADMIN_GROUP):
            raise AccessError(
                self.env._(
                    "Only a safeguarding administrator can change the safeguarding "
                    "settings."
                )
            )
        self.env["safeguarding.guidance"]._set_pin(
            self.guidance_version, self.guidance_version_until
        )
        self._set_emergency_signoff_hours(self.emergency_signoff_hours)
        # sudo: the agency's own two settings, which its administrator keeps.
        self.env.company.sudo().write(
            {
                "safeguarding_duty_lead_id": self.duty_lead_id.id,
                "safeguarding_reply_by_email": self.reply_by_email,
            }
        )
        return {"type": "ir.actions.act_window_close"}

    def action_open_decision_templates(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_info_sharing.safeguarding_decision_template_action"
        )

    def action_open_channels(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_info_sharing.safeguarding_channel_action"
        )

    def action_open_staff(self):
        return self.env["ir.actions.act_window"]._for_xml_id(
            "safeguarding_info_sharing.res_users_action_safeguarding_staff"
        )
