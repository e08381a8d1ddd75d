"""Every recipient decided: a decision covers one or more recipients, each with its
own verification, channel, what it receives and lines; a line to a recipient no
decision covers is refused with the way to record one, on creation, on every change
and again at recording; the printed record shows each recipient; a decision of
earlier versions keeps its one recipient as its first."""

import importlib.util

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, tagged

from .common import DecisionCommon, RpcClient

RECORD = "report.safeguarding_info_sharing.report_decision_record"


class RecipientCommon(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.police = cls.env["res.partner"].create(
            {"name": "Test Police", "is_company": True}
        )
        cls.officer = cls.env["res.partner"].create(
            {"name": "Test Officer", "parent_id": cls.police.id}
        )
        cls.solicitor = cls.env["res.partner"].create(
            {"name": "Father's Solicitor", "is_company": True}
        )

    def line_vals(self, decision, **overrides):
        return dict(
            {
                "decision_id": decision.id,
                "description": "Dates of the two injuries",
                "fact_or_opinion": "fact",
                "recipient_id": decision.recipient_id.id,
                "channel_id": self.secure_channel.id,
            },
            **overrides,
        )

    def line(self, decision, **overrides):
        return (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(self.line_vals(decision, **overrides))
        )


@tagged("post_install", "-at_install")
class TestRecipients(RecipientCommon):
    def test_each_recipient_is_decided_with_its_own_facts(self):
        decision = self.new_decision(
            recipient_id=self.officer.id,
            recipient_ids=[
                Command.create(
                    {
                        "partner_id": self.school.id,
                        "channel_id": self.open_channel.id,
                    }
                )
            ],
        )
        first, school = decision.recipient_ids
        self.assertEqual(first.partner_id, self.officer)
        self.assertEqual(decision.recipient_id, self.officer)
        self.assertEqual(school.partner_id, self.school)
        with self.assertRefused(ValidationError, "cannot be submitted yet") as caught:
            decision.action_submit()
        self.assertEqual(
            str(caught.exception).split("\n")[1:],
            [
                "- how much is shared with Test School",
                (
                    "- confirmation that the recipient's identity was verified "
                    "(Test School)"
                ),
                (
                    "- why the channel 'Test plain email', which is not secure, is "
                    "used for Test School"
                ),
                (
                    "- the controller relationship with Test School: no data sharing "
                    "agreement with it is in force"
                ),
            ],
        )
        self.assertEqual(decision.signoff_state, "none")
        school.write(
            {
                "how_much": "Only that a referral was made; nothing of the detail.",
                "recipient_verified": True,
                "insecure_channel_reason": "The school's secure mail is down today.",
                "controller_relationship": "separate",
            }
        )
        self.record(decision)
        rows = dict(self.env[RECORD]._record_rows(decision)["request"])
        self.assertEqual(rows["Receiving organisation"], "Test Police; Test School")
        self.assertEqual(
            rows["Security"],
            "Test Police, Test Officer: Test secure email, secure, recipient's "
            "identity verified; Test School: Test plain email, not secure: The "
            "school's secure mail is down today., recipient's identity verified",
        )

    def test_a_line_to_a_recipient_nobody_decided_about_is_refused(self):
        decision = self.record(self.new_decision(recipient_id=self.officer.id))
        lines = self.env["safeguarding.disclosure"].search(
            [("decision_id", "=", decision.id)]
        )
        with self.assertRefused(
            ValidationError,
            r"^DEC/\S+ does not decide to share with Test School: 'Dates of the two "
            r"injuries' cannot go to them\. A recipient is decided before anything is "
            r"sent: on a draft, add them to its Recipients; once it is submitted or "
            r"recorded, record a decision that shares with them \(Correct DEC/\S+, or "
            r"a new decision on CASE/\S+\)\.$",
        ):
            self.line(decision, recipient_id=self.school.id)
        self.assertEqual(
            self.env["safeguarding.disclosure"].search(
                [("decision_id", "=", decision.id)]
            ),
            lines,
        )
        # Nor is a recipient added to a decision once it is signed off.
        with self.assertRefused(UserError, "can no longer be changed"):
            decision.with_user(self.practitioner).write(
                {"recipient_ids": [Command.create({"partner_id": self.school.id})]}
            )
        self.assertEqual(len(decision.recipient_ids), 1)
        # A person of the decided organisation is covered.
        line = self.line(decision, recipient_id=self.police.id)
        self.assertEqual(line.decision_recipient_id, decision.recipient_ids)

    def test_a_line_is_checked_on_every_change(self):
        decision = self.new_decision(recipient_id=self.officer.id)
        line = self.line(decision)
        with self.assertRefused(
            ValidationError, "does not decide to share with Father's Solicitor"
        ):
            line.write({"recipient_id": self.solicitor.id})
        with self.assertRefused(
            ValidationError,
            "Say why 'Dates of the two injuries' is shared over 'Test plain email', "
            "which is not secure.",
        ):
            line.write({"channel_id": self.open_channel.id})
        self.env.invalidate_all()
        self.assertEqual(line.recipient_id, self.officer)
        self.assertEqual(line.channel_id, self.secure_channel)

    def test_lines_are_checked_again_at_recording(self):
        decision = self.new_decision(
            recipient_id=self.officer.id,
            recipient_ids=[Command.create(self.recipient_vals(self.school))],
        )
        self.line(decision, recipient_id=self.school.id)
        # The school taken off the draft: its line now goes to nobody decided.
        decision.recipient_ids.filtered(
            lambda row: row.partner_id == self.school
        ).unlink()
        decision.action_submit()
        decision.with_user(self.lead).action_approve()
        with self.assertRefused(ValidationError, "does not decide to share with"):
            decision.action_record()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.integrity_hash)

    def test_the_first_recipient_is_the_decisions_share_with(self):
        decision = self.new_decision(recipient_id=self.officer.id)
        decision.recipient_id = self.school
        self.assertEqual(decision.recipient_ids.partner_id, self.school)
        decision.write({"channel_id": self.open_channel.id})
        self.assertEqual(decision.recipient_ids.channel_id, self.open_channel)
        decision.recipient_ids.how_much = "Only the dates."
        self.assertEqual(decision.how_much, "Only the dates.")


@tagged("post_install", "-at_install")
class TestRecipientsMigration(RecipientCommon):
    """18.0.1.2.0: a decision's one recipient becomes its first recipient, and each
    line points at it, recorded and sealed decisions included (their sealed fields
    unchanged)."""

    def migrate(self):
        path = get_module_path("safeguarding_info_sharing")
        spec = importlib.util.spec_from_file_location(
            "pre_migrate_18_0_1_2_0", f"{path}/migrations/18.0.1.2.0/pre-migrate.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        self.env.flush_all()
        module.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()

    def test_the_one_recipient_becomes_the_first(self):
        decision = self.record(self.new_decision(recipient_id=self.officer.id))
        line = self.line(decision, recipient_id=self.police.id)
        sealed = (decision.integrity_hash, decision.recipient_id, decision.channel_id)
        # As a database of 18.0.1.0.0 holds it: no recipient rows, no line link.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE safeguarding_disclosure SET decision_recipient_id = NULL "
            "WHERE decision_id = %s",
            [decision.id],
        )
        self.env.cr.execute(
            "DELETE FROM safeguarding_decision_recipient WHERE decision_id = %s",
            [decision.id],
        )
        self.env.invalidate_all()
        self.assertFalse(decision.recipient_ids)
        self.migrate()
        self.assertRecordValues(
            decision.recipient_ids,
            [
                {
                    "partner_id": self.officer.id,
                    "organisation_id": self.police.id,
                    "recipient_verified": True,
                    "channel_id": self.secure_channel.id,
                    "how_much": "The two injuries and what the child said.",
                    "case_id": self.case.id,
                    "company_id": self.company.id,
                }
            ],
        )
        self.assertEqual(line.decision_recipient_id, decision.recipient_ids)
        self.assertEqual(
            (decision.integrity_hash, decision.recipient_id, decision.channel_id),
            sealed,
        )
        self.assertEqual(
            self.env["safeguarding.decision"].sudo()._integrity_verify(self.company)[1],
            [],
        )
        # Run again, it adds nothing.
        self.migrate()
        self.assertEqual(len(decision.recipient_ids), 1)


@tagged("post_install", "-at_install")
class TestRecipientsRpc(HttpCase, RpcClient, RecipientCommon):
    """From outside: a line of a draft sent on to the father's solicitor by ordinary
    e-mail is refused, and nothing of it changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.practitioner.password = cls.rpc_password

    def test_a_line_sent_on_to_someone_undecided_is_refused_over_rpc(self):
        decision = self.new_decision(recipient_id=self.officer.id)
        line = self.line(decision)
        name, message = self.rpc_refusal(
            self.practitioner,
            "safeguarding.disclosure",
            "write",
            line.ids,
            {"recipient_id": self.solicitor.id, "channel_id": self.open_channel.id},
        )
        self.assertEqual(name, "odoo.exceptions.ValidationError")
        self.assertIn("does not decide to share with Father's Solicitor", message)
        self.env.invalidate_all()
        self.assertEqual(
            (line.recipient_id, line.channel_id), (self.officer, self.secure_channel)
        )
