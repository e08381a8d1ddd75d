"""Requests for information received, against the clock: the reply time a rating
gives in the agency's working hours and public holidays, picking up, answering by
decisions, and what a request says held once a decision answers it."""

from datetime import datetime

from freezegun import freeze_time
from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DecisionCommon

XMLID = "safeguarding_info_sharing."
REQUEST_ACTIVITIES = (
    "request_answer",
    "request_watch",
    "request_escalated",
    "request_awaited",
    "request_chase",
    "request_reply",
    "request_referrer",
)
# Friday 4 December 2026, 16:55 in London (GMT: UTC).
FRIDAY_1655 = datetime(2026, 12, 4, 16, 55)


class RequestCommon(DecisionCommon):
    """The agency's shipped protocol (Red 4, Amber 24, Green 72 working hours, Monday
    to Friday 9:00 to 17:00 in London, bank holidays of England and Wales), a duty
    lead, and a duty practitioner who records requests for the case's practitioner."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Request = cls.env["safeguarding.request"]
        cls.company.safeguarding_duty_lead_id = cls.lead
        cls.case.member_ids = [Command.link(cls.colleague.id)]
        cls.red = cls.env.ref(XMLID + "reply_time_red")
        cls.amber = cls.env.ref(XMLID + "reply_time_amber")
        cls.calendar = cls.env.ref(XMLID + "resource_calendar_england_wales")

    def request_vals(self, **overrides):
        vals = {
            "case_id": self.case.id,
            "organisation_id": self.mash.id,
            "contact_id": self.mash_worker.id,
            "verification": "secure_channel",
            "basis": "mash",
            "rating": "red",
            "date_request": FRIDAY_1655,
            "information_requested": "What the service knows of the family.",
            "request_reason": "A strategy discussion today.",
            "user_id": self.practitioner.id,
        }
        vals.update(overrides)
        return vals

    def receive(self, user=None, **overrides):
        """A request received, recorded by ``user`` (the duty practitioner)."""
        return self.Request.with_user(user or self.colleague).create(
            self.request_vals(**overrides)
        )

    def activities(self, requests, kind=None):
        domain = [
            ("res_model", "=", "safeguarding.request"),
            ("res_id", "in", requests.ids),
        ]
        if kind:
            domain.append(
                (
                    "activity_type_id",
                    "=",
                    self.env.ref(XMLID + f"mail_activity_type_{kind}").id,
                )
            )
        return self.env["mail.activity"].search(domain)

    def answer_by(self, request, when, **overrides):
        """A decision answering ``request``, recorded at ``when`` after a lead's
        sign-off: by default a do-not-share discussed with the requester."""
        vals = {
            "request_id": request.id,
            "no_lawful_reason": True,
            "lawful_basis_ids": [Command.clear()],
            "discussed_with_requester": "yes",
            "date_discussed": when.date(),
            "reason": "Nothing the requester needs for a safeguarding purpose.",
        }
        vals.update(overrides)
        with freeze_time(when):
            decision = self.new_decision(**vals)
            self.record(decision)
        return decision


@tagged("post_install", "-at_install")
class TestReplyTime(RequestCommon):
    def test_a_red_enquiry_on_friday_at_1655_is_due_monday_at_1255(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        self.assertRecordValues(
            request,
            [
                {
                    "reply_time_id": self.red.id,
                    "calendar_id": self.calendar.id,
                    "round_the_clock": False,
                    "reply_hours": 4.0,
                    # 5 minutes on Friday, then 3 h 55 from 9:00 on Monday.
                    "date_due": datetime(2026, 12, 7, 12, 55),
                    # Its first quarter (1 working hour) and last (from 3 hours).
                    "date_pick_up_due": datetime(2026, 12, 7, 9, 55),
                    "date_warning": datetime(2026, 12, 7, 11, 55),
                }
            ],
        )

    def test_a_bank_holiday_monday_is_not_a_working_day(self):
        # Friday 22 May 2026, 16:55 in London is 15:55 UTC (summer time); Monday 25
        # May is the Spring bank holiday.
        with freeze_time("2026-05-22 16:00:00"):
            request = self.receive(date_request=datetime(2026, 5, 22, 15, 55))
        self.assertEqual(request.date_due, datetime(2026, 5, 26, 11, 55))
        self.assertEqual(request.date_pick_up_due, datetime(2026, 5, 26, 8, 55))

    def test_red_counted_round_the_clock_where_the_protocol_says_so(self):
        self.red.round_the_clock = True
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        self.assertRecordValues(
            request,
            [
                {
                    "round_the_clock": True,
                    "date_due": datetime(2026, 12, 4, 20, 55),
                    "date_pick_up_due": datetime(2026, 12, 4, 17, 55),
                    "date_warning": datetime(2026, 12, 4, 19, 55),
                }
            ],
        )

    def test_amber_over_christmas(self):
        # Thursday 24 December 2026 at 15:00: 2 hours that day; 25 and 28 December
        # are bank holidays, 26 and 27 a weekend; 8 hours on the 29th and 30th,
        # and the last 6 on the 31st.
        with freeze_time("2026-12-24 15:30:00"):
            request = self.receive(
                rating="amber", date_request=datetime(2026, 12, 24, 15)
            )
        self.assertEqual(request.date_due, datetime(2026, 12, 31, 15, 0))

    def test_a_new_protocol_applies_from_its_day_and_a_request_keeps_its_own(self):
        with freeze_time("2026-12-04 17:00:00"):
            before = self.receive()
        self.red.date_to = "2026-12-06"
        faster = self.env["safeguarding.reply.time"].create(
            {
                "company_id": self.company.id,
                "rating": "red",
                "hours": 2,
                "calendar_id": self.calendar.id,
                "date_from": "2026-12-07",
            }
        )
        with freeze_time("2026-12-07 10:00:00"):
            after = self.receive(date_request=datetime(2026, 12, 7, 10))
        self.assertEqual(after.reply_time_id, faster)
        self.assertEqual(after.date_due, datetime(2026, 12, 7, 12))
        self.assertEqual(before.reply_time_id, self.red)
        self.assertEqual(before.date_due, datetime(2026, 12, 7, 12, 55))

    def test_overlapping_reply_times_are_refused(self):
        ReplyTime = self.env["safeguarding.reply.time"].with_user(self.sg_admin)
        count = ReplyTime.search_count([])
        with self.assertRefused(ValidationError, "already has a reply time for Red"):
            ReplyTime.create(
                {
                    "company_id": self.company.id,
                    "rating": "red",
                    "hours": 2,
                    "calendar_id": self.calendar.id,
                    "date_from": "2027-01-01",
                }
            )
        self.assertEqual(ReplyTime.search_count([]), count)

    def test_a_rating_without_a_reply_time_is_refused(self):
        self.red.date_from = "2027-01-01"
        count = self.Request.search_count([])
        with (
            freeze_time("2026-12-04 17:00:00"),
            self.assertRefused(
                ValidationError,
                r"^.* has no reply time for a Red request on 12/04/2026: the "
                r"safeguarding administrator sets the reply time of each rating in "
                r"Configuration > Reply Times\.$",
            ),
        ):
            self.receive()
        self.assertEqual(self.Request.search_count([]), count)

    def test_only_the_safeguarding_administrator_keeps_the_reply_times(self):
        with self.assertRefused(AccessError, "not allowed"):
            self.red.with_user(self.lead).write({"hours": 1})
        self.red.with_user(self.sg_admin).write({"hours": 3})
        self.assertEqual(self.red.hours, 3)


@tagged("post_install", "-at_install")
class TestRequestReceived(RequestCommon):
    def test_recorded_for_a_colleague_it_waits_in_their_my_work_and_the_leads(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        self.assertEqual(request.state, "open")
        self.assertFalse(request.date_picked_up)
        self.assertEqual(request.lead_id, self.lead)
        answer = self.activities(request, "request_answer")
        watch = self.activities(request, "request_watch")
        self.assertRecordValues(
            answer | watch,
            [
                {
                    "user_id": self.practitioner.id,
                    "date_deadline": datetime(2026, 12, 7).date(),
                    "safeguarding_due": datetime(2026, 12, 7, 12, 55),
                },
                {
                    "user_id": self.lead.id,
                    "date_deadline": datetime(2026, 12, 7).date(),
                    "safeguarding_due": datetime(2026, 12, 7, 12, 55),
                },
            ],
        )

    def test_a_leavers_open_request_and_its_answer_go_to_their_successor(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        self.practitioner.action_archive()
        successor = self.case.user_id
        self.assertNotEqual(successor, self.practitioner)
        self.assertEqual(request.user_id, successor)
        self.assertEqual(self.activities(request, "request_answer").user_id, successor)

    def test_recorded_by_its_practitioner_it_is_picked_up(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive(user=self.practitioner)
        self.assertRecordValues(
            request,
            [
                {
                    "state": "picked_up",
                    "date_picked_up": datetime(2026, 12, 4, 17),
                    "picked_up_by_id": self.practitioner.id,
                }
            ],
        )

    def test_picking_up(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        with freeze_time("2026-12-07 09:30:00"):
            request.with_user(self.practitioner).action_pick_up()
        self.assertRecordValues(
            request,
            [
                {
                    "state": "picked_up",
                    "date_picked_up": datetime(2026, 12, 7, 9, 30),
                    "picked_up_by_id": self.practitioner.id,
                    "user_id": self.practitioner.id,
                }
            ],
        )
        with self.assertRefused(UserError, "is not a received request waiting"):
            request.with_user(self.practitioner).action_pick_up()

    def test_what_the_server_sets_is_never_given(self):
        count = self.Request.search_count([])
        for field, value in (
            ("state", "answered"),
            ("date_due", "2027-01-01 00:00:00"),
            ("on_time", 100),
            ("date_picked_up", "2026-12-04 17:00:00"),
            ("round_the_clock", True),
        ):
            with (
                self.subTest(field=field),
                self.assertRefused(UserError, "is set by the server"),
            ):
                self.receive(**{field: value})
        self.assertEqual(self.Request.search_count([]), count)
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        for field, value in (("state", "answered"), ("date_due", "2030-01-01")):
            with self.assertRefused(UserError, "is due by the time its rating gives"):
                request.with_user(self.practitioner).write({field: value})
        self.assertEqual(request.state, "open")

    def test_a_statutory_request_names_its_section_and_an_lscb_one_is_refused(self):
        count = self.Request.search_count([])
        with self.assertRefused(ValidationError, "names the section"):
            self.receive(basis="statutory")
        with self.assertRefused(ValidationError, "names the section"):
            self.receive(basis="mash", statutory_basis="s16h")
        with (
            freeze_time("2026-12-04 17:00:00"),
            self.assertRefused(
                ValidationError, "Safeguarding Children Board.*not in force"
            ),
        ):
            self.receive(
                basis="statutory",
                statutory_basis="s14b",
                rating=False,
                date_request=datetime(2019, 9, 30, 10),
            )
        self.assertEqual(self.Request.search_count([]), count)
        request = self.receive(
            basis="statutory",
            statutory_basis="s14b",
            rating=False,
            date_request=datetime(2019, 9, 29, 10),
        )
        self.assertEqual(request.statutory_basis, "s14b")

    def test_a_request_in_the_future_is_refused(self):
        with (
            freeze_time("2026-12-04 17:00:00"),
            self.assertRefused(
                ValidationError,
                r"Received On cannot be 12/04/2026 18:00:00\. It says when this "
                r"happened: .* never in the future\.$",
            ),
        ):
            self.receive(date_request=datetime(2026, 12, 4, 18))

    def test_the_assigned_practitioner_and_the_duty_lead_hold_their_roles(self):
        with self.assertRefused(ValidationError, "is not a practitioner"):
            self.receive(user_id=self.manager.id)
        with self.assertRefused(ValidationError, "is not a safeguarding lead"):
            self.receive(lead_id=self.colleague.id)
        with self.assertRefused(ValidationError, "cannot be the duty lead"):
            self.company.safeguarding_duty_lead_id = self.colleague


@tagged("post_install", "-at_install")
class TestNewCaseFromRequest(RequestCommon):
    def new_child(self, user=None, **child):
        vals = self.request_vals(**child)
        del vals["case_id"]
        with freeze_time("2026-12-04 17:00:00"):
            return self.Request.with_user(user or self.colleague).create(vals)

    def test_a_child_matched_by_nhs_number_is_the_case_already_held(self):
        request = self.new_child(
            new_child_name="Test Child, as the MASH spells it",
            new_child_nhs_number="999 000 0034",
        )
        self.assertEqual(request.case_id, self.case)

    def test_a_child_not_known_opens_a_case(self):
        cases = self.env["safeguarding.case"].search_count([])
        request = self.new_child(
            new_child_name="Una Known",
            new_child_nhs_number="9990000107",
            new_child_date_of_birth="2019-02-03",
        )
        case = request.case_id
        self.assertEqual(self.env["safeguarding.case"].search_count([]), cases + 1)
        self.assertRecordValues(
            case,
            [
                {
                    "user_id": self.practitioner.id,
                    "member_ids": self.colleague.ids,
                    "child_nhs_number": "9990000107",
                    "child_date_of_birth": datetime(2019, 2, 3).date(),
                }
            ],
        )
        self.assertEqual(case.child_id.name, "Una Known")

    def test_a_case_the_user_may_not_open_is_not_duplicated_nor_shown(self):
        other = self.env["safeguarding.case"].create(
            {
                "child_id": self.env["res.partner"]
                .create({"name": "Restricted Child", "nhs_number": "9990000115"})
                .id,
                "user_id": self.lead.id,
                "restricted": True,
                "restriction_reason": "A relative works in the service.",
            }
        )
        cases = self.env["safeguarding.case"].search_count([])
        requests = self.Request.search_count([])
        with self.assertRefused(
            UserError,
            r"already holds a case for the child with NHS number 9990000115, which "
            r"you may not open",
        ) as caught:
            self.new_child(new_child_name="R. Child", new_child_nhs_number="9990000115")
        self.assertNotIn(other.name, str(caught.exception))
        self.assertNotIn("Restricted Child", str(caught.exception))
        self.assertEqual(self.env["safeguarding.case"].search_count([]), cases)
        self.assertEqual(self.Request.search_count([]), requests)

    def test_an_invalid_nhs_number_is_refused(self):
        with self.assertRefused(ValidationError, "is not a valid NHS number"):
            self.new_child(
                new_child_name="Una Known", new_child_nhs_number="1234567890"
            )


@tagged("post_install", "-at_install")
class TestAnsweredByDecisions(RequestCommon):
    def test_a_do_not_share_answers_it_with_the_time_taken_and_seals_it(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        decision = self.answer_by(request, datetime(2026, 12, 7, 11, 30))
        self.assertEqual(decision.request_id, request)
        self.assertRecordValues(
            request,
            [
                {
                    "state": "answered",
                    "date_answered": datetime(2026, 12, 7, 11, 30),
                    "answer": "not_shared",
                    # 5 minutes on Friday, 2 h 30 on Monday.
                    "hours_to_answer": 2.58,
                    "on_time": 100,
                }
            ],
        )
        self.assertTrue(request.integrity_hash)
        self.assertFalse(
            self.activities(request, "request_answer")
            | self.activities(request, "request_watch")
        )
        reply = self.activities(request, "request_reply")
        self.assertEqual(reply.user_id, self.practitioner)
        with self.assertRefused(UserError, "is recorded and can no longer be changed"):
            request.with_user(self.practitioner).write({"lead_id": False})

    def test_the_decision_copies_what_the_request_says(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive(
                basis="statutory",
                statutory_basis="s16h",
                request_proportionality="Only this term.",
                request_function="A rapid review.",
            )
        with freeze_time("2026-12-07 09:00:00"):
            decision = self.new_decision(request_id=request.id)
        self.assertRecordValues(
            decision,
            [
                {
                    "trigger": "request",
                    "requester_organisation_id": self.mash.id,
                    "requester_id": self.mash_worker.id,
                    "date_received": datetime(2026, 12, 4).date(),
                    "deadline": datetime(2026, 12, 7).date(),
                    "information_requested": "What the service knows of the family.",
                    "statutory_basis": "s16h",
                    "request_reason": "A strategy discussion today.",
                    "request_proportionality": "Only this term.",
                    "request_function": "A rapid review.",
                }
            ],
        )
        # Answering it takes it on.
        self.assertEqual(request.state, "picked_up")
        self.assertEqual(request.picked_up_by_id, self.practitioner)

    def test_what_it_says_is_held_once_a_decision_answering_it_is_submitted(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        with freeze_time("2026-12-07 09:00:00"):
            decision = self.new_decision(
                request_id=request.id,
                no_lawful_reason=True,
                lawful_basis_ids=[Command.clear()],
                discussed_with_requester="no",
            )
            request.with_user(self.practitioner).write(
                {"information_requested": "Only the school's concerns."}
            )
            self.assertEqual(
                decision.information_requested, "Only the school's concerns."
            )
            decision.action_submit()
        with self.assertRefused(
            UserError,
            rf"^{request.name} is answered by {decision.name}, submitted or recorded "
            r"on what it says: What Is Asked can no longer change\.",
        ):
            request.with_user(self.practitioner).write({"information_requested": "All"})
        self.assertEqual(request.information_requested, "Only the school's concerns.")
        # Who answers it still moves.
        request.with_user(self.lead).write({"user_id": self.colleague.id})
        self.assertEqual(request.user_id, self.colleague)

    def test_several_decisions_answer_it_once_each_is_recorded(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive(rating="amber")
        with freeze_time("2026-12-07 09:00:00"):
            share = self.new_decision(request_id=request.id, request_extent="part")
            self.assertIn(
                "whether the decision was discussed with the requester",
                share._missing_items(),
            )
            share.write(
                {"discussed_with_requester": "yes", "date_discussed": "2026-12-07"}
            )
        decline = self.answer_by(request, datetime(2026, 12, 7, 10))
        self.assertEqual(request.state, "picked_up")
        with freeze_time("2026-12-08 10:00:00"):
            self.record(share)
        self.assertRecordValues(
            request,
            [
                {
                    "state": "answered",
                    "answer": "share_part",
                    "date_answered": datetime(2026, 12, 8, 10),
                }
            ],
        )
        self.assertEqual(request.decision_ids, share | decline)

    def test_a_share_of_all_that_was_asked(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive(rating="green")
        with freeze_time("2026-12-07 09:00:00"):
            share = self.new_decision(request_id=request.id)
            self.assertIn(
                "whether it shares all that was asked, or part", share._missing_items()
            )
            share.request_extent = "all"
            self.record(share)
        self.assertEqual(request.answer, "share_all")
        self.assertFalse(request.reply_pending)
        self.assertFalse(self.activities(request, "request_reply"))

    def test_answered_late(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        self.answer_by(request, datetime(2026, 12, 7, 14))
        self.assertEqual(request.on_time, 0)
        self.assertEqual(request.hours_to_answer, 5.08)

    def test_a_decision_answers_only_a_request_of_its_own_case(self):
        other_case = self.env["safeguarding.case"].create(
            {"child_id": self.parent.id, "user_id": self.practitioner.id}
        )
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive(user=self.practitioner, case_id=other_case.id)
        with self.assertRefused(
            ValidationError, "must be one recorded on the same case"
        ):
            self.new_decision(request_id=request.id)


@tagged("post_install", "-at_install")
class TestDutyAndMyWork(RequestCommon):
    def test_the_safeguarding_administrator_names_the_duty_lead(self):
        self.company.write(
            {"safeguarding_duty_lead_id": False, "safeguarding_reply_by_email": False}
        )
        Settings = self.env["safeguarding.config.settings"]
        Settings.with_user(self.sg_admin).create(
            {"duty_lead_id": self.lead.id, "reply_by_email": True}
        ).action_save()
        self.assertEqual(self.company.safeguarding_duty_lead_id, self.lead)
        self.assertTrue(self.company.safeguarding_reply_by_email)
        with self.assertRefused(AccessError, "not allowed|Only a safeguarding admin"):
            Settings.with_user(self.lead).create(
                {"duty_lead_id": False, "reply_by_email": False}
            ).action_save()
        self.assertEqual(self.company.safeguarding_duty_lead_id, self.lead)
        with freeze_time("2026-12-04 17:00:00"):
            self.assertEqual(self.receive().lead_id, self.lead)

    def test_my_work_orders_a_day_s_requests_by_the_time_left(self):
        with freeze_time("2026-12-07 10:00:00"):
            later = self.receive(date_request=datetime(2026, 12, 7, 10))
            sooner = self.receive(date_request=datetime(2026, 12, 7, 9))
        self.assertEqual(
            (sooner.date_due, later.date_due),
            (datetime(2026, 12, 7, 13), datetime(2026, 12, 7, 14)),
        )
        view = self.env.ref(XMLID + "safeguarding_my_work_view_list")
        order = etree.fromstring(view.arch).get("default_order")
        self.assertEqual(order, "date_deadline, safeguarding_due, id")
        work = self.env["mail.activity"].search(
            [
                ("user_id", "=", self.practitioner.id),
                ("res_model", "=", "safeguarding.request"),
                ("res_id", "in", (later | sooner).ids),
            ],
            order=order,
        )
        self.assertEqual(work.mapped("res_id"), [sooner.id, later.id])
