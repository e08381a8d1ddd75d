"""What was shared, line by line: only under a decision to share, each line to the
right recipient, the right way, and locked once the decision is recorded."""

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DecisionCommon


@tagged("post_install", "-at_install")
class TestDisclosure(DecisionCommon):
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


@tagged("post_install", "-at_install")
class TestWhatWasShared(DecisionCommon):
    """Each line of what was shared goes to the right recipient, the right way."""

    def test_a_line_goes_only_to_a_recipient_the_decision_decides_about(self):
        decision = self.new_decision()
        message = (
            r"^DEC/\S+ does not decide to share with Test School: 'Dates of the two "
            r"injuries' cannot go to them\. A recipient is decided before anything is "
            r"sent: on a draft, add them to its Recipients; once it is submitted or "
            r"recorded, record a decision that shares with them \(Correct DEC/\S+, or "
            r"a new decision on CASE/\S+\)\.$"
        )
        with self.assertRefused(ValidationError, message):
            self.new_disclosure(decision, recipient_id=self.school.id)
        # A line's own tick is no way round the decision.
        with self.assertRefused(ValidationError, message):
            self.new_disclosure(
                decision, recipient_id=self.school.id, recipient_verified=True
            )
        self.assertFalse(decision.disclosure_ids)
        self.assertEqual(self.new_disclosure(decision).recipient_id, self.mash_worker)
        self.assertEqual(
            self.new_disclosure(decision, recipient_id=self.mash.id).recipient_id,
            self.mash,
        )

    def test_on_consent_every_recipient_stays_inside_the_consents_scope(self):
        consent = self.new_consent()
        consent.action_give()
        decision = self.new_decision(consent_id=consent.id, no_consent_reason=False)
        self.assertTrue(decision.has_consent)
        self.assertTrue(self.new_disclosure(decision))
        # The school, outside the consent's scope, is no recipient of the consent.
        decision.recipient_ids = [Command.create({"partner_id": self.school.id})]
        self.assertFalse(decision.has_consent)

    def test_an_insecure_channel_on_a_line_needs_its_reason(self):
        decision = self.new_decision()
        with self.assertRefused(
            ValidationError,
            "Say why 'Dates of the two injuries' is shared over 'Test plain email', "
            "which is not secure.",
        ):
            self.new_disclosure(decision, channel_id=self.open_channel.id)
        self.assertFalse(decision.disclosure_ids)
        line = self.new_disclosure(
            decision,
            channel_id=self.open_channel.id,
            insecure_channel_reason="The social worker has no secure email today.",
        )
        self.assertEqual(line.channel_id, self.open_channel)

    def test_a_share_with_no_line_stays_pending_until_one_is_added(self):
        decision = self.record(self.new_decision())
        self.assertTrue(decision.share_pending)
        pending = decision.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref(
                    "safeguarding_info_sharing.mail_activity_type_share_pending"
                )
            )
        )
        self.assertEqual(len(pending), 1)
        self.assertEqual(pending.user_id, self.practitioner)
        rows = dict(
            self.env[
                "report.safeguarding_info_sharing.report_decision_record"
            ]._record_rows(decision)["decision"]
        )
        self.assertEqual(
            rows["What was shared"],
            "Share pending: nothing is listed as shared under this decision yet.",
        )
        counts = dict(
            self.env["safeguarding.decision"]._read_group(
                [("case_id", "=", self.case.id), ("state", "=", "recorded")],
                ["share_pending"],
                ["__count"],
            )
        )
        self.assertEqual(counts, {True: 1})
        self.new_disclosure(decision)
        self.assertFalse(decision.share_pending)
        self.assertFalse(pending.exists())
        self.assertNotIn(
            "What was shared",
            dict(
                self.env[
                    "report.safeguarding_info_sharing.report_decision_record"
                ]._record_rows(decision)["decision"]
            ),
        )
        # A decision not to share is never pending.
        not_shared = self.record(
            self.new_decision(lawful_basis_ids=[Command.clear()], no_lawful_reason=True)
        )
        self.assertFalse(not_shared.share_pending)
        self.assertFalse(not_shared.activity_ids)
