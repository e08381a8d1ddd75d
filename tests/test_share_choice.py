"""'You can share' is a permission: the practitioner decides whether to share, and
says which principle a share would not meet when they decide not to."""

from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DecisionCommon

S, N = "share", "do_not_share"


@tagged("post_install", "-at_install")
class TestShareIsAPermission(DecisionCommon):
    """'You can share' is a permission: the practitioner decides, and says why not."""

    def test_the_route_offers_a_choice_and_keeps_both(self):
        decision = self.new_decision()
        self.assertEqual(decision.outcome, S)
        self.assertEqual(decision.share_choice, "share")
        self.assertEqual(decision.sharing_result, "share")
        decision.legitimate_purpose_answer = "no"
        self.assertEqual(decision.outcome, N)
        self.assertFalse(decision.share_choice)
        self.assertEqual(decision.sharing_result, "could_not_share")
        with self.assertRefused(ValidationError, "there is no choice to make"):
            decision.share_choice = "share"
        self.env.invalidate_all()
        self.assertFalse(decision.share_choice)

    def test_choosing_not_to_share_records_the_principle_and_why(self):
        proportionate = self.principles.filtered(
            lambda p: p.code == "necessary_proportionate"
        )
        decision = self.new_decision(
            trigger="request",
            requester_organisation_id=self.mash.id,
            date_received="2026-11-20",
            information_requested="The whole school file",
        )
        decision.share_choice = "not_share"
        self.assertEqual(decision.outcome, S)
        self.assertEqual(decision.sharing_result, "chose_not_to_share")
        with self.assertRefused(ValidationError, "cannot be submitted yet") as caught:
            decision.action_submit()
        message = str(caught.exception)
        self.assertIn(
            "- the principle a share would not meet, and why: you can share but "
            "decided not to",
            message,
        )
        self.assertIn(
            "- whether the decision was discussed with the requester", message
        )
        # What a share needs is not asked of a decision not to share.
        self.assertNotIn("how much is shared", message)
        self.assert_still_draft(decision)
        self.assertEqual(decision.signoff_state, "none")
        decision.write(
            {
                "declined_principle_id": proportionate.id,
                "declined_reason": "The whole file is far more than the MASH needs.",
                "discussed_with_requester": "yes",
                "date_discussed": "2026-11-21",
            }
        )
        with self.assertRefused(ValidationError, "does not decide to share"):
            self.env["safeguarding.disclosure"].create(
                self.disclosure_vals(decision, description="The school file")
            )
        self.assertFalse(decision.disclosure_ids)
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.outcome, S)
        self.assertEqual(decision.share_choice, "not_share")
        # Its message is the recording's tracking, written as the transaction
        # commits.
        self.env.cr.flush()
        self.env.invalidate_all()
        self.assertIn(
            "Decision recorded: Do not share (the route allowed sharing).",
            decision.message_ids[0].body,
        )
        rows = dict(
            self.env[
                "report.safeguarding_info_sharing.report_decision_record"
            ]._record_rows(decision)["decision"]
        )
        self.assertEqual(rows["Flowchart route ends in"], "Share")
        self.assertEqual(
            rows["Decision (the practitioner's choice)"],
            "Chose not to share (the route allowed it)",
        )
        self.assertEqual(
            rows["Principle not met, and why"],
            f"{proportionate.name}: The whole file is far more than the MASH needs.",
        )

    def test_reports_tell_could_not_from_chose_not_to(self):
        shared = self.new_decision()
        chose_not = self.new_decision(
            declined_principle_id=self.principles[0].id,
            declined_reason="Not needed now.",
        )
        chose_not.share_choice = "not_share"
        could_not = self.new_decision(
            lawful_basis_ids=[Command.clear()], no_lawful_reason=True
        )
        for decision in shared | chose_not | could_not:
            self.record(decision)
        groups = self.env["safeguarding.decision"]._read_group(
            [("id", "in", (shared | chose_not | could_not).ids)],
            ["outcome", "sharing_result"],
            ["__count"],
        )
        self.assertEqual(
            sorted(groups),
            [
                ("do_not_share", "could_not_share", 1),
                ("share", "chose_not_to_share", 1),
                ("share", "share", 1),
            ],
        )
        pivot = self.env.ref(
            "safeguarding_info_sharing.safeguarding_decision_view_pivot"
        )
        self.assertIn('<field name="sharing_result" type="col"/>', pivot.arch)

    def assert_still_draft(self, decision):
        self.env.invalidate_all()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.decided_by_id)
