from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import tagged

from .common import DecisionCommon

STATES = ("requested", "given", "refused", "withdrawn", "expired")
ALLOWED = {
    ("requested", "given"),
    ("requested", "refused"),
    ("given", "withdrawn"),
    ("given", "expired"),
}


@tagged("post_install", "-at_install")
class TestConsent(DecisionCommon):
    def consent_in(self, state):
        consent = self.new_consent()
        if state in ("given", "withdrawn", "expired"):
            consent.action_give()
        if state == "refused":
            consent.action_refuse()
        if state == "withdrawn":
            consent._withdraw(
                self.parent.id, fields.Datetime.now(), "written", "Changed their mind."
            )
        if state == "expired":
            consent.action_expire()
        self.assertEqual(consent.state, state)
        return consent

    def test_allowed_moves_are_logged(self):
        consent = self.consent_in("given")
        self.assertEqual(consent.event_ids.mapped("event"), ["requested", "given"])
        self.assertTrue(consent.date_given)
        refused = self.consent_in("refused")
        self.assertEqual(refused.event_ids.mapped("event"), ["requested", "refused"])
        expired = self.consent_in("expired")
        self.assertEqual(
            expired.event_ids.mapped("event"), ["requested", "given", "expired"]
        )
        withdrawn = self.consent_in("withdrawn")
        self.assertEqual(
            withdrawn.event_ids.mapped("event"), ["requested", "given", "withdrawn"]
        )
        self.assertEqual(withdrawn.withdrawn_by_id, self.parent)
        self.assertEqual(withdrawn.withdrawal_method, "written")
        self.assertEqual(withdrawn.withdrawal_reason, "Changed their mind.")
        self.assertEqual(withdrawn.event_ids[-1].note, "Changed their mind.")
        self.assertEqual(withdrawn.event_ids[-1].user_id, self.practitioner)

    def test_every_other_move_is_refused(self):
        for old, new in (
            (old, new)
            for old in STATES
            for new in STATES
            if old != new and (old, new) not in ALLOWED
        ):
            with self.subTest(move=(old, new)):
                consent = self.consent_in(old)
                events = consent.event_ids
                with self.assertRefused(UserError, "cannot move from"):
                    consent.write({"state": new})
                self.env.invalidate_all()
                self.assertEqual(consent.state, old)
                self.assertEqual(consent.event_ids, events)

    def test_creation_goes_through_the_same_checks(self):
        Consent = self.env["safeguarding.consent"].with_user(self.practitioner)
        for state in ("withdrawn", "expired"):
            with self.assertRefused(UserError, "cannot start as"):
                Consent.create(self.consent_vals(state=state))
        with self.assertRefused(ValidationError, "when consent was given"):
            Consent.create(self.consent_vals(state="given"))
        with self.assertRefused(ValidationError, "which purposes it covers"):
            Consent.create(
                self.consent_vals(
                    state="given",
                    date_given=fields.Datetime.now(),
                    scope_purpose_ids=[Command.clear()],
                )
            )
        with self.assertRefused(ValidationError, "who assessed the child's competence"):
            Consent.create(
                self.consent_vals(
                    state="refused",
                    date_refused=fields.Datetime.now(),
                    child_competence="competent",
                )
            )
        self.assertFalse(Consent.search([("case_id", "=", self.case.id)]))
        given = Consent.create(
            self.consent_vals(state="given", date_given=fields.Datetime.now())
        )
        self.assertEqual(given.event_ids.mapped("event"), ["requested", "given"])

    def test_answered_consent_is_part_of_the_record(self):
        consent = self.consent_in("given")
        for vals in (
            {"scope_purpose_ids": [Command.link(self.other_purpose.id)]},
            {"given_by_id": self.child.id},
            {"date_given": fields.Datetime.now() - timedelta(days=3)},
            {"withdrawal_reason": "Pre-filled"},
        ):
            with (
                self.subTest(vals=list(vals)),
                self.assertRefused(UserError, "part of the record"),
            ):
                consent.sudo().write(vals)
        with self.assertRefused(UserError, "cannot be deleted"):
            consent.unlink()
        consent.date_review = fields.Date.today()
        requested = self.new_consent()
        requested.unlink()
        self.assertFalse(requested.exists())

    def test_history_is_never_rewritten(self):
        consent = self.consent_in("given")
        event = consent.event_ids[0]
        with self.assertRefused(UserError, "cannot be changed"):
            event.sudo().write({"event": "refused"})
        with self.assertRefused(UserError, "cannot be deleted"):
            event.sudo().unlink()
        with self.assertRaises(AccessError):  # users have no create right at all
            self.env["safeguarding.consent.event"].with_user(self.practitioner).create(
                {
                    "consent_id": consent.id,
                    "event": "given",
                    "date": fields.Datetime.now(),
                }
            )

    def test_withdrawal_keeps_disclosures_and_notifies_recipients(self):
        # The consent covers the school too, a recipient of the decision as well.
        consent = self.new_consent(
            scope_recipient_ids=[Command.set((self.mash | self.school).ids)]
        )
        consent.action_give()
        decision = self.new_decision(
            consent_id=consent.id,
            no_consent_reason=False,
            recipient_ids=[Command.create(self.recipient_vals(self.school))],
        )
        self.assertTrue(decision.has_consent)
        self.assertEqual(decision.outcome, "share")
        self.record(decision)
        shared = (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(
                [
                    self.disclosure_vals(decision, description="Attendance record"),
                    {
                        "decision_id": decision.id,
                        "description": "Teacher's view of the child's mood",
                        "fact_or_opinion": "opinion",
                        "recipient_id": self.school.id,
                        "channel_id": self.secure_channel.id,
                    },
                ]
            )
        )
        before = shared.read(["description", "recipient_id", "date_shared"])
        self.as_user(self.practitioner, consent)._withdraw(
            self.parent.id, fields.Datetime.now(), "verbal", "No longer agrees."
        )
        self.env.invalidate_all()
        self.assertEqual(consent.state, "withdrawn")
        self.assertEqual(
            shared.read(["description", "recipient_id", "date_shared"]), before
        )
        self.assertEqual(decision.state, "recorded")
        self.assertTrue(decision.has_consent, "consent held at the decision date")
        self.assertEqual(decision.outcome, "share")
        notices = consent.activity_ids
        self.assertEqual(len(notices), 2)
        self.assertEqual(
            sorted(notices.mapped("summary")),
            [
                "Tell Test MASH, Test MASH worker that consent was withdrawn",
                "Tell Test School that consent was withdrawn",
            ],
        )
        self.assertEqual(notices.user_id, self.practitioner)

    def test_withdrawal_needs_a_reason(self):
        consent = self.consent_in("given")
        with self.assertRefused(ValidationError, "why the consent is withdrawn"):
            consent._withdraw(self.parent.id, fields.Datetime.now(), "written", " ")
        self.assertEqual(consent.state, "given")

    def test_has_consent_only_for_a_covering_live_consent(self):
        def has_consent(consent, **overrides):
            return self.new_decision(
                consent_id=consent.id, no_consent_reason=False, **overrides
            ).has_consent

        given = self.consent_in("given")
        self.assertTrue(has_consent(given))
        self.assertTrue(has_consent(given, recipient_id=self.mash.id))
        self.assertFalse(has_consent(self.consent_in("refused")))
        self.assertFalse(has_consent(self.consent_in("requested")))
        self.assertFalse(has_consent(self.consent_in("withdrawn")))
        self.assertFalse(has_consent(self.consent_in("expired")))
        self.assertFalse(has_consent(given, recipient_id=self.school.id))
        self.assertFalse(has_consent(given, purpose_id=self.other_purpose.id))
        by_kind = self.consent_in("requested")
        organisation_type = self.env["safeguarding.organisation.type"].create(
            {"name": "Test schools", "code": "test_schools"}
        )
        self.school.safeguarding_organisation_type_id = organisation_type
        by_kind.write(
            {
                "scope_recipient_ids": [Command.clear()],
                "scope_organisation_type_ids": [Command.set(organisation_type.ids)],
            }
        )
        by_kind.action_give()
        self.assertTrue(has_consent(by_kind, recipient_id=self.school.id))
        self.assertFalse(has_consent(by_kind, recipient_id=self.mash.id))
