"""Telling the child or family (golden rules 2 and 6): "will be informed" gives the
practitioner an activity; each telling, or why they were not told, is an entry of its
own, kept as it was written, sealed, shown on the form and printed."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, tagged
from odoo.tools import html2plaintext

from .common import DecisionCommon, RpcClient

TELLING_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_telling"
RECORD = "report.safeguarding_info_sharing.report_decision_record"


@tagged("post_install", "-at_install")
class TestDecisionTelling(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["safeguarding.case.person"].create(
            {"case_id": cls.case.id, "partner_id": cls.parent.id, "role": "parent"}
        )
        cls.stranger = cls.env["res.partner"].create({"name": "Not On The Case"})

    def recorded(self, **overrides):
        return self.record(self.new_decision(**overrides))

    def telling_activities(self, decision):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "safeguarding.decision"),
                ("res_id", "=", decision.id),
                ("activity_type_id", "=", self.env.ref(TELLING_ACTIVITY).id),
            ]
        )

    def told(self, **overrides):
        values = {
            "told": True,
            "person_ids": self.parent.ids,
            "method": "phone",
            "date_told": fields.Datetime.now() - timedelta(hours=1),
            "summary": "The bruising and what the child said went to the MASH today.",
        }
        values.update(overrides)
        return values

    def test_will_be_informed_gives_the_practitioner_an_activity(self):
        decision = self.recorded()
        activity = self.telling_activities(decision)
        self.assertRecordValues(
            activity,
            [{"user_id": self.practitioner.id, "summary": "Tell them what was shared"}],
        )
        self.assertFalse(
            self.telling_activities(self.recorded(individual_informed="informed"))
        )

    def test_a_telling_is_an_entry_of_its_own_and_closes_the_activity(self):
        decision = self.recorded()
        when = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=1)
        decision.with_user(self.practitioner)._add_telling(
            self.told(date_told=when, summary="  What was shared, why, with whom.  ")
        )
        self.assertRecordValues(
            decision.telling_ids,
            [
                {
                    "moment": "after",
                    "told": True,
                    "person_ids": self.parent.ids,
                    "method": "phone",
                    "date_told": when,
                    "summary": "What was shared, why, with whom.",
                    "not_told_reason": False,
                    "user_id": self.practitioner.id,
                }
            ],
        )
        self.assertTrue(decision.telling_ids.integrity_hash.startswith("2$"))
        self.assertFalse(self.telling_activities(decision))
        length, breaks = (
            self.env["safeguarding.decision.telling"]
            .sudo()
            ._integrity_verify(self.company)
        )
        self.assertEqual((length, breaks), (1, []))
        rows = dict(self.env[RECORD]._record_rows(decision)["decision"])
        self.assertRegex(
            rows["Telling the individual (who, how, when, what)"],
            r"^Test Parent told by telephone on .+, after sharing \(recorded by Pat "
            r"Practitioner\): What was shared, why, with whom\.$",
        )

    def test_not_telling_says_why(self):
        decision = self.recorded()
        with self.assertRefused(UserError, "Say why") as caught:
            decision._add_telling({"told": False, "not_told_reason": "  "})
        self.assertEqual(
            str(caught.exception),
            f"Say why the individual was not told about {decision.name}.",
        )
        self.assertFalse(decision.telling_ids)
        self.assertTrue(self.telling_activities(decision))
        decision._add_telling(
            {"told": False, "not_told_reason": "The police asked us to wait."}
        )
        self.assertRecordValues(
            decision.telling_ids,
            [{"told": False, "not_told_reason": "The police asked us to wait."}],
        )
        self.assertFalse(self.telling_activities(decision))

    def test_a_telling_says_who_how_when_and_what(self):
        decision = self.recorded()
        with self.assertRefused(UserError, "needs") as caught:
            decision._add_telling({"told": True})
        self.assertEqual(
            str(caught.exception),
            f"The telling for {decision.name} needs who was told, how they were told, "
            "when they were told, what they were told: what was shared, why and with "
            "whom.",
        )
        with self.assertRefused(UserError, "Only the child and the people on"):
            decision._add_telling(self.told(person_ids=self.stranger.ids))
        with self.assertRefused(
            ValidationError, f"^{decision.name}: When cannot be .+, never in the future"
        ):
            decision._add_telling(
                self.told(date_told=fields.Datetime.now() + timedelta(days=1))
            )
        with self.assertRefused(UserError, "does not take user_id") as caught:
            decision._add_telling(self.told(user_id=self.lead.id))
        self.assertFalse(decision.telling_ids)
        self.assertTrue(self.telling_activities(decision))

    def test_a_telling_before_sharing_is_marked_so(self):
        decision = self.new_decision()
        decision._add_telling(self.told(person_ids=self.child.ids))
        self.assertEqual(decision.telling_ids.moment, "before")

    def test_a_telling_is_kept_as_it_was_written(self):
        decision = self.recorded()
        decision._add_telling(self.told())
        telling = decision.telling_ids.with_user(self.practitioner)
        with self.assertRefused(UserError, "cannot be changed"):
            telling.write({"summary": "Rewritten"})
        with self.assertRefused(UserError, "cannot be deleted"):
            telling.sudo().unlink()
        self.assertEqual(
            telling.summary,
            "The bruising and what the child said went to the MASH today.",
        )


@tagged("post_install", "-at_install")
class TestDecisionTellingRpc(HttpCase, RpcClient, DecisionCommon):
    """From outside: only a practitioner of the case records a telling; nobody
    creates one directly."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.practitioner, cls.colleague):
            user.password = cls.rpc_password

    def test_only_the_case_practitioner_records_a_telling(self):
        decision = self.record(self.new_decision())
        values = {
            "told": True,
            "person_ids": self.child.ids,
            "method": "in_person",
            "date_told": fields.Datetime.to_string(fields.Datetime.now()),
            "summary": "Told at school.",
        }
        wizard = dict(
            values, decision_id=decision.id, person_ids=[Command.set(self.child.ids)]
        )
        self.assertRpcRefused(
            "odoo.exceptions.AccessError",
            self.colleague,
            "safeguarding.decision.telling.add",
            "create",
            wizard,
        )
        self.assertRpcRefused(
            "odoo.exceptions.AccessError",
            self.practitioner,
            "safeguarding.decision.telling",
            "create",
            [dict(values, decision_id=decision.id, person_ids=[Command.set([])])],
        )
        self.assertFalse(decision.telling_ids)
        self.confirm_wizard(
            self.practitioner, "safeguarding.decision.telling.add", wizard
        )
        self.assertEqual(decision.telling_ids.user_id, self.practitioner)


@tagged("post_install", "-at_install")
class TestFamilyLetter(DecisionCommon):
    """The letter to the family, from the agency's template, reviewed in Odoo's
    composer and logged on the decision: it is the telling, and no e-mail leaves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["safeguarding.case.person"].create(
            {
                "case_id": cls.case.id,
                "partner_id": cls.parent.id,
                "role": "parent",
                "parental_responsibility": True,
            }
        )
        cls.parent.email = "parent@example.com"

    def test_the_letter_logged_is_the_telling(self):
        decision = self.record(self.new_decision())
        action = decision.with_user(self.practitioner).action_write_to_family()
        self.assertEqual(action["res_model"], "mail.compose.message")
        mails_before = self.env["mail.mail"].sudo().search_count([])
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.practitioner)
            .with_context(**action["context"])
        )
        self.assertEqual(composer.subject, "What we shared about Test Child")
        body = " ".join(html2plaintext(composer.body).split())
        self.assertIn("shared information about Test Child with Test MASH.", body)
        self.assertIn("The two injuries and what the child said.", body)
        composer.save().action_send_mail()
        message = decision.message_ids[:1]
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(message.partner_ids)
        self.assertEqual(self.env["mail.mail"].sudo().search_count([]), mails_before)
        self.assertRecordValues(
            decision.telling_ids,
            [
                {
                    "moment": "after",
                    "told": True,
                    "person_ids": self.parent.ids,
                    "method": "letter",
                    "date_told": message.date,
                    "user_id": self.practitioner.id,
                }
            ],
        )
        self.assertEqual(decision.telling_ids.summary, html2plaintext(message.body))
        self.assertFalse(
            self.env["mail.activity"].search(
                [
                    ("res_model", "=", "safeguarding.decision"),
                    ("res_id", "=", decision.id),
                    ("activity_type_id", "=", self.env.ref(TELLING_ACTIVITY).id),
                ]
            )
        )

    def test_the_letter_goes_to_no_one_by_email(self):
        decision = self.record(self.new_decision())
        action = decision.with_user(self.practitioner).action_write_to_family()
        # Named as a recipient, the parent would be notified: refused, since only
        # those who may read the decision are.
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.practitioner)
            .with_context(**action["context"])
            .create({"partner_ids": [Command.set(self.parent.ids)]})
        )
        with self.assertRefused(UserError, "may not read"):
            composer.action_send_mail()
        self.assertFalse(decision.telling_ids)
