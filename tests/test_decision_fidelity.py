"""What feeds the flowchart is as exact as the flowchart: the consent that counts as
consent to share, the practitioner's own choice once the route says share, what was
shared, with whom and how, urgency without delay, and who is accountable."""

from datetime import timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.fields import Command
from odoo.tests import Form, tagged
from odoo.tools.misc import format_datetime

from .common import DecisionCommon

S, N = "share", "do_not_share"
NO_CONSENT_ROUTE = [
    ["purpose", True],
    ["consent", False],
    ["identifiable", True],
    ["lawful_reason", True],
]


@tagged("post_install", "-at_install")
class TestConsentToShare(DecisionCommon):
    """Only a consent that is consent to share opens the consent route."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.now = fields.Datetime.now()
        cls.other_parent = cls.env["res.partner"].create({"name": "Other Parent"})

    def given(self, days_ago=3, **overrides):
        """A consent given ``days_ago`` days ago (the parent's, on the MASH and the
        referral, unless overridden)."""
        vals = self.consent_vals(
            state="given", date_given=self.now - timedelta(days=days_ago)
        )
        vals.update(overrides)
        return self.env["safeguarding.consent"].create(vals)

    def competent_child(self, **overrides):
        vals = {
            "given_by_id": self.child.id,
            "relationship": "child",
            "parental_responsibility": False,
            "child_competence": "competent",
            "competence_assessed_by_id": self.practitioner.id,
            "date_competence_assessed": fields.Date.today() - timedelta(days=5),
            "competence_rationale": "Understands what would be shared and why.",
        }
        vals.update(overrides)
        return vals

    def on_consent(self, consent, **overrides):
        return self.new_decision(
            **dict({"consent_id": consent.id, "no_consent_reason": False}, **overrides)
        )

    def decision_count(self):
        return self.env["safeguarding.decision"].search_count(
            [("case_id", "=", self.case.id)]
        )

    def test_only_an_explicit_consent_to_share_by_the_right_person_counts(self):
        cases = [
            ({}, True),
            ({"kind": "data_protection"}, True),
            ({"kind": "medical"}, False),
            ({"kind": "service"}, False),
            ({"form": "implied"}, False),
            ({"form": "verbal"}, False),
            (
                {
                    "form": "verbal",
                    "date_confirmed_in_writing": fields.Date.today(),
                },
                True,
            ),
            ({"parental_responsibility": False}, False),
            (
                {"relationship": "carer", "parental_responsibility": False},
                False,
            ),
            (self.competent_child(), True),
            (self.competent_child(child_competence="not_competent"), False),
            (self.competent_child(child_competence="not_assessed"), False),
            # A competent child's own decision is the one that counts.
            (
                {
                    "child_competence": "competent",
                    "competence_assessed_by_id": self.practitioner.id,
                    "date_competence_assessed": fields.Date.today(),
                    "competence_rationale": "Assessed competent.",
                },
                False,
            ),
        ]
        for overrides, counts in cases:
            with self.subTest(overrides=overrides):
                decision = self.on_consent(self.given(**overrides))
                self.assertIs(decision.has_consent, counts)
                self.assertFalse(decision.consent_refusal)
                if counts:
                    self.assertEqual(decision.outcome, S)
                    self.assertEqual(
                        decision.route, [["purpose", True], ["consent", True]]
                    )
                else:
                    # The consent route stays shut: the no-consent route is asked.
                    self.assertEqual(decision.route, NO_CONSENT_ROUTE)
                    self.assertEqual(decision.outcome, S)
                    with self.assertRefused(
                        ValidationError, "- why there is no consent"
                    ):
                        decision.action_record()
                    self.assert_still_draft(decision)

    def test_a_competent_childs_refusal_says_no_to_a_parents_consent(self):
        parents = self.given(days_ago=3)
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                state="refused",
                date_refused=self.now - timedelta(days=10),
                **self.competent_child(),
            )
        )
        decision = self.on_consent(parents)
        self.assertFalse(decision.has_consent)
        self.assertEqual(decision.consent_refusal, "refused")
        self.assertEqual(decision.route, NO_CONSENT_ROUTE)
        # The child's later consent of their own is the one that counts.
        childs = self.given(days_ago=1, **self.competent_child())
        self.assertTrue(self.on_consent(childs).has_consent)

    def test_a_later_refusal_or_withdrawal_on_the_same_scope_says_no(self):
        parents = self.given(days_ago=5)
        decision = self.on_consent(parents)
        self.assertTrue(decision.has_consent)
        # The other parent's refusal for another purpose changes nothing.
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                given_by_id=self.other_parent.id,
                scope_purpose_ids=[Command.set(self.other_purpose.ids)],
                state="refused",
                date_refused=self.now - timedelta(days=2),
            )
        )
        self.assertTrue(decision.has_consent)
        # An earlier refusal, answered by the consent given since, changes nothing.
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                given_by_id=self.other_parent.id,
                state="refused",
                date_refused=self.now - timedelta(days=9),
            )
        )
        self.assertTrue(decision.has_consent)
        # A refusal after the consent was given says no as well.
        refused_since = self.given(days_ago=8)
        self.env["safeguarding.consent"].create(
            self.consent_vals(
                given_by_id=self.other_parent.id,
                scope_recipient_ids=[Command.set(self.mash_worker.ids)],
                state="refused",
                date_refused=self.now - timedelta(days=7),
            )
        )
        self.assertEqual(self.on_consent(refused_since).consent_refusal, "refused")
        self.assertTrue(decision.has_consent)
        other = self.given(days_ago=4, given_by_id=self.other_parent.id)
        other.action_withdraw(
            self.other_parent.id,
            self.now - timedelta(days=1),
            "written",
            "Does not agree any more.",
        )
        self.assertFalse(decision.has_consent)
        self.assertEqual(decision.consent_refusal, "withdrawn")
        self.assertEqual(decision.route, NO_CONSENT_ROUTE)

    def test_a_consent_of_another_case_is_refused(self):
        other_child = self.env["res.partner"].create({"name": "Other Child"})
        other_case = self.env["safeguarding.case"].create(
            {"child_id": other_child.id, "user_id": self.practitioner.id}
        )
        elsewhere = self.given(case_id=other_case.id)
        before = self.decision_count()
        # The link rule of every record of a case (its consent, the decision it
        # corrects, advice's decision): never naming the other case's record.
        message = (
            r"^Consent of DEC/\S+ must be one recorded on the same case, "
            r"CASE/\S+: choose one from that case\.$"
        )
        with self.assertRefused(ValidationError, message):
            self.on_consent(elsewhere)
        self.assertEqual(self.decision_count(), before)
        decision = self.new_decision()
        with self.assertRefused(ValidationError, message):
            decision.write({"consent_id": elsewhere.id, "no_consent_reason": False})
        self.env.invalidate_all()
        self.assertFalse(decision.consent_id)
        self.assertEqual(decision.no_consent_reason, "risk_to_child")

    def test_a_covering_consent_and_a_reason_exclude_each_other(self):
        consent = self.given()
        before = self.decision_count()
        message = (
            r"relies on the consent 'Confidentiality \(common law\): Test Parent', "
            r"which covers this share, and also says 'Consent was sought and "
            r"refused': keep one\."
        )
        with self.assertRefused(ValidationError, message):
            self.new_decision(consent_id=consent.id, no_consent_reason="refused")
        self.assertEqual(self.decision_count(), before)
        decision = self.on_consent(consent)
        with self.assertRefused(ValidationError, message):
            decision.no_consent_reason = "refused"
        self.env.invalidate_all()
        self.assertFalse(decision.no_consent_reason)
        # A requested consent linked with a reason, then given: the record is refused.
        requested = self.new_consent()
        draft = self.new_decision(consent_id=requested.id)
        self.assertEqual(draft.no_consent_reason, "risk_to_child")
        requested.action_give()
        self.assertTrue(draft.has_consent)
        with self.assertRefused(
            ValidationError,
            "- one consent answer: the consent 'Confidentiality \\(common law\\): "
            "Test Parent' covers this share, so remove the reason 'Seeking consent "
            "would increase the risk of harm to the child'",
        ):
            draft.action_record()
        self.assert_still_draft(draft)

    def test_a_linked_refusal_or_withdrawal_forces_its_reason(self):
        refused = self.new_consent()
        refused.action_refuse()
        withdrawn = self.given(days_ago=4)
        withdrawn.action_withdraw(
            self.parent.id, self.now - timedelta(days=1), "verbal", "Changed mind."
        )
        for consent, wrong, expected in (
            (refused, "risk_to_child", "Consent was sought and refused"),
            (withdrawn, "refused", "Consent was given and has been withdrawn"),
        ):
            with self.subTest(consent=consent.state):
                before = self.decision_count()
                with self.assertRefused(
                    ValidationError,
                    f"which was {consent.state}: the reason there is no consent is "
                    f"'{expected}', not '",
                ):
                    self.new_decision(consent_id=consent.id, no_consent_reason=wrong)
                self.assertEqual(self.decision_count(), before)
                decision = self.new_decision(
                    consent_id=consent.id, no_consent_reason=consent.state
                )
                self.assertEqual(decision.consent_refusal, consent.state)
                self.assertFalse(decision.has_consent)

    def test_the_form_fills_in_the_reason_the_consent_forces(self):
        covering = self.given(days_ago=4)
        withdrawn = self.given(days_ago=6, given_by_id=self.other_parent.id)
        withdrawn.action_withdraw(
            self.other_parent.id, self.now - timedelta(days=5), "verbal", "No."
        )
        with Form(
            self.env["safeguarding.decision"].with_user(self.practitioner)
        ) as form:
            form.case_id = self.case
            form.legitimate_purpose_answer = "yes"
            form.purpose_id = self.purpose
            form.recipient_id = self.mash_worker
            form.no_consent_reason = "undue_delay"
            form.consent_id = withdrawn
            self.assertEqual(form.no_consent_reason, "withdrawn")
            form.consent_id = covering
            self.assertFalse(form.no_consent_reason)
            self.assertTrue(form.has_consent)

    def test_overriding_a_refusal_needs_its_own_justification(self):
        refused = self.new_consent()
        refused.action_refuse()
        decision = self.new_decision(consent_id=refused.id, no_consent_reason="refused")
        self.assertEqual(decision.outcome, S)
        with self.assertRefused(
            ValidationError,
            r"- why sharing overrides the refusal or withdrawal of consent \(golden "
            r"rule 4: where possible, respect the wishes of those who do not "
            r"consent\)",
        ):
            decision.action_submit()
        self.assert_still_draft(decision)
        self.assertEqual(decision.signoff_state, "none")
        decision.consent_override_reason = (
            "The injuries are serious; the mother's refusal cannot outweigh them."
        )
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        # Not sharing respects the refusal: nothing to justify.
        kept = self.new_decision(
            consent_id=refused.id,
            no_consent_reason="refused",
            lawful_basis_ids=[Command.clear()],
            no_lawful_reason=True,
        )
        self.assertEqual(kept.outcome, N)
        self.record(kept)
        self.assertEqual(kept.state, "recorded")

    def test_the_reasons_use_the_advices_own_wording(self):
        reasons = dict(
            self.env["safeguarding.decision"]
            ._fields["no_consent_reason"]
            ._description_selection(self.env)
        )
        self.assertEqual(
            reasons,
            {
                "risk_to_child": "Seeking consent would increase the risk of harm "
                "to the child",
                "risk_to_adult": "Seeking consent would put an adult at risk of "
                "serious harm",
                "prejudice_crime": "It would prejudice the prevention or detection "
                "of serious crime",
                "undue_delay": "Seeking consent would cause undue delay",
                "not_basis": "Consent is not the basis relied on",
                "refused": "Consent was sought and refused",
                "withdrawn": "Consent was given and has been withdrawn",
                "cannot_give": "The person cannot give consent",
                "not_reasonable": "Consent cannot reasonably be obtained",
                "not_covered": "The consent held does not cover this purpose or "
                "recipient",
            },
        )
        medical = self.given(kind="medical")
        decision = self.on_consent(medical, no_consent_reason="not_covered")
        self.assertEqual(decision.no_consent_reason, "not_covered")
        self.record(decision)
        self.assertEqual(decision.state, "recorded")

    def test_consent_is_requested_when_no_urgency_reason_applies(self):
        decision = self.new_decision(no_consent_reason=False)
        self.assertTrue(decision.offer_consent_request)
        for reason, offered in (
            ("risk_to_child", False),
            ("risk_to_adult", False),
            ("prejudice_crime", False),
            ("undue_delay", False),
            ("not_basis", True),
            ("cannot_give", True),
        ):
            with self.subTest(reason=reason):
                decision.no_consent_reason = reason
                self.assertIs(decision.offer_consent_request, offered)
        decision.no_consent_reason = False
        action = decision.with_user(self.practitioner).action_request_consent()
        self.assertEqual(
            action,
            {
                "type": "ir.actions.act_window",
                "name": "Request Consent",
                "res_model": "safeguarding.consent",
                "view_mode": "form",
                "target": "new",
                "context": {
                    "default_case_id": self.case.id,
                    "default_kind": "confidentiality",
                    "default_scope_information": decision.how_much,
                    "default_scope_purpose_ids": self.purpose.ids,
                    "default_scope_recipient_ids": self.mash.ids,
                },
            },
        )
        with Form(
            self.env["safeguarding.consent"]
            .with_user(self.practitioner)
            .with_context(**action["context"])
        ) as form:
            form.given_by_id = self.parent
            form.parental_responsibility = True
        consent = form.record
        self.assertEqual(consent.state, "requested")
        self.assertEqual(consent.scope_purpose_ids, self.purpose)
        self.assertEqual(consent.scope_recipient_ids, self.mash)
        decision.no_consent_reason = "undue_delay"
        with self.assertRefused(UserError, "does not need a consent request"):
            decision.action_request_consent()
        decision.write({"no_consent_reason": False, "consent_id": consent.id})
        self.assertFalse(decision.offer_consent_request)

    def assert_still_draft(self, decision):
        self.env.invalidate_all()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.decided_by_id)
        self.assertFalse(decision.date_decided)


@tagged("post_install", "-at_install")
class TestShareIsAPermission(DecisionCommon):
    """'You can share' is a permission: the practitioner decides, and says why not."""

    def test_the_route_offers_a_choice_and_keeps_both(self):
        decision = self.new_decision()
        self.assertEqual(decision.outcome, S)
        self.assertEqual(decision.share_choice, "share")
        self.assertEqual(decision.sharing_result, "share")
        decision.legitimate_purpose_answer = "no"
        self.assertEqual(decision.outcome, N)
        self.assertFalse(decision.share_choice)
        self.assertEqual(decision.sharing_result, "could_not_share")
        with self.assertRefused(ValidationError, "there is no choice to make"):
            decision.share_choice = "share"
        self.env.invalidate_all()
        self.assertFalse(decision.share_choice)

    def test_choosing_not_to_share_records_the_principle_and_why(self):
        proportionate = self.principles.filtered(
            lambda p: p.code == "necessary_proportionate"
        )
        decision = self.new_decision(
            trigger="request",
            requester_organisation_id=self.mash.id,
            date_received="2026-11-20",
            information_requested="The whole school file",
        )
        decision.share_choice = "not_share"
        self.assertEqual(decision.outcome, S)
        self.assertEqual(decision.sharing_result, "chose_not_to_share")
        with self.assertRefused(ValidationError, "cannot be submitted yet") as caught:
            decision.action_submit()
        message = str(caught.exception)
        self.assertIn(
            "- the principle a share would not meet, and why: you can share but "
            "decided not to",
            message,
        )
        self.assertIn(
            "- whether the decision was discussed with the requester", message
        )
        # What a share needs is not asked of a decision not to share.
        self.assertNotIn("how much is shared", message)
        self.assert_still_draft(decision)
        self.assertEqual(decision.signoff_state, "none")
        decision.write(
            {
                "declined_principle_id": proportionate.id,
                "declined_reason": "The whole file is far more than the MASH needs.",
                "discussed_with_requester": "yes",
                "date_discussed": "2026-11-21",
            }
        )
        with self.assertRefused(ValidationError, "does not decide to share"):
            self.env["safeguarding.disclosure"].create(
                {
                    "decision_id": decision.id,
                    "description": "The school file",
                    "fact_or_opinion": "fact",
                    "recipient_id": self.mash_worker.id,
                    "channel_id": self.secure_channel.id,
                }
            )
        self.assertFalse(decision.disclosure_ids)
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.outcome, S)
        self.assertEqual(decision.share_choice, "not_share")
        self.assertIn(
            "Decision recorded: Do not share (the route allowed sharing).",
            decision.message_ids[0].body,
        )
        rows = dict(
            self.env[
                "report.safeguarding_info_sharing.report_decision_record"
            ]._record_rows(decision)["decision"]
        )
        self.assertEqual(rows["Flowchart route ends in"], "Share")
        self.assertEqual(
            rows["Decision (the practitioner's choice)"],
            "Chose not to share (the route allowed it)",
        )
        self.assertEqual(
            rows["Principle not met, and why"],
            f"{proportionate.name}: The whole file is far more than the MASH needs.",
        )

    def test_reports_tell_could_not_from_chose_not_to(self):
        shared = self.new_decision()
        chose_not = self.new_decision(
            declined_principle_id=self.principles[0].id,
            declined_reason="Not needed now.",
        )
        chose_not.share_choice = "not_share"
        could_not = self.new_decision(
            lawful_basis_ids=[Command.clear()], no_lawful_reason=True
        )
        for decision in shared | chose_not | could_not:
            self.record(decision)
        groups = self.env["safeguarding.decision"]._read_group(
            [("id", "in", (shared | chose_not | could_not).ids)],
            ["outcome", "sharing_result"],
            ["__count"],
        )
        self.assertEqual(
            sorted(groups),
            [
                ("do_not_share", "could_not_share", 1),
                ("share", "chose_not_to_share", 1),
                ("share", "share", 1),
            ],
        )
        pivot = self.env.ref(
            "safeguarding_info_sharing.safeguarding_decision_view_pivot"
        )
        self.assertIn('<field name="sharing_result" type="col"/>', pivot.arch)

    def assert_still_draft(self, decision):
        self.env.invalidate_all()
        self.assertEqual(decision.state, "draft")
        self.assertFalse(decision.decided_by_id)


@tagged("post_install", "-at_install")
class TestWhatWasShared(DecisionCommon):
    """Each line of what was shared goes to the right recipient, the right way."""

    def line(self, decision, **overrides):
        vals = {
            "decision_id": decision.id,
            "description": "Dates of the two injuries",
            "fact_or_opinion": "fact",
            "recipient_id": self.mash_worker.id,
            "channel_id": self.secure_channel.id,
        }
        vals.update(overrides)
        return (
            self.env["safeguarding.disclosure"]
            .with_user(self.practitioner)
            .create(vals)
        )

    def test_a_line_goes_to_the_decisions_recipient_or_is_verified(self):
        decision = self.new_decision()
        with self.assertRefused(
            ValidationError,
            r"DEC/\S+ shares with Test MASH: 'Dates of the two injuries' names Test "
            r"School, who is not part of it\. Share with the decision's recipient, or "
            r"verify this recipient's identity on the line\.",
        ):
            self.line(decision, recipient_id=self.school.id)
        self.assertFalse(decision.disclosure_ids)
        self.assertEqual(self.line(decision).recipient_id, self.mash_worker)
        self.assertEqual(
            self.line(decision, recipient_id=self.mash.id).recipient_id, self.mash
        )
        verified = self.line(
            decision, recipient_id=self.school.id, recipient_verified=True
        )
        self.assertEqual(verified.recipient_id, self.school)

    def test_on_consent_a_line_stays_inside_the_consents_scope(self):
        consent = self.new_consent()
        consent.action_give()
        decision = self.new_decision(consent_id=consent.id, no_consent_reason=False)
        self.assertTrue(decision.has_consent)
        with self.assertRefused(
            ValidationError,
            r"shares on the consent 'Confidentiality \(common law\): Test Parent', "
            r"which does not cover Test School: 'Dates of the two injuries' cannot go "
            r"to them on that consent\.",
        ):
            self.line(decision, recipient_id=self.school.id, recipient_verified=True)
        self.assertFalse(decision.disclosure_ids)
        self.assertTrue(self.line(decision))

    def test_an_insecure_channel_on_a_line_needs_its_reason(self):
        decision = self.new_decision()
        with self.assertRefused(
            ValidationError,
            "Say why 'Dates of the two injuries' is shared over 'Test plain email', "
            "which is not secure.",
        ):
            self.line(decision, channel_id=self.open_channel.id)
        self.assertFalse(decision.disclosure_ids)
        line = self.line(
            decision,
            channel_id=self.open_channel.id,
            insecure_channel_reason="The social worker has no secure email today.",
        )
        self.assertEqual(line.channel_id, self.open_channel)

    def test_a_share_with_no_line_stays_pending_until_one_is_added(self):
        decision = self.record(self.new_decision())
        self.assertTrue(decision.share_pending)
        pending = decision.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref(
                    "safeguarding_info_sharing.mail_activity_type_share_pending"
                )
            )
        )
        self.assertEqual(len(pending), 1)
        self.assertEqual(pending.user_id, self.practitioner)
        rows = dict(
            self.env[
                "report.safeguarding_info_sharing.report_decision_record"
            ]._record_rows(decision)["decision"]
        )
        self.assertEqual(
            rows["What was shared"],
            "Share pending: nothing is listed as shared under this decision yet.",
        )
        counts = dict(
            self.env["safeguarding.decision"]._read_group(
                [("case_id", "=", self.case.id), ("state", "=", "recorded")],
                ["share_pending"],
                ["__count"],
            )
        )
        self.assertEqual(counts, {True: 1})
        self.line(decision)
        self.assertFalse(decision.share_pending)
        self.assertFalse(pending.exists())
        self.assertNotIn(
            "What was shared",
            dict(
                self.env[
                    "report.safeguarding_info_sharing.report_decision_record"
                ]._record_rows(decision)["decision"]
            ),
        )
        # A decision not to share is never pending.
        not_shared = self.record(
            self.new_decision(lawful_basis_ids=[Command.clear()], no_lawful_reason=True)
        )
        self.assertFalse(not_shared.share_pending)
        self.assertFalse(not_shared.activity_ids)


@tagged("post_install", "-at_install")
class TestUrgencyWithoutDelay(DecisionCommon):
    """Immediate risk or a suspected crime: record first, the police told at once."""

    def test_immediate_risk_offers_the_emergency_route(self):
        for flags in (
            {"immediate_risk": True},
            {"immediate_risk": True, "crime_suspected": True},
        ):
            with self.subTest(flags=flags):
                decision = self.new_decision(**flags)
                self.assertTrue(decision.emergency)
                with self.assertRefused(
                    ValidationError,
                    r"- the police notification \(when and by whom\): a child at "
                    r"immediate risk or a suspected crime is reported to the police "
                    r"at once",
                ):
                    decision.action_record()
                self.assertEqual(decision.state, "draft")
                self.assertFalse(decision.date_police_notified)
                decision.with_user(self.practitioner).action_notify_police()
                self.assertTrue(decision.police_notified)
                self.assertEqual(decision.police_notified_by_id, self.practitioner)
                self.assertTrue(decision.date_police_notified)
                # No reference yet, no sign-off yet: recorded at once all the same.
                decision.action_record()
                self.assertEqual(decision.state, "recorded")
                self.assertFalse(decision.police_reference)
                self.assertEqual(decision.signoff_state, "submitted")
                self.assertTrue(decision.signoff_due)
        unticked = self.new_decision(immediate_risk=True, emergency=False)
        self.assertFalse(unticked.emergency)

    def test_a_suspected_crime_alone_is_no_emergency(self):
        """A historic crime, say: the police are told, and the decision waits for a
        lead's sign-off unless the practitioner says why it cannot wait. Unticking
        the risk that offered the emergency takes the offer back."""
        decision = self.new_decision(crime_suspected=True)
        self.assertFalse(decision.emergency)
        decision.with_user(self.practitioner).action_notify_police()
        with self.assertRefused(UserError, "needs a safeguarding lead's sign-off"):
            decision.action_record()
        self.assertEqual(decision.state, "draft")
        self.assertEqual(decision.signoff_state, "none")
        decision.immediate_risk = True
        self.assertTrue(decision.emergency)
        decision.immediate_risk = False
        self.assertFalse(decision.emergency)
        # An emergency the practitioner gave their own reason for stays.
        decision.write(
            {"emergency": True, "emergency_reason": "The child is collected at 3pm."}
        )
        decision.immediate_risk = True
        decision.immediate_risk = False
        self.assertTrue(decision.emergency)

    def test_a_recorded_emergency_that_a_lead_returns_has_a_way_forward(self):
        decision = self.new_decision(
            emergency=True, emergency_reason="The child is collected at 3pm."
        )
        decision.action_record()
        self.assertEqual(decision.signoff_state, "submitted")
        Decision = self.env["safeguarding.decision"]
        decision._as_move("emergency").write(
            {"signoff_due": fields.Datetime.now() - timedelta(hours=1)}
        )
        self.assertTrue(decision.signoff_overdue)
        decision.with_user(self.lead).action_return("Too much was shared.")
        self.env.invalidate_all()
        self.assertEqual(decision.signoff_state, "returned")
        self.assertFalse(decision.signoff_overdue)
        self.assertNotIn(decision, Decision.search([("signoff_overdue", "=", True)]))
        todo = decision.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_todo")
        )
        self.assertEqual(len(todo), 1)
        self.assertEqual(todo.user_id, self.practitioner)
        self.assertEqual(todo.summary, f"Correct {decision.name}")
        action = decision.with_user(self.practitioner).action_correct()
        correction = Decision.browse(action["res_id"])
        self.assertEqual(correction.supersedes_id, decision)
        self.assertEqual(correction.state, "draft")
        self.assertEqual(correction.signoff_state, "none")

    def test_the_police_reference_is_added_afterwards_and_kept(self):
        decision = self.new_decision(crime_suspected=True, immediate_risk=True)
        decision.with_user(self.practitioner).action_notify_police()
        decision.action_record()
        References = self.env["safeguarding.decision.police.reference"]
        as_practitioner = decision.with_user(self.practitioner)
        with self.assertRefused(
            UserError,
            rf"Enter the reference the police gave for {decision.name}\.",
        ):
            as_practitioner.action_add_police_reference("  ")
        self.assertFalse(References.search([("decision_id", "=", decision.id)]))
        as_practitioner.action_add_police_reference(" CAD-1234/25 ")
        as_practitioner.action_add_police_reference("CRIME-77")
        rows = decision.police_reference_ids
        self.assertEqual(rows.mapped("reference"), ["CAD-1234/25", "CRIME-77"])
        self.assertEqual(rows.user_id, self.practitioner)
        self.assertTrue(all(rows.mapped("date")))
        self.assertTrue(all(rows.mapped("integrity_hash")))
        self.assertEqual(decision.police_reference_summary, "CAD-1234/25, CRIME-77")
        # Append-only: the reference stays as it was added.
        with self.assertRefused(
            UserError, "The police references cannot be changed: it is kept"
        ):
            rows[0].with_user(self.practitioner).write({"reference": "X"})
        with self.assertRaises(AccessError):
            rows[0].with_user(self.practitioner).unlink()
        self.assertEqual(rows[0].reference, "CAD-1234/25")
        # Users never create one directly.
        with self.assertRaises(AccessError):
            References.with_user(self.practitioner).create(
                {"decision_id": decision.id, "reference": "FORGED"}
            )
        # The print shows them with who added them, and when.
        report = self.env["report.safeguarding_info_sharing.report_decision_record"]
        rows_printed = dict(report._record_rows(decision)["decision"])
        self.assertEqual(
            rows_printed["Police references (added afterwards)"],
            "; ".join(
                f"{row.reference} (Pat Practitioner, "
                f"{format_datetime(self.env, row.date, dt_format=False)})"
                for row in rows
            ),
        )

    def test_no_police_reference_without_a_police_notification(self):
        decision = self.new_decision()
        with self.assertRefused(
            UserError,
            rf"{decision.name} records no police notification: notify the police "
            r"first\.",
        ):
            decision.with_user(self.practitioner).action_add_police_reference("X1")
        self.assertFalse(decision.police_reference_ids)

    def test_the_police_notification_is_a_disclosure_in_the_sharing_log(self):
        decision = self.new_decision(immediate_risk=True, police_reference="CAD-9")
        Log = self.env["safeguarding.sharing.log"].with_user(self.practitioner)
        domain = [("case_id", "=", self.case.id), ("kind", "=", "police")]
        self.assertFalse(Log.search(domain))
        # Notified after the decision was started (its create date is the test
        # transaction's start), so that the log's order does not hang on the clock.
        with freeze_time(decision.create_date + timedelta(minutes=5)):
            decision.with_user(self.practitioner).action_notify_police()
        line = Log.search(domain)
        self.assertEqual(
            [
                (
                    row.id,
                    row.summary,
                    row.detail,
                    row.user_id,
                    row.date,
                    row.res_model,
                    row.res_id,
                )
                for row in line
            ],
            [
                (
                    decision.id * 5 + 4,
                    decision.name,
                    "CAD-9",
                    self.practitioner,
                    decision.date_police_notified,
                    "safeguarding.decision",
                    decision.id,
                )
            ],
        )
        kinds = dict(Log._fields["kind"]._description_selection(self.env))
        self.assertEqual(kinds["police"], "Shared with the police")
        # The decision itself keeps its own line.
        self.assertEqual(
            Log.search([("case_id", "=", self.case.id)]).mapped("kind"),
            ["police", "decision"],
        )


@tagged("post_install", "-at_install")
class TestAccountability(DecisionCommon):
    """The printed record names who is accountable for the decision and, apart, who
    recorded it; every case is reviewed for retention."""

    def printed(self, decision):
        report = self.env["report.safeguarding_info_sharing.report_decision_record"]
        return dict(report._record_rows(decision)["decision"])

    def test_the_lead_who_signed_off_is_accountable(self):
        decision = self.record(self.new_decision())
        approved = decision.signoff_ids.filtered(lambda r: r.action == "approve")
        printed = self.printed(decision)
        self.assertEqual(
            printed["Accountable decision-maker (name, position, when)"],
            "Lee Lead, signed off on "
            + format_datetime(self.env, approved.date, dt_format=False),
        )
        self.assertEqual(
            printed["Recorded by (name, position, date)"],
            "Pat Practitioner, "
            + format_datetime(self.env, decision.date_decided, dt_format=False),
        )
        self.assertNotIn("Decided by (name, position, date)", printed)

    def test_the_practitioner_is_accountable_for_an_emergency(self):
        self.practitioner.partner_id.function = "Social Worker"
        decision = self.new_decision(
            emergency=True, emergency_reason="The child is collected at 3pm."
        )
        self.assertEqual(
            self.printed(decision)["Accountable decision-maker (name, position, when)"],
            "",
        )
        decision.action_record()
        when = format_datetime(self.env, decision.date_decided, dt_format=False)
        printed = self.printed(decision)
        self.assertEqual(
            printed["Accountable decision-maker (name, position, when)"],
            f"Pat Practitioner, Social Worker, emergency recorded on {when} "
            "before sign-off",
        )
        self.assertEqual(
            printed["Recorded by (name, position, date)"],
            f"Pat Practitioner, Social Worker, {when}",
        )

    def test_a_case_no_rule_matches_gets_a_periodic_review(self):
        default = self.env.ref(
            "safeguarding_info_sharing.retention_policy_periodic_review"
        )
        self.assertEqual(
            (default.trigger, default.period_years, default.applies_when_none),
            ("last_activity", 6, True),
        )
        self.assertFalse(self.case.retention_policy_ids)
        self.case._retention_review(fields.Date.today())
        self.assertEqual(
            (
                self.case.retention_status,
                self.case.retention_policy_id,
                self.case.retention_review_date,
            ),
            (
                "scheduled",
                default,
                self.case.create_date.date() + relativedelta(years=6),
            ),
        )
        # A rule of the case's own replaces the default one.
        protection = self.env.ref(
            "safeguarding_info_sharing.retention_policy_child_protection"
        )
        self.case.retention_policy_ids = protection
        self.case._retention_review(fields.Date.today())
        self.assertEqual(
            (self.case.retention_status, self.case.retention_policy_id),
            ("pending", protection),
        )
        self.assertFalse(self.case.retention_review_date)
