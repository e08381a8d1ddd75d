"""2024 golden rule 2 recorded when a child is at risk: the child or carers engaged
before sharing (who, when, what was explained) or why not. A guidance pin always has
its last day, and is shown on every decision it affects and on the print; the
banner never says a decision made today "was started" under 2018."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, HttpCase, tagged

from .common import DecisionCommon, RpcClient, pin_guidance

RECORD = "report.safeguarding_info_sharing.report_decision_record"


@tagged("post_install", "-at_install")
class TestEngagementBeforeSharing(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        pin_guidance(cls.env, False)

    def at_risk(self, **overrides):
        return self.new_decision(
            **{"risk_of_harm_answer": "yes", "relevant_answer": "yes", **overrides}
        )

    def test_a_child_at_risk_records_whether_the_family_was_engaged(self):
        decision = self.at_risk()
        self.assertEqual(decision.guidance_version, "2024")
        self.assertTrue(decision.asks_engagement)
        with self.assertRefused(ValidationError, "cannot be submitted yet") as caught:
            decision.action_submit()
        self.assertEqual(
            str(caught.exception).split("\n")[1:],
            [
                (
                    "- whether the child and/or carers were engaged before sharing "
                    "(who, when and what was explained), or why not"
                )
            ],
        )
        decision.engagement_answer = "engaged"
        self.assertEqual(
            [str(item) for item in decision._missing_items()],
            [
                "who, of engaging the child and/or carers before sharing",
                "when, of engaging the child and/or carers before sharing",
                (
                    "what was explained, of engaging the child and/or carers before "
                    "sharing"
                ),
            ],
        )
        when = fields.Datetime.now().replace(microsecond=0) - timedelta(hours=2)
        decision.write(
            {
                "engaged_person_ids": [Command.set(self.parent.ids)],
                "date_engaged": when,
                "engagement_summary": "That the school will tell children's social "
                "care about the bruise, and why.",
            }
        )
        self.assertEqual(decision._missing_items(), [])
        self.record(decision)
        rows = dict(self.env[RECORD]._record_rows(decision)["decision"])
        self.assertRegex(
            rows["Engaging the child and carers before sharing"],
            r"^Test Parent engaged on .+: That the school will tell children's social "
            r"care about the bruise, and why\.$",
        )

    def test_not_engaged_says_why(self):
        decision = self.at_risk(engagement_answer="not_engaged")
        self.assertEqual(
            [str(item) for item in decision._missing_items()],
            [
                (
                    "why the child and/or carers were not engaged before sharing: not "
                    "practicable, not safe, or it would prejudice an investigation"
                )
            ],
        )
        decision.write(
            {
                "not_engaged_reason": "prejudice_investigation",
                "not_engaged_note": "The police will interview the stepfather first.",
            }
        )
        self.record(decision)
        rows = dict(self.env[RECORD]._record_rows(decision)["decision"])
        self.assertEqual(
            rows["Engaging the child and carers before sharing"],
            "Not engaged: It would prejudice a police or child protection "
            "investigation: The police will interview the stepfather first.",
        )

    def test_only_a_child_at_risk_under_2024_is_asked(self):
        self.assertFalse(self.at_risk(risk_of_harm_answer="no").asks_engagement)
        pin_guidance(self.env, "2018")
        self.assertFalse(self.new_decision().asks_engagement)

    def test_the_engagement_is_true_to_the_case(self):
        stranger = self.env["res.partner"].create({"name": "Not On The Case"})
        with self.assertRefused(ValidationError, "only the child and the people on"):
            self.at_risk(engaged_person_ids=[Command.set(stranger.ids)])
        with self.assertRefused(ValidationError, "never in the future"):
            self.at_risk(date_engaged=fields.Datetime.now() + timedelta(hours=1))

    def test_the_form_asks_it_beside_its_golden_rule(self):
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            form.legitimate_purpose_answer = "yes"
            form.risk_of_harm_answer = "no"
            self.assertFalse(form.asks_engagement)
            form.risk_of_harm_answer = "yes"
            form.lawful_basis_ids.add(self.public_task)
            form.relevant_answer = "yes"
            self.assertTrue(form.asks_engagement)
            self.assertIn(
                "<strong>Golden rule 2.</strong>", form.engagement_golden_rule
            )
            self.assertIn("engage with the child", form.engagement_golden_rule)
            form.engagement_answer = "not_engaged"
            form.not_engaged_reason = "not_safe"


@tagged("post_install", "-at_install")
class TestGuidancePin(DecisionCommon):
    def test_a_pin_always_has_a_last_day(self):
        with freeze_time("2025-01-10 12:00:00"):
            pin_guidance(self.env, False)
            settings = self.env["res.config.settings"].create(
                {"safeguarding_guidance_version": "2018"}
            )
            with self.assertRefused(UserError, "needs the last day it applies"):
                settings.execute()
            # A pin without its last day (as set before it had one) pins nothing.
            self.env["ir.config_parameter"].sudo().set_param(
                "safeguarding_info_sharing.guidance_version", "2018"
            )
            self.assertEqual(self.new_decision().guidance_version, "2024")
            settings = self.env["res.config.settings"].create(
                {
                    "safeguarding_guidance_version": "2018",
                    "safeguarding_guidance_version_until": "2025-01-31",
                }
            )
            settings.execute()
            pinned = self.new_decision()
            self.assertEqual(pinned.guidance_version, "2018")
            self.assertEqual(
                pinned.guidance_pinned_until, fields.Date.to_date("2025-01-31")
            )
        with freeze_time("2025-02-01 09:00:00"):
            after = self.new_decision()
            self.assertEqual(after.guidance_version, "2024")
            self.assertFalse(after.guidance_pinned_until)
            # The decision made under the pin keeps its version and says why.
            self.assertEqual(pinned.guidance_version, "2018")

    def test_the_banner_says_why_and_never_that_it_was_started_under_2018(self):
        with freeze_time("2025-03-03 10:00:00"):
            pin_guidance(self.env, "2018", fields.Date.to_date("2025-03-31"))
            pinned = self.new_decision()
            self.assertEqual(
                pinned.guidance_note,
                "This decision follows the HM Government advice, July 2018 because "
                "the agency pinned that advice for the decisions started until "
                "03/31/2025; the advice in force on the day this decision was opened "
                "is the HM Government advice, April 2024.",
            )
            self.assertNotIn("was started", pinned.guidance_note)
            # So does the form of a decision not saved yet.
            form = Form(self.env["safeguarding.decision"].with_user(self.practitioner))
            self.assertIn("because the agency pinned that advice", form.guidance_note)
            self.assertNotIn("was started", form.guidance_note)
            pin_guidance(self.env, False)
            self.assertFalse(self.new_decision().guidance_note)
        with freeze_time("2024-01-10 10:00:00"):
            started = self.new_decision()
        # Started then: the database stamps its own time, which no clock freezes.
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE safeguarding_decision SET create_date = '2024-01-10 10:00:00' "
            "WHERE id = %s",
            [started.id],
        )
        self.env.invalidate_all()
        with freeze_time("2025-03-03 10:00:00"):
            self.assertEqual(
                started.guidance_note,
                "This decision follows the HM Government advice, July 2018, in force "
                "when it was started on 01/10/2024: it stays under it.",
            )

    def test_the_pin_is_printed(self):
        with freeze_time("2025-03-03 10:00:00"):
            pin_guidance(self.env, "2018", fields.Date.to_date("2025-03-31"))
            decision = self.record(self.new_decision())
            content, _kind = self.env["ir.actions.report"]._render_qweb_html(
                "safeguarding_info_sharing.safeguarding_decision_record_report",
                decision.ids,
            )
        self.assertIn(
            "because the agency pinned that advice for the decisions started until "
            "03/31/2025",
            " ".join(content.decode().split()),
        )


@tagged("post_install", "-at_install")
class TestGuidancePinRpc(HttpCase, RpcClient, DecisionCommon):
    """From outside: the date a pin ends is not the client's to give a decision."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.practitioner.password = cls.rpc_password

    def test_a_client_cannot_give_a_decision_its_pin(self):
        name, message = self.rpc_refusal(
            self.practitioner,
            "safeguarding.decision",
            "create",
            [self.share_vals(guidance_pinned_until="2099-12-31")],
        )
        self.assertEqual(name, "odoo.exceptions.UserError")
        self.assertIn("Pinned Until is set by the server", message)
