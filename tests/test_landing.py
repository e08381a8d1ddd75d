"""Where a user lands after logging in: My Work for every safeguarding role."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SecondFactorLogin, enable_second_factor, require_second_factor

XMLID = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestLanding(SecondFactorLogin, HttpCase):
    """Opening Odoo after logging in (no page asked for), each role lands on My Work,
    not on Discuss, the first app; one who must first enable two-factor
    authentication lands on the page that says how."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        require_second_factor(cls.env, True)
        cls.users = {
            role: new_test_user(
                cls.env, f"landing_{role}", groups=XMLID + f"group_{role}"
            )
            for role in ("practitioner", "lead", "manager", "admin")
        }
        for user in cls.users.values():
            enable_second_factor(user)
        cls.without_second_factor = new_test_user(
            cls.env, "landing_no_totp", groups=XMLID + "group_practitioner"
        )

    def test_every_role_lands_on_my_work(self):
        for role, user in self.users.items():
            with self.subTest(role=role):
                self.start_tour("/odoo", "safeguarding_landing_tour", login=user.login)

    def test_one_without_two_factors_lands_on_the_page_that_says_how(self):
        self.start_tour(
            "/odoo",
            "safeguarding_landing_second_factor_tour",
            login=self.without_second_factor.login,
        )

    def home_action(self, user):
        """The home action the web client is given for ``user`` once logged in."""
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/session/get_session_info")[
            "home_action_id"
        ]

    def test_a_home_action_of_their_own_is_kept(self):
        user = self.users["practitioner"]
        self.assertEqual(
            self.home_action(user),
            self.env.ref(XMLID + "safeguarding_my_work_action").id,
        )
        discuss = self.env.ref("mail.action_discuss")
        user.action_id = discuss.id
        self.assertEqual(self.home_action(user), discuss.id)

    def test_one_without_two_factors_is_sent_to_the_landing_page(self):
        self.assertEqual(
            self.home_action(self.without_second_factor),
            self.env.ref(XMLID + "safeguarding_landing_action").id,
        )

    def test_a_user_of_no_role_keeps_odoos_landing(self):
        user = new_test_user(self.env, "landing_nobody", groups="base.group_user")
        self.assertFalse(self.home_action(user))
