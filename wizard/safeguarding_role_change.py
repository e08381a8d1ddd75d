from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

ADMIN_GROUP = "safeguarding_info_sharing.group_admin"


class SafeguardingRoleChange(models.TransientModel):
    """The safeguarding administrator gives staff their role (or none, to a leaver)
    from Safeguarding > Configuration > Staff and Roles, without Odoo's user
    administration: only the safeguarding role moves, never another group, never
    their own role, and each change is posted on the user's chatter."""

    _name = "safeguarding.role.change"
    _description = "Change the Safeguarding Role of Staff"

    user_ids = fields.Many2many(
        "res.users",
        string="Staff",
        required=True,
        default=lambda self: self._default_user_ids(),
        domain=[("share", "=", False)],
    )
    role = fields.Selection(
        selection=lambda self: self.env[
            "res.users"
        ]._selection_safeguarding_role_choice(),
        required=True,
        help="One role per user, or no role: a leaver, or someone who does not work "
        "in the app.",
    )
    role_description = fields.Text(
        string="What the Role Allows", compute="_compute_role_description"
    )

    @api.model
    def _default_user_ids(self):
        if self.env.context.get("active_model") != "res.users":
            return []
        return self.env.context.get("active_ids", [])

    @api.depends("role")
    def _compute_role_description(self):
        for change in self:
            change.role_description = change.role and self.env[
                "res.users"
            ]._safeguarding_role_allows(change.role)

    def action_apply(self):
        self.ensure_one()
        if not self.env.user.has_group(ADMIN_GROUP):
            raise AccessError(
                self.env._("Only a safeguarding administrator gives staff their role.")
            )
        users = self.user_ids
        if self.env.user in users:
            raise UserError(
                self.env._(
                    "You cannot change your own safeguarding role: ask another "
                    "safeguarding administrator, or Odoo's administrator."
                )
            )
        portal = users.filtered("share")
        if portal:
            raise UserError(
                self.env._(
                    "%(users)s cannot hold a safeguarding role: only staff with an "
                    "internal user can.",
                    users=", ".join(portal.mapped("name")),
                )
            )
        system = users.filtered(lambda user: user._is_system())
        if system:
            raise UserError(
                self.env._(
                    "%(users)s are Odoo's administrators, and so safeguarding "
                    "administrators: their role changes in Settings > Users, by "
                    "Odoo's administrator.",
                    users=", ".join(system.mapped("name")),
                )
            )
        # sudo: a safeguarding administrator may not write users; only the
        # safeguarding role groups move here (its inverse), posted on each user's
        # chatter with this administrator as its author.
        users.sudo().write({"safeguarding_role_choice": self.role})
        return {"type": "ir.actions.act_window_close"}
