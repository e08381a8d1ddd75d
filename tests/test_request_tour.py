"""Requests walked in Chromium, the practitioner's part and the duty lead's
(static/tests/tours/safeguarding_request_tour.js): a Red MASH enquiry that came on
Friday at 16:55 is due on Monday at 12:55, waits in the duty lead's My Work,
escalates when nobody picks it up, is answered by a recorded decision with the reply
to the requester logged, and counts in its month's on-time figure; the same for a
s16H request of the safeguarding partners and for the agency's request to a school.
As an agency runs: two factors required and enabled by each user."""

from datetime import datetime

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import SecondFactorLogin, enable_second_factor, pin_guidance

GROUP = "safeguarding_info_sharing.group_"
XMLID = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestRequestTours(SecondFactorLogin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, "2018")

        def user(login, role, name):
            found = new_test_user(
                cls.env, login, groups=GROUP + role, name=name, tz="Europe/London"
            )
            enable_second_factor(found)
            return found

        cls.practitioner = user(
            "tour_rq_practitioner", "practitioner", "Ria Practitioner"
        )
        cls.duty = user("tour_rq_duty", "practitioner", "Dev Duty")
        cls.lead = user("tour_rq_lead", "lead", "Lyn Lead")
        cls.env.company.safeguarding_duty_lead_id = cls.lead
        cls.case = cls.env["safeguarding.case"].create(
            {
                "child_id": cls.env["res.partner"]
                .create({"name": "Tour Request Child"})
                .id,
                "user_id": cls.practitioner.id,
                "member_ids": [(6, 0, cls.duty.ids)],
            }
        )
        Partner = cls.env["res.partner"]
        cls.mash = Partner.create({"name": "Tour MASH", "is_company": True})
        cls.partnership = Partner.create(
            {"name": "Tour Partnership", "is_company": True}
        )
        cls.school = Partner.create({"name": "Tour School", "is_company": True})

    def request_of(self, organisation):
        return self.env["safeguarding.request"].search(
            [("case_id", "=", self.case.id), ("organisation_id", "=", organisation.id)]
        )

    def my_work(self, user, request, summary):
        return self.env["mail.activity"].search(
            [
                ("user_id", "=", user.id),
                ("res_model", "=", "safeguarding.request"),
                ("res_id", "=", request.id),
                ("summary", "=", summary),
            ]
        )

    def on_time_figure(self, request):
        """Its month's figures as a manager's pivot reads them."""
        groups = self.env["safeguarding.request"].read_group(
            [("case_id", "=", self.case.id), ("rating", "=", request.rating)],
            ["__count", "on_time:avg"],
            ["date_request:month"],
            lazy=False,
        )
        return [
            (group["date_request:month"], group["__count"], group["on_time"])
            for group in groups
        ]

    def record(self, request, when):
        decision = request.decision_ids
        with freeze_time(when):
            decision.with_user(self.practitioner).action_record()
        return decision

    def test_a_red_mash_enquiry_from_friday_1655_to_its_reply(self):
        self.start_tour(
            "/odoo", "safeguarding_request_receive_tour", login=self.duty.login
        )
        request = self.request_of(self.mash)
        self.assertRecordValues(
            request,
            [
                {
                    "basis": "mash",
                    "rating": "red",
                    "state": "open",
                    "user_id": self.practitioner.id,
                    "lead_id": self.lead.id,
                    "date_request": datetime(2026, 12, 4, 16, 55),
                    "date_due": datetime(2026, 12, 7, 12, 55),
                }
            ],
        )
        # In the duty lead's My Work, and the practitioner's, by the time left.
        watch = self.my_work(self.lead, request, "Duty: watch this request")
        answer = self.my_work(self.practitioner, request, "Answer this request")
        self.assertEqual(
            (watch | answer).mapped("safeguarding_due"),
            [datetime(2026, 12, 7, 12, 55)] * 2,
        )
        # Nobody picks it up within its first hour: it escalates to the lead.
        with freeze_time("2026-12-07 09:56:00"):
            self.env["safeguarding.request"]._cron_watch_requests()
        self.start_tour(
            "/odoo", "safeguarding_request_lead_tour", login=self.lead.login
        )
        self.start_tour(
            "/odoo", "safeguarding_request_answer_tour", login=self.practitioner.login
        )
        self.assertEqual(request.state, "picked_up")
        self.start_tour(
            "/odoo", "safeguarding_request_signoff_tour", login=self.lead.login
        )
        decision = self.record(request, "2026-12-07 11:30:00")
        self.assertRecordValues(
            request,
            [
                {
                    "state": "answered",
                    "answer": "not_shared",
                    "date_answered": datetime(2026, 12, 7, 11, 30),
                    "on_time": 100,
                }
            ],
        )
        self.assertEqual(decision.sharing_result, "could_not_share")
        self.start_tour(
            "/odoo", "safeguarding_request_reply_tour", login=self.practitioner.login
        )
        self.assertEqual(request.exchange_ids.kind, "reply_sent")
        self.assertIn(
            "Nothing the requester needs for a safeguarding purpose",
            request.exchange_ids.summary,
        )
        self.assertFalse(self.mash.user_ids)
        self.assertEqual(self.on_time_figure(request), [("December 2026", 1, 100.0)])

    def test_a_s16h_request_declined_with_the_lead_s_reasons(self):
        self.start_tour(
            "/odoo", "safeguarding_request_s16h_tour", login=self.duty.login
        )
        request = self.request_of(self.partnership)
        self.assertRecordValues(
            request,
            [
                {
                    "basis": "statutory",
                    "statutory_basis": "s16h",
                    "rating": "amber",
                    "date_due": datetime(2026, 12, 9, 16, 55),
                    "request_function": "A local child safeguarding practice review",
                }
            ],
        )
        self.assertTrue(request.decision_ids.signoff_always_required)
        self.start_tour(
            "/odoo", "safeguarding_request_s16h_signoff_tour", login=self.lead.login
        )
        self.assertEqual(
            request.decision_ids.signoff_ids[-1:].reason,
            "The review's questions are answered by the health records it already "
            "holds",
        )
        self.record(request, "2026-12-08 10:00:00")
        self.assertRecordValues(
            request, [{"state": "answered", "answer": "not_shared", "on_time": 100}]
        )
        self.assertEqual(self.on_time_figure(request), [("December 2026", 1, 100.0)])

    def test_the_agency_s_own_request_to_a_school(self):
        self.start_tour(
            "/odoo", "safeguarding_request_school_tour", login=self.practitioner.login
        )
        request = self.request_of(self.school)
        exchange = request.exchange_ids
        self.assertRecordValues(
            request,
            [
                {
                    "direction": "sent",
                    "rating": "amber",
                    "state": "answered",
                    "date_due": datetime(2026, 12, 9, 16, 55),
                }
            ],
        )
        self.assertRecordValues(
            exchange,
            [
                {
                    "kind": "reply_received",
                    "partner_id": self.school.id,
                    "summary": "Attendance 95%, no concern logged",
                    "fact_or_opinion": "fact",
                    "used_for": "The assessment of the family's needs",
                }
            ],
        )
        # Answered now, by its due time or after: it counts, in its month.
        on_time = 100 if request.date_answered <= request.date_due else 0
        self.assertEqual(request.on_time, on_time)
        self.assertEqual(
            self.on_time_figure(request), [("December 2026", 1, float(on_time))]
        )
