"""The figures of requests, as a manager's pivot asks for them: requests in and out
by rating, source and month, the share answered in time, the median and 90th
percentile of the hours to answer, overdue now; within the record rules, and in the
managers' export."""

from datetime import datetime

from freezegun import freeze_time

from odoo.fields import Command
from odoo.tests import new_test_user, tagged

from .common import GROUP
from .test_request import RequestCommon

MEASURES = [
    "__count",
    "on_time:avg",
    "hours_to_answer_median:median",
    "hours_to_answer_p90:p90",
]


@tagged("post_install", "-at_install")
class TestRequestReports(RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.company2 = cls.env["res.company"].create({"name": "Test Other Agency"})
        cls.env["safeguarding.reply.time"].create(
            {
                "company_id": cls.company2.id,
                "rating": "red",
                "hours": 4,
                "calendar_id": cls.calendar.id,
                "date_from": "2026-01-01",
            }
        )
        other = {"company_id": cls.company2.id, "company_ids": cls.company2.ids}
        cls.practitioner2 = new_test_user(
            cls.env, "q_practitioner2", groups=GROUP + "practitioner", **other
        )
        cls.manager2 = new_test_user(
            cls.env, "q_manager2", groups=GROUP + "manager", **other
        )
        cls.case2 = cls.env["safeguarding.case"].create(
            {
                "child_id": cls.env["res.partner"].create({"name": "Other Child"}).id,
                "user_id": cls.practitioner2.id,
                "company_id": cls.company2.id,
            }
        )

    def setUp(self):
        super().setUp()
        # November: five Red MASH enquiries received on Monday 2 November at 9:00,
        # answered after 1, 2, 3, 4 and 5 working hours (due at 13:00: the last late).
        for hours in (1, 2, 3, 4, 5):
            with freeze_time("2026-11-02 09:00:00"):
                request = self.receive(date_request=datetime(2026, 11, 2, 9))
            self.answer_by(request, datetime(2026, 11, 2, 9 + hours))
        # December: an Amber statutory request answered in a working day; our
        # request to the school answered in 2 hours; a Red one overdue now.
        with freeze_time("2026-12-07 09:00:00"):
            amber = self.receive(
                rating="amber",
                basis="statutory",
                statutory_basis="s16h",
                request_proportionality="Only this term.",
                request_function="A rapid review.",
                date_request=datetime(2026, 12, 7, 9),
            )
            sent = self.receive(
                user=self.practitioner,
                direction="sent",
                organisation_id=self.school.id,
                contact_id=False,
                basis="informal",
                rating="amber",
                date_request=datetime(2026, 12, 7, 9),
            )
            self.overdue = self.receive(date_request=datetime(2026, 12, 7, 9))
        # Shared: declining the safeguarding partners needs a lead's reasons.
        self.answer_by(
            amber,
            datetime(2026, 12, 7, 17),
            no_lawful_reason=False,
            lawful_basis_ids=[Command.set(self.public_task.ids)],
            request_extent="all",
        )
        with freeze_time("2026-12-07 11:00:00"):
            sent.with_user(self.practitioner)._add_exchange(
                {
                    "kind": "reply_received",
                    "date": "2026-12-07 11:00:00",
                    "summary": "Attendance 95%.",
                    "fact_or_opinion": "fact",
                    "used_for": "The assessment.",
                }
            )
        # Another agency's request, answered: never in this agency's figures.
        with freeze_time("2026-11-02 09:00:00"):
            elsewhere = self.Request.with_user(self.practitioner2).create(
                self.request_vals(
                    case_id=self.case2.id,
                    user_id=self.practitioner2.id,
                    date_request=datetime(2026, 11, 2, 9),
                )
            )
        elsewhere._answered(datetime(2026, 11, 2, 10), "not_shared")

    @property
    def ours(self):
        """The requests of these tests' cases (the database may hold others)."""
        return [("case_id", "in", (self.case | self.case2).ids)]

    def figures(self, user, groupby):
        Request = self.as_user(user, self.env["safeguarding.request"])
        with freeze_time("2026-12-07 15:00:00"):
            groups = Request.read_group(self.ours, MEASURES, groupby, lazy=False)
        return [
            (
                *(
                    group[name][1] if isinstance(group[name], tuple) else group[name]
                    for name in groupby
                ),
                group["__count"],
                group["on_time"],
                group["hours_to_answer_median"],
                group["hours_to_answer_p90"],
            )
            for group in groups
        ]

    def test_by_rating_source_and_month(self):
        self.assertCountEqual(
            self.figures(self.manager, ["direction", "rating", "date_request:month"]),
            [
                ("received", "red", "November 2026", 5, 80.0, 3.0, 4.6),
                ("received", "red", "December 2026", 1, False, False, False),
                ("received", "amber", "December 2026", 1, 100.0, 8.0, 8.0),
                ("sent", "amber", "December 2026", 1, 100.0, 2.0, 2.0),
            ],
        )
        self.assertCountEqual(
            self.figures(self.manager, ["basis"]),
            [
                ("statutory", 1, 100.0, 8.0, 8.0),
                ("mash", 6, 80.0, 3.0, 4.6),
                ("informal", 1, 100.0, 2.0, 2.0),
            ],
        )

    def test_the_median_and_90th_percentile_per_rating(self):
        self.assertCountEqual(
            self.figures(self.manager, ["rating"]),
            [
                ("red", 6, 80.0, 3.0, 4.6),
                ("amber", 2, 100.0, 5.0, 7.4),
            ],
        )
        # The pivot and the graph offer them as measures of their own.
        described = self.env["safeguarding.request"].fields_get(
            ["hours_to_answer_median", "hours_to_answer_p90", "on_time"],
            ["aggregator"],
        )
        self.assertEqual(
            {name: info["aggregator"] for name, info in described.items()},
            {
                "hours_to_answer_median": "median",
                "hours_to_answer_p90": "p90",
                "on_time": "avg",
            },
        )

    def test_overdue_now(self):
        Request = self.as_user(self.manager, self.env["safeguarding.request"])
        with freeze_time("2026-12-07 15:00:00"):
            self.assertEqual(
                Request.search([*self.ours, ("overdue", "=", True)]), self.overdue
            )
            self.assertEqual(
                Request.search_count([*self.ours, ("overdue", "=", False)]), 7
            )

    def test_another_agency_s_manager_sees_its_figures_only(self):
        self.assertEqual(
            self.figures(self.manager2, ["rating"]),
            [("red", 1, 100.0, 1.0, 1.0)],
        )

    def test_the_managers_request_log(self):
        template = self.env.ref(
            "safeguarding_info_sharing.safeguarding_request_export_manager"
        )
        Exports = self.as_user(self.manager, self.env["ir.exports"])
        self.assertIn(
            {"id": template.id, "name": "Request log (managers)"},
            Exports.search_read([("resource", "=", "safeguarding.request")], ["name"]),
        )
        names = Exports.browse(template.id).export_fields.mapped("name")
        Request = self.as_user(self.manager, self.env["safeguarding.request"])
        self.assertEqual(sorted(Request.fields_get(names)), sorted(names))
        rows = Request.search(self.ours, order="id").export_data(names)["datas"]
        self.assertEqual(len(rows), 8)
        self.assertNotIn("Test Other Agency", {row[2] for row in rows})
        late = dict(zip(names, rows[4], strict=True))
        self.assertEqual(
            {
                name: late[name]
                for name in (
                    "direction",
                    "basis",
                    "rating",
                    "date_request",
                    "date_due",
                    "state",
                    "answer",
                    "hours_to_answer",
                    "on_time",
                )
            },
            {
                "direction": "Received by us",
                "basis": "A MASH enquiry",
                "rating": "Red",
                "date_request": datetime(2026, 11, 2, 9),
                "date_due": datetime(2026, 11, 2, 13),
                "state": "Answered",
                "answer": "Not shared",
                "hours_to_answer": 5.0,
                "on_time": 0,
            },
        )
        # No personal details of the child.
        self.assertNotIn("child_id", names)
        self.assertNotIn("information_requested", names)
