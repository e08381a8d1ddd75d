"""Anonymising a case leaves no name of its people in free text: each person's full
name, first and last name, as typed and in any case, is replaced by their label in
every Char, Text and Html column of the case's records and of what the mail module
keeps of them; the seal still verifies, and an edit after it is still found."""

import json

from freezegun import freeze_time
from markupsafe import Markup

from odoo.tests import tagged
from odoo.tools import SQL

from ..models.safeguarding_integrity_mixin import ChainEnd, chained_models
from .common import DecisionCommon

PLANTED = " Amelia HARTLEY"
TEXT_TYPES = ("char", "text", "html")
# What a person types, or a name shows in, of what the mail module keeps.
MAIL_TEXT = {
    "mail.message": {"subject", "body", "record_name", "email_from"},
    "mail.tracking.value": {"old_value_char", "new_value_char"},
    "mail.mail": {"body_html", "email_to", "email_cc"},
    "mail.activity": {"summary", "note"},
    "ir.attachment": {"name", "description"},
}


@tagged("post_install", "-at_install")
class TestAnonymisedText(DecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.child.name = "Amelia Hartley"
        cls.parent.name = "Rosa  Hartley"  # two spaces, as typed

    def columns(self, model):
        """The free-text columns of ``model``, read from the database's own schema
        (the varchar and text columns of its Char, Text and Html fields)."""
        self.env.cr.execute(
            """SELECT column_name FROM information_schema.columns
                WHERE table_name = %s
                  AND data_type IN ('character varying', 'text')""",
            (model._table,),
        )
        policy = getattr(model, "_safeguarding", None)
        return sorted(
            name
            for (name,) in self.env.cr.fetchall()
            if name in model._fields
            and model._fields[name].type in TEXT_TYPES
            and not name.startswith("integrity_")
            # A reference is numbered by the server, never typed.
            and name != (policy and policy.reference)
            and name in MAIL_TEXT.get(model._name, {name})
        )

    def texts(self, records):
        """{(table, column, id): text} of ``records`` ({model: ids}) and of the
        messages, tracking, e-mails, activities and attachments of them."""
        self.env.flush_all()
        found = {}

        def read(model, where):
            columns = self.columns(model)
            self.env.cr.execute(
                SQL(
                    "SELECT id, %s FROM %s WHERE %s",
                    SQL(", ").join(SQL.identifier(c) for c in columns),
                    SQL.identifier(model._table),
                    where,
                )
            )
            for row_id, *values in self.env.cr.fetchall():
                for column, value in zip(columns, values, strict=True):
                    found[model._table, column, row_id] = value

        messages = []
        for model_name, ids in records.items():
            read(self.env[model_name], SQL("id IN %s", tuple(ids)))
            for mail_model in ("mail.message", "mail.activity", "ir.attachment"):
                field = "model" if mail_model == "mail.message" else "res_model"
                where = SQL(
                    "%s = %s AND res_id IN %s",
                    SQL.identifier(field),
                    model_name,
                    tuple(ids),
                )
                read(self.env[mail_model], where)
            self.env.cr.execute(
                "SELECT id FROM mail_message WHERE model = %s AND res_id IN %s",
                (model_name, tuple(ids)),
            )
            messages += [row[0] for row in self.env.cr.fetchall()]
        for mail_model in ("mail.tracking.value", "mail.mail"):
            read(self.env[mail_model], SQL("mail_message_id IN %s", tuple(messages)))
        return found

    def plant(self, found):
        """Add a name at the end of every text column ``found``, by SQL."""
        for table, column, row_id in found:
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET %s = COALESCE(%s, '') || %s WHERE id = %s",
                    SQL.identifier(table),
                    SQL.identifier(column),
                    SQL.identifier(column),
                    PLANTED,
                    row_id,
                )
            )
        self.env.invalidate_all()

    def reseal(self):
        """Seal the company's chains again from their first record, as they are now
        (the planted names in them), so that they verify before anonymising."""
        self.env.flush_all()
        for name in chained_models(self.env):
            model = self.env[name].sudo().with_context(active_test=False)
            records = model.search(
                [
                    ("company_id", "=", self.company.id),
                    ("integrity_sequence", "!=", False),
                ]
            )
            if not records:
                continue
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET integrity_sequence = NULL, integrity_hash = NULL "
                    "WHERE id IN %s",
                    SQL.identifier(model._table),
                    tuple(records.ids),
                )
            )
            self.env.cr.execute(
                "DELETE FROM safeguarding_integrity_head "
                "WHERE chain = %s AND company_id = %s",
                (name, self.company.id),
            )
            self.env.invalidate_all()
            start = ChainEnd(0, "")
            sealed, update = records._integrity_seals(start)
            model._integrity_move_head(self.company, sealed, start, update)
        self.env.invalidate_all()

    def findings(self):
        self.env.flush_all()
        self.env.invalidate_all()
        return self.env["safeguarding.integrity.check"]._verify(self.company)[0]

    def anonymise(self):
        self.env["safeguarding.case.review"].with_user(self.lead).create(
            {
                "case_id": self.case.id,
                "outcome": "anonymise",
                "reason": "Retention period over.",
            }
        ).action_confirm()
        self.env.invalidate_all()

    def closed_case_with_names(self):
        """A case whose records name the child and her mother in their free text,
        recorded and sealed, then closed."""
        self.case.person_ids.filtered(
            lambda p: p.partner_id == self.parent
        ).note = "Mother; Rosa hartley works nights."
        self.new_consent(
            scope_information="What Rosa Hartley agreed the school may know."
        )
        decision = self.record(
            self.new_decision(
                reason="Amelia told her teacher that rosa HARTLEY hit her.",
                how_much="What Amelia said, and the nurse's notes.",
            )
        )
        self.env["safeguarding.disclosure"].with_user(self.practitioner).create(
            self.disclosure_vals(decision, description="Amelia's own words.")
        )
        decision.with_user(self.practitioner).message_post(
            body=Markup(
                "<p>Spoke to AMELIA HARTLEY at school; Rosa Hartley was told.</p>"
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        self.case.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call Rosa Hartley",
            note="<p>About Amelia.</p>",
            user_id=self.practitioner.id,
        )
        self.case.with_user(self.practitioner)._close("Family moved.", "2025-01-10")
        return decision

    @freeze_time("2026-03-02")
    def test_no_name_is_left_in_any_free_text_and_the_seal_verifies(self):
        decision = self.closed_case_with_names()
        records = self.case._case_records()
        # Every model of the case's records that holds a row here is covered.
        self.assertTrue(
            {
                "safeguarding.case",
                "safeguarding.case.person",
                "safeguarding.consent",
                "safeguarding.consent.event",
                "safeguarding.decision",
                "safeguarding.decision.principle",
                "safeguarding.decision.recipient",
                "safeguarding.decision.signoff",
                "safeguarding.disclosure",
            }.issubset(records),
            sorted(records),
        )
        planted = self.texts(records)
        self.assertEqual(
            {
                ("safeguarding_decision", "reason"),
                ("safeguarding_decision", "how_much"),
                ("safeguarding_disclosure", "description"),
                ("safeguarding_case_person", "note"),
                ("safeguarding_consent", "scope_information"),
                ("mail_message", "body"),
                ("mail_activity", "note"),
            }
            - {(table, column) for table, column, _id in planted},
            set(),
        )
        self.plant(planted)
        self.reseal()
        self.assertEqual(self.findings(), [])
        sealed = (decision.integrity_sequence, decision.integrity_hash)

        self.anonymise()

        child = f"Anonymised child ({self.case.name})"
        person = f"Anonymised person ({self.case.name})"
        left = {
            place: text
            for place, text in self.texts(records).items()
            if text and ("amelia" in text.lower() or "hartley" in text.lower())
        }
        self.assertEqual(left, {})
        self.assertEqual(
            decision.reason,
            f"{child} told her teacher that {person} hit her. {child}",
        )
        self.assertEqual(
            decision.how_much, f"What {child} said, and the nurse's notes. {child}"
        )
        self.assertEqual(
            decision.disclosure_ids.description, f"{child}'s own words. {child}"
        )
        note = self.case.sudo().person_ids.filtered(
            lambda p: p.partner_id == self.parent
        )
        self.assertEqual(note.note, f"Mother; {person} works nights. {child}")
        body = decision.sudo().message_ids.filtered(
            lambda m: "at school" in (m.body or "")
        )
        self.assertEqual(
            str(body.body),
            f"<p>Spoke to {child} at school; {person} was told.</p> {child}",
        )
        # Sealed as it was, and verifying with its new text.
        self.assertEqual((decision.integrity_sequence, decision.integrity_hash), sealed)
        self.assertTrue(decision.integrity_anonymised)
        self.assertEqual(self.findings(), [])
        # An edit after the anonymisation is found.
        self.env.cr.execute(
            "UPDATE safeguarding_decision SET reason = 'Edited.' WHERE id = %s",
            (decision.id,),
        )
        findings = self.findings()
        self.assertEqual(len(findings), 1, findings)
        self.assertIn(decision.name, findings[0])

    @freeze_time("2026-03-02")
    def test_the_names_a_decision_sealed_of_its_recipient_go_too(self):
        """A decision shared with the child's mother seals her name in its snapshot
        (what it prints of its recipient, as it was): anonymised with the rest, the
        printed recipient is her label and the seal still verifies."""
        decision = self.record(self.new_decision(recipient_id=self.parent.id))
        self.assertIn("Rosa  Hartley", json.dumps(decision.integrity_snapshot))
        self.case.with_user(self.practitioner)._close("Family moved.", "2025-01-10")
        sealed = (decision.integrity_sequence, decision.integrity_hash)

        self.anonymise()

        person = f"Anonymised person ({self.case.name})"
        snapshot = json.dumps(decision.sudo().integrity_snapshot)
        self.assertNotIn("hartley", snapshot.lower())
        self.assertNotIn("rosa", snapshot.lower())
        self.assertEqual(decision.sudo()._recorded("recipient"), person)
        self.assertEqual((decision.integrity_sequence, decision.integrity_hash), sealed)
        self.assertTrue(decision.integrity_anonymised)
        self.assertEqual(self.findings(), [])

    @freeze_time("2026-03-02")
    def test_a_record_altered_before_anonymising_is_still_found(self):
        decision = self.closed_case_with_names()
        self.env.cr.execute(
            "UPDATE safeguarding_decision SET how_much = 'Everything, Amelia Hartley.' "
            "WHERE id = %s",
            (decision.id,),
        )
        self.assertEqual(len(self.findings()), 1)

        self.anonymise()

        self.assertEqual(
            decision.how_much,
            f"Everything, Anonymised child ({self.case.name}).",
        )
        self.assertFalse(decision.integrity_anonymised)
        findings = self.findings()
        self.assertEqual(len(findings), 1, findings)
        self.assertIn(decision.name, findings[0])
