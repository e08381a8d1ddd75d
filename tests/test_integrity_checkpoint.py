"""The seal anchored outside the database: a keyed checkpoint of every chain,
exported on a schedule and on demand to the folder the server's configuration names
(and mailed to the data protection officer where an outgoing mail server is set), and
Verify proving each chain still extends it, so that removing the last records with
the chains' heads and the checkpoints kept in the database is still found."""

import base64
import json
import os
import tempfile
from unittest.mock import patch

from markupsafe import Markup

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import config

from ..models.safeguarding_integrity_checkpoint import FOLDER_OPTION, checkpoint_seal
from ..models.safeguarding_integrity_mixin import (
    ChainEnd,
    chained_models,
    server_key,
)
from .test_integrity_seal import IntegrityCommon, IntegrityRpcCommon
from .test_rpc import ACCESS_ERROR

CHECKPOINT = "safeguarding.integrity.checkpoint"
HEAD_COLUMNS = (
    "chain, company_id, chain_length, last_hash, format1_boundary, sealed_over, seal"
)


class CheckpointCommon(IntegrityCommon):
    def setUp(self):
        super().setUp()
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        self.folder = folder.name
        patcher = patch.dict(config.options, {FOLDER_OPTION: self.folder})
        patcher.start()
        self.addCleanup(patcher.stop)

    def chain_ends(self, company=None):
        company = company or self.company
        return {
            name: list(self.env[name].sudo()._integrity_chain_end(company)[:2])
            for name in chained_models(self.env)
        }

    def files(self):
        return sorted(os.listdir(self.folder))

    def read_file(self, path):
        with open(path, encoding="utf-8") as file:
            return file.read()

    def parsed(self, content):
        return self.env[CHECKPOINT]._parse(content, "checkpoint.json")

    def findings_against(self, content):
        self.env.flush_all()
        self.env.invalidate_all()
        checkpoint = self.parsed(content)
        return self.env["safeguarding.integrity.check"]._verify(
            self.company, {self.company.id: checkpoint}
        )[0]


@tagged("post_install", "-at_install")
class TestIntegrityCheckpoint(CheckpointCommon):
    def test_a_checkpoint_is_exported_on_demand_to_the_folder_and_kept(self):
        self.recorded_share()
        action = self.env[CHECKPOINT].with_user(self.lead).action_export_checkpoint()
        checkpoint = self.env[CHECKPOINT].search(action["domain"])
        self.assertEqual(len(checkpoint), 1)
        self.assertEqual(
            (checkpoint.company_id, checkpoint.trigger, checkpoint.user_id),
            (self.company, "manual", self.lead),
        )
        # The file holds what the row holds: each chain's length and last digest,
        # sealed with the server's key, and nothing of any case.
        (name,) = self.files()
        self.assertEqual(checkpoint.file_path, os.path.join(self.folder, name))
        self.assertEqual(os.stat(checkpoint.file_path).st_mode & 0o777, 0o600)
        content = self.read_file(checkpoint.file_path)
        self.assertEqual(content, checkpoint.content)
        values = json.loads(content)
        seal = values.pop("seal")
        self.assertEqual(seal, checkpoint_seal(server_key(), values))
        self.assertEqual(
            values,
            {
                "kind": "safeguarding_info_sharing integrity checkpoint",
                "layout": 1,
                "database": self.env["ir.config_parameter"]
                .sudo()
                .get_param("database.uuid"),
                "company": [self.company.id, self.company.name],
                "date": values["date"],
                "chains": self.chain_ends(),
            },
        )
        self.assertEqual(
            checkpoint.sealed_count,
            sum(length for length, _last in self.chain_ends().values()),
        )
        self.assertFalse(checkpoint.mailed_to)
        # The chains extend it.
        self.assertEqual(self.findings_against(content), [])

    def test_only_those_who_verify_export_and_only_with_a_folder(self):
        for user in (self.practitioner, self.sg_admin):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env[CHECKPOINT].with_user(user).action_export_checkpoint()
        with (
            patch.dict(config.options, {FOLDER_OPTION: ""}),
            self.assertRefused(UserError, FOLDER_OPTION),
        ):
            self.env[CHECKPOINT].with_user(self.lead).action_export_checkpoint()
        self.assertEqual(self.files(), [])
        self.assertFalse(self.env[CHECKPOINT].search([]))

    def test_the_data_protection_officer_receives_the_checkpoint_alone(self):
        decision = self.recorded_share()
        dpo = self.env["res.partner"].create(
            {"name": "Dana Protection", "email": "dpo@example.com"}
        )
        self.company.safeguarding_dpo_id = dpo
        Mail = self.env["mail.mail"].sudo()
        # No outgoing mail server: the file only.
        self.env[CHECKPOINT]._export(self.company, "manual")
        self.assertFalse(Mail.search([("email_to", "ilike", "dpo@example.com")]))
        self.env["ir.mail_server"].create(
            {"name": "Agency relay", "smtp_host": "mail.example.com"}
        )
        checkpoint = self.env[CHECKPOINT]._export(self.company, "manual")
        mail = Mail.search([("email_to", "ilike", "dpo@example.com")])
        self.assertEqual(len(mail), 1)
        self.assertEqual(checkpoint.mailed_to, dpo.email_formatted)
        self.assertEqual(mail.subject, f"Integrity checkpoint of {self.company.name}")
        self.assertEqual(mail.body_html, Markup("<pre>%s</pre>") % checkpoint.content)
        self.assertEqual(
            base64.b64decode(mail.attachment_ids.datas).decode(), checkpoint.content
        )
        self.assertFalse(mail.model)
        self.assertNotIn(decision.name, mail.body_html)
        self.assertNotIn(self.case.name, mail.body_html)

    def test_the_schedule_exports_every_company(self):
        other = self.env["res.company"].create({"name": "Other Council"})
        self.env.ref(
            "safeguarding_info_sharing.ir_cron_integrity_checkpoint"
        ).method_direct_trigger()
        checkpoints = self.env[CHECKPOINT].sudo().search([])
        self.assertEqual(
            sorted(checkpoints.mapped("company_id").ids),
            sorted(self.env["res.company"].search([]).ids),
        )
        self.assertEqual(set(checkpoints.mapped("trigger")), {"scheduled"})
        self.assertEqual(len(self.files()), len(checkpoints))
        theirs = checkpoints.filtered(lambda c: c.company_id == other)
        self.assertEqual(
            json.loads(theirs.content)["chains"],
            {name: [0, ""] for name in chained_models(self.env)},
        )

    def test_a_checkpoint_changed_or_of_elsewhere_is_refused(self):
        self.recorded_share()
        content = self.env[CHECKPOINT]._export(self.company, "manual").content
        values = json.loads(content)
        values["chains"]["safeguarding.decision"][0] -= 1
        for text, message in (
            ("not json", "is not an integrity checkpoint"),
            (json.dumps({"kind": "other"}), "is not an integrity checkpoint"),
            (json.dumps(values), "does not verify: it was changed after it was"),
        ):
            with (
                self.subTest(message=message),
                self.assertRefused(UserError, message),
            ):
                self.parsed(text)
        # Sealed by this server, but of another database.
        values = json.loads(content)
        values.pop("seal")
        values["database"] = "another-database"
        values["seal"] = checkpoint_seal(server_key(), values)
        with self.assertRefused(UserError, "a checkpoint of another database"):
            self.parsed(json.dumps(values))

    def test_a_chain_resealed_with_the_key_is_found_against_an_earlier_one(self):
        decision = self.recorded_share()
        content = self.env[CHECKPOINT]._export(self.company, "manual").content
        # Whoever holds the key (the server's administrator) rewrites the decision
        # and seals it anew in its place, with its head; and removes the kept copy.
        place = decision.integrity_sequence
        Decision = self.env["safeguarding.decision"].sudo()
        previous = Decision.search(
            [
                ("integrity_sequence", "=", place - 1),
                ("company_id", "=", self.company.id),
            ]
        ).integrity_hash
        self.sql(
            "UPDATE safeguarding_decision SET reason = 'Nothing of concern.', "
            "integrity_sequence = NULL, integrity_hash = NULL, "
            "integrity_snapshot = NULL WHERE id = %s",
            decision.id,
        )
        resealed = Decision.browse(decision.id)._integrity_seal_rows(
            ChainEnd(place - 1, previous or "")
        )
        self.sql(
            "DELETE FROM safeguarding_integrity_head "
            "WHERE chain = 'safeguarding.decision' AND company_id = %s",
            self.company.id,
        )
        self.env["safeguarding.integrity.head"]._record(
            "safeguarding.decision", self.company, resealed, server_key()
        )
        self.sql("DELETE FROM safeguarding_integrity_checkpoint")
        self.assertEqual(self.findings(), [])
        self.assertEqual(
            self.findings_against(content),
            [
                (
                    f"Information Sharing Decision {decision.name}: does not hold "
                    f"the digest the checkpoint of {json.loads(content)['date']} UTC "
                    "recorded at its place: the chain was rewritten from here "
                    f"({self.company.name})"
                )
            ],
        )

    def test_verify_checks_the_latest_checkpoint_kept_in_the_database(self):
        self.recorded_share()
        checkpoint = self.env[CHECKPOINT]._export(self.company, "manual")
        check = self.env["safeguarding.integrity.check"].with_user(self.lead)
        result = check.browse(check.action_verify_integrity()["res_id"])
        self.assertTrue(result.intact)
        self.assertEqual(result.checkpoints, checkpoint.display_name)
        # A kept checkpoint rewritten in the database is reported.
        self.sql(
            "UPDATE safeguarding_integrity_checkpoint SET content = "
            'replace(content, \'"layout": 1\', \'"layout": 1, "x": 1\') '
            "WHERE id = %s",
            checkpoint.id,
        )
        self.assertEqual(
            self.findings(),
            [
                (
                    f"Safeguarding Integrity Checkpoint The seal of "
                    f"{checkpoint.display_name} does not verify: it was changed after "
                    "it was exported, or another server's key sealed it. Use a copy "
                    "kept where the database cannot reach it. "
                    f"({self.company.name})"
                )
            ],
        )


@tagged("post_install", "-at_install")
class TestIntegrityCheckpointRpc(IntegrityRpcCommon, CheckpointCommon):
    def verify_file(self, user, content, name="checkpoint.json"):
        """Verify against a checkpoint file as ``user`` does from the menu: the
        result page's record."""
        wizard = self.call(
            user,
            "safeguarding.integrity.checkpoint.verify",
            "create",
            [
                {
                    "checkpoint_file": base64.b64encode(content.encode()).decode(),
                    "checkpoint_filename": name,
                }
            ],
        )
        action = self.call(
            user, "safeguarding.integrity.checkpoint.verify", "action_verify", wizard
        )
        return self.env["safeguarding.integrity.check"].browse(action["res_id"])

    def test_a_truncation_that_removed_the_heads_is_found_against_the_file(self):
        self.recorded_share()
        # What an attacker keeps from an earlier backup: the heads as they were.
        self.env.flush_all()
        self.env.cr.execute(f"SELECT {HEAD_COLUMNS} FROM safeguarding_integrity_head")
        old_heads = self.env.cr.fetchall()
        last = self.recorded_share()
        # The day's checkpoint, exported on demand by a lead: out of the database.
        action = self.call(self.lead, CHECKPOINT, "action_export_checkpoint")
        (path,) = self.env[CHECKPOINT].search(action["domain"]).mapped("file_path")
        exported = self.read_file(path)
        self.assertTrue(self.verify_file(self.lead, exported).intact)
        # By SQL, without the key: the last decision with its lines and sign-offs
        # removed, the heads put back as they were before it, the checkpoints kept
        # in the database removed.
        self.delete_decision(last)
        self.sql("DELETE FROM safeguarding_integrity_head")
        for head in old_heads:
            self.sql(
                f"INSERT INTO safeguarding_integrity_head ({HEAD_COLUMNS}) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                *head,
            )
        self.sql("DELETE FROM safeguarding_integrity_checkpoint")
        # Within the database alone, nothing shows.
        self.assertEqual(self.findings(), [])
        # Against the exported file, each chain cut short is found.
        check = self.verify_file(self.manager, exported)
        self.assertFalse(check.intact)
        self.assertEqual(check.checkpoints, "checkpoint.json")
        ends = json.loads(exported)["chains"]
        # The checkpoint named by its date, as its file writes it.
        date_text = json.loads(exported)["date"] + " UTC"
        broken = {
            line.chain: line.breaks for line in check.line_ids if line.broken_count
        }
        expected = {}
        for model_name, chain in (
            ("safeguarding.decision", "Information Sharing Decision"),
            ("safeguarding.disclosure", "Information Shared"),
            ("safeguarding.decision.signoff", "Decision Sign-off"),
        ):
            length = ends[model_name][0]
            end = self.env[model_name].sudo()._integrity_chain_end(self.company)[0]
            expected[chain] = (
                f"the chain ends at {end} sealed records, short of the {length} the "
                f"checkpoint of {date_text} recorded: records were removed at its end"
            )
        self.assertEqual(broken, expected)

    def test_checkpoints_are_the_servers_and_their_companys(self):
        checkpoint = self.env[CHECKPOINT]._export(self.company, "manual")
        for user in (self.practitioner, self.lead, self.manager, self.sg_admin):
            for method, args in (
                ("create", [{"company_id": self.company.id, "content": "{}"}]),
                ("write", [checkpoint.ids, {"content": "{}"}]),
                ("unlink", [checkpoint.ids]),
            ):
                with self.subTest(user=user.login, method=method):
                    self.assertRpcRefused(ACCESS_ERROR, user, CHECKPOINT, method, *args)
        self.assertEqual(
            self.call(self.lead, CHECKPOINT, "read", checkpoint.ids, ["content"])[0][
                "content"
            ],
            checkpoint.content,
        )
        self.assertRpcRefused(
            ACCESS_ERROR,
            self.other_lead,
            CHECKPOINT,
            "read",
            checkpoint.ids,
            ["content"],
        )
        # Nor does a lead of another company verify against this company's file.
        wizard = self.call(
            self.other_lead,
            "safeguarding.integrity.checkpoint.verify",
            "create",
            [
                {
                    "checkpoint_file": base64.b64encode(
                        checkpoint.content.encode()
                    ).decode(),
                    "checkpoint_filename": "checkpoint.json",
                }
            ],
        )
        self.assertEqual(
            self.rpc_refusal(
                self.other_lead,
                "safeguarding.integrity.checkpoint.verify",
                "action_verify",
                wizard,
            ),
            (
                "odoo.exceptions.UserError",
                (
                    "checkpoint.json is a checkpoint of a company you are not "
                    "verifying now: select that company in the company switcher, "
                    "then verify again."
                ),
            ),
        )
