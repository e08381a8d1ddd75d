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
        # Informed before sharing, as its telling says: nothing left to do.
        informed = self.new_decision(individual_informed="informed")
        informed.with_user(self.practitioner)._add_telling(self.told())
        self.assertFalse(self.telling_activities(self.record(informed)))

    def test_a_telling_is_an_entry_of_its_own_and_closes_the_activity(self):
        decision = self.recorded()
        chain = self.env["safeguarding.decision.telling"].sudo()
        before, _breaks = chain._integrity_verify(self.company)
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
        self.assertEqual(chain._integrity_verify(self.company), (before + 1, []))
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
    """The letter to the family, from the agency's template, addressed to whom the
    practitioner chooses (never an alleged perpetrator by default), reviewed in
    Odoo's composer and logged on the decision: it is the telling of its addressees
    alone, checked against the case's protected people, and no e-mail leaves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The parent holds parental responsibility on the case (DecisionCommon).
        cls.parent.email = "parent@example.com"
        Person = cls.env["safeguarding.case.person"]
        cls.stepfather = cls.env["res.partner"].create({"name": "Test Stepfather"})
        Person.create(
            {
                "case_id": cls.case.id,
                "partner_id": cls.stepfather.id,
                "role": "alleged_perpetrator",
                "parental_responsibility": True,
                "parental_responsibility_basis": "agreement",
                "parental_responsibility_evidence": "Agreement of 2021 seen.",
            }
        )
        cls.father = cls.env["res.partner"].create({"name": "Test Father"})
        Person.create(
            {
                "case_id": cls.case.id,
                "partner_id": cls.father.id,
                "role": "parent",
                "parental_responsibility": True,
                "parental_responsibility_basis": "registered_father",
                "parental_responsibility_evidence": "Birth certificate seen.",
            }
        )

    def letter(self, decision, addressees=None):
        """The composer of the letter about ``decision``, addressed as the wizard
        proposes unless ``addressees`` are given."""
        action = decision.with_user(self.practitioner).action_write_to_family()
        self.assertEqual(action["res_model"], "safeguarding.decision.letter")
        with Form(
            self.env[action["res_model"]]
            .with_user(self.practitioner)
            .with_context(**action["context"])
        ) as wizard:
            if addressees is not None:
                wizard.addressee_ids.clear()
                for partner in addressees:
                    wizard.addressee_ids.add(partner)
        composer_action = wizard.record.action_write()
        self.assertEqual(composer_action["res_model"], "mail.compose.message")
        return Form(
            self.env["mail.compose.message"]
            .with_user(self.practitioner)
            .with_context(**composer_action["context"])
        )

    def test_the_letter_tells_its_addressees_never_an_alleged_perpetrator(self):
        decision = self.record(self.new_decision())
        action = decision.with_user(self.practitioner).action_write_to_family()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.practitioner)
            .with_context(**action["context"])
            .create({})
        )
        # Those with parental responsibility, the alleged perpetrator left out.
        self.assertEqual(wizard.addressee_ids, self.parent | self.father)
        composer = self.letter(decision, addressees=self.parent)
        body = " ".join(html2plaintext(composer.body).split())
        self.assertIn("Dear Test Parent,", body)
        composer.save().action_send_mail()
        self.assertEqual(decision.telling_ids.person_ids, self.parent)

    def test_the_letter_logged_is_the_telling(self):
        decision = self.record(self.new_decision())
        mails_before = self.env["mail.mail"].sudo().search_count([])
        composer = self.letter(decision)
        self.assertEqual(composer.subject, "What we shared about Test Child")
        body = " ".join(html2plaintext(composer.body).split())
        self.assertIn("Dear Test Father and Test Parent,", body)
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
                    "person_ids": (self.father | self.parent).ids,
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

    def test_the_letter_reveals_no_protected_person(self):
        # The mother fled to a refuge; the child's new school is near it.
        mother = self.parent
        mother.write({"street": "12 Hidden Lane", "zip": "NB9 9ZZ"})
        self.parent_person.protect_identity = True
        new_school = self.env["res.partner"].create(
            {
                "name": "St Anne's Primary",
                "is_company": True,
                "street": "3 Refuge Road",
            }
        )
        decision = self.record(
            self.new_decision(
                recipient_id=new_school.id,
                identity_checked=True,
                identity_exposed_ids=[Command.set(self.parent_person.ids)],
                identity_recipient_told=True,
            )
        )
        composer = self.letter(decision, addressees=self.father)
        messages = len(decision.message_ids)
        with self.assertRefused(
            UserError,
            r"^The letter to Test Father names 'St Anne's Primary', which could "
            r"reveal Test Parent, whose identity is protected on CASE/\S+ \(golden "
            r"rule 5\): take it out of the letter, or address the letter to them "
            r"alone\.$",
        ):
            composer.save().action_send_mail()
        self.env.invalidate_all()
        self.assertEqual(len(decision.message_ids), messages)
        self.assertFalse(decision.telling_ids)
        # Her address in the text is refused too.
        composer = self.letter(decision, addressees=self.father)
        composer.body = "<p>Dear Test Father, your son now lives at 12 Hidden Lane.</p>"
        with self.assertRefused(UserError, "names '12 Hidden Lane'"):
            composer.save().action_send_mail()
        # To her alone, the letter is hers.
        self.letter(decision, addressees=mother).save().action_send_mail()
        self.assertEqual(decision.telling_ids.person_ids, mother)

    def test_the_letter_goes_to_no_one_by_email(self):
        decision = self.record(self.new_decision())
        composer_action = decision.with_user(self.practitioner)._family_letter_action(
            self.parent
        )
        # Named as a recipient, the parent would be notified: refused, since only
        # those who may read the decision are.
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.practitioner)
            .with_context(**composer_action["context"])
            .create({"partner_ids": [Command.set(self.parent.ids)]})
        )
        with self.assertRefused(UserError, "may not read"):
            composer.action_send_mail()
        self.assertFalse(decision.telling_ids)
