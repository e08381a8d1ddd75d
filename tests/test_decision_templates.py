"""Starting a draft from an agency's decision template or from an earlier decision on
the same case: what is filled, what never is, and who may do it."""

from odoo.exceptions import AccessError, UserError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import GROUP, PASSWORD, DecisionCommon, RpcClient, pin_guidance


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
                "criminal_offence_answer": "no",
                "confidential_answer": "no",
                "controller_relationship": "separate",
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
        decision._apply_template(self.template)
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
        decision._start_from(earlier)
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
            decision._start_from(elsewhere)
        self.assertFalse(decision.how_much)
        self.assertFalse(decision.lawful_basis_ids)
        with self.assertRefused(UserError, "cannot start from itself"):
            decision._start_from(decision)

    def test_nothing_is_copied_into_a_submitted_decision(self):
        decision = self.new_decision()
        decision.action_submit()
        with self.assertRefused(UserError, "is not a draft that can be changed"):
            decision._apply_template(self.template)
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
    """A practitioner cannot copy from a decision of a case they are not on: the
    form's onchange, the one way in from outside, refuses it."""

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
        # As the form does it: the template fills the draft, and saving keeps it.
        filled = self.call(
            self.r_practitioner,
            "safeguarding.decision",
            "onchange",
            self.mine.ids,
            {"template_id": self.template.id},
            ["template_id"],
            {"template_id": {}, "how_much": {}},
        )["value"]
        self.call(
            self.r_practitioner,
            "safeguarding.decision",
            "web_save",
            self.mine.ids,
            {"how_much": filled["how_much"]},
            specification={"how_much": {}},
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


@tagged("post_install", "-at_install")
class TestTemplateLines(TemplateCommon):
    """A template's lines of what is usually shared: proposed once the decision
    shares, to its recipient by its channel, never over the practitioner's own."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template.line_ids = [
            Command.create(
                {"description": "Bruising seen on 3 March", "fact_or_opinion": "fact"}
            ),
            Command.create(
                {"description": "The teacher's worry", "fact_or_opinion": "opinion"}
            ),
        ]

    def lines(self, decision):
        return [
            (line.description, line.fact_or_opinion, line.recipient_id, line.channel_id)
            for line in decision.disclosure_ids.sorted("id")
        ]

    def test_a_share_takes_the_lines_to_its_recipient_by_its_channel(self):
        decision = self.new_decision(confirm_principles=False)
        decision.with_user(self.practitioner)._apply_template(self.template)
        worker, channel = decision.recipient_id, decision.channel_id
        self.assertEqual(
            self.lines(decision),
            [
                ("Bruising seen on 3 March", "fact", worker, channel),
                ("The teacher's worry", "opinion", worker, channel),
            ],
        )

    def test_no_line_on_a_decision_that_does_not_share_nor_over_the_own(self):
        draft = (
            self.env["safeguarding.decision"]
            .with_user(self.practitioner)
            .create({"case_id": self.case.id})
        )
        draft._apply_template(self.template)
        self.assertFalse(draft.disclosure_ids)
        decision = self.new_decision(confirm_principles=False)
        own = self.env["safeguarding.disclosure"].create(
            {
                "decision_id": decision.id,
                "description": "What the child said",
                "fact_or_opinion": "fact",
                "recipient_id": decision.recipient_id.id,
                "channel_id": decision.channel_id.id,
            }
        )
        decision.with_user(self.practitioner)._apply_template(self.template)
        self.assertEqual(decision.disclosure_ids, own)

    def test_the_form_proposes_them_once_the_route_says_share(self):
        pin_guidance(self.env, False)  # the 2024 advice, in force
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            form.template_id = self.template
            self.assertEqual(len(form.disclosure_ids), 0)
            form.recipient_id = self.mash_worker
            form.legitimate_purpose_answer = "yes"
            form.risk_of_harm_answer = "yes"
            self.assertEqual(len(form.disclosure_ids), 0)
            form.relevant_answer = "yes"
            self.assertTrue(form.shares)
            self.assertEqual(len(form.disclosure_ids), 2)
            first = form.disclosure_ids.edit(0)
            self.assertEqual(first.description, "Bruising seen on 3 March")
            self.assertEqual(first.recipient_id, self.mash_worker)
            self.assertEqual(first.channel_id, self.secure_channel)
            first.save()
