"""A lawful basis on every share, layer by layer, under both versions of the advice;
the usual layers offered from the purpose and the statutory request; statutory
requests effective-dated, a s16H request recorded in full, and declining one signed
off by a lead with reasons."""

from lxml import etree

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import DecisionCommon, pin_guidance

PREFIX = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestLawfulBasisLayers(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def basis(code):
            return cls.env.ref(PREFIX + "lawful_basis_" + code)

        cls.art9_g = basis("art9_2_g")
        cls.art9_a = basis("art9_2_a")
        cls.para18 = basis("dpa_s1_p18")
        cls.cl_public_interest = basis("cl_public_interest")
        cls.cl_consent = basis("cl_consent")

    def missing_of(self, decision):
        return decision._missing_items()

    def test_a_share_on_consent_has_an_article_6_basis_too(self):
        consent = self.new_consent()
        consent.action_give()
        decision = self.new_decision(
            consent_id=consent.id, no_consent_reason=False, lawful_basis_ids=[]
        )
        self.assertTrue(decision.has_consent)
        self.assertEqual(decision.outcome, "share")
        self.assertSubmitRefused(
            decision,
            "a lawful basis under UK GDPR Article 6, the first layer of every share",
        )
        # On a covering consent, consent itself may be the basis: allowed, warned.
        self.assertFalse(decision.consent_basis_chosen)
        decision.lawful_basis_ids = self.consent_basis
        self.assertTrue(decision.consent_basis_chosen)
        arch = etree.fromstring(
            self.env.ref(PREFIX + "safeguarding_decision_view_form").arch
        )
        warning = arch.xpath("//div[@name='consent_basis_warning']")[0]
        self.assertEqual(warning.get("invisible"), "not consent_basis_chosen")
        self.assertIn("Consent is rarely the right lawful basis", warning.text)
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.lawful_basis_ids, self.consent_basis)

    def test_consent_as_a_basis_without_a_covering_consent_is_refused(self):
        decision = self.new_decision()
        with self.assertRefused(ValidationError, "rests on consent") as caught:
            decision.lawful_basis_ids = [Command.link(self.consent_basis.id)]
        self.assertEqual(
            str(caught.exception),
            f"Test consent rests on consent, and {decision.name} holds no consent "
            "that covers this share, so it cannot be its lawful basis. Link the "
            "consent in the Consent question, or choose a basis such as public task "
            "or legal obligation.",
        )
        self.assertEqual(decision.lawful_basis_ids, self.public_task)

    def test_both_questions_are_answered_on_every_share(self):
        decision = self.new_decision(
            special_category_answer=False, confidential_answer=False
        )
        self.assertSubmitRefused(
            decision,
            "an answer to 'Does the information include special category data?'",
            "an answer to 'Was the information given in confidence?'",
        )

    def test_special_category_data_needs_article_9_and_its_schedule_1_condition(self):
        decision = self.new_decision(special_category_answer="yes")
        self.assertSubmitRefused(
            decision,
            "a condition under UK GDPR Article 9 for the special category data",
        )
        self.record_fresh(
            [self.public_task, self.art9_g],
            "a DPA 2018 Schedule 1 condition that completes UK GDPR Art 9(2)(g): "
            "substantial public interest: "
            + ", ".join(self.art9_g.paired_condition_ids.mapped("display_name")),
        )
        # Article 9(2)(a), explicit consent, needs no Schedule 1 condition, but rests
        # on consent: refused without one.
        with self.assertRefused(ValidationError, "rests on consent"):
            self.new_decision(
                special_category_answer="yes",
                lawful_basis_ids=[Command.set((self.public_task | self.art9_a).ids)],
            )
        done = self.new_decision(
            special_category_answer="yes",
            lawful_basis_ids=[
                Command.set((self.public_task | self.art9_g | self.para18).ids)
            ],
        )
        self.record(done)
        self.assertEqual(done.state, "recorded")

    def record_fresh(self, bases, *items):
        decision = self.new_decision(
            special_category_answer="yes",
            lawful_basis_ids=[Command.set([b.id for b in bases])],
        )
        self.assertSubmitRefused(decision, *items)

    def test_confidential_information_needs_its_common_law_ground(self):
        decision = self.new_decision(confidential_answer="yes")
        self.assertSubmitRefused(
            decision,
            "the common-law ground for sharing information given in confidence: "
            "consent, a legal requirement or court order, or an overriding public "
            "interest",
        )
        done = self.new_decision(
            confidential_answer="yes",
            lawful_basis_ids=[
                Command.set((self.public_task | self.cl_public_interest).ids)
            ],
        )
        self.record(done)
        self.assertEqual(done.state, "recorded")
        with self.assertRefused(ValidationError, "rests on consent"):
            self.new_decision(
                confidential_answer="yes",
                lawful_basis_ids=[
                    Command.set((self.public_task | self.cl_consent).ids)
                ],
            )

    def test_the_2024_procedure_asks_for_the_same_layers(self):
        pin_guidance(self.env, "2024")
        decision = self.new_decision(
            risk_of_harm_answer="yes",
            relevant_answer="yes",
            special_category_answer="yes",
            confidential_answer="yes",
            **self.not_engaged_vals(),
        )
        self.assertEqual(decision.guidance_version, "2024")
        self.assertEqual(decision.outcome, "share")
        self.confirm_principles(decision)
        self.assertSubmitRefused(
            decision,
            "a condition under UK GDPR Article 9 for the special category data",
            "the common-law ground for sharing information given in confidence: "
            "consent, a legal requirement or court order, or an overriding public "
            "interest",
        )

    def test_the_printed_record_shows_each_layer(self):
        decision = self.new_decision(
            special_category_answer="yes",
            confidential_answer="yes",
            lawful_basis_ids=[
                Command.set(
                    (
                        self.public_task
                        | self.art9_g
                        | self.para18
                        | self.cl_public_interest
                    ).ids
                )
            ],
        )
        self.record(decision)
        rows = dict(
            self.env[
                "report.safeguarding_info_sharing.report_decision_record"
            ]._record_rows(decision)["request"]
        )
        self.assertEqual(rows["Lawful basis (UK GDPR Article 6)"], "Test public task")
        self.assertEqual(
            rows["Special category or criminal offence conditions"],
            "Special category data: Yes; Criminal offence data: No; "
            f"{self.art9_g.name}; {self.para18.name}",
        )
        self.assertEqual(
            rows["Common law duty of confidence"],
            f"Given in confidence: Yes; {self.cl_public_interest.name}",
        )


@tagged("post_install", "-at_install")
class TestLawfulBasisDefaults(DecisionCommon):
    """The usual layers are offered once the route asks for them, and can be changed."""

    def codes(self, proxy):
        return sorted(record.code for record in proxy)

    def test_a_referral_is_offered_its_usual_layers(self):
        referral = self.env.ref(PREFIX + "purpose_referral")
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            form.recipient_id = self.mash_worker
            form.legitimate_purpose_answer = "yes"
            form.purpose_id = referral
            # Not offered before the route asks for the lawful basis.
            self.assertEqual(self.codes(form.lawful_basis_ids), [])
            form.no_consent_reason = "risk_to_child"
            form.identifiable_answer = "yes"
            self.assertEqual(
                self.codes(form.lawful_basis_ids),
                ["art6_1_e", "art9_2_g", "dpa_s1_p18"],
            )
            # The practitioner changes them; a later answer does not put them back.
            art9_g = self.env.ref(PREFIX + "lawful_basis_art9_2_g")
            form.lawful_basis_ids.remove(id=art9_g.id)
            form.identifiable_answer = "no"
            form.identifiable_answer = "yes"
            self.assertEqual(
                self.codes(form.lawful_basis_ids), ["art6_1_e", "dpa_s1_p18"]
            )

    def test_a_reply_to_a_s16h_request_is_offered_legal_obligation_and_s16h(self):
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            form.trigger = "request"
            form.requester_organisation_id = self.mash
            form.statutory_basis = "s16h"
            form.information_requested = "This term's attendance and concerns."
            form.request_reason = "A strategy discussion tomorrow."
            form.legitimate_purpose_answer = "yes"
            form.purpose_id = self.env.ref(PREFIX + "purpose_crime")
            form.no_consent_reason = "not_basis"
            form.identifiable_answer = "yes"
            self.assertEqual(
                self.codes(form.lawful_basis_ids), ["art6_1_c", "ca2004_s16h"]
            )


@tagged("post_install", "-at_install")
class TestStatutoryRequests(DecisionCommon):
    def request_vals(self, **overrides):
        vals = {
            "trigger": "request",
            "requester_organisation_id": self.mash.id,
            "requester_id": self.mash_worker.id,
            "date_received": "2025-03-03",
            "information_requested": "Attendance and any concerns this term.",
            "statutory_basis": "s16h",
            "request_reason": "A strategy discussion about the child tomorrow.",
            "request_proportionality": "Only this term's attendance and concerns.",
            "request_function": "Safeguarding arrangements: a multi-agency strategy "
            "discussion.",
            "discussed_with_requester": "yes",
            "date_discussed": "2025-03-04",
            "request_extent": "all",
        }
        vals.update(overrides)
        return vals

    def count(self):
        return (
            self.env["safeguarding.decision"].search_count([]),
            self.env["safeguarding.request"].search_count([]),
        )

    def test_an_lscb_request_after_29_september_2019_is_refused(self):
        before = self.count()
        with self.assertRefused(ValidationError, "not in force") as caught:
            self.new_decision(
                **self.request_vals(statutory_basis="s14b", date_received="2019-09-30")
            )
        self.assertRegex(
            str(caught.exception),
            r"^REQ/\d{4}/\d{6}: a request received on 09/30/2019 cannot be a "
            "request under Children Act 2004 s14B: request from a Local "
            r"Safeguarding Children Board \(legacy\), which is not in force on "
            "that date. Local Safeguarding Children Boards were replaced by the "
            "safeguarding partners on 29 September 2019: a request from them is "
            r"made under Children Act 2004 s16H\.$",
        )
        self.assertEqual(self.count(), before)
        # Received on the last day of the boards, it stands.
        legacy = self.new_decision(
            **self.request_vals(statutory_basis="s14b", date_received="2019-09-29")
        )
        self.assertEqual(legacy.statutory_basis, "s14b")

    def test_a_s16h_request_records_why_it_is_necessary_and_its_function(self):
        decision = self.new_decision(
            **self.request_vals(request_proportionality="", request_function=False)
        )
        missing = decision._missing_items()
        self.assertIn("why the s16H request is necessary and proportionate", missing)
        self.assertIn(
            "the safeguarding partners' function the s16H request serves", missing
        )
        decision.write(
            {
                "request_proportionality": "Only this term's attendance.",
                "request_function": "A multi-agency strategy discussion.",
            }
        )
        self.assertEqual(decision._missing_items(), [])

    def declined_s16h(self):
        decision = self.new_decision(
            **self.request_vals(
                share_choice="not_share",
                declined_principle_id=self.principles.filtered(
                    lambda p: p.code == "necessary_proportionate"
                ).id,
                declined_reason="The partners already hold this term's attendance.",
            )
        )
        self.assertEqual(decision.sharing_result, "chose_not_to_share")
        return decision

    def test_declining_a_s16h_request_needs_a_leads_sign_off_with_reasons(self):
        decision = self.declined_s16h()
        self.assertTrue(decision.signoff_always_required)
        # Not as an emergency.
        decision.write({"emergency": True, "emergency_reason": "The meeting is today."})
        with self.assertRefused(UserError, "even as an emergency") as caught:
            decision.action_record()
        self.assertEqual(
            str(caught.exception),
            f"{decision.name} needs a safeguarding lead's sign-off before it is "
            "recorded, even as an emergency: declining a request of the safeguarding "
            "partners under Children Act 2004 s16H. Submit it for sign-off.",
        )
        self.assertEqual(decision.state, "draft")
        decision.action_submit()
        rows = decision.signoff_ids
        with self.assertRefused(ValidationError, "needs your reasons") as caught:
            decision.with_user(self.lead).action_approve()
        self.assertEqual(
            str(caught.exception),
            f"{decision.name}: signing off declining a request of the safeguarding "
            "partners under Children Act 2004 s16H needs your reasons. Use 'Sign Off "
            "with Reasons' and say why.",
        )
        self.assertEqual(decision.signoff_state, "submitted")
        self.assertEqual(decision.signoff_ids, rows)
        wizard = (
            self.env["safeguarding.decision.return"]
            .with_user(self.lead)
            .create(
                {
                    "decision_id": decision.id,
                    "signoff_action": "approve",
                    "reason": "  The partners hold it already; declining is right.  ",
                }
            )
        )
        wizard.action_confirm()
        self.assertEqual(decision.signoff_state, "approved")
        approval = decision.signoff_ids - rows
        self.assertEqual(approval.action, "approve")
        self.assertEqual(approval.user_id, self.lead)
        self.assertEqual(
            approval.reason, "The partners hold it already; declining is right."
        )
        decision.action_record()
        self.assertEqual(decision.state, "recorded")

    def test_sharing_on_a_s16h_request_is_signed_off_as_usual(self):
        decision = self.new_decision(**self.request_vals())
        self.assertFalse(decision.signoff_always_required)
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
