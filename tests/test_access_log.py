"""Every opening of a restricted case's content is logged once per request; a row in
a list is not an opening; a read on a read-only cursor stays a read."""

from odoo.tests import HttpCase, tagged

from .common import DecisionCommon
from .test_rpc import PASSWORD


class AccessLogCommon(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.practitioner.password = PASSWORD
        cls.practitioner.groups_id += cls.env.ref("base.group_allow_export")
        cls.case.write(
            {
                "restricted": True,
                "restriction_reason": "Child of a member of staff.",
            }
        )
        cls.decision = (
            cls.env["safeguarding.decision"]
            .with_user(cls.practitioner)
            .create(cls.share_vals(cls))
        )

    def logged(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return (
            self.env["safeguarding.case.access.log"]
            .sudo()
            .search_count(
                [("case_id", "=", self.case.id), ("user_id", "=", self.practitioner.id)]
            )
        )


@tagged("post_install", "-at_install")
class TestAccessLogRpc(HttpCase, AccessLogCommon):
    # Requests on read/write test cursors, so that what they log can be counted here;
    # TestAccessLogReadOnly proves the read-only path.
    readonly_enabled = False

    def call(self, model, method, *args, **kwargs):
        return self.make_jsonrpc_request(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        )

    def test_each_way_of_reading_the_case_is_logged_once(self):
        self.authenticate(self.practitioner.login, PASSWORD)
        calls = [
            ("safeguarding.case", "read", [self.case.ids, ["name", "summary"]]),
            (
                "safeguarding.case",
                "search_read",
                [[("id", "=", self.case.id)], ["name"]],
            ),
            (
                "safeguarding.case",
                "web_read",
                [self.case.ids, {"name": {}, "decision_ids": {"fields": {"name": {}}}}],
            ),
            ("safeguarding.decision", "read", [self.decision.ids, ["reason"]]),
            (
                "safeguarding.sharing.log",
                "search_read",
                [[("case_id", "=", self.case.id)], ["summary"]],
            ),
            ("safeguarding.case", "export_data", [self.case.ids, ["name"]]),
        ]
        for count, (model, method, args) in enumerate(calls, start=1):
            with self.subTest(model=model, method=method):
                self.call(model, method, *args)
                # One request, one row, however many records of the case it read.
                self.assertEqual(self.logged(), count)
        # The chatter of the decision, as the web client opens it.
        self.make_jsonrpc_request(
            "/mail/thread/data",
            {
                "thread_model": "safeguarding.decision",
                "thread_id": self.decision.id,
                "request_list": ["followers", "attachments"],
            },
        )
        self.assertEqual(self.logged(), len(calls) + 1)

    def test_a_row_in_a_list_is_not_an_opening(self):
        self.authenticate(self.practitioner.login, PASSWORD)
        name = {"fields": {"display_name": {}}}
        for model, domain, shown in (
            (
                "safeguarding.case",
                [("id", "=", self.case.id)],
                {"name": {}, "child_id": name, "user_id": name, "state": {}},
            ),
            (
                "safeguarding.decision",
                [("case_id", "=", self.case.id)],
                {"display_name": {}, "case_id": name},
            ),
        ):
            result = self.call(model, "web_search_read", domain, shown)
            self.assertEqual(result["length"], 1)
        self.assertEqual(self.logged(), 0)
        # What no list shows is an opening (tests/test_access_paths.py).
        # A client cannot claim to be listing.
        self.call(
            "safeguarding.case",
            "read",
            self.case.ids,
            ["name"],
            context={"safeguarding_listing": True},
        )
        self.assertEqual(self.logged(), 1)

    def test_the_printed_record_is_an_opening(self):
        report = self.env["ir.actions.report"].with_user(self.practitioner)
        report._render_qweb_html(
            "safeguarding_info_sharing.safeguarding_decision_record_report",
            self.decision.ids,
        )
        self.assertEqual(self.logged(), 1)


@tagged("post_install", "-at_install")
class TestAccessLogReadOnly(HttpCase, AccessLogCommon):
    # HttpCase: the registry in test mode, whose read-only cursors really are.
    def test_a_read_on_a_read_only_cursor_stays_a_read(self):
        self.env.flush_all()
        with self.registry.cursor(readonly=True) as cr:
            env = self.env(cr=cr, user=self.practitioner)
            # No INSERT on the read-only cursor: it would fail here.
            env["safeguarding.case"].browse(self.case.id).read(["name"])
            env["safeguarding.decision"].browse(self.decision.id).read(["reason"])
            after_the_read = list(cr.postcommit._funcs)
        self.assertEqual(len(after_the_read), 1)
        self.assertEqual(self.logged(), 0)
        # Once the read is over, the opening is written in a transaction of its own.
        for write in after_the_read:
            write()
        self.assertEqual(self.logged(), 1)
