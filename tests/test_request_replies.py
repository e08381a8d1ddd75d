"""What passes with the other side of a request: the reply written to a requester
after a refusal (logged and printed, never e-mailed unless the agency's policy says
so, the requester never becoming a user), the agency's own request to a partner with
its reply (fact or opinion, used for what) and its chasers, and the referrer told."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .test_request import RequestCommon

REPLY_REPORT = "safeguarding_info_sharing.report_request_reply"


@tagged("post_install", "-at_install")
class TestReplyToTheRequester(RequestCommon):
    def setUp(self):
        super().setUp()
        self.mash_worker.email = "worker@mash.example.org"
        with freeze_time("2026-12-04 17:00:00"):
            self.request = self.receive(rating="green")
        self.decision = self.answer_by(self.request, datetime(2026, 12, 7, 11))

    def composer(self, user=None):
        action = self.request.with_user(user or self.practitioner).action_write_reply()
        self.assertEqual(action["res_model"], "mail.compose.message")
        return Form(
            self.env["mail.compose.message"]
            .with_user(user or self.practitioner)
            .with_context(**action["context"])
        )

    def test_the_reply_says_what_was_asked_and_decided_and_is_logged(self):
        self.assertTrue(self.request.reply_pending)
        composer = self.composer()
        self.assertEqual(composer.subject, f"Your request {self.request.name}")
        body = " ".join(html2plaintext(composer.body).split())
        self.assertIn("Dear Test MASH worker,", body)
        self.assertIn(
            f"On 12/04/2026 you asked {self.company.name} for: What the service "
            "knows of the family.",
            body,
        )
        self.assertIn(
            "Not shared: Nothing the requester needs for a safeguarding purpose.",
            body,
        )
        self.assertIn("Discussed with you: 12/07/2026", body)
        mails = self.env["mail.mail"].sudo().search_count([])
        with freeze_time("2026-12-07 14:00:00"):
            composer.save().action_send_mail()
        # Logged on the request as a note, kept as an entry of its own, sealed.
        note = self.request.message_ids.filtered(
            lambda m: m.subject == f"Your request {self.request.name}"
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(note.partner_ids)
        entry = self.request.exchange_ids
        self.assertRecordValues(
            entry,
            [
                {
                    "kind": "reply_sent",
                    "partner_id": self.mash_worker.id,
                    "method": "letter",
                    "date": datetime(2026, 12, 7, 14),
                    "message_id": note.id,
                    "user_id": self.practitioner.id,
                }
            ],
        )
        self.assertIn("Not shared: Nothing the requester needs", entry.summary)
        self.assertTrue(entry.integrity_hash)
        self.assertFalse(self.request.reply_pending)
        self.assertFalse(self.activities(self.request, "request_reply"))
        # Never e-mailed, and the requester is no user of the product for asking.
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails)
        self.assertFalse(self.mash_worker.user_ids | self.mash.user_ids)
        self.assertNotIn(self.mash_worker, self.request.message_follower_ids.partner_id)
        self.assertFalse(
            self.env["mail.notification"]
            .sudo()
            .search([("res_partner_id", "in", (self.mash | self.mash_worker).ids)])
        )

    def test_e_mailed_to_the_requester_where_the_agency_s_policy_says_so(self):
        self.company.safeguarding_reply_by_email = True
        with freeze_time("2026-12-07 14:00:00"):
            self.composer().save().action_send_mail()
        mail = (
            self.env["mail.mail"]
            .sudo()
            .search(
                [
                    ("model", "=", "safeguarding.request"),
                    ("res_id", "=", self.request.id),
                ]
            )
        )
        # Beside Odoo's neutral notice of the request's assignment to its
        # practitioner: the letter, to the requester's address alone.
        mail = mail.filtered("email_to")
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, '"Test MASH worker" <worker@mash.example.org>')
        self.assertFalse(mail.recipient_ids)
        self.assertIn("Not shared: Nothing the requester needs", mail.body_html)
        self.assertEqual(self.request.exchange_ids.method, "email")
        self.assertFalse(self.mash_worker.user_ids)
        self.assertNotIn(self.mash_worker, self.request.message_follower_ids.partner_id)

    def test_there_is_no_refusal_to_write_after_sharing_all_that_was_asked(self):
        with freeze_time("2026-12-04 17:00:00"):
            shared = self.receive(rating="green")
        with freeze_time("2026-12-07 09:00:00"):
            self.record(self.new_decision(request_id=shared.id, request_extent="all"))
        self.assertEqual(shared.answer, "share_all")
        with self.assertRefused(UserError, "there is no refusal to write"):
            shared.with_user(self.practitioner).action_write_reply()
        # Nor through the composer opened on the template by hand.
        action = self.request.with_user(self.practitioner).action_write_reply()
        context = dict(action["context"], default_res_ids=shared.ids)
        messages = len(shared.message_ids)
        with self.assertRefused(UserError, "there is no refusal to write"):
            Form(
                self.env["mail.compose.message"]
                .with_user(self.practitioner)
                .with_context(**context)
            ).save().action_send_mail()
        self.assertEqual(len(shared.message_ids), messages)
        self.assertFalse(shared.exchange_ids)

    def test_the_reply_prints_as_logged(self):
        with freeze_time("2026-12-07 14:00:00"):
            self.composer().save().action_send_mail()
        html = str(
            self.env["ir.actions.report"]
            .with_user(self.practitioner)
            ._render_qweb_html(REPLY_REPORT, self.request.ids)[0]
        )
        text = " ".join(html2plaintext(html).split())
        self.assertIn("OFFICIAL-SENSITIVE", text)
        self.assertIn(f"Our reference: {self.request.name}", text)
        self.assertIn("Dear Test MASH worker,", text)
        self.assertIn("Not shared: Nothing the requester needs", text)
        # Nobody who may not read the request prints it.
        with self.assertRefused(Exception, "not allowed|may not|Due to security"):
            self.env["ir.actions.report"].with_user(
                self.env["res.users"].browse(self.sg_admin.id)
            )._render_qweb_html(REPLY_REPORT, self.request.ids)


@tagged("post_install", "-at_install")
class TestRequestToAPartner(RequestCommon):
    def send(self, **overrides):
        vals = {
            "direction": "sent",
            "organisation_id": self.school.id,
            "contact_id": False,
            "basis": "statutory",
            "statutory_basis": "s47",
            "rating": "amber",
            "information_requested": "Attendance this term and any concerns logged.",
            "request_reason": "Child protection enquiries: a strategy discussion.",
        }
        vals.update(overrides)
        with freeze_time("2026-12-04 17:00:00"):
            return self.receive(user=self.practitioner, **vals)

    def test_it_awaits_its_reply_is_chased_when_late_and_answered_by_it(self):
        request = self.send()
        self.assertEqual(request.state, "open")
        self.assertEqual(request.date_due, datetime(2026, 12, 9, 16, 55))
        awaited = self.activities(request, "request_awaited")
        self.assertEqual(awaited.user_id, self.practitioner)
        # Late: the practitioner is asked to chase it, not the lead.
        with freeze_time("2026-12-09 17:00:00"):
            self.Request._cron_watch_requests()
        chase = self.activities(request, "request_chase")
        self.assertEqual(chase.user_id, self.practitioner)
        self.assertFalse(self.activities(request, "request_escalated"))
        with freeze_time("2026-12-09 17:10:00"):
            request.with_user(self.practitioner)._add_exchange(
                {
                    "kind": "chased",
                    "method": "phone",
                    "date": "2026-12-09 17:05:00",
                    "summary": "Left a message with the school office.",
                }
            )
        self.assertFalse(self.activities(request, "request_chase"))
        with freeze_time("2026-12-10 10:00:00"):
            request.with_user(self.practitioner)._add_exchange(
                {
                    "kind": "reply_received",
                    "method": "email",
                    "date": "2026-12-10 09:30:00",
                    "summary": "Attendance 82%; two bruises logged in November.",
                    "fact_or_opinion": "fact",
                    "used_for": "The strategy discussion's decision on a s47 enquiry.",
                }
            )
        self.assertRecordValues(
            request,
            [
                {
                    "state": "answered",
                    "date_answered": datetime(2026, 12, 10, 9, 30),
                    "on_time": 0,
                    # 5 min on Friday, 8 h on Monday, Tuesday and Wednesday, 30 min.
                    "hours_to_answer": 24.58,
                    "answer": False,
                }
            ],
        )
        self.assertTrue(request.integrity_hash)
        self.assertFalse(self.activities(request))
        self.assertRecordValues(
            request.exchange_ids,
            [
                {
                    "kind": "chased",
                    "partner_id": self.school.id,
                    "method": "phone",
                    "fact_or_opinion": False,
                    "used_for": False,
                },
                {
                    "kind": "reply_received",
                    "partner_id": self.school.id,
                    "method": "email",
                    "fact_or_opinion": "fact",
                    "used_for": "The strategy discussion's decision on a s47 enquiry.",
                },
            ],
        )
        self.assertTrue(all(request.exchange_ids.mapped("integrity_hash")))
        with self.assertRefused(UserError, "is already answered: there is nothing"):
            request.with_user(self.practitioner)._add_exchange(
                {"kind": "chased", "method": "phone", "date": "2026-12-10 09:40:00"}
            )

    def test_what_a_reply_received_must_say(self):
        request = self.send()
        for values, message in (
            (
                {"kind": "reply_received"},
                "needs Fact or Opinion, Used For, What Was Said, When\\.$",
            ),
            (
                {
                    "kind": "reply_received",
                    "date": "2026-12-07 10:00:00",
                    "summary": "Attendance.",
                    "fact_or_opinion": "hearsay",
                    "used_for": "The assessment.",
                },
                "hearsay is not a choice of Fact or Opinion",
            ),
            (
                {
                    "kind": "reply_received",
                    "date": "2026-12-03 10:00:00",
                    "summary": "Attendance.",
                    "fact_or_opinion": "fact",
                    "used_for": "The assessment.",
                },
                "nothing passed on it before",
            ),
            (
                {
                    "kind": "reply_received",
                    "date": "2026-12-08 10:00:00",
                    "summary": "Attendance.",
                    "fact_or_opinion": "fact",
                    "used_for": "The assessment.",
                },
                "When cannot be 12/08/2026 10:00:00. It says when this happened",
            ),
            ({"kind": "reply_sent"}, "is logged from 'Reply to the Requester'"),
            ({"kind": "chased", "state": "answered"}, "does not take state"),
        ):
            with (
                self.subTest(values=values),
                freeze_time("2026-12-07 12:00:00"),
                self.assertRefused(UserError, message),
            ):
                request.with_user(self.practitioner)._add_exchange(values)
        self.assertFalse(request.exchange_ids)
        self.assertEqual(request.state, "open")

    def test_chasers_and_replies_belong_to_a_request_we_sent(self):
        with freeze_time("2026-12-04 17:00:00"):
            received = self.receive()
        with (
            freeze_time("2026-12-07 12:00:00"),
            self.assertRefused(UserError, "was received by us"),
        ):
            received.with_user(self.practitioner)._add_exchange(
                {"kind": "chased", "method": "phone", "date": "2026-12-07 11:00:00"}
            )


@tagged("post_install", "-at_install")
class TestTheReferrerTold(RequestCommon):
    def test_the_referrer_is_told_the_outcome_once_it_is_answered(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive(referrer_id=self.school.id)
        with (
            freeze_time("2026-12-07 09:00:00"),
            self.assertRefused(UserError, "is not answered yet"),
        ):
            request.with_user(self.practitioner)._add_exchange(
                {"kind": "referrer_told", "told": False, "not_told_reason": "Later."}
            )
        self.answer_by(request, datetime(2026, 12, 7, 11))
        to_do = self.activities(request, "request_referrer")
        self.assertEqual(to_do.user_id, self.practitioner)
        with freeze_time("2026-12-07 15:00:00"):
            request.with_user(self.practitioner)._add_exchange(
                {
                    "kind": "referrer_told",
                    "told": True,
                    "method": "phone",
                    "date": "2026-12-07 14:30:00",
                    "summary": "The concern was looked into; no further action by us.",
                }
            )
        self.assertRecordValues(
            request.exchange_ids,
            [
                {
                    "kind": "referrer_told",
                    "partner_id": self.school.id,
                    "told": True,
                    "method": "phone",
                    "date": datetime(2026, 12, 7, 14, 30),
                    "user_id": self.practitioner.id,
                }
            ],
        )
        # Done: archived, as Odoo keeps a done activity, out of the practitioner's
        # work and still in the request's history.
        self.assertFalse(to_do.active)
        self.assertFalse(self.activities(request, "request_referrer"))

    def test_or_why_not(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive(referrer_id=self.school.id)
        self.answer_by(request, datetime(2026, 12, 7, 11))
        with freeze_time("2026-12-07 15:00:00"):
            with self.assertRefused(UserError, "needs Why Not Told"):
                request.with_user(self.practitioner)._add_exchange(
                    {"kind": "referrer_told", "told": False}
                )
            request.with_user(self.practitioner)._add_exchange(
                {
                    "kind": "referrer_told",
                    "told": False,
                    "not_told_reason": "Telling them would alert the alleged abuser.",
                }
            )
        self.assertRecordValues(
            request.exchange_ids,
            [
                {
                    "told": False,
                    "date": datetime(2026, 12, 7, 15),
                    "not_told_reason": "Telling them would alert the alleged abuser.",
                }
            ],
        )

    def test_no_referrer_no_telling(self):
        with freeze_time("2026-12-04 17:00:00"):
            request = self.receive()
        self.answer_by(request, datetime(2026, 12, 7, 11))
        self.assertFalse(self.activities(request, "request_referrer"))
        with self.assertRefused(UserError, "names no referrer to tell"):
            request.with_user(self.practitioner)._add_exchange(
                {"kind": "referrer_told", "told": False, "not_told_reason": "None."}
            )
