from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command

# The four safeguarding roles, in the order the user form lists them. A lead is also
# a practitioner (the lead group implies the practitioner group); no other role
# implies another, so a user holds one role: the one at the top of their groups.
ROLE_GROUPS = {
    "practitioner": "safeguarding_info_sharing.group_practitioner",
    "lead": "safeguarding_info_sharing.group_lead",
    "manager": "safeguarding_info_sharing.group_manager",
    "admin": "safeguarding_info_sharing.group_admin",
}

# The choice of the forms for a user who holds no safeguarding role.
NO_ROLE = "none"

# "False" switches off the agency's requirement of two-factor authentication for
# case data; any other value, or none, keeps it on (a new install holds "True").
SECOND_FACTOR_PARAM = "safeguarding_info_sharing.require_second_factor"


def safeguarding_second_factor_required(env):
    """Whether the agency requires two-factor authentication to reach case data."""
    # sudo: the parameters are Odoo's administrators' to read; this one is public.
    value = env["ir.config_parameter"].sudo().get_param(SECOND_FACTOR_PARAM)
    return value != "False"


class ResUsers(models.Model):
    _inherit = "res.users"

    safeguarding_role = fields.Selection(
        [
            ("practitioner", "Practitioner"),
            ("lead", "Safeguarding Lead"),
            ("manager", "Manager"),
            ("admin", "Safeguarding Administrator"),
        ],
        compute="_compute_safeguarding_role",
        inverse="_inverse_safeguarding_role",
        help="What the user does in the Safeguarding app: one role per user. "
        "Odoo's administrators are safeguarding administrators.",
    )
    # The role as the forms offer it: "No Role" is a choice of its own there (a
    # leaver's, say), where the role itself is simply empty.
    safeguarding_role_choice = fields.Selection(
        selection="_selection_safeguarding_role_choice",
        string="Role in Safeguarding",
        compute="_compute_safeguarding_role_choice",
        inverse="_inverse_safeguarding_role_choice",
        search="_search_safeguarding_role_choice",
        help="What the user does in the Safeguarding app: one role per user, or no "
        "role (a leaver, or someone who does not work in the app). Odoo's "
        "administrators are safeguarding administrators.",
    )
    safeguarding_role_description = fields.Text(
        string="What the Role Allows",
        compute="_compute_safeguarding_role_description",
    )

    def _safeguarding_second_factor_missing(self):
        """Whether the agency requires two-factor authentication and the user has
        not enabled it: such a user reaches no case data (the record rules
        ``..._rule_second_factor``)."""
        self.ensure_one()
        return safeguarding_second_factor_required(self.env) and not self.totp_enabled

    def _safeguarding_landing_action(self):
        """The action the user (one) lands on after logging in: My Work itself (its
        menu's action, so that the app's menus show), or the app's landing page,
        which tells a user who must first enable two factors how."""
        self.ensure_one()
        if self._safeguarding_second_factor_missing():
            return self.env.ref("safeguarding_info_sharing.safeguarding_landing_action")
        return self.env.ref("safeguarding_info_sharing.safeguarding_my_work_action")

    def _safeguarding_ai_refused(self):
        """Whether Odoo's AI text generation is refused to the user: to whoever holds
        a safeguarding role (Odoo's administrators included), in every editor.

        By role rather than by record: the service's route is sent the text alone,
        never the record it is written for, and what a practitioner knows of a child
        can be typed into any field, not only the addon's."""
        self.ensure_one()
        return bool(self.safeguarding_role)

    @api.model
    def action_safeguarding_my_work(self):
        """The app's landing page: My Work, or, for a user who must first enable
        two-factor authentication, the page that says how."""
        if not self.env.user._safeguarding_second_factor_missing():
            return self.env["ir.actions.act_window"]._for_xml_id(
                "safeguarding_info_sharing.safeguarding_my_work_action"
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Two-factor Authentication Required"),
            "res_model": "res.users",
            "res_id": self.env.uid,
            "view_mode": "form",
            "views": [
                (
                    self.env.ref(
                        "safeguarding_info_sharing.res_users_view_form_second_factor"
                    ).id,
                    "form",
                )
            ],
            "target": "current",
        }

    @api.model
    def _safeguarding_role_groups(self):
        """{role: group} of the safeguarding roles (while the addon installs, of
        those already made)."""
        groups = {
            role: self.env.ref(xmlid, raise_if_not_found=False)
            for role, xmlid in ROLE_GROUPS.items()
        }
        return {role: group for role, group in groups.items() if group}

    @api.depends("groups_id")
    def _compute_safeguarding_role(self):
        groups = self._safeguarding_role_groups()
        # A lead also holds the practitioner group: test the lead first.
        order = ("lead", "practitioner", "manager", "admin")
        for user in self:
            user.safeguarding_role = next(
                (
                    role
                    for role in order
                    if role in groups and groups[role] in user.groups_id
                ),
                False,
            )

    @api.model
    def _selection_safeguarding_role_choice(self):
        return [*self._fields["safeguarding_role"].selection, (NO_ROLE, "No Role")]

    @api.depends("safeguarding_role")
    def _compute_safeguarding_role_choice(self):
        for user in self:
            user.safeguarding_role_choice = user.safeguarding_role or NO_ROLE

    def _search_safeguarding_role_choice(self, operator, value):
        if operator != "=":
            raise UserError(self.env._("Search a safeguarding role with = only."))
        ids = {
            role: group.id for role, group in self._safeguarding_role_groups().items()
        }
        if value == "practitioner":
            # A lead holds the practitioner group too.
            return [
                ("groups_id", "in", [ids["practitioner"]]),
                ("groups_id", "not in", [ids["lead"]]),
            ]
        if value in ids:
            return [("groups_id", "in", [ids[value]])]
        return [("groups_id", "not in", list(ids.values()))]

    def _inverse_safeguarding_role_choice(self):
        for choice in set(self.mapped("safeguarding_role_choice")):
            users = self.filtered(
                lambda user, c=choice: user.safeguarding_role_choice == c
            )
            users.safeguarding_role = choice if choice != NO_ROLE else False

    def _inverse_safeguarding_role(self):
        groups = self._safeguarding_role_groups()
        every_role = [Command.unlink(group.id) for group in groups.values()]
        for role in {user.safeguarding_role for user in self}:
            chosen = [Command.link(groups[role].id)] if role else []
            self.filtered(lambda user, role=role: user.safeguarding_role == role).write(
                {"groups_id": every_role + chosen}
            )

    def write(self, vals):
        if "groups_id" not in vals:
            return super().write(vals)
        before = {user: user.groups_id for user in self}
        result = super().write(vals)
        for user, groups in before.items():
            user._log_group_change(groups, user.groups_id)
        return result

    def _log_group_change(self, before, after):
        """Post who changed the user's access groups on the user's chatter.

        Posted whatever the context (``mail_notrack`` included): granting oneself a
        safeguarding role is the audit trail of Odoo's administrator.
        """
        added, removed = after - before, before - after
        if not (added or removed):
            return
        body = self.env._(
            "Access groups changed by %(author)s. Added: %(added)s. "
            "Removed: %(removed)s.",
            author=self.env.user.name,
            added=", ".join(sorted(added.mapped("full_name"))) or "-",
            removed=", ".join(sorted(removed.mapped("full_name"))) or "-",
        )
        # sudo: the note goes on the user's own chatter, whoever may write the user.
        self.partner_id.sudo().with_context(
            mail_notrack=False, tracking_disable=False, mail_create_nolog=False
        ).message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )

    @api.depends("safeguarding_role_choice")
    def _compute_safeguarding_role_description(self):
        for user in self:
            user.safeguarding_role_description = self._safeguarding_role_allows(
                user.safeguarding_role_choice
            )

    @api.model
    def _safeguarding_role_allows(self, role):
        """What ``role`` (a choice of the forms) allows, in words."""
        groups = self._safeguarding_role_groups()
        if role in groups:
            return groups[role].comment
        return self.env._(
            "No safeguarding role: the user reaches nothing of the Safeguarding app."
        )

    @api.constrains("groups_id")
    def _check_safeguarding_role(self):
        groups = self.env["res.groups"].browse(
            group.id for group in self._safeguarding_role_groups().values()
        )
        for user in self:
            held = user.groups_id & groups
            # The roles the user holds, less those another of them implies.
            roles = held - held.trans_implied_ids
            if len(roles) > 1:
                raise ValidationError(
                    self.env._(
                        "%(user)s would hold the safeguarding roles %(roles)s: a user "
                        "holds one role only. Choose one under Safeguarding Role on "
                        "the user's form (Odoo's administrators are safeguarding "
                        "administrators).",
                        user=user.display_name,
                        roles=", ".join(sorted(roles.mapped("name"))),
                    )
                )


class ResGroups(models.Model):
    _inherit = "res.groups"

    @api.constrains("users", "implied_ids")
    def _check_safeguarding_role(self):
        """Users added through a group (or by a new implication) hold one role too."""
        roles = self.env["res.users"]._safeguarding_role_groups().values()
        role_ids = {group.id for group in roles}
        touched = self.filtered(
            lambda group: role_ids & set((group | group.trans_implied_ids).ids)
        )
        touched.with_context(active_test=False).users._check_safeguarding_role()

    def write(self, vals):
        if "users" not in vals:
            return super().write(vals)
        users = self.with_context(active_test=False).users
        before = {user: user.groups_id for user in users}
        result = super().write(vals)
        for user in users | self.with_context(active_test=False).users:
            user._log_group_change(
                before.get(user, user.groups_id - self), user.groups_id
            )
        return result
