"""The seal covers the whole record, is keyed outside the database, and knows its
formats; its length is recorded, and every break is reported."""

import hashlib
import hmac

from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import config, mute_logger

from ..models import safeguarding_integrity_mixin as integrity
from ..models.safeguarding_integrity_head import PARAMETER_HEADS
from .common import GROUP, DecisionCommon, RpcClient
from .test_rpc import PASSWORD, USER_ERROR


class IntegrityCommon(DecisionCommon):
    def recorded_share(self, **overrides):
        decision = self.record(self.new_decision(**overrides))
        self.env["safeguarding.disclosure"].with_user(self.practitioner).create(
            self.disclosure_vals(decision)
        )
        return decision

    def findings(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["safeguarding.integrity.check"]._verify(self.company)[0]

    def sql(self, query, *params):
        self.env.flush_all()
        self.env.cr.execute(query, params)
        self.env.invalidate_all()

    def delete_decision(self, decision):
        """Delete a decision with its lines and sign-off rows, by SQL as whoever
        edits only the database would."""
        for table in (
            "safeguarding_disclosure",
            "safeguarding_decision_principle",
            "safeguarding_decision_signoff",
        ):
            self.sql(f"DELETE FROM {table} WHERE decision_id = %s", decision.id)
        self.sql("DELETE FROM safeguarding_decision WHERE id = %s", decision.id)


class IntegrityRpcCommon(RpcClient, HttpCase, IntegrityCommon):
    """Each role over JSON-RPC: Odoo's administrator (in no case team, as installed
    without demo data) and a lead of another company too."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.admin.groups_id -= cls.env.ref(GROUP + "lead") | cls.env.ref(
            GROUP + "practitioner"
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Council"})
        cls.other_lead = new_test_user(
            cls.env,
            "t_other_lead",
            groups=GROUP + "lead",
            company_id=cls.other_company.id,
            company_ids=cls.other_company.ids,
        )
        cls.roles = (cls.practitioner, cls.lead, cls.manager, cls.sg_admin, cls.admin)
        for user in (*cls.roles, cls.other_lead):
            user.password = PASSWORD


@tagged("post_install", "-at_install")
class TestIntegritySeal(IntegrityCommon):
    def test_the_seal_covers_what_was_decided_beyond_the_old_fields(self):
        decision = self.recorded_share()
        self.assertEqual(self.findings(), [])
        line = decision.principle_ids[0]
        # Each edit made in SQL is found, then undone so the next stands alone.
        edits = [
            ("safeguarding_decision", "state", "'draft'", "'recorded'", decision.id),
            ("safeguarding_decision", "emergency", "true", "false", decision.id),
            (
                "safeguarding_decision",
                "route",
                "'[]'::jsonb",
                "route",
                decision.id,
            ),
            (
                "safeguarding_decision_principle",
                "justification",
                "'edited'",
                "justification",
                line.id,
            ),
        ]
        for table, column, forged, _kept, record_id in edits:
            with self.subTest(column=column):
                self.env.cr.execute(f"SAVEPOINT edit_{column}")
                self.sql(
                    f"UPDATE {table} SET {column} = {forged} WHERE id = %s",
                    record_id,
                )
                findings = self.findings()
                self.assertEqual(len(findings), 1, findings)
                self.assertIn(decision.name, findings[0])
                self.assertIn("altered since it was sealed", findings[0])
                self.env.cr.execute(f"ROLLBACK TO SAVEPOINT edit_{column}")
                self.env.invalidate_all()
        # The names of the reference data it used are covered too.
        self.sql(
            "UPDATE safeguarding_channel SET name = %s WHERE id = %s",
            '{"en_US": "Fax"}',
            self.secure_channel.id,
        )
        self.assertEqual(len(self.findings()), 2)  # the decision and its disclosure

    def test_ledgers_and_advice_are_chained_too(self):
        decision = self.recorded_share()
        consent = self.new_consent()
        advice = (
            self.env["safeguarding.advice"]
            .with_user(self.practitioner)
            .create(
                {
                    "case_id": self.case.id,
                    "decision_id": decision.id,
                    "adviser_id": self.parent.id,
                    "adviser_role": "dpo",
                    "question": "May we share?",
                    "advice": "Yes, on public task.",
                    "outcome": "Shared.",
                }
            )
        )
        for record in (decision.signoff_ids, consent.event_ids, advice):
            self.assertTrue(all(record.mapped("integrity_hash")), record._name)
        self.sql(
            "UPDATE safeguarding_decision_signoff SET user_id = %s WHERE id = %s",
            self.practitioner.id,
            decision.signoff_ids.filtered(lambda r: r.action == "approve").id,
        )
        self.sql(
            "UPDATE safeguarding_advice SET advice = 'No.' WHERE id = %s", advice.id
        )
        findings = self.findings()
        self.assertEqual(len(findings), 2, findings)
        self.assertTrue(findings[0].startswith("Decision Sign-off "))
        self.assertTrue(findings[1].startswith("Advice Sought Advice from"))

    def test_every_break_is_reported_not_only_the_first(self):
        first = self.recorded_share()
        second = self.recorded_share()
        third = self.recorded_share()
        for decision in (first, third):
            self.sql(
                "UPDATE safeguarding_decision SET reason = 'x' WHERE id = %s",
                decision.id,
            )
        findings = [f for f in self.findings() if "Information Sharing" in f]
        self.assertEqual(len(findings), 2, findings)
        self.assertIn(first.name, findings[0])
        self.assertIn(third.name, findings[1])
        self.assertNotIn(second.name, " ".join(findings))

    def test_removing_the_last_records_is_found(self):
        self.recorded_share()
        last = self.recorded_share()
        self.sql("DELETE FROM safeguarding_disclosure WHERE decision_id = %s", last.id)
        self.sql(
            "DELETE FROM safeguarding_decision_principle WHERE decision_id = %s",
            last.id,
        )
        self.sql(
            "UPDATE safeguarding_decision SET integrity_sequence = NULL, "
            "integrity_hash = NULL WHERE id = %s",
            last.id,
        )
        findings = self.findings()
        self.assertEqual(
            [f for f in findings if f.startswith("Information Sharing Decision")],
            [
                (
                    "Information Sharing Decision the chain's recorded end does not "
                    f"match (records removed at its end) ({self.company.name})"
                )
            ],
        )
        self.assertTrue(
            any(
                f.startswith("Information Shared the chain's recorded end")
                for f in findings
            )
        )

    def test_the_digest_is_keyed_by_the_server_not_the_database(self):
        decision = self.recorded_share()
        self.recorded_share()  # not the last: the chain's head stays out of it
        payload = decision._integrity_payload()
        previous = (
            self.env["safeguarding.decision"]
            .sudo()
            .search(
                [("integrity_sequence", "=", decision.integrity_sequence - 1)],
                limit=1,
            )
            .integrity_hash
            if decision.integrity_sequence > 1
            else ""
        )
        unkeyed = hashlib.sha256(f"{previous}|{payload}".encode()).hexdigest()
        self.assertNotIn(unkeyed, decision.integrity_hash)
        # An attacker with the database alone recomputes what the public code says:
        self.sql(
            "UPDATE safeguarding_decision SET reason = 'x', integrity_hash = %s "
            "WHERE id = %s",
            "3$" + unkeyed,
            decision.id,
        )
        # The forged record, and the next one, whose link no longer holds.
        findings = self.findings()
        self.assertEqual(len(findings), 2, findings)
        self.assertIn(decision.name, findings[0])
        # Without the server's key nothing is sealed, and the message says why.
        key = config.options.pop(integrity.KEY_OPTION)
        try:
            draft = self.new_decision()
            # Submitting writes a sign-off row, sealed as it is written.
            with self.assertRefused(UserError, "no integrity key"):
                draft.action_submit()
            self.env.invalidate_all()
            self.assertEqual((draft.state, draft.signoff_state), ("draft", "none"))
            self.assertFalse(draft.signoff_ids)
        finally:
            config.options[integrity.KEY_OPTION] = key

    def test_format_1_records_still_verify_below_their_boundary(self):
        decision = self.recorded_share()
        # The chain as format 1 sealed it (unkeyed SHA-256 over the old fields),
        # its head a system parameter, as an upgrade finds it.
        Decision = self.env["safeguarding.decision"].sudo()
        previous = ""
        for record in Decision.search(
            [
                ("integrity_sequence", "!=", False),
                ("company_id", "=", self.company.id),
            ],
            order="integrity_sequence",
        ):
            previous = integrity.digest_v1(previous, record._integrity_payload_v1())
            self.sql(
                "UPDATE safeguarding_decision SET integrity_hash = %s WHERE id = %s",
                previous,
                record.id,
            )
        length = decision.integrity_sequence
        old_seal = hmac.new(
            integrity.server_key(),
            f"safeguarding.decision:{self.company.id}:{length}:{previous}".encode(),
            hashlib.sha256,
        ).hexdigest()
        self.sql(
            "DELETE FROM safeguarding_integrity_head WHERE chain = %s",
            "safeguarding.decision",
        )
        self.sql(
            "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)",
            f"{PARAMETER_HEADS}safeguarding.decision.{self.company.id}.{length:012d}",
            f"{length}:{previous}:{old_seal}",
        )
        # The upgrade moves the heads into their table, each chain's boundary where
        # its first keyed record is: here, after its last one.
        self.env["safeguarding.integrity.head"]._adopt_parameter_heads()
        head = self.env["safeguarding.integrity.head"].search(
            [
                ("chain", "=", "safeguarding.decision"),
                ("company_id", "=", self.company.id),
            ]
        )
        self.assertEqual(
            head.read(["chain_length", "last_hash", "format1_boundary", "sealed_over"])[
                0
            ],
            {
                "id": head.id,
                "chain_length": length,
                "last_hash": previous,
                "format1_boundary": length,
                "sealed_over": 0,
            },
        )
        self.assertFalse(
            self.env["ir.config_parameter"]
            .sudo()
            .search([("key", "=like", PARAMETER_HEADS + "%")])
        )
        self.assertEqual(self.findings(), [])
        self.assertEqual(integrity.hash_version(decision.integrity_hash), 1)
        # An edit is found; what is sealed after the upgrade is keyed.
        later = self.recorded_share()
        self.assertEqual(integrity.hash_version(later.integrity_hash), 3)
        self.assertEqual(self.findings(), [])
        self.sql(
            "UPDATE safeguarding_decision SET reason = 'x' WHERE id = %s", decision.id
        )
        self.assertEqual(len(self.findings()), 1)

    def test_reference_data_named_in_sealed_records_cannot_be_renamed(self):
        self.recorded_share()
        admin = self.sg_admin
        for record, vals in (
            (self.secure_channel, {"name": "Renamed"}),
            (self.secure_channel, {"secure": False}),
            (self.purpose, {"code": "renamed"}),
            (self.public_task, {"name": "Renamed"}),
            (self.principles[0], {"name": "Renamed"}),
        ):
            with (
                self.subTest(record=record.display_name, vals=vals),
                self.assertRefused(UserError, "archive it and create a new entry"),
            ):
                record.with_user(admin).write(vals)
        # What the sealed records do not name, and unchanged values, stay writable.
        self.secure_channel.with_user(admin).write(
            {"name": self.secure_channel.name, "sequence": 99}
        )
        self.open_channel.with_user(admin).write({"name": "Plain email (renamed)"})
        self.assertEqual(self.findings(), [])


@tagged("post_install", "-at_install")
class TestIntegrityRpc(RpcClient, HttpCase, IntegrityCommon):
    def test_a_forged_seal_is_refused_on_create(self):
        self.practitioner.password = PASSWORD
        Decision = self.env["safeguarding.decision"].sudo()
        before = Decision.search_count([])
        vals = self.share_vals()
        vals["lawful_basis_ids"] = [Command.set(self.public_task.ids)]
        for forged in ({"integrity_sequence": 1}, {"integrity_hash": "2$" + "0" * 64}):
            with (
                self.subTest(forged=forged),
                mute_logger("odoo.http"),
                self.assertRaises(JsonRpcException) as caught,
            ):
                self.call(
                    self.practitioner,
                    "safeguarding.decision",
                    "create",
                    [dict(vals, **forged)],
                )
            self.assertEqual(str(caught.exception), USER_ERROR)
        self.assertEqual(Decision.search_count([]), before)
