"""Fewer steps for the practitioner: what the form does so they type less."""

from lxml import etree
from markupsafe import Markup

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from ..models.safeguarding_decision import MissingItem
from .common import GROUP, PASSWORD, DecisionCommon, RpcClient


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
class TestFormOrder(DecisionCommon):
    """Urgency first, the missing items beside the flowchart, what was shared after
    the principles once the route reaches share, and the words of each refusal."""

    def form_arch(self):
        view = self.env.ref("safeguarding_info_sharing.safeguarding_decision_view_form")
        return etree.fromstring(view.arch)

    def test_urgency_comes_first_on_the_sheet(self):
        work = self.form_arch().xpath("//sheet//div[@name='work_column']")[0]
        parts = [node.get("name") for node in work if node.get("name")]
        self.assertEqual(parts[:3], ["urgency_boxes", "urgency", "main"])

    def test_the_missing_list_is_beside_the_flowchart(self):
        column = self.form_arch().xpath("//div[@name='flowchart']")[0]
        self.assertEqual(column.xpath(".//field")[0].get("name"), "missing_items_html")
        self.assertEqual(
            column.xpath(".//div[@name='still_missing']")[0].get("invisible"),
            # Nothing is missing from a decision awaiting sign-off: it was submitted.
            "state != 'draft' or signoff_state == 'submitted'",
        )

    def test_what_was_shared_follows_the_principles(self):
        # In the flow of the work, not on a tab: once the route reaches share and
        # the practitioner shares, right after the principles.
        how = self.form_arch().xpath("//div[@name='how']")[0]
        parts = [node.get("name") for node in how if node.get("name")]
        self.assertLess(parts.index("principles"), parts.index("disclosures"))
        self.assertEqual(
            how.xpath("./div[@name='disclosures']")[0].get("invisible"),
            "share_choice != 'share'",
        )

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


@tagged("post_install", "-at_install")
class TestPrinciplesBeforeSaving(DecisionCommon):
    """The principles are on a new decision at once, suggested by its own answers,
    and confirmed all at once with their templates, each still editable."""

    def new_form(self):
        form = Form(self.env["safeguarding.decision"].with_user(self.practitioner))
        form.case_id = self.case
        return form

    def index_of(self, form, code):
        codes = self.line_values(form)
        return list(codes).index(code)

    def line_values(self, form):
        principles = self.env["safeguarding.principle"]
        return {
            principles.browse(vals["principle_id"]).code: (
                vals["confirmed"],
                vals["justification"],
            )
            for vals in form.principle_ids._records
        }

    def reach_share(self, form):
        form.legitimate_purpose_answer = "yes"
        form.purpose = "Refer the bruising to children's social care."
        form.purpose_id = self.purpose
        form.no_consent_reason = "risk_to_child"
        form.identifiable_answer = "yes"
        form.lawful_basis_ids.add(self.public_task)
        self.assertEqual(form.outcome, "share")

    def template(self, code, version="2018"):
        return (
            self.env["safeguarding.principle"]
            .search([("guidance_version", "=", version), ("code", "=", code)])
            .justification_template
        )

    def test_every_principle_has_a_template(self):
        principles = self.env["safeguarding.principle"].search(
            [("guidance_version", "in", ("2018", "2024"))]
        )
        self.assertEqual(len(principles), 12)
        self.assertTrue(all(principles.mapped("justification_template")))

    def test_the_principles_are_listed_before_the_first_save(self):
        form = self.new_form()
        self.assertEqual(
            self.line_values(form),
            {principle.code: (False, False) for principle in self.principles},
        )
        decision = form.save()
        self.assertEqual(
            decision.principle_ids.principle_id.sorted("sequence"),
            self.principles.sorted("sequence"),
        )

    def test_a_secure_channel_suggests_secure(self):
        form = self.new_form()
        self.reach_share(form)
        form.channel_id = self.secure_channel
        values = self.line_values(form)
        self.assertEqual(values["secure"], (True, self.template("secure")))
        # Seeking consent would put the child at risk: Timely holds, but only the
        # channel and the urgency boxes suggest a principle.
        self.assertEqual(values["timely"], (False, False))
        # A channel that is not secure unticks nothing and clears nothing: the form
        # says at once that the justification no longer holds, and submitting
        # refuses it.
        form.channel_id = self.open_channel
        self.assertEqual(
            self.line_values(form)["secure"], (True, self.template("secure"))
        )
        self.assertIn(
            f"Secure: its justification no longer holds: {self.open_channel.name} "
            "is not a secure channel.",
            form.principles_note,
        )
        # What the practitioner wrote is theirs, whatever the channel.
        with form.principle_ids.edit(self.index_of(form, "secure")) as line:
            line.justification = "Sent through the council's secure portal."
        form.channel_id = self.secure_channel
        form.channel_id = self.open_channel
        self.assertEqual(
            self.line_values(form)["secure"],
            (True, "Sent through the council's secure portal."),
        )
        self.assertFalse(form.principles_note)

    def test_urgency_suggests_timely(self):
        form = self.new_form()
        form.immediate_risk = True
        self.assertEqual(
            self.line_values(form)["timely"], (True, self.template("timely"))
        )
        # Unticking the risk takes back the emergency it offered, never the
        # principle: the form says its justification no longer holds.
        form.immediate_risk = False
        self.assertFalse(form.emergency)
        self.assertEqual(
            self.line_values(form)["timely"], (True, self.template("timely"))
        )
        self.assertIn("Timely: its justification no longer holds", form.principles_note)
        form.emergency = True
        form.emergency_reason = "The child goes home at 3 pm."
        self.assertEqual(
            self.line_values(form)["timely"], (True, self.template("timely"))
        )
        self.assertNotIn("Timely", form.principles_note)

    def test_confirm_all_fills_each_template_and_keeps_what_is_written(self):
        decision = self.new_decision(confirm_principles=False)
        written = decision.principle_ids.filtered(
            lambda line: line.principle_id.code == "accurate"
        )
        written.justification = "Checked against the school's log of 3 March."
        decision.action_confirm_all_principles()
        self.assertEqual(
            {
                line.principle_id.code: (line.confirmed, line.justification)
                for line in decision.principle_ids
            },
            {
                principle.code: (
                    True,
                    "Checked against the school's log of 3 March."
                    if principle.code == "accurate"
                    else principle.justification_template,
                )
                for principle in self.principles
            },
        )
        self.assertFalse(
            [item for item in decision._missing_items() if "principle" in item]
        )
        # Each stays editable.
        written.justification = "Checked again."
        self.assertEqual(written.justification, "Checked again.")

    def test_confirm_all_is_refused_outside_the_case_and_once_recorded(self):
        decision = self.new_decision(confirm_principles=False)
        with self.assertRaises(AccessError):
            self.as_user(self.colleague, decision).action_confirm_all_principles()
        self.env.invalidate_all()
        self.assertFalse(any(decision.principle_ids.mapped("confirmed")))
        recorded = self.record(self.new_decision())
        before = recorded.principle_ids.read(["confirmed", "justification"])
        with self.assertRefused(UserError, "its principles cannot change"):
            recorded.action_confirm_all_principles()
        self.assertEqual(
            recorded.principle_ids.read(["confirmed", "justification"]), before
        )


class TemplateCommon(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.art9 = cls.env["safeguarding.lawful.basis"].create(
            {"code": "test_9_2_g", "name": "Test 9(2)(g)", "layer": "gdpr_art9"}
        )
        cls.template = cls.env["safeguarding.decision.template"].create(
            {
                "name": "Test referral template",
                "purpose_id": cls.purpose.id,
                "purpose": "Refer the concern to children's social care.",
                "lawful_basis_ids": [Command.set((cls.public_task | cls.art9).ids)],
                "special_category_answer": "yes",
                "confidential_answer": "no",
                "channel_id": cls.secure_channel.id,
                "how_much": "What was seen, when and by whom.",
                "individual_informed": "not_informed",
                "justification_relevant": "Only to children's social care.",
                "justification_secure": "Secure email to the MASH.",
            }
        )


@tagged("post_install", "-at_install")
class TestTemplatesAndCopy(TemplateCommon):
    def draft(self, **vals):
        return (
            self.env["safeguarding.decision"]
            .with_user(self.practitioner)
            .create({"case_id": self.case.id, **vals})
        )

    def justifications(self, decision):
        return {
            line.principle_id.code: (line.confirmed, line.justification)
            for line in decision.principle_ids
        }

    def test_a_template_fills_a_draft(self):
        decision = self.draft()
        decision.action_apply_template(self.template.id)
        self.assertRecordValues(
            decision,
            [
                {
                    "purpose_id": self.purpose.id,
                    "purpose": "Refer the concern to children's social care.",
                    "special_category_answer": "yes",
                    "confidential_answer": "no",
                    "channel_id": self.secure_channel.id,
                    "how_much": "What was seen, when and by whom.",
                    "individual_informed": "not_informed",
                    "state": "draft",
                    "signoff_state": "none",
                }
            ],
        )
        self.assertEqual(decision.lawful_basis_ids, self.public_task | self.art9)
        expected = {code: (False, False) for code in self.principles.mapped("code")}
        expected["relevant"] = (False, "Only to children's social care.")
        expected["secure"] = (False, "Secure email to the MASH.")
        self.assertEqual(self.justifications(decision), expected)

    def test_a_template_in_the_form_then_confirm_all(self):
        form = Form(self.env["safeguarding.decision"].with_user(self.practitioner))
        form.case_id = self.case
        form.template_id = self.template
        self.assertEqual(form.channel_id, self.secure_channel)
        self.assertEqual(form.purpose_id, self.purpose)
        decision = form.save()
        self.assertFalse(decision.template_id)
        lines = self.justifications(decision)
        # The template's secure channel suggests Secure, with the template's words.
        self.assertEqual(lines["secure"], (True, "Secure email to the MASH."))
        self.assertEqual(lines["relevant"], (False, "Only to children's social care."))
        decision.action_confirm_all_principles()
        lines = self.justifications(decision)
        self.assertEqual(lines["relevant"], (True, "Only to children's social care."))
        adequate = self.principles.filtered(lambda p: p.code == "adequate")
        self.assertEqual(lines["adequate"], (True, adequate.justification_template))

    def test_start_from_a_previous_decision_on_the_case(self):
        earlier = self.record(self.new_decision(no_consent_reason="risk_to_child"))
        decision = self.draft()
        decision.action_start_from(earlier.id)
        self.assertRecordValues(
            decision,
            [
                {
                    "legitimate_purpose_answer": "yes",
                    "purpose": earlier.purpose,
                    "purpose_id": self.purpose.id,
                    "no_consent_reason": "risk_to_child",
                    "identifiable_answer": "yes",
                    "special_category_answer": "no",
                    "confidential_answer": "no",
                    "how_much": earlier.how_much,
                    "channel_id": self.secure_channel.id,
                    "individual_informed": "will_inform",
                    # Never what makes the earlier one a record.
                    "state": "draft",
                    "signoff_state": "none",
                    "date_decided": False,
                    "decided_by_id": False,
                    "integrity_hash": False,
                    "reason": False,
                    "recipient_id": False,
                    "outcome": "share",
                }
            ],
        )
        self.assertEqual(decision.lawful_basis_ids, self.public_task)
        self.assertFalse(decision.signoff_ids)
        self.assertFalse(decision.disclosure_ids)
        # Accurate's says what was shared is marked fact or opinion: nothing is
        # listed on the new draft, so it is not copied.
        self.assertEqual(
            self.justifications(decision),
            {
                line.principle_id.code: (
                    False,
                    False
                    if line.principle_id.code == "accurate"
                    else line.justification,
                )
                for line in earlier.principle_ids
            },
        )

    def test_start_only_from_a_decision_of_the_same_case(self):
        other_case = self.env["safeguarding.case"].create(
            {"child_id": self.child.id, "user_id": self.practitioner.id}
        )
        elsewhere = self.new_decision(case_id=other_case.id)
        decision = self.draft()
        with self.assertRefused(
            UserError,
            f"^{elsewhere.name} is a decision on another case: start only from a "
            f"decision on {self.case.display_name}.$",
        ):
            decision.action_start_from(elsewhere.id)
        self.assertFalse(decision.how_much)
        self.assertFalse(decision.lawful_basis_ids)
        with self.assertRefused(UserError, "cannot start from itself"):
            decision.action_start_from(decision.id)

    def test_nothing_is_copied_into_a_submitted_decision(self):
        decision = self.new_decision()
        decision.action_submit()
        with self.assertRefused(UserError, "is not a draft that can be changed"):
            decision.action_apply_template(self.template.id)
        self.assertEqual(decision.how_much, "The two injuries and what the child said.")

    def test_templates_are_kept_by_the_administrator_and_read_by_all(self):
        Template = self.env["safeguarding.decision.template"]
        self.assertEqual(
            Template.with_user(self.practitioner).search(
                [("id", "=", self.template.id)]
            ),
            self.template,
        )
        for user in (self.practitioner, self.lead, self.manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.template.with_user(user).write({"name": "Changed"})
        self.template.with_user(self.sg_admin).write({"name": "Renamed"})
        self.assertEqual(self.template.name, "Renamed")


@tagged("post_install", "-at_install")
class TestCopyOverRpc(RpcClient, HttpCase, TemplateCommon):
    """A practitioner cannot copy from a decision of a case they are not on, however
    they ask: the button's method or the form's onchange."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.r_practitioner = new_test_user(
            cls.env,
            "fs_practitioner",
            groups=GROUP + "practitioner",
            password=PASSWORD,
        )
        cls.r_colleague = new_test_user(
            cls.env, "fs_colleague", groups=GROUP + "practitioner", password=PASSWORD
        )
        Case = cls.env["safeguarding.case"]
        cls.own_case = Case.create(
            {"child_id": cls.child.id, "user_id": cls.r_practitioner.id}
        )
        cls.their_case = Case.create(
            {"child_id": cls.child.id, "user_id": cls.r_colleague.id}
        )
        Decision = cls.env["safeguarding.decision"]
        cls.theirs = Decision.with_user(cls.r_colleague).create(
            {
                "case_id": cls.their_case.id,
                "how_much": "Their case's secret detail.",
                "channel_id": cls.secure_channel.id,
            }
        )
        cls.mine = Decision.with_user(cls.r_practitioner).create(
            {"case_id": cls.own_case.id}
        )

    def test_no_copy_from_a_case_one_is_not_on(self):
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(
                self.r_practitioner,
                "safeguarding.decision",
                "action_start_from",
                self.mine.ids,
                self.theirs.id,
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(
                self.r_practitioner,
                "safeguarding.decision",
                "onchange",
                [],
                {"case_id": self.own_case.id, "copy_from_id": self.theirs.id},
                ["copy_from_id"],
                {"case_id": {}, "copy_from_id": {}, "how_much": {}},
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        self.env.invalidate_all()
        self.assertFalse(self.mine.how_much)
        self.assertFalse(self.mine.channel_id)

    def test_a_template_over_rpc(self):
        self.call(
            self.r_practitioner,
            "safeguarding.decision",
            "action_apply_template",
            self.mine.ids,
            self.template.id,
        )
        self.env.invalidate_all()
        self.assertEqual(self.mine.how_much, "What was seen, when and by whom.")
        with mute_logger("odoo.http"), self.assertRaises(JsonRpcException) as caught:
            self.call(
                self.r_practitioner,
                "safeguarding.decision.template",
                "write",
                self.template.ids,
                {"name": "Mine now"},
            )
        self.assertEqual(str(caught.exception), "odoo.exceptions.AccessError")
        self.env.invalidate_all()
        self.assertEqual(self.template.name, "Test referral template")
