"""Consent as the guidance means it: it belongs to its data subject; each of the four
kinds answers its own question only; a clear verbal yes is consent, its written
confirmation followed up; parental responsibility is held on the case's people with
its evidence, never ticked on a consent."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import DecisionCommon, RpcClient, pin_guidance

PREFIX = "safeguarding_info_sharing."
CONFIRM_ACTIVITY = PREFIX + "mail_activity_type_consent_confirm_in_writing"


@tagged("post_install", "-at_install")
class TestConsentAsMeant(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.art6_a = cls.env.ref(PREFIX + "lawful_basis_art6_1_a")
        cls.art6_e = cls.env.ref(PREFIX + "lawful_basis_art6_1_e")
        cls.cl_consent = cls.env.ref(PREFIX + "lawful_basis_cl_consent")

    def given(self, **overrides):
        return self.env["safeguarding.consent"].create(
            self.consent_vals(
                state="given", date_given=self.now - timedelta(days=1), **overrides
            )
        )

    def test_a_confidentiality_consent_is_no_article_6_consent(self):
        confidentiality = self.given()
        decision = self.new_decision(
            consent_id=confidentiality.id,
            no_consent_reason=False,
            lawful_basis_ids=[Command.set((self.art6_a | self.art6_e).ids)],
        )
        self.assertTrue(decision.has_consent)
        with self.assertRefused(ValidationError, "cannot be submitted yet") as caught:
            decision.action_submit()
        self.assertIn(
            "- a lawful basis the consent answers: UK GDPR Art 6(1)(a): consent rests "
            "on a consent of the kind 'Data protection lawful basis', and the consent "
            "linked is of the kind 'Confidentiality (common law)'",
            str(caught.exception),
        )
        self.assertEqual(decision.signoff_state, "none")
        # The common-law consent of the confider is what it answers.
        decision.lawful_basis_ids = [Command.set((self.art6_e | self.cl_consent).ids)]
        self.assertEqual(decision._missing_items(), [])
        # A data-protection consent answers Article 6(1)(a), and only that.
        data_protection = self.given(kind="data_protection")
        other = self.new_decision(
            consent_id=data_protection.id,
            no_consent_reason=False,
            lawful_basis_ids=[Command.set((self.art6_a | self.cl_consent).ids)],
        )
        self.assertEqual(
            [str(item) for item in other._missing_items()],
            [
                (
                    "a lawful basis the consent answers: Common law: consent of the "
                    "confider rests on a consent of the kind 'Confidentiality (common "
                    "law)', and the consent linked is of the kind 'Data protection "
                    "lawful basis'"
                )
            ],
        )

    def test_a_service_or_medical_consent_is_no_consent_to_share(self):
        for kind in ("service", "medical"):
            with self.subTest(kind=kind):
                decision = self.new_decision(
                    consent_id=self.given(kind=kind).id, no_consent_reason="not_basis"
                )
                self.assertFalse(decision.has_consent)

    def test_consent_belongs_to_its_data_subject(self):
        mother = self.parent
        childs = self.env["safeguarding.consent"].create(
            self.childs_own_vals(
                scope_recipient_ids=[Command.set(self.mash.ids)],
                scope_purpose_ids=[Command.set(self.purpose.ids)],
                state="given",
                date_given=self.now - timedelta(hours=1),
            )
        )
        self.assertEqual(childs.subject_id, self.child)
        # The child's own information: her consent covers it.
        own = self.new_decision(consent_id=childs.id, no_consent_reason=False)
        self.assertTrue(own.has_consent)
        # Her mother's psychiatric history goes too: the child's consent does not
        # cover her mother's information.
        with_mother = self.new_decision(
            consent_id=childs.id,
            no_consent_reason="not_basis",
            subject_ids=[Command.set((self.child | mother).ids)],
        )
        self.assertFalse(with_mother.has_consent)
        # The mother's own consent covers her own information, and only hers.
        mothers_own = self.given(subject_id=mother.id)
        self.assertTrue(
            self.new_decision(
                consent_id=mothers_own.id,
                no_consent_reason=False,
                subject_ids=[Command.set(mother.ids)],
            ).has_consent
        )
        self.assertFalse(
            self.new_decision(
                consent_id=mothers_own.id, no_consent_reason="not_basis"
            ).has_consent
        )
        stranger = self.env["res.partner"].create({"name": "Not On The Case"})
        with self.assertRefused(ValidationError, "neither the child nor one of"):
            self.given(subject_id=stranger.id)

    def test_a_clear_verbal_yes_is_consent_and_its_confirmation_is_followed_up(self):
        pin_guidance(self.env, "2018")
        early_help = self.env["safeguarding.purpose"].create(
            {"name": "Test early help", "code": "test_early_help"}
        )
        consent = self.new_consent(
            form="verbal",
            scope_purpose_ids=[Command.set(early_help.ids)],
        )
        consent.with_user(self.practitioner).action_give()
        todo = consent.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(CONFIRM_ACTIVITY)
        )
        self.assertEqual(todo.user_id, self.practitioner)
        # Early help she agreed to: her verbal yes answers the consent question,
        # and the 2018 route ends in "you can share" with no lawful reason asked.
        decision = self.new_decision(
            consent_id=consent.id,
            no_consent_reason=False,
            purpose_id=early_help.id,
            lawful_basis_ids=[Command.set(self.public_task.ids)],
        )
        self.assertTrue(decision.has_consent)
        self.assertEqual(decision.route, [["purpose", True], ["consent", True]])
        self.assertEqual(decision.outcome, "share")
        # The written confirmation, once received, is recorded once, never later
        # than today nor before the consent, and closes the follow-up.
        with self.assertRefused(ValidationError, "never in the future"):
            consent.with_user(self.practitioner).date_confirmed_in_writing = (
                fields.Date.today() + timedelta(days=1)
            )
        with self.assertRefused(ValidationError, "before the consent it confirms"):
            consent.with_user(self.practitioner).date_confirmed_in_writing = (
                fields.Date.today() - timedelta(days=10)
            )
        consent.with_user(
            self.practitioner
        ).date_confirmed_in_writing = fields.Date.today()
        self.assertEqual(
            consent.event_ids.mapped("event"), ["requested", "given", "confirmed"]
        )
        self.assertFalse(
            consent.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(CONFIRM_ACTIVITY)
            )
        )
        with self.assertRefused(UserError, "part of the record"):
            consent.with_user(self.practitioner).date_confirmed_in_writing = (
                fields.Date.today() - timedelta(days=1)
            )
        # An implied consent is no consent to share.
        implied = self.given(form="implied")
        self.assertFalse(
            self.new_decision(
                consent_id=implied.id, no_consent_reason="not_basis"
            ).has_consent
        )

    def test_parental_responsibility_is_held_on_the_case_with_its_evidence(self):
        other = self.env["res.partner"].create({"name": "Other Parent"})
        with self.assertRefused(
            ValidationError,
            r"^Whether Other Parent holds parental responsibility is recorded on the "
            r"people of CASE/\S+, with how it is held and the evidence seen \(there: "
            r"no\), not on each consent\.$",
        ):
            self.new_consent(given_by_id=other.id, parental_responsibility=True)
        consent = self.new_consent(given_by_id=other.id)
        self.assertFalse(consent.parental_responsibility)
        with self.assertRefused(ValidationError, "say how it is held and the evidence"):
            self.env["safeguarding.case.person"].create(
                {
                    "case_id": self.case.id,
                    "partner_id": other.id,
                    "role": "parent",
                    "parental_responsibility": True,
                }
            )
        self.env["safeguarding.case.person"].create(
            {
                "case_id": self.case.id,
                "partner_id": other.id,
                "role": "parent",
                "parental_responsibility": True,
                "parental_responsibility_basis": "court_order",
                "parental_responsibility_evidence": "Child arrangements order, 2024.",
            }
        )
        # While requested, the consent reads it from the case; answered, it keeps it.
        self.assertTrue(consent.parental_responsibility)
        consent.action_give()
        person = self.case.person_ids.filtered(lambda p: p.partner_id == other)
        person.parental_responsibility = False
        self.assertTrue(consent.parental_responsibility)


@tagged("post_install", "-at_install")
class TestConsentAsMeantRpc(HttpCase, RpcClient, DecisionCommon):
    """From outside: whoever records a consent cannot tick parental responsibility
    the case does not record, and nothing is created."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.practitioner.password = cls.rpc_password

    def test_parental_responsibility_is_not_ticked_on_a_consent_over_rpc(self):
        other = self.env["res.partner"].create({"name": "Other Parent"})
        before = self.env["safeguarding.consent"].search_count([])
        name, message = self.rpc_refusal(
            self.practitioner,
            "safeguarding.consent",
            "create",
            [self.consent_vals(given_by_id=other.id, parental_responsibility=True)],
        )
        self.assertEqual(name, "odoo.exceptions.ValidationError")
        self.assertIn(
            "Whether Other Parent holds parental responsibility is recorded on the "
            "people of",
            message,
        )
        self.assertEqual(self.env["safeguarding.consent"].search_count([]), before)
