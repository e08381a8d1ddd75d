from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import GROUP, DecisionCommon


@tagged("post_install", "-at_install")
class TestSignoff(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second_lead = new_test_user(
            cls.env, "t_lead_2", groups=GROUP + "lead", name="Second Lead"
        )

    def history(self, decision):
        return [(row.action, row.user_id, row.reason) for row in decision.signoff_ids]

    def test_submit_approve_record(self):
        decision = self.new_decision()
        decision.action_submit()
        self.assertEqual(decision.signoff_state, "submitted")
        with self.assertRefused(UserError, "can no longer be changed"):
            decision.reason = "Changed while under review"
        decision.with_user(self.lead).action_approve()
        decision.action_record()
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.signoff_state, "approved")
        self.assertEqual(
            self.history(decision),
            [("submit", self.practitioner, False), ("approve", self.lead, False)],
        )

    def assertButtons(self, decision, user, **expected):
        """The form's booleans of ``decision`` as ``user`` reads them."""
        seen = self.as_user(user, decision)
        self.assertEqual({name: seen[name] for name in expected}, expected)

    def test_the_buttons_read_the_moves_own_refusals(self):
        decision = self.new_decision(user=self.lead)
        self.assertButtons(
            decision, self.lead, can_submit=True, can_record=False, can_sign_off=False
        )
        self.assertButtons(decision, self.second_lead, cannot_sign_off_reason=False)
        not_signed = (
            f"{decision.name} needs a safeguarding lead's sign-off before it is "
            "recorded: submit it for sign-off. If waiting would put a child at risk, "
            "mark it as an emergency and say why."
        )
        with self.assertRefused(UserError, f"^{not_signed}$"):
            decision.action_record()
        decision.action_submit()
        self.assertButtons(decision, self.lead, can_submit=False, can_record=False)
        with self.assertRefused(UserError, "is not a draft waiting to be submitted"):
            decision.action_submit()
        # Its author, a lead, is told why, and refused the same way.
        own = (
            f"You cannot sign off {decision.name}: nobody signs off their own decision."
        )
        self.assertButtons(
            decision, self.lead, can_sign_off=False, cannot_sign_off_reason=own
        )
        with self.assertRefused(UserError, f"^{own}$"):
            decision.with_user(self.lead).action_approve()
        lead_only = "Only a safeguarding lead signs decisions off."
        self.assertButtons(
            decision,
            self.practitioner,
            can_sign_off=False,
            cannot_sign_off_reason=lead_only,
        )
        with self.assertRefused(AccessError, f"^{lead_only}$"):
            self.as_user(self.practitioner, decision).action_approve()
        self.assertButtons(
            decision, self.second_lead, can_sign_off=True, cannot_sign_off_reason=False
        )
        self.assertEqual(decision.signoff_state, "submitted")
        decision.with_user(self.second_lead).action_approve()
        self.assertButtons(
            decision,
            self.second_lead,
            can_sign_off=False,
            cannot_sign_off_reason=False,
            can_record=True,
        )
        decision.action_record()
        self.assertButtons(
            decision, self.lead, can_record=False, can_write_to_family=True
        )

    def test_record_needs_signoff(self):
        decision = self.new_decision()
        with self.assertRefused(UserError, "needs a safeguarding lead's sign-off"):
            decision.action_record()
        self.env.invalidate_all()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.decided_by_id)
        self.assertFalse(decision.signoff_ids)

    def test_return_needs_a_reason_and_every_step_is_kept(self):
        decision = self.new_decision()
        decision.action_submit()
        as_lead = decision.with_user(self.lead)
        for reason in ("", "   ", None, 42):
            with self.assertRefused(
                ValidationError, "Say why the decision is returned"
            ):
                as_lead._return(reason)
        self.assertEqual(decision.signoff_state, "submitted")
        as_lead._return("Say what the child said, in their words.")
        self.assertEqual(decision.signoff_state, "returned")
        decision.reason = "The child said 'Ryan hurts me when mum is out'."
        decision.action_submit()
        decision.with_user(self.second_lead).action_approve()
        self.assertEqual(
            self.history(decision),
            [
                ("submit", self.practitioner, False),
                ("return", self.lead, "Say what the child said, in their words."),
                ("submit", self.practitioner, False),
                ("approve", self.second_lead, False),
            ],
        )

    def test_history_rows_are_never_changed(self):
        decision = self.new_decision()
        decision.action_submit()
        row = decision.signoff_ids
        with self.assertRefused(UserError, "cannot be changed"):
            row.sudo().write({"action": "approve"})
        with self.assertRefused(UserError, "cannot be deleted"):
            row.sudo().unlink()
        with self.assertRaises(AccessError):
            self.env["safeguarding.decision.signoff"].with_user(self.lead).create(
                {
                    "decision_id": decision.id,
                    "action": "approve",
                    "user_id": self.lead.id,
                    "date": fields.Datetime.now(),
                }
            )

    def test_nobody_signs_off_their_own_decision(self):
        decision = self.new_decision(user=self.lead)
        decision.with_user(self.lead).action_submit()
        with self.assertRefused(UserError, "nobody signs off their own decision"):
            decision.with_user(self.lead).action_approve()
        with self.assertRefused(UserError, "nobody signs off their own decision"):
            decision.with_user(self.lead)._return("Not mine to return")
        self.assertEqual(decision.signoff_state, "submitted")
        decision.with_user(self.second_lead).action_approve()
        self.assertEqual(decision.signoff_state, "approved")

    def test_only_leads_sign_off(self):
        decision = self.new_decision()
        decision.action_submit()
        for user in (self.practitioner, self.colleague, self.manager, self.sg_admin):
            with self.assertRaises(AccessError):
                self.as_user(user, decision).action_approve()
        self.assertEqual(decision.signoff_state, "submitted")
        self.assertEqual(len(decision.signoff_ids), 1)

    def test_a_second_lead_after_the_first_gets_a_clear_error(self):
        decision = self.new_decision()
        decision.action_submit()
        decision.with_user(self.lead).action_approve()
        with self.assertRefused(UserError, "not awaiting sign-off"):
            decision.with_user(self.second_lead).action_approve()
        with self.assertRefused(UserError, "not awaiting sign-off"):
            decision.with_user(self.second_lead)._return("Too late")
        self.assertEqual(
            [row.action for row in decision.signoff_ids], ["submit", "approve"]
        )

    def test_emergency_records_first_and_is_flagged_when_overdue(self):
        decision = self.new_decision(emergency=True)
        with self.assertRefused(ValidationError, "cannot wait for sign-off"):
            decision.action_record()
        decision.emergency_reason = "Child to be collected by the partner at 3pm."
        self.env["ir.config_parameter"].sudo().set_param(
            "safeguarding_info_sharing.emergency_signoff_hours", "4"
        )
        decision.action_record()
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.signoff_state, "submitted")
        self.assertEqual(
            decision.signoff_due, decision.date_decided + timedelta(hours=4)
        )
        self.assertEqual(
            self.history(decision),
            [("submit", self.practitioner, "Emergency: recorded before sign-off.")],
        )
        Decision = self.env["safeguarding.decision"]
        self.assertFalse(Decision.search([("signoff_overdue", "=", True)]) & decision)
        self.env.cr.execute(
            "UPDATE safeguarding_decision SET signoff_due = %s WHERE id = %s",
            [fields.Datetime.now() - timedelta(minutes=1), decision.id],
        )
        self.env.invalidate_all()
        self.assertIn(decision, Decision.search([("signoff_overdue", "=", True)]))
        self.assertTrue(decision.signoff_overdue)
        Decision._cron_flag_overdue_signoffs()
        Decision._cron_flag_overdue_signoffs()
        flagged = decision.activity_ids.filtered(
            lambda a: a.summary == "Sign-off overdue"
        )
        leads = self.env.ref("safeguarding_info_sharing.group_lead").users.filtered(
            lambda user: self.company in user.company_ids
        )
        self.assertEqual(flagged.user_id, leads)
        self.assertIn(self.second_lead, flagged.user_id)
        self.assertEqual(len(flagged), len(leads), "one flag per lead, never twice")
        decision.with_user(self.lead).action_approve()
        self.assertFalse(decision.signoff_overdue)
        self.assertNotIn(decision, Decision.search([("signoff_overdue", "=", True)]))

    def test_lead_returns_through_the_form(self):
        decision = self.new_decision()
        decision.action_submit()
        Return = self.env["safeguarding.decision.return"].with_user(self.lead)
        wizard = Return.with_context(default_decision_id=decision.id).create(
            {"reason": "Add the date of the second injury."}
        )
        wizard.action_confirm()
        self.assertEqual(decision.signoff_state, "returned")
        self.assertEqual(
            decision.signoff_ids[-1].reason, "Add the date of the second injury."
        )
        self.assertFalse(decision.locked)
        with self.assertRaises(AccessError):
            Return.with_user(self.practitioner).create(
                {"decision_id": decision.id, "reason": "Not a lead"}
            )
