"""Refusals and withdrawals on the case are seen by whoever is entitled to decide: the
competent child first, then each holder of parental responsibility. One holder's
consent does not answer another's refusal, nor a parent's a competent child's; a
share that overrides a refusal rests on a lawful basis without consent and says why,
and the printed record names the refusal and the reason."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from .common import DecisionCommon, RpcClient

RECORD = "report.safeguarding_info_sharing.report_decision_record"
NO_CONSENT_ROUTE = [
    ["purpose", True],
    ["consent", False],
    ["identifiable", True],
    ["lawful_reason", True],
]


class RefusalCommon(DecisionCommon):
    """A Gillick-competent 15-year-old, her mother and her father, both with parental
    responsibility; the school nurse of her school, and the kind of purpose
    "Health care"."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.father = cls.env["res.partner"].create({"name": "Test Father"})
        cls.env["safeguarding.case.person"].create(
            {
                "case_id": cls.case.id,
                "partner_id": cls.father.id,
                "role": "parent",
                "parental_responsibility": True,
                "parental_responsibility_basis": "registered_father",
                "parental_responsibility_evidence": "Named on the birth certificate.",
            }
        )
        cls.health_care = cls.env["safeguarding.purpose"].create(
            {"name": "Test health care", "code": "test_health_care"}
        )
        cls.nurse = cls.env["res.partner"].create(
            {"name": "Test School Nurse", "parent_id": cls.school.id}
        )

    def competent_child_refusal(self, days_ago=1, **scope):
        """The child, assessed competent, refuses any sharing (no scope)."""
        return self.env["safeguarding.consent"].create(
            self.childs_own_vals(
                date_competence_assessed=fields.Date.today() - timedelta(days=2),
                state="refused",
                date_refused=self.now - timedelta(days=days_ago),
                **scope,
            )
        )

    def parent_consent(self, parent=None, **overrides):
        """A written confidentiality consent, for health care, to the school nurse."""
        return self.env["safeguarding.consent"].create(
            self.consent_vals(
                given_by_id=(parent or self.parent).id,
                form="written",
                scope_purpose_ids=[Command.set(self.health_care.ids)],
                scope_recipient_ids=[Command.set(self.school.ids)],
                state="given",
                date_given=self.now - timedelta(hours=2),
                **overrides,
            )
        )

    def nurse_vals(self, **overrides):
        return dict(
            {
                "recipient_id": self.nurse.id,
                "purpose_id": self.health_care.id,
                "purpose": "The school nurse supports her health needs at school.",
            },
            **overrides,
        )


@tagged("post_install", "-at_install")
class TestRefusalsOnTheCase(RefusalCommon):
    def test_a_competent_childs_refusal_says_no_to_her_mothers_later_consent(self):
        refusal = self.competent_child_refusal()
        mothers = self.parent_consent()
        decision = self.new_decision(
            **self.nurse_vals(consent_id=mothers.id, no_consent_reason="refused")
        )
        self.assertFalse(decision.has_consent)
        self.assertEqual(decision.consent_refusal, "refused")
        self.assertEqual(decision.refusal_ids, refusal)
        self.assertEqual(decision.route, NO_CONSENT_ROUTE)
        with self.assertRefused(
            ValidationError,
            r"- why sharing overrides the refusal or withdrawal of consent by Test "
            r"Child \(The child or young person\) refused any sharing on \S+ \S+ "
            r"\(golden rule 4",
        ):
            decision.action_submit()
        self.assertEqual(decision.signoff_state, "none")
        self.assertFalse(decision.signoff_ids)
        # The mother's consent is no "yes": it is never the lawful basis either.
        with self.assertRefused(ValidationError, "rests on consent"):
            decision.lawful_basis_ids = [Command.link(self.consent_basis.id)]

    def test_the_fathers_earlier_refusal_is_not_answered_by_the_mothers_consent(self):
        fathers = self.env["safeguarding.consent"].create(
            self.consent_vals(
                given_by_id=self.father.id,
                scope_purpose_ids=[Command.set(self.health_care.ids)],
                scope_recipient_ids=[Command.set(self.school.ids)],
                state="refused",
                date_refused=self.now - timedelta(days=1),
            )
        )
        mothers = self.parent_consent()
        decision = self.new_decision(
            **self.nurse_vals(consent_id=mothers.id, no_consent_reason="refused")
        )
        self.assertFalse(decision.has_consent)
        self.assertEqual(decision.refusal_ids, fathers)
        # The father's own consent since answers his refusal.
        self.parent_consent(self.father)
        self.assertTrue(decision.has_consent)
        self.assertFalse(decision.refusal_ids)

    def test_a_refusal_is_seen_when_consent_is_not_the_basis_relied_on(self):
        refusal = self.competent_child_refusal()
        decision = self.new_decision(**self.nurse_vals(no_consent_reason="not_basis"))
        self.assertEqual(decision.refusal_ids, refusal)
        self.assertFalse(decision.consent_refusal)
        self.assertTrue(decision.overrides_refusal)
        with self.assertRefused(ValidationError, "why sharing overrides the refusal"):
            decision.action_submit()
        decision.consent_override_reason = (
            "She told the nurse she is self-harming: her safety outweighs her wish."
        )
        self.record(decision)
        rows = dict(self.env[RECORD]._record_rows(decision)["decision"])
        self.assertRegex(
            rows["Refused or withdrawn on the case"],
            r"^Test Child \(The child or young person\) refused any sharing on \S+ "
            r"\S+$",
        )
        self.assertEqual(
            rows["Why share despite the refusal"],
            "She told the nurse she is self-harming: her safety outweighs her wish.",
        )
        # Recorded, the refusals are kept as they stood.
        self.competent_child_refusal(days_ago=0)
        self.assertEqual(decision.refusal_ids, refusal)

    def test_not_sharing_respects_the_refusal_and_asks_no_override(self):
        self.competent_child_refusal()
        decision = self.new_decision(
            **self.nurse_vals(
                no_consent_reason="refused",
                lawful_basis_ids=[Command.clear()],
                no_lawful_reason=True,
            )
        )
        self.assertEqual(decision.outcome, "do_not_share")
        self.record(decision)
        rows = dict(self.env[RECORD]._record_rows(decision)["decision"])
        self.assertIn("Refused or withdrawn on the case", rows)
        self.assertNotIn("Why share despite the refusal", rows)

    def test_a_refusal_of_another_purpose_or_by_someone_not_entitled_says_nothing(self):
        self.competent_child_refusal(
            scope_purpose_ids=[Command.set(self.other_purpose.ids)]
        )
        stranger = self.env["res.partner"].create({"name": "Test Neighbour"})
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                given_by_id=stranger.id,
                relationship="other",
                state="refused",
                date_refused=self.now - timedelta(days=1),
            )
        )
        decision = self.new_decision(
            **self.nurse_vals(
                consent_id=self.parent_consent().id, no_consent_reason=False
            )
        )
        self.assertFalse(decision.refusal_ids)
        # The child was assessed competent (on her own refusal): the mother's
        # consent does not speak for her.
        self.assertFalse(decision.has_consent)

    def test_a_parents_refusal_does_not_stop_a_competent_childs_own_consent(self):
        # The father refuses any sharing.
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                given_by_id=self.father.id,
                scope_purpose_ids=[Command.clear()],
                scope_recipient_ids=[Command.clear()],
                state="refused",
                date_refused=self.now - timedelta(days=3),
            )
        )
        childs = self.competent_child_refusal()
        childs_consent = self.env["safeguarding.consent"].create(
            self.childs_own_vals(
                scope_purpose_ids=[Command.set(self.health_care.ids)],
                scope_recipient_ids=[Command.set(self.school.ids)],
                state="given",
                date_given=self.now - timedelta(hours=1),
            )
        )
        decision = self.new_decision(
            **self.nurse_vals(consent_id=childs_consent.id, no_consent_reason=False)
        )
        # Her own later consent answers her refusal; the father's does not speak
        # for a competent child.
        self.assertFalse(decision.refusal_ids)
        self.assertTrue(decision.has_consent)
        self.assertNotIn(childs, decision.refusal_ids)


@tagged("post_install", "-at_install")
class TestRefusalsOverRpc(HttpCase, RpcClient, RefusalCommon):
    """From outside, as the web client calls the server: the decision linking the
    mother's consent after her competent daughter's refusal is no consent, and is not
    submitted without the reason for overriding the refusal."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.practitioner.password = cls.rpc_password

    def test_the_mothers_consent_after_the_childs_refusal_over_rpc(self):
        self.competent_child_refusal()
        mothers = self.parent_consent()
        vals = self.share_vals(
            **self.nurse_vals(consent_id=mothers.id, no_consent_reason="refused")
        )
        decision_id = self.call(
            self.practitioner, "safeguarding.decision", "create", [vals]
        )[0]
        for line in self.env["safeguarding.decision"].browse(decision_id).principle_ids:
            line.write({"confirmed": True, "justification": "Checked."})
        read = self.call(
            self.practitioner,
            "safeguarding.decision",
            "read",
            [decision_id],
            ["has_consent", "consent_refusal", "refusal_summary", "outcome"],
        )[0]
        self.assertFalse(read["has_consent"])
        self.assertEqual(read["consent_refusal"], "refused")
        self.assertRegex(
            read["refusal_summary"],
            r"^Test Child \(The child or young person\) refused any sharing on ",
        )
        name, message = self.rpc_refusal(
            self.practitioner, "safeguarding.decision", "action_submit", [decision_id]
        )
        self.assertEqual(name, "odoo.exceptions.ValidationError")
        self.assertIn("why sharing overrides the refusal or withdrawal", message)
        self.env.invalidate_all()
        decision = self.env["safeguarding.decision"].browse(decision_id)
        self.assertEqual(decision.signoff_state, "none")
        self.assertFalse(decision.signoff_ids)
