#!/usr/bin/env python3
"""Fill a database with a large agency's volume of safeguarding records.

    python3 scripts/populate.py -c ODOO_CONF -d DATABASE [--scale 1.0]

At scale 1 (the default): 50,000 cases (one child and one parent each), 500,000 sharing
decisions (a third do not share), 1,000,000 disclosures, 100,000 consents with their
events, across 3 companies, 200 practitioners, 6 safeguarding leads and a manager.
``--scale 0.01`` makes a quick database of a hundredth of that.

Users, companies and organisations are made through the ORM. The bulk rows are written
with ``INSERT ... SELECT generate_series`` in batches (each batch committed, so memory
does not grow with the scale), as the ORM would write them: required fields, the
company of each row taken from its case, recorded decisions with who decided and when,
their sign-off rows (submitted by the author, approved by a lead of the company) and
principle lines, consents with their ledger of events. The integrity chains are then
sealed batch by batch by the models' own ``_seal``, in id order per company, as
recording seals them, so that ``_integrity_verify`` verifies it.

Case 1 of the run holds 1,000 decisions (the benchmark's heavy case); the others about
10 each. Every practitioner, lead and manager is ``bench.*`` (no password: the benchmark
acts through ``with_user``).
"""

import argparse
import base64
import importlib.util
import json
import os
import resource
import sys
import time
from pathlib import Path

import odoo
from odoo import SUPERUSER_ID, api, fields, models
from odoo.tools import SQL

ADDON = "safeguarding_info_sharing"
GROUP = ADDON + ".group_"

FULL = {
    "cases": 50_000,
    "decisions": 500_000,
    "disclosures": 1_000_000,
    "consents": 100_000,
}
COMPANIES = 3
PRACTITIONERS = 200
ORGANISATIONS = 40
HEAVY_CASE_DECISIONS = 1_000


def out(message):
    """Progress on stdout (a standalone script, not addon code)."""
    sys.stdout.write(message + "\n")
    sys.stdout.flush()


def shared_scenarios():
    """tests/scenarios.py, the set-up the suites share, loaded on its own: importing
    the addon's tests package would import Odoo's test framework, which logs an error
    outside a test run."""
    path = Path(__file__).resolve().parent.parent / "tests" / "scenarios.py"
    spec = importlib.util.spec_from_file_location("safeguarding_scenarios", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scenarios = shared_scenarios()
# The values of a decision to share, as the suites write them.
SHARE = scenarios.SHARE


class Populator:
    def __init__(self, env, scale, batch, hash_batch, cases=None):
        self.env = env
        self.cr = env.cr
        self.batch = batch
        self.hash_batch = hash_batch
        self.n = {key: max(1, round(value * scale)) for key, value in FULL.items()}
        self.n["cases"] = max(cases or self.n["cases"], 3)
        self.heavy = min(HEAVY_CASE_DECISIONS, self.n["decisions"] // 5)
        self.now = fields.Datetime.now()
        self.started = time.monotonic()

    # -- helpers ---------------------------------------------------------------------

    def say(self, message):
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        out(f"[{time.monotonic() - self.started:7.1f}s, {rss:5d} MB] {message}")

    def max_id(self, table):
        self.cr.execute(
            SQL("SELECT COALESCE(MAX(id), 0) FROM %s", SQL.identifier(table))
        )
        return self.cr.fetchone()[0]

    def sync_id_sequence(self, table):
        self.cr.execute(
            SQL(
                "SELECT setval(%s, (SELECT GREATEST(MAX(id), 1) FROM %s))",
                f"{table}_id_seq",
                SQL.identifier(table),
            )
        )

    def batches(self, total, what):
        """(lo, hi) ranges over 1..total; commits and reports after each one."""
        lo = 1
        while lo <= total:
            hi = min(total, lo + self.batch - 1)
            yield lo, hi
            self.cr.commit()
            self.say(f"{what}: {hi:,}/{total:,}")
            lo = hi + 1

    # -- users and reference data through the ORM --------------------------------------

    def setup_people(self):
        env = self.env
        main = env.company
        companies = main
        for index in range(2, COMPANIES + 1):
            companies |= env["res.company"].create({"name": f"Bench Agency {index}"})
        self.companies = companies.ids
        Users = env["res.users"].with_context(no_reset_password=True)
        practitioner = env.ref(GROUP + "practitioner")
        lead = env.ref(GROUP + "lead")
        manager = env.ref(GROUP + "manager")

        def user_vals(login, name, group, company_ids):
            return {
                "login": login,
                "name": name,
                "email": f"{login}@bench.example",
                "company_id": company_ids[0],
                "company_ids": [(6, 0, company_ids)],
                "groups_id": [(6, 0, [group.id])],
            }

        # Practitioner j works for company j % 3: a case of company i gets one of them.
        self.practitioners = Users.create(
            [
                user_vals(
                    f"bench.practitioner.{j:03d}",
                    f"Bench Practitioner {j:03d}",
                    practitioner,
                    [self.companies[j % COMPANIES]],
                )
                for j in range(PRACTITIONERS)
            ]
        ).ids
        self.leads = Users.create(
            [
                user_vals(
                    f"bench.lead.{c + 1}.{k}",
                    f"Bench Lead {c + 1}.{k}",
                    lead,
                    [self.companies[c]],
                )
                for c in range(COMPANIES)
                for k in (1, 2)
            ]
        ).ids
        manager_id = Users.create(
            [user_vals("bench.manager", "Bench Manager", manager, self.companies)]
        ).id
        # As an agency runs: two factors required (a new install's setting), and
        # enabled by every user (as auth_totp's wizard stores it: a secret of their
        # own), or they could not reach case data at all.
        for user in Users.browse([*self.practitioners, *self.leads, manager_id]):
            user.sudo().totp_secret = base64.b32encode(os.urandom(20)).decode()
        Partner = env["res.partner"]
        types = env["safeguarding.organisation.type"].search([])
        orgs = Partner.create(
            [
                {
                    "name": f"Bench Organisation {i:02d}",
                    "is_company": True,
                    "safeguarding_organisation_type_id": types[i % len(types)].id
                    if types
                    else False,
                }
                for i in range(ORGANISATIONS)
            ]
        )
        workers = Partner.create(
            [
                {"name": f"Bench Worker {i:02d}", "parent_id": org.id}
                for i, org in enumerate(orgs)
            ]
        )
        self.orgs, self.workers = orgs.ids, workers.ids
        self.secure_channels = (
            env["safeguarding.channel"].search([("secure", "=", True)]).ids
        )
        self.purposes = env["safeguarding.purpose"].search([]).ids
        bases = env["safeguarding.lawful.basis"].search(
            [("code", "in", ("art6_1_e", "ca1989_s47"))]
        )
        today = self.now.date()
        self.bases = bases.filtered(lambda b: b._is_valid_on(today)).ids
        self.principles = [
            (p.id, p.sequence)
            for p in env["safeguarding.principle"].search(
                [("guidance_version", "=", "2018")]
            )
        ]
        self.cr.commit()
        self.say(
            f"{COMPANIES} companies, {PRACTITIONERS} practitioners, "
            f"{len(self.leads)} leads, 1 manager, {ORGANISATIONS} organisations"
        )

    # -- cases, children, parents ------------------------------------------------------

    def common_params(self):
        return {
            "now": self.now,
            "companies": self.companies,
            "pract": self.practitioners,
            "leads": self.leads,
            "orgs": self.orgs,
            "workers": self.workers,
            "channels": self.secure_channels,
            "purposes": self.purposes,
            "C": self.n["cases"],
            "D": self.n["decisions"],
            "H": self.heavy,
            **{f"share_{name}": value for name, value in SHARE.items()},
        }

    def execute(self, query, **params):
        values = dict(self.common_params(), **params)
        self.cr.execute(query, values)

    def populate_cases(self):
        self.pbase = self.max_id("res_partner")
        self.cbase = self.max_id("safeguarding_case")
        self.case_seq = self.env["ir.sequence"].search(
            [("code", "=", "safeguarding.case")], limit=1
        )
        self.case_start = self.case_seq.number_next_actual
        span_days = 5 * 365
        # Case g (1..C) is company g % 3, led by practitioner (g % 3) + 3 * k, opened
        # between five years and 20 days ago in id order.
        for lo, hi in self.batches(self.n["cases"], "cases, children, parents"):
            params = {"lo": lo, "hi": hi, "pbase": self.pbase, "cbase": self.cbase}
            self.execute(
                """
                INSERT INTO res_partner (id, name, complete_name, company_id, type,
                       active, is_company, partner_share, commercial_partner_id, lang,
                       date_of_birth, color, create_uid, write_uid, create_date,
                       write_date)
                SELECT %(pbase)s + 2 * g - 1 + p, n, n,
                       (%(companies)s::int[])[g %% 3 + 1], 'contact', true, false,
                       true, %(pbase)s + 2 * g - 1 + p, 'en_US',
                       CASE WHEN p = 0 THEN (%(now)s::date - 2000 - g %% 4000) END,
                       0, 1, 1, %(now)s, %(now)s
                  FROM generate_series(%(lo)s, %(hi)s) g,
                       LATERAL (VALUES (0, 'Bench Child ' || lpad(g::text, 6, '0')),
                                       (1, 'Bench Parent ' || lpad(g::text, 6, '0')))
                               AS v(p, n)
                """,
                **params,
            )
            self.execute(
                """
                INSERT INTO safeguarding_case (id, name, child_id, user_id, company_id,
                       state, date_closed, close_reason, restricted, restriction_reason,
                       summary, color, create_uid, write_uid, create_date, write_date)
                SELECT %(cbase)s + g,
                       'CASE/' || extract(year FROM t)::int || '/'
                           || lpad((%(start)s + g - 1)::text, 5, '0'),
                       %(pbase)s + 2 * g - 1,
                       (%(pract)s::int[])[g %% 3 + 3 * ((g / 3) %% 66) + 1],
                       (%(companies)s::int[])[g %% 3 + 1],
                       CASE WHEN g %% 20 = 0 THEN 'closed' ELSE 'open' END,
                       CASE WHEN g %% 20 = 0
                            THEN LEAST(t + interval '200 days',
                                       %(now)s - interval '1 day')::date END,
                       CASE WHEN g %% 20 = 0 THEN 'No further action needed.' END,
                       g %% 50 = 25,
                       CASE WHEN g %% 50 = 25 THEN 'High-profile family.' END,
                       '<p>Concern raised by the school about bruising.</p>', 0,
                       (%(pract)s::int[])[g %% 3 + 3 * ((g / 3) %% 66) + 1],
                       (%(pract)s::int[])[g %% 3 + 3 * ((g / 3) %% 66) + 1], t, t
                  FROM generate_series(%(lo)s, %(hi)s) g,
                       LATERAL (SELECT %(now)s - make_interval(
                           secs => (%(span)s * (1 - (g - 1)::float8 / %(C)s) + 20)
                                   * 86400) AS t) ts
                """,
                start=self.case_start,
                span=span_days,
                **params,
            )
            self.execute(
                """
                INSERT INTO safeguarding_case_member_rel (case_id, user_id)
                SELECT %(cbase)s + g,
                       (%(pract)s::int[])[g %% 3 + 3 * ((g / 3 + 7) %% 66) + 1]
                  FROM generate_series(%(lo)s, %(hi)s) g WHERE g %% 2 = 0
                """,
                **params,
            )
            self.execute(
                """
                INSERT INTO safeguarding_case_person (case_id, company_id, sequence,
                       partner_id, role, parental_responsibility, protect_identity,
                       create_uid, write_uid, create_date, write_date)
                SELECT c.id, c.company_id, 10, c.child_id + 1, 'parent', true, false,
                       c.create_uid, c.create_uid, c.create_date, c.create_date
                  FROM safeguarding_case c
                 WHERE c.id BETWEEN %(cbase)s + %(lo)s AND %(cbase)s + %(hi)s
                """,
                **params,
            )
        for table in ("res_partner", "safeguarding_case", "safeguarding_case_person"):
            self.sync_id_sequence(table)
        self.case_seq.write({"number_next": self.case_start + self.n["cases"]})
        self.cr.commit()

    # -- consents and their events -----------------------------------------------------

    def populate_consents(self):
        kbase = self.max_id("safeguarding_consent")
        kind = dict(
            self.env["safeguarding.consent"]
            ._fields["kind"]
            ._description_selection(self.env)
        )["confidentiality"]
        # Consent k (1..K) is on case 1 + (k - 1) % C; its state by k % 10.
        for lo, hi in self.batches(self.n["consents"], "consents with events"):
            params = {"lo": lo, "hi": hi, "kbase": kbase, "cbase": self.cbase}
            self.execute(
                """
                INSERT INTO safeguarding_consent (id, name, case_id, company_id,
                       child_id, given_by_id, relationship, parental_responsibility,
                       child_competence, form, kind, scope_information, state,
                       date_requested, date_given, date_refused, date_withdrawn,
                       date_expiry, withdrawn_by_id, withdrawal_method,
                       withdrawal_reason, create_uid, write_uid, create_date,
                       write_date)
                SELECT %(kbase)s + k, %(kind)s || ': ' || p.name, c.id, c.company_id,
                       c.child_id, p.id, 'parent', true, 'not_assessed', 'written',
                       'confidentiality', 'Health and school records.', s.state,
                       t::date,
                       CASE WHEN s.state IN ('given', 'withdrawn', 'expired')
                            THEN t + interval '2 days' END,
                       CASE WHEN s.state = 'refused' THEN t + interval '2 days' END,
                       CASE WHEN s.state = 'withdrawn'
                            THEN LEAST(t + interval '30 days',
                                       %(now)s - interval '1 hour') END,
                       CASE WHEN s.state = 'expired'
                            THEN LEAST(t + interval '60 days',
                                       %(now)s - interval '1 hour') END,
                       CASE WHEN s.state = 'withdrawn' THEN p.id END,
                       CASE WHEN s.state = 'withdrawn' THEN 'written' END,
                       CASE WHEN s.state = 'withdrawn'
                            THEN 'The parent no longer agrees.' END,
                       c.user_id, c.user_id, t, t
                  FROM generate_series(%(lo)s, %(hi)s) k
                  JOIN safeguarding_case c ON c.id = %(cbase)s + 1 + (k - 1) %% %(C)s
                  JOIN res_partner p ON p.id = c.child_id + 1,
                       LATERAL (SELECT (ARRAY['requested', 'requested', 'given',
                                              'given', 'given', 'given', 'refused',
                                              'withdrawn', 'withdrawn',
                                              'expired'])[k %% 10 + 1] AS state,
                                       c.create_date + interval '1 day'
                                           + make_interval(hours => k %% 48) AS t) s
                """,
                kind=kind,
                **params,
            )
            self.execute(
                """
                INSERT INTO safeguarding_consent_recipient_rel (consent_id, partner_id)
                SELECT id, (%(orgs)s::int[])[id %% array_length(%(orgs)s::int[], 1) + 1]
                  FROM safeguarding_consent
                 WHERE id BETWEEN %(kbase)s + %(lo)s AND %(kbase)s + %(hi)s
                   AND state IN ('given', 'withdrawn', 'expired');
                INSERT INTO safeguarding_consent_safeguarding_purpose_rel
                       (safeguarding_consent_id, safeguarding_purpose_id)
                SELECT id, (%(purposes)s::int[])[1]
                  FROM safeguarding_consent
                 WHERE id BETWEEN %(kbase)s + %(lo)s AND %(kbase)s + %(hi)s
                   AND state IN ('given', 'withdrawn', 'expired');
                INSERT INTO safeguarding_consent_event (consent_id, case_id,
                       company_id, event, date, user_id, partner_id, note, create_uid,
                       write_uid, create_date, write_date)
                SELECT x.id, x.case_id, x.company_id, e.event, e.date, x.create_uid,
                       e.partner_id, e.note, x.create_uid, x.create_uid, e.date, e.date
                  FROM safeguarding_consent x,
                       LATERAL (VALUES
                           (0, 'requested', x.create_date, x.given_by_id,
                            x.scope_information),
                           (1, 'given', x.date_given, x.given_by_id, NULL),
                           (1, 'refused', x.date_refused, x.given_by_id, NULL),
                           (2, 'withdrawn', x.date_withdrawn, x.withdrawn_by_id,
                            x.withdrawal_reason),
                           (2, 'expired', x.date_expiry, NULL, NULL))
                           AS e(step, event, date, partner_id, note)
                 WHERE x.id BETWEEN %(kbase)s + %(lo)s AND %(kbase)s + %(hi)s
                   AND e.date IS NOT NULL
                 ORDER BY x.id, e.step
                """,
                **params,
            )
        for table in ("safeguarding_consent", "safeguarding_consent_event"):
            self.sync_id_sequence(table)
        self.cr.commit()

    # -- decisions, sign-offs, principles ----------------------------------------------

    def routes(self):
        from odoo.addons.safeguarding_info_sharing.models import guidance

        def route(**answers):
            outcome, steps = guidance.v2018.decide(answers)
            return outcome, json.dumps([[q, a] for q, a in steps])

        share = route(
            purpose=True, consent=False, identifiable=True, lawful_reason=True
        )
        no_purpose = route(purpose=False)
        no_lawful = route(
            purpose=True, consent=False, identifiable=True, lawful_reason=False
        )
        assert share[0] == guidance.SHARE
        assert no_purpose[0] == no_lawful[0] == guidance.DO_NOT_SHARE
        return share[1], no_purpose[1], no_lawful[1]

    def populate_decisions(self):
        self.dbase = self.max_id("safeguarding_decision")
        seq = self.env["ir.sequence"].search(
            [("code", "=", "safeguarding.decision")], limit=1
        )
        start = seq.number_next_actual
        share, no_purpose, no_lawful = self.routes()
        # Decision d (1..D): case 1 for d <= H (the heavy case), else one of cases
        # 2..C in turn. d % 3 = 0 does not share (half for want of a purpose, half
        # for want of a lawful reason); d % 5 = 0 answers a request; d % 50 = 7 is a
        # draft, the others are recorded after a lead's sign-off.
        for lo, hi in self.batches(self.n["decisions"], "decisions, sign-offs"):
            params = {"lo": lo, "hi": hi, "dbase": self.dbase, "cbase": self.cbase}
            self.execute(
                """
                WITH src AS (
                    SELECT d, CASE WHEN d <= %(H)s THEN 1
                                   ELSE 2 + (d - %(H)s - 1) %% GREATEST(%(C)s - 1, 1)
                              END AS g,
                           d %% 3 <> 0 AS share, (d / 3) %% 2 = 0 AS no_purpose,
                           d %% 5 = 0 AS request, d %% 50 <> 7 AS recorded
                      FROM generate_series(%(lo)s, %(hi)s) d
                ), src2 AS (
                    SELECT src.*, c.id AS case_id, c.company_id, c.user_id AS author,
                           (%(leads)s::int[])[(src.g %% 3) * 2 + src.d %% 2 + 1]
                               AS lead,
                           t.created,
                           t.created + make_interval(hours => 1 + (src.d * 31) %% 72)
                               AS submitted,
                           (%(workers)s::int[])
                               [src.d %% array_length(%(workers)s::int[], 1) + 1]
                               AS worker
                      FROM src
                      JOIN safeguarding_case c ON c.id = %(cbase)s + src.g,
                           LATERAL (SELECT c.create_date + (%(now)s
                                        - interval '12 days' - c.create_date)
                                        * (((src.d::bigint * 7919) %% 1000) / 1000.0)
                                        AS created) t
                ), src3 AS (
                    SELECT src2.*,
                           submitted + make_interval(hours => 1 + (d * 17) %% 48)
                               AS approved
                      FROM src2
                )
                INSERT INTO safeguarding_decision (id, name, case_id, company_id,
                       guidance_version, state, trigger, requester_organisation_id,
                       requester_id, date_received, information_requested,
                       statutory_basis, deadline, recipient_id, purpose, purpose_id,
                       legitimate_purpose_answer, legitimate_purpose, no_consent_reason,
                       has_consent, identifiable_answer, identifiable, no_lawful_reason,
                       outcome, route, how_much, recipient_verified, channel_id,
                       individual_informed, reason, discussed_with_requester,
                       date_discussed, immediate_risk, crime_suspected,
                       police_notified, decided_by_id, date_decided, signoff_state,
                       emergency, create_uid, write_uid, create_date, write_date)
                SELECT %(dbase)s + d,
                       'DEC/' || extract(year FROM created)::int || '/'
                           || lpad((%(start)s + d - 1)::text, 6, '0'),
                       case_id, company_id, '2018',
                       CASE WHEN recorded THEN 'recorded' ELSE 'draft' END,
                       CASE WHEN request THEN 'request' ELSE 'own_concern' END,
                       CASE WHEN request
                            THEN (SELECT parent_id FROM res_partner
                                   WHERE id = worker) END,
                       CASE WHEN request THEN worker END,
                       CASE WHEN request THEN created::date END,
                       CASE WHEN request
                            THEN 'Chronology of concerns since the referral.' END,
                       'none',
                       CASE WHEN request THEN created::date + 5 END,
                       worker,
                       CASE WHEN share OR NOT no_purpose THEN %(share_purpose)s END,
                       CASE WHEN share OR NOT no_purpose
                            THEN (%(purposes)s::int[])
                                 [d %% array_length(%(purposes)s::int[], 1) + 1] END,
                       CASE WHEN share OR NOT no_purpose THEN 'yes' ELSE 'no' END,
                       share OR NOT no_purpose,
                       CASE WHEN share THEN %(share_no_consent_reason)s
                            WHEN NOT no_purpose THEN 'refused' END,
                       false,
                       CASE WHEN share OR NOT no_purpose
                            THEN %(share_identifiable_answer)s END,
                       share OR NOT no_purpose,
                       NOT share AND NOT no_purpose,
                       CASE WHEN share THEN 'share' ELSE 'do_not_share' END,
                       (CASE WHEN share THEN %(r_share)s
                             WHEN no_purpose THEN %(r_no_purpose)s
                             ELSE %(r_no_lawful)s END)::jsonb,
                       CASE WHEN share THEN %(share_how_much)s END,
                       share,
                       CASE WHEN share
                            THEN (%(channels)s::int[])
                                 [d %% array_length(%(channels)s::int[], 1) + 1] END,
                       CASE WHEN share THEN %(share_individual_informed)s END,
                       %(share_reason)s,
                       CASE WHEN request AND NOT share THEN 'yes' END,
                       CASE WHEN request AND NOT share THEN approved::date END,
                       false, false, false,
                       CASE WHEN recorded THEN author END,
                       CASE WHEN recorded THEN approved + interval '10 minutes' END,
                       CASE WHEN recorded THEN 'approved' ELSE 'none' END,
                       false, author, author, created,
                       CASE WHEN recorded THEN approved + interval '10 minutes'
                            ELSE created END
                  FROM src3
                """,
                start=start,
                r_share=share,
                r_no_purpose=no_purpose,
                r_no_lawful=no_lawful,
                **params,
            )
            self.execute(
                """
                INSERT INTO safeguarding_decision_safeguarding_lawful_basis_rel
                       (safeguarding_decision_id, safeguarding_lawful_basis_id)
                SELECT x.id, b
                  FROM safeguarding_decision x, unnest(%(bases)s::int[]) b
                 WHERE x.id BETWEEN %(dbase)s + %(lo)s AND %(dbase)s + %(hi)s
                   AND x.outcome = 'share';
                INSERT INTO safeguarding_decision_principle (decision_id, case_id,
                       company_id, principle_id, sequence, confirmed, justification,
                       create_uid, write_uid, create_date, write_date)
                SELECT x.id, x.case_id, x.company_id, p.id, p.seq,
                       x.outcome = 'share',
                       CASE WHEN x.outcome = 'share' THEN 'Checked for this share.' END,
                       x.create_uid, x.create_uid, x.create_date, x.create_date
                  FROM safeguarding_decision x,
                       unnest(%(pids)s::int[], %(pseqs)s::int[]) AS p(id, seq)
                 WHERE x.id BETWEEN %(dbase)s + %(lo)s AND %(dbase)s + %(hi)s
                 ORDER BY x.id, p.seq, p.id;
                INSERT INTO safeguarding_decision_signoff (decision_id, case_id,
                       company_id, action, user_id, date, create_uid, write_uid,
                       create_date, write_date)
                SELECT x.id, x.case_id, x.company_id, s.action, s.user_id, s.date,
                       s.user_id, s.user_id, s.date, s.date
                  FROM safeguarding_decision x
                  JOIN safeguarding_case c ON c.id = x.case_id,
                       LATERAL (VALUES
                           (0, 'submit', x.create_uid,
                            x.create_date + make_interval(
                                hours => 1 + ((x.id - %(dbase)s) * 31) %% 72)),
                           (1, 'approve',
                            (%(leads)s::int[])[((c.id - %(cbase)s) %% 3) * 2
                                               + (x.id - %(dbase)s) %% 2 + 1],
                            x.date_decided - interval '10 minutes'))
                           AS s(step, action, user_id, date)
                 WHERE x.id BETWEEN %(dbase)s + %(lo)s AND %(dbase)s + %(hi)s
                   AND x.state = 'recorded'
                 ORDER BY x.id, s.step
                """,
                bases=self.bases,
                pids=[p[0] for p in self.principles],
                pseqs=[p[1] for p in self.principles],
                **params,
            )
        for table in (
            "safeguarding_decision",
            "safeguarding_decision_principle",
            "safeguarding_decision_signoff",
        ):
            self.sync_id_sequence(table)
        seq.write({"number_next": start + self.n["decisions"]})
        self.cr.commit()

    # -- disclosures -------------------------------------------------------------------

    def populate_disclosures(self):
        xbase = self.max_id("safeguarding_disclosure")
        decisions = self.n["decisions"]
        shares = decisions - decisions // 3
        # Disclosure k (1..X) lists an item shared under the s-th decision to share,
        # s = (k - 1) % S, which is decision 3 * (s / 2) + 1 + s % 2.
        for lo, hi in self.batches(self.n["disclosures"], "disclosures"):
            self.execute(
                """
                INSERT INTO safeguarding_disclosure (id, decision_id, case_id,
                       company_id, description, fact_or_opinion, historical,
                       recipient_id, recipient_organisation_id, channel_id, date_shared,
                       shared_by_id, create_uid, write_uid, create_date, write_date)
                SELECT %(xbase)s + k, x.id, x.case_id, x.company_id,
                       'Item ' || k || ': what the child said about the injuries.',
                       CASE WHEN k %% 3 = 0 THEN 'opinion' ELSE 'fact' END, false,
                       x.recipient_id, r.commercial_partner_id, x.channel_id, t.shared,
                       x.create_uid, x.create_uid, x.create_uid, t.shared, t.shared
                  FROM (SELECT k, (k - 1) %% %(S)s AS s
                          FROM generate_series(%(lo)s, %(hi)s) k) s
                  JOIN safeguarding_decision x
                    ON x.id = %(dbase)s + 3 * (s.s / 2) + 1 + s.s %% 2
                  JOIN res_partner r ON r.id = x.recipient_id,
                       LATERAL (SELECT COALESCE(x.date_decided, x.create_date)
                                       + make_interval(mins => 5 + k %% 50) AS shared)
                               t
                """,
                lo=lo,
                hi=hi,
                xbase=xbase,
                dbase=self.dbase,
                S=shares,
            )
        self.sync_id_sequence("safeguarding_disclosure")
        self.cr.commit()

    # -- mail.thread bookkeeping: the creation note and the creator as follower ------

    def populate_mail(self):
        note = self.env.ref("mail.mt_note").id
        for model, table, label in (
            ("safeguarding.case", "safeguarding_case", "Safeguarding Case created"),
            (
                "safeguarding.decision",
                "safeguarding_decision",
                "Information Sharing Decision created",
            ),
            ("safeguarding.consent", "safeguarding_consent", "Consent created"),
        ):
            self.cr.execute(
                SQL(
                    "SELECT MIN(id), MAX(id) FROM %s WHERE create_uid <> 1",
                    SQL.identifier(table),
                )
            )
            first, last = self.cr.fetchone()
            if first is None:
                continue
            for lo, hi in self.batches(last - first + 1, f"{model} chatter"):
                self.cr.execute(
                    SQL(
                        """
                        INSERT INTO mail_message (model, res_id, record_name,
                               record_company_id, message_type, subtype_id, body,
                               author_id, date, is_internal, create_uid, write_uid,
                               create_date, write_date)
                        SELECT %s, t.id, t.name, t.company_id, 'notification', %s,
                               %s, u.partner_id, t.create_date, false, t.create_uid,
                               t.create_uid, t.create_date, t.create_date
                          FROM %s t JOIN res_users u ON u.id = t.create_uid
                         WHERE t.id BETWEEN %s AND %s;
                        INSERT INTO mail_followers (res_model, res_id, partner_id)
                        SELECT %s, t.id, u.partner_id
                          FROM %s t JOIN res_users u ON u.id = t.create_uid
                         WHERE t.id BETWEEN %s AND %s
                        """,
                        model,
                        note,
                        f'<div summary="o_mail_notification"><p>{label}</p></div>',
                        SQL.identifier(table),
                        first + lo - 1,
                        first + hi - 1,
                        model,
                        SQL.identifier(table),
                        first + lo - 1,
                        first + hi - 1,
                    )
                )

    # -- whatever else the ORM would have written -----------------------------------

    def complete(self, model_name):
        """Fill the columns the INSERTs above left empty as the ORM would: defaults
        of fields never given, and stored computed or related fields (the reports'
        measures, say), recomputed through the ORM batch by batch."""
        model = self.env[model_name].sudo()
        table = model._table
        candidates = [
            field
            for field in model._fields.values()
            if field.store
            and field.column_type
            and field.name not in models.MAGIC_COLUMNS
            and field.name not in ("integrity_sequence", "integrity_hash")
        ]
        self.cr.execute(
            SQL(
                "SELECT %s FROM %s",
                SQL(", ").join(
                    SQL("COUNT(%s)", SQL.identifier(f.name)) for f in candidates
                ),
                SQL.identifier(table),
            )
        )
        empty = [
            f for f, n in zip(candidates, self.cr.fetchone(), strict=True) if not n
        ]
        computed = [f for f in empty if f.compute]
        defaults = model.default_get([f.name for f in empty if not f.compute])
        defaults = {
            name: value
            for name, value in defaults.items()
            if model._fields[name].type not in ("many2one", "one2many", "many2many")
            and value not in (False, None)
        }
        if defaults:
            self.say(f"{model_name}: defaults {sorted(defaults)}")
            self.cr.execute(
                SQL(
                    "UPDATE %s SET %s",
                    SQL.identifier(table),
                    SQL(", ").join(
                        SQL("%s = %s", SQL.identifier(name), value)
                        for name, value in defaults.items()
                    ),
                )
            )
            self.cr.commit()
        if not computed:
            return
        self.say(f"{model_name}: computing {[f.name for f in computed]}")
        last_id = 0
        while True:
            self.cr.execute(
                SQL(
                    "SELECT id FROM %s WHERE id > %s ORDER BY id LIMIT %s",
                    SQL.identifier(table),
                    last_id,
                    self.hash_batch * 5,
                )
            )
            ids = [row[0] for row in self.cr.fetchall()]
            if not ids:
                break
            records = model.browse(ids)
            for field in computed:
                self.env.add_to_compute(field, records)
            records.flush_recordset([f.name for f in computed])
            self.cr.commit()
            self.env.invalidate_all()
            last_id = ids[-1]

    def assign_retention_rules(self):
        """Each case's kinds of record (retention rules), when the addon has them."""
        field = self.env["safeguarding.case"]._fields.get("retention_policy_ids")
        if field is None:
            return
        policies = self.env[field.comodel_name].search([]).ids
        if not policies:
            self.say("no retention rules in the database: cases get none")
            return
        # Identifiers from the field's own definition, not from input.
        query = (
            f'INSERT INTO "{field.relation}" ("{field.column1}", "{field.column2}") '
            """SELECT DISTINCT %(cbase)s + g,
                      (%(policies)s::int[])[(g + k) %% %(np)s + 1]
                 FROM generate_series(%(lo)s, %(hi)s) g,
                      generate_series(0, g %% 2) k"""
        )
        for lo, hi in self.batches(self.n["cases"], "cases' retention rules"):
            self.execute(
                query,
                lo=lo,
                hi=hi,
                cbase=self.cbase,
                policies=policies,
                np=len(policies),
            )

    # -- the integrity chain, through the models' own hashing ------------------------

    def seal(self, model_name, where):
        """Seal the rows ``where`` selects into their companies' chains, in id order,
        by the model's own _seal (as recording seals them), a batch at a time, each
        batch committed."""
        model = self.env[model_name].sudo()
        sealed = last_id = 0
        while True:
            self.cr.execute(
                SQL(
                    """SELECT t.id FROM %s t
                        WHERE t.id > %s AND t.integrity_sequence IS NULL AND %s
                     ORDER BY t.id LIMIT %s""",
                    SQL.identifier(model._table),
                    last_id,
                    where,
                    self.hash_batch,
                )
            )
            ids = [row[0] for row in self.cr.fetchall()]
            if not ids:
                break
            model.browse(ids)._seal()
            self.cr.commit()
            self.env.invalidate_all()
            last_id = ids[-1]
            sealed += len(ids)
            if sealed % (self.hash_batch * 25) < self.hash_batch:
                self.say(f"{model_name} sealed: {sealed:,}")
        self.say(f"{model_name} sealed: {sealed:,} in all")

    def run(self):
        self.say(
            "populating "
            + ", ".join(f"{value:,} {key}" for key, value in self.n.items())
            + f" (heavy case: {self.heavy:,} decisions)"
        )
        self.setup_people()
        self.populate_cases()
        self.populate_consents()
        self.populate_decisions()
        self.populate_disclosures()
        self.populate_mail()
        self.assign_retention_rules()
        self.cr.commit()
        for model_name in (
            "safeguarding.case",
            "safeguarding.case.person",
            "safeguarding.consent",
            "safeguarding.consent.event",
            "safeguarding.decision",
            "safeguarding.decision.principle",
            "safeguarding.decision.signoff",
            "safeguarding.disclosure",
        ):
            self.complete(model_name)
        self.seal("safeguarding.decision", SQL("t.state = 'recorded'"))
        self.seal(
            "safeguarding.disclosure",
            SQL(
                "EXISTS (SELECT 1 FROM safeguarding_decision x "
                "WHERE x.id = t.decision_id AND x.state = 'recorded')"
            ),
        )
        # The ledgers are chained as they are written: every row.
        for model_name in (
            "safeguarding.decision.signoff",
            "safeguarding.consent.event",
            "safeguarding.advice",
        ):
            self.seal(model_name, SQL("TRUE"))
        self.say("ANALYZE")
        self.cr.execute("ANALYZE")
        self.cr.commit()
        self.say("done")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-c", "--config", required=True, help="Odoo configuration file")
    parser.add_argument("-d", "--database", required=True)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument(
        "--cases", type=int, help="number of cases, whatever the scale of the rest"
    )
    parser.add_argument("--batch", type=int, default=50_000, help="rows per INSERT")
    parser.add_argument(
        "--hash-batch", type=int, default=2_000, help="records hashed per batch"
    )
    args = parser.parse_args()
    odoo.tools.config.parse_config(["-c", args.config, "-d", args.database])
    registry = odoo.modules.registry.Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        cr.execute("SELECT 1 FROM res_users WHERE login = 'bench.manager'")
        if cr.fetchone():
            sys.exit(f"{args.database} is populated already: use a fresh database.")
        Populator(env, args.scale, args.batch, args.hash_batch, args.cases).run()


if __name__ == "__main__":
    main()
