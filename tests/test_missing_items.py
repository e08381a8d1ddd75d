"""The live "Still missing" list: each item names the form field that takes it, and a
click on it in the browser jumps there (the notebook page opened if need be)."""

import re
from pathlib import Path

from lxml import etree

from odoo import Command
from odoo.tests import tagged

from ..models import guidance, safeguarding_decision
from .common import DecisionCommon, pin_guidance
from .test_tour import DecisionTourCommon

# The decision's requirements, and the checks only a version of the advice makes.
SOURCE = "\n".join(
    Path(path).read_text(encoding="utf-8")
    for path in (
        safeguarding_decision.__file__,
        *(Path(guidance.__file__).parent.glob("v*.py")),
    )
)


def form_fields(env):
    """The decision form's own fields (not those of its lines' sub-views)."""
    arch = etree.fromstring(
        env["safeguarding.decision"].get_views([(False, "form")])["views"]["form"][
            "arch"
        ]
    )
    names = set()
    for node in arch.iter("field"):
        parent = node.getparent()
        while parent is not None and parent.tag != "field":
            parent = parent.getparent()
        if parent is None:
            names.add(node.get("name"))
    return names


class TestMissingItemFields(DecisionCommon):
    def test_every_item_names_a_field_of_the_form(self):
        named = set(re.findall(r'MissingItem\(\s*"(\w+)"', SOURCE))
        named |= set(safeguarding_decision.QUESTION_FIELDS.values())
        # Each kind of item was found in the code: the search itself can fail.
        self.assertGreaterEqual(len(named), 30)
        self.assertEqual(named - form_fields(self.env), set())

    def test_the_list_links_each_item_to_its_field(self):
        decision = self.new_decision(confirm_principles=False, reason="", unsure=True)
        missing = decision._missing_items()
        self.assertEqual(
            [item.field for item in missing],
            ["advice_ids", "reason"] + ["principle_ids"] * len(self.principles),
        )
        self.assertEqual(
            re.findall(r'data-field="(\w+)"', str(decision.missing_items_html)),
            [item.field for item in missing],
        )
        # The submit error still lists the same items, in words.
        with self.assertRefused(Exception, "cannot be submitted yet"):
            decision.action_submit()

    def test_an_unanswered_question_names_its_answer_field(self):
        decision = self.new_decision(identifiable_answer=False)
        self.assertEqual(
            [(item.field, item) for item in decision._missing_items()],
            [("identifiable_answer", "an answer to 'Does it identify an individual?'")],
        )


@tagged("post_install", "-at_install")
class TestMissingItemsTour(DecisionTourCommon):
    def test_an_item_jumps_to_its_field(self):
        pin_guidance(self.env, "2018")
        decision = (
            self.env["safeguarding.decision"]
            .with_user(self.user)
            .create(
                {
                    "case_id": self.case.id,
                    "recipient_id": self.recipient.id,
                    "legitimate_purpose_answer": "yes",
                    "purpose": "Refer the bruising to children's social care.",
                    "no_consent_reason": "risk_to_child",
                    "identifiable_answer": "yes",
                    "lawful_basis_ids": [
                        Command.set(
                            self.env["safeguarding.lawful.basis"]
                            .search([("code", "=", "tour_6_1_e")])
                            .ids
                        )
                    ],
                    "unsure": True,
                }
            )
        )
        self.assertEqual((decision.outcome, decision.share_choice), ("share", "share"))
        self.start_tour(
            f"/odoo/safeguarding.decision/{decision.id}",
            "safeguarding_missing_items_tour",
            login=self.user.login,
        )
