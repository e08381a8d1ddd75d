"""The live "Still missing" list: each item names the form field that takes it, and a
click on it in the browser jumps there (the notebook page opened if need be)."""

import re
from pathlib import Path

from lxml import etree
from markupsafe import Markup

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from ..models import guidance, safeguarding_decision
from ..models.guidance import MissingItem
from . import scenarios
from .common import DecisionCommon, DecisionTourCommon, pin_guidance

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
                    "lawful_basis_ids": [Command.set(self.data.public_task.ids)],
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


@tagged("post_install", "-at_install")
class TestMissingItemsAreOnTheForm(DecisionCommon):
    """Each item the list can name is a field the form shows, and lets the
    practitioner fill, in the very state that names it: read from each form view of
    the decision, by its own invisible and readonly expressions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.requester = cls.env["res.partner"].create(
            {"name": "Test Housing Association", "is_company": True}
        )
        cls.repealed = cls.env["safeguarding.lawful.basis"].create(
            {
                "code": "test_repealed",
                "name": "Test repealed basis",
                "layer": "gdpr_art6",
                "valid_to": "2019-01-01",
            }
        )
        cls.art9 = cls.env.ref("safeguarding_info_sharing.lawful_basis_art9_2_g")
        cls.views = cls.env["ir.ui.view"].search(
            [
                ("model", "=", "safeguarding.decision"),
                ("type", "=", "form"),
                ("mode", "=", "primary"),
            ]
        )

    def request_vals(self, **overrides):
        return {
            "trigger": "request",
            "requester_organisation_id": self.requester.id,
            "date_received": "2026-11-20",
            "information_requested": "The family's support plan.",
            **overrides,
        }

    def scenarios(self):
        """(what it is, the decision's values under its version): each names the
        items of one kind, together every kind the list has."""
        share_2024 = scenarios.SHARE_2024
        request = self.request_vals
        return [
            ("nothing answered", "2018", {"legitimate_purpose_answer": False}),
            ("the consent question", "2018", {"no_consent_reason": False}),
            ("identifiable", "2018", {"identifiable_answer": False}),
            ("the lawful reason", "2018", {"lawful_basis_ids": [Command.clear()]}),
            ("at risk, 2024", "2024", {"risk_of_harm_answer": False}),
            ("relevant, 2024", "2024", {"risk_of_harm_answer": "yes"}),
            ("a request", "2018", request(requester_organisation_id=False)),
            # As a draft made before requests were records held it, or a new one
            # before it is saved: the request it answers not named yet.
            ("no request named", "2018", request(unlinked=True)),
            ("a request's date", "2018", request(date_received=False)),
            ("what was asked", "2018", request(information_requested=False)),
            ("a s16H request", "2024", request(statutory_basis="s16h", **share_2024)),
            ("unsure", "2018", {"unsure": True}),
            ("the purpose", "2018", {"purpose": False}),
            (
                "a consent not covering",
                "2018",
                {"consent": True, "no_consent_reason": False},
            ),
            ("a repealed basis", "2018", {"repealed": True}),
            ("the reason", "2018", {"reason": False}),
            ("the police", "2018", {"crime_suspected": True}),
            ("the emergency", "2018", {"emergency": True}),
            ("overriding a refusal", "2018", {"no_consent_reason": "refused"}),
            (
                "the share's layers",
                "2018",
                {
                    "lawful_basis_ids": [Command.set(self.art9.ids)],
                    "special_category_answer": False,
                    "confidential_answer": False,
                },
            ),
            (
                "the checklist",
                "2018",
                {
                    "recipient_id": False,
                    "how_much": False,
                    "recipient_verified": False,
                    "channel_id": False,
                    "individual_informed": False,
                    "principles": False,
                },
            ),
            (
                "an insecure channel, nobody told",
                "2018",
                {
                    "channel_id": self.open_channel.id,
                    "individual_informed": "not_informed",
                },
            ),
            (
                "nobody named",
                "2018",
                {
                    "recipient_id": False,
                    "how_much": False,
                    "recipient_verified": False,
                    "channel_id": False,
                    "controller_relationship": False,
                },
            ),
            ("informed, no telling", "2018", {"individual_informed": "informed"}),
            (
                "the family engaged first?",
                "2024",
                {**share_2024, "engagement_answer": False},
            ),
            (
                "engaged: who, when, what",
                "2024",
                {
                    **share_2024,
                    "engagement_answer": "engaged",
                    "not_engaged_reason": False,
                },
            ),
            (
                "not engaged: why",
                "2024",
                {**share_2024, "not_engaged_reason": False},
            ),
            ("protected identities", "2024", {"protected": "unchecked", **share_2024}),
            ("identities exposed", "2024", {"protected": "exposed", **share_2024}),
            ("no choice made", "2018", {"share_choice": False}),
            ("a share declined", "2018", {"share_choice": "not_share"}),
            ("lines declined", "2018", {"lines": True, "share_choice": "not_share"}),
            (
                "a request declined",
                "2024",
                request(share_choice="not_share", **share_2024),
            ),
            (
                "a request declined, discussed",
                "2018",
                request(
                    discussed_with_requester="yes",
                    no_lawful_reason=True,
                    lawful_basis_ids=[Command.clear()],
                ),
            ),
        ]

    def decision_in(self, version, vals):
        """A saved draft under ``version`` with ``vals`` (and the few states that
        take more than values)."""
        vals = dict(vals)
        pin_guidance(self.env, version)
        consent = vals.pop("consent", False)
        repealed = vals.pop("repealed", False)
        protected = vals.pop("protected", False)
        lines = vals.pop("lines", False)
        principles = vals.pop("principles", True)
        share_choice = vals.pop("share_choice", None)
        unlinked = vals.pop("unlinked", False)
        if consent:
            vals["consent_id"] = self.new_consent().id
        decision = self.new_decision(confirm_principles=principles, **vals)
        if repealed:
            decision.lawful_basis_ids |= self.repealed
        if protected:
            person = self.case.person_ids.filtered("protect_identity") or self.env[
                "safeguarding.case.person"
            ].create(
                {
                    "case_id": self.case.id,
                    "partner_id": self.parent.id,
                    "role": "referrer",
                    "protect_identity": True,
                }
            )
            if protected == "exposed":
                decision.write(
                    {
                        "identity_checked": True,
                        "identity_exposed_ids": [Command.set(person.ids)],
                    }
                )
        if lines:
            self.env["safeguarding.disclosure"].with_user(self.practitioner).create(
                self.disclosure_vals(decision, description="The injuries.")
            )
        if share_choice is not None:
            decision.share_choice = share_choice
        if unlinked:
            self.env.flush_all()
            self.env.cr.execute(
                "UPDATE safeguarding_decision SET request_id = NULL WHERE id = %s",
                (decision.id,),
            )
            self.env.invalidate_all()
        return decision

    def test_every_item_is_shown_where_the_list_names_it(self):
        named = set()
        for title, version, vals in self.scenarios():
            decision = self.decision_in(version, vals)
            missing = decision._missing_items()
            self.assertTrue(missing, f"{title}: the scenario names nothing")
            for view in self.views:
                form = Form(decision.with_user(self.practitioner), view=view)
                modifiers = form._view["modifiers"]
                for item in missing:
                    with self.subTest(scenario=title, view=view.name, field=item.field):
                        self.assertIn(item.field, modifiers, f"{item!r} is not on it")
                        self.assertFalse(
                            form._get_modifier(item.field, "invisible"),
                            f"{item!r} names a field the form hides",
                        )
                        self.assertFalse(
                            form._get_modifier(item.field, "readonly"),
                            f"{item!r} names a field the form does not let change",
                        )
            named |= {item.field for item in missing}
        # Every kind of item the decision's requirements can name was met above.
        kinds = set(re.findall(r'MissingItem\(\s*"(\w+)"', SOURCE))
        kinds |= set(safeguarding_decision.QUESTION_FIELDS.values())
        self.assertEqual(kinds - named, set())


def html_list(items):
    """The live list of ``items``, each a link to its field."""
    return Markup('<ul class="mb-0 ps-3">%s</ul>') % Markup().join(
        Markup(
            '<li><a href="#" class="o_safeguarding_missing_item" data-field="%s">'
            "%s</a></li>"
        )
        % (item.field, item)
        for item in items
    )


@tagged("post_install", "-at_install")
class TestStillMissingList(DecisionCommon):
    """The list follows the form live, says what submitting refuses in its words,
    and what recording refuses; a recorded decision lists nothing."""

    def test_the_missing_list_follows_the_form_live(self):
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            self.assertEqual(
                form.missing_items_html,
                html_list(
                    [
                        MissingItem(
                            "legitimate_purpose_answer",
                            "an answer to 'Clear and legitimate purpose?'",
                        )
                    ]
                ),
            )
            form.legitimate_purpose_answer = "no"
            self.assertEqual(
                form.missing_items_html,
                html_list([MissingItem("reason", "the reason for the decision")]),
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
        self.assertIn("how much is shared with Test MASH, Test MASH worker", items)
        self.assertIn(
            "the channel used to share with Test MASH, Test MASH worker", items
        )
        self.assertEqual(decision.missing_items_html, html_list(items))
        self.assertSubmitRefused(decision, *items)

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
