from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import DecisionCommon

XMLID = "safeguarding_info_sharing."
AGREEMENT = "safeguarding.sharing.agreement"
BREACH = "safeguarding.disclosure.breach"


@tagged("post_install", "-at_install")
class TestRegisterRetention(DecisionCommon):
    """The register of data sharing agreements and the breach log have retention
    rules of their own, reviewed as cases are: never deleted by the system."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agreement_rule = cls.env.ref(XMLID + "retention_policy_sharing_agreement")
        cls.breach_rule = cls.env.ref(XMLID + "retention_policy_disclosure_breach")
        cls.agreement_review = cls.env.ref(
            XMLID + "mail_activity_type_agreement_retention_review"
        )
        cls.breach_review = cls.env.ref(
            XMLID + "mail_activity_type_breach_retention_review"
        )

    def run_cron(self):
        self.env["safeguarding.retention.policy"]._cron_register_retention_review()
        self.env.invalidate_all()

    def retention(self, record):
        return (
            record.retention_status,
            record.retention_review_date,
            record.retention_policy_id,
        )

    def new_agreement(self, **overrides):
        vals = {
            "name": "MASH agreement",
            "partner_ids": [(6, 0, self.mash.ids)],
            "purpose": "Referrals to the MASH.",
            "date_from": "2020-01-01",
            "user_id": self.lead.id,
        }
        vals.update(overrides)
        return self.env[AGREEMENT].with_user(self.lead).create(vals)

    def test_shipped_rules_and_their_cron(self):
        self.assertEqual(
            [
                (rule.applies_to, rule.trigger, rule.period_years, rule.action)
                for rule in self.agreement_rule | self.breach_rule
            ],
            [
                ("sharing_agreement", "agreement_end", 6, "review"),
                ("breach", "breach_closed", 6, "review"),
            ],
        )
        cron = self.env.ref(XMLID + "ir_cron_register_retention_review")
        self.assertEqual(
            (cron.code, cron.interval_number, cron.interval_type, cron.active),
            ("model._cron_register_retention_review()", 1, "days", True),
        )
        # A rule runs from a date of its own kind of record.
        Rule = self.env["safeguarding.retention.policy"].with_user(self.sg_admin)
        with self.assertRefused(
            ValidationError,
            r"^Test rule applies to Breach log: its period cannot run from that "
            r"date\. Choose one of the dates of Breach log\.$",
        ):
            Rule.create(
                {
                    "name": "Test rule",
                    "code": "test_breach_rule",
                    "applies_to": "breach",
                    "trigger": "closure",
                    "period_years": 3,
                }
            )
        with self.assertRefused(
            ValidationError, r"^Test rule applies to Cases: its period cannot run"
        ):
            Rule.create(
                {
                    "name": "Test rule",
                    "code": "test_case_rule",
                    "trigger": "agreement_end",
                    "period_years": 3,
                }
            )
        # A case never takes the register's rules, even if given one.
        self.case.retention_policy_ids = self.agreement_rule
        review, policy = self.case._retention_due_date(None)
        self.assertEqual(
            (review, policy),
            (
                self.case.create_date.date() + relativedelta(years=6),
                self.env.ref(XMLID + "retention_policy_periodic_review"),
            ),
        )

    def test_ended_agreements_get_their_review_date_from_the_rule(self):
        with freeze_time("2026-03-02"):
            expired = self.new_agreement(date_to="2026-01-31")
            expired.action_activate()
            terminated = self.new_agreement(name="School agreement")
            terminated.action_activate()
            terminated.action_terminate()
            in_force = self.new_agreement(name="Health agreement")
            in_force.action_activate()
            self.env[AGREEMENT]._cron_agreement_reviews()
            self.run_cron()
        self.assertEqual(expired.state, "expired")
        self.assertEqual(terminated.date_terminated, date(2026, 3, 2))
        self.assertEqual(
            self.retention(expired),
            ("scheduled", date(2032, 1, 31), self.agreement_rule),
        )
        self.assertEqual(
            self.retention(terminated),
            ("scheduled", date(2032, 3, 2), self.agreement_rule),
        )
        self.assertEqual(
            self.retention(in_force),
            ("pending", False, self.env["safeguarding.retention.policy"]),
        )
        # The longest rule of the kind wins.
        longer = self.env["safeguarding.retention.policy"].create(
            {
                "name": "Test agreements kept 10 years",
                "code": "test_agreement_10",
                "applies_to": "sharing_agreement",
                "trigger": "agreement_end",
                "period_years": 10,
            }
        )
        with freeze_time("2026-03-02"):
            self.run_cron()
        self.assertEqual(
            self.retention(expired), ("scheduled", date(2036, 1, 31), longer)
        )
        longer.active = False
        # Due: put on the responsible's list, once; nothing is deleted.
        with freeze_time("2032-02-01"):
            self.run_cron()
            self.run_cron()
        self.assertEqual(
            self.retention(expired),
            ("due", date(2032, 1, 31), self.agreement_rule),
        )
        (activity,) = expired.activity_ids.filtered(
            lambda a: a.activity_type_id == self.agreement_review
        )
        self.assertEqual(
            (activity.user_id, activity.date_deadline),
            (self.lead, date(2032, 1, 31)),
        )
        self.assertEqual(
            self.retention(terminated),
            ("scheduled", date(2032, 3, 2), self.agreement_rule),
        )
        self.assertFalse(terminated.activity_ids)
        self.assertTrue(expired.exists())
        # The review's outcome: kept until a new date, with the reason; the review
        # due is done and comes back on that date.
        with freeze_time("2032-02-01"):
            with self.assertRefused(
                ValidationError,
                r"^MASH agreement kept after its review needs a new review date to "
                r"come\.$",
            ):
                expired.with_user(self.lead).write(
                    {"retention_keep_until": "2032-01-15", "retention_keep_reason": "x"}
                )
            with self.assertRefused(
                ValidationError, r"^Say why MASH agreement is kept until 2035-01-31\.$"
            ):
                expired.with_user(self.lead).write(
                    {"retention_keep_until": "2035-01-31"}
                )
            expired.with_user(self.lead).write(
                {
                    "retention_keep_until": "2035-01-31",
                    "retention_keep_reason": "A claim about the MASH is open.",
                }
            )
            self.run_cron()
        self.assertEqual(
            self.retention(expired),
            ("scheduled", date(2035, 1, 31), self.agreement_rule),
        )
        self.assertFalse(expired.activity_ids)
        self.assertEqual(activity.exists(), activity.browse())
        self.assertIn(
            "Retention review: kept until 2035-01-31. Reason: A claim about the MASH "
            "is open.",
            expired.message_ids.mapped("body")[0],
        )
        with freeze_time("2035-01-31"):
            self.run_cron()
        self.assertEqual(self.retention(expired)[0], "due")
        # Back in use, it is no longer reviewed.
        terminated.with_user(self.lead).action_reset_draft()
        with freeze_time("2032-02-01"):
            self.run_cron()
        self.assertEqual(
            self.retention(terminated),
            ("pending", False, self.env["safeguarding.retention.policy"]),
        )
        self.assertFalse(terminated.date_terminated)

    def test_review_date_is_the_rules_only(self):
        with freeze_time("2026-03-02"):
            agreement = self.new_agreement(date_to="2026-01-31")
        count = self.env[AGREEMENT].search_count([])
        with self.assertRefused(
            UserError,
            r"^The retention review date is set by the retention rules only: change "
            r"the rule under Configuration > Retention Rules\. Refused: Retention "
            r"Review On\.$",
        ):
            agreement.with_user(self.lead).write(
                {"retention_review_date": "2099-01-01"}
            )
        with self.assertRefused(
            UserError,
            r"^Retention Status is set by the server on a new Data Sharing Agreement",
        ):
            self.new_agreement(retention_status="due")
        self.assertFalse(agreement.retention_review_date)
        self.assertEqual(self.env[AGREEMENT].search_count([]), count)

    def test_closed_breaches_get_their_review_date_and_holds_stop_them(self):
        with freeze_time("2026-03-02 09:00:00"):
            decision = self.record(self.new_decision())
            disclosure = (
                self.env["safeguarding.disclosure"]
                .with_user(self.practitioner)
                .create(self.disclosure_vals(decision))
            )
            breach = (
                self.env[BREACH]
                .with_user(self.practitioner)
                .create(
                    {
                        "disclosure_id": disclosure.id,
                        "kind": "wrong_recipient",
                        "description": "Sent to the school instead of the MASH.",
                    }
                )
            )
            # Open until the ICO question is answered.
            with self.assertRefused(
                ValidationError,
                rf"^Breach {breach.name} cannot be closed yet: mark it not "
                r"reportable, or reportable and reported to the ICO\.$",
            ):
                breach.action_close()
            self.assertFalse(breach.date_closed)
            self.run_cron()
            self.assertEqual(
                self.retention(breach),
                ("pending", False, self.env["safeguarding.retention.policy"]),
            )
            breach.write(
                {"ico_reportable": "no", "ico_reportable_reason": "Contained at once."}
            )
            breach.action_close()
            self.run_cron()
        self.assertEqual(breach.date_closed, date(2026, 3, 2))
        self.assertEqual(
            self.retention(breach), ("scheduled", date(2032, 3, 2), self.breach_rule)
        )
        # A legal hold on its case keeps it.
        self.case.with_user(self.lead).write(
            {"legal_hold": True, "legal_hold_reason": "A complaint to the ICO."}
        )
        with freeze_time("2032-03-03"):
            self.run_cron()
        self.assertEqual(
            self.retention(breach), ("held", date(2032, 3, 2), self.breach_rule)
        )
        self.assertFalse(breach.activity_ids)
        self.case.with_user(self.lead).write({"legal_hold": False})
        with freeze_time("2032-03-03"):
            self.run_cron()
        self.assertEqual(
            self.retention(breach), ("due", date(2032, 3, 2), self.breach_rule)
        )
        (activity,) = breach.activity_ids
        self.assertEqual(
            (activity.activity_type_id, activity.user_id),
            (self.breach_review, self.practitioner),
        )
        # Listed in the practitioner's My Work with the other retention reviews.
        self.assertEqual(activity.activity_type_id.safeguarding_work, "retention")
        # A lead records the review's outcome; the practitioner cannot.
        with freeze_time("2032-03-03"):
            with self.assertRefused(
                AccessError,
                r"^Only a safeguarding lead records the outcome of a retention "
                r"review\.$",
            ):
                breach.with_user(self.practitioner).write(
                    {
                        "retention_keep_until": "2033-03-03",
                        "retention_keep_reason": "Still needed.",
                    }
                )
            self.assertFalse(breach.retention_keep_until)
            breach.with_user(self.lead).write(
                {
                    "retention_keep_until": "2033-03-03",
                    "retention_keep_reason": "The family's complaint is open.",
                }
            )
        self.assertEqual(
            self.retention(breach), ("scheduled", date(2033, 3, 3), self.breach_rule)
        )
        self.assertFalse(breach.activity_ids)
