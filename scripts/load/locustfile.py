"""The load's simulated users (locust, run headless by scripts/load.sh).

Each user logs in with ``/web/session/authenticate`` and calls the server over JSON-RPC
as the web client does (``/web/dataset/call_kw`` and ``/web/dataset/call_button``):

- practitioners open their case list, their case and its requests for information,
  then either record a decision a lead has signed off, or create a decision with 3
  disclosures (``web_save``), confirm its principles and submit it for sign-off:
  answering a request received on their case when one is still to answer; every other
  round they also log a request received about their case (a MASH enquiry rated Red,
  Amber or Green, that came up to three days before it was logged), theirs at once;
- safeguarding leads open the decisions awaiting sign-off and sign one off, log a
  request received at the front door for the practitioner of a case that is not
  restricted (it waits to be picked up), then open the received requests nobody has
  picked up and pick one up;
- managers run the Decision Analysis pivot and read the sharing log.

The watch of the requests (escalations, overdue flags) runs meanwhile as Odoo's cron
does, on its schedule (scripts/load/prepare.py sets it to every minute).

Every decision's purpose carries a token of its own; each move's outcome is appended
to ``SG_LOAD_JOURNAL`` ("<move> <sent|ok|failed> <decision id or 0> <token>") so that
the checker (scripts/load/check.py) proves what the users were told. A refusal the addon
documents (another lead is signing the decision off, or has already) is counted apart,
as "refused", never as a failure.

Every request is also written to ``SG_LOAD_REQUESTS`` (when set) with its user and the
round of the user's task it belongs to: the first round of every user is the start-up
burst (everyone logging in and opening their list at once, as at 9 a.m.), the rounds
after it the steady state (scripts/load/report.py tells them apart).
"""

import itertools
import json
import os
import random
import threading
import uuid
from datetime import UTC, datetime, timedelta

from locust import HttpUser, between, events, task

with open(os.environ["SG_LOAD_USERS"], encoding="utf-8") as _file:
    DATA = json.load(_file)
JOURNAL = os.environ["SG_LOAD_JOURNAL"]
REQUESTS = os.environ.get("SG_LOAD_REQUESTS")
THINK = float(os.environ.get("SG_LOAD_THINK", "1"))
SESSIONS = {}
if os.environ.get("SG_LOAD_SESSIONS"):
    with open(os.environ["SG_LOAD_SESSIONS"], encoding="utf-8") as _file:
        SESSIONS = json.load(_file)
_journal_lock = threading.Lock()
_logins = {role: itertools.cycle(DATA["users"][role]) for role in DATA["users"]}

# What the addon answers a lead who acts on a decision another lead is on, or has just
# decided: the documented refusals.
REFUSALS = ("Another lead is signing this decision off", "is not awaiting sign-off")
# ... and a lead who picks up a request another lead has just picked up.
PICK_UP_REFUSALS = ("is not a received request waiting to be picked up",)
# What a request's reply time runs from: it came up to this many minutes before it
# was logged (over a weekend, say), so that the watch finds some running out or overdue
# whatever the time of day (reply times count working hours).
REQUEST_AGE_MINUTES = int(os.environ.get("SG_LOAD_REQUEST_AGE_MINUTES", "4320"))
REFUSED = {"count": 0}


def journal(move, outcome, decision_id, token):
    with _journal_lock, open(JOURNAL, "a", encoding="utf-8") as file:
        file.write(f"{move} {outcome} {decision_id or 0} {token}\n")


class RpcError(Exception):
    pass


class OdooUser(HttpUser):
    abstract = True
    role = None

    def context(self):
        # Given to each request's event: who made it, and in which round of its task.
        return {"login": getattr(self, "login", ""), "round": getattr(self, "round", 0)}

    def on_start(self):
        self.round = 0
        self.login = next(_logins[self.role])
        self.seq = itertools.count(1)
        session = SESSIONS.get(self.login)
        if session:
            # Logged in once by scripts/load/login.py: hashing 57 passwords at once on
            # each run would measure the password hash, not the app.
            self.client.cookies.set("session_id", session["sid"])
            self.uid = session["uid"]
        else:
            self.uid = self.rpc(
                "login",
                "/web/session/authenticate",
                {"db": DATA["database"], "login": self.login, "password": self.login},
            )["uid"]
        self.rpc_context = {
            "lang": "en_US",
            "tz": "Europe/London",
            "uid": self.uid,
            "allowed_company_ids": [DATA["company_id"]],
        }

    def rpc(self, name, url, params, refusals=()):
        """One JSON-RPC call, timed as ``name``: its result, or RpcError."""
        payload = {"jsonrpc": "2.0", "method": "call", "id": next(self.seq)}
        payload["params"] = params
        with self.client.post(url, json=payload, name=name, catch_response=True) as r:
            try:
                body = r.json()
            except ValueError:
                r.failure(f"HTTP {r.status_code}: not JSON")
                raise RpcError(f"HTTP {r.status_code}") from None
            if "error" in body:
                error = body["error"].get("data", {}).get("message") or str(
                    body["error"]
                )
                if any(text in error for text in refusals):
                    REFUSED["count"] += 1
                    r.success()
                    raise RpcError("refused")
                r.failure(error[:300])
                raise RpcError(error)
            r.success()
            return body["result"]

    def call(self, name, model, method, *args, button=False, refusals=(), **kwargs):
        kwargs.setdefault("context", self.rpc_context)
        kind = "call_button" if button else "call_kw"
        return self.rpc(
            name,
            f"/web/dataset/{kind}/{model}/{method}",
            {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
            refusals,
        )

    def receive_request(self, case_id, user_id):
        """A MASH enquiry about ``case_id`` logged as it came, for ``user_id``: who
        logs a request for themselves has it at once; one for a colleague waits to
        be picked up."""
        came = datetime.now(UTC) - timedelta(
            minutes=random.randint(0, REQUEST_AGE_MINUTES)
        )
        self.call(
            "receive request",
            "safeguarding.request",
            "web_save",
            [],
            {
                "direction": "received",
                "case_id": case_id,
                "organisation_id": DATA["requester_organisation_id"],
                "contact_id": DATA["recipient_id"],
                "verification": "secure_channel",
                "basis": "mash",
                "rating": random.choice(("red", "amber", "green")),
                "date_request": came.strftime("%Y-%m-%d %H:%M:%S"),
                "information_requested": "What the service knows of the family. "
                + uuid.uuid4().hex,
                "request_reason": "A strategy discussion today.",
                "user_id": user_id,
            },
            specification={"name": {}, "state": {}, "date_due": {}},
        )


class Practitioner(OdooUser):
    role = "practitioner"
    fixed_count = int(os.environ.get("SG_LOAD_PRACTITIONERS", "50"))
    # A person between two decisions: reading, typing, on the phone.
    wait_time = between(20 * THINK, 60 * THINK)

    def on_start(self):
        result = super().on_start()
        self.case_id = DATA["cases"][self.login]
        return result

    @task
    def work(self):
        self.round += 1
        try:
            self.call(
                "case list",
                "safeguarding.case",
                "web_search_read",
                specification={
                    "name": {},
                    "child_id": {"fields": {"display_name": {}}},
                    "user_id": {"fields": {"display_name": {}}},
                    "state": {},
                    "restricted": {},
                },
                domain=[],
                limit=80,
                count_limit=10001,
            )
            self.call(
                "open case",
                "safeguarding.case",
                "web_read",
                [self.case_id],
                specification=DATA["case_form"],
            )
            approved = self.call(
                "my decisions",
                "safeguarding.decision",
                "web_search_read",
                specification={"name": {}, "purpose": {}},
                domain=[
                    ("case_id", "=", self.case_id),
                    ("state", "=", "draft"),
                    ("signoff_state", "=", "approved"),
                ],
                limit=5,
            )["records"]
            to_answer = self.call(
                "my requests",
                "safeguarding.request",
                "web_search_read",
                specification={"name": {}, "state": {}, "decision_ids": {}},
                domain=[
                    ("case_id", "=", self.case_id),
                    ("direction", "=", "received"),
                    ("state", "!=", "answered"),
                ],
                order="date_due, id",
                limit=5,
            )["records"]
            # A request still to answer that no decision answers yet.
            to_answer = [r for r in to_answer if not r["decision_ids"]]
            if approved:
                self.record(approved[0])
            elif to_answer:
                self.create_and_submit(request_id=to_answer[0]["id"])
            else:
                self.create_and_submit()
            if self.round % 2:
                self.receive_request(self.case_id, self.uid)
        except RpcError:
            return  # locust has counted the request's failure

    def record(self, decision):
        token = decision["purpose"].rsplit(" ", 1)[-1]
        try:
            self.call(
                "record",
                "safeguarding.decision",
                "action_record",
                [decision["id"]],
                button=True,
            )
        except RpcError:
            journal("record", "failed", decision["id"], token)
            raise
        journal("record", "ok", decision["id"], token)

    def create_and_submit(self, request_id=False):
        token = uuid.uuid4().hex
        vals = {
            "case_id": self.case_id,
            "recipient_id": DATA["recipient_id"],
            "legitimate_purpose_answer": "yes",
            "risk_of_harm_answer": "yes",
            "relevant_answer": "yes",
            "purpose": f"Refer the bruising to children's social care. {token}",
            "purpose_id": DATA["purpose_id"],
            "no_consent_reason": "risk_to_child",
            "identifiable_answer": "yes",
            "lawful_basis_ids": [[6, 0, [DATA["lawful_basis_id"]]]],
            "special_category_answer": "no",
            "criminal_offence_answer": "no",
            "confidential_answer": "no",
            "engagement_answer": "not_engaged",
            "not_engaged_reason": "not_safe",
            "how_much": "The two injuries and what the child said.",
            "recipient_verified": True,
            "channel_id": DATA["channel_id"],
            "controller_relationship": "separate",
            "individual_informed": "will_inform",
            "reason": "Two unexplained injuries; the child names the mother's partner.",
            "disclosure_ids": [
                [
                    0,
                    f"virtual_{i}",
                    {
                        "description": f"Item {i}: what the child said.",
                        "fact_or_opinion": "fact",
                        "recipient_id": DATA["recipient_id"],
                        "channel_id": DATA["channel_id"],
                    },
                ]
                for i in range(3)
            ],
        }
        if request_id:
            # Answering a request received: all that was asked is shared.
            vals.update(trigger="request", request_id=request_id, request_extent="all")
        journal("create", "sent", 0, token)
        try:
            saved = self.call(
                "create",
                "safeguarding.decision",
                "web_save",
                [],
                vals,
                specification=DATA["decision_form"],
            )
        except RpcError:
            journal("create", "failed", 0, token)
            raise
        decision_id = saved[0]["id"]
        journal("create", "ok", decision_id, token)
        self.call(
            "confirm principles",
            "safeguarding.decision",
            "action_confirm_all_principles",
            [decision_id],
            button=True,
        )
        try:
            self.call(
                "submit",
                "safeguarding.decision",
                "action_submit",
                [decision_id],
                button=True,
            )
        except RpcError:
            journal("submit", "failed", decision_id, token)
            raise
        journal("submit", "ok", decision_id, token)


class Lead(OdooUser):
    role = "lead"
    fixed_count = int(os.environ.get("SG_LOAD_LEADS", "5"))
    wait_time = between(5 * THINK, 15 * THINK)

    @task
    def work(self):
        self.round += 1
        self.sign_off()
        self.pick_up()

    def sign_off(self):
        try:
            waiting = self.call(
                "sign-off queue",
                "safeguarding.decision",
                "web_search_read",
                specification={"name": {}, "case_id": {"fields": {"display_name": {}}}},
                domain=[("state", "=", "draft"), ("signoff_state", "=", "submitted")],
                limit=20,
                order="id",
            )["records"]
            if not waiting:
                return
            decision = random.choice(waiting)
            self.call(
                "sign off",
                "safeguarding.decision",
                "action_approve",
                [decision["id"]],
                button=True,
                refusals=REFUSALS,
            )
        except RpcError:
            return  # locust has counted the request's failure

    def pick_up(self):
        """The duty lead logs a request for the practitioner of a case that is not
        restricted, then takes on one nobody has picked up yet."""
        try:
            self.receive_request(*random.choice(DATA["open_cases"]))
            waiting = self.call(
                "request queue",
                "safeguarding.request",
                "web_search_read",
                specification={
                    "name": {},
                    "rating": {},
                    "date_due": {},
                    "case_id": {"fields": {"display_name": {}}},
                },
                domain=[("direction", "=", "received"), ("state", "=", "open")],
                order="date_due, id",
                limit=20,
            )["records"]
            if not waiting:
                return
            self.call(
                "pick up",
                "safeguarding.request",
                "action_pick_up",
                [random.choice(waiting)["id"]],
                button=True,
                refusals=PICK_UP_REFUSALS,
            )
        except RpcError:
            return  # locust has counted the request's failure


class Manager(OdooUser):
    role = "manager"
    fixed_count = int(os.environ.get("SG_LOAD_MANAGERS", "2"))
    wait_time = between(10 * THINK, 30 * THINK)

    @task(2)
    def pivot(self):
        self.round += 1
        try:
            self.call(
                "pivot",
                "safeguarding.decision",
                "read_group",
                [],
                ["__count", "days_to_decision:avg", "signoff_hours:avg"],
                ["date_decided:month", "outcome"],
                lazy=False,
            )
        except RpcError:
            return  # locust has counted the request's failure

    @task(1)
    def sharing_log(self):
        self.round += 1
        try:
            self.call(
                "sharing log",
                "safeguarding.sharing.log",
                "web_search_read",
                specification={
                    "date": {},
                    "case_id": {"fields": {"display_name": {}}},
                    "kind": {},
                    "summary": {},
                    "user_id": {"fields": {"display_name": {}}},
                },
                domain=[],
                limit=80,
                count_limit=10001,
            )
        except RpcError:
            return  # locust has counted the request's failure


_requests = []


@events.request.add_listener
def _request(name, response_time, exception, context=None, start_time=None, **_kw):
    if REQUESTS and start_time is not None:
        context = context or {}
        _requests.append(
            f"{start_time:.3f},{name},{response_time:.1f},{0 if exception else 1},"
            f"{context.get('login', '')},{context.get('round', 0)}\n"
        )


@events.quitting.add_listener
def _write_requests(environment, **_kwargs):
    if REQUESTS:
        with open(REQUESTS, "w", encoding="utf-8") as file:
            file.write("start,name,ms,ok,login,round\n")
            file.writelines(_requests)


@events.quitting.add_listener
def _refusals(environment, **_kwargs):
    with open(JOURNAL, "a", encoding="utf-8") as file:
        file.write(f"refused total 0 {REFUSED['count']}\n")
