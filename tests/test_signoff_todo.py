"""A decision awaiting sign-off is always in some lead's My Work: its sign-off to-do
is done by signing it off or returning it, never ticked off on its own."""

from odoo.exceptions import UserError
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from .common import GROUP, PASSWORD, DecisionCommon, RpcClient, SecondFactorLogin

REQUEST = "safeguarding_info_sharing.mail_activity_type_signoff_request"


class SignoffTodoCommon(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_lead = new_test_user(
            cls.env, "todo_other_lead", groups=GROUP + "lead", name="Orla Lead"
        )

    def requests(self, decision):
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "safeguarding.decision"),
                    ("res_id", "=", decision.id),
                    ("activity_type_id", "=", self.env.ref(REQUEST).id),
                ]
            )
        )


@tagged("post_install", "-at_install")
class TestSignoffTodo(SignoffTodoCommon):
    def test_the_last_request_goes_only_with_the_sign_off(self):
        decision = self.new_decision()
        decision.action_submit()
        requests = self.requests(decision)
        self.assertLessEqual(self.lead | self.other_lead, requests.user_id)
        mine = requests.filtered(lambda a: a.user_id == self.lead).with_user(self.lead)
        others = (
            requests - mine - requests.filtered(lambda a: a.user_id == self.other_lead)
        )
        # Another lead is asked too: one lead may cancel their own request (and
        # any other lead of the database theirs).
        mine.action_cancel()
        others.unlink()
        theirs = self.requests(decision).with_user(self.other_lead)
        self.assertEqual(theirs.user_id, self.other_lead)
        with self.assertRefused(
            UserError,
            f"^{decision.name} awaits sign-off and no other lead is asked to sign it "
            "off: this request goes when it is signed off or returned. Hand it over "
            "to another lead instead of removing it.$",
        ):
            theirs.action_cancel()
        self.assertEqual(self.requests(decision), theirs)
        decision.with_user(self.other_lead).action_approve()
        self.assertFalse(self.requests(decision))

    def test_no_submission_that_no_lead_can_sign_off(self):
        restricted = self.env["safeguarding.case"].create(
            {
                "child_id": self.child.id,
                "user_id": self.practitioner.id,
                "restricted": True,
                "restriction_reason": "A relative works in the team.",
            }
        )
        decision = self.new_decision(case_id=restricted.id)
        with self.assertRefused(
            UserError,
            f"^{decision.name} cannot be submitted: no safeguarding lead may read it "
            f"to sign it off. Ask a lead to join the team of "
            f"{restricted.display_name}.$",
        ):
            decision.action_submit()
        self.assertEqual(decision.signoff_state, "none")
        self.assertFalse(decision.signoff_ids)

    def test_a_decision_in_nobodys_my_work_is_asked_again_on_update(self):
        decision = self.new_decision()
        decision.action_submit()
        # As a database left before this was refused: the requests removed by hand.
        self.env.cr.execute(
            "DELETE FROM mail_activity WHERE id IN %s",
            [tuple(self.requests(decision).ids)],
        )
        self.env.invalidate_all()
        self.assertFalse(self.requests(decision))
        self.env["safeguarding.decision"]._ask_leads_where_none_is_asked()
        self.assertLessEqual(
            self.lead | self.other_lead, self.requests(decision).user_id
        )


@tagged("post_install", "-at_install")
class TestSignoffTodoOverRpc(RpcClient, HttpCase, SignoffTodoCommon):
    """From outside, as the lead's web client marks an activity done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.lead.password = PASSWORD

    def setUp(self):
        super().setUp()
        self.decision = self.new_decision()
        self.decision.action_submit()

    def test_marking_the_to_do_done_is_refused(self):
        request = self.requests(self.decision).filtered(
            lambda a: a.user_id == self.lead
        )
        for method in ("action_feedback", "action_done"):
            with self.subTest(method=method):
                name, message = self.rpc_refusal(
                    self.lead, "mail.activity", method, request.ids
                )
                self.assertEqual(name, "odoo.exceptions.UserError")
                self.assertEqual(
                    message,
                    f"{self.decision.name} still awaits sign-off: this to-do is done "
                    "when you sign it off or return it, from the decision.",
                )
                self.env.invalidate_all()
                self.assertTrue(request.exists())
                self.assertEqual(self.decision.signoff_state, "submitted")


@tagged("post_install", "-at_install")
class TestSignoffTodoTour(SecondFactorLogin, HttpCase, SignoffTodoCommon):
    def test_the_lead_cannot_tick_it_off_from_the_chatter(self):
        decision = self.new_decision()
        decision.action_submit()
        # The server logs the refused call as a WARNING: expected here.
        with mute_logger("odoo.http"):
            self.start_tour(
                "/odoo/action-safeguarding_info_sharing.safeguarding_decision_action/"
                f"{decision.id}",
                "safeguarding_signoff_todo_tour",
                login=self.lead.login,
            )
        self.assertIn(self.lead, self.requests(decision).user_id)
        self.assertEqual(decision.signoff_state, "submitted")
