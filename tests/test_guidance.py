"""The guidance versions: chosen by date or pinned, kept for ever, and the April 2024
procedure beside the July 2018 flowchart."""

from datetime import date
from itertools import product

from freezegun import freeze_time
from lxml import html

from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged

from ..models import guidance
from ..models.guidance import v2024
from . import scenarios
from .common import DecisionCommon, pin_guidance

S, N = "share", "do_not_share"
# The April 2024 procedure, row by row:
# (purpose, child at risk of harm, agreement, lawful basis, relevant) -> outcome.
# Consent never decides: it is not the basis for sharing (rule 3).
FLOWCHART_2024 = {
    (True, True, True, True, True): S,
    (True, True, True, True, False): N,
    (True, True, True, False, True): N,
    (True, True, True, False, False): N,
    (True, True, False, True, True): S,
    (True, True, False, True, False): N,
    (True, True, False, False, True): N,
    (True, True, False, False, False): N,
    (True, False, True, True, True): S,
    (True, False, True, True, False): N,
    (True, False, True, False, True): N,
    (True, False, True, False, False): N,
    (True, False, False, True, True): S,
    (True, False, False, True, False): N,
    (True, False, False, False, True): N,
    (True, False, False, False, False): N,
    **{(False, *rest): N for rest in product((True, False), repeat=4)},
}
KEYS = (
    guidance.PURPOSE,
    guidance.RISK_OF_HARM,
    guidance.CONSENT,
    guidance.LAWFUL_REASON,
    guidance.RELEVANT,
)


@tagged("post_install", "-at_install")
class TestGuidance(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, False)
        cls.consent = cls.env["safeguarding.consent"].create(
            {
                "case_id": cls.case.id,
                "given_by_id": cls.parent.id,
                "scope_recipient_ids": [Command.set(cls.mash.ids)],
                "scope_purpose_ids": [Command.set(cls.purpose.ids)],
            }
        )
        cls.consent.action_give()

    def share_2024(self, **overrides):
        return {**scenarios.SHARE_2024, **overrides}

    def answers_vals(self, purpose, at_risk, consent, lawful, relevant):
        return {
            "legitimate_purpose_answer": "yes" if purpose else "no",
            "risk_of_harm_answer": "yes" if at_risk else "no",
            "consent_id": self.consent.id if consent else False,
            "no_consent_reason": False if consent else "not_basis",
            "identifiable_answer": False,
            "lawful_basis_ids": [Command.set(self.public_task.ids if lawful else [])],
            "no_lawful_reason": not lawful,
            "relevant_answer": "yes" if relevant else "no",
        }

    # The version, by date or pinned

    def test_versions_are_effective_dated_reference_data(self):
        versions = self.env["safeguarding.guidance"].search([])
        self.assertRecordValues(
            versions.sorted("date_from"),
            [
                {
                    "version": "2018",
                    "date_from": date(2018, 7, 4),
                    "date_to": date(2024, 4, 18),
                    "label": "HM Government advice, July 2018",
                },
                {
                    "version": "2024",
                    "date_from": date(2024, 4, 19),
                    "date_to": False,
                    "label": "HM Government advice, April 2024",
                },
            ],
        )
        for version in versions:
            self.assertIn("Open Government Licence v3.0", version.attribution)
            self.assertEqual(len(version.golden_rule_ids), 7, version.version)
            self.assertEqual(
                version.golden_rule_ids.mapped("sequence"), list(range(1, 8))
            )
            self.assertEqual(len(version.principle_ids), 6, version.version)
            self.assertIn(version.version, guidance.PROCEDURES)
        rule_5 = versions.filtered(lambda v: v.version == "2024").golden_rule_ids[4]
        self.assertEqual(rule_5.name, "Protect identities")
        self.assertIn("protect the identities of any individuals", rule_5.description)

    def test_versions_cannot_overlap(self):
        v2018 = self.env.ref("safeguarding_info_sharing.guidance_2018")
        with self.assertRefused(ValidationError, "cannot be in force on the same day"):
            v2018.date_to = date(2024, 4, 19)
        self.assertEqual(v2018.date_to, date(2024, 4, 18))

    def test_the_advice_of_recorded_decisions_stays_listed(self):
        pin_guidance(self.env, "2018")
        self.new_decision()
        v2018 = self.env.ref("safeguarding_info_sharing.guidance_2018")
        with self.assertRefused(
            UserError, "Decisions are made under HM Government advice, July 2018"
        ):
            v2018.with_user(self.sg_admin).unlink()
        self.assertTrue(v2018.exists())

    def test_the_version_is_chosen_by_the_decision_date(self):
        with freeze_time("2024-04-18 12:00:00"):
            before = self.new_decision()
        with freeze_time("2024-04-19 12:00:00"):
            after = self.new_decision(**self.share_2024())
        self.assertEqual(before.guidance_version, "2018")
        self.assertEqual(after.guidance_version, "2024")
        self.assertEqual(before.guidance_label, "HM Government advice, July 2018")
        self.assertEqual(after.guidance_label, "HM Government advice, April 2024")
        # Each is decided by its own procedure, with its own principles.
        self.assertEqual(
            [q for q, _a in before.route],
            ["purpose", "consent", "identifiable", "lawful_reason"],
        )
        self.assertEqual(
            after.route,
            [
                ["purpose", True],
                ["risk_of_harm", True],
                ["lawful_reason", True],
                ["relevant", True],
            ],
        )
        self.assertEqual(
            set(before.principle_ids.principle_id.mapped("guidance_version")), {"2018"}
        )
        self.assertEqual(
            set(after.principle_ids.principle_id.mapped("guidance_version")), {"2024"}
        )

    def test_a_pinned_version_wins(self):
        with freeze_time("2025-01-10 12:00:00"):
            self.assertEqual(self.new_decision().guidance_version, "2024")
            settings = self.env["res.config.settings"].create(
                {
                    "safeguarding_guidance_version": "2018",
                    "safeguarding_guidance_version_until": "2025-03-31",
                }
            )
            settings.execute()
            form = Form(self.env["safeguarding.decision"].with_user(self.practitioner))
            self.assertEqual(form.guidance_version, "2018")
            self.assertEqual(self.new_decision().guidance_version, "2018")
        with freeze_time("2020-01-10 12:00:00"):
            pin_guidance(self.env, "2024")
            self.assertEqual(self.new_decision().guidance_version, "2024")

    def test_nobody_chooses_another_version(self):
        count = self.env["safeguarding.decision"].search_count([])
        with self.assertRefused(
            ValidationError,
            "follows HM Government advice, April 2024, the advice in force today",
        ):
            self.new_decision(guidance_version="2018")
        self.assertEqual(self.env["safeguarding.decision"].search_count([]), count)

    def test_a_recorded_decision_keeps_its_version_when_the_pin_changes(self):
        decision = self.record(self.new_decision(**self.share_2024()))
        kept = {
            "guidance_version": decision.guidance_version,
            "outcome": decision.outcome,
            "route": decision.route,
            "integrity_hash": decision.integrity_hash,
        }
        self.assertEqual(kept["guidance_version"], "2024")
        self.assertEqual(kept["outcome"], S)
        pin_guidance(self.env, "2018")
        self.env.flush_all()
        self.env.invalidate_all()
        # Whatever is recomputed, the decision stays as decided.
        decision._compute_outcome()
        self.assertRecordValues(decision, [kept])
        self.assertEqual(decision.guidance_label, "HM Government advice, April 2024")
        verify = self.env["safeguarding.integrity.check"]._verify
        self.assertEqual(verify(self.company)[0], [])
        # A correction follows the corrected decision's version, not the pin.
        action = decision.with_user(self.practitioner).action_correct()
        correction = self.env["safeguarding.decision"].browse(action["res_id"])
        self.assertEqual(correction.guidance_version, "2024")
        # The 2024 answers are sealed with it: changing one breaks the chain.
        self.env.cr.execute(
            "UPDATE safeguarding_decision SET risk_of_harm_answer = 'no' WHERE id = %s",
            [decision.id],
        )
        self.env.invalidate_all()
        self.assertEqual(
            verify(self.company)[0],
            [
                (
                    f"Information Sharing Decision {decision.name}: altered since it "
                    f"was sealed ({self.company.name})"
                )
            ],
        )

    # The 2024 procedure

    def test_all_thirty_two_answers_follow_the_2024_procedure(self):
        self.assertEqual(len(FLOWCHART_2024), 32)
        for answers, expected in FLOWCHART_2024.items():
            with self.subTest(answers=answers):
                self.assertEqual(
                    v2024.decide(dict(zip(KEYS, answers, strict=True)))[0], expected
                )
                decision = self.new_decision(**self.answers_vals(*answers))
                self.assertEqual(decision.guidance_version, "2024")
                self.assertEqual(decision.outcome, expected)

    def test_2024_routes(self):
        def route(**answers):
            return v2024.decide(answers)

        self.assertEqual(route(), (False, [("purpose", None)]))
        self.assertEqual(route(purpose=False), (N, [("purpose", False)]))
        # At risk of harm: consent is never asked (rule 3).
        self.assertEqual(
            route(purpose=True, risk_of_harm=True, lawful_reason=True),
            (
                False,
                [
                    ("purpose", True),
                    ("risk_of_harm", True),
                    ("lawful_reason", True),
                    ("relevant", None),
                ],
            ),
        )
        # Not at risk: the family's agreement is asked, and does not decide.
        self.assertEqual(
            route(purpose=True, risk_of_harm=False),
            (False, [("purpose", True), ("risk_of_harm", False), ("consent", None)]),
        )
        self.assertEqual(
            route(
                purpose=True,
                risk_of_harm=False,
                consent=True,
                lawful_reason=False,
                relevant=True,
            ),
            (
                N,
                [
                    ("purpose", True),
                    ("risk_of_harm", False),
                    ("consent", True),
                    ("lawful_reason", False),
                ],
            ),
        )

    def test_2024_form_asks_what_its_route_reaches(self):
        def asked(decision):
            return {q for q in guidance.QUESTIONS if decision[f"ask_{q}"]}

        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            self.assertEqual(form.guidance_version, "2024")
            self.assertEqual(asked(form), {guidance.PURPOSE})
            self.assertEqual(
                form.purpose_heading,
                "1. Is there a clear and legitimate safeguarding purpose for sharing "
                "information?",
            )
            self.assertIn("<strong>Golden rule 1.</strong>", form.purpose_golden_rule)
            form.legitimate_purpose_answer = "yes"
            self.assertEqual(asked(form), {guidance.PURPOSE, guidance.RISK_OF_HARM})
            self.assertIn("You do not need consent", form.risk_of_harm_golden_rule)
            form.risk_of_harm_answer = "no"
            self.assertEqual(
                asked(form),
                {guidance.PURPOSE, guidance.RISK_OF_HARM, guidance.CONSENT},
            )
            form.no_consent_reason = "not_basis"
            form.risk_of_harm_answer = "yes"
            self.assertEqual(
                asked(form),
                {guidance.PURPOSE, guidance.RISK_OF_HARM, guidance.LAWFUL_REASON},
            )
            form.lawful_basis_ids.add(self.public_task)
            self.assertEqual(
                asked(form),
                {
                    guidance.PURPOSE,
                    guidance.RISK_OF_HARM,
                    guidance.LAWFUL_REASON,
                    guidance.RELEVANT,
                },
            )
            self.assertIn("<strong>Golden rule 6.</strong>", form.relevant_golden_rule)
            form.relevant_answer = "yes"
            self.assertEqual(form.outcome, S)
            self.assertIn("<strong>Golden rule 5.</strong>", form.how_golden_rule)
            self.assertIn('data-outcome="share"', str(form.flowchart_html))

    def test_2024_drawing_highlights_the_route(self):
        decision = self.new_decision(
            **self.share_2024(risk_of_harm_answer="no", relevant_answer="no")
        )
        self.assertEqual(decision.outcome, N)
        html = str(decision.flowchart_html)
        self.assertIn(
            "Procedure for sharing information (HM Government, April 2024)", html
        )
        self.assertIn('data-outcome="do_not_share"', html)
        for taken in (
            "purpose_yes",
            "risk_of_harm_no",
            "consent_answered",
            "lawful_reason_yes",
            "relevant_no",
        ):
            self.assertIn(f"o_sg_branch_{taken} o_sg_taken", html)
        for not_taken in ("purpose_no", "risk_of_harm_yes", "relevant_yes"):
            self.assertIn(f'o_sg_branch_{not_taken}"', html)
        self.assertIn("o_sg_question_relevant o_sg_answered", html)
        self.assertEqual(
            decision.route_summary,
            "Clear and legitimate safeguarding purpose? Yes\n"
            "A child at risk, or a perceived risk, of harm? No\n"
            "Agreement of the child or carers? No\n"
            "Lawful basis identified? Yes\n"
            "Only relevant, accurate information, to people with a role, only what "
            "they need? No\n"
            "Outcome: Do not share",
        )

    def test_a_2024_share_rests_on_an_article_6_basis(self):
        schedule_1 = self.env["safeguarding.lawful.basis"].create(
            {"code": "test_s1_p18", "name": "Test Sch 1 para 18", "layer": "dpa_sch1"}
        )
        decision = self.new_decision(
            **self.share_2024(lawful_basis_ids=[Command.set(schedule_1.ids)])
        )
        self.assertEqual(decision.outcome, S)
        with self.assertRefused(
            ValidationError,
            r"cannot be submitted yet. Missing:\n- a lawful basis under UK GDPR "
            r"Article 6, the first layer of every share$",
        ):
            decision.action_submit()
        self.assertEqual(decision.signoff_state, "none")
        decision.lawful_basis_ids = [Command.link(self.public_task.id)]
        self.record(decision)
        self.assertEqual(decision.state, "recorded")

    # Where the version shows

    def test_the_printed_record_and_the_reports_name_the_version(self):
        decision = self.record(self.new_decision(**self.share_2024()))
        with freeze_time("2024-01-10 12:00:00"):
            older = self.record(self.new_decision())
        report = self.env["ir.actions.report"].with_user(self.manager)
        for record, label in (
            (decision, "HM Government advice, April 2024"),
            (older, "HM Government advice, July 2018"),
        ):
            content, _kind = report._render_qweb_html(
                "safeguarding_info_sharing.safeguarding_decision_record_report",
                record.ids,
            )
            page = html.fromstring(content)
            self.assertEqual(
                " ".join(
                    page.xpath("//p[@class='o_decision_guidance']")[0]
                    .text_content()
                    .split()
                ),
                f"Decided under: {label}",
            )
        groups = (
            self.env["safeguarding.decision"]
            .with_user(self.manager)
            .read_group(
                [("id", "in", (decision | older).ids)],
                ["guidance_version"],
                ["guidance_version"],
            )
        )
        self.assertEqual(
            {(g["guidance_version"], g["guidance_version_count"]) for g in groups},
            {("2018", 1), ("2024", 1)},
        )
        search = self.env.ref(
            "safeguarding_info_sharing.safeguarding_decision_view_search_report"
        )
        self.assertIn("'group_by': 'guidance_version'", search.arch)

    # Golden rule 5: protecting identities

    def test_a_2024_share_protects_the_identities_it_could_reveal(self):
        referrer = self.env["res.partner"].create({"name": "Rita Referrer"})
        person = self.env["safeguarding.case.person"].create(
            {
                "case_id": self.case.id,
                "partner_id": referrer.id,
                "role": "referrer",
                "protect_identity": True,
            }
        )
        decision = self.new_decision(**self.share_2024())
        self.assertEqual(decision.protected_person_ids, person)
        with self.assertRefused(
            ValidationError,
            r"Missing:\n- which of the people whose identity is protected "
            r"\(Rita Referrer\) the information could identify$",
        ):
            decision.action_submit()
        decision.write(
            {
                "identity_checked": True,
                "identity_exposed_ids": [Command.set(person.ids)],
            }
        )
        with self.assertRefused(
            ValidationError,
            r"Missing:\n- the steps taken to protect Rita Referrer's identity: their "
            r"details redacted, the recipient told not to pass them on, or withheld$",
        ):
            decision.action_submit()
        self.assertRecordValues(decision, [{"signoff_state": "none", "state": "draft"}])
        decision.identity_recipient_told = True
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        # Under 2018 the rule did not exist: its decisions are not asked for it.
        pin_guidance(self.env, "2018")
        older = self.record(self.new_decision())
        self.assertEqual(older.state, "recorded")

    def protected_share(self, **overrides):
        """A 2024 share that could identify a protected referrer, who is told to
        the recipient not to be passed on."""
        referrer = self.env["res.partner"].create({"name": "Rita Referrer"})
        self.person = self.env["safeguarding.case.person"].create(
            {
                "case_id": self.case.id,
                "partner_id": referrer.id,
                "role": "referrer",
                "protect_identity": True,
            }
        )
        return self.new_decision(
            **self.share_2024(
                identity_checked=True,
                identity_exposed_ids=[Command.set(self.person.ids)],
                identity_recipient_told=True,
                **overrides,
            )
        )

    def test_each_line_names_the_protected_people_it_could_identify(self):
        decision = self.protected_share()
        self.record(decision)
        other = self.parent_person
        other.protect_identity = True
        line = self.disclosure_vals(
            decision, description="Who raised the concern, and when."
        )
        Disclosure = self.env["safeguarding.disclosure"].with_user(self.practitioner)
        with self.assertRefused(ValidationError, "does not name") as caught:
            Disclosure.create(dict(line, identity_exposed_ids=[Command.set(other.ids)]))
        self.assertEqual(
            str(caught.exception),
            "'Who raised the concern, and when.' could identify Test Parent, whom "
            f"{decision.name} does not name among the people whose identity is "
            "protected: name them on the decision, with the steps taken, first.",
        )
        self.assertFalse(decision.disclosure_ids)
        shared = Disclosure.create(
            dict(line, identity_exposed_ids=[Command.set(self.person.ids)])
        )
        self.assertEqual(shared.identity_exposed_ids, self.person)
        rows = dict(
            self.env[
                "report.safeguarding_info_sharing.report_decision_record"
            ]._record_rows(decision)["decision"]
        )
        self.assertEqual(
            rows["Protecting identities (golden rule 5)"],
            "Could identify Rita Referrer: the recipient told not to pass them on",
        )
        content, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "safeguarding_info_sharing.safeguarding_decision_record_report",
            decision.ids,
        )
        cells = html.fromstring(content).xpath(
            "//table[contains(@class, 'o_decision_disclosures')]//td[2]"
        )
        self.assertEqual(
            " ".join(cells[0].text_content().split()),
            "Who raised the concern, and when. Could identify (identity protected): "
            "Rita Referrer",
        )

    def test_a_protected_address_beyond_police_and_social_care_needs_a_lead(self):
        decision = self.protected_share(
            identity_contact_details=True,
            emergency=True,
            emergency_reason="The child goes home at 3pm.",
        )
        self.assertTrue(decision.signoff_always_required)
        with self.assertRefused(UserError, "even as an emergency") as caught:
            decision.action_record()
        self.assertEqual(
            str(caught.exception),
            f"{decision.name} needs a safeguarding lead's sign-off before it is "
            "recorded, even as an emergency: sharing the address or contact details "
            "of Rita Referrer, whose identity is protected, with Test MASH, which is "
            "neither the police nor children's social care. Submit it for sign-off.",
        )
        self.assertEqual(decision.state, "draft")
        # Children's social care may have them at once.
        self.mash.safeguarding_organisation_type_id = self.env.ref(
            "safeguarding_info_sharing.organisation_type_local_authority"
        )
        self.assertFalse(decision.signoff_always_required)
        decision.action_record()
        self.assertEqual(decision.state, "recorded")
