"""Requests and their replies are case data under the one access policy, proved from
outside over JSON-RPC on the running server: seen as their case is, changed only by
whoever works on it, the server's fields never given, the answered request locked
whatever the context says, and a requester never a user of the product for asking."""

from freezegun import freeze_time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP, PASSWORD, RpcClient, require_second_factor
from .test_request import RequestCommon
from .test_rpc import BYPASS_CONTEXTS

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"
STATE = ("state", "information_requested", "user_id", "date_due", "on_time")


@tagged("post_install", "-at_install")
class TestRequestRpc(RpcClient, HttpCase, RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, role):
            return new_test_user(cls.env, login, groups=GROUP + role, password=PASSWORD)

        cls.r_practitioner = user("rq_practitioner", "practitioner")
        cls.r_outsider = user("rq_outsider", "practitioner")
        cls.r_lead = user("rq_lead", "lead")
        cls.r_manager = user("rq_manager", "manager")
        cls.r_admin = user("rq_admin", "admin")
        cls.r_case = cls.env["safeguarding.case"].create(
            {"child_id": cls.child.id, "user_id": cls.r_practitioner.id}
        )
        cls.company.safeguarding_duty_lead_id = cls.r_lead
        with freeze_time("2026-12-04 17:00:00"):
            cls.open_request = cls.Request.with_user(cls.r_practitioner).create(
                cls.request_vals(
                    cls, case_id=cls.r_case.id, user_id=cls.r_practitioner.id
                )
            )
            cls.answered = cls.Request.with_user(cls.r_practitioner).create(
                cls.request_vals(
                    cls,
                    case_id=cls.r_case.id,
                    user_id=cls.r_practitioner.id,
                    direction="sent",
                    basis="informal",
                )
            )
        with freeze_time("2026-12-07 10:00:00"):
            cls.answered.with_user(cls.r_practitioner)._add_exchange(
                {
                    "kind": "reply_received",
                    "date": "2026-12-07 10:00:00",
                    "summary": "Attendance.",
                    "fact_or_opinion": "fact",
                    "used_for": "The assessment.",
                }
            )
        # Read as the tests' own user, whoever made them.
        cls.open_request = cls.open_request.sudo()
        cls.answered = cls.answered.sudo()
        cls.requests = cls.open_request | cls.answered

    def state(self):
        self.env.invalidate_all()
        return (
            self.requests.sudo().read(list(STATE)),
            self.env["safeguarding.request"].sudo().search_count([]),
            self.env["safeguarding.request.exchange"].sudo().search_count([]),
        )

    def test_each_role_reads_what_it_may(self):
        for user in (self.r_practitioner, self.r_lead, self.r_manager):
            with self.subTest(user=user.login):
                rows = self.call(
                    user,
                    "safeguarding.request",
                    "search_read",
                    [("id", "in", self.requests.ids)],
                    ["name", "information_requested"],
                )
                self.assertEqual(
                    sorted(row["id"] for row in rows), sorted(self.requests.ids)
                )
                self.assertEqual(
                    len(
                        self.call(
                            user,
                            "safeguarding.request.exchange",
                            "search_read",
                            [("request_id", "in", self.requests.ids)],
                            ["summary"],
                        )
                    ),
                    1,
                )
        self.assertEqual(
            self.call(
                self.r_outsider,
                "safeguarding.request",
                "search_read",
                [("id", "in", self.requests.ids)],
                ["name"],
            ),
            [],
        )
        for user in (self.r_outsider, self.r_admin):
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    ACCESS_ERROR,
                    user,
                    "safeguarding.request",
                    "read",
                    self.open_request.ids,
                    ["information_requested"],
                )
                self.assertRpcRefused(
                    ACCESS_ERROR,
                    user,
                    "safeguarding.request.exchange",
                    "read",
                    self.answered.exchange_ids.ids,
                    ["summary"],
                )

    def test_only_who_works_on_the_case_changes_it(self):
        before = self.state()
        for user, method, args in (
            (self.r_outsider, "write", ({"information_requested": "Changed"},)),
            (self.r_manager, "write", ({"information_requested": "Changed"},)),
            (self.r_admin, "write", ({"information_requested": "Changed"},)),
            (self.r_outsider, "action_pick_up", ()),
            (self.r_manager, "action_pick_up", ()),
            (self.r_outsider, "action_new_decision", ()),
            (self.r_manager, "action_answer", ()),
            (self.r_outsider, "unlink", ()),
            (self.r_manager, "unlink", ()),
        ):
            with self.subTest(user=user.login, method=method):
                self.assertRpcRefused(
                    ACCESS_ERROR,
                    user,
                    "safeguarding.request",
                    method,
                    self.open_request.ids,
                    *args,
                )
        for user in (self.r_outsider, self.r_manager):
            # A chaser carries the user's words: it goes through its wizard.
            with self.subTest(user=user.login, wizard="exchange"):
                self.assertRpcRefused(
                    ACCESS_ERROR,
                    user,
                    "safeguarding.request.exchange.add",
                    "create",
                    {
                        "request_id": self.answered.id,
                        "kind": "chased",
                        "method": "phone",
                        "date": "2026-12-07 11:00",
                    },
                )
            with self.subTest(user=user.login, method="create"):
                self.assertRpcRefused(
                    ACCESS_ERROR,
                    user,
                    "safeguarding.request",
                    "create",
                    [
                        {
                            "case_id": self.r_case.id,
                            "organisation_id": self.mash.id,
                            "information_requested": "Anything.",
                            "user_id": self.r_practitioner.id,
                        }
                    ],
                )
        self.assertEqual(self.state(), before)

    def test_the_server_s_fields_are_never_the_client_s(self):
        before = self.state()
        for vals in (
            {"state": "answered"},
            {"date_due": "2030-01-01 00:00:00"},
            {"on_time": 100},
            {"date_answered": "2026-12-07 10:00:00"},
            {"date_escalated_overdue": "2026-12-07 10:00:00"},
        ):
            with self.subTest(vals=vals):
                self.assertRpcRefused(
                    USER_ERROR,
                    self.r_practitioner,
                    "safeguarding.request",
                    "write",
                    self.open_request.ids,
                    vals,
                )
                self.assertRpcRefused(
                    USER_ERROR,
                    self.r_practitioner,
                    "safeguarding.request",
                    "create",
                    [
                        {
                            "case_id": self.r_case.id,
                            "organisation_id": self.mash.id,
                            "information_requested": "Anything.",
                            "user_id": self.r_practitioner.id,
                            **vals,
                        }
                    ],
                )
        # Nor through a default_* key of the context.
        self.assertRpcRefused(
            USER_ERROR,
            self.r_practitioner,
            "safeguarding.request",
            "create",
            [
                {
                    "case_id": self.r_case.id,
                    "organisation_id": self.mash.id,
                    "information_requested": "Anything.",
                    "user_id": self.r_practitioner.id,
                }
            ],
            context={"default_state": "answered"},
        )
        self.assertEqual(self.state(), before)

    def test_an_answered_request_stays_as_it_was_whatever_the_context(self):
        before = self.state()
        for context in BYPASS_CONTEXTS:
            with self.subTest(context=context):
                self.assertRpcRefused(
                    USER_ERROR,
                    self.r_practitioner,
                    "safeguarding.request",
                    "write",
                    self.answered.ids,
                    {"information_requested": "Rewritten."},
                    context=context,
                )
                self.assertRpcRefused(
                    USER_ERROR,
                    self.r_practitioner,
                    "safeguarding.request",
                    "unlink",
                    self.answered.ids,
                    context=context,
                )
                self.assertRpcRefused(
                    USER_ERROR,
                    self.r_practitioner,
                    "safeguarding.request.exchange",
                    "write",
                    self.answered.exchange_ids.ids,
                    {"summary": "Rewritten."},
                    context=context,
                )
        self.assertEqual(self.state(), before)

    def test_a_requester_is_never_a_user_of_the_product_for_asking(self):
        requester = self.mash_worker
        self.assertRpcRefused(
            USER_ERROR,
            self.r_practitioner,
            "safeguarding.request",
            "message_subscribe",
            self.open_request.ids,
            requester.ids,
        )
        self.assertRpcRefused(
            USER_ERROR,
            self.r_practitioner,
            "safeguarding.request",
            "message_post",
            self.open_request.ids,
            body="Your request is being looked at.",
            partner_ids=requester.ids,
            message_type="comment",
        )
        self.assertFalse(requester.user_ids)
        self.assertNotIn(
            requester, self.open_request.sudo().message_follower_ids.partner_id
        )
        self.assertFalse(
            self.env["mail.notification"]
            .sudo()
            .search([("res_partner_id", "=", requester.id)])
        )

    def test_without_two_factors_no_request_is_reached(self):
        require_second_factor(self.env, True)
        self.assertEqual(
            self.call(
                self.r_practitioner,
                "safeguarding.request",
                "search_read",
                [("id", "in", self.requests.ids)],
                ["name"],
            ),
            [],
        )
        self.assertRpcRefused(
            ACCESS_ERROR,
            self.r_practitioner,
            "safeguarding.request",
            "read",
            self.open_request.ids,
            ["name"],
        )
        self.assertRpcRefused(
            ACCESS_ERROR,
            self.r_practitioner,
            "safeguarding.request.exchange",
            "read",
            self.answered.exchange_ids.ids,
            ["summary"],
        )
