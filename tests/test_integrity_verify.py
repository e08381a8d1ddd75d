"""Verification reads each chain through one server-side cursor with the payload built
from plain values, as sealing builds it, finds a break in whatever it covers, and
writes nothing: it runs in a read-only transaction (on the replica when the server has
one)."""

import json
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from unittest.mock import patch

from odoo.tests import HttpCase, tagged
from odoo.tools import SQL, config, mute_logger

from ..models import safeguarding_integrity_mixin as integrity
from .common import RpcClient
from .test_integrity_seal import IntegrityCommon
from .test_rpc import PASSWORD

MIXIN = integrity.SafeguardingIntegrityMixin


@contextmanager
def watched_verification():
    """Each chain's verification as it runs: (its cursor, whether its transaction is
    read-only)."""
    original = MIXIN._integrity_verify
    seen = []

    def spy(model, company, anchor=None):
        model.env.cr.execute("SHOW transaction_read_only")
        seen.append((model.env.cr, model.env.cr.fetchone()[0]))
        return original(model, company, anchor)

    with patch.object(MIXIN, "_integrity_verify", spy):
        yield seen


@tagged("post_install", "-at_install")
class TestIntegrityVerify(IntegrityCommon):
    def test_the_canonical_text_is_the_one_payloads_were_sealed_with(self):
        values = {
            "text": 'Said "no" \\ to the café\u2028',
            "when": datetime(2024, 4, 1, 9, 30, 5, 120),
            "day": date(2024, 4, 1),
            "number": 7,
            "share": 1.5,
            "money": Decimal("1.20"),
            "none": None,
            "yes": True,
            "lines": [[3, "code", "Name", False], [1, None]],
            "route": {"z": [1, {"b": 2, "a": 1}], "a": "x"},
        }
        self.assertEqual(
            integrity.canonical(values),
            json.dumps(values, sort_keys=True, ensure_ascii=True, default=str),
        )
        # The rows' json is read as json.loads reads it, whatever PostgreSQL's spacing.
        for text in (
            '[[1, "art6_1_e", "Public task"], [7, null, "Caf\\u00e9"]]',
            '["secure_email", "Secure email", true]',
            ' [1, 2.5, {"b": [], "a": "x"}] ',
            '[{"a":1}, \n {"a":2}]',
            "null",
        ):
            with self.subTest(text=text):
                self.assertEqual(integrity._json_loads(text), json.loads(text))

    def test_sealing_and_verifying_build_the_same_payload(self):
        decision = self.recorded_share()
        self.new_consent()
        self.env.flush_all()
        for model_name in integrity.chained_models(self.env):
            model = self.env[model_name].sudo()
            record = model.search(
                [("integrity_sequence", "!=", False)], order="id desc", limit=1
            )
            if not record:
                continue
            version = integrity.hash_version(record.integrity_hash)
            with self.subTest(model=model_name):
                self.assertEqual(version, model._integrity_version())
                # Sealing reads every value the format covers, as verifying
                # does, and both build the one payload from them.
                for sealing in (True, False):
                    self.env.cr.execute(
                        model._integrity_select(
                            SQL("t.id = %s", record.id),
                            versions=[version],
                            sealing=sealing,
                        )
                    )
                    names = [column.name for column in self.env.cr.description]
                    # The payload's values, between the chain's columns and the
                    # seal of an anonymisation.
                    self.assertEqual(names[-1], integrity.ANONYMISED)
                    self.assertEqual(names[2:-1], list(model._integrity_names(version)))
                row = self.env.cr.fetchone()
                self.assertEqual(
                    integrity.payload(names[2:-1], row[2:-1]),
                    record._integrity_payload(),
                )
        self.assertEqual(self.findings(), [])
        self.assertTrue(decision.integrity_hash.startswith("3$"))

    def test_a_break_is_found_in_each_kind_of_value_the_payload_covers(self):
        decision = self.recorded_share()
        disclosure = decision.disclosure_ids[-1:]
        bases = decision._fields["lawful_basis_ids"]
        other_partner = self.parent
        edits = [
            # a text, a many2one, a date and time, a boolean of the decision
            ("safeguarding_decision", "reason", "'x'", decision),
            ("safeguarding_decision", "recipient_id", str(other_partner.id), decision),
            (
                "safeguarding_decision",
                "date_decided",
                "date_decided - interval '1 day'",
                decision,
            ),
            (
                "safeguarding_decision",
                "recipient_verified",
                "NOT recipient_verified",
                decision,
            ),
            # a line of what was shared: its text and its time
            ("safeguarding_disclosure", "description", "'x'", disclosure),
            (
                "safeguarding_disclosure",
                "date_shared",
                "date_shared - interval '1 second'",
                disclosure,
            ),
        ]
        for table, column, forged, record in edits:
            with self.subTest(table=table, column=column):
                self.env.cr.execute("SAVEPOINT edit")
                self.sql(
                    f"UPDATE {table} SET {column} = {forged} WHERE id = %s", record.id
                )
                findings = self.findings()
                self.assertEqual(len(findings), 1, findings)
                self.assertIn(record.display_name, findings[0])
                self.assertIn("altered since it was sealed", findings[0])
                self.env.cr.execute("ROLLBACK TO SAVEPOINT edit")
                self.env.invalidate_all()
        # A lawful basis added to a sealed decision, through its relation table.
        self.sql(
            f"INSERT INTO {bases.relation} ({bases.column1}, {bases.column2}) "
            "VALUES (%s, %s)",
            decision.id,
            self.env["safeguarding.lawful.basis"]
            .search([("id", "not in", decision.lawful_basis_ids.ids)], limit=1)
            .id,
        )
        self.assertEqual(len(self.findings()), 1)

    def test_the_chain_is_read_in_pages_and_every_break_found(self):
        decisions = [self.recorded_share() for _i in range(5)]
        Decision = self.env["safeguarding.decision"].sudo()
        length = Decision._integrity_verify(self.company)[0]
        # Pages of two: a break on the first and on the last page, and a record out
        # of place in between, are each found once.
        self.sql(
            "UPDATE safeguarding_decision SET reason = 'x' WHERE id IN %s",
            (decisions[0].id, decisions[4].id),
        )
        self.sql(
            "UPDATE safeguarding_decision SET integrity_sequence = integrity_sequence "
            "+ 1000 WHERE id = %s",
            decisions[2].id,
        )
        self.env.cr.execute("SHOW jit")
        jit = self.env.cr.fetchone()[0]
        with patch.object(integrity, "PAGE_SIZE", 2):
            checked, breaks = Decision._integrity_verify(self.company)
        # Its query ran without JIT; the transaction has the setting it had.
        self.env.cr.execute("SHOW jit")
        self.assertEqual(self.env.cr.fetchone()[0], jit)
        self.assertEqual(checked, length)
        found = {record_id: what for record_id, what in breaks if record_id}
        self.assertEqual(
            found,
            {
                decisions[0].id: "digest",
                decisions[3].id: "place",  # after the gap
                decisions[4].id: "digest",
                decisions[2].id: "place",  # moved to the end
            },
        )
        self.assertIn((False, "head"), breaks)

    def test_verifying_writes_nothing_and_stores_its_result_after(self):
        self.recorded_share()
        check = self.env["safeguarding.integrity.check"].with_user(self.lead)
        with watched_verification() as seen:
            action = check.action_verify_integrity()
        self.assertTrue(seen)
        self.assertEqual({mode for _cr, mode in seen}, {"on"})
        # The request's transaction is writable again: the result is stored.
        result = check.browse(action["res_id"])
        self.assertTrue(result.intact)
        self.env.cr.execute("SHOW transaction_read_only")
        self.assertEqual(self.env.cr.fetchone()[0], "off")

    def test_with_a_replica_verifying_uses_a_read_only_cursor_of_its_own(self):
        # Where the server has a replica (db_replica_host), verification opens a
        # read-only cursor of the registry, as Odoo does for a read-only request;
        # here none answers, so the primary is asked, in a read-only transaction.
        check = self.env["safeguarding.integrity.check"].with_user(self.lead)
        # Odoo logs the fallback to the primary as a WARNING: expected here.
        with (
            patch.dict(config.options, {"db_replica_host": ""}),
            mute_logger("odoo.modules.registry", "odoo.sql_db"),
            watched_verification() as seen,
        ):
            check._verify_chains(self.company, {})
        self.assertTrue(seen)
        self.assertEqual({mode for _cr, mode in seen}, {"on"})
        self.assertNotIn(self.env.cr, {cr for cr, _mode in seen})
        self.env.cr.execute("SHOW transaction_read_only")
        self.assertEqual(self.env.cr.fetchone()[0], "off")


@tagged("post_install", "-at_install")
class TestIntegrityVerifyRpc(RpcClient, HttpCase, IntegrityCommon):
    def test_the_menu_verifies_in_a_read_only_transaction(self):
        self.recorded_share()
        self.lead.password = PASSWORD
        self.authenticate(self.lead.login, PASSWORD)
        action = self.env.ref(
            "safeguarding_info_sharing.safeguarding_integrity_check_action"
        )
        with watched_verification() as seen:
            result = self.make_jsonrpc_request(
                "/web/action/run",
                {
                    "action_id": action.id,
                    "context": {"allowed_company_ids": [self.company.id]},
                },
            )
        self.assertEqual(len(seen), len(integrity.chained_models(self.env)))
        self.assertEqual({mode for _cr, mode in seen}, {"on"})
        check = self.env["safeguarding.integrity.check"].browse(result["res_id"])
        self.assertTrue(check.intact, check.summary)
