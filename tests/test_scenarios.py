"""Real-life cases of both versions of the advice, decided and recorded as the advice
decides them, each sentence of the printed record traced to what produced it: the
practitioner's words, an answer, or an event the product holds."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .common import DecisionCommon, pin_guidance

PREFIX = "safeguarding_info_sharing."
RECORD = "report.safeguarding_info_sharing.report_decision_record"
EMERGENCY_CALL = "999 call: the child is at risk now."


class ScenarioCommon(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.secure_email = cls.env.ref(PREFIX + "channel_secure_email")
        cls.phone = cls.env.ref(PREFIX + "channel_phone")
        local_authority = cls.env.ref(PREFIX + "organisation_type_local_authority")
        police = cls.env.ref(PREFIX + "organisation_type_police")
        cls.children_services = cls.env["res.partner"].create(
            {
                "name": "Scenario Children's Services",
                "is_company": True,
                "safeguarding_organisation_type_id": local_authority.id,
            }
        )
        cls.duty_social_worker = cls.env["res.partner"].create(
            {"name": "Duty Social Worker", "parent_id": cls.children_services.id}
        )
        cls.constabulary = cls.env["res.partner"].create(
            {
                "name": "Scenario Constabulary",
                "is_company": True,
                "safeguarding_organisation_type_id": police.id,
            }
        )
        cls.detective = cls.env["res.partner"].create(
            {"name": "DC Scenario", "parent_id": cls.constabulary.id}
        )

    def ref(self, xmlid):
        return self.env.ref(PREFIX + xmlid)

    def sender_is(self, code):
        self.company.partner_id.safeguarding_organisation_type_id = self.ref(
            "organisation_type_" + code
        )

    def bases(self, *codes):
        return [Command.set([self.ref("lawful_basis_" + code).id for code in codes])]

    def decide(self, **vals):
        decision = (
            self.env["safeguarding.decision"]
            .with_user(self.practitioner)
            .create(dict({"case_id": self.case.id}, **vals))
        )
        self.confirm_principles(decision)
        return decision

    def rows(self, decision):
        rows = self.env[RECORD]._record_rows(decision)
        return dict(rows["request"]), dict(rows["decision"])

    def missing(self, decision):
        return [str(item) for item in decision._missing_items()]


@tagged("post_install", "-at_install")
class TestScenarios2018(ScenarioCommon):
    """Cases decided by the July 2018 flowchart."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, "2018")

    def test_bruising_at_school_referred_to_social_care_and_the_police(self):
        """A teacher sees bruising; the child says her stepfather did it. The school
        refers to children's social care and tells the police at once, without
        consent (seeking it would put her at risk), nobody told beforehand."""
        self.sender_is("school")
        decision = self.decide(
            immediate_risk=True,
            crime_suspected=True,
            recipient_id=self.duty_social_worker.id,
            recipient_verified=True,
            channel_id=self.secure_email.id,
            controller_relationship="separate",
            how_much="The bruises seen, with the body map, and her words.",
            recipient_ids=[
                Command.create(
                    {
                        "partner_id": self.detective.id,
                        "recipient_verified": True,
                        "channel_id": self.phone.id,
                        "insecure_channel_reason": EMERGENCY_CALL,
                        "how_much": "Her words about her stepfather, and where she is.",
                        "controller_relationship": "separate",
                    }
                )
            ],
            legitimate_purpose_answer="yes",
            purpose="Protect the child from her stepfather's assaults.",
            purpose_id=self.ref("purpose_referral").id,
            no_consent_reason="risk_to_child",
            identifiable_answer="yes",
            lawful_basis_ids=self.bases(
                "art6_1_e", "art9_2_g", "art10", "dpa_s1_p18", "ea2002_s175"
            ),
            special_category_answer="yes",
            criminal_offence_answer="yes",
            confidential_answer="no",
            individual_informed="not_informed",
            not_informed_reason="risk_of_harm",
            reason="Bruising to both arms; she says her stepfather grabbed her.",
        )
        self.assertEqual(
            decision.route,
            [
                ["purpose", True],
                ["consent", False],
                ["identifiable", True],
                ["lawful_reason", True],
            ],
        )
        self.assertEqual(decision.outcome, "share")
        self.assertTrue(decision.emergency)
        self.assertEqual(
            self.missing(decision),
            [
                (
                    "the police notification (when and by whom): a child at immediate "
                    "risk or a suspected crime is reported to the police at once"
                )
            ],
        )
        decision.with_user(self.practitioner).action_notify_police()
        decision.action_record()
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.signoff_state, "submitted")
        lines = (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(
                [
                    {
                        "decision_id": decision.id,
                        "description": "Body map of the bruising, 3 March",
                        "fact_or_opinion": "fact",
                        "recipient_id": self.duty_social_worker.id,
                        "channel_id": self.secure_email.id,
                    },
                    {
                        "decision_id": decision.id,
                        "description": "Her words: 'he grabbed me when I was late'",
                        "fact_or_opinion": "fact",
                        "recipient_id": self.detective.id,
                        "channel_id": self.phone.id,
                        "insecure_channel_reason": EMERGENCY_CALL,
                    },
                ]
            )
        )
        self.assertEqual(lines.decision_recipient_id, decision.recipient_ids)
        # Nobody else: the school nurse is no recipient of this decision.
        nurse = self.env["res.partner"].create({"name": "Scenario Nurse"})
        with self.assertRefused(ValidationError, "does not decide to share with"):
            self.env["safeguarding.disclosure"].with_user(self.practitioner).create(
                {
                    "decision_id": decision.id,
                    "description": "The same body map",
                    "fact_or_opinion": "fact",
                    "recipient_id": nurse.id,
                    "channel_id": self.secure_email.id,
                }
            )
        request, outcome = self.rows(decision)
        self.assertEqual(
            request["Receiving organisation"],
            "Scenario Children's Services; Scenario Constabulary",
        )
        self.assertEqual(
            request["Security"],
            "Scenario Children's Services, Duty Social Worker: Secure email (DCB1596, "
            "e.g. NHSmail), secure, recipient's identity verified; Scenario "
            "Constabulary, DC Scenario: Telephone or in person (verbal), not secure: "
            "999 call: the child is at risk now., recipient's identity verified",
        )
        self.assertEqual(
            request["Special category or criminal offence conditions"],
            "Special category data: Yes; Criminal offence data: Yes; UK GDPR Art "
            "9(2)(g): substantial public interest; UK GDPR Art 10: criminal offence "
            "data, with a DPA 2018 Schedule 1 condition; DPA 2018 Sch 1 Part 2 para "
            "18: safeguarding of children and of individuals at risk",
        )
        self.assertEqual(outcome["Decision (the practitioner's choice)"], "Share")
        self.assertEqual(
            outcome["Consent"],
            "Seeking consent would increase the risk of harm to the child",
        )

    def test_a_mothers_verbal_yes_to_early_help(self):
        """A health visitor's visit: the mother agrees, there and then, that the
        family support team is told about the damp flat and her low mood."""
        self.sender_is("nhs_trust")
        consent = self.new_consent(
            form="verbal",
            scope_information="The damp flat and her low mood since the birth.",
            scope_recipient_ids=[Command.set(self.children_services.ids)],
            scope_purpose_ids=[Command.set(self.ref("purpose_early_help").ids)],
        )
        consent.with_user(self.practitioner).action_give()
        decision = self.decide(
            recipient_id=self.duty_social_worker.id,
            recipient_verified=True,
            channel_id=self.secure_email.id,
            controller_relationship="separate",
            how_much="The flat's condition and what she asked help with.",
            legitimate_purpose_answer="yes",
            purpose="Early help for the family, which the mother asked for.",
            purpose_id=self.ref("purpose_early_help").id,
            consent_id=consent.id,
            lawful_basis_ids=self.bases(
                "art6_1_e", "art9_2_h", "dpa_s1_p2", "cl_consent"
            ),
            special_category_answer="yes",
            criminal_offence_answer="no",
            confidential_answer="yes",
            individual_informed="will_inform",
            reason="She asked for help and agreed to this referral.",
        )
        self.assertTrue(decision.has_consent)
        self.assertEqual(decision.route, [["purpose", True], ["consent", True]])
        self.record(decision)
        _request, outcome = self.rows(decision)
        self.assertEqual(outcome["Consent"], consent.name)
        self.assertFalse(decision.refusal_ids)
        self.assertTrue(
            consent.activity_ids.filtered(
                lambda a: (
                    a.activity_type_id
                    == self.ref("mail_activity_type_consent_confirm_in_writing")
                )
            )
        )

    def test_a_landlord_asks_about_the_family(self):
        """A letting agent asks whether the family is known to social services: no
        safeguarding purpose, so not shared, and the agent is told."""
        landlord = self.env["res.partner"].create(
            {"name": "Scenario Lettings", "is_company": True}
        )
        decision = self.decide(
            trigger="request",
            requester_organisation_id=landlord.id,
            date_received=fields.Date.today(),
            information_requested="Is the family known to social services?",
            legitimate_purpose_answer="no",
            reason="A tenancy check is not a safeguarding purpose.",
            discussed_with_requester="yes",
            date_discussed=fields.Date.today(),
        )
        self.assertEqual(decision.outcome, "do_not_share")
        self.record(decision)
        self.assertEqual(decision.sharing_result, "could_not_share")
        self.assertFalse(decision.recipient_ids)
        _request, outcome = self.rows(decision)
        self.assertEqual(outcome["Discussed with the requester"].split(", ")[0], "Yes")

    def test_a_competent_girls_refusal_is_respected(self):
        """A Gillick-competent 15-year-old tells the school nurse she has a sexual
        relationship with a 16-year-old and refuses any sharing; her mother, told
        something was wrong, later consents to the nurse telling the school. No
        lawful reason to override the girl is found: not shared."""
        refusal = self.env["safeguarding.consent"].create(
            self.childs_own_vals(
                competence_rationale="Fraser guidelines met: she understands.",
                state="refused",
                date_refused=self.now - timedelta(days=1),
            )
        )
        mothers = self.env["safeguarding.consent"].create(
            self.consent_vals(
                scope_recipient_ids=[Command.set(self.school.ids)],
                state="given",
                date_given=self.now - timedelta(hours=1),
            )
        )
        decision = self.decide(
            recipient_id=self.school.id,
            legitimate_purpose_answer="yes",
            purpose="Let the school support her.",
            purpose_id=self.purpose.id,
            consent_id=mothers.id,
            no_consent_reason="refused",
            identifiable_answer="yes",
            no_lawful_reason=True,
            reason="Her relationship is lawful and she is not at risk of harm; she "
            "decides about her own information.",
        )
        self.assertFalse(decision.has_consent)
        self.assertEqual(decision.refusal_ids, refusal)
        self.assertEqual(decision.outcome, "do_not_share")
        self.record(decision)
        _request, outcome = self.rows(decision)
        self.assertRegex(
            outcome["Refused or withdrawn on the case"],
            r"^Test Child \(The child or young person\) refused any sharing on ",
        )
        self.assertEqual(outcome["Consent"], "Consent was sought and refused")


@tagged("post_install", "-at_install")
class TestScenarios2024(ScenarioCommon):
    """Cases decided by the April 2024 advice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, False)

    def test_a_child_moved_to_a_refuge_and_her_new_school(self):
        """A mother fled domestic abuse with her daughter to a refuge; the new school
        near it asks the old school for the child's safeguarding file. Shared, after
        talking it through with the mother; the mother's whereabouts protected; the
        father, who holds parental responsibility too, is not told where she is."""
        self.sender_is("school")
        mother = self.parent
        mother.street = "Refuge, address withheld"
        self.parent_person.protect_identity = True
        father = self.env["res.partner"].create({"name": "Scenario Father"})
        self.env["safeguarding.case.person"].create(
            {
                "case_id": self.case.id,
                "partner_id": father.id,
                "role": "alleged_perpetrator",
                "parental_responsibility": True,
                "parental_responsibility_basis": "registered_father",
                "parental_responsibility_evidence": "Birth certificate seen.",
            }
        )
        new_school = self.env["res.partner"].create(
            {
                "name": "Scenario Primary by the Refuge",
                "is_company": True,
                "safeguarding_organisation_type_id": self.ref(
                    "organisation_type_school"
                ).id,
            }
        )
        decision = self.decide(
            trigger="request",
            requester_organisation_id=new_school.id,
            date_received=fields.Date.today(),
            information_requested="The child's safeguarding file.",
            # The file without the mother's new address: part of what was asked,
            # which the school was told.
            request_extent="part",
            discussed_with_requester="yes",
            date_discussed=fields.Date.today(),
            recipient_id=new_school.id,
            recipient_verified=True,
            channel_id=self.secure_email.id,
            controller_relationship="separate",
            how_much="The safeguarding file, without the mother's new address.",
            legitimate_purpose_answer="yes",
            purpose="Let the new school keep her safe from her father.",
            purpose_id=self.ref("purpose_education_support").id,
            risk_of_harm_answer="yes",
            lawful_basis_ids=self.bases(
                "art6_1_e", "art9_2_g", "dpa_s1_p18", "ea2002_s175"
            ),
            special_category_answer="yes",
            criminal_offence_answer="no",
            confidential_answer="no",
            relevant_answer="yes",
            engagement_answer="engaged",
            engaged_person_ids=[Command.set(mother.ids)],
            date_engaged=self.now - timedelta(days=1),
            engagement_summary="That the old school sends the file to the new one, "
            "and what is in it.",
            identity_checked=True,
            identity_exposed_ids=[Command.set(self.parent_person.ids)],
            identity_recipient_told=True,
            identity_details_withheld=True,
            individual_informed="will_inform",
            reason="The new school must know the risk from the father.",
        )
        self.assertEqual(decision.outcome, "share")
        self.assertEqual(self.missing(decision), [])
        self.record(decision)
        _request, outcome = self.rows(decision)
        self.assertRegex(
            outcome["Engaging the child and carers before sharing"],
            r"^Test Parent engaged on .+: That the old school sends the file",
        )
        # The letter: never to the father by default, and never naming the school.
        action = decision.with_user(self.practitioner).action_write_to_family()
        wizard = (
            self.env[action["res_model"]]
            .with_user(self.practitioner)
            .with_context(**action["context"])
            .create({})
        )
        self.assertEqual(wizard.addressee_ids, mother)
        to_father = decision.with_user(self.practitioner)._family_letter_action(father)
        composer = Form(
            self.env["mail.compose.message"]
            .with_user(self.practitioner)
            .with_context(**to_father["context"])
        )
        self.assertIn("Scenario Primary by the Refuge", html2plaintext(composer.body))
        with self.assertRefused(UserError, "names 'Scenario Primary by the Refuge'"):
            composer.save().action_send_mail()
        self.assertFalse(decision.telling_ids)

    def test_the_police_share_for_a_criminal_investigation(self):
        """A police force tells children's social care of a sexual assault
        allegation it investigates: a competent authority sharing for a
        law-enforcement purpose, its sensitive data on Schedule 8."""
        self.sender_is("police")
        decision = self.decide(
            crime_suspected=True,
            recipient_id=self.duty_social_worker.id,
            recipient_verified=True,
            channel_id=self.secure_email.id,
            controller_relationship="separate",
            how_much="The allegation and the suspect's access to the child.",
            legitimate_purpose_answer="yes",
            purpose="Investigate the allegation and protect the child meanwhile.",
            purpose_id=self.ref("purpose_crime").id,
            risk_of_harm_answer="yes",
            lawful_basis_ids=self.bases("art6_1_e", "dpa_s8_p4"),
            special_category_answer="yes",
            criminal_offence_answer="yes",
            confidential_answer="no",
            relevant_answer="yes",
            engagement_answer="not_engaged",
            not_engaged_reason="prejudice_investigation",
            individual_informed="not_informed",
            not_informed_reason="prejudice_crime",
            reason="Children's social care must protect the child during the "
            "investigation.",
        )
        self.assertTrue(decision._law_enforcement_processing())
        decision.with_user(self.practitioner).action_notify_police()
        self.assertEqual(self.missing(decision), [])
        self.record(decision)
        self.assertEqual(decision.state, "recorded")

    def test_a_safeguarding_partners_request_for_a_rapid_review(self):
        """The safeguarding partners ask, under Children Act 2004 s16H, for the
        agency's records for a rapid review after a serious incident."""
        partners = self.env["res.partner"].create(
            {"name": "Scenario Safeguarding Partnership", "is_company": True}
        )
        decision = self.decide(
            trigger="request",
            requester_organisation_id=partners.id,
            date_received=fields.Date.today(),
            information_requested="Contacts with the family in the last year.",
            statutory_basis="s16h",
            request_reason="A rapid review of a serious incident.",
            request_proportionality="Only the last year, only contacts.",
            request_function="Reviewing serious child safeguarding cases.",
            request_extent="all",
            recipient_id=partners.id,
            recipient_verified=True,
            channel_id=self.secure_email.id,
            controller_relationship="separate",
            how_much="The dates and kinds of contact in the last year.",
            legitimate_purpose_answer="yes",
            purpose="Help the partners learn from the incident.",
            purpose_id=self.ref("purpose_statutory_request").id,
            risk_of_harm_answer="no",
            no_consent_reason="not_basis",
            lawful_basis_ids=self.bases(
                "art6_1_c", "art9_2_g", "dpa_s1_p6", "ca2004_s16h"
            ),
            special_category_answer="yes",
            criminal_offence_answer="no",
            confidential_answer="no",
            relevant_answer="yes",
            individual_informed="not_informed",
            not_informed_reason="other",
            not_informed_note="The family is told by the partnership's own process.",
            reason="A lawful request, necessary and proportionate.",
        )
        self.assertFalse(decision.asks_engagement)
        self.assertEqual(self.missing(decision), [])
        self.record(decision)
        request, _outcome = self.rows(decision)
        self.assertEqual(
            request["Why the request is necessary and proportionate"],
            "Only the last year, only contacts.",
        )
