from datetime import date
from unittest.mock import patch

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import html

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import DecisionCommon

XMLID = "safeguarding_info_sharing."


@tagged("post_install", "-at_install")
class TestRetention(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Case = cls.env["safeguarding.case"]
        cls.review_type = cls.env.ref(XMLID + "mail_activity_type_retention_review")
        cls.short_rule = cls.env["safeguarding.retention.policy"].create(
            {
                "name": "Test short rule",
                "code": "test_short",
                "trigger": "date_of_birth",
                "period_years": 5,
            }
        )

    def run_cron(self, batch_size=100):
        calls = []
        while True:
            remaining = self.Case._cron_retention_review(batch_size=batch_size)
            calls.append(remaining)
            if not remaining:
                return calls

    def reviews(self, case):
        return case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.review_type
        )

    def test_shipped_defaults_of_the_brief(self):
        rules = {
            code: self.env.ref(XMLID + "retention_policy_" + code)
            for code in (
                "looked_after",
                "child_protection",
                "child_in_need",
                "adoption",
                "school_file",
                "nhs_child",
                "nhs_child_17",
                "csa_allegation",
            )
        }
        self.assertEqual(
            {
                code: (r.trigger, r.period_years, r.min_age_years, r.action)
                for code, r in rules.items()
            },
            {
                "looked_after": ("date_of_birth", 75, 0, "review"),
                "child_protection": ("closure", 35, 0, "review"),
                "child_in_need": ("last_activity", 3, 18, "review"),
                "adoption": ("order_date", 100, 0, "review"),
                "school_file": ("date_of_birth", 25, 0, "review"),
                "nhs_child": ("date_of_birth", 25, 0, "review"),
                "nhs_child_17": ("date_of_birth", 26, 0, "review"),
                "csa_allegation": ("closure", 75, 0, "review"),
            },
        )
        cron = self.env.ref(XMLID + "ir_cron_retention_review")
        self.assertEqual(
            (cron.code, cron.interval_number, cron.interval_type, cron.active),
            ("model._cron_retention_review()", 1, "days", True),
        )
        # The admin group edits the rules; others only read them.
        self.short_rule.with_user(self.sg_admin).period_years = 6
        self.assertEqual(self.short_rule.period_years, 6)
        with self.assertRaises(AccessError):
            self.short_rule.with_user(self.lead).period_years = 1
        self.assertEqual(self.short_rule.period_years, 6)

    @freeze_time("2026-03-02")
    def test_longest_applicable_rule_wins(self):
        self.case.retention_policy_ids = self.env.ref(
            XMLID + "retention_policy_school_file"
        ) | self.env.ref(XMLID + "retention_policy_looked_after")
        self.run_cron()
        self.assertEqual(self.case.retention_review_date, date(2091, 5, 4))
        self.assertEqual(
            self.case.retention_policy_id,
            self.env.ref(XMLID + "retention_policy_looked_after"),
        )
        self.assertEqual(self.case.retention_status, "scheduled")
        self.assertEqual(self.case.retention_checked_on, date(2026, 3, 2))
        self.assertFalse(self.reviews(self.case))
        # Child in need: 18th birthday, and 3 years without activity.
        self.case.retention_policy_ids = self.env.ref(
            XMLID + "retention_policy_child_in_need"
        )
        self.assertFalse(self.case.retention_checked_on)
        self.run_cron()
        self.assertEqual(self.case.retention_review_date, date(2034, 5, 4))
        self.assertEqual(self.case.retention_status, "scheduled")

    @freeze_time("2026-03-02")
    def test_a_rule_waiting_for_its_date_holds_the_review(self):
        protection = self.env.ref(XMLID + "retention_policy_child_protection")
        self.case.retention_policy_ids = protection | self.short_rule
        self.run_cron()
        self.assertEqual(
            (
                self.case.retention_status,
                self.case.retention_review_date,
                self.case.retention_policy_id,
            ),
            ("pending", False, protection),
        )
        self.assertFalse(self.reviews(self.case))
        self.case.with_user(self.practitioner)._close("Moved away.", "2024-01-10")
        self.run_cron()
        self.assertEqual(self.case.retention_review_date, date(2059, 1, 10))
        self.assertEqual(self.case.retention_status, "scheduled")

    @freeze_time("2026-03-02")
    def test_due_case_gets_one_review_and_nothing_is_deleted(self):
        decision = self.record(self.new_decision())
        self.case.retention_policy_ids = self.short_rule
        self.run_cron()
        self.assertEqual(self.case.retention_status, "due")
        self.assertEqual(self.case.retention_review_date, date(2021, 5, 4))
        review = self.reviews(self.case)
        self.assertEqual(
            (len(review), review.user_id, review.date_deadline),
            (1, self.practitioner, date(2021, 5, 4)),
        )
        with freeze_time("2026-03-03"):
            self.run_cron()
        self.assertEqual(self.reviews(self.case), review)
        self.assertTrue(self.case.exists())
        self.assertTrue(decision.exists())
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(self.case.child_id.name, "Test Child")

    @freeze_time("2026-03-02")
    def test_legal_hold_is_never_proposed_for_disposal(self):
        self.case.retention_policy_ids = self.short_rule
        self.run_cron()
        self.assertEqual(len(self.reviews(self.case)), 1)
        case = self.as_user(self.practitioner, self.case)
        with self.assertRaises(AccessError):
            case.write({"legal_hold": True, "legal_hold_reason": "Inquiry"})
        self.assertFalse(self.case.legal_hold)
        with self.assertRaises(ValidationError):
            self.case.with_user(self.lead).legal_hold = True
        self.case.with_user(self.lead).write(
            {"legal_hold": True, "legal_hold_reason": "Public inquiry"}
        )
        self.assertEqual(self.case.retention_status, "held")
        self.assertFalse(self.reviews(self.case), "the review proposal is closed")
        with freeze_time("2026-03-03"):
            self.run_cron()
        self.assertEqual(
            (self.case.retention_status, self.case.retention_review_date),
            ("held", date(2021, 5, 4)),
        )
        self.assertFalse(self.reviews(self.case))
        self.case.with_user(self.practitioner)._close("Moved away.", "2025-01-10")
        wizard = (
            self.env["safeguarding.case.review"]
            .with_user(self.lead)
            .create(
                {
                    "case_id": self.case.id,
                    "outcome": "anonymise",
                    "reason": "Retention period over.",
                }
            )
        )
        with self.assertRefused(UserError, "is on legal hold"):
            wizard.action_confirm()
        self.assertEqual(self.case.child_id.name, "Test Child")
        self.assertEqual(self.case.retention_status, "held")

    @freeze_time("2026-03-02")
    def test_review_kept_until_a_new_date(self):
        self.case.retention_policy_ids = self.short_rule
        self.run_cron()
        with self.assertRaises(AccessError):
            self.env["safeguarding.case.review"].with_user(self.practitioner).create(
                {"case_id": self.case.id, "keep_until": "2030-01-01", "reason": "x"}
            )
        self.env["safeguarding.case.review"].with_user(self.lead).create(
            {
                "case_id": self.case.id,
                "outcome": "keep",
                "keep_until": "2030-01-01",
                "reason": "Sibling's proceedings continue.",
            }
        ).action_confirm()
        self.assertEqual(
            (
                self.case.retention_outcome,
                self.case.retention_keep_until,
                self.case.retention_outcome_user_id,
                self.case.retention_outcome_reason,
                self.case.retention_outcome_date,
            ),
            (
                "keep",
                date(2030, 1, 1),
                self.lead,
                "Sibling's proceedings continue.",
                date(2026, 3, 2),
            ),
        )
        self.assertFalse(self.reviews(self.case))
        self.run_cron()
        self.assertEqual(
            (self.case.retention_status, self.case.retention_review_date),
            ("scheduled", date(2030, 1, 1)),
        )
        with self.assertRefused(UserError, "recorded by the retention review only"):
            self.case.with_user(self.lead).write({"retention_status": "anonymised"})
        self.assertEqual(self.case.retention_status, "scheduled")

    def test_cron_works_in_batches_and_reports_progress(self):
        with freeze_time("2026-03-02"):
            self.run_cron()
            cases = self.Case.create(
                [
                    {"child_id": self.child.id, "user_id": self.practitioner.id}
                    for _i in range(5)
                ]
            )
            progress = self.cron_progress(XMLID + "ir_cron_retention_review")
            Case = self.Case.with_context(ir_cron_progress_id=progress.id)
            self.assertEqual(Case._cron_retention_review(batch_size=2), 3)
            self.assertEqual((progress.done, progress.remaining), (2, 3))
            self.assertEqual(self.run_cron(batch_size=2), [1, 0])
        self.assertEqual(set(cases.mapped("retention_checked_on")), {date(2026, 3, 2)})
        # No kind of record: the periodic review applies (6 years of inactivity,
        # from the creation the database stamped).
        self.assertEqual(set(cases.mapped("retention_status")), {"scheduled"})
        self.assertEqual(
            {case.retention_review_date for case in cases},
            {case.create_date.date() + relativedelta(years=6) for case in cases},
        )

    @freeze_time("2026-03-02")
    def test_anonymise_keeps_the_decision_log_and_its_chain(self):
        other_case_parent = self.env["res.partner"].create({"name": "Shared Carer"})
        self.case.write(
            {
                "summary": "<p>Bruising reported by the school.</p>",
                "person_ids": [
                    # The parent is on the case already (DecisionCommon).
                    (0, 0, {"partner_id": other_case_parent.id, "role": "carer"}),
                ],
            }
        )
        self.Case.create(
            {
                "child_id": self.env["res.partner"].create({"name": "Sibling"}).id,
                "user_id": self.practitioner.id,
                "person_ids": [(0, 0, {"partner_id": other_case_parent.id})],
            }
        )
        consent = self.new_consent()
        decision = self.record(self.new_decision())
        self.env["safeguarding.disclosure"].with_user(self.practitioner).create(
            self.disclosure_vals(decision, description="Dates of the injuries")
        )
        self.case.with_user(self.practitioner)._close("Family moved.", "2025-01-10")
        sealed = (decision.integrity_sequence, decision.integrity_hash)
        check = self.env["safeguarding.integrity.check"]
        self.assertEqual(check._verify(self.company)[0], [])
        Review = self.env["safeguarding.case.review"]
        with self.assertRefused(ValidationError, "Give the reason"):
            Review.with_user(self.lead).create(
                {"case_id": self.case.id, "outcome": "anonymise", "reason": " "}
            ).action_confirm()
        with self.assertRaises(AccessError):
            self.as_user(self.practitioner, self.case)._anonymise("Period over.")
        self.assertEqual(self.child.name, "Test Child")

        Review.with_user(self.lead).create(
            {
                "case_id": self.case.id,
                "outcome": "anonymise",
                "reason": "Retention period over.",
            }
        ).action_confirm()
        self.env.invalidate_all()
        label = f"Anonymised child ({self.case.name})"
        person = f"Anonymised person ({self.case.name})"
        self.assertEqual(
            (self.child.name, self.child.date_of_birth, self.child.nhs_number),
            (label, False, False),
        )
        self.assertEqual(self.parent.name, person)
        self.assertEqual(other_case_parent.name, "Shared Carer")
        self.assertEqual(consent.name, f"Confidentiality (common law): {person}")
        self.assertFalse(self.case.summary)
        self.assertEqual(
            (
                self.case.retention_status,
                self.case.retention_outcome,
                self.case.retention_outcome_user_id,
                self.case.retention_outcome_reason,
                self.case.close_reason,
            ),
            (
                "anonymised",
                "anonymise",
                self.lead,
                "Retention period over.",
                "Anonymised on 2026-03-02: Retention period over.",
            ),
        )
        # The decision log keeps its place in the chain and still verifies; its
        # text names nobody (the child's last name here is "Child", a whole word
        # in any case: tests/test_anonymised_text.py tries every field).
        self.assertEqual((decision.integrity_sequence, decision.integrity_hash), sealed)
        self.assertEqual(decision.state, "recorded")
        self.assertEqual(decision.case_id, self.case)
        self.assertEqual(
            decision.reason,
            f"Two unexplained injuries; the {label} names the mother's partner.",
        )
        breaks, counts = check._verify(self.company)
        self.assertEqual(breaks, [])
        self.assertEqual(
            counts["safeguarding.decision"],
            self.env["safeguarding.decision"].search_count(
                [
                    ("company_id", "=", self.company.id),
                    ("integrity_sequence", "!=", False),
                ]
            ),
        )
        with self.assertRefused(UserError, "already anonymised"):
            self.case.with_user(self.lead)._anonymise("Again.")

    def new_case(self, name, date_of_birth):
        child = self.env["res.partner"].create(
            {"name": name, "date_of_birth": date_of_birth}
        )
        return self.Case.create(
            {
                "child_id": child.id,
                "user_id": self.practitioner.id,
                "retention_policy_ids": [(6, 0, self.short_rule.ids)],
            }
        )

    @freeze_time("2026-03-02")
    def test_retention_reviews_list_and_its_90_day_filter(self):
        action = self.env.ref(XMLID + "safeguarding_case_retention_action")
        self.assertEqual(
            safe_eval(action.context), {"search_default_retention_next_90_days": 1}
        )
        Case = self.as_user(self.lead, self.Case)
        views = Case.get_views(
            [(view.view_id.id, view.view_mode) for view in action.view_ids]
            + [(False, "search")]
        )["views"]
        list_arch = html.fromstring(views["list"]["arch"])
        self.assertEqual(
            [field.get("name") for field in list_arch.iter("field")],
            [
                "name",
                "child_id",
                "user_id",
                "state",
                "retention_review_date",
                "retention_status",
                "retention_policy_id",
                "legal_hold",
                "retention_outcome",
                "retention_outcome_date",
            ],
        )
        self.assertEqual(list_arch.get("default_order"), "retention_review_date, name")
        [next_90_days] = html.fromstring(views["search"]["arch"]).xpath(
            "//filter[@name='retention_next_90_days']"
        )
        self.assertEqual(next_90_days.get("string"), "Review Due in the Next 90 Days")
        # The short rule reviews at the 5th birthday: overdue, in 60 days, in 121
        # days, and an overdue one on legal hold.
        self.case.retention_policy_ids = self.short_rule
        in_60_days = self.new_case("Due Soon", "2021-05-01")
        in_121_days = self.new_case("Due Later", "2021-07-01")
        held = self.new_case("Held", "2016-01-01")
        held.with_user(self.lead).write(
            {"legal_hold": True, "legal_hold_reason": "Public inquiry."}
        )
        self.run_cron()
        cases = self.case | in_60_days | in_121_days | held
        self.assertEqual(
            [(c.retention_status, c.retention_review_date) for c in cases],
            [
                ("due", date(2021, 5, 4)),
                ("scheduled", date(2026, 5, 1)),
                ("scheduled", date(2026, 7, 1)),
                ("held", date(2021, 1, 1)),
            ],
        )
        # The filter's domain, evaluated as the web client evaluates it today.
        domain = safe_eval(
            next_90_days.get("domain"),
            {
                "context_today": lambda: date(2026, 3, 2),
                "relativedelta": relativedelta,
            },
        )
        self.assertEqual(
            Case.search(domain + [("id", "in", cases.ids)]),
            self.case | in_60_days,
        )

    @freeze_time("2026-03-02")
    def test_anonymise_is_not_offered_nor_done_on_an_open_case(self):
        self.case.write(
            {
                "summary": "<p>Bruising reported by the school.</p>",
                "retention_policy_ids": [(6, 0, self.short_rule.ids)],
            }
        )
        self.run_cron()
        self.assertEqual(self.case.retention_status, "due")
        review = self.reviews(self.case)
        Review = self.env["safeguarding.case.review"].with_user(self.lead)
        form = Form(Review.with_context(default_case_id=self.case.id))
        self.assertEqual(form.outcome, "keep")
        with self.assertRaisesRegex(AssertionError, "invisible field 'outcome'"):
            form.outcome = "anonymise"
        # Asked anyway (over RPC, say): refused, and nothing is written.
        messages = self.case.message_ids
        wizard = Review.create(
            {
                "case_id": self.case.id,
                "outcome": "anonymise",
                "reason": "Retention period over.",
            }
        )
        with self.assertRefused(
            UserError,
            f"^{self.case.name} is open: close it before it is anonymised.$",
        ):
            wizard.action_confirm()
        self.env.invalidate_all()
        self.assertEqual(
            (
                self.child.name,
                self.child.date_of_birth,
                self.child.nhs_number,
                self.case.summary,
                self.case.state,
                self.case.retention_status,
                self.case.retention_outcome,
            ),
            (
                "Test Child",
                date(2016, 5, 4),
                "9990000034",
                "<p>Bruising reported by the school.</p>",
                "open",
                "due",
                False,
            ),
        )
        self.assertEqual(self.case.message_ids, messages)
        self.assertEqual(self.reviews(self.case), review)
        # Closed, the case is offered both outcomes.
        self.case.with_user(self.practitioner)._close("Family moved.", "2025-01-10")
        form = Form(Review.with_context(default_case_id=self.case.id))
        form.outcome = "anonymise"
        form.reason = "Retention period over."
        form.save().action_confirm()
        self.assertEqual(self.case.retention_status, "anonymised")
        self.assertEqual(self.child.name, f"Anonymised child ({self.case.name})")


@tagged("post_install", "-at_install")
class TestRetentionQueries(DecisionCommon):
    """The daily review's cost per batch does not grow with the cases in it: the
    periodic rule is found once, and each case's own review date is one row of one
    UPDATE."""

    def review_queries(self, count):
        children = self.env["res.partner"].create(
            [{"name": f"Query Child {i}"} for i in range(count)]
        )
        cases = self.env["safeguarding.case"].create(
            [
                {"child_id": child.id, "user_id": self.practitioner.id}
                for child in children
            ]
        )
        # Each case its own review date, as in a real register.
        for days, case in enumerate(cases):
            self.env.cr.execute(
                "UPDATE safeguarding_case SET create_date = create_date - %s "
                "* interval '1 day' WHERE id = %s",
                (days, case.id),
            )
        self.env.flush_all()
        self.env.invalidate_all()
        cases = cases.sudo()
        # Warm, as a batch after the first is: the activity type's xmlid is cached.
        self.env.ref(XMLID + "mail_activity_type_retention_review")
        start = self.env.cr.sql_log_count
        with freeze_time("2026-03-02"):
            cases._retention_review(date(2026, 3, 2))
            self.env.flush_all()
        self.assertEqual(len(set(cases.mapped("retention_review_date"))), count)
        return self.env.cr.sql_log_count - start

    def test_a_batch_costs_the_same_whatever_its_size(self):
        # 28 and 12 while each case searched for the periodic rule on its own; 2 to
        # read the user's time zone once, for the plausible span of the dates set.
        self.assertEqual(self.review_queries(20), self.review_queries(5))
        self.assertEqual(self.review_queries(5), 9)

    def pass_queries(self, count, due):
        """The queries of one pass of the daily job over ``count`` new cases whose
        status changes (to "due" with a review for each, or to "scheduled"), the
        messages its commit writes included; checks that each change is in the
        case's history."""
        # Every case already there reviewed today: the pass sees only the new ones.
        while self.env["safeguarding.case"]._cron_retention_review():
            pass
        born = date(2000, 1, 1) if due else date.today() - relativedelta(years=1)
        children = self.env["res.partner"].create(
            [{"name": f"Pass Child {i}", "date_of_birth": born} for i in range(count)]
        )
        short = self.env["safeguarding.retention.policy"].create(
            {
                "name": f"Pass rule {count} {due}",
                "code": f"pass_{count}_{due}",
                "trigger": "date_of_birth",
                "period_years": 5,
            }
        )
        cases = self.env["safeguarding.case"].create(
            [
                {
                    "child_id": child.id,
                    "user_id": self.practitioner.id,
                    "retention_policy_ids": [(6, 0, short.ids)],
                }
                for child in children
            ]
        )
        # The creation's transaction ends (its tracking written), as in use.
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        Case = self.env["safeguarding.case"]
        # Warm, as a batch after the first is.
        self.env.ref(XMLID + "mail_activity_type_retention_review")
        with patch("random.random", lambda: 1):  # no bus garbage collection
            start = self.env.cr.sql_log_count
            self.assertEqual(Case._cron_retention_review(), 0)
            # Its commit: the tracking messages.
            self.env.flush_all()
            self.env.cr.flush()
            queries = self.env.cr.sql_log_count - start
        self.env.invalidate_all()
        status = "due" if due else "scheduled"
        self.assertEqual(set(cases.mapped("retention_status")), {status})
        for case in cases:
            changes = [
                (value.field_id.name, value.old_value_char, value.new_value_char)
                for value in case.message_ids.sudo().tracking_value_ids
            ]
            self.assertEqual(
                changes,
                [
                    (
                        "retention_status",
                        "Not yet known",
                        "Review due" if due else "Review scheduled",
                    )
                ],
            )
        self.assertEqual(
            len(cases.activity_ids.filtered(lambda a: a.user_id == self.practitioner)),
            count if due else 0,
        )
        return queries

    def test_a_pass_costs_per_batch_and_per_change(self):
        """A pass over many cases costs a bounded number of queries per batch, and
        a bounded number per case whose review falls due (its review, and the
        notice Odoo sends its reviewer), while every change stays in the case's
        history: the tracking messages of a batch are written together."""
        # Warm, as every batch after the first is.
        self.pass_queries(2, False)
        self.pass_queries(2, True)
        scheduled_5 = self.pass_queries(5, False)
        scheduled_20 = self.pass_queries(20, False)
        due_5, due_20 = self.pass_queries(5, True), self.pass_queries(20, True)
        # While each change wrote its own message at the commit, 15 more cases
        # cost 20 more queries scheduled and 284 more due.
        self.assertEqual(
            (scheduled_5, scheduled_20 - scheduled_5, due_5, due_20 - due_5),
            (23, 0, 109, 210),
        )
