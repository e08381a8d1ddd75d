"""Verification reads each chain through one server-side cursor with the payload built
from plain values, as sealing builds it, and finds a break in whatever it covers."""

from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import SQL

from ..models import safeguarding_integrity_mixin as integrity
from ..wizard.safeguarding_integrity_check import CHAINED_MODELS
from .test_integrity_seal import IntegrityCommon


@tagged("post_install", "-at_install")
class TestIntegrityVerify(IntegrityCommon):
    def test_sealing_and_verifying_build_the_same_payload(self):
        decision = self.recorded_share()
        self.new_consent()
        self.env.flush_all()
        for model_name in CHAINED_MODELS:
            model = self.env[model_name].sudo()
            record = model.search([("integrity_sequence", "!=", False)], limit=1)
            if not record:
                continue
            with self.subTest(model=model_name):
                # Sealing's dict and verifying's tuple give the one payload.
                self.env.cr.execute(
                    model._integrity_select(SQL("t.id = %s", record.id))
                )
                names = [column.name for column in self.env.cr.description][2:]
                row = self.env.cr.fetchone()
                self.assertEqual(
                    integrity.payload_v2(names, row[2:]), record._integrity_payload()
                )
                # Every column the format names, and each related value, is in it.
                self.assertEqual(
                    set(names),
                    {"id", *model._integrity_columns, *model._integrity_related()},
                )
        self.assertEqual(self.findings(), [])
        self.assertTrue(decision.integrity_hash.startswith(integrity.V2_PREFIX))

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
        with patch.object(integrity, "PAGE_SIZE", 2):
            checked, breaks = Decision._integrity_verify(self.company)
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
