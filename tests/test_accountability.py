"""Who is accountable: the printed record names who decided and, apart, who recorded
it; every case is reviewed for retention."""

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import tagged
from odoo.tools.misc import format_datetime

from .common import DecisionCommon


@tagged("post_install", "-at_install")
class TestAccountability(DecisionCommon):
    """The printed record names who is accountable for the decision and, apart, who
    recorded it; every case is reviewed for retention."""

    def printed(self, decision):
        report = self.env["report.safeguarding_info_sharing.report_decision_record"]
        return dict(report._record_rows(decision)["decision"])

    def test_the_lead_who_signed_off_is_accountable(self):
        decision = self.record(self.new_decision())
        approved = decision.signoff_ids.filtered(lambda r: r.action == "approve")
        printed = self.printed(decision)
        self.assertEqual(
            printed["Accountable decision-maker (name, position, when)"],
            "Lee Lead, signed off on "
            + format_datetime(self.env, approved.date, dt_format=False),
        )
        self.assertEqual(
            printed["Recorded by (name, position, date)"],
            "Pat Practitioner, "
            + format_datetime(self.env, decision.date_decided, dt_format=False),
        )
        self.assertNotIn("Decided by (name, position, date)", printed)

    def test_the_practitioner_is_accountable_for_an_emergency(self):
        self.practitioner.partner_id.function = "Social Worker"
        decision = self.new_decision(
            emergency=True, emergency_reason="The child is collected at 3pm."
        )
        self.assertEqual(
            self.printed(decision)["Accountable decision-maker (name, position, when)"],
            "",
        )
        decision.action_record()
        when = format_datetime(self.env, decision.date_decided, dt_format=False)
        printed = self.printed(decision)
        self.assertEqual(
            printed["Accountable decision-maker (name, position, when)"],
            f"Pat Practitioner, Social Worker, emergency recorded on {when} "
            "before sign-off",
        )
        self.assertEqual(
            printed["Recorded by (name, position, date)"],
            f"Pat Practitioner, Social Worker, {when}",
        )

    def test_a_case_no_rule_matches_gets_a_periodic_review(self):
        default = self.env.ref(
            "safeguarding_info_sharing.retention_policy_periodic_review"
        )
        self.assertEqual(
            (default.trigger, default.period_years, default.applies_when_none),
            ("last_activity", 6, True),
        )
        self.assertFalse(self.case.retention_policy_ids)
        self.case._retention_review(fields.Date.today())
        self.assertEqual(
            (
                self.case.retention_status,
                self.case.retention_policy_id,
                self.case.retention_review_date,
            ),
            (
                "scheduled",
                default,
                self.case.create_date.date() + relativedelta(years=6),
            ),
        )
        # A rule of the case's own replaces the default one.
        protection = self.env.ref(
            "safeguarding_info_sharing.retention_policy_child_protection"
        )
        self.case.retention_policy_ids = protection
        self.case._retention_review(fields.Date.today())
        self.assertEqual(
            (self.case.retention_status, self.case.retention_policy_id),
            ("pending", protection),
        )
        self.assertFalse(self.case.retention_review_date)
