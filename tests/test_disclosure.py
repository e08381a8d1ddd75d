from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import DecisionCommon


@tagged("post_install", "-at_install")
class TestDisclosure(DecisionCommon):
    def disclosure_vals(self, decision, **overrides):
        vals = {
            "decision_id": decision.id,
            "description": "Dates of the two injuries",
            "fact_or_opinion": "fact",
            "recipient_id": self.mash_worker.id,
            "channel_id": self.secure_channel.id,
        }
        vals.update(overrides)
        return vals

    def new_disclosure(self, decision, **overrides):
        return (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(self.disclosure_vals(decision, **overrides))
        )

    def test_refused_on_a_decision_not_to_share(self):
        decision = self.new_decision(legitimate_purpose_answer="no")
        self.assertEqual(decision.outcome, "do_not_share")
        with self.assertRefused(ValidationError, "does not decide to share"):
            self.new_disclosure(decision)
        undecided = self.new_decision(identifiable_answer=False)
        self.assertFalse(undecided.outcome)
        with self.assertRefused(ValidationError, "does not decide to share"):
            self.new_disclosure(undecided)
        self.assertFalse(
            self.env["safeguarding.disclosure"].search(
                [("decision_id", "in", (decision | undecided).ids)]
            )
        )

    def test_record_refused_when_a_draft_stops_sharing(self):
        decision = self.new_decision()
        self.new_disclosure(decision)
        decision.legitimate_purpose_answer = "no"
        with self.assertRefused(ValidationError, "no disclosure"):
            decision.action_record()

    def test_historical_item_needs_an_explanation(self):
        decision = self.new_decision()
        with self.assertRefused(ValidationError, "why historical information"):
            self.new_disclosure(decision, historical=True)
        item = self.new_disclosure(
            decision,
            historical=True,
            historical_note="Earlier injury in 2023, relevant pattern.",
        )
        self.assertEqual(item.case_id, self.case)

    def test_lines_added_after_recording_are_locked_as_added(self):
        decision = self.new_decision()
        before = self.new_disclosure(decision)
        before.description = "Dates and descriptions of the two injuries"
        self.record(decision)
        after = self.new_disclosure(
            decision,
            fact_or_opinion="opinion",
            description="Teacher's concern about mood",
        )
        self.assertEqual(decision.disclosure_ids, before | after)
        self.assertEqual(after.shared_by_id, self.practitioner)
        for line in (before, after):
            with self.assertRefused(UserError, "can no longer be changed"):
                line.write({"description": "changed"})
            with self.assertRefused(UserError, "can no longer be changed"):
                line.sudo().unlink()
        self.env.invalidate_all()
        self.assertEqual(after.description, "Teacher's concern about mood")

    def test_errors_name_lines_by_their_reference(self):
        decision = self.new_decision()
        line = self.new_disclosure(
            decision,
            description="Dates and descriptions of the two injuries seen at school",
        )
        principle = decision.principle_ids.sorted("sequence")[:1]
        self.record(decision)
        self.assertEqual(
            line.display_name, f"{decision.name}: Dates and descriptions of the two..."
        )
        self.assertEqual(
            principle.display_name,
            f"{decision.name}: {principle.principle_id.name}",
        )
        with self.assertRefused(
            UserError,
            f"^{decision.name}: Dates and descriptions of the two\\.\\.\\. is recorded",
        ):
            line.write({"description": "changed"})
        with self.assertRefused(
            UserError, f"^{decision.name}: {principle.principle_id.name} is recorded"
        ):
            principle.write({"justification": "changed"})
        submit, approve = decision.signoff_ids
        self.assertEqual(
            (submit.display_name, approve.display_name),
            (
                f"{decision.name}: Submitted by Pat Practitioner",
                f"{decision.name}: Approved by Lee Lead",
            ),
        )
        consent = self.new_consent()
        consent.action_give()
        self.assertEqual(
            consent.event_ids.mapped("display_name"),
            [f"{consent.name}: Requested", f"{consent.name}: Given"],
        )
