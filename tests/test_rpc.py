"""The access promises, checked from outside: JSON-RPC on the running server."""

from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP, PASSWORD, DecisionCommon, RpcClient

ACCESS_ERROR = "odoo.exceptions.AccessError"
USER_ERROR = "odoo.exceptions.UserError"

# Context keys a client may send, hoping to skip the lock or the checks.
BYPASS_CONTEXTS = (
    {"safeguarding_lock_lifted": True},
    {"safeguarding_lock_lifted": 1},
    {"safeguarding_lock_lifted": "LOCK_LIFTED"},
    {"force_write": True},
    {"tracking_disable": True},
    {"active_test": False},
    {"bypass_lock": 1},
    {"install_mode": True},
    {"module": "safeguarding_info_sharing"},
)


@tagged("post_install", "-at_install")
class TestRpc(RpcClient, HttpCase, DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups):
            return new_test_user(cls.env, login, groups=groups, password=PASSWORD)

        cls.r_practitioner = user("r_practitioner", GROUP + "practitioner")
        cls.r_colleague = user("r_colleague", GROUP + "practitioner")
        cls.r_lead = user("r_lead", GROUP + "lead")
        cls.r_signer = user("r_signer", GROUP + "lead")
        cls.r_manager = user("r_manager", GROUP + "manager")
        cls.r_admin = user("r_admin", GROUP + "admin")
        cls.user_admin = cls.env.ref("base.user_admin")
        cls.user_admin.password = PASSWORD
        # As installed without demo data: Odoo's administrator, in no case team.
        cls.user_admin.groups_id -= cls.env.ref(GROUP + "lead") | cls.env.ref(
            GROUP + "practitioner"
        )

        Case = cls.env["safeguarding.case"]
        cls.own_case = Case.create(
            {"child_id": cls.child.id, "user_id": cls.r_practitioner.id}
        )
        cls.other_case = Case.create(
            {"child_id": cls.child.id, "user_id": cls.r_colleague.id}
        )
        # The practitioner and the signer are named on it; the lead is not.
        cls.restricted_case = Case.create(
            {
                "child_id": cls.child.id,
                "user_id": cls.r_colleague.id,
                "member_ids": [(6, 0, (cls.r_practitioner | cls.r_signer).ids)],
                "restricted": True,
                "restriction_reason": "Child of a member of staff.",
            }
        )

        def decision(case, author):
            found = (
                cls.env["safeguarding.decision"]
                .with_user(author)
                .create(cls.share_vals(cls, case_id=case.id))
            )
            cls.confirm_principles(found)
            return found.sudo()

        cls.own_draft = decision(cls.own_case, cls.r_practitioner)
        cls.own_recorded = decision(cls.own_case, cls.r_practitioner)
        cls.own_recorded.with_user(cls.r_practitioner).action_submit()
        cls.own_recorded.with_user(cls.r_lead).action_approve()
        cls.own_recorded.with_user(cls.r_practitioner).action_record()
        cls.other_draft = decision(cls.other_case, cls.r_colleague)
        cls.other_recorded = decision(cls.other_case, cls.r_colleague)
        cls.other_recorded.with_user(cls.r_colleague).action_submit()
        cls.other_recorded.with_user(cls.r_lead).action_approve()
        cls.other_recorded.with_user(cls.r_colleague).action_record()
        cls.restricted_submitted = decision(cls.restricted_case, cls.r_colleague)
        cls.restricted_submitted.with_user(cls.r_colleague).action_submit()
        cls.other_consent = cls.env["safeguarding.consent"].create(
            {
                "case_id": cls.other_case.id,
                "given_by_id": cls.parent.id,
                "state": "given",
                "date_given": "2024-01-02 10:00:00",
                "scope_recipient_ids": [(6, 0, cls.school.ids)],
                "scope_purpose_ids": [(6, 0, cls.purpose.ids)],
            }
        )
        cls.decisions = (
            cls.own_draft
            | cls.own_recorded
            | cls.other_draft
            | cls.other_recorded
            | cls.restricted_submitted
        )
        cls.cases = cls.own_case | cls.other_case | cls.restricted_case

    # Helpers

    def state_of(self, records, *names):
        """What the database holds, read as superuser with nothing cached."""
        self.env.invalidate_all()
        return records.sudo().with_context(active_test=False).read(list(names))

    def decision_state(self):
        return (
            self.state_of(
                self.decisions, "reason", "state", "signoff_state", "decided_by_id"
            ),
            self.env["safeguarding.decision"].sudo().search_count([]),
            self.env["safeguarding.decision.signoff"].sudo().search_count([]),
        )

    # Reading and writing per role

    def test_each_role_reads_what_it_may(self):
        visible = {
            self.r_practitioner: self.own_draft
            | self.own_recorded
            | self.restricted_submitted,
            self.r_colleague: self.other_draft
            | self.other_recorded
            | self.restricted_submitted,
            self.r_lead: self.own_draft
            | self.own_recorded
            | self.other_draft
            | self.other_recorded,
            self.r_signer: self.decisions,
            self.r_manager: self.own_draft
            | self.own_recorded
            | self.other_draft
            | self.other_recorded,
        }
        for user, decisions in visible.items():
            with self.subTest(user=user.login):
                rows = self.call(
                    user,
                    "safeguarding.decision",
                    "search_read",
                    [("id", "in", self.decisions.ids)],
                    ["name", "case_id"],
                )
                self.assertEqual(
                    sorted(row["id"] for row in rows), sorted(decisions.ids)
                )
                cases = self.call(
                    user,
                    "safeguarding.case",
                    "search_read",
                    [("id", "in", self.cases.ids)],
                    ["name"],
                )
                self.assertEqual(
                    sorted(row["id"] for row in cases), sorted(decisions.case_id.ids)
                )
                self.call(
                    user, "safeguarding.decision", "read", decisions.ids, ["name"]
                )
                hidden = self.decisions - decisions
                if hidden:
                    self.assertRpcRefused(
                        ACCESS_ERROR,
                        user,
                        "safeguarding.decision",
                        "read",
                        hidden.ids,
                        ["name"],
                    )
        # Administrators configure; they read no case data at all.
        for model in ("safeguarding.decision", "safeguarding.case"):
            self.assertRpcRefused(
                ACCESS_ERROR, self.r_admin, model, "search_read", [], ["name"]
            )

    def test_each_role_writes_what_it_may(self):
        self.call(
            self.r_practitioner,
            "safeguarding.decision",
            "write",
            self.own_draft.ids,
            {"reason": "Written over RPC."},
        )
        self.assertEqual(
            self.state_of(self.own_draft, "reason")[0]["reason"], "Written over RPC."
        )
        self.call(
            self.r_practitioner,
            "safeguarding.case",
            "write",
            self.own_case.ids,
            {"color": 3},
        )
        self.assertEqual(self.state_of(self.own_case, "color")[0]["color"], 3)
        before = self.decision_state(), self.state_of(self.cases, "color")
        refused = [
            (self.r_practitioner, self.other_draft, ACCESS_ERROR, self.other_case),
            (self.r_practitioner, self.own_recorded, USER_ERROR, self.other_case),
            (
                self.r_lead,
                self.restricted_submitted,
                ACCESS_ERROR,
                self.restricted_case,
            ),
            (self.r_manager, self.own_draft, ACCESS_ERROR, self.own_case),
            (self.r_admin, self.own_draft, ACCESS_ERROR, self.own_case),
        ]
        for user, decision, error, case in refused:
            with self.subTest(user=user.login, decision=decision.name):
                self.assertRpcRefused(
                    error,
                    user,
                    "safeguarding.decision",
                    "write",
                    decision.ids,
                    {"reason": "Not allowed."},
                )
                self.assertRpcRefused(
                    ACCESS_ERROR,
                    user,
                    "safeguarding.case",
                    "write",
                    case.ids,
                    {"color": 9},
                )
        self.assertEqual(
            (self.decision_state(), self.state_of(self.cases, "color")), before
        )

    def test_recorded_decision_is_never_deleted(self):
        before = self.decision_state()
        refusals = {
            self.r_practitioner: USER_ERROR,
            self.r_lead: USER_ERROR,
            self.r_signer: USER_ERROR,
            self.r_manager: ACCESS_ERROR,
            self.r_admin: ACCESS_ERROR,
            self.user_admin: ACCESS_ERROR,
        }
        for user, error in refusals.items():
            with self.subTest(user=user.login):
                self.assertRpcRefused(
                    error,
                    user,
                    "safeguarding.decision",
                    "unlink",
                    self.own_recorded.ids,
                )
        self.assertEqual(self.decision_state(), before)

    # Public methods on records the user cannot see

    def test_public_methods_on_hidden_records(self):
        before = (
            self.decision_state(),
            self.state_of(self.other_consent, "state", "date_withdrawn"),
            self.env["safeguarding.consent.event"].sudo().search_count([]),
        )
        calls = [
            (self.r_practitioner, self.other_draft, "action_submit", ()),
            (self.r_practitioner, self.other_draft, "action_record", ()),
            (self.r_practitioner, self.other_recorded, "action_correct", ()),
            (self.r_lead, self.restricted_submitted, "action_approve", ()),
            (self.r_manager, self.restricted_submitted, "action_approve", ()),
            (self.r_admin, self.other_draft, "action_submit", ()),
            (self.r_admin, self.other_recorded, "action_correct", ()),
            # Visible, but only a lead signs off.
            (self.r_practitioner, self.restricted_submitted, "action_approve", ()),
        ]
        for user, decision, method, args in calls:
            with self.subTest(user=user.login, method=method):
                self.assertRpcRefused(
                    ACCESS_ERROR,
                    user,
                    "safeguarding.decision",
                    method,
                    decision.ids,
                    *args,
                )
        # The moves that carry the user's words go through their wizards.
        with self.subTest(user=self.r_lead.login, wizard="return"):
            self.assertRpcRefused(
                ACCESS_ERROR,
                self.r_lead,
                "safeguarding.decision.return",
                "create",
                {"decision_id": self.restricted_submitted.id, "reason": "Why?"},
            )
        for user in (self.r_practitioner, self.r_admin):
            with self.subTest(user=user.login, wizard="withdraw"):
                self.assertRpcRefused(
                    ACCESS_ERROR,
                    user,
                    "safeguarding.consent.withdraw",
                    "create",
                    {
                        "consent_id": self.other_consent.id,
                        "withdrawn_by_id": self.parent.id,
                        "date_withdrawn": "2024-02-01 10:00:00",
                        "withdrawal_method": "written",
                        "withdrawal_reason": "Changed their mind.",
                    },
                )
        self.assertEqual(
            (
                self.decision_state(),
                self.state_of(self.other_consent, "state", "date_withdrawn"),
                self.env["safeguarding.consent.event"].sudo().search_count([]),
            ),
            before,
        )

    # Context keys that try to lift the lock

    def test_context_keys_never_lift_the_lock(self):
        before = self.decision_state()
        for user in (self.r_practitioner, self.user_admin):
            error = USER_ERROR if user == self.r_practitioner else ACCESS_ERROR
            for context in BYPASS_CONTEXTS:
                with self.subTest(user=user.login, context=context):
                    self.assertRpcRefused(
                        error,
                        user,
                        "safeguarding.decision",
                        "write",
                        self.own_recorded.ids,
                        {"reason": "Rewritten."},
                        context=context,
                    )
                    # Workflow fields are refused to everyone; access is checked first.
                    self.assertRpcRefused(
                        error,
                        user,
                        "safeguarding.decision",
                        "write",
                        self.own_recorded.ids,
                        {"state": "draft"},
                        context=context,
                    )
                    self.assertRpcRefused(
                        error,
                        user,
                        "safeguarding.decision",
                        "unlink",
                        self.own_recorded.ids,
                        context=context,
                    )
        self.assertEqual(self.decision_state(), before)

    # Opening a restricted case is logged

    def access_log(self):
        self.env.invalidate_all()
        return (
            self.env["safeguarding.case.access.log"]
            .sudo()
            .search([("case_id", "in", self.cases.ids)])
        )

    def test_opening_a_restricted_case_is_logged(self):
        self.assertFalse(self.access_log())
        spec = {"name": {}, "restricted": {}}
        rows = self.call(
            self.r_practitioner,
            "safeguarding.case",
            "web_read",
            self.restricted_case.ids,
            specification=spec,
        )
        self.assertEqual(rows[0]["id"], self.restricted_case.id)
        log = self.access_log()
        self.assertEqual(len(log), 1)
        self.assertEqual(
            (log.case_id, log.user_id), (self.restricted_case, self.r_practitioner)
        )
        self.call(
            self.r_practitioner,
            "safeguarding.case",
            "web_read",
            self.own_case.ids,
            specification=spec,
        )
        self.assertEqual(self.access_log(), log)
        # The log is read by leads and managers, never by practitioners.
        self.assertRpcRefused(
            ACCESS_ERROR,
            self.r_practitioner,
            "safeguarding.case.access.log",
            "search_read",
            [],
            ["user_id"],
        )
        for user in (self.r_lead, self.r_manager):
            with self.subTest(user=user.login):
                rows = self.call(
                    user,
                    "safeguarding.case.access.log",
                    "search_read",
                    [("id", "in", log.ids)],
                    ["case_id", "user_id", "date"],
                )
                self.assertEqual([row["id"] for row in rows], log.ids)
                self.assertEqual(rows[0]["user_id"][0], self.r_practitioner.id)
        self.assertRpcRefused(
            USER_ERROR,
            self.r_lead,
            "safeguarding.case.access.log",
            "write",
            log.ids,
            {"user_id": self.r_lead.id},
        )
        self.assertEqual(self.access_log(), log)
        self.assertEqual(log.user_id, self.r_practitioner)

    # Data protection: the agreements register and breaches

    def test_register_and_breaches_from_outside(self):
        Agreement = self.env["safeguarding.sharing.agreement"].sudo()
        vals = {
            "name": "RPC protocol",
            "partner_ids": [(6, 0, self.mash.ids)],
            "purpose": "Referrals.",
            "date_from": "2026-01-01",
        }
        count = Agreement.search_count([])
        self.assertRpcRefused(
            ACCESS_ERROR, self.r_practitioner, Agreement._name, "create", [vals]
        )
        self.assertEqual(Agreement.search_count([]), count)
        [agreement_id] = self.call(self.r_lead, Agreement._name, "create", [vals])
        self.assertEqual(
            self.call(
                self.r_practitioner, Agreement._name, "read", [agreement_id], ["name"]
            ),
            [{"id": agreement_id, "name": "RPC protocol"}],
        )

        Disclosure = self.env["safeguarding.disclosure"]
        own, other = Disclosure.create(
            [
                self.disclosure_vals(decision, description="The two injuries.")
                for decision in (self.own_recorded, self.other_recorded)
            ]
        )
        Breach = self.env["safeguarding.disclosure.breach"].sudo()
        breach_vals = {
            "kind": "wrong_recipient",
            "description": "Sent to the wrong team.",
            # The reference is the server's, whatever the client sends.
            "name": "BR/FAKE",
        }
        count = Breach.search_count([])
        # Not on a case the practitioner works on, nor recorded by somebody else.
        self.assertRpcRefused(
            ACCESS_ERROR,
            self.r_practitioner,
            Breach._name,
            "create",
            [dict(breach_vals, disclosure_id=other.id)],
        )
        self.assertRpcRefused(
            USER_ERROR,
            self.r_practitioner,
            Breach._name,
            "create",
            [dict(breach_vals, disclosure_id=own.id, found_by_id=self.r_lead.id)],
        )
        self.assertEqual(Breach.search_count([]), count)
        [breach_id] = self.call(
            self.r_practitioner,
            Breach._name,
            "create",
            [dict(breach_vals, disclosure_id=own.id)],
        )
        breach = Breach.browse(breach_id)
        self.assertEqual(breach.found_by_id, self.r_practitioner)
        self.assertRegex(breach.name, r"^BR/\d{4}/\d{5}$")
        self.assertEqual(breach.case_id, self.own_case)
        for method, args in (
            ("unlink", [[breach_id]]),
            ("write", [[breach_id], {"description": "Changed"}]),
        ):
            user = self.r_practitioner if method == "unlink" else self.r_manager
            self.assertRpcRefused(ACCESS_ERROR, user, Breach._name, method, *args)
        self.assertEqual(
            self.state_of(breach, "description", "disclosure_id"),
            [
                {
                    "id": breach_id,
                    "description": "Sent to the wrong team.",
                    "disclosure_id": (own.id, own.display_name),
                }
            ],
        )
