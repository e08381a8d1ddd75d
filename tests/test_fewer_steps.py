"""Fewer steps for the practitioner: what the form does so they type less."""

from lxml import etree
from markupsafe import Markup

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import DecisionCommon


def html_list(items):
    return Markup('<ul class="mb-0 ps-3">%s</ul>') % Markup().join(
        Markup("<li>%s</li>") % item for item in items
    )


@tagged("post_install", "-at_install")
class TestFormOrder(DecisionCommon):
    """Urgency first, the missing items beside the flowchart, the page of what was
    shared opening once the route reaches share, and the words of each refusal."""

    def form_arch(self):
        view = self.env.ref("safeguarding_info_sharing.safeguarding_decision_view_form")
        return etree.fromstring(view.arch)

    def test_urgency_comes_first_on_the_sheet(self):
        sheet = self.form_arch().xpath("//sheet")[0]
        groups = [node.get("name") for node in sheet if node.tag == "group"]
        self.assertEqual(groups[:2], ["urgency", "main"])

    def test_the_missing_list_is_beside_the_flowchart(self):
        column = self.form_arch().xpath("//div[@name='flowchart']")[0]
        self.assertEqual(
            column.xpath(".//field")[0].get("name"), "missing_items_html"
        )
        self.assertEqual(
            column.xpath(".//div[@name='still_missing']")[0].get("invisible"),
            "state != 'draft'",
        )

    def test_the_page_of_what_was_shared_opens_first(self):
        pages = self.form_arch().xpath("//notebook/page")
        self.assertEqual(pages[0].get("name"), "disclosures")
        self.assertEqual(pages[0].get("autofocus"), "autofocus")

    def test_the_missing_list_follows_the_form_live(self):
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            self.assertEqual(
                form.missing_items_html,
                html_list(
                    ["an answer to 'Clear and legitimate purpose?'"]
                ),
            )
            form.legitimate_purpose_answer = "no"
            self.assertEqual(
                form.missing_items_html,
                html_list(["the reason for the decision"]),
            )
            form.reason = "No safeguarding purpose."
            self.assertEqual(
                form.missing_items_html,
                Markup('<p class="text-success mb-0">%s</p>')
                % "Nothing is missing: the decision can be submitted.",
            )

    def test_the_missing_list_is_what_submitting_refuses(self):
        decision = self.new_decision(
            confirm_principles=False, how_much=False, channel_id=False
        )
        items = decision._missing_items()
        self.assertIn("how much is shared", items)
        self.assertIn("the channel used to share", items)
        self.assertEqual(decision.missing_items_html, html_list(items))
        with self.assertRefused(ValidationError, "cannot be submitted yet") as caught:
            decision.action_submit()
        self.assertEqual(
            str(caught.exception),
            f"{decision.name} cannot be submitted yet. Missing:\n"
            + "\n".join("- " + item for item in items),
        )
        self.assertEqual(decision.signoff_state, "none")
        self.assertFalse(decision.signoff_ids)

    def test_recording_still_says_recorded(self):
        decision = self.new_decision(reason=False, immediate_risk=True)
        decision.write(
            {
                "police_notified": True,
                "date_police_notified": "2026-11-20 10:00:00",
                "police_notified_by_id": self.practitioner.id,
            }
        )
        self.assertTrue(decision.emergency)
        with self.assertRefused(ValidationError, "cannot be recorded yet") as caught:
            decision.action_record()
        self.assertEqual(
            str(caught.exception),
            f"{decision.name} cannot be recorded yet. Missing:\n"
            "- the reason for the decision",
        )
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.integrity_hash)

    def test_a_recorded_decision_lists_nothing_missing(self):
        decision = self.record(self.new_decision())
        self.assertEqual(decision.state, "recorded")
        self.assertFalse(decision.missing_items_html)
