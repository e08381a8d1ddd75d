"""Only a consent that is consent to share opens the consent route: its kind, form,
who gave it, scope and dates, and no later refusal or withdrawal on the case."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from .common import DecisionCommon

S, N = "share", "do_not_share"
NO_CONSENT_ROUTE = [
    ["purpose", True],
    ["consent", False],
    ["identifiable", True],
    ["lawful_reason", True],
]


@tagged("post_install", "-at_install")
class TestConsentToShare(DecisionCommon):
    """Only a consent that is consent to share opens the consent route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.other_parent = cls.env["res.partner"].create({"name": "Other Parent"})

    def given(self, days_ago=3, **overrides):
        """A consent given ``days_ago`` days ago (the parent's, on the MASH and the
        referral, unless overridden)."""
        vals = self.consent_vals(
            state="given", date_given=self.now - timedelta(days=days_ago)
        )
        vals.update(overrides)
        return self.env["safeguarding.consent"].create(vals)

    def competent_child(self, **overrides):
        vals = {
            "given_by_id": self.child.id,
            "relationship": "child",
            "parental_responsibility": False,
            "child_competence": "competent",
            "competence_assessed_by_id": self.practitioner.id,
            "date_competence_assessed": fields.Date.today() - timedelta(days=5),
            "competence_rationale": "Understands what would be shared and why.",
        }
        vals.update(overrides)
        return vals

    def on_consent(self, consent, **overrides):
        return self.new_decision(
            **dict({"consent_id": consent.id, "no_consent_reason": False}, **overrides)
        )

    def decision_count(self):
        return self.env["safeguarding.decision"].search_count(
            [("case_id", "=", self.case.id)]
        )

    def test_only_an_explicit_consent_to_share_by_the_right_person_counts(self):
        cases = [
            ({}, True),
            ({"kind": "data_protection"}, True),
            ({"kind": "medical"}, False),
            ({"kind": "service"}, False),
            ({"form": "implied"}, False),
            # A clear verbal yes is consent; its written confirmation is followed up.
            ({"form": "verbal"}, True),
            (
                {
                    "form": "verbal",
                    "date_confirmed_in_writing": fields.Date.today(),
                },
                True,
            ),
            # Parental responsibility is the case's to say: the other parent holds none.
            ({"given_by_id": self.other_parent.id}, False),
            (
                {"relationship": "carer", "given_by_id": self.other_parent.id},
                False,
            ),
            (self.competent_child(), True),
            (self.competent_child(child_competence="not_competent"), False),
            (self.competent_child(child_competence="not_assessed"), False),
            # A competent child's own decision is the one that counts.
            (
                {
                    "child_competence": "competent",
                    "competence_assessed_by_id": self.practitioner.id,
                    "date_competence_assessed": fields.Date.today(),
                    "competence_rationale": "Assessed competent.",
                },
                False,
            ),
        ]
        for overrides, counts in cases:
            with self.subTest(overrides=overrides):
                decision = self.on_consent(self.given(**overrides))
                self.assertIs(decision.has_consent, counts)
                self.assertFalse(decision.consent_refusal)
                if counts:
                    self.assertEqual(decision.outcome, S)
                    self.assertEqual(
                        decision.route, [["purpose", True], ["consent", True]]
                    )
                else:
                    # The consent route stays shut: the no-consent route is asked.
                    self.assertEqual(decision.route, NO_CONSENT_ROUTE)
                    self.assertEqual(decision.outcome, S)
                    with self.assertRefused(
                        ValidationError, "- why there is no consent"
                    ):
                        decision.action_record()
                    self.assert_still_draft(decision)

    def test_a_competent_childs_refusal_says_no_to_a_parents_consent(self):
        parents = self.given(days_ago=3)
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                state="refused",
                date_refused=self.now - timedelta(days=10),
                **self.competent_child(),
            )
        )
        decision = self.on_consent(parents)
        self.assertFalse(decision.has_consent)
        self.assertEqual(decision.consent_refusal, "refused")
        self.assertEqual(decision.route, NO_CONSENT_ROUTE)
        # The child's later consent of their own is the one that counts.
        childs = self.given(days_ago=1, **self.competent_child())
        self.assertTrue(self.on_consent(childs).has_consent)

    def test_a_later_refusal_or_withdrawal_on_the_same_scope_says_no(self):
        parents = self.given(days_ago=5)
        decision = self.on_consent(parents)
        self.assertTrue(decision.has_consent)
        # Someone who does not decide about the child's information (no parental
        # responsibility on the case) changes nothing.
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                given_by_id=self.other_parent.id,
                state="refused",
                date_refused=self.now - timedelta(days=2),
            )
        )
        self.assertTrue(decision.has_consent)
        self.assertFalse(decision.refusal_ids)
        # The parent's own refusal for another purpose changes nothing.
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                scope_purpose_ids=[Command.set(self.other_purpose.ids)],
                state="refused",
                date_refused=self.now - timedelta(days=2),
            )
        )
        self.assertTrue(decision.has_consent)
        # The parent's earlier refusal, answered by their own consent given since,
        # changes nothing.
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                state="refused", date_refused=self.now - timedelta(days=9)
            )
        )
        self.assertTrue(decision.has_consent)
        self.assertFalse(decision.refusal_ids)
        # Their withdrawal since says no.
        later = self.given(days_ago=4)
        later._withdraw(
            self.parent.id,
            self.now - timedelta(days=1),
            "written",
            "Does not agree any more.",
        )
        self.assertFalse(decision.has_consent)
        self.assertEqual(decision.consent_refusal, "withdrawn")
        self.assertEqual(decision.refusal_ids, later)
        self.assertEqual(decision.route, NO_CONSENT_ROUTE)

    def test_a_consent_of_another_case_is_refused(self):
        other_child = self.env["res.partner"].create({"name": "Other Child"})
        other_case = self.env["safeguarding.case"].create(
            {"child_id": other_child.id, "user_id": self.practitioner.id}
        )
        elsewhere = self.given(case_id=other_case.id)
        before = self.decision_count()
        # The link rule of every record of a case (its consent, the decision it
        # corrects, advice's decision): never naming the other case's record.
        message = (
            r"^Consent of DEC/\S+ must be one recorded on the same case, "
            r"CASE/\S+: choose one from that case\.$"
        )
        with self.assertRefused(ValidationError, message):
            self.on_consent(elsewhere)
        self.assertEqual(self.decision_count(), before)
        decision = self.new_decision()
        with self.assertRefused(ValidationError, message):
            decision.write({"consent_id": elsewhere.id, "no_consent_reason": False})
        self.env.invalidate_all()
        self.assertFalse(decision.consent_id)
        self.assertEqual(decision.no_consent_reason, "risk_to_child")

    def test_a_covering_consent_and_a_reason_exclude_each_other(self):
        consent = self.given()
        before = self.decision_count()
        message = (
            r"relies on the consent 'Confidentiality \(common law\): Test Parent', "
            r"which covers this share, and also says 'Consent was sought and "
            r"refused': keep one\."
        )
        with self.assertRefused(ValidationError, message):
            self.new_decision(consent_id=consent.id, no_consent_reason="refused")
        self.assertEqual(self.decision_count(), before)
        decision = self.on_consent(consent)
        with self.assertRefused(ValidationError, message):
            decision.no_consent_reason = "refused"
        self.env.invalidate_all()
        self.assertFalse(decision.no_consent_reason)
        # A requested consent linked with a reason, then given: the record is refused.
        requested = self.new_consent()
        draft = self.new_decision(consent_id=requested.id)
        self.assertEqual(draft.no_consent_reason, "risk_to_child")
        requested.action_give()
        self.assertTrue(draft.has_consent)
        with self.assertRefused(
            ValidationError,
            "- one consent answer: the consent 'Confidentiality \\(common law\\): "
            "Test Parent' covers this share, so remove the reason 'Seeking consent "
            "would increase the risk of harm to the child'",
        ):
            draft.action_record()
        self.assert_still_draft(draft)

    def test_a_linked_refusal_or_withdrawal_forces_its_reason(self):
        refused = self.new_consent()
        refused.action_refuse()
        withdrawn = self.given(days_ago=4)
        withdrawn._withdraw(
            self.parent.id, self.now - timedelta(days=1), "verbal", "Changed mind."
        )
        for consent, wrong, expected in (
            (refused, "risk_to_child", "Consent was sought and refused"),
            (withdrawn, "refused", "Consent was given and has been withdrawn"),
        ):
            with self.subTest(consent=consent.state):
                before = self.decision_count()
                with self.assertRefused(
                    ValidationError,
                    f"which was {consent.state}: the reason there is no consent is "
                    f"'{expected}', not '",
                ):
                    self.new_decision(consent_id=consent.id, no_consent_reason=wrong)
                self.assertEqual(self.decision_count(), before)
                decision = self.new_decision(
                    consent_id=consent.id, no_consent_reason=consent.state
                )
                self.assertEqual(decision.consent_refusal, consent.state)
                self.assertFalse(decision.has_consent)

    def test_the_form_fills_in_the_reason_the_consent_forces(self):
        covering = self.given(days_ago=4)
        withdrawn = self.given(days_ago=6, given_by_id=self.other_parent.id)
        withdrawn._withdraw(
            self.other_parent.id, self.now - timedelta(days=5), "verbal", "No."
        )
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            form.legitimate_purpose_answer = "yes"
            form.purpose_id = self.purpose
            form.recipient_id = self.mash_worker
            form.no_consent_reason = "undue_delay"
            form.consent_id = withdrawn
            self.assertEqual(form.no_consent_reason, "withdrawn")
            form.consent_id = covering
            self.assertFalse(form.no_consent_reason)
            self.assertTrue(form.has_consent)

    def test_overriding_a_refusal_needs_its_own_justification(self):
        refused = self.new_consent()
        refused.action_refuse()
        decision = self.new_decision(consent_id=refused.id, no_consent_reason="refused")
        self.assertEqual(decision.outcome, S)
        with self.assertRefused(
            ValidationError,
            r"- why sharing overrides the refusal or withdrawal of consent by Test "
            r"Parent \(Parent\) refused on \S+ \S+, for Test referral, Test MASH "
            r"\(golden rule 4: where possible, respect the wishes of those who do not "
            r"consent\)",
        ):
            decision.action_submit()
        self.assert_still_draft(decision)
        self.assertEqual(decision.signoff_state, "none")
        decision.consent_override_reason = (
            "The injuries are serious; the mother's refusal cannot outweigh them."
        )
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        # Not sharing respects the refusal: nothing to justify.
        kept = self.new_decision(
            consent_id=refused.id,
            no_consent_reason="refused",
            lawful_basis_ids=[Command.clear()],
            no_lawful_reason=True,
        )
        self.assertEqual(kept.outcome, N)
        self.record(kept)
        self.assertEqual(kept.state, "recorded")

    def test_the_reasons_use_the_advices_own_wording(self):
        reasons = dict(
            self.env["safeguarding.decision"]
            ._fields["no_consent_reason"]
            ._description_selection(self.env)
        )
        self.assertEqual(
            reasons,
            {
                "risk_to_child": "Seeking consent would increase the risk of harm "
                "to the child",
                "risk_to_adult": "Seeking consent would put an adult at risk of "
                "serious harm",
                "prejudice_crime": "It would prejudice the prevention or detection "
                "of serious crime",
                "undue_delay": "Seeking consent would cause undue delay",
                "not_basis": "Consent is not the basis relied on",
                "refused": "Consent was sought and refused",
                "withdrawn": "Consent was given and has been withdrawn",
                "cannot_give": "The person cannot give consent",
                "not_reasonable": "Consent cannot reasonably be obtained",
                "not_covered": "The consent held does not cover this purpose or "
                "recipient",
            },
        )
        medical = self.given(kind="medical")
        decision = self.on_consent(medical, no_consent_reason="not_covered")
        self.assertEqual(decision.no_consent_reason, "not_covered")
        self.record(decision)
        self.assertEqual(decision.state, "recorded")

    def test_consent_is_requested_when_no_urgency_reason_applies(self):
        decision = self.new_decision(no_consent_reason=False)
        self.assertTrue(decision.offer_consent_request)
        for reason, offered in (
            ("risk_to_child", False),
            ("risk_to_adult", False),
            ("prejudice_crime", False),
            ("undue_delay", False),
            ("not_basis", True),
            ("cannot_give", True),
        ):
            with self.subTest(reason=reason):
                decision.no_consent_reason = reason
                self.assertIs(decision.offer_consent_request, offered)
        decision.no_consent_reason = False
        action = decision.with_user(self.practitioner).action_request_consent()
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_window",
                "name": "Request Consent",
                "res_model": "safeguarding.consent",
                "view_mode": "form",
                "target": "new",
                "context": {
                    "default_case_id": self.case.id,
                    "default_kind": "confidentiality",
                    "default_scope_information": decision.how_much,
                    "default_scope_purpose_ids": self.purpose.ids,
                    "default_scope_recipient_ids": self.mash.ids,
                },
            },
        )
        with Form(
            self.env["safeguarding.consent"]
            .with_user(self.practitioner)
            .with_context(**action["context"])
        ) as form:
            form.given_by_id = self.parent
            # Held on the case's people, with its evidence: not ticked here.
            self.assertTrue(form.parental_responsibility)
        consent = form.record
        self.assertEqual(consent.state, "requested")
        self.assertEqual(consent.scope_purpose_ids, self.purpose)
        self.assertEqual(consent.scope_recipient_ids, self.mash)
        decision.no_consent_reason = "undue_delay"
        with self.assertRefused(UserError, "does not need a consent request"):
            decision.action_request_consent()
        decision.write({"no_consent_reason": False, "consent_id": consent.id})
        self.assertFalse(decision.offer_consent_request)

    def assert_still_draft(self, decision):
        self.env.invalidate_all()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.decided_by_id)
        self.assertFalse(decision.date_decided)
