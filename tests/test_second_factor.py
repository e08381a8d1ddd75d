"""Two factors for case data: while the agency requires two-factor authentication (on
for a new install), a user who has not enabled it reaches no case data, from outside
over JSON-RPC on the running server, whatever the path; enabled through auth_totp's
own API, the same user reads their case at once; only Odoo's administrators switch
the requirement; the app's landing page tells such a user how to enable it."""

from odoo.exceptions import AccessError
from odoo.fields import Command
from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import (
    GROUP,
    SECOND_FACTOR,
    DecisionCommon,
    RpcClient,
    enable_second_factor,
    require_second_factor,
)

ACCESS_ERROR = "odoo.exceptions.AccessError"
REFUSED = (
    "Your agency requires two-factor authentication before anyone reaches "
    "safeguarding case data, and you have not enabled it. Enable it in your "
    "Preferences, tab Account Security, button Enable two-factor authentication, "
    "then try again."
)
NOT_ADMIN = "Only Odoo's administrators can change the settings."
XMLID = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestSecondFactorDefault(TransactionCase):
    def test_a_new_install_requires_it(self):
        # The test database is a fresh install: nothing outside a test's own
        # transaction changes the parameter.
        param = self.env.ref(XMLID + "config_require_second_factor")
        self.assertEqual((param.key, param.value), (SECOND_FACTOR, "True"))
        self.assertIs(
            self.env["res.config.settings"]
            .create({})
            .safeguarding_require_second_factor,
            True,
        )
        # Removed, it is required all the same; only "False" switches it off.
        param.unlink()
        user = new_test_user(self.env, "sf_default", groups=GROUP + "practitioner")
        self.assertIs(user._safeguarding_second_factor_missing(), True)
        require_second_factor(self.env, False)
        self.assertIs(user._safeguarding_second_factor_missing(), False)


@tagged("post_install", "-at_install")
class TestSecondFactor(RpcClient, HttpCase, DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Made with the requirement off (DecisionCommon), then switched on.
        cls.decision = (
            cls.env["safeguarding.decision"]
            .with_user(cls.practitioner)
            .create(cls.share_vals(cls))
        )
        cls.confirm_principles(cls.decision)
        cls.record(cls, cls.decision)
        cls.decision = cls.decision.sudo()
        cls.line = (
            cls.env["safeguarding.disclosure"]
            .with_user(cls.practitioner)
            .create(
                cls.disclosure_vals(
                    cls, cls.decision, description="The bruising on the left arm."
                )
            )
            .sudo()
        )
        cls.restricted = cls.env["safeguarding.case"].create(
            {
                "child_id": cls.parent.id,
                "user_id": cls.practitioner.id,
                "member_ids": [Command.set(cls.lead.ids)],
                "restricted": True,
                "restriction_reason": "Child of a member of staff.",
            }
        )
        cls.activity = cls.env["mail.activity"].create(
            {
                "res_model_id": cls.env["ir.model"]._get_id("safeguarding.case"),
                "res_id": cls.case.id,
                "user_id": cls.practitioner.id,
                "summary": "Check the bruising with the school nurse.",
            }
        )
        cls.user_admin = cls.env.ref("base.user_admin")
        require_second_factor(cls.env, True)

    # Helpers

    def enable(self, user):
        enable_second_factor(user)
        self.env.flush_all()
        # The session token holds the TOTP secret: log in anew, as auth_totp makes
        # the user do.
        self._rpc_login = None

    def run_action(self, user, action):
        """The action the web client gets when ``user`` opens ``action``."""
        self.authenticate(user.login, self.rpc_password)
        self._rpc_login = user.login
        return self.make_jsonrpc_request("/web/action/run", {"action_id": action.id})

    def case_counts(self):
        self.env.invalidate_all()
        return (
            self.env["safeguarding.decision"].search_count([]),
            self.env["safeguarding.case.access.log"].search_count([]),
            self.case.summary,
        )

    # Refused without it

    def test_without_it_a_practitioner_reaches_no_case_data(self):
        user = self.practitioner
        before = self.case_counts()
        for model, record in (
            ("safeguarding.case", self.case),
            ("safeguarding.case", self.restricted),
            ("safeguarding.decision", self.decision),
            ("safeguarding.disclosure", self.line),
            ("safeguarding.decision.signoff", self.decision.signoff_ids[0]),
        ):
            with self.subTest(model=model, id=record.id):
                self.assertEqual(
                    self.rpc_refusal(user, model, "read", record.ids, ["display_name"]),
                    (ACCESS_ERROR, REFUSED),
                )
                self.assertEqual(
                    self.call(
                        user, model, "search_read", [("id", "=", record.id)], ["id"]
                    ),
                    [],
                )
        log = self.env["safeguarding.sharing.log"].search(
            [("case_id", "=", self.case.id)]
        )
        self.assertTrue(log)
        self.assertEqual(
            self.call(
                user,
                "safeguarding.sharing.log",
                "search_read",
                [("case_id", "=", self.case.id)],
                ["summary"],
            ),
            [],
        )
        self.assertEqual(
            self.rpc_refusal(user, "safeguarding.sharing.log", "read", log.ids, ["id"]),
            (ACCESS_ERROR, REFUSED),
        )
        self.assertEqual(
            self.call(user, "safeguarding.decision", "search_count", []), 0
        )
        self.assertEqual(
            self.call(
                user,
                "safeguarding.decision",
                "read_group",
                [],
                ["outcome"],
                ["outcome"],
            ),
            [],
        )
        # Exporting is the manager's (base.group_allow_export).
        self.assertEqual(
            self.rpc_refusal(
                self.manager,
                "safeguarding.case",
                "export_data",
                self.case.ids,
                ["name", "summary"],
            ),
            (ACCESS_ERROR, REFUSED),
        )
        # The chatter, the notifications the user was sent (which Odoo lets a
        # recipient read without the record) and the work given them.
        messages = [("model", "=", "safeguarding.case"), ("res_id", "=", self.case.id)]
        notified = self.env["mail.message"].search(
            messages + [("partner_ids", "in", user.partner_id.ids)]
        )
        self.assertTrue(notified)
        self.assertEqual(
            self.call(user, "mail.message", "search_read", messages, ["body"]), []
        )
        self.assertEqual(
            self.rpc_refusal(user, "mail.message", "read", notified.ids, ["body"])[0],
            ACCESS_ERROR,
        )
        activity = self.activity
        self.assertEqual(
            self.call(
                user, "mail.activity", "search_read", [("user_id", "=", user.id)], []
            ),
            [],
        )
        self.assertEqual(
            self.rpc_refusal(user, "mail.activity", "read", activity.ids, ["summary"])[
                0
            ],
            ACCESS_ERROR,
        )
        # Nor written, nor created, nor logged.
        self.assertEqual(
            self.rpc_refusal(
                user,
                "safeguarding.case",
                "write",
                self.case.ids,
                {"summary": "<p>Changed.</p>"},
            ),
            (ACCESS_ERROR, REFUSED),
        )
        self.assertEqual(
            self.rpc_refusal(
                user, "safeguarding.decision", "create", [self.share_vals()]
            ),
            (ACCESS_ERROR, REFUSED),
        )
        self.assertEqual(self.case_counts(), before)

    def test_without_it_no_printed_record(self):
        self.authenticate(self.practitioner.login, self.rpc_password)
        with mute_logger("odoo.http"):
            response = self.url_open(
                "/report/html/safeguarding_info_sharing.report_decision_record/"
                f"{self.decision.id}"
            )
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(self.decision.reason, response.text)
        self.assertNotIn(self.case.name, response.text)
        before = self.case_counts()
        report = self.env["ir.actions.report"].with_user(self.practitioner)
        for name, records in (
            ("report_decision_record", self.decision),
            ("report_case_sharing_log", self.restricted),
        ):
            with self.subTest(report=name), self.assertRaises(AccessError) as refused:
                report._render_qweb_html(XMLID + name, records.ids)
            self.assertEqual(str(refused.exception), REFUSED)
        # Nothing logged as an opening of the restricted case.
        self.assertEqual(self.case_counts(), before)

    def test_without_it_a_lead_does_not_verify_the_record(self):
        before = self.env["safeguarding.integrity.check"].search_count([])
        self.assertEqual(
            self.rpc_refusal(
                self.lead, "safeguarding.integrity.check", "action_verify_integrity"
            ),
            (ACCESS_ERROR, REFUSED),
        )
        self.assertEqual(
            self.env["safeguarding.integrity.check"].search_count([]), before
        )

    def test_without_it_no_one_gives_them_work_on_a_case(self):
        message = (
            "Cal Colleague has not enabled two-factor authentication, which your "
            "agency requires before anyone reaches case data: until they enable it, "
            f"they cannot follow {self.case.name}, be notified of it or be given an "
            "activity on it."
        )
        enable_second_factor(self.lead)
        self.env.flush_all()
        self.assertEqual(
            self.rpc_refusal(
                self.lead,
                "mail.activity",
                "create",
                {
                    "res_model_id": self.env["ir.model"]._get_id("safeguarding.case"),
                    "res_id": self.case.id,
                    "user_id": self.colleague.id,
                    "summary": "Visit the school.",
                },
            ),
            ("odoo.exceptions.UserError", message),
        )
        self.assertEqual(
            self.rpc_refusal(
                self.lead,
                "safeguarding.case",
                "message_subscribe",
                self.case.ids,
                self.colleague.partner_id.ids,
            ),
            ("odoo.exceptions.UserError", message),
        )
        self.env.invalidate_all()
        self.assertNotIn(self.colleague.partner_id, self.case.message_partner_ids)
        self.assertFalse(
            self.env["mail.activity"].search([("user_id", "=", self.colleague.id)])
        )

    # Enabled, or switched off

    def test_with_it_enabled_they_read_their_case_at_once(self):
        user = self.practitioner
        # Refused first, so that the rules' cache holds the refusal for this user.
        self.assertEqual(
            self.rpc_refusal(
                user, "safeguarding.case", "read", self.case.ids, ["name"]
            ),
            (ACCESS_ERROR, REFUSED),
        )
        self.enable(user)
        self.assertTrue(user.totp_enabled)
        self.assertEqual(
            self.call(user, "safeguarding.case", "read", self.case.ids, ["name"]),
            [{"id": self.case.id, "name": self.case.name}],
        )
        self.assertEqual(
            self.call(
                user,
                "safeguarding.decision",
                "search_read",
                [("case_id", "=", self.case.id)],
                ["reason"],
            ),
            [{"id": self.decision.id, "reason": self.decision.reason}],
        )
        self.assertEqual(
            self.call(
                user,
                "safeguarding.sharing.log",
                "search_count",
                [("case_id", "=", self.case.id)],
            ),
            self.env["safeguarding.sharing.log"].search_count(
                [("case_id", "=", self.case.id)]
            ),
        )
        # Another user without it is still refused.
        self.assertEqual(
            self.rpc_refusal(
                self.lead, "safeguarding.case", "read", self.case.ids, ["name"]
            ),
            (ACCESS_ERROR, REFUSED),
        )

    def test_only_odoo_administrators_switch_it(self):
        param = self.env.ref(XMLID + "config_require_second_factor")
        for user in (self.sg_admin, self.lead, self.practitioner):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.rpc_refusal(
                        user,
                        "res.config.settings",
                        "create",
                        {"safeguarding_require_second_factor": False},
                    )[0],
                    ACCESS_ERROR,
                )
                self.assertEqual(
                    self.rpc_refusal(user, "res.config.settings", "set_values", []),
                    (ACCESS_ERROR, NOT_ADMIN),
                )
                self.assertEqual(
                    self.rpc_refusal(
                        user, "ir.config_parameter", "set_param", SECOND_FACTOR, "False"
                    )[0],
                    ACCESS_ERROR,
                )
                self.assertEqual(
                    self.rpc_refusal(
                        user, "ir.config_parameter", "write", param.ids, {"value": "0"}
                    )[0],
                    ACCESS_ERROR,
                )
                param.invalidate_recordset()
                self.assertEqual(param.value, "True")
        # Odoo's administrator switches it off in Settings: the practitioner reads
        # their case at once, without two factors.
        self.assertEqual(
            self.rpc_refusal(
                self.practitioner, "safeguarding.case", "read", self.case.ids, ["name"]
            ),
            (ACCESS_ERROR, REFUSED),
        )
        settings = self.call(
            self.user_admin,
            "res.config.settings",
            "create",
            {"safeguarding_require_second_factor": False},
        )
        self.call(self.user_admin, "res.config.settings", "execute", [settings])
        param.invalidate_recordset()
        self.assertEqual(param.value, "False")
        self.assertEqual(
            self.call(
                self.practitioner, "safeguarding.case", "read", self.case.ids, ["name"]
            ),
            [{"id": self.case.id, "name": self.case.name}],
        )

    # The landing page

    def test_the_landing_page_says_how_to_enable_it(self):
        landing = self.env.ref(XMLID + "safeguarding_landing_action")
        self.assertEqual(self.env.ref(XMLID + "menu_root").action, landing)
        notice = self.run_action(self.practitioner, landing)
        view = self.env.ref(XMLID + "res_users_view_form_second_factor")
        self.assertEqual(
            {key: notice[key] for key in ("res_model", "res_id", "views", "target")},
            {
                "res_model": "res.users",
                "res_id": self.practitioner.id,
                "views": [[view.id, "form"]],
                "target": "current",
            },
        )
        arch = (
            self.env["res.users"]
            .with_user(self.practitioner)
            .get_view(view.id, "form")["arch"]
        )
        self.assertIn("Enable two-factor authentication to reach case data", arch)
        self.assertIn("Account Security", arch)
        self.assertIn('name="action_totp_enable_wizard"', arch)
        # The button opens auth_totp's own enabling, which first asks for the
        # user's password.
        enable = self.call(
            self.practitioner,
            "res.users",
            "action_totp_enable_wizard",
            self.practitioner.ids,
        )
        self.assertEqual(enable["res_model"], "res.users.identitycheck")
        # With two factors, the landing page is My Work.
        self.enable(self.practitioner)
        my_work = self.run_action(self.practitioner, landing)
        self.assertEqual(
            my_work["id"], self.env.ref(XMLID + "safeguarding_my_work_action").id
        )

    def test_the_landing_page_in_the_browser(self):
        self.start_tour(
            "/odoo", "safeguarding_second_factor_tour", login=self.practitioner.login
        )
