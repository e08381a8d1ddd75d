"""A consent's withdrawal told to each recipient of what was shared on it: a notice
from the agency's template, reviewed in Odoo's composer and logged on the consent,
listing what that recipient received and when; the decisions that relied on the
consent show the withdrawal, their recorded outcome unchanged."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import html2plaintext

from ..models.safeguarding_consent import WITHDRAWAL_NOTICE_ACTIVITY
from .common import DecisionCommon, RpcClient, shown_on_form


@tagged("post_install", "-at_install")
class TestWithdrawalNotice(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.consent = cls.env["safeguarding.consent"].create(
            cls.consent_vals(
                cls,
                scope_recipient_ids=[Command.set((cls.mash | cls.school).ids)],
            )
        )
        cls.consent.action_give()

    def setUp(self):
        super().setUp()
        self.decision = self.new_decision(
            consent_id=self.consent.id,
            no_consent_reason=False,
            recipient_ids=[Command.create(self.recipient_vals(self.school))],
        )
        self.record(self.decision)
        self.lines = (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(
                [
                    self.disclosure_vals(
                        self.decision, description="Attendance record"
                    ),
                    {
                        "decision_id": self.decision.id,
                        "description": "Teacher's view of the child's mood",
                        "fact_or_opinion": "opinion",
                        "recipient_id": self.school.id,
                        "channel_id": self.secure_channel.id,
                    },
                ]
            )
        )
        # Taken with the lines, not when the module is imported: a run that crosses
        # midnight would otherwise print the share on another day than this one.
        self.withdrawn_on = fields.Datetime.now()
        # Dates as the tests' language (English (US)) writes them.
        self.today = self.withdrawn_on.strftime("%m/%d/%Y")

    def withdraw(self):
        self.as_user(self.practitioner, self.consent)._withdraw(
            self.parent.id, self.withdrawn_on, "verbal", "No longer agrees."
        )

    def notice_activities(self):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "safeguarding.consent"),
                ("res_id", "=", self.consent.id),
                ("activity_type_id", "=", self.env.ref(WITHDRAWAL_NOTICE_ACTIVITY).id),
            ]
        )

    def test_each_recipient_gets_a_notice_to_do(self):
        self.withdraw()
        self.assertEqual(self.consent.shared_disclosure_ids, self.lines)
        self.assertEqual(
            sorted(
                (a.safeguarding_recipient_id.name, a.summary, a.user_id.login)
                for a in self.notice_activities()
            ),
            [
                (
                    "Test MASH worker",
                    "Tell Test MASH, Test MASH worker that consent was withdrawn",
                    "t_practitioner",
                ),
                (
                    "Test School",
                    "Tell Test School that consent was withdrawn",
                    "t_practitioner",
                ),
            ],
        )

    def test_the_notice_lists_what_the_recipient_received_and_is_logged(self):
        self.withdraw()
        action = (
            self.lines[0].with_user(self.practitioner).action_write_withdrawal_notice()
        )
        self.assertEqual(action["res_model"], "mail.compose.message")
        self.assertEqual(
            action["name"], "Withdrawal Notice to Test MASH, Test MASH worker"
        )
        mails_before = self.env["mail.mail"].sudo().search_count([])
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.practitioner)
            .with_context(**action["context"])
        )
        self.assertEqual(
            composer.subject, "Consent withdrawn: information about Test Child"
        )
        body = " ".join(html2plaintext(composer.body).split())
        self.assertIn("Dear Test MASH worker,", body)
        self.assertIn(f"That consent was withdrawn on {self.today}.", body)
        self.assertIn(f"{self.today}: Attendance record", body)
        # Only what this recipient received.
        self.assertNotIn("Teacher's view", body)
        composer.save().action_send_mail()
        # Logged as a note (then the to-do's completion), mailed to no one.
        message = self.consent.message_ids.filtered(
            lambda m: m.subtype_id == self.env.ref("mail.mt_note")
        )[:1]
        self.assertIn("Attendance record", message.body)
        self.assertFalse(message.partner_ids)
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails_before)
        # Logged, the notice has reached nobody yet: its to-do waits for it to be
        # sent, the school's for its notice to be written.
        self.assertEqual(
            sorted(self.notice_activities().mapped("summary")),
            [
                "Send the notice to Test MASH, Test MASH worker",
                "Tell Test School that consent was withdrawn",
            ],
        )
        consent = self.consent.with_user(self.practitioner)
        with self.assertRefused(UserError, "not in the future"):
            consent._record_notice_sent(
                self.mash_worker.id,
                "post",
                fields.Datetime.now() + timedelta(days=1),
            )
        consent._record_notice_sent(self.mash_worker.id, "post", fields.Datetime.now())
        # Sent, its to-do is done, with how and when.
        self.assertEqual(
            self.notice_activities().safeguarding_recipient_id, self.school
        )
        done = self.consent.message_ids.filtered(
            lambda m: (
                "Withdrawal notice to Test MASH, Test MASH worker sent by post"
                in (m.body or "")
            )
        )
        self.assertEqual(len(done), 1)

    def test_a_colleague_on_the_case_records_the_notice_sent(self):
        """The notice's to-do is the case's lead practitioner's; a colleague named on
        the case who writes and sends the notice completes it."""
        self.withdraw()
        self.case.member_ids = [Command.link(self.colleague.id)]
        consent = self.as_user(self.colleague, self.consent)
        consent._record_withdrawal_notice(self.mash_worker)
        consent._record_notice_sent(self.mash_worker.id, "post", fields.Datetime.now())
        self.assertEqual(
            self.notice_activities().safeguarding_recipient_id, self.school
        )
        done = self.consent.message_ids.filtered(
            lambda m: "sent by post" in (m.body or "")
        )
        self.assertEqual(done.author_id, self.colleague.partner_id)

    def test_the_notice_tells_what_the_share_rested_on(self):
        # The decision shared with the consent, on public task: the notice says so,
        # and asks nothing it has no ground to ask.
        self.withdraw()
        action = (
            self.lines[0].with_user(self.practitioner).action_write_withdrawal_notice()
        )
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.practitioner)
            .with_context(**action["context"])
        )
        body = " ".join(html2plaintext(composer.body).split())
        self.assertIn(
            "What we shared with you with that consent, on another lawful basis:",
            body,
        )
        self.assertIn(f"{self.today}: Attendance record (Test public task)", body)
        self.assertIn(
            "The withdrawal does not make that sharing unlawful: we tell you so that "
            "you know that Test Parent no longer agrees to it.",
            body,
        )
        self.assertNotIn("Please do not use", body)

    def test_a_decision_that_merely_linked_the_consent_gets_no_notice(self):
        # Linked, but on another purpose: the consent covered nothing of it.
        other = self.new_decision(
            consent_id=self.consent.id,
            no_consent_reason="not_covered",
            purpose_id=self.other_purpose.id,
        )
        self.assertFalse(other.has_consent)
        self.record(other)
        self.env["safeguarding.disclosure"].with_user(self.practitioner).create(
            {
                "decision_id": other.id,
                "description": "Exclusion record",
                "fact_or_opinion": "fact",
                "recipient_id": self.mash_worker.id,
                "channel_id": self.secure_channel.id,
            }
        )
        self.withdraw()
        self.assertEqual(self.consent.shared_disclosure_ids, self.lines)
        self.assertNotIn("Exclusion record", self.lines.mapped("description"))

    def test_a_decision_that_merely_linked_the_consent_shows_no_withdrawal(self):
        # The form says what the print says: the withdrawal only on a decision that
        # relied on the consent, never on one it covered nothing of.
        other = self.new_decision(
            consent_id=self.consent.id,
            no_consent_reason="not_covered",
            purpose_id=self.other_purpose.id,
        )
        self.record(other)
        self.withdraw()
        self.env.invalidate_all()
        self.assertTrue(other.consent_date_withdrawn)
        self.assertFalse(other.has_consent)
        for decision, shown in ((other, False), (self.decision, True)):
            record = decision.with_user(self.practitioner)
            self.assertEqual(shown_on_form(record, "consent_withdrawn"), shown)

    def test_no_notice_before_the_consent_is_withdrawn(self):
        with self.assertRefused(UserError, r"is not withdrawn: a withdrawal notice"):
            self.lines[0].with_user(self.practitioner).action_write_withdrawal_notice()

    def assertNoticeRefused(self, message, **recipient):
        """Sending the notice with the recipient ``recipient`` names (none when
        empty) is refused with ``message``, and nothing is logged on the consent."""
        self.withdraw()
        action = (
            self.lines[0].with_user(self.practitioner).action_write_withdrawal_notice()
        )
        context = dict(action["context"])
        del context["safeguarding_notice_recipient_id"]
        context.update(recipient)
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.practitioner)
            .with_context(**context)
            .create({})
        )
        messages_before = len(self.consent.message_ids)
        with self.assertRefused(UserError, message):
            composer.action_send_mail()
        self.env.invalidate_all()
        self.assertEqual(len(self.consent.message_ids), messages_before)
        self.assertEqual(len(self.notice_activities()), 2)

    def test_no_notice_to_someone_who_received_nothing_on_it(self):
        self.assertNoticeRefused(
            "Test Parent received nothing shared on",
            safeguarding_notice_recipient_id=self.parent.id,
        )

    def test_no_notice_without_its_recipient(self):
        self.assertNoticeRefused("names its recipient: write it from a line")

    def test_decisions_relying_on_it_show_the_withdrawal(self):
        self.assertFalse(self.decision.consent_date_withdrawn)
        self.withdraw()
        self.env.invalidate_all()
        self.assertRecordValues(
            self.decision,
            [
                {
                    "consent_date_withdrawn": self.withdrawn_on,
                    "state": "recorded",
                    "outcome": "share",
                    "has_consent": True,
                }
            ],
        )
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "safeguarding_info_sharing.safeguarding_decision_record_report",
            self.decision.ids,
        )
        text = " ".join(html2plaintext(content.decode()).split())
        # The report writes the time in the reader's time zone: so its day.
        shown = fields.Datetime.context_timestamp(self.env.user, self.withdrawn_on)
        self.assertRegex(
            text,
            f"Consent withdrawn on {shown:%m/%d/%Y} [0-9:]+; the recorded outcome is "
            "unchanged",
        )


@tagged("post_install", "-at_install")
class TestWithdrawalNoticeRpc(HttpCase, RpcClient, DecisionCommon):
    """From outside: only a practitioner who may change the consent writes its
    withdrawal notice, and only to a recipient of what was shared on it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.practitioner, cls.colleague, cls.manager):
            user.password = cls.rpc_password

    def test_only_the_case_practitioner_writes_the_notice(self):
        consent = self.new_consent()
        consent.action_give()
        decision = self.record(
            self.new_decision(consent_id=consent.id, no_consent_reason=False)
        )
        line = (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(self.disclosure_vals(decision, description="Attendance record"))
        )
        consent.with_user(self.practitioner)._withdraw(
            self.parent.id, fields.Datetime.now(), "written", "No longer agrees."
        )
        messages = len(consent.message_ids)
        for user in (self.colleague, self.manager):
            self.assertRpcRefused(
                "odoo.exceptions.AccessError",
                user,
                "safeguarding.disclosure",
                "action_write_withdrawal_notice",
                line.ids,
            )
        action = self.call(
            self.practitioner,
            "safeguarding.disclosure",
            "action_write_withdrawal_notice",
            line.ids,
        )
        self.assertEqual(
            action["context"]["safeguarding_notice_recipient_id"], line.recipient_id.id
        )
        # The notice to someone else, asked for by hand, is refused when sent.
        context = dict(
            action["context"], safeguarding_notice_recipient_id=self.school.id
        )
        composer = self.call(
            self.practitioner, "mail.compose.message", "create", [{}], context=context
        )
        self.assertRpcRefused(
            "odoo.exceptions.UserError",
            self.practitioner,
            "mail.compose.message",
            "action_send_mail",
            composer,
            context=context,
        )
        self.env.invalidate_all()
        self.assertEqual(len(consent.message_ids), messages)
