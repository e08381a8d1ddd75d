"""Each attack on the seal, replayed as its attacker would make it: by SQL without the
key (a leaked backup, a SQL console, a compromised database account), by Odoo's
administrator and by each role over JSON-RPC. Each is found by Verify or refused."""

import json
from datetime import timedelta

from lxml import html

from odoo import fields
from odoo.exceptions import UserError
from odoo.fields import Command
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models import safeguarding_integrity_mixin as integrity
from .test_integrity_seal import IntegrityCommon, IntegrityRpcCommon
from .test_rpc import ACCESS_ERROR, USER_ERROR

DECISION_REPORT = "safeguarding_info_sharing.safeguarding_decision_record_report"
OLD_HEADS = "safeguarding_info_sharing.integrity_head."
NO_HEAD = (
    "the chain has sealed records but no recorded head: records removed at its end "
    "would not show"
)
BAD_HEAD = "the chain's recorded head does not verify: it was altered or forged"
SEALED_OVER = (
    "sealed on from the chain's last record: its recorded head was missing or did "
    "not verify"
)
DOWNGRADE = "sealed in the unkeyed format 1 after its chain moved to a keyed format"
SIGNOFF = "its sign-off state differs from its sealed sign-off history"
ALTERED = "altered since it was sealed"


def cell_text(node):
    return " ".join(node.text_content().split())


class AttackCommon(IntegrityCommon):
    def finding(self, chain, what, record=None):
        """A finding as Verify words it."""
        name = f"{record.display_name}: " if record else ""
        return f"{chain} {name}{what} ({self.company.name})"

    def drop_heads(self, *model_names):
        """Delete the heads of these chains of the company, wherever they are kept."""
        self.env.flush_all()
        for model_name in model_names:
            key = f"{OLD_HEADS}{model_name}.{self.company.id}"
            self.env.cr.execute(
                "DELETE FROM ir_config_parameter WHERE key = %s OR key LIKE %s",
                [key, key + ".%"],
            )
            self.env.cr.execute("SELECT to_regclass('safeguarding_integrity_head')")
            if self.env.cr.fetchone()[0]:
                self.env.cr.execute(
                    "DELETE FROM safeguarding_integrity_head "
                    "WHERE chain = %s AND company_id = %s",
                    [model_name, self.company.id],
                )
        self.env.invalidate_all()

    def last_share(self):
        """Two recorded shares: the chains' last records are the second's."""
        self.recorded_share()
        return self.recorded_share()

    def printed_rows(self, decision, user=None):
        """label -> value of a decision's printed record, as ``user`` prints it."""
        report = self.env["ir.actions.report"].with_user(user or self.manager)
        content, _kind = report._render_qweb_html(DECISION_REPORT, decision.ids)
        page = html.fromstring(content)
        return {
            cell_text(row[0]): cell_text(row[1])
            for row in page.xpath(
                "//table[contains(@class, 'o_decision_request') "
                "or contains(@class, 'o_decision_outcome')]//tr"
            )
        }


@tagged("post_install", "-at_install")
class TestIntegrityAttacksSql(AttackCommon):
    # 1. Removing the chain's head

    def test_a_removed_last_disclosure_and_its_head_are_found(self):
        decision = self.last_share()
        self.sql(
            "DELETE FROM safeguarding_disclosure WHERE id = %s",
            decision.disclosure_ids.id,
        )
        self.drop_heads("safeguarding.disclosure")
        self.assertEqual(self.findings(), [self.finding("Information Shared", NO_HEAD)])

    def test_a_removed_decision_with_its_rows_and_heads_is_found(self):
        self.delete_decision(self.last_share())
        self.drop_heads(
            "safeguarding.decision",
            "safeguarding.decision.signoff",
            "safeguarding.disclosure",
        )
        self.assertEqual(
            self.findings(),
            [
                self.finding("Information Sharing Decision", NO_HEAD),
                self.finding("Information Shared", NO_HEAD),
                self.finding("Decision Sign-off", NO_HEAD),
            ],
        )

    def test_a_forged_head_is_reported_and_recording_goes_on(self):
        self.last_share()
        self.sql(
            "UPDATE safeguarding_integrity_head SET last_hash = 'garbage' "
            "WHERE chain = 'safeguarding.decision' AND company_id = %s",
            self.company.id,
        )
        self.assertEqual(
            self.findings(), [self.finding("Information Sharing Decision", BAD_HEAD)]
        )
        # Recording goes on, from the chain's last record, and says what is wrong.
        with self.assertLogs(integrity.__name__, "WARNING") as logged:
            later = self.recorded_share()
        self.assertEqual(
            logged.output,
            [
                (
                    f"WARNING:{integrity.__name__}:The head of the chain "
                    f"safeguarding.decision of {self.company.name} does not verify: "
                    f"{later.name} is sealed on from the chain's last record, and "
                    "Verify Integrity reports it."
                )
            ],
        )
        self.assertEqual(later.state, "recorded")
        # The practitioner recording it is told, and nobody else.
        self.env.cr.precommit.run()
        told = self.env["bus.bus"].search(
            [("message", "ilike", "Verify Integrity shows what was changed")]
        )
        self.assertEqual(
            # (database, model, id): the recorder's own channel.
            [json.loads(row.channel)[1:] for row in told],
            [["res.partner", self.practitioner.partner_id.id]],
        )
        self.assertIn(
            f"{later.name} is recorded and sealed, but the record of "
            f"{self.company.name} it joins was altered outside the product.",
            json.loads(told.message)["payload"]["message"],
        )
        self.assertEqual(
            self.findings(),
            [self.finding("Information Sharing Decision", SEALED_OVER, later)],
        )

    # 2. No downgrade to the unkeyed format

    def test_a_chain_recomputed_as_format_1_without_its_head_is_found(self):
        decision = self.recorded_share()
        later = self.recorded_share()
        self.sql(
            "UPDATE safeguarding_decision SET reason = 'Nothing of concern.' "
            "WHERE id = %s",
            decision.id,
        )
        # With the public functions alone (no key): format 1 from there to the end.
        Decision = self.env["safeguarding.decision"].sudo()
        previous = Decision.search(
            [("integrity_sequence", "=", decision.integrity_sequence - 1)]
        ).integrity_hash
        for record in decision | later:
            previous = integrity.digest_v1(previous, record._integrity_payload_v1())
            self.sql(
                "UPDATE safeguarding_decision SET integrity_hash = %s WHERE id = %s",
                previous,
                record.id,
            )
        self.drop_heads("safeguarding.decision")
        chain = "Information Sharing Decision"
        self.assertEqual(
            self.findings(),
            [
                self.finding(chain, DOWNGRADE, decision),
                self.finding(chain, DOWNGRADE, later),
                self.finding(chain, NO_HEAD),
            ],
        )

    # 3. The chain's fields are never taken from the client (see the RPC class)

    # 4. Facts a recorded decision relies on

    def test_an_emergency_signed_off_by_sql_is_found(self):
        decision = self.new_decision(
            emergency=True, emergency_reason="Collected at 3pm by the partner."
        )
        decision.action_record()
        self.assertEqual(decision.signoff_state, "submitted")
        self.assertEqual(self.findings(), [])
        self.sql(
            "UPDATE safeguarding_decision SET signoff_state = 'approved' WHERE id = %s",
            decision.id,
        )
        self.assertEqual(
            self.findings(),
            [self.finding("Information Sharing Decision", SIGNOFF, decision)],
        )
        # Signed off by a lead, it verifies.
        self.sql(
            "UPDATE safeguarding_decision SET signoff_state = 'submitted' "
            "WHERE id = %s",
            decision.id,
        )
        decision.with_user(self.lead).action_approve()
        self.assertEqual(self.findings(), [])

    def test_the_scope_of_the_consent_relied_on_is_sealed(self):
        consent = self.new_consent()
        consent.action_give()
        decision = self.record(
            self.new_decision(consent_id=consent.id, no_consent_reason=False)
        )
        self.assertEqual(self.findings(), [])
        chain = "Information Sharing Decision"
        for query, params in (
            (
                (
                    "UPDATE safeguarding_consent SET scope_information = 'Everything' "
                    "WHERE id = %s"
                ),
                (consent.id,),
            ),
            (
                (
                    "INSERT INTO safeguarding_consent_recipient_rel "
                    "(consent_id, partner_id) VALUES (%s, %s)"
                ),
                (consent.id, self.school.id),
            ),
        ):
            with self.subTest(query=query):
                self.env.cr.execute("SAVEPOINT scope")
                self.sql(query, *params)
                self.assertEqual(
                    self.findings(), [self.finding(chain, ALTERED, decision)]
                )
                self.env.cr.execute("ROLLBACK TO SAVEPOINT scope")
                self.env.invalidate_all()

    # 5. What a recorded decision prints is what was sealed

    def test_the_print_keeps_the_names_sealed_and_says_what_changed(self):
        decision = self.recorded_share()
        rows = self.printed_rows(decision)
        self.assertEqual(rows["Receiving organisation"], "Test MASH")
        # The recipient's contact renamed since: the record keeps what was recorded.
        self.mash.name = "Northbridge Children's Services"
        self.env.flush_all()
        rows = self.printed_rows(decision)
        self.assertEqual(
            rows["Receiving organisation"],
            "Test MASH (as recorded; today: Northbridge Children's Services)",
        )
        # The reference data renamed by SQL: the print keeps the sealed name.
        self.sql(
            "UPDATE safeguarding_purpose SET name = %s WHERE id = %s",
            '{"en_US": "Renamed"}',
            self.purpose.id,
        )
        rows = self.printed_rows(decision)
        self.assertEqual(
            rows["Purpose"],
            "Test referral (as recorded; today: Renamed): Refer the bruising to "
            "children's social care.",
        )

    def test_an_agreement_made_after_the_recording_is_not_printed_on_it(self):
        decision = self.recorded_share()
        day = fields.Date.context_today(decision, decision.date_decided)
        self.env["safeguarding.sharing.agreement"].with_user(self.lead).create(
            {
                "name": "Backdated protocol",
                "partner_ids": [Command.set(self.mash.ids)],
                "purpose": "Referrals.",
                "date_from": day - timedelta(days=30),
                "state": "active",
            }
        )
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertFalse(decision.sharing_agreement_id)
        rows = self.printed_rows(decision)
        self.assertEqual(
            rows["Data sharing agreement in place"],
            "None: no data sharing agreement with Test MASH is in force on "
            f"{day.strftime('%m/%d/%Y')}",
        )


@tagged("post_install", "-at_install")
class TestIntegrityAttacksRpc(IntegrityRpcCommon, AttackCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_GB")

    # 1. The heads: Odoo's administrator can neither remove nor forge them

    def test_the_administrator_cannot_remove_a_head_over_rpc(self):
        decision = self.last_share()
        # Where the heads were kept before: there are none to remove any more.
        params = self.call(
            self.admin,
            "ir.config_parameter",
            "search",
            [("key", "=like", OLD_HEADS + "%")],
        )
        self.call(self.admin, "ir.config_parameter", "unlink", params)
        heads = self.env["safeguarding.integrity.head"].search([])
        self.assertTrue(heads)
        for user in self.roles:
            for method, args in (
                ("unlink", [heads.ids]),
                ("write", [heads.ids, {"chain_length": 1}]),
                ("create", [{"chain": "safeguarding.decision", "chain_length": 1}]),
            ):
                with self.subTest(user=user.login, method=method):
                    self.assertRpcRefused(
                        ACCESS_ERROR,
                        user,
                        "safeguarding.integrity.head",
                        method,
                        *args,
                    )
        self.assertEqual(self.env["safeguarding.integrity.head"].search([]), heads)
        # The chain's last line removed in the database is still found.
        self.sql(
            "DELETE FROM safeguarding_disclosure WHERE id = %s",
            decision.disclosure_ids.id,
        )
        self.assertEqual(
            self.findings(),
            [
                self.finding(
                    "Information Shared",
                    "the chain's recorded end does not match (records removed at "
                    "its end)",
                )
            ],
        )

    def test_a_garbage_parameter_breaks_neither_recording_nor_verify(self):
        self.recorded_share()
        key = f"{OLD_HEADS}safeguarding.decision.{self.company.id}.999999999999"
        self.call(self.admin, "ir.config_parameter", "set_param", key, "garbage")
        later = self.recorded_share()
        self.assertEqual(later.state, "recorded")
        self.assertEqual(self.findings(), [])

    # 3. Client context forges no chain field

    def test_the_chain_fields_are_never_taken_from_a_context_default(self):
        Decision = self.env["safeguarding.decision"].sudo()
        Disclosure = self.env["safeguarding.disclosure"].sudo()
        draft = self.new_decision()
        vals = self.share_vals()
        vals["lawful_basis_ids"] = [Command.set(self.public_task.ids)]
        line = {
            "decision_id": draft.id,
            "description": "Dates of the two injuries",
            "fact_or_opinion": "fact",
            "recipient_id": self.mash_worker.id,
            "channel_id": self.secure_channel.id,
        }
        before = (Decision.search_count([]), Disclosure.search_count([]))
        for model, record_vals in (
            ("safeguarding.decision", vals),
            ("safeguarding.disclosure", line),
        ):
            for forged in (
                {"default_integrity_sequence": 1},
                {"default_integrity_hash": "2$" + "0" * 64},
            ):
                with self.subTest(model=model, forged=forged):
                    _error, message = self.rpc_refusal(
                        self.practitioner,
                        model,
                        "create",
                        [record_vals],
                        context=forged,
                    )
                    self.assertEqual(
                        message, "The integrity chain is written only by sealing."
                    )
        self.assertEqual(
            (Decision.search_count([]), Disclosure.search_count([])), before
        )

    # 5. Reference data named by a sealed record is neither deleted nor renamed

    def test_reference_data_of_a_sealed_record_is_kept_by_every_path(self):
        decision = self.recorded_share()
        named = (
            ("safeguarding.purpose", self.purpose),
            ("safeguarding.channel", self.secure_channel),
            ("safeguarding.lawful.basis", self.public_task),
            ("safeguarding.principle", decision.principle_ids[0].principle_id),
        )
        refused = (
            r"is named in sealed records, which must keep saying what was decided: "
            r"archive it"
        )
        for model, record in named:
            name = record.with_context(lang="en_US").name
            for label, method, args in (
                ("unlink", "unlink", [record.ids]),
                (
                    "translation en_GB",
                    "update_field_translations",
                    [record.ids, "name", {"en_GB": "Renamed"}],
                ),
                (
                    "translation en_US",
                    "update_field_translations",
                    [record.ids, "name", {"en_US": "Renamed"}],
                ),
            ):
                # The safeguarding administrator, and Odoo's, who is one.
                for user in (self.sg_admin, self.admin):
                    with self.subTest(model=model, path=label, user=user.login):
                        error, message = self.rpc_refusal(user, model, method, *args)
                        self.assertEqual(error, USER_ERROR)
                        self.assertRegex(message, refused)
            with self.subTest(model=model, path="import"):
                result = self.call(
                    self.sg_admin,
                    model,
                    "load",
                    [".id", "name"],
                    [[str(record.id), "Renamed"]],
                )
                self.assertFalse(result["ids"])
                self.assertRegex(result["messages"][0]["message"], refused)
            self.env.invalidate_all()
            self.assertTrue(record.exists())
            for lang in ("en_US", "en_GB"):
                self.assertEqual(record.with_context(lang=lang).name, name)
        # Archived, it stays named on the record.
        self.call(
            self.sg_admin, "safeguarding.purpose", "action_archive", [self.purpose.id]
        )
        self.assertFalse(self.purpose.active)
        self.assertEqual(decision.purpose_id, self.purpose)
        self.assertEqual(self.findings(), [])

    # 6. Verify's results are the server's

    def test_verify_results_are_written_by_the_server_only(self):
        self.recorded_share()
        Check = self.env["safeguarding.integrity.check"]
        result = self.call(self.lead, Check._name, "action_verify_integrity")
        check = Check.browse(result["res_id"])
        self.assertTrue(check.intact)
        line = check.line_ids[:1]
        count = Check.sudo().search_count([])
        for user in (self.lead, self.manager):
            with self.subTest(user=user.login):
                for model, method, args in (
                    (
                        Check._name,
                        "create",
                        [{"summary": "The record is intact: 9999 sealed records."}],
                    ),
                    (Check._name, "write", [check.ids, {"summary": "Intact."}]),
                    (
                        "safeguarding.integrity.check.line",
                        "write",
                        [line.ids, {"broken_count": 0, "breaks": ""}],
                    ),
                    (Check._name, "unlink", [check.ids]),
                ):
                    self.assertRpcRefused(ACCESS_ERROR, user, model, method, *args)
        self.assertEqual(Check.sudo().search_count([]), count)
        # The manager reads it; a lead of another company reads none of it.
        rows = self.call(self.manager, Check._name, "read", check.ids, ["summary"])
        self.assertEqual(rows[0]["summary"], check.summary)
        self.assertRpcRefused(
            ACCESS_ERROR, self.other_lead, Check._name, "read", check.ids, ["summary"]
        )
        self.assertEqual(
            self.call(
                self.other_lead,
                "safeguarding.integrity.check.line",
                "search",
                [("id", "in", check.line_ids.ids)],
            ),
            [],
        )


@tagged("post_install", "-at_install")
class TestIntegrityAttacksOrm(AttackCommon):
    def test_the_chain_fields_refused_from_defaults_through_the_orm_too(self):
        Decision = self.env["safeguarding.decision"].with_user(self.practitioner)
        with self.assertRefused(UserError, "written only by sealing"):
            Decision.with_context(default_integrity_sequence=1).create(
                self.share_vals()
            )
        with mute_logger("odoo.sql_db"):
            self.assertFalse(
                self.env["safeguarding.decision"]
                .sudo()
                .search([("integrity_sequence", "!=", False), ("state", "=", "draft")])
            )
