from datetime import date, datetime

from freezegun import freeze_time

from odoo.tests import tagged

from .common import DecisionCommon

XMLID = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestConsentReminders(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Consent = cls.env["safeguarding.consent"]
        cls.review_type = cls.env.ref(XMLID + "mail_activity_type_consent_review")
        cls.expiry_type = cls.env.ref(XMLID + "mail_activity_type_consent_expiry")

    def given(self, **values):
        return self.Consent.with_user(self.practitioner).create(
            {
                "case_id": self.case.id,
                "given_by_id": self.parent.id,
                "state": "given",
                "date_given": "2026-01-05 10:00:00",
                "scope_recipient_ids": [(6, 0, self.mash.ids)],
                "scope_purpose_ids": [(6, 0, self.purpose.ids)],
                **values,
            }
        )

    def run_cron(self, batch_size=100):
        calls = []
        while True:
            calls.append(self.Consent._cron_consent_reminders(batch_size=batch_size))
            if not calls[-1]:
                return calls

    def activities(self, consent, kind):
        return consent.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    @freeze_time("2026-03-02 10:00:00")
    def test_reviews_expiries_and_expired_consents(self):
        review = self.given(date_review="2026-03-10")
        expiring = self.given(date_expiry="2026-03-09 12:00:00")
        expired = self.given(date_expiry="2026-03-01 08:00:00")
        later = self.given(date_review="2026-06-01", date_expiry="2026-12-31 00:00:00")
        requested = self.Consent.with_user(self.practitioner).create(
            {
                "case_id": self.case.id,
                "given_by_id": self.parent.id,
                "date_review": "2026-02-01",
            }
        )
        self.run_cron()
        to_review = self.activities(review, self.review_type)
        self.assertEqual(
            (len(to_review), to_review.user_id, to_review.date_deadline),
            (1, self.practitioner, date(2026, 3, 10)),
        )
        self.assertTrue(review.review_reminded)
        to_renew = self.activities(expiring, self.expiry_type)
        self.assertEqual(
            (len(to_renew), to_renew.user_id, to_renew.date_deadline),
            (1, self.practitioner, date(2026, 3, 9)),
        )
        self.assertEqual(expiring.state, "given")
        self.assertEqual(
            (expired.state, expired.date_expiry),
            ("expired", datetime(2026, 3, 1, 8, 0)),
        )
        self.assertEqual(
            expired.event_ids.mapped("event"), ["requested", "given", "expired"]
        )
        self.assertFalse(expired.activity_ids)
        for untouched in later | requested:
            self.assertFalse(untouched.activity_ids)
        self.assertEqual(later.state, "given")
        self.assertEqual(requested.state, "requested")
        # A second run reminds nobody twice.
        with freeze_time("2026-03-03 10:00:00"):
            self.run_cron()
        self.assertEqual(self.activities(review, self.review_type), to_review)
        self.assertEqual(self.activities(expiring, self.expiry_type), to_renew)
        # A new review date brings its own reminder when it comes due.
        to_review.action_feedback(feedback="Reviewed with the family.")
        review.with_user(self.practitioner).date_review = "2026-09-01"
        self.assertFalse(review.review_reminded)
        self.run_cron()
        self.assertFalse(review.activity_ids)
        with freeze_time("2026-08-25 10:00:00"):
            self.run_cron()
        self.assertEqual(
            self.activities(review, self.review_type).date_deadline, date(2026, 9, 1)
        )
        # The expiring consent expires when its date passes.
        with freeze_time("2026-03-09 12:00:01"):
            self.run_cron()
        self.assertEqual(expiring.state, "expired")

    def test_batches_report_progress(self):
        with freeze_time("2026-03-02 10:00:00"):
            self.run_cron()
            consents = self.given(date_review="2026-03-05") | self.given(
                date_review="2026-03-05"
            )
            consents |= self.given(date_expiry="2026-03-01 00:00:00")
            progress = self.cron_progress(XMLID + "ir_cron_consent_reminders")
            Consent = self.Consent.with_context(ir_cron_progress_id=progress.id)
            self.assertEqual(Consent._cron_consent_reminders(batch_size=2), 1)
            self.assertEqual((progress.done, progress.remaining), (2, 1))
            self.assertEqual(self.run_cron(batch_size=2), [0])
        self.assertEqual(consents.mapped("state"), ["given", "given", "expired"])
        self.assertEqual(consents.mapped("review_reminded"), [True, True, False])
