from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import DecisionCommon

REVIEW = "safeguarding_info_sharing.mail_activity_type_agreement_review"


@tagged("post_install", "-at_install")
class TestSharingAgreement(DecisionCommon):
    def new_agreement(self, **overrides):
        vals = {
            "name": "Test MASH protocol",
            "partner_ids": [(6, 0, self.mash.ids)],
            "purpose": "Referrals to children's social care.",
            "date_from": "2026-01-01",
            "state": "active",
        }
        vals.update(overrides)
        return (
            self.env["safeguarding.sharing.agreement"].with_user(self.lead).create(vals)
        )

    def review_activities(self, agreement):
        return agreement.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(REVIEW)
        )

    def test_reviews_due_become_activities_once(self):
        soon = self.new_agreement(review_date="2026-03-20")
        later = self.new_agreement(name="Later", review_date="2026-06-01")
        ended = self.new_agreement(
            name="Ended", review_date="2026-03-10", state="terminated"
        )
        Agreement = self.env["safeguarding.sharing.agreement"]
        with freeze_time("2026-03-01 08:00:00"):
            Agreement._cron_agreement_reviews()
            Agreement._cron_agreement_reviews()
        activity = self.review_activities(soon)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.lead)
        self.assertEqual(str(activity.date_deadline), "2026-03-20")
        self.assertFalse(self.review_activities(later))
        self.assertFalse(self.review_activities(ended))
        # A new review date is reminded of again.
        soon.review_date = "2026-03-25"
        with freeze_time("2026-03-01 08:00:00"):
            Agreement._cron_agreement_reviews()
        self.assertEqual(len(self.review_activities(soon)), 2)

    def test_an_agreement_past_its_end_expires(self):
        ending = self.new_agreement(date_to="2026-02-28")
        running = self.new_agreement(name="Running", date_to="2026-03-01")
        with freeze_time("2026-03-01 08:00:00"):
            self.env["safeguarding.sharing.agreement"]._cron_agreement_reviews()
        self.assertEqual(ending.state, "expired")
        self.assertEqual(running.state, "active")

    def test_parties_are_organisations_and_dates_in_order(self):
        with self.assertRefused(ValidationError, "choose the organisation"):
            self.new_agreement(partner_ids=[(6, 0, self.mash_worker.ids)])
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            self.new_agreement(date_from="2026-03-01", date_to="2026-02-01")

    def test_practitioners_read_the_register_leads_keep_it(self):
        agreement = self.new_agreement()
        self.assertEqual(
            self.as_user(self.practitioner, agreement).read(["name"])[0]["name"],
            "Test MASH protocol",
        )
        with self.assertRefused(AccessError, "not allowed to modify"):
            self.as_user(self.practitioner, agreement).write({"name": "Changed"})
        self.assertEqual(agreement.name, "Test MASH protocol")
