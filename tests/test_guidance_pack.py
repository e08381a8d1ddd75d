"""A new version of the advice is one module, one data file and one drawing: a
throwaway version (the duty to share of the Children's Wellbeing and Schools Act, say,
once commenced) is registered here as its module registers itself, given its data and
its drawing as their files give them, and decides a decision end to end."""

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..models import guidance
from .common import DecisionCommon, pin_guidance

VERSION = "2030"
DRAWING = "safeguarding_info_sharing.decision_flowchart_2030"


def decide(answers):
    """A safeguarding purpose, a child at risk, a lawful basis: the duty to share."""
    route = []
    for question in (guidance.PURPOSE, guidance.RISK_OF_HARM, guidance.LAWFUL_REASON):
        answer = answers.get(question)
        route.append((question, answer))
        if answer is None:
            return False, route
        if not answer:
            return guidance.DO_NOT_SHARE, route
    return guidance.SHARE, route


def duty_named(decision):
    """Its version-only check: a share says which duty it is made under."""
    if "duty to share" in (decision.reason or "").lower():
        return []
    return [guidance.MissingItem("reason", "the duty to share the reason rests on")]


# The module: its procedure, its questions' wording, golden rules, drawing and check.
PROCEDURE = guidance.Procedure(
    version=VERSION,
    label="Duty to share, 2030",
    decide=decide,
    questions=(
        guidance.Question(
            guidance.PURPOSE,
            label="Safeguarding purpose?",
            heading="Is the information shared to safeguard or promote the welfare "
            "of a child?",
            golden_rule=1,
        ),
        guidance.Question(
            guidance.RISK_OF_HARM,
            label="Child at risk?",
            heading="Is a child at risk of harm?",
            golden_rule=2,
        ),
        guidance.Question(
            guidance.LAWFUL_REASON,
            label="Lawful basis?",
            heading="Which lawful basis does the duty give?",
            golden_rule=2,
        ),
    ),
    how_golden_rule=3,
    flowchart=DRAWING,
    share_checks={"duty": duty_named},
)
# The drawing: the route, from the values every drawing is given.
ARCH = """<t t-name="decision_flowchart_2030">
    <div class="o_safeguarding_flowchart" t-att-data-outcome="outcome or ''">
        <span t-foreach="asked" t-as="question" t-attf-class="o_sg_{{ question }}"
              t-out="'%s=%s' % (question, answers.get(question))"/>
    </div>
</t>"""


@tagged("post_install", "-at_install")
class TestAThirdVersion(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        guidance.register(PROCEDURE)
        cls.addClassCleanup(guidance.unregister, VERSION)
        pin_guidance(cls.env, False)
        # The data file: the version before it ends, its dates, rules and principles.
        env = cls.env
        env.ref("safeguarding_info_sharing.guidance_2024").date_to = "2029-12-31"
        cls.version = env["safeguarding.guidance"].create(
            {"version": VERSION, "name": "Duty to share", "date_from": "2030-01-01"}
        )
        cls.rules = env["safeguarding.golden.rule"].create(
            [
                {
                    "guidance_version": VERSION,
                    "sequence": number,
                    "name": f"Rule {number}",
                    "description": f"The duty's rule {number}.",
                }
                for number in (1, 2, 3)
            ]
        )
        cls.principles = env["safeguarding.principle"].create(
            [
                {"guidance_version": VERSION, "code": code, "name": code.title()}
                for code in ("necessary", "secure")
            ]
        )
        # The drawing, as its template file loads it.
        env["ir.ui.view"]._load_records(
            [{"xml_id": DRAWING, "values": {"type": "qweb", "arch": ARCH}}]
        )

    def test_a_registered_version_decides_a_decision_end_to_end(self):
        self.assertEqual(guidance.PROCEDURES[VERSION], PROCEDURE)
        with freeze_time("2030-02-01 09:00:00"):
            decision = (
                self.env["safeguarding.decision"]
                .with_user(self.practitioner)
                .create(
                    self.share_vals(
                        legitimate_purpose_answer="yes",
                        risk_of_harm_answer="yes",
                        no_consent_reason=False,
                        identifiable_answer=False,
                        reason="The child is at risk.",
                    )
                )
            )
            self.assertRecordValues(
                decision,
                [
                    {
                        "guidance_version": VERSION,
                        "guidance_label": "Duty to share, 2030",
                        "guidance_note": False,
                        "outcome": "share",
                        "route": [
                            ["purpose", True],
                            ["risk_of_harm", True],
                            ["lawful_reason", True],
                        ],
                        "ask_consent": False,
                        "ask_identifiable": False,
                        "purpose_heading": "1. Is the information shared to safeguard "
                        "or promote the welfare of a child?",
                        "risk_of_harm_heading": "2. Is a child at risk of harm?",
                        "lawful_reason_heading": "3. Which lawful basis does the duty "
                        "give?",
                    }
                ],
            )
            self.assertIn("The duty's rule 2.", decision.risk_of_harm_golden_rule)
            self.assertIn("The duty's rule 3.", decision.how_golden_rule)
            self.assertEqual(
                decision.route_summary,
                "Safeguarding purpose? Yes\nChild at risk? Yes\nLawful basis? Yes\n"
                "Outcome: Share",
            )
            self.assertIn('data-outcome="share"', decision.flowchart_html)
            self.assertIn("risk_of_harm=True", decision.flowchart_html)
            self.assertEqual(decision.principle_ids.principle_id, self.principles)
            self.confirm_principles(decision)
            # Its own check refuses, naming what to fix, and nothing is submitted.
            with self.assertRefused(
                ValidationError,
                "cannot be submitted yet. Missing:\n"
                "- the duty to share the reason rests on$",
            ):
                decision.action_submit()
            self.assertEqual(decision.signoff_state, "none")
            decision.reason = "The duty to share of section 16L: the child is at risk."
            self.record(decision)
        self.assertRecordValues(
            decision, [{"state": "recorded", "guidance_version": VERSION}]
        )
        self.assertTrue(decision.integrity_hash)
        exported = decision.with_env(self.env).export_data(["guidance_version"])
        self.assertEqual(exported["datas"], [["Duty to share, 2030"]])

    def test_a_version_is_a_value_only_while_registered(self):
        rule = self.rules[:1]
        guidance.unregister(VERSION)
        try:
            with self.assertRaises(ValueError):
                rule.guidance_version = VERSION
            with self.assertRaises(ValueError):
                self.env["safeguarding.principle"].create(
                    {"guidance_version": "2031", "code": "x", "name": "X"}
                )
        finally:
            guidance.register(PROCEDURE)
        with self.assertRaises(ValueError):
            guidance.register(PROCEDURE)
        self.assertEqual(
            dict(guidance.version_selection(self.env["safeguarding.decision"])),
            {
                "2018": "HM Government advice, July 2018",
                "2024": "HM Government advice, April 2024",
                VERSION: "Duty to share, 2030",
            },
        )
