from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from . import scenarios
from .common import SecondFactorLogin, enable_second_factor, pin_guidance

XMLID = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestMyWork(SecondFactorLogin, HttpCase):
    """Every role lands on My Work: the lead finds a decision awaiting sign-off one
    click after opening the app. As an agency runs: two factors required (a new
    install's setting) and enabled by each user."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, "2018")
        cls.practitioner = new_test_user(
            cls.env,
            "work_practitioner",
            groups=XMLID + "group_practitioner",
            name="Wren Practitioner",
        )
        cls.lead = new_test_user(
            cls.env, "work_lead", groups=XMLID + "group_lead", name="Wade Lead"
        )
        cls.manager = new_test_user(
            cls.env,
            "work_manager",
            groups=XMLID + "group_manager",
            name="Mina Manager",
        )
        for user in cls.practitioner | cls.lead | cls.manager:
            enable_second_factor(user)
        child = cls.env["res.partner"].create({"name": "My Work Child"})
        cls.case = cls.env["safeguarding.case"].create(
            {"child_id": child.id, "user_id": cls.practitioner.id}
        )
        data = scenarios.reference_data(cls.env, "work")
        cls.decision = (
            cls.env["safeguarding.decision"]
            .with_user(cls.practitioner)
            .create(scenarios.share_vals(cls.case, data))
        )
        scenarios.confirm_principles(cls.decision)

    def my_work(self, user, *filters):
        """The activities My Work lists for ``user``, with these of its filters."""
        action = self.env.ref(XMLID + "safeguarding_my_work_action")
        Activity = self.env["mail.activity"].with_user(user)
        domain = safe_eval(action.domain, {"uid": user.id})
        view = Activity.get_view(action.search_view_id.id, "search")
        for name in filters:
            node = view["arch"].split(f'name="{name}"')[1]
            domain += safe_eval(node.split('domain="')[1].split('"')[0])
        return Activity.search(domain)

    def test_the_app_opens_on_my_work(self):
        # The landing action opens My Work for a user with two factors
        # (tests/test_second_factor.py: the notice for one without).
        landing = self.env.ref(XMLID + "safeguarding_landing_action")
        self.assertEqual(self.env.ref(XMLID + "menu_root").action, landing)
        # Its My Work menu opens My Work itself: the action users land on after
        # logging in (tests/test_landing.py), so that the app's menus show there.
        self.assertEqual(
            self.env.ref(XMLID + "safeguarding_my_work_menu").action,
            self.env.ref(XMLID + "safeguarding_my_work_action"),
        )
        for user in self.practitioner | self.lead:
            action = landing.with_user(user).run()
            self.assertEqual(
                (action["id"], action["res_model"], action["domain"]),
                (
                    self.env.ref(XMLID + "safeguarding_my_work_action").id,
                    "mail.activity",
                    "[('user_id', '=', uid), ('res_model', '=like', 'safeguarding.%')]",
                ),
            )

    def test_each_kind_of_work_has_its_filter(self):
        self.decision.action_submit()
        asked = self.my_work(self.lead)
        self.assertEqual(len(asked), 1)
        self.assertRecordValues(
            asked,
            [
                {
                    "res_model": "safeguarding.decision",
                    "res_id": self.decision.id,
                    "activity_type_id": self.env.ref(
                        XMLID + "mail_activity_type_signoff_request"
                    ).id,
                }
            ],
        )
        self.assertEqual(self.my_work(self.lead, "signoff"), asked)
        self.assertFalse(self.my_work(self.lead, "returned"))
        self.assertFalse(self.my_work(self.practitioner))
        self.decision.with_user(self.lead)._return("Add the dates.")
        self.assertFalse(self.my_work(self.lead))
        returned = self.my_work(self.practitioner, "returned")
        self.assertEqual(len(returned), 1)
        self.assertEqual(self.my_work(self.practitioner), returned)
        self.assertFalse(self.my_work(self.practitioner, "signoff"))

    def test_lead_signs_off_from_my_work(self):
        self.decision.action_submit()
        self.start_tour("/odoo", "safeguarding_my_work_tour", login=self.lead.login)
        self.assertEqual(self.decision.signoff_state, "approved")
        self.assertEqual(self.decision.signoff_ids[-1:].user_id, self.lead)
        self.assertFalse(self.my_work(self.lead))
        self.assertEqual(len(self.my_work(self.practitioner, "signed_off")), 1)

    def test_lead_returns_from_my_work(self):
        self.decision.action_submit()
        self.start_tour("/odoo", "safeguarding_return_tour", login=self.lead.login)
        self.assertEqual(self.decision.signoff_state, "returned")
        self.assertEqual(
            self.decision.signoff_ids[-1:].reason, "Add the date of each bruise."
        )
        self.assertFalse(self.my_work(self.lead))
        self.assertEqual(len(self.my_work(self.practitioner, "returned")), 1)

    def test_manager_runs_the_pivot_and_exports_the_decision_log(self):
        self.decision.action_submit()
        self.decision.with_user(self.lead).action_approve()
        self.decision.with_user(self.practitioner).action_record()
        self.start_tour(
            "/odoo", "safeguarding_manager_reports_tour", login=self.manager.login
        )
