"""A child at immediate risk or a suspected crime: the emergency route offered at
once, the police notified and their references added, record first."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools.misc import format_datetime

from .common import DecisionCommon


@tagged("post_install", "-at_install")
class TestUrgencyWithoutDelay(DecisionCommon):
    """Immediate risk or a suspected crime: record first, the police told at once."""

    def test_immediate_risk_offers_the_emergency_route(self):
        for flag, vals in (
            ("immediate_risk", {"immediate_risk": True}),
            ("with a suspected crime", self.crime_vals(immediate_risk=True)),
        ):
            with self.subTest(flag=flag):
                decision = self.new_decision(**vals)
                self.assertTrue(decision.emergency)
                with self.assertRefused(
                    ValidationError,
                    r"- the police notification \(when and by whom\): a child at "
                    r"immediate risk or a suspected crime is reported to the police "
                    r"at once",
                ):
                    decision.action_record()
                self.assertEqual(decision.state, "draft")
                self.assertFalse(decision.date_police_notified)
                decision.with_user(self.practitioner).action_notify_police()
                self.assertTrue(decision.police_notified)
                self.assertEqual(decision.police_notified_by_id, self.practitioner)
                self.assertTrue(decision.date_police_notified)
                # No reference yet, no sign-off yet: recorded at once all the same.
                decision.action_record()
                self.assertEqual(decision.state, "recorded")
                self.assertFalse(decision.police_reference)
                self.assertEqual(decision.signoff_state, "submitted")
                self.assertTrue(decision.signoff_due)
        unticked = self.new_decision(immediate_risk=True, emergency=False)
        self.assertFalse(unticked.emergency)

    def test_a_suspected_crime_alone_is_no_emergency(self):
        """A historic crime, say: the police are told, and the decision waits for a
        lead's sign-off unless the practitioner says why it cannot wait. Unticking
        the risk that offered the emergency takes the offer back."""
        decision = self.new_decision(**self.crime_vals())
        self.assertFalse(decision.emergency)
        decision.with_user(self.practitioner).action_notify_police()
        with self.assertRefused(UserError, "needs a safeguarding lead's sign-off"):
            decision.action_record()
        self.assertEqual(decision.state, "draft")
        self.assertEqual(decision.signoff_state, "none")
        decision.immediate_risk = True
        self.assertTrue(decision.emergency)
        decision.immediate_risk = False
        self.assertFalse(decision.emergency)
        # An emergency the practitioner gave their own reason for stays.
        decision.write(
            {"emergency": True, "emergency_reason": "The child is collected at 3pm."}
        )
        decision.immediate_risk = True
        decision.immediate_risk = False
        self.assertTrue(decision.emergency)

    def test_a_recorded_emergency_that_a_lead_returns_has_a_way_forward(self):
        decision = self.new_decision(
            emergency=True, emergency_reason="The child is collected at 3pm."
        )
        decision.action_record()
        self.assertEqual(decision.signoff_state, "submitted")
        Decision = self.env["safeguarding.decision"]
        decision._as_move("emergency").write(
            {"signoff_due": fields.Datetime.now() - timedelta(hours=1)}
        )
        self.assertTrue(decision.signoff_overdue)
        decision.with_user(self.lead)._return("Too much was shared.")
        self.env.invalidate_all()
        self.assertEqual(decision.signoff_state, "returned")
        self.assertFalse(decision.signoff_overdue)
        self.assertNotIn(decision, Decision.search([("signoff_overdue", "=", True)]))
        todo = decision.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.practitioner)
        self.assertEqual(todo.summary, f"Correct {decision.name}")
        action = decision.with_user(self.practitioner).action_correct()
        correction = Decision.browse(action["res_id"])
        self.assertEqual(correction.supersedes_id, decision)
        self.assertEqual(correction.state, "draft")
        self.assertEqual(correction.signoff_state, "none")

    def test_the_police_reference_is_added_afterwards_and_kept(self):
        decision = self.new_decision(**self.crime_vals(immediate_risk=True))
        decision.with_user(self.practitioner).action_notify_police()
        decision.action_record()
        References = self.env["safeguarding.decision.police.reference"]
        as_practitioner = decision.with_user(self.practitioner)
        with self.assertRefused(
            UserError,
            rf"Enter the reference the police gave for {decision.name}\.",
        ):
            as_practitioner._add_police_reference("  ")
        self.assertFalse(References.search([("decision_id", "=", decision.id)]))
        as_practitioner._add_police_reference(" CAD-1234/25 ")
        as_practitioner._add_police_reference("CRIME-77")
        rows = decision.police_reference_ids
        self.assertEqual(rows.mapped("reference"), ["CAD-1234/25", "CRIME-77"])
        self.assertEqual(rows.user_id, self.practitioner)
        self.assertTrue(all(rows.mapped("date")))
        self.assertTrue(all(rows.mapped("integrity_hash")))
        self.assertEqual(decision.police_reference_summary, "CAD-1234/25, CRIME-77")
        # Append-only: the reference stays as it was added.
        with self.assertRefused(
            UserError, "The police references cannot be changed: it is kept"
        ):
            rows[0].with_user(self.practitioner).write({"reference": "X"})
        with self.assertRaises(AccessError):
            rows[0].with_user(self.practitioner).unlink()
        self.assertEqual(rows[0].reference, "CAD-1234/25")
        # Users never create one directly.
        with self.assertRaises(AccessError):
            References.with_user(self.practitioner).create(
                {"decision_id": decision.id, "reference": "FORGED"}
            )
        # The print shows them with who added them, and when.
        report = self.env["report.safeguarding_info_sharing.report_decision_record"]
        rows_printed = dict(report._record_rows(decision)["decision"])
        self.assertEqual(
            rows_printed["Police references (added afterwards)"],
            "; ".join(
                f"{row.reference} (Pat Practitioner, "
                f"{format_datetime(self.env, row.date, dt_format=False)})"
                for row in rows
            ),
        )

    def test_no_police_reference_without_a_police_notification(self):
        decision = self.new_decision()
        with self.assertRefused(
            UserError,
            rf"{decision.name} records no police notification: notify the police "
            r"first\.",
        ):
            decision.with_user(self.practitioner)._add_police_reference("X1")
        self.assertFalse(decision.police_reference_ids)

    def test_the_police_notification_is_a_disclosure_in_the_sharing_log(self):
        decision = self.new_decision(immediate_risk=True, police_reference="CAD-9")
        Log = self.env["safeguarding.sharing.log"].with_user(self.practitioner)
        domain = [("case_id", "=", self.case.id), ("kind", "=", "police")]
        self.assertFalse(Log.search(domain))
        # Notified after the decision was started (its create date is the test
        # transaction's start), so that the log's order does not hang on the clock.
        with freeze_time(decision.create_date + timedelta(minutes=5)):
            decision.with_user(self.practitioner).action_notify_police()
        line = Log.search(domain)
        self.assertEqual(
            [
                (
                    row.id,
                    row.summary,
                    row.detail,
                    row.user_id,
                    row.date,
                    row.res_model,
                    row.res_id,
                )
                for row in line
            ],
            [
                (
                    decision.id * 5 + 4,
                    decision.name,
                    "CAD-9",
                    self.practitioner,
                    decision.date_police_notified,
                    "safeguarding.decision",
                    decision.id,
                )
            ],
        )
        kinds = dict(Log._fields["kind"]._description_selection(self.env))
        self.assertEqual(kinds["police"], "Shared with the police")
        # The decision itself keeps its own line.
        self.assertEqual(
            Log.search([("case_id", "=", self.case.id)]).mapped("kind"),
            ["police", "decision"],
        )
