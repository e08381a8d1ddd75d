"""The 18.0.1.3.0 migration: a request held on the decision that answered it, as
earlier versions held it, becomes a request of its own; the decision's columns and
seal are untouched, and a request whose decision is recorded is answered and
sealed."""

import hashlib
import hmac
import importlib.util
import logging
import os
from datetime import datetime

from freezegun import freeze_time

from odoo.fields import Command
from odoo.modules.migration import MigrationManager
from odoo.modules.module import get_module_path, load_manifest
from odoo.tests import tagged

from ..models.safeguarding_decision import REQUEST_FIELDS
from ..models.safeguarding_integrity_head import PARAMETER_HEADS
from ..models.safeguarding_integrity_mixin import server_key
from .test_request import RequestCommon

# The columns the decision held the request in, and the request's names for them.
HELD = {
    mine: theirs
    for mine, theirs in REQUEST_FIELDS.items()
    if mine not in ("request_date", "request_rating")
}


def load_migration():
    path = os.path.join(
        get_module_path("safeguarding_info_sharing"),
        "migrations",
        "18.0.1.3.0",
        "post-migrate.py",
    )
    spec = importlib.util.spec_from_file_location("sg_post_migration_1_3_0", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Upgraded:
    """The addon as Odoo's loader hands it to the migrations: installed at
    ``installed_version``, updated to this checkout's version."""

    name = "safeguarding_info_sharing"
    state = "to upgrade"

    def __init__(self, installed_version):
        self.installed_version = installed_version
        self.data = load_manifest(self.name)


class Steps(logging.Handler):
    """The migration steps Odoo's loader says it runs, in its order."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.ran = []

    def emit(self, record):
        self.ran.append(record.getMessage())


STEP = "module safeguarding_info_sharing: Running migration [%s>] post-migrate"


def migrate_post(test, installed_version):
    """Run the addon's post-migrations as Odoo's loader does on a database at
    ``installed_version``; the versions of the steps it says it ran, in its order."""
    addon = Upgraded(installed_version)
    loader = logging.getLogger("odoo.modules.migration")
    steps = Steps()
    loader.addHandler(steps)
    level = loader.level
    loader.setLevel(logging.INFO)
    try:
        MigrationManager(test.env.cr, [addon]).migrate_module(addon, "post")
    finally:
        loader.removeHandler(steps)
        loader.setLevel(level)
    test.env.invalidate_all()
    return steps.ran


@tagged("post_install", "-at_install")
class TestRequestMigration(RequestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.migration = load_migration()
        # Requests of that time are worked in the agency's own working hours.
        cls.company.resource_calendar_id.tz = "Europe/London"

    def held_on_the_decision(self, decision, deadline=None):
        """Make ``decision`` hold its request as earlier versions did: in its own
        columns, with a free "reply due by" day, and no request of its own."""
        request = decision.request_id
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "UPDATE safeguarding_decision SET request_id = NULL, deadline = %s "
            "WHERE id = %s",
            (deadline, decision.id),
        )
        cr.execute(
            "DELETE FROM mail_activity WHERE res_model = 'safeguarding.request' "
            "AND res_id = %s",
            (request.id,),
        )
        cr.execute("DELETE FROM safeguarding_request WHERE id = %s", (request.id,))
        self.env.invalidate_all()

    def columns(self, decision):
        self.env.flush_all()
        self.env.cr.execute(
            f"SELECT {', '.join(HELD)}, date_received, deadline, integrity_hash "
            "FROM safeguarding_decision WHERE id = %s",
            (decision.id,),
        )
        return self.env.cr.fetchone()

    def old_request(self, **overrides):
        vals = {
            "trigger": "request",
            "requester_organisation_id": self.mash.id,
            "requester_id": self.mash_worker.id,
            "date_received": "2026-03-02",
            "information_requested": "Attendance and any concerns this term.",
            "statutory_basis": "s16h",
            "request_reason": "A strategy discussion.",
            "request_proportionality": "Only this term.",
            "request_function": "A rapid review.",
            "no_lawful_reason": True,
            "lawful_basis_ids": [Command.clear()],
            "discussed_with_requester": "no",
        }
        vals.update(overrides)
        with freeze_time("2026-03-02 09:00:00"):
            return self.new_decision(**vals)

    def recorded_old_request(self):
        """A refusal signed off and recorded on Tuesday 3 March 2026 at 10:00, of a
        request held on the decision, due by Wednesday."""
        decision = self.old_request(share_choice=False)
        decision.action_submit()
        decision.with_user(self.lead)._approve("Declined: the partners hold it.")
        self.held_on_the_decision(decision, deadline="2026-03-04")
        with freeze_time("2026-03-03 10:00:00"):
            decision.with_user(self.practitioner)._record(datetime(2026, 3, 3, 10))
        return decision

    def test_a_recorded_decision_s_request_becomes_an_answered_sealed_request(self):
        decision = self.recorded_old_request()
        before = self.columns(decision)
        self.assertTrue(before[-1])

        made = self.migration.link_decision_requests(self.env)

        self.assertEqual(made, decision.request_id)
        self.assertEqual(self.columns(decision), before)
        self.assertRecordValues(
            made,
            [
                {
                    **{
                        mine: decision._fields[held].convert_to_write(
                            decision[held], decision
                        )
                        for held, mine in HELD.items()
                    },
                    "organisation_id": self.mash.id,
                    "case_id": self.case.id,
                    "direction": "received",
                    "basis": "statutory",
                    "rating": False,
                    "date_request": datetime(2026, 3, 2),
                    # The end of its "reply due by" day, in London.
                    "date_due": datetime(2026, 3, 4, 23, 59, 59),
                    "user_id": self.practitioner.id,
                    "state": "answered",
                    "date_answered": datetime(2026, 3, 3, 10),
                    "answer": "not_shared",
                    # Monday 8 h, Tuesday 8:00 to 10:00 (the agency's hours).
                    "hours_to_answer": 10.0,
                    "on_time": 100,
                }
            ],
        )
        self.assertTrue(made.integrity_hash)
        for model in ("safeguarding.decision", "safeguarding.request"):
            _length, breaks = self.env[model]._integrity_verify(self.company)
            self.assertEqual(breaks, [], model)
        # Run again, it makes nothing more.
        self.assertFalse(self.migration.link_decision_requests(self.env))

    def heads_as_parameters(self):
        """Keep the company's chain heads as versions 18.0.1.0.x did: one system
        parameter each, sealed with the key, and no row in the heads' table."""
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "DELETE FROM safeguarding_integrity_head WHERE company_id = %s "
            "RETURNING chain, chain_length, last_hash",
            (self.company.id,),
        )
        for chain, length, last_hash in cr.fetchall():
            seal = hmac.new(
                server_key(),
                f"{chain}:{self.company.id}:{length}:{last_hash}".encode(),
                hashlib.sha256,
            ).hexdigest()
            cr.execute(
                "INSERT INTO ir_config_parameter (key, value) VALUES (%s, %s)",
                (
                    f"{PARAMETER_HEADS}{chain}.{self.company.id}.{length:012d}",
                    f"{length}:{last_hash}:{seal}",
                ),
            )
        self.env.invalidate_all()

    def test_an_upgrade_from_18_0_1_0_adopts_the_heads_then_makes_the_requests(self):
        decision = self.recorded_old_request()
        self.heads_as_parameters()

        ran = migrate_post(self, "18.0.1.0.3")

        # Each step once, the heads' first: the requests are sealed on the table.
        self.assertEqual(
            ran,
            [
                STEP % v
                for v in ("18.0.1.1.0", "18.0.1.2.0", "18.0.1.3.0", "18.0.1.4.0")
            ],
        )
        self.assertFalse(
            self.env["ir.config_parameter"]
            .sudo()
            .search([("key", "=like", PARAMETER_HEADS + "%")])
        )
        request = decision.request_id
        self.assertRecordValues(
            request, [{"state": "answered", "answer": "not_shared", "on_time": 100}]
        )
        self.assertTrue(request.integrity_hash)
        head = self.env["safeguarding.integrity.head"].search(
            [
                ("chain", "=", "safeguarding.request"),
                ("company_id", "=", self.company.id),
            ],
            limit=1,
        )
        self.assertEqual(head.chain_length, request.integrity_sequence)
        self.assertEqual(
            self.env["safeguarding.integrity.check"]._verify(self.company)[0], []
        )

        # A database already at 18.0.1.1.0 (released) runs the later steps, the
        # requests' last.
        self.assertEqual(
            migrate_post(self, "18.0.1.1.0"),
            [STEP % version for version in ("18.0.1.2.0", "18.0.1.3.0", "18.0.1.4.0")],
        )

    def test_a_draft_answering_a_request_answers_it_once_recorded(self):
        decision = self.old_request(
            statutory_basis="none",
            request_proportionality=False,
            request_function=False,
        )
        self.held_on_the_decision(decision)
        request = self.migration.link_decision_requests(self.env)
        self.assertRecordValues(
            request,
            [
                {
                    "state": "picked_up",
                    "basis": "informal",
                    "statutory_basis": "none",
                    "date_due": False,
                    "picked_up_by_id": self.practitioner.id,
                }
            ],
        )
        with freeze_time("2026-03-03 10:00:00"):
            self.record(decision)
        self.assertRecordValues(
            request,
            [{"state": "answered", "answer": "not_shared", "on_time": False}],
        )

    def test_a_decision_on_its_own_concern_is_left_alone(self):
        with freeze_time("2026-03-02 09:00:00"):
            decision = self.new_decision()
        self.assertFalse(self.migration.link_decision_requests(self.env))
        self.assertFalse(decision.request_id)
