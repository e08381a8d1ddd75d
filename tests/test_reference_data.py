"""The reference data shipped with the addon: the 2018 advice and the law."""

from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged

XMLID = "safeguarding_info_sharing."

S11_ORGANISATION_TYPES = [
    "local_authority",
    "nhs_england",
    "icb",
    "nhs_trust",
    "police",
    "btp",
    "prison",
    "probation",
    "yot",
    "education_voluntary",
]


@tagged("post_install", "-at_install")
class TestReferenceData(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Basis = cls.env["safeguarding.lawful.basis"]

    def basis(self, code):
        basis = self.Basis.with_context(active_test=False).search([("code", "=", code)])
        self.assertEqual(len(basis), 1, f"one lawful basis with code {code}")
        return basis

    # The July 2018 advice

    def test_seven_golden_rules_2018(self):
        rules = self.env["safeguarding.golden.rule"].search(
            [("guidance_version", "=", "2018")]
        )
        self.assertEqual(rules.mapped("sequence"), [1, 2, 3, 4, 5, 6, 7])
        self.assertTrue(all(rule.description for rule in rules))
        record_rule = rules.filtered(lambda rule: rule.sequence == 7)
        self.assertIn(
            "whether it is to share information or not", record_rule.description
        )

    def test_six_principles_2018_without_record(self):
        principles = self.env["safeguarding.principle"].search(
            [("guidance_version", "=", "2018")]
        )
        self.assertEqual(
            principles.mapped("code"),
            [
                "necessary_proportionate",
                "relevant",
                "adequate",
                "accurate",
                "timely",
                "secure",
            ],
        )
        self.assertTrue(all(p.description and p.question for p in principles))
        accurate = principles.filtered(lambda p: p.code == "accurate")
        self.assertIn("fact and opinion", accurate.description)

    # Lawful bases

    def test_every_layer_has_its_bases(self):
        expected = {
            "gdpr_art6": [f"art6_1_{x}" for x in ("a", "b", "c", "d", "e", "ea", "f")],
            "gdpr_art9": [f"art9_2_{x}" for x in "abcdefghij"],
            "dpa_sch1": [
                "dpa_s1_p2",
                "dpa_s1_p6",
                "dpa_s1_p10",
                "dpa_s1_p11",
                "dpa_s1_p17",
                "dpa_s1_p18",
                "dpa_s1_p19",
                "dpa_s1_p36",
            ],
            "dpa_sch8": ["dpa_s8_p4"],
            "statutory": [
                "ca1989_s17",
                "ca1989_s27",
                "ca1989_s47",
                "ca1989_s47_9",
                "ca2004_s10",
                "ca2004_s11",
                "ca2004_s14b",
                "ca2004_s16e",
                "ca2004_s16h",
                "cda1998_s115",
                "ea2002_s175",
                "bcia2009_s55",
            ],
            "common_law": ["cl_consent", "cl_required_by_law", "cl_public_interest"],
        }
        for layer, codes in expected.items():
            for code in codes:
                self.assertEqual(self.basis(code).layer, layer, code)

    def test_only_consent_is_consent_based(self):
        consent_based = self.Basis.search([("consent_based", "=", True)])
        self.assertEqual(
            sorted(consent_based.mapped("code")), ["art6_1_a", "art9_2_a", "cl_consent"]
        )
        self.assertTrue(self.basis("art6_1_a").consent_based)
        self.assertTrue(self.basis("art9_2_a").consent_based)
        self.assertFalse(self.basis("art6_1_e").consent_based)
        self.assertIn("not usually", self.basis("art6_1_a").description)

    def test_commencement_dates(self):
        self.assertEqual(self.basis("art6_1_e").valid_from, date(2018, 5, 25))
        self.assertEqual(self.basis("dpa_s1_p18").valid_from, date(2018, 5, 25))
        self.assertEqual(self.basis("ca1989_s47").valid_from, date(1991, 10, 14))
        self.assertEqual(self.basis("ca2004_s16h").valid_from, date(2018, 6, 29))

    def test_lscb_request_ended_in_2019(self):
        s14b = self.basis("ca2004_s14b")
        self.assertEqual(s14b.valid_to.year, 2019)
        self.assertTrue(s14b._is_valid_on(date(2018, 7, 1)))
        self.assertTrue(s14b._is_valid_on(s14b.valid_to))
        self.assertFalse(s14b._is_valid_on(date(2019, 10, 1)))
        self.assertFalse(s14b._is_valid_on(date(2024, 1, 1)))
        # Its replacement, the safeguarding partners' request, still applies.
        self.assertFalse(self.basis("ca2004_s16h").valid_to)
        self.assertTrue(self.basis("ca2004_s16h")._is_valid_on(date(2024, 1, 1)))

    def test_recognised_legitimate_interest_from_its_commencement(self):
        ea = self.basis("art6_1_ea")
        self.assertEqual(ea.valid_from, date(2026, 2, 5))
        self.assertFalse(ea._is_valid_on(date(2025, 6, 19)))
        self.assertFalse(ea._is_valid_on(date(2026, 2, 4)))
        self.assertTrue(ea._is_valid_on(date(2026, 2, 5)))
        self.assertFalse(ea.consent_based)

    def test_s115_is_a_power_not_a_duty(self):
        self.assertIn("power, not a duty", self.basis("cda1998_s115").description)

    # Channels, organisations, purposes

    def test_channels_security(self):
        def channel(code):
            return self.env.ref(XMLID + "channel_" + code)

        self.assertFalse(channel("email").secure)
        self.assertFalse(channel("fax").secure)
        self.assertFalse(channel("phone").secure)
        self.assertTrue(channel("secure_email").secure)
        self.assertIn("DCB1596", channel("secure_email").name)
        self.assertTrue(channel("cjsm").secure)
        self.assertTrue(channel("encrypted_email").secure)
        self.assertTrue(channel("meeting").secure)
        self.assertTrue(channel("post").secure)
        self.assertTrue(channel("portal").secure)

    def test_s11_organisation_types(self):
        for code in S11_ORGANISATION_TYPES:
            org_type = self.env.ref(XMLID + "organisation_type_" + code)
            self.assertEqual(org_type.code, code)
            self.assertIn("Children Act 2004 s11", org_type.statutory_duty)
        school = self.env.ref(XMLID + "organisation_type_school")
        self.assertIn("Education Act 2002 s175", school.statutory_duty)
        immigration = self.env.ref(XMLID + "organisation_type_immigration")
        self.assertIn("2009 s55", immigration.statutory_duty)

    def test_purposes(self):
        purposes = self.env["safeguarding.purpose"].search(
            [
                (
                    "code",
                    "in",
                    ["referral", "s47_enquiry", "s17_assessment", "early_help"],
                )
            ]
        )
        self.assertEqual(len(purposes), 4)

    # The data in use on a decision

    def test_consent_based_basis_refused_as_reason_without_consent(self):
        child = self.env["res.partner"].create({"name": "Reference Data Child"})
        case = self.env["safeguarding.case"].create({"child_id": child.id})
        decision = self.env["safeguarding.decision"].create(
            {
                "case_id": case.id,
                "lawful_basis_ids": [(6, 0, self.basis("art6_1_e").ids)],
            }
        )
        self.assertEqual(len(decision.principle_ids), 6)
        for code in ("art6_1_a", "art9_2_a", "cl_consent"):
            with self.assertRaisesRegex(ValidationError, "rests on consent"):
                decision.write({"lawful_basis_ids": [(4, self.basis(code).id)]})
        with self.assertRaisesRegex(ValidationError, "rests on consent"):
            self.env["safeguarding.decision"].create(
                {
                    "case_id": case.id,
                    "lawful_basis_ids": [(6, 0, self.basis("art6_1_a").ids)],
                }
            )
