from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DecisionCommon

BREACH = "safeguarding.disclosure.breach"


@tagged("post_install", "-at_install")
class TestDisclosureBreach(DecisionCommon):
    def setUp(self):
        super().setUp()
        with freeze_time("2026-03-02 09:00:00"):
            self.decision = self.record(self.new_decision())
            self.disclosure = (
                self.env["safeguarding.disclosure"]
                .with_user(self.practitioner)
                .create(self.disclosure_vals(self.decision))
            )

    def sealed(self, disclosure):
        sealed = disclosure._integrity_formats[disclosure._integrity_version()]
        fields = [*sealed.columns, "integrity_hash", "write_date"]
        self.env.invalidate_all()
        return disclosure.sudo().read(fields)

    def new_breach(self, **overrides):
        vals = {
            "disclosure_id": self.disclosure.id,
            "kind": "wrong_recipient",
            "description": "Sent to the school instead of the MASH.",
            "informed_ids": [(6, 0, self.lead.partner_id.ids)],
        }
        vals.update(overrides)
        return self.env[BREACH].with_user(self.practitioner).create(vals)

    def test_breach_found_70_hours_ago_is_flagged_and_the_disclosure_kept(self):
        before = self.sealed(self.disclosure)
        with freeze_time("2026-03-03 08:00:00"):
            breach = self.new_breach()
        self.assertEqual(breach.case_id, self.case)
        self.assertEqual(breach.decision_id, self.decision)
        self.assertEqual(breach.company_id, self.company)
        self.assertEqual(breach.found_by_id, self.practitioner)
        self.assertRegex(breach.name, r"^BR/2026/\d{5}$")
        self.assertEqual(str(breach.ico_deadline), "2026-03-06 08:00:00")
        with freeze_time("2026-03-06 06:00:00"):  # 70 hours after it was found
            self.env.invalidate_all()
            self.assertEqual(breach.ico_clock, "due_soon")
            self.assertFalse(breach.ico_overdue)
            self.assertEqual(breach.ico_hours_left, 2.0)
            Breach = self.env[BREACH].with_user(self.lead)
            self.assertEqual(Breach.search([("ico_clock", "=", "due_soon")]), breach)
            self.assertFalse(Breach.search([("ico_overdue", "=", True)]))
            self.assertEqual(Breach.search([("ico_overdue", "=", False)]), breach)
        with freeze_time("2026-03-06 08:00:01"):
            self.env.invalidate_all()
            self.assertEqual(breach.ico_clock, "overdue")
            self.assertTrue(breach.ico_overdue)
            self.assertEqual(breach.ico_hours_left, 0.0)
            Breach = self.env[BREACH].with_user(self.manager)
            self.assertEqual(Breach.search([("ico_overdue", "=", True)]), breach)
            self.assertEqual(Breach.search([("ico_clock", "=", "overdue")]), breach)
        with freeze_time("2026-03-04 08:00:00"):  # 48 hours left
            self.env.invalidate_all()
            self.assertEqual(breach.ico_clock, "running")
            self.assertEqual(breach.ico_hours_left, 48.0)
        # The disclosure is as it was sealed, and its chain still verifies.
        self.assertEqual(self.sealed(self.disclosure), before)
        findings, counts = self.env["safeguarding.integrity.check"]._verify(
            self.company
        )
        self.assertEqual(findings, [])
        self.assertGreaterEqual(counts["safeguarding.disclosure"], 1)

    def test_reported_or_not_reportable_stops_the_clock(self):
        with freeze_time("2026-03-03 08:00:00"):
            reported, not_reportable = self.new_breach(), self.new_breach()
        with freeze_time("2026-03-05 08:00:00"):
            reported.with_user(self.lead).write(
                {
                    "ico_reportable": "yes",
                    "ico_reportable_reason": "Health information of a child.",
                    "ico_reported": True,
                    "date_ico_reported": "2026-03-05 08:00:00",
                    "ico_reference": "ICO/123",
                }
            )
            not_reportable.with_user(self.lead).write(
                {
                    "ico_reportable": "no",
                    "ico_reportable_reason": "Recalled unread from a colleague.",
                }
            )
        with freeze_time("2026-03-07 08:00:00"):
            self.env.invalidate_all()
            self.assertEqual(reported.ico_clock, "reported")
            self.assertEqual(not_reportable.ico_clock, "not_reportable")
            self.assertFalse(reported.ico_overdue or not_reportable.ico_overdue)
            self.assertFalse(self.env[BREACH].search([("ico_overdue", "=", True)]))

    def test_a_report_needs_its_date_and_a_reportable_breach(self):
        breach = self.new_breach()
        with self.assertRefused(ValidationError, "say when it was reported"):
            breach.write({"ico_reported": True})
        with self.assertRefused(ValidationError, "marked not reportable"):
            breach.write(
                {
                    "ico_reportable": "no",
                    "ico_reported": True,
                    "date_ico_reported": "2026-03-05 08:00:00",
                }
            )
        self.env.invalidate_all()
        self.assertFalse(breach.ico_reported)
        self.assertFalse(breach.ico_reportable)

    def test_a_breach_stays_on_its_disclosure(self):
        breach = self.new_breach()
        other = self.env["safeguarding.disclosure"].create(
            self.disclosure_vals(
                self.decision,
                description="The teacher's view",
                fact_or_opinion="opinion",
            )
        )
        with self.assertRefused(UserError, "stays on .*never moves"):
            breach.with_user(self.practitioner).write({"disclosure_id": other.id})
        self.env.invalidate_all()
        self.assertEqual(breach.disclosure_id, self.disclosure)

    def test_managers_read_breaches_but_do_not_record_them(self):
        breach = self.new_breach()
        self.assertEqual(
            self.as_user(self.manager, breach).read(["kind"])[0]["kind"],
            "wrong_recipient",
        )
        count = self.env[BREACH].search_count([])
        with self.assertRefused(AccessError, "not allowed to create"):
            self.env[BREACH].with_user(self.manager).create(
                {
                    "disclosure_id": self.disclosure.id,
                    "kind": "other",
                    "description": "X",
                }
            )
        self.assertEqual(self.env[BREACH].search_count([]), count)
