"""The addon's own moves are the only writers of the fields each declares."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import DecisionCommon


@tagged("post_install", "-at_install")
class TestSystemMoves(DecisionCommon):
    def test_a_guarded_field_is_refused_by_name_for_everyone(self):
        decision = self.new_decision()
        for record in (decision, decision.sudo()):
            with self.assertRefused(
                UserError, r"only with 'Record Decision'.*Refused: Sign-off, Status\."
            ):
                record.write({"state": "recorded", "signoff_state": "approved"})
        self.env.invalidate_all()
        self.assertEqual((decision.state, decision.signoff_state), ("draft", "none"))

    def test_a_move_writes_its_own_fields_and_nothing_else(self):
        decision = self.new_decision()
        with self.assertRefused(
            UserError, r"The move 'signoff' does not write Reason, Status\."
        ):
            decision.sudo()._as_move("signoff").write(
                {"signoff_state": "submitted", "state": "recorded", "reason": "x"}
            )
        self.env.invalidate_all()
        self.assertEqual(decision.signoff_state, "none")
        self.assertEqual(decision.state, "draft")
        with self.assertRaises(ValueError):
            decision._as_move("approve_without_a_lead")

    def test_no_context_value_is_a_move(self):
        decision = self.new_decision()
        # A token is tied to its model too: the case's retention move is no decision's.
        case_move = self.case._as_move("review").env.context["safeguarding_move"]
        for value in ("signoff", "record", True, 1, case_move):
            with (
                self.subTest(value=value),
                self.assertRefused(UserError, "Refused: Sign-off"),
            ):
                decision.sudo().with_context(safeguarding_move=value).write(
                    {"signoff_state": "approved"}
                )
        self.env.invalidate_all()
        self.assertEqual(decision.signoff_state, "none")

    def test_the_retention_fields_are_the_retention_review_s(self):
        with self.assertRefused(
            UserError, r"retention review only.*Refused: Retention\."
        ):
            self.case.sudo().write({"retention_status": "anonymised"})
        with self.assertRefused(UserError, r"Refused: Retention Review On\."):
            self.env["safeguarding.case"].create(
                {"child_id": self.child.id, "retention_review_date": "2030-01-01"}
            )
        with self.assertRefused(
            UserError, r"The move 'review' does not write Summary\."
        ):
            self.case._as_move("review").write({"summary": "<p>cleared</p>"})
        self.env.invalidate_all()
        self.assertEqual(self.case.retention_status, "pending")

    def test_ledgers_are_append_only(self):
        decision = self.new_decision()
        decision.action_submit()
        consent = self.new_consent()
        ledgers = (
            (decision.signoff_ids, "The sign-off history"),
            (consent.event_ids, "The history of a consent"),
        )
        for rows, what in ledgers:
            self.assertTrue(rows)
            with self.assertRefused(UserError, f"^{what} cannot be changed"):
                rows.sudo().write({"date": "2000-01-01 00:00:00"})
            with self.assertRefused(UserError, f"^{what} cannot be deleted"):
                rows.sudo().unlink()
            self.assertTrue(rows.exists())
