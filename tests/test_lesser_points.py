"""The lesser points of what a recorded decision says: "informed" rests on a telling
entry; the reasons not to tell include prejudice to the prevention or detection of
crime; an emergency marked "I am unsure" is recorded once advice is asked; a
signed-off decision whose consent is withdrawn can be returned; a draft deleted
leaves a note on its case; each golden rule stands beside what it governs, its
unverified wording shown as a summary; a rule that runs from a date of birth asks
for it."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DecisionCommon, pin_guidance

PREFIX = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestLesserPoints(DecisionCommon):
    def test_informed_needs_the_telling_that_informed_them(self):
        decision = self.new_decision(individual_informed="informed")
        with self.assertRefused(ValidationError, "cannot be submitted yet") as caught:
            decision.action_submit()
        self.assertEqual(
            str(caught.exception).split("\n")[1:],
            [
                (
                    "- the telling that informed the individual (who, how, when, "
                    "what): record it with 'Record Telling', or answer 'Will be "
                    "informed'"
                )
            ],
        )
        decision.with_user(self.practitioner)._add_telling(
            {
                "told": True,
                "person_ids": self.parent.ids,
                "method": "in_person",
                "date_told": fields.Datetime.now() - timedelta(hours=1),
                "summary": "That the bruising goes to the MASH today, and why.",
            }
        )
        self.record(decision)
        self.assertEqual(decision.telling_ids.moment, "before")

    def test_not_telling_may_rest_on_prejudice_to_crime(self):
        reasons = dict(
            self.env["safeguarding.decision"]
            ._fields["not_informed_reason"]
            ._description_selection(self.env)
        )
        self.assertEqual(
            reasons["prejudice_crime"],
            "Informing would prejudice the prevention or detection of crime (DPA 2018 "
            "Schedule 2 paragraph 2)",
        )
        decision = self.record(
            self.new_decision(
                individual_informed="not_informed",
                not_informed_reason="prejudice_crime",
            )
        )
        rows = dict(
            self.env[
                "report.safeguarding_info_sharing.report_decision_record"
            ]._record_rows(decision)["request"]
        )
        self.assertEqual(
            rows["Information rights (individual informed)"],
            "Will not be informed: " + reasons["prejudice_crime"],
        )

    def test_an_unsure_emergency_is_recorded_once_advice_is_asked(self):
        decision = self.new_decision(
            unsure=True, emergency=True, emergency_reason="The child goes home at 3."
        )
        with self.assertRefused(ValidationError, "- advice asked on this decision"):
            decision.action_record()
        self.assertEqual(decision.state, "draft")
        self.env["safeguarding.advice"].with_user(self.practitioner).create(
            {
                "case_id": self.case.id,
                "decision_id": decision.id,
                "adviser_id": self.env["res.partner"].create({"name": "Test DPO"}).id,
                "adviser_role": "dpo",
                "question": "May I share the GP's letter too?",
            }
        )
        decision.action_record()
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.advice_ids.state, "asked")
        # Not an emergency: the answer is waited for, as before.
        calm = self.new_decision(unsure=True)
        with self.assertRefused(ValidationError, "an answer to advice asked"):
            calm.action_submit()

    def test_a_signed_off_decision_whose_consent_is_withdrawn_can_be_returned(self):
        consent = self.new_consent()
        consent.action_give()
        decision = self.new_decision(consent_id=consent.id, no_consent_reason=False)
        decision.action_submit()
        decision.with_user(self.lead).action_approve()
        consent._withdraw(
            self.parent.id, fields.Datetime.now(), "written", "No longer agrees."
        )
        # Locked as signed off, it can no longer be answered again by its author.
        with self.assertRefused(ValidationError, "- why there is no consent"):
            decision.action_record()
        decision.with_user(self.lead)._return(
            "The consent was withdrawn before recording: decide again."
        )
        self.assertEqual(decision.signoff_state, "returned")
        self.assertEqual(
            decision.signoff_ids.mapped("action"), ["submit", "approve", "return"]
        )
        # Back with the practitioner, it is answered again and recorded.
        decision.write(
            {"no_consent_reason": "withdrawn", "consent_override_reason": "Serious."}
        )
        self.record(decision)
        self.assertEqual(decision.state, "recorded")

    def test_a_draft_deleted_leaves_a_note_on_its_case(self):
        decision = self.new_decision(
            legitimate_purpose_answer="no", reason="No safeguarding purpose."
        )
        name = decision.name
        decision.with_user(self.practitioner).unlink()
        note = self.case.message_ids[:1]
        self.assertIn(
            f"Draft decision {name} deleted by Pat Practitioner. Its route ended in: "
            "Do not share. Reason it gave: No safeguarding purpose.",
            note.body,
        )
        self.assertEqual(note.author_id, self.practitioner.partner_id)

    def test_a_returned_draft_keeps_its_sealed_history(self):
        # Submitted, then returned: its sign-off rows are sealed in the chain. Deleting
        # it is refused, saying why and what to do, not by the database's constraint.
        decision = self.new_decision()
        decision.action_submit()
        decision.with_user(self.lead)._return("Add the dates.")
        notes = len(self.case.message_ids)
        with self.assertRefused(
            UserError, f"{decision.name} was submitted for sign-off: its sign-off"
        ):
            decision.with_user(self.practitioner).unlink()
        self.assertTrue(decision.exists())
        self.assertEqual(decision.signoff_ids.mapped("action"), ["submit", "return"])
        self.assertEqual(len(self.case.message_ids), notes)

    def test_each_golden_rule_stands_beside_what_it_governs(self):
        decision = self.new_decision()
        self.assertIn("<strong>Golden rule 2.</strong>", decision.telling_golden_rule)
        self.assertIn("<strong>Golden rule 3.</strong>", decision.advice_golden_rule)
        self.assertIn("<strong>Golden rule 7.</strong>", decision.record_golden_rule)
        pin_guidance(self.env, False)
        later = self.new_decision()
        self.assertIn("<strong>Golden rule 4.</strong>", later.advice_golden_rule)
        self.assertIn(
            "<strong>Golden rule 7, in summary.</strong> Record your information "
            "sharing decision and the reasons for it, whether or not you decide to "
            "share; if you share, record what you shared, with whom and for what "
            "purpose.",
            later.record_golden_rule,
        )

    def test_unverified_wording_is_a_summary_never_a_quotation(self):
        rule_6 = self.env.ref(PREFIX + "golden_rule_2024_6")
        self.assertNotIn("afterwards", rule_6.description)
        self.assertFalse(rule_6.summary)
        self.assertTrue(
            rule_6._as_html().startswith("<strong>Golden rule 6.</strong> “")
        )
        rule_7 = self.env.ref(PREFIX + "golden_rule_2024_7")
        self.assertFalse(rule_7.description)
        self.assertNotIn("“", rule_7._as_html())
        rule_1 = self.env.ref(PREFIX + "golden_rule_2024_1")
        self.assertEqual(
            rule_1._as_html(),
            "<strong>Golden rule 1.</strong> “All children have a right to be "
            "protected from abuse and neglect.” <em>In summary, it goes on:</em> "
            + rule_1.summary,
        )

    def test_a_rule_that_runs_from_a_date_of_birth_asks_for_it(self):
        self.child.sudo().date_of_birth = False
        rule = self.env["safeguarding.retention.policy"].search(
            [("trigger", "=", "date_of_birth"), ("applies_to", "=", "case")], limit=1
        )
        self.case.sudo().retention_policy_ids = rule
        self.case._retention_review(fields.Date.today())
        self.assertEqual(self.case.retention_status, "pending")
        asked = self.case.activity_ids.filtered(
            lambda a: a.summary == "Add the child's date of birth"
        )
        self.assertEqual(asked.user_id, self.practitioner)
        # Asked once, however often the review runs.
        self.case._retention_review(fields.Date.today())
        self.assertEqual(
            len(
                self.case.activity_ids.filtered(
                    lambda a: a.summary == "Add the child's date of birth"
                )
            ),
            1,
        )
