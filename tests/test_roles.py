from lxml import etree

from odoo.exceptions import AccessError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, new_test_user, tagged

from .common import GROUP, SafeguardingCommon

HOURS_PARAM = "safeguarding_info_sharing.emergency_signoff_hours"
# The form Settings > Users opens (the default one is the simplified form).
USER_FORM = "base.view_users_form"


@tagged("post_install", "-at_install")
class TestRoles(SafeguardingCommon):
    """One safeguarding role per user, chosen on the user form."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.access_manager = new_test_user(
            cls.env,
            "t_access_manager",
            groups="base.group_user,base.group_erp_manager,base.group_partner_manager",
            name="Ali Access",
        )
        cls.groups = {
            role: cls.env.ref(GROUP + role)
            for role in ("practitioner", "lead", "manager", "admin")
        }
        cls.all_roles = cls.env["res.groups"].union(*cls.groups.values())

    def held(self, user):
        """The safeguarding groups the user holds, read back from the database."""
        self.env.flush_all()
        self.env.invalidate_all()
        return user.groups_id & self.all_roles

    def test_the_role_is_on_the_user_form_without_developer_mode(self):
        self.assertFalse(self.access_manager.has_group("base.group_no_one"))
        arch = (
            self.env["res.users"]
            .with_user(self.access_manager)
            .get_views([(self.env.ref(USER_FORM).id, "form")])["views"]["form"]["arch"]
        )
        field = etree.fromstring(arch).xpath(
            "//page[@name='access_rights']//group[@name='safeguarding']"
            "/field[@name='safeguarding_role_choice']"
        )
        self.assertEqual(len(field), 1)
        self.assertEqual(field[0].get("widget"), "radio")

    def test_choose_and_change_the_role_on_the_form(self):
        Users = self.env["res.users"].with_user(self.access_manager)
        with Form(Users, view=USER_FORM) as form:
            form.name = "Robin Role"
            form.login = "t_robin_role"
            form.safeguarding_role_choice = "lead"
            self.assertEqual(
                form.safeguarding_role_description, self.groups["lead"].comment
            )
        user = form.record
        # The lead group, and the practitioner group it implies.
        self.assertEqual(
            self.held(user), self.groups["lead"] | self.groups["practitioner"]
        )
        self.assertEqual(user.safeguarding_role, "lead")

        with Form(user.with_user(self.access_manager), view=USER_FORM) as form:
            form.safeguarding_role_choice = "manager"
        self.assertEqual(self.held(user), self.groups["manager"])
        self.assertEqual(user.safeguarding_role, "manager")
        self.assertTrue(user.has_group("base.group_allow_export"))

        # A leaver: "No Role" is a choice of its own.
        with Form(user.with_user(self.access_manager), view=USER_FORM) as form:
            form.safeguarding_role_choice = "none"
            self.assertEqual(
                form.safeguarding_role_description,
                "No safeguarding role: the user reaches nothing of the Safeguarding "
                "app.",
            )
        self.assertEqual(self.held(user), self.env["res.groups"])
        self.assertIs(user.safeguarding_role, False)
        self.assertEqual(user.safeguarding_role_choice, "none")
        self.assertTrue(user.has_group("base.group_user"))

    def test_each_role_gives_exactly_its_groups(self):
        user = self.practitioner.with_user(self.access_manager)
        expected = {
            "practitioner": self.groups["practitioner"],
            "lead": self.groups["lead"] | self.groups["practitioner"],
            "manager": self.groups["manager"],
            "admin": self.groups["admin"],
        }
        for role in ("lead", "manager", "admin", "practitioner"):
            with self.subTest(role=role):
                user.safeguarding_role = role
                self.assertEqual(self.held(user), expected[role])
                self.assertEqual(user.safeguarding_role, role)
                self.assertEqual(
                    user.safeguarding_role_description,
                    self.groups[role].comment,
                )

    def test_a_user_cannot_hold_two_roles(self):
        user = self.practitioner
        message = (
            r"Pat Practitioner would hold the safeguarding roles Manager, "
            r"Practitioner: a user holds one role only"
        )
        # Ticking a second group, as the developer-mode checkboxes would.
        with self.assertRefused(ValidationError, message):
            user.with_user(self.access_manager).write(
                {"groups_id": [Command.link(self.groups["manager"].id)]}
            )
        self.assertEqual(self.held(user), self.groups["practitioner"])
        # Adding the user to the group from the group's side.
        with self.assertRefused(ValidationError, message):
            self.groups["manager"].with_user(self.access_manager).write(
                {"users": [Command.link(user.id)]}
            )
        self.assertEqual(self.held(user), self.groups["practitioner"])
        self.assertNotIn(user, self.groups["manager"].users)
        # A lead is a practitioner too: that is one role.
        user.with_user(self.access_manager).write(
            {"groups_id": [Command.link(self.groups["lead"].id)]}
        )
        self.assertEqual(user.safeguarding_role, "lead")

    def test_odoo_administrators_are_safeguarding_administrators(self):
        system = new_test_user(
            self.env, "t_system", groups="base.group_system", name="Sys Admin"
        )
        self.assertEqual(system.safeguarding_role, "admin")
        self.assertEqual(self.held(system), self.groups["admin"])
        with self.assertRefused(
            ValidationError,
            r"Sys Admin would hold the safeguarding roles Administrator, Practitioner",
        ):
            system.safeguarding_role = "practitioner"
        self.assertEqual(self.held(system), self.groups["admin"])


@tagged("post_install", "-at_install")
class TestSafeguardingSettings(SafeguardingCommon):
    """The safeguarding administrator sets the emergency sign-off hours."""

    def setUp(self):
        super().setUp()
        self.params = self.env["ir.config_parameter"].sudo()
        self.params.set_param(HOURS_PARAM, "24")

    def test_safeguarding_administrator_changes_the_hours(self):
        Settings = self.env["safeguarding.config.settings"].with_user(self.sg_admin)
        form = Form(Settings)
        self.assertEqual(form.emergency_signoff_hours, 24)
        form.emergency_signoff_hours = 6
        settings = form.save()
        self.assertEqual(self.params.get_param(HOURS_PARAM), "24")
        self.assertEqual(
            settings.action_save(), {"type": "ir.actions.act_window_close"}
        )
        self.assertEqual(self.params.get_param(HOURS_PARAM), "6")
        self.assertEqual(Form(Settings).emergency_signoff_hours, 6)

    def test_the_menu_is_the_safeguarding_administrators(self):
        menu = self.env.ref(
            "safeguarding_info_sharing.safeguarding_config_settings_menu"
        )
        self.assertEqual(
            menu.parent_id, self.env.ref("safeguarding_info_sharing.menu_configuration")
        )
        self.assertEqual(
            menu.action,
            self.env.ref(
                "safeguarding_info_sharing.safeguarding_config_settings_action"
            ),
        )
        visible = self.env["ir.ui.menu"].with_user(self.sg_admin)._visible_menu_ids()
        self.assertIn(menu.id, visible)
        for user in (self.practitioner, self.lead, self.manager):
            with self.subTest(user=user.login):
                hidden = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                self.assertNotIn(menu.id, hidden)

    def test_hours_below_one_are_refused(self):
        Settings = self.env["safeguarding.config.settings"].with_user(self.sg_admin)
        with self.assertRefused(ValidationError, r"at least 1 hour, not 0"):
            Settings.create({"emergency_signoff_hours": 0})
        self.assertEqual(self.params.get_param(HOURS_PARAM), "24")

    def test_other_roles_cannot_change_the_hours(self):
        for user in (self.practitioner, self.lead, self.manager):
            with self.subTest(user=user.login):
                Settings = self.env["safeguarding.config.settings"].with_user(user)
                with self.assertRaises(AccessError):
                    Settings.create({"emergency_signoff_hours": 1})
        # A record made by an administrator cannot be saved by anyone else.
        settings = (
            self.env["safeguarding.config.settings"]
            .with_user(self.sg_admin)
            .create({"emergency_signoff_hours": 2})
        )
        with self.assertRaises(AccessError):
            settings.with_user(self.lead).action_save()
        self.assertEqual(self.params.get_param(HOURS_PARAM), "24")
