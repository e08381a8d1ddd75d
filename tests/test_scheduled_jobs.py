from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import GROUP, DecisionCommon

XMLID = "safeguarding_info_sharing."
FAILURE_LOGGER = "odoo.addons.safeguarding_info_sharing.models.safeguarding_job_failure"


@tagged("post_install", "-at_install")
class TestScheduledJobsAndLeavers(DecisionCommon):
    """One leaver stops nobody's work. Archiving a practitioner or a lead hands
    their cases, drafts, to-dos, reviews and reminders to a successor (by default
    the lead of each case's team), recorded on each case; and every scheduled job
    treats each record on its own, so that one it cannot treat is logged and put on
    the safeguarding administrators' My Work while the others are done."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leaver = new_test_user(
            cls.env, "t_leaver", groups=GROUP + "practitioner", name="Lou Leaver"
        )
        # The lead of the teams: each case's successor by default.
        cls.case.member_ids = cls.lead
        cls.leaver_case = cls.new_case(cls.leaver)
        cls.short_rule = cls.env["safeguarding.retention.policy"].create(
            {
                "name": "Jobs test rule",
                "code": "jobs_test_rule",
                "trigger": "date_of_birth",
                "period_years": 5,
            }
        )

    @classmethod
    def new_case(cls, user, **values):
        child = cls.env["res.partner"].create(
            {"name": f"Child of {user.name}", "date_of_birth": "2000-01-01"}
        )
        return cls.env["safeguarding.case"].create(
            {
                "child_id": child.id,
                "user_id": user.id,
                "member_ids": [(6, 0, cls.lead.ids)],
                **values,
            }
        )

    def activities(self, records, xmlid):
        kind = self.env.ref(XMLID + xmlid)
        return records.activity_ids.filtered(lambda a: a.activity_type_id == kind)

    def handed_over(self, case):
        return [
            message.body.striptags()
            for message in case.message_ids
            if message.body and "handed over" in message.body.striptags()
        ]

    def assert_handed_over(self, case, successor=None):
        successor = successor or self.lead
        self.assertEqual(case.user_id, successor)
        self.assertEqual(
            self.handed_over(case),
            [
                (
                    f"{case.name} handed over from {self.leaver.name}, who left, to "
                    f"{successor.name}: the case, its drafts and to-dos, its reviews "
                    "and reminders."
                )
            ],
        )

    def run_in_batches(self, job, batch_size, between=None):
        """Call a batched job until nothing remains, ``between`` run after the
        first batch (mid-run); returns what each call said remained."""
        calls = [job(batch_size=batch_size)]
        if between:
            between()
        while calls[-1]:
            calls.append(job(batch_size=batch_size))
            self.assertLess(len(calls), 50, "the job never finishes")
        return calls

    # Retention review of cases

    def test_retention_job_with_a_leaver_archived_mid_run(self):
        Case = self.env["safeguarding.case"]
        # Every case already there reviewed today: the run sees only these.
        while Case._cron_retention_review():
            pass
        cases = self.env["safeguarding.case"]
        for user in (self.practitioner, self.leaver, self.practitioner, self.leaver):
            cases |= self.new_case(
                user, retention_policy_ids=[(6, 0, self.short_rule.ids)]
            )
        self.run_in_batches(
            Case._cron_retention_review, 2, between=self.leaver.action_archive
        )
        self.env.invalidate_all()
        self.assertEqual(set(cases.mapped("retention_status")), {"due"})
        reviews = self.activities(cases, "mail_activity_type_retention_review")
        self.assertEqual(
            [(review.res_id, review.user_id) for review in reviews.sorted("res_id")],
            [
                (cases[0].id, self.practitioner),
                (cases[1].id, self.lead),
                (cases[2].id, self.practitioner),
                (cases[3].id, self.lead),
            ],
        )
        for case in cases[1] | cases[3]:
            self.assert_handed_over(case)
        self.assertFalse(self.env["safeguarding.job.failure"].search([]))

    # Consent reviews, expiries and reminders

    @freeze_time("2026-03-02 10:00:00")
    def test_consent_job_with_a_leaver_archived_mid_run(self):
        Consent = self.env["safeguarding.consent"]
        given = {
            "given_by_id": self.parent.id,
            "state": "given",
            "date_given": "2026-01-05 10:00:00",
            "scope_recipient_ids": [(6, 0, self.mash.ids)],
            "scope_purpose_ids": [(6, 0, self.purpose.ids)],
        }
        consents = Consent.create(
            [
                dict(given, case_id=case.id, date_expiry=expiry)
                for case, expiry in (
                    (self.case, "2026-03-09 12:00:00"),
                    (self.leaver_case, "2026-03-09 12:00:00"),
                    (self.case, "2026-03-01 08:00:00"),
                    (self.leaver_case, "2026-03-01 08:00:00"),
                )
            ]
        )
        self.run_in_batches(
            Consent._cron_consent_reminders, 1, between=self.leaver.action_archive
        )
        self.env.invalidate_all()
        # The consents that expired yesterday are expired, the leaver's included.
        self.assertEqual(
            consents.mapped("state"), ["given", "given", "expired", "expired"]
        )
        reminders = self.activities(consents, "mail_activity_type_consent_expiry")
        self.assertEqual(
            [(r.res_id, r.user_id) for r in reminders.sorted("res_id")],
            [(consents[0].id, self.practitioner), (consents[1].id, self.lead)],
        )
        self.assert_handed_over(self.leaver_case)

    # Retention review of the register and the breach log

    def test_register_job_with_a_leaver_archived(self):
        with freeze_time("2026-03-02 09:00:00"):
            breaches = self.env["safeguarding.disclosure.breach"]
            for case in (self.case, self.leaver_case):
                decision = self.record(
                    self.new_decision(user=case.user_id, case_id=case.id)
                )
                disclosure = self.env["safeguarding.disclosure"].create(
                    {
                        "decision_id": decision.id,
                        "description": "Dates of the two injuries",
                        "fact_or_opinion": "fact",
                        "recipient_id": self.mash_worker.id,
                        "channel_id": self.secure_channel.id,
                    }
                )
                breaches |= self.env["safeguarding.disclosure.breach"].create(
                    {
                        "disclosure_id": disclosure.id,
                        "kind": "wrong_recipient",
                        "description": "Sent to the school instead of the MASH.",
                        "ico_reportable": "no",
                        "ico_reportable_reason": "Contained at once.",
                    }
                )
            breaches.action_close()
        self.leaver.action_archive()
        with freeze_time("2032-03-03"):
            self.env["safeguarding.retention.policy"]._cron_register_retention_review()
        self.env.invalidate_all()
        self.assertEqual(breaches.mapped("retention_status"), ["due", "due"])
        reviews = self.activities(
            breaches, "mail_activity_type_breach_retention_review"
        )
        self.assertEqual(
            [(r.res_id, r.user_id) for r in reviews.sorted("res_id")],
            [(breaches[0].id, self.practitioner), (breaches[1].id, self.lead)],
        )

    # Data sharing agreements: expiries and reviews

    def test_agreement_job_with_a_leaver_archived(self):
        leaving_lead = new_test_user(
            self.env, "t_leaving_lead", groups=GROUP + "lead", name="Lena Leaving"
        )
        Agreement = self.env["safeguarding.sharing.agreement"]
        agreements = Agreement.create(
            [
                {
                    "name": f"MASH agreement {user.name}",
                    "partner_ids": [(6, 0, self.mash.ids)],
                    "purpose": "Referrals to the MASH.",
                    "date_from": "2020-01-01",
                    "review_date": date.today() + timedelta(days=10),
                    "user_id": user.id,
                }
                for user in (self.lead, leaving_lead)
            ]
        )
        # A lead hands the leaver's work over, choosing no successor: the lead
        # doing it takes the agreement over.
        self.env["safeguarding.handover"].with_user(self.lead).create(
            {"leaver_id": leaving_lead.id}
        ).action_hand_over()
        self.assertFalse(leaving_lead.active)
        Agreement._cron_agreement_reviews()
        reviews = self.activities(agreements, "mail_activity_type_agreement_review")
        self.assertEqual(
            [(r.res_id, r.user_id) for r in reviews.sorted("res_id")],
            [(agreements[0].id, self.lead), (agreements[1].id, self.lead)],
        )
        self.assertEqual(agreements[1].user_id, self.lead)

    # Overdue sign-offs

    def test_overdue_job_with_a_lead_archived(self):
        other_lead = new_test_user(
            self.env, "t_other_lead", groups=GROUP + "lead", name="Olu Lead"
        )
        decision = self.new_decision(
            emergency=True,
            emergency_reason="The child is to be collected by the partner at 3pm.",
        )
        decision.action_record()
        other_lead.action_archive()
        with freeze_time(datetime.now() + timedelta(days=2)):
            self.env["safeguarding.decision"]._cron_flag_overdue_signoffs()
        overdue = self.activities(decision, "mail_activity_type_signoff_overdue")
        self.assertIn(self.lead, overdue.user_id)
        self.assertNotIn(other_lead, overdue.user_id)

    # One record a job cannot treat stops nothing

    def test_a_record_a_job_cannot_treat_is_reported_and_the_others_done(self):
        Case = self.env["safeguarding.case"]
        while Case._cron_retention_review():
            pass
        cases = self.env["safeguarding.case"]
        for user in (self.practitioner, self.leaver, self.practitioner):
            cases |= self.new_case(
                user, retention_policy_ids=[(6, 0, self.short_rule.ids)]
            )
        # Archived behind the application's back (a directory synchronised, say):
        # nothing was handed over, and the second case's reviewer reads nothing.
        self.env.cr.execute(
            "UPDATE res_users SET active = false WHERE id = %s", (self.leaver.id,)
        )
        self.env.invalidate_all()
        cron = self.env.ref(XMLID + "ir_cron_retention_review")
        with mute_logger(FAILURE_LOGGER):
            self.assertEqual(
                self.run_in_batches(Case._cron_retention_review, 2), [1, 0]
            )
            # The next run of the day leaves it alone: it does not loop on it.
            self.assertEqual(Case._cron_retention_review(), 0)
        self.env.invalidate_all()
        self.assertEqual(cases.mapped("retention_status"), ["due", "pending", "due"])
        failure = self.env["safeguarding.job.failure"].search([])
        self.assertEqual(
            (failure.job, failure.res_model, failure.res_id, failure.record_name),
            (cron.name, "safeguarding.case", cases[1].id, cases[1].name),
        )
        self.assertIn("Lou Leaver may not read", failure.error)
        # On the safeguarding administrators' My Work, and the job still on.
        my_work = self.env["ir.actions.act_window"]._for_xml_id(
            XMLID + "safeguarding_my_work_action"
        )
        admin_work = (
            self.env["mail.activity"]
            .with_user(self.sg_admin)
            .search(safe_eval(my_work["domain"], {"uid": self.sg_admin.id}))
        )
        self.assertEqual(
            [(a.res_model, a.res_id) for a in admin_work],
            [("safeguarding.job.failure", failure.id)],
        )
        self.assertTrue(cron.active)

    def test_a_lead_hands_a_leavers_work_to_the_successor_they_choose(self):
        draft = self.new_decision(
            user=self.leaver, case_id=self.leaver_case.id
        ).with_env(self.env)
        Handover = self.env["safeguarding.handover"]
        # Only a lead hands work over, and nothing moves when refused.
        with self.assertRefused(AccessError, "not allowed to create"):
            Handover.with_user(self.practitioner).create(
                {"leaver_id": self.leaver.id}
            ).action_hand_over()
        self.assertEqual(self.leaver_case.user_id, self.leaver)
        self.assertTrue(self.leaver.active)
        Handover.with_user(self.lead).create(
            {"leaver_id": self.leaver.id, "successor_id": self.colleague.id}
        ).action_hand_over()
        self.assertFalse(self.leaver.active)
        self.assert_handed_over(self.leaver_case, self.colleague)
        self.assertEqual(
            [(a.user_id, a.summary) for a in draft.activity_ids],
            [(self.colleague, "Draft handed over")],
        )
