"""The lawful basis by the sender's regime: Article 6 always; under the UK GDPR, an
Article 9 condition with a Schedule 1 condition from its pairing table, and Article
10 with a Schedule 1 condition for criminal offence data (allegations included);
Schedule 8 only for a sender that is a competent authority sharing for a
law-enforcement purpose; Schedule 1 paragraph 18 only without consent. Reference
data awaiting its commencement is shipped archived."""

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import DecisionCommon, RpcClient

PREFIX = "safeguarding_info_sharing."


class RegimeCommon(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def basis(code):
            return cls.env.ref(PREFIX + "lawful_basis_" + code)

        cls.basis = basis
        cls.art6_e = basis("art6_1_e")
        cls.art9_g = basis("art9_2_g")
        cls.art9_h = basis("art9_2_h")
        cls.art10 = basis("art10")
        cls.para2 = basis("dpa_s1_p2")
        cls.para10 = basis("dpa_s1_p10")
        cls.para18 = basis("dpa_s1_p18")
        cls.sch8 = basis("dpa_s8_p4")
        cls.police_type = cls.env.ref(PREFIX + "organisation_type_police")
        cls.police = cls.env["res.partner"].create(
            {
                "name": "Test Constabulary",
                "is_company": True,
                "safeguarding_organisation_type_id": cls.police_type.id,
            }
        )
        cls.crime = cls.env.ref(PREFIX + "purpose_crime")

    def sender_is(self, code):
        """The company (the sender) is of the organisation type ``code``."""
        self.company.partner_id.safeguarding_organisation_type_id = self.env.ref(
            PREFIX + "organisation_type_" + code
        )

    def layers(self, *bases):
        return [Command.set([b.id for b in bases])]

    def missing(self, decision):
        return [str(item) for item in decision._missing_items()]


@tagged("post_install", "-at_install")
class TestLawfulBasisRegime(RegimeCommon):
    def test_a_school_sharing_health_information_with_the_police_needs_no_schedule_8(
        self,
    ):
        self.sender_is("school")
        decision = self.new_decision(
            recipient_id=self.police.id,
            special_category_answer="yes",
            lawful_basis_ids=self.layers(self.art6_e, self.art9_g, self.para10),
        )
        self.assertEqual(self.missing(decision), [])
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        with_schedule_8 = self.new_decision(
            recipient_id=self.police.id,
            special_category_answer="yes",
            lawful_basis_ids=self.layers(
                self.art6_e, self.art9_g, self.para10, self.sch8
            ),
        )
        self.assertSubmitRefused(
            with_schedule_8,
            "no DPA 2018 Schedule 8 condition: it governs a competent authority's own "
            "sensitive processing for a law-enforcement purpose (DPA 2018 Part 3); "
            f"{self.company.name} shares under the UK GDPR, with Article 9 and a "
            "Schedule 1 condition",
        )

    def test_a_police_force_sharing_for_law_enforcement_needs_schedule_8(self):
        self.sender_is("police")
        decision = self.new_decision(
            purpose_id=self.crime.id,
            special_category_answer="yes",
            lawful_basis_ids=self.layers(self.art6_e),
        )
        self.assertSubmitRefused(
            decision,
            f"a DPA 2018 Schedule 8 condition: {self.company.name} is a competent "
            "authority sharing for a law-enforcement purpose, its sensitive "
            "processing under DPA 2018 Part 3",
        )
        decision.lawful_basis_ids = self.layers(self.art6_e, self.sch8)
        self.assertEqual(self.missing(decision), [])
        # The same police force sharing to safeguard (no law-enforcement purpose)
        # is under the UK GDPR: Article 9 and Schedule 1, no Schedule 8.
        safeguarding = self.new_decision(
            special_category_answer="yes",
            lawful_basis_ids=self.layers(self.art6_e, self.art9_g, self.para18),
        )
        self.assertEqual(self.missing(safeguarding), [])

    def test_article_9_and_schedule_1_must_match_their_pairing(self):
        mismatched = self.new_decision(
            special_category_answer="yes",
            lawful_basis_ids=self.layers(self.art6_e, self.art9_g, self.para2),
        )
        pairs = ", ".join(self.art9_g.paired_condition_ids.mapped("display_name"))
        self.assertSubmitRefused(
            mismatched,
            "a DPA 2018 Schedule 1 condition that completes UK GDPR Art 9(2)(g): "
            f"substantial public interest: {pairs}",
            "no DPA 2018 Sch 1 Part 1 para 2: health or social care purposes: it "
            "completes none of the Article 9 or Article 10 entries chosen",
        )
        self.assertIn(self.para18, self.art9_g.paired_condition_ids)
        self.assertEqual(self.art9_h.paired_condition_ids, self.para2)
        matched = self.new_decision(
            special_category_answer="yes",
            lawful_basis_ids=self.layers(self.art6_e, self.art9_h, self.para2),
        )
        self.assertEqual(self.missing(matched), [])

    def test_paragraph_18_only_without_consent(self):
        consent = self.new_consent()
        consent.action_give()
        decision = self.new_decision(
            consent_id=consent.id,
            no_consent_reason=False,
            special_category_answer="yes",
            lawful_basis_ids=self.layers(self.art6_e, self.art9_g, self.para18),
        )
        self.assertTrue(decision.has_consent)
        self.assertSubmitRefused(
            decision,
            "no DPA 2018 Sch 1 Part 2 para 18: safeguarding of children and of "
            "individuals at risk: it applies only to sharing without consent, and this "
            "share rests on the consent 'Confidentiality (common law): Test Parent'",
        )
        self.assertTrue(self.para18.without_consent_only)

    def test_criminal_offence_data_is_asked_about_and_needs_article_10(self):
        unanswered = self.new_decision(criminal_offence_answer=False)
        self.assertIn(
            "an answer to 'Does the information include criminal offence data?'",
            self.missing(unanswered),
        )
        # A suspected crime shared is criminal offence data: "no" contradicts it.
        contradicted = self.new_decision(
            crime_suspected=True,
            criminal_offence_answer="no",
            police_notified=True,
            date_police_notified="2026-01-05 09:00:00",
            police_notified_by_id=self.practitioner.id,
        )
        self.assertEqual(
            self.missing(contradicted),
            [
                (
                    "a true answer to 'Does the information include criminal "
                    "offence data?': a crime is suspected, and the suspicion shared "
                    "is criminal offence data (allegations included)"
                )
            ],
        )
        allegation = self.new_decision(
            criminal_offence_answer="yes",
            lawful_basis_ids=self.layers(self.art6_e),
        )
        pairs = ", ".join(self.art10.paired_condition_ids.mapped("display_name"))
        self.assertSubmitRefused(
            allegation,
            "UK GDPR Article 10 for the criminal offence data, with its DPA 2018 "
            "Schedule 1 condition",
        )
        allegation.lawful_basis_ids = self.layers(self.art6_e, self.art10)
        self.assertEqual(
            self.missing(allegation),
            [
                (
                    "a DPA 2018 Schedule 1 condition that completes UK GDPR Art 10: "
                    "criminal offence data, with a DPA 2018 Schedule 1 condition: "
                    f"{pairs}"
                )
            ],
        )
        allegation.lawful_basis_ids = self.layers(self.art6_e, self.art10, self.para18)
        self.assertEqual(self.missing(allegation), [])
        self.record(allegation)
        rows = dict(
            self.env[
                "report.safeguarding_info_sharing.report_decision_record"
            ]._record_rows(allegation)["request"]
        )
        self.assertIn(
            "UK GDPR Art 10: criminal offence data",
            rows["Special category or criminal offence conditions"],
        )

    def test_law_awaiting_commencement_is_archived_with_its_date(self):
        Basis = self.env["safeguarding.lawful.basis"].with_context(active_test=False)
        interest = Basis.search([("code", "=", "art6_1_ea")])
        duty = Basis.search([("code", "=", "cwsa2026_duty_to_share")])
        self.assertRecordValues(
            interest | duty,
            [
                {
                    "active": False,
                    "commencement_required": True,
                    "valid_from": fields.Date.to_date("2026-02-05"),
                    "layer": "gdpr_art6",
                },
                {
                    "active": False,
                    "commencement_required": True,
                    "valid_from": False,
                    "layer": "statutory",
                },
            ],
        )
        self.assertFalse(
            self.env["safeguarding.lawful.basis"].search(
                [("id", "in", (interest | duty).ids)]
            )
        )
        with self.assertRefused(
            ValidationError, "enter its commencement date .In Force From."
        ):
            duty.with_user(self.sg_admin).active = True
        self.env.invalidate_all()
        self.assertFalse(duty.active)
        duty.with_user(self.sg_admin).write(
            {"valid_from": "2026-09-01", "active": True}
        )
        self.assertTrue(duty.active)


@tagged("post_install", "-at_install")
class TestLawfulBasisRegimeRpc(HttpCase, RpcClient, RegimeCommon):
    """From outside: a school's share of health information with the police on
    Schedule 8 is refused when submitted, naming the sender's regime."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.practitioner.password = cls.rpc_password

    def test_schedule_8_on_a_schools_share_is_refused_over_rpc(self):
        self.sender_is("school")
        decision = self.new_decision(
            recipient_id=self.police.id,
            special_category_answer="yes",
            lawful_basis_ids=self.layers(
                self.art6_e, self.art9_g, self.para10, self.sch8
            ),
        )
        name, message = self.rpc_refusal(
            self.practitioner, "safeguarding.decision", "action_submit", decision.ids
        )
        self.assertEqual(name, "odoo.exceptions.ValidationError")
        self.assertIn("no DPA 2018 Schedule 8 condition", message)
        self.env.invalidate_all()
        self.assertEqual(decision.signoff_state, "none")
