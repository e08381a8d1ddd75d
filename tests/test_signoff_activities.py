from odoo import fields
from odoo.tests import new_test_user, tagged

from .common import GROUP, DecisionCommon

XMLID = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestSignoffActivities(DecisionCommon):
    """Nobody waits unseen: the leads are asked to sign a submitted decision off,
    the practitioner is told what they decided."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second_lead = new_test_user(
            cls.env, "t_lead_2", groups=GROUP + "lead", name="Second Lead"
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Council"})
        cls.outside_lead = new_test_user(
            cls.env,
            "t_lead_other",
            groups=GROUP + "lead",
            name="Olive Outside Lead",
            company_id=cls.other_company.id,
            company_ids=[(6, 0, cls.other_company.ids)],
        )
        cls.request_type = cls.env.ref(XMLID + "mail_activity_type_signoff_request")
        cls.emergency_type = cls.env.ref(XMLID + "mail_activity_type_signoff_emergency")
        cls.approved_type = cls.env.ref(XMLID + "mail_activity_type_signoff_approved")
        cls.returned_type = cls.env.ref(XMLID + "mail_activity_type_signoff_returned")

    def activities(self, decision, kind):
        self.env.invalidate_all()
        return decision.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == kind
        )

    def company_leads(self):
        return self.env.ref(GROUP + "lead").users.filtered(
            lambda user: self.company in user.company_ids
        )

    def test_submitting_asks_every_lead_who_may_read_it(self):
        decision = self.new_decision()
        decision.action_submit()
        asked = self.activities(decision, self.request_type)
        self.assertEqual(asked.user_id, self.company_leads())
        self.assertIn(self.second_lead, asked.user_id)
        self.assertNotIn(self.outside_lead, asked.user_id)
        self.assertNotIn(self.manager, asked.user_id)
        self.assertEqual(len(asked), len(self.company_leads()), "one each")
        self.assertEqual(
            set(asked.mapped("date_deadline")), {fields.Date.context_today(decision)}
        )
        self.assertFalse(self.activities(decision, self.emergency_type))

    def test_a_lead_submitting_is_not_asked_to_sign_their_own(self):
        decision = self.new_decision(user=self.lead)
        decision.with_user(self.lead).action_submit()
        asked = self.activities(decision, self.request_type)
        self.assertEqual(asked.user_id, self.company_leads() - self.lead)
        self.assertIn(self.second_lead, asked.user_id)

    def test_only_the_leads_named_on_a_restricted_case_are_asked(self):
        self.case.write(
            {
                "restricted": True,
                "restriction_reason": "A member of staff is the alleged abuser.",
                "member_ids": [(4, self.second_lead.id)],
            }
        )
        decision = self.new_decision()
        decision.action_submit()
        self.assertEqual(
            self.activities(decision, self.request_type).user_id, self.second_lead
        )

    def test_approval_closes_the_requests_and_tells_the_practitioner(self):
        decision = self.new_decision()
        decision.action_submit()
        decision.with_user(self.lead).action_approve()
        self.assertFalse(self.activities(decision, self.request_type))
        told = self.activities(decision, self.approved_type)
        self.assertEqual(told.user_id, self.practitioner)
        self.assertEqual(len(told), 1)
        self.assertIn("Lee Lead signed off", told.note)
        decision.action_record()
        self.assertFalse(self.activities(decision, self.approved_type))

    def test_return_closes_the_requests_and_tells_the_practitioner_why(self):
        decision = self.new_decision()
        decision.action_submit()
        decision.with_user(self.second_lead)._return(
            "Say what the child said, in their words."
        )
        self.assertFalse(self.activities(decision, self.request_type))
        told = self.activities(decision, self.returned_type)
        self.assertEqual(told.user_id, self.practitioner)
        self.assertIn("Say what the child said, in their words.", told.note)
        self.assertFalse(self.activities(decision, self.approved_type))
        decision.reason = "The child said 'Ryan hurts me when mum is out'."
        decision.action_submit()
        self.assertFalse(self.activities(decision, self.returned_type))
        self.assertEqual(
            self.activities(decision, self.request_type).user_id,
            self.company_leads(),
        )

    def test_closed_requests_are_kept_done_out_of_my_work(self):
        """A move closes the work it gave by archiving it, as Odoo keeps a done
        activity: it stays, done, out of everyone's My Work."""
        decision = self.new_decision()
        decision.action_submit()
        asked = self.activities(decision, self.request_type)
        self.assertEqual(len(asked), len(self.company_leads()))
        decision.with_user(self.second_lead)._return("Say what the child said.")
        Activity = self.env["mail.activity"].sudo()
        place = [("res_model", "=", decision._name), ("res_id", "=", decision.id)]
        self.assertEqual(asked.mapped("active"), [False] * len(asked))
        self.assertEqual(
            Activity.search(place + [("activity_type_id", "=", self.request_type.id)]),
            Activity,
        )
        self.assertEqual(Activity.search(place).activity_type_id, self.returned_type)
        self.assertEqual(
            Activity.with_context(active_test=False).search(place) - asked,
            Activity.search(place),
        )

    def test_done_activities_go_with_their_draft(self):
        decision = self.new_decision()
        decision._create_activities(
            decision._activity_vals(
                XMLID + "mail_activity_type_signoff_returned",
                self.practitioner,
                "Say what the child said.",
            )
        )
        decision._close_activities([XMLID + "mail_activity_type_signoff_returned"])
        Activity = self.env["mail.activity"].sudo().with_context(active_test=False)
        place = [("res_model", "=", decision._name), ("res_id", "=", decision.id)]
        done = Activity.search(place)
        self.assertEqual(done.mapped("active"), [False])
        decision.with_user(self.practitioner).unlink()
        self.assertFalse(done.exists())

    def test_an_emergency_asks_the_leads_with_its_own_type_due_when_sign_off_is(self):
        decision = self.new_decision(
            emergency=True,
            emergency_reason="Child to be collected by the partner at 3pm.",
        )
        decision.action_record()
        self.assertFalse(self.activities(decision, self.request_type))
        asked = self.activities(decision, self.emergency_type)
        self.assertEqual(asked.user_id, self.company_leads())
        self.assertEqual(
            set(asked.mapped("date_deadline")),
            {fields.Date.context_today(decision, decision.signoff_due)},
        )
        self.assertEqual(
            set(asked.mapped("summary")),
            {"Emergency: recorded before sign-off, sign it off now"},
        )
        decision.with_user(self.lead).action_approve()
        self.assertFalse(self.activities(decision, self.emergency_type))
        told = self.activities(decision, self.approved_type)
        self.assertEqual(told.user_id, self.practitioner)
        self.assertIn("signed off the emergency decision", told.note)

    def test_a_returned_emergency_gets_its_correction_activity_only(self):
        decision = self.new_decision(
            emergency=True,
            emergency_reason="Child to be collected by the partner at 3pm.",
        )
        decision.action_record()
        decision.with_user(self.lead)._return("The police were not told.")
        self.assertFalse(self.activities(decision, self.emergency_type))
        self.assertFalse(self.activities(decision, self.returned_type))
        todo = self.activities(decision, self.env.ref("mail.mail_activity_data_todo"))
        self.assertEqual(todo.user_id, self.practitioner)
