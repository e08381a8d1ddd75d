"""Seek advice promptly (golden rule 4 of the 2024 advice): advice is asked first and
answered later, each moment stamped; a decision marked "I am unsure" waits for an
answer; the reports show how long answers take, by adviser's role, month and
company."""

import re
from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from .common import GROUP, DecisionCommon, RpcClient

ASKED_AT = datetime(2026, 3, 2, 9, 0, 0)
ANSWER_RECORDED = (
    "{advice} is already answered: its answer is part of the record and cannot be "
    "changed. If there is more to ask, ask for advice again."
)
ASKED_ONLY_ANSWER = (
    "{advice} was asked and stays on the record: only its answer (the advice, its "
    "outcome and when it was answered) can be recorded on it."
)
LOCKED = (
    "{advice} is recorded and can no longer be changed or deleted. To correct it, "
    "record a new entry that supersedes it."
)
UNSURE_ITEM = (
    "- an answer to advice asked on this decision: it is marked 'I am unsure' (ask "
    "for advice, and record its answer)"
)
# Refused as any time in the future is (models/plausible_dates.py): patterns.
FUTURE_ANSWER = r"^Advice from .+: Answered On cannot be .+, never in the future\.$"
FUTURE_ASK = r"^Advice from .+: Asked On cannot be .+, never in the future\.$"


def exactly(text):
    """A pattern matching ``text`` and nothing more."""
    return f"^{re.escape(text)}$"


class AdviceCommon(DecisionCommon):
    def request_vals(self, **overrides):
        vals = {
            "case_id": self.case.id,
            "adviser_id": self.parent.id,
            "adviser_role": "dpo",
            "question": "May we share the injuries without consent?",
        }
        vals.update(overrides)
        return vals

    def ask(self, user=None, **overrides):
        return (
            self.env["safeguarding.advice"]
            .with_user(user or self.practitioner)
            .create(self.request_vals(**overrides))
        )

    @staticmethod
    def answer_vals(**overrides):
        vals = {
            "advice": "Yes: public task, and the risk to the child is immediate.",
            "outcome": "Shared with the MASH today.",
        }
        vals.update(overrides)
        return vals

    def stored(self, advice):
        """What the table holds for the advice, read below the ORM."""
        self.env.flush_all()
        self.env.cr.execute(
            """SELECT state, advice, outcome, date_answered, hours_to_answer,
                      answered_by_id, integrity_hash IS NOT NULL AS sealed
                 FROM safeguarding_advice WHERE id = %s""",
            [advice.id],
        )
        return self.env.cr.dictfetchone()

    def assertStillAsked(self, advice):
        self.assertEqual(
            self.stored(advice),
            {
                "state": "asked",
                "advice": None,
                "outcome": None,
                "date_answered": None,
                "hours_to_answer": None,
                "answered_by_id": None,
                "sealed": False,
            },
        )


@tagged("post_install", "-at_install")
class TestAdviceTiming(AdviceCommon):
    # Asked, then answered

    def test_asked_then_answered_stamps_each_moment_and_the_hours(self):
        with freeze_time(ASKED_AT):
            advice = self.ask()
        self.assertRecordValues(
            advice,
            [
                {
                    "state": "asked",
                    "date_asked": ASKED_AT,
                    "date": fields.Date.to_date("2026-03-02"),
                    "date_answered": False,
                    "sought_by_id": self.practitioner.id,
                    "answered_by_id": False,
                    "integrity_hash": False,
                }
            ],
        )
        # Empty, not zero, until answered: averages leave it out.
        self.assertStillAsked(advice)
        with freeze_time("2026-03-02 11:30:00"):
            advice.write(self.answer_vals())
        self.assertRecordValues(
            advice,
            [
                {
                    "state": "answered",
                    "date_asked": ASKED_AT,
                    "date_answered": datetime(2026, 3, 2, 11, 30, 0),
                    "hours_to_answer": 2.5,
                    "answered_by_id": self.practitioner.id,
                }
            ],
        )
        stored = self.stored(advice)
        self.assertEqual(stored["hours_to_answer"], 2.5)
        self.assertTrue(stored["sealed"])
        _length, breaks = (
            self.env["safeguarding.advice"].sudo()._integrity_verify(self.company)
        )
        self.assertEqual(breaks, [])

    def test_an_answer_given_earlier_keeps_its_time_checked(self):
        with freeze_time(ASKED_AT):
            advice = self.ask()
            early = self.ask()
            late = self.ask()
        with freeze_time("2026-03-03 09:00:00"):
            # Answered by phone at 10:15 on the day, recorded the next morning.
            advice.write(self.answer_vals(date_answered="2026-03-02 10:15:00"))
            with self.assertRefused(
                ValidationError,
                exactly(
                    f"{early.display_name} cannot be answered before it was asked."
                ),
            ):
                early.write(self.answer_vals(date_answered="2026-03-02 08:59:59"))
            with self.assertRefused(ValidationError, FUTURE_ANSWER):
                late.write(self.answer_vals(date_answered="2026-03-03 09:00:01"))
        self.assertRecordValues(
            advice,
            [
                {
                    "date_answered": datetime(2026, 3, 2, 10, 15, 0),
                    "hours_to_answer": 1.25,
                }
            ],
        )
        self.assertStillAsked(early)
        self.assertStillAsked(late)

    def test_asked_in_the_future_is_refused(self):
        Advice = self.env["safeguarding.advice"]
        before = Advice.sudo().search_count([])
        future = fields.Datetime.now() + timedelta(minutes=5)
        with self.assertRefused(ValidationError, FUTURE_ASK):
            self.ask(date_asked=future)
        with self.assertRefused(ValidationError, FUTURE_ANSWER):
            self.ask(date_answered=future, **self.answer_vals())
        self.assertEqual(Advice.sudo().search_count([]), before)

    def test_answering_twice_is_refused(self):
        with freeze_time(ASKED_AT):
            advice = self.ask()
        with freeze_time("2026-03-02 11:00:00"):
            advice.write(self.answer_vals())
        before = self.stored(advice)
        for vals in (
            self.answer_vals(advice="No: ask the family first."),
            {"outcome": "Not shared after all."},
            {"date_answered": "2026-03-02 10:00:00"},
        ):
            for user in (self.practitioner, self.lead, self.env.user):
                with (
                    self.subTest(vals=vals, user=user.login),
                    self.assertRefused(
                        UserError,
                        exactly(ANSWER_RECORDED.format(advice=advice.display_name)),
                    ),
                ):
                    self.as_user(user, advice).write(vals)
        self.assertEqual(self.stored(advice), before)

    def test_an_answered_advice_cannot_be_changed_nor_deleted(self):
        advice = self.ask(**self.answer_vals())
        before = self.stored(advice)
        message = exactly(LOCKED.format(advice=advice.display_name))
        for vals in (
            {"question": "Another question?"},
            {"adviser_role": "policy_legal"},
            {"date_asked": "2026-03-01 09:00:00"},
        ):
            with self.subTest(vals=vals):
                with self.assertRefused(UserError, message):
                    self.as_user(self.practitioner, advice).write(vals)
                with self.assertRefused(UserError, message):
                    advice.sudo().write(vals)
        with self.assertRefused(UserError, message):
            self.as_user(self.practitioner, advice).unlink()
        with self.assertRefused(UserError, "written by the application itself"):
            advice.sudo().write({"state": "asked"})
        self.assertEqual(self.stored(advice), before)
        self.assertEqual(advice.question, "May we share the injuries without consent?")

    def test_an_asked_advice_receives_its_answer_and_nothing_else(self):
        with freeze_time(ASKED_AT):
            advice = self.ask()
        message = exactly(ASKED_ONLY_ANSWER.format(advice=advice.display_name))
        # The question asked is the one answered: to ask another, ask again.
        for vals in (
            {"question": "A better question?"},
            {"adviser_id": self.mash_worker.id},
            {"date_asked": "2026-03-01 09:00:00"},
            dict(self.answer_vals(), question="A better question?"),
        ):
            with self.subTest(vals=vals):
                with self.assertRefused(UserError, message):
                    self.as_user(self.practitioner, advice).write(vals)
                with self.assertRefused(UserError, message):
                    advice.sudo().write(vals)
        with self.assertRefused(UserError, message):
            self.as_user(self.practitioner, advice).unlink()
        with self.assertRefused(
            UserError,
            exactly(
                "These fields are written by the application itself. Refused: Status."
            ),
        ):
            self.as_user(self.practitioner, advice).write({"state": "answered"})
        # An answer comes whole: the advice and its outcome.
        with self.assertRefused(
            ValidationError,
            r"^An answer to advice needs both the advice given and its outcome\. "
            r"Missing: Outcome of the Discussion\.$",
        ):
            self.as_user(self.practitioner, advice).write({"advice": "Yes."})
        with self.assertRefused(
            ValidationError,
            r"^An answer to advice needs both the advice given and its outcome\. "
            r"Missing: Advice, Outcome of the Discussion\.$",
        ):
            self.as_user(self.practitioner, advice).write(
                {"advice": "  ", "date_answered": "2026-03-02 10:00:00"}
            )
        self.assertStillAsked(advice)
        self.assertEqual(
            self.as_user(self.practitioner, advice).question,
            "May we share the injuries without consent?",
        )

    def test_recorded_whole_it_is_asked_and_answered_at_once(self):
        with freeze_time("2026-03-02 14:00:00"):
            whole = self.ask(**self.answer_vals())
            # Asked by phone three hours ago; the answer is recorded now.
            earlier = self.ask(date_asked="2026-03-02 11:00:00", **self.answer_vals())
        self.assertRecordValues(
            whole + earlier,
            [
                {
                    "state": "answered",
                    "date_asked": datetime(2026, 3, 2, 14, 0, 0),
                    "date_answered": datetime(2026, 3, 2, 14, 0, 0),
                    "hours_to_answer": 0.0,
                    "answered_by_id": self.practitioner.id,
                },
                {
                    "state": "answered",
                    "date_asked": datetime(2026, 3, 2, 11, 0, 0),
                    "date_answered": datetime(2026, 3, 2, 14, 0, 0),
                    "hours_to_answer": 3.0,
                    "answered_by_id": self.practitioner.id,
                },
            ],
        )
        self.assertTrue(all((whole + earlier).mapped("integrity_hash")))
        with self.assertRefused(
            ValidationError,
            r"^An answer to advice needs both the advice given and its outcome\. "
            r"Missing: Advice\.$",
        ):
            self.ask(outcome="Shared.")

    def test_no_context_key_nor_value_sets_what_the_server_stamps(self):
        Advice = self.env["safeguarding.advice"].with_user(self.practitioner)
        before = Advice.sudo().search_count([])
        server_set = "is set by the server on a new Advice Sought: leave it out."
        cases = [
            ({"state": "answered"}, {}, exactly(f"Status {server_set}")),
            ({}, {"default_state": "answered"}, exactly(f"Status {server_set}")),
            ({"hours_to_answer": 0.0}, {}, exactly(f"Hours to Answer {server_set}")),
            (
                {},
                {"default_hours_to_answer": 1.0},
                exactly(f"Hours to Answer {server_set}"),
            ),
            (
                {"answered_by_id": self.lead.id},
                {},
                exactly(f"Answer Recorded By {server_set}"),
            ),
            ({}, {"default_date": "2026-01-01"}, exactly(f"Date Asked {server_set}")),
        ]
        no_answer_time = exactly(
            "When advice was answered is recorded with its answer: leave it out of "
            "a request."
        )
        cases += [
            ({"date_answered": "2026-03-02 10:00:00"}, {}, no_answer_time),
            ({}, {"default_date_answered": "2026-03-02 10:00:00"}, no_answer_time),
        ]
        for vals, context, message in cases:
            with (
                self.subTest(vals=vals, context=context),
                self.assertRefused(UserError, message),
            ):
                Advice.with_context(**context).create(self.request_vals(**vals))
        self.assertEqual(Advice.sudo().search_count([]), before)
        # An answer given through defaults is an answer: stamped and sealed.
        context = {f"default_{key}": value for key, value in self.answer_vals().items()}
        advice = Advice.with_context(**context).create(self.request_vals())
        self.assertEqual(advice.state, "answered")
        self.assertTrue(advice.integrity_hash)

    def test_policy_or_legal_team_is_offered(self):
        Advice = self.env["safeguarding.advice"].with_user(self.practitioner)
        roles = Advice.fields_get(["adviser_role"])["adviser_role"]["selection"]
        self.assertEqual(
            [tuple(role) for role in roles],
            [
                ("ig_lead", "Information governance lead"),
                ("dsl", "Designated safeguarding lead"),
                ("caldicott", "Caldicott Guardian"),
                ("dpo", "Data protection officer"),
                ("manager", "Manager"),
                ("practitioner", "Another practitioner"),
                ("policy_legal", "Policy or legal team"),
            ],
        )
        self.assertEqual(
            self.ask(adviser_role="policy_legal").adviser_role, "policy_legal"
        )

    # A decision marked "I am unsure"

    def test_an_unsure_decision_waits_for_an_answered_advice(self):
        decision = self.new_decision(unsure=True)
        other = self.new_decision()
        missing = exactly(
            f"{decision.name} cannot be submitted yet. Missing:\n{UNSURE_ITEM}"
        )
        with self.assertRefused(ValidationError, missing):
            decision.action_submit()
        # Asked, not answered yet; answered on another decision: still waiting.
        advice = self.ask(decision_id=decision.id)
        self.ask(decision_id=other.id, **self.answer_vals())
        self.ask(**self.answer_vals())
        with self.assertRefused(ValidationError, missing):
            decision.action_submit()
        # An emergency cannot wait for the answer: asked, it is recorded; unasked,
        # it is not.
        urgent = self.new_decision(
            unsure=True, emergency=True, emergency_reason="The child is alone."
        )
        with self.assertRefused(ValidationError, "- advice asked on this decision"):
            urgent.action_record()
        self.assertEqual(urgent.state, "draft")
        self.ask(decision_id=urgent.id)
        urgent.action_record()
        self.assertEqual(urgent.state, "recorded")
        self.env.invalidate_all()
        self.assertRecordValues(
            decision, [{"state": "draft", "signoff_state": "none", "unsure": True}]
        )
        self.assertFalse(decision.signoff_ids)
        advice.write(self.answer_vals())
        self.record(decision)
        self.assertEqual(decision.state, "recorded")
        # Recorded, its doubt is part of the record.
        with self.assertRefused(UserError, "can no longer be changed"):
            decision.write({"unsure": False})
        _length, breaks = (
            self.env["safeguarding.decision"].sudo()._integrity_verify(self.company)
        )
        self.assertEqual(breaks, [])

    def test_ask_for_advice_opens_a_request_on_the_decision(self):
        decision = self.new_decision(unsure=True)
        action = decision.action_ask_for_advice()
        self.assertEqual(
            {key: action[key] for key in ("res_model", "view_mode", "target")},
            {"res_model": "safeguarding.advice", "view_mode": "form", "target": "new"},
        )
        Advice = self.env["safeguarding.advice"].with_user(self.practitioner)
        with freeze_time(ASKED_AT):
            with Form(Advice.with_context(**action["context"])) as form:
                self.assertEqual(form.decision_id, decision)
                self.assertEqual(form.case_id, self.case)
                form.adviser_id = self.parent
                form.adviser_role = "policy_legal"
                form.question = "Does the s47 enquiry cover the school's records?"
            advice = form.record
        self.assertRecordValues(
            advice,
            [
                {
                    "decision_id": decision.id,
                    "case_id": self.case.id,
                    "state": "asked",
                    "date_asked": ASKED_AT,
                }
            ],
        )
        with freeze_time("2026-03-02 15:00:00"), Form(advice) as form:
            form.advice = "Yes: s47 and public task."
            form.outcome = "The school's records are shared."
        self.assertRecordValues(advice, [{"state": "answered", "hours_to_answer": 6.0}])
        # Only who may change the decision asks from it.
        with self.assertRaises(AccessError):
            self.as_user(self.colleague, decision).action_ask_for_advice()
        with self.assertRaises(AccessError):
            self.as_user(self.manager, decision).action_ask_for_advice()


@tagged("post_install", "-at_install")
class TestAdviceAnalysis(AdviceCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company2 = cls.env["res.company"].create({"name": "Test Other Council"})
        other = {"company_id": cls.company2.id, "company_ids": cls.company2.ids}
        cls.practitioner2 = new_test_user(
            cls.env, "a_practitioner2", groups=GROUP + "practitioner", **other
        )
        cls.manager2 = new_test_user(
            cls.env, "a_manager2", groups=GROUP + "manager", **other
        )
        cls.case2 = cls.env["safeguarding.case"].create(
            {
                "child_id": cls.env["res.partner"].create({"name": "Other Child"}).id,
                "user_id": cls.practitioner2.id,
                "company_id": cls.company2.id,
            }
        )

    def asked_and_answered(self, asked, hours, user=None, **overrides):
        with freeze_time(asked):
            advice = self.ask(user=user, **overrides)
        if hours is not None:
            when = fields.Datetime.to_datetime(asked) + timedelta(hours=hours)
            with freeze_time(when):
                advice.write(self.answer_vals())
        return advice

    def figures(self, user, groupby, domain=()):
        Advice = self.as_user(user, self.env["safeguarding.advice"])
        return [
            (
                tuple(
                    group[name][1] if isinstance(group[name], tuple) else group[name]
                    for name in groupby
                ),
                group["__count"],
                group["hours_to_answer"],
            )
            for group in Advice.read_group(
                list(domain), ["hours_to_answer:avg"], groupby, lazy=False
            )
        ]

    def test_count_and_average_hours_by_role_month_and_company(self):
        self.asked_and_answered("2026-03-02 09:00:00", 2)
        self.asked_and_answered("2026-03-10 09:00:00", 6)
        # Asked, not answered: counted, not averaged.
        self.asked_and_answered("2026-03-20 09:00:00", None)
        self.asked_and_answered("2026-04-01 09:00:00", 1, adviser_role="policy_legal")
        # Another company's: never in this company's figures.
        self.asked_and_answered(
            "2026-03-02 09:00:00",
            10,
            user=self.practitioner2,
            case_id=self.case2.id,
        )
        own = [("case_id", "=", self.case.id)]
        both = [("case_id", "in", (self.case + self.case2).ids)]
        for user in (self.manager, self.lead):
            with self.subTest(user=user.login):
                self.assertEqual(
                    self.figures(user, ["adviser_role"], own),
                    [(("dpo",), 3, 4.0), (("policy_legal",), 1, 1.0)],
                )
                self.assertEqual(
                    self.figures(user, ["date_asked:month"], own),
                    [(("March 2026",), 3, 4.0), (("April 2026",), 1, 1.0)],
                )
                self.assertEqual(
                    sorted(self.figures(user, ["company_id", "state"], both)),
                    [
                        ((self.company.name, "answered"), 3, 3.0),
                        ((self.company.name, "asked"), 1, False),
                    ],
                )
        self.assertEqual(
            self.figures(self.manager2, ["company_id", "adviser_role"], both),
            [(("Test Other Council", "dpo"), 1, 10.0)],
        )

    def test_the_analysis_opens_for_leads_and_managers(self):
        action = self.env.ref(
            "safeguarding_info_sharing.safeguarding_advice_report_action"
        )
        menu = self.env.ref("safeguarding_info_sharing.safeguarding_advice_report_menu")
        self.assertEqual(menu.action, action)
        self.assertEqual(
            menu.parent_id, self.env.ref("safeguarding_info_sharing.menu_reporting")
        )
        for user in (self.manager, self.lead):
            with self.subTest(user=user.login):
                Advice = self.as_user(user, self.env["safeguarding.advice"])
                views = Advice.get_views(
                    [(view.view_id.id, view.view_mode) for view in action.view_ids]
                    + [(action.search_view_id.id, "search")]
                )["views"]
                self.assertEqual(
                    sorted(views), ["form", "graph", "list", "pivot", "search"]
                )
                self.assertIn('name="hours_to_answer"', views["pivot"]["arch"])
                visible = self.env["ir.ui.menu"].with_user(user)._visible_menu_ids()
                self.assertIn(menu.id, visible)
                self.assertIn(menu.parent_id.id, visible)
        # Under Reporting, which practitioners do not see.
        self.assertNotIn(
            menu.parent_id.id,
            self.env["ir.ui.menu"].with_user(self.practitioner)._visible_menu_ids(),
        )


@tagged("post_install", "-at_install")
class TestAdviceTimingRpc(HttpCase, RpcClient, AdviceCommon):
    """From outside: only who works on the case reads or answers its advice; no
    time in the future, whatever is sent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.practitioner, cls.colleague):
            user.password = cls.rpc_password

    def test_a_practitioner_not_on_the_case_neither_reads_nor_answers(self):
        advice = self.ask()
        for method, args in (
            ("read", [advice.ids, ["question"]]),
            ("web_read", [advice.ids, {"question": {}}]),
            ("write", [advice.ids, self.answer_vals()]),
        ):
            with self.subTest(method=method):
                name, _message = self.rpc_refusal(
                    self.colleague, "safeguarding.advice", method, *args
                )
                self.assertEqual(name, "odoo.exceptions.AccessError")
        self.assertEqual(
            self.call(
                self.colleague,
                "safeguarding.advice",
                "search_count",
                [("id", "=", advice.id)],
            ),
            0,
        )
        self.assertStillAsked(advice)

    def test_no_time_in_the_future_whatever_is_sent(self):
        advice = self.ask()
        before = self.env["safeguarding.advice"].sudo().search_count([])
        future = fields.Datetime.to_string(
            fields.Datetime.now() + timedelta(minutes=10)
        )
        for pattern, method, args, context in (
            (
                FUTURE_ANSWER,
                "write",
                [advice.ids, self.answer_vals(date_answered=future)],
                {},
            ),
            (FUTURE_ASK, "create", [[self.request_vals(date_asked=future)]], {}),
            (
                FUTURE_ASK,
                "create",
                [[self.request_vals()]],
                {"default_date_asked": future},
            ),
        ):
            with self.subTest(method=method, context=context):
                name, message = self.rpc_refusal(
                    self.practitioner,
                    "safeguarding.advice",
                    method,
                    *args,
                    context=context,
                )
                self.assertEqual(name, "odoo.exceptions.ValidationError")
                self.assertRegex(message, pattern)
        self.assertEqual(
            self.rpc_refusal(
                self.practitioner,
                "safeguarding.advice",
                "create",
                [self.request_vals()],
                context={"default_state": "answered"},
            ),
            (
                "odoo.exceptions.UserError",
                "Status is set by the server on a new Advice Sought: leave it out.",
            ),
        )
        self.assertEqual(
            self.env["safeguarding.advice"].sudo().search_count([]), before
        )
        self.assertStillAsked(advice)
        # The practitioner of the case answers it.
        self.call(
            self.practitioner,
            "safeguarding.advice",
            "write",
            advice.ids,
            self.answer_vals(),
        )
        self.assertEqual(self.stored(advice)["state"], "answered")


@tagged("post_install", "-at_install")
class TestAdviceTour(HttpCase, AdviceCommon):
    def test_unsure_prompts_for_advice_in_the_web_client(self):
        decision = self.new_decision()
        self.start_tour(
            f"/odoo/safeguarding.decision/{decision.id}",
            "safeguarding_advice_tour",
            login=self.practitioner.login,
        )
        self.env.invalidate_all()
        self.assertTrue(decision.unsure)
        self.assertRecordValues(
            decision.advice_ids,
            [
                {
                    "case_id": self.case.id,
                    "adviser_id": self.parent.id,
                    "adviser_role": "policy_legal",
                    "question": "Does the s47 enquiry cover the school's records?",
                    "state": "asked",
                    "sought_by_id": self.practitioner.id,
                }
            ],
        )
