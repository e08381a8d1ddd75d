"""The safeguarding administrator's own settings: staff given their role (or none,
to a leaver) without Odoo's user administration, channels whose code is made from
their name, and the settings page holding what is theirs."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import (
    GROUP,
    PASSWORD,
    RpcClient,
    SafeguardingCommon,
    SecondFactorLogin,
    enable_second_factor,
)

ROLE_GROUPS = {
    role: GROUP + role for role in ("practitioner", "lead", "manager", "admin")
}


@tagged("post_install", "-at_install")
class TestStaffRolesOverRpc(RpcClient, HttpCase, SafeguardingCommon):
    """From outside, as the administrator's web client calls it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.sg_admin, cls.practitioner, cls.lead):
            user.password = PASSWORD
        cls.leaver = new_test_user(
            cls.env, "t_leaver", groups=GROUP + "practitioner", name="Lena Leaver"
        )

    def change(self, user, users, role):
        wizard = self.call(
            user,
            "safeguarding.role.change",
            "create",
            [{"user_ids": [(6, 0, users.ids)], "role": role}],
        )
        return self.call(user, "safeguarding.role.change", "action_apply", wizard)

    def role_groups(self, user):
        self.env.invalidate_all()
        groups = self.env["res.groups"].union(
            *(self.env.ref(xmlid) for xmlid in ROLE_GROUPS.values())
        )
        return user.groups_id & groups

    def test_the_administrator_gives_a_role_and_takes_it_back_from_a_leaver(self):
        self.change(self.sg_admin, self.leaver, "lead")
        self.assertEqual(
            self.role_groups(self.leaver),
            self.env.ref(GROUP + "lead") | self.env.ref(GROUP + "practitioner"),
        )
        self.change(self.sg_admin, self.leaver, "none")
        self.assertFalse(self.role_groups(self.leaver))
        self.assertEqual(self.leaver.safeguarding_role_choice, "none")
        self.assertTrue(self.leaver.has_group("base.group_user"))
        # Each change posted on the user's chatter, by the administrator.
        notes = self.leaver.partner_id.message_ids.filtered(
            lambda message: "Access groups changed" in (message.body or "")
        )
        self.assertEqual(len(notes), 2)
        self.assertEqual(notes.author_id, self.sg_admin.partner_id)
        self.assertIn(
            "Added: -. Removed: Safeguarding / Practitioner, Safeguarding / "
            "Safeguarding Lead.",
            notes[0].body,
        )

    def test_the_staff_list_reads_each_role(self):
        rows = self.call(
            self.sg_admin,
            "res.users",
            "search_read",
            [
                ("safeguarding_role_choice", "=", "none"),
                ("id", "in", [self.leaver.id, self.lead.id]),
            ],
            ["name", "safeguarding_role_choice"],
        )
        self.assertEqual(rows, [])
        rows = self.call(
            self.sg_admin,
            "res.users",
            "search_read",
            [("id", "in", [self.leaver.id, self.lead.id])],
            ["name", "safeguarding_role_choice"],
            order="name",
        )
        self.assertEqual(
            [(row["name"], row["safeguarding_role_choice"]) for row in rows],
            [("Lee Lead", "lead"), ("Lena Leaver", "practitioner")],
        )

    def test_no_administrator_changes_their_own_role(self):
        name, message = self.rpc_refusal(
            self.sg_admin,
            "safeguarding.role.change",
            "action_apply",
            self.call(
                self.sg_admin,
                "safeguarding.role.change",
                "create",
                [{"user_ids": [(6, 0, self.sg_admin.ids)], "role": "lead"}],
            ),
        )
        self.assertEqual(name, "odoo.exceptions.UserError")
        self.assertEqual(
            message,
            "You cannot change your own safeguarding role: ask another safeguarding "
            "administrator, or Odoo's administrator.",
        )
        self.assertEqual(self.role_groups(self.sg_admin), self.env.ref(GROUP + "admin"))

    def test_odoos_administrators_keep_theirs(self):
        system = new_test_user(
            self.env, "t_sys_roles", groups="base.group_system", name="Sam System"
        )
        wizard = self.call(
            self.sg_admin,
            "safeguarding.role.change",
            "create",
            [{"user_ids": [(6, 0, system.ids)], "role": "none"}],
        )
        name, message = self.rpc_refusal(
            self.sg_admin, "safeguarding.role.change", "action_apply", wizard
        )
        self.assertEqual(name, "odoo.exceptions.UserError")
        self.assertEqual(
            message,
            "Sam System are Odoo's administrators, and so safeguarding "
            "administrators: their role changes in Settings > Users, by Odoo's "
            "administrator.",
        )
        self.assertTrue(system.has_group("base.group_system"))

    def test_no_other_role_changes_roles(self):
        for user in (self.practitioner, self.lead):
            with self.subTest(user=user.login):
                name, _message = self.rpc_refusal(
                    user,
                    "safeguarding.role.change",
                    "create",
                    [{"user_ids": [(6, 0, self.leaver.ids)], "role": "admin"}],
                )
                self.assertEqual(name, "odoo.exceptions.AccessError")
                self.assertEqual(
                    self.role_groups(self.leaver), self.env.ref(GROUP + "practitioner")
                )
        # Nor writes a user's role directly, around the wizard.
        name, _message = self.rpc_refusal(
            self.sg_admin,
            "res.users",
            "write",
            [self.leaver.id],
            {"safeguarding_role_choice": "admin"},
        )
        self.assertEqual(name, "odoo.exceptions.AccessError")
        self.assertEqual(
            self.role_groups(self.leaver), self.env.ref(GROUP + "practitioner")
        )


@tagged("post_install", "-at_install")
class TestChannelCode(SafeguardingCommon):
    def test_a_new_channel_is_given_its_code(self):
        Channels = self.env["safeguarding.channel"].with_user(self.sg_admin)
        first = Channels.create({"name": "Text message (SMS)", "secure": False})
        second = Channels.create({"name": "Text message  SMS"})
        self.assertEqual(first.code, "text_message_sms")
        self.assertEqual(second.code, "text_message_sms_2")
        given = Channels.create({"name": "Fax", "code": "fax_office"})
        self.assertEqual(given.code, "fax_office")


@tagged("post_install", "-at_install")
class TestAdministratorsSettings(SafeguardingCommon):
    def test_the_settings_page_holds_what_is_theirs(self):
        Settings = self.env["safeguarding.config.settings"].with_user(self.sg_admin)
        # As the page opens: Odoo's form asks the server for a new record's values.
        opened = Settings.onchange(
            {}, [], {"decision_template_count": {}, "channel_count": {}}
        )["value"]
        self.assertEqual(
            opened,
            {
                "decision_template_count": self.env[
                    "safeguarding.decision.template"
                ].search_count([]),
                "channel_count": self.env["safeguarding.channel"].search_count([]),
            },
        )
        self.assertTrue(opened["decision_template_count"] and opened["channel_count"])
        settings = Settings.create({})
        self.assertEqual(
            settings.decision_template_count,
            self.env["safeguarding.decision.template"].search_count([]),
        )
        self.assertEqual(
            settings.channel_count, self.env["safeguarding.channel"].search_count([])
        )
        self.assertEqual(
            settings.action_open_decision_templates()["res_model"],
            "safeguarding.decision.template",
        )
        self.assertEqual(
            settings.action_open_channels()["res_model"], "safeguarding.channel"
        )
        self.assertEqual(
            settings.action_open_staff()["view_id"][0],
            self.env.ref(
                "safeguarding_info_sharing.res_users_view_list_safeguarding_staff"
            ).id,
        )

    def test_the_administrator_pins_a_version_until_a_day_and_lifts_it(self):
        Settings = self.env["safeguarding.config.settings"].with_user(self.sg_admin)
        Guidance = self.env["safeguarding.guidance"]
        until = fields.Date.today() + timedelta(days=30)
        Settings.create(
            {"guidance_version": "2018", "guidance_version_until": until}
        ).action_save()
        self.assertEqual(Guidance._pin(), ("2018", until))
        self.assertEqual(Guidance._pinned_version(), "2018")
        # The page opens on the pin as it stands.
        self.assertRecordValues(
            Settings.create({}),
            [{"guidance_version": "2018", "guidance_version_until": until}],
        )
        Settings.create({"guidance_version": False}).action_save()
        self.assertEqual(Guidance._pin(), (False, False))

    def test_a_pin_without_its_last_day_is_refused_and_nothing_changes(self):
        Settings = self.env["safeguarding.config.settings"].with_user(self.sg_admin)
        Guidance = self.env["safeguarding.guidance"]
        before = Guidance._pin()
        yesterday = fields.Date.today() - timedelta(days=1)
        for until in (False, yesterday):
            with self.subTest(until=until), self.assertRaises(UserError) as refused:
                Settings.create(
                    {
                        "guidance_version": "2018",
                        "guidance_version_until": until,
                        "emergency_signoff_hours": 48,
                    }
                ).action_save()
            self.assertEqual(
                refused.exception.args[0],
                "A pinned guidance version needs the last day it applies, today or "
                "later: a pin without an end would keep new decisions under another "
                "advice for ever.",
            )
        self.assertEqual(Guidance._pin(), before)
        self.assertEqual(Settings.create({}).emergency_signoff_hours, 24)


@tagged("post_install", "-at_install")
class TestAdministratorsTour(SecondFactorLogin, HttpCase):
    def test_the_administrator_walks_their_settings(self):
        admin = new_test_user(
            self.env, "tour_sg_admin", groups=GROUP + "admin", name="Ada Tour"
        )
        enable_second_factor(admin)
        leaver = new_test_user(
            self.env, "tour_leaver", groups=GROUP + "practitioner", name="Lena Leaver"
        )
        self.start_tour("/odoo", "safeguarding_admin_settings_tour", login=admin.login)
        self.assertEqual(leaver.safeguarding_role_choice, "none")
        self.assertEqual(
            self.env["safeguarding.channel"]
            .search([("name", "=", "Admin text message")])
            .code,
            "admin_text_message",
        )
