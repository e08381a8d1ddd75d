"""The decision form: driven by the procedure, it asks what the route reaches; once the
questions are answered it reads the model's own booleans; urgency comes first and the
Still missing list sits beside the flowchart."""

import re

from lxml import etree

from odoo.tests import Form, tagged

from ..models import guidance
from .common import DecisionCommon, pin_guidance, shown_on_form

# The fields that answer each question. A question's block may read its own answers;
# whether a question is asked at all is the procedure's (ask_<question>), never the
# form's own reading of another question's answer.
QUESTION_FIELDS = {
    guidance.PURPOSE: {"legitimate_purpose_answer", "legitimate_purpose"},
    guidance.CONSENT: {"consent_id", "no_consent_reason", "has_consent"},
    guidance.IDENTIFIABLE: {"identifiable_answer", "identifiable"},
    guidance.LAWFUL_REASON: {"lawful_basis_ids", "no_lawful_reason"},
    guidance.RISK_OF_HARM: {"risk_of_harm_answer"},
    guidance.RELEVANT: {"relevant_answer"},
}
MODIFIERS = ("invisible", "readonly", "required", "column_invisible")


@tagged("post_install", "-at_install")
class TestDecisionForm(DecisionCommon):
    def form_arch(self):
        view = self.env.ref("safeguarding_info_sharing.safeguarding_decision_view_form")
        return etree.fromstring(view.arch)

    def test_each_question_block_is_shown_by_the_procedure_only(self):
        arch = self.form_arch()
        self.assertEqual(set(QUESTION_FIELDS), set(guidance.QUESTIONS))
        for question in guidance.QUESTIONS:
            blocks = arch.xpath(f"//*[@name='question_{question}']")
            self.assertEqual(len(blocks), 1, question)
            self.assertEqual(blocks[0].get("invisible"), f"not ask_{question}")
            rule = blocks[0].xpath(f".//field[@name='{question}_golden_rule']")
            self.assertEqual(len(rule), 1, f"{question}: its golden rule field")

    def test_no_branching_of_the_flowchart_is_written_in_the_form(self):
        arch = self.form_arch()
        checked = 0
        for node in arch.iter():
            block = next(
                (
                    name[len("question_") :]
                    for name in (a.get("name") or "" for a in node.iterancestors())
                    if name.startswith("question_")
                ),
                None,
            )
            if (node.get("name") or "").startswith("question_"):
                block = node.get("name")[len("question_") :]
            others = set().union(
                *(names for q, names in QUESTION_FIELDS.items() if q != block)
            )
            for modifier in MODIFIERS:
                expression = node.get(modifier)
                if not expression or expression in ("1", "0", "True", "False"):
                    continue
                checked += 1
                used = set(re.findall(r"[a-z_]+", expression)) & others
                self.assertFalse(
                    used,
                    f"<{node.tag} name={node.get('name')}> {modifier}="
                    f"{expression!r} reads another question's answer",
                )
        self.assertGreater(checked, 20)
        # The golden rules are read from their records, not typed into the form.
        self.assertNotIn("Golden rule", etree.tostring(arch, encoding="unicode"))

    def test_after_the_questions_the_form_reads_only_computed_booleans(self):
        # What to show, offer or ask once the questions are answered is the model's
        # (shares, declines, can_*, show_*...), never worked out again in the view.
        # "Still missing" is beside the work, first in the view: it is read too.
        arch = self.form_arch()
        questions = arch.xpath("//div[@name='questions']")[0]
        nodes = list(arch.iter())
        first_after = nodes.index(questions) + len(list(questions.iter()))
        beside = list(arch.xpath("//div[@name='still_missing']")[0].iter())
        decision_fields = self.env["safeguarding.decision"]._fields
        checked = set()
        for node in beside + nodes[first_after:]:
            if any(ancestor.tag == "field" for ancestor in node.iterancestors()):
                continue  # a line's own sub-view reads the line
            for modifier in MODIFIERS:
                expression = node.get(modifier) or ""
                names = set(re.findall(r"[A-Za-z_]\w*", expression))
                for name in names - {"not", "and", "or", "True", "False"}:
                    field = decision_fields.get(name)
                    self.assertTrue(
                        field and field.type == "boolean" and field.compute,
                        f"<{node.tag} name={node.get('name')}> {modifier}="
                        f"{expression!r} reads {name}, not a computed boolean",
                    )
                    checked.add(name)
        self.assertGreaterEqual(
            checked,
            {"shares", "can_submit", "show_discussion", "show_disclosures", "locked"},
        )

    def test_questions_follow_the_route(self):
        def asked(decision):
            return {q for q in guidance.QUESTIONS if decision[f"ask_{q}"]}

        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            self.assertEqual(asked(form), {guidance.PURPOSE})
            form.legitimate_purpose_answer = "yes"
            self.assertEqual(asked(form), {guidance.PURPOSE, guidance.CONSENT})
            form.no_consent_reason = "risk_to_child"
            self.assertEqual(
                asked(form),
                {guidance.PURPOSE, guidance.CONSENT, guidance.IDENTIFIABLE},
            )
            form.identifiable_answer = "yes"
            self.assertEqual(
                asked(form),
                {
                    guidance.PURPOSE,
                    guidance.CONSENT,
                    guidance.IDENTIFIABLE,
                    guidance.LAWFUL_REASON,
                },
            )
            form.identifiable_answer = "no"
            self.assertEqual(
                asked(form),
                {guidance.PURPOSE, guidance.CONSENT, guidance.IDENTIFIABLE},
            )
            self.assertEqual(form.outcome, guidance.SHARE)
            form.legitimate_purpose_answer = "no"
            self.assertEqual(asked(form), {guidance.PURPOSE})
            self.assertEqual(form.outcome, guidance.DO_NOT_SHARE)

    def test_golden_rules_come_from_the_reference_data(self):
        rule = self.env["safeguarding.golden.rule"].search(
            [("guidance_version", "=", "2018"), ("sequence", "=", 4)]
        )
        rule.description = "Where possible, share with consent (edited)."
        decision = self.new_decision()
        procedure = guidance.PROCEDURES["2018"]
        self.assertEqual(procedure.golden_rule(guidance.CONSENT), 4)
        self.assertIn(
            "<strong>Golden rule 4.</strong> "
            "\N{LEFT DOUBLE QUOTATION MARK}Where possible, share with consent "
            "(edited).\N{RIGHT DOUBLE QUOTATION MARK}",
            decision.consent_golden_rule,
        )
        self.assertEqual(
            str(decision.lawful_reason_golden_rule),
            str(decision.consent_golden_rule),
        )
        self.assertIn("<strong>Golden rule 5.</strong>", decision.purpose_golden_rule)
        self.assertIn(
            "<strong>Golden rule 1.</strong>", decision.identifiable_golden_rule
        )

    def test_questions_are_numbered_as_the_route_asks_them(self):
        pin_guidance(self.env, False)
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            self.assertEqual(form.guidance_version, "2024")
            form.legitimate_purpose_answer = "yes"
            form.risk_of_harm_answer = "yes"
            # A child at risk: consent is not asked, and leaves no gap.
            self.assertFalse(form.ask_consent)
            self.assertEqual(
                [
                    form.purpose_heading[:3],
                    form.risk_of_harm_heading[:3],
                    form.lawful_reason_heading[:3],
                ],
                ["1. ", "2. ", "3. "],
            )
            self.assertTrue(
                form.lawful_reason_heading.startswith(
                    "3. Have you identified the lawful basis for sharing"
                )
            )
            form.risk_of_harm_answer = "no"
            self.assertTrue(form.ask_consent)
            self.assertTrue(form.consent_heading.startswith("3. Have the child"))
            self.assertTrue(form.lawful_reason_heading.startswith("4. "))

    def test_why_it_cannot_wait_hides_on_a_record_without_it(self):
        decision = self.new_decision(
            **self.crime_vals(), emergency=True, immediate_risk=True
        )
        decision.action_notify_police()
        with Form(decision.with_user(self.practitioner)) as form:
            self.assertFalse(form._get_modifier("emergency_reason", "invisible"))
        decision.action_submit()
        decision.action_record()
        self.assertEqual(decision.state, "recorded")
        form = Form(decision.with_user(self.practitioner))
        self.assertTrue(form._get_modifier("emergency_reason", "invisible"))

    def test_the_police_notices_speak_to_a_draft_only(self):
        # "Notify the police" is what to do while drafting; on a recorded decision
        # whose police were notified it would say what did not happen.
        decision = self.new_decision(**self.crime_vals())
        decision.action_notify_police()
        record = decision.with_user(self.practitioner)
        self.assertTrue(shown_on_form(record, "crime_notice"))
        self.assertFalse(shown_on_form(record, "immediate_risk_notice"))
        # No empty half-row where Emergency is not ticked.
        self.assertFalse(shown_on_form(record, "why_it_cannot_wait"))
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        for notice in ("crime_notice", "immediate_risk_notice", "why_it_cannot_wait"):
            self.assertFalse(shown_on_form(record, notice), notice)

    def test_urgency_comes_first_on_the_sheet(self):
        work = self.form_arch().xpath("//sheet//div[@name='work_column']")[0]
        parts = [node.get("name") for node in work if node.get("name")]
        self.assertEqual(parts[:3], ["urgency_boxes", "urgency", "main"])

    def test_the_missing_list_is_beside_the_flowchart(self):
        column = self.form_arch().xpath("//div[@name='flowchart']")[0]
        self.assertEqual(column.xpath(".//field")[0].get("name"), "missing_items_html")
        self.assertEqual(
            column.xpath(".//div[@name='still_missing']")[0].get("invisible"),
            # Listed while the draft can be submitted: what submitting would refuse.
            "not can_submit",
        )

    def test_what_was_shared_follows_the_principles(self):
        # In the flow of the work, not on a tab: right after how to share, once
        # the practitioner shares (or to remove lines from a decision that does not).
        work = self.form_arch().xpath("//div[@name='work_column']")[0]
        parts = [node.get("name") for node in work if node.get("name")]
        self.assertEqual(parts.index("disclosures"), parts.index("how") + 1)
        self.assertEqual(
            work.xpath("./div[@name='disclosures']")[0].get("invisible"),
            "not show_disclosures",
        )
