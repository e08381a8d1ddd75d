"""The principles of how to share: listed on a new decision at once, suggested by its
own answers, and confirmed all at once with their usual justifications."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import DecisionCommon


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
