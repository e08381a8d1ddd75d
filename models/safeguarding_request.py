import logging
from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_date, html2plaintext

from .nullable_fields import NullableFloat, NullableInteger
from .res_partner import nhs_number_is_valid
from .safeguarding_integrity_mixin import IntegrityFormat
from .safeguarding_policy import SEE, WORK, CaseData
from .safeguarding_reply_time import RATINGS, hours_between, plan

_logger = logging.getLogger(__name__)

RECEIVED = "received"
SENT = "sent"
OPEN = "open"
PICKED_UP = "picked_up"
ANSWERED = "answered"
# The statutory sections a request can be made under, and the catalogue entry of
# each: the request is accepted only on the days the catalogue holds it in force.
STATUTORY_BASES = [
    ("none", "No statutory basis"),
    ("s16h", "Children Act 2004 s16H (safeguarding partners)"),
    ("s14b", "Children Act 2004 s14B (LSCB)"),
    ("s47", "Children Act 1989 s47(9) (assisting a local authority's enquiries)"),
]
STATUTORY_REQUEST_BASES = {
    "s16h": "ca2004_s16h",
    "s14b": "ca2004_s14b",
    "s47": "ca1989_s47_9",
}
# What the request says and when it came: what a decision answering it answers.
# Once one of its decisions is submitted or recorded, they no longer change.
FACT_FIELDS = frozenset(
    {
        "direction",
        "organisation_id",
        "contact_id",
        "verification",
        "verification_note",
        "basis",
        "statutory_basis",
        "information_requested",
        "request_reason",
        "request_proportionality",
        "request_function",
        "date_request",
        "rating",
        "referrer_id",
    }
)
# A Red request is picked up within the first quarter of its reply time; any request
# is about to run out in the last quarter.
PICK_UP_SHARE = 0.25
WARNING_SHARE = 0.75
ANSWER_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_request_answer"
WATCH_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_request_watch"
ESCALATION_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_request_escalated"
AWAIT_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_request_awaited"
CHASE_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_request_chase"
REPLY_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_request_reply"
REFERRER_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_request_referrer"
# The activities that watch an open request: closed when it is answered.
WATCHING_ACTIVITIES = (
    ANSWER_ACTIVITY,
    WATCH_ACTIVITY,
    ESCALATION_ACTIVITY,
    AWAIT_ACTIVITY,
    CHASE_ACTIVITY,
)
REPLY_TEMPLATE = "safeguarding_info_sharing.mail_template_requester_reply"
LEAD_GROUP = "safeguarding_info_sharing.group_lead"
PRACTITIONER_GROUP = "safeguarding_info_sharing.group_practitioner"
# The escalations the watch makes, each once: (stamp field, why, in words).
ESCALATIONS = ("pick_up", "running_out", "overdue")
# The statistics the reports compute over the hours to answer, by their aggregator.
PERCENTILES = {"median": 0.5, "p90": 0.9}


class SafeguardingRequest(models.Model):
    """A request for information: received by the agency (a MASH enquiry, a
    statutory request, an informal one) and answered by one or more decisions, or
    sent by the agency to a partner and answered by the partner's reply.

    Its rating gives its reply time, in the agency's working hours (or round the
    clock where its protocol says so): it is due then, watched in My Work and
    escalated to the duty lead. Answered, it keeps the time it took and is sealed."""

    _name = "safeguarding.request"
    _description = "Request for Information"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.case.record.mixin",
        "safeguarding.record.lock.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.reader.mixin",
    ]
    _order = "date_due, date_request desc, id desc"
    _check_company_auto = True
    _integrity_order = 80
    # Received or sent, for ever. It is picked up, answered and escalated by its own
    # moves only, from creation on. The reply time in force when it came, and when
    # it falls due, are computed from its rating and when it came: the server's.
    _safeguarding = CaseData(
        reference="name",
        fixed=("direction",),
        server=(
            "state",
            "date_picked_up",
            "picked_up_by_id",
            "date_answered",
            "hours_to_answer",
            "on_time",
            "answer",
            "date_escalated_pick_up",
            "date_escalated_running_out",
            "date_escalated_overdue",
        ),
        moves={
            "pick_up": ("state", "date_picked_up", "picked_up_by_id"),
            "answer": (
                "state",
                "date_answered",
                "hours_to_answer",
                "on_time",
                "answer",
            ),
            "escalate": (
                "date_escalated_pick_up",
                "date_escalated_running_out",
                "date_escalated_overdue",
            ),
        },
        create=WORK,
        read=SEE,
        write=WORK,
        unlink=WORK,
    )
    _integrity_formats = {
        2: IntegrityFormat(
            columns=(
                "name",
                "company_id",
                "case_id",
                "direction",
                "organisation_id",
                "contact_id",
                "verification",
                "verification_note",
                "basis",
                "statutory_basis",
                "information_requested",
                "request_reason",
                "request_proportionality",
                "request_function",
                "referrer_id",
                "date_request",
                "rating",
                "reply_time_id",
                "round_the_clock",
                "reply_hours",
                "date_due",
                "user_id",
                "date_picked_up",
                "picked_up_by_id",
                "state",
                "date_answered",
                "hours_to_answer",
                "on_time",
                "answer",
            ),
        ),
    }

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    direction = fields.Selection(
        [(RECEIVED, "Received by us"), (SENT, "Sent by us")],
        required=True,
        default=RECEIVED,
        index=True,
    )
    state = fields.Selection(
        [(OPEN, "Open"), (PICKED_UP, "Picked Up"), (ANSWERED, "Answered")],
        string="Status",
        required=True,
        default=OPEN,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    child_id = fields.Many2one(related="case_id.child_id")

    # Who asked (or whom we asked), and how they were verified
    organisation_id = fields.Many2one(
        "res.partner",
        domain=[("is_company", "=", True)],
        index="btree_not_null",
        help="Received: the organisation that asked. Sent: the partner we asked.",
    )
    contact_id = fields.Many2one(
        "res.partner",
        string="Person",
        help="Received: who asked. Sent: whom we asked.",
    )
    organisation_type_id = fields.Many2one(
        "safeguarding.organisation.type",
        string="Organisation Type",
        related="organisation_id.commercial_partner_id.safeguarding_organisation_type_id",
        store=True,
    )
    verification = fields.Selection(
        [
            ("known", "A contact we know"),
            ("call_back", "Called back on a number we hold"),
            ("secure_channel", "Came through a secure channel"),
            ("in_person", "In person, identity checked"),
            ("not_verified", "Not verified yet"),
        ],
        string="Requester Verified By",
        help="How you know the request comes from who it says, with the authority "
        "it claims.",
    )
    verification_note = fields.Char(string="Verification Details")

    # On what basis, what is asked and why
    basis = fields.Selection(
        [
            ("statutory", "A statutory request"),
            ("mash", "A MASH enquiry"),
            ("informal", "An informal request"),
        ],
        string="Source",
        required=True,
        default="informal",
        index=True,
    )
    statutory_basis = fields.Selection(
        STATUTORY_BASES,
        string="Statutory Basis of the Request",
        required=True,
        default="none",
    )
    information_requested = fields.Text(string="What Is Asked")
    request_reason = fields.Text(
        string="Why the Information Is Needed",
        help="A statutory request must say why the information is needed; a request "
        "we send says it too (be clear of the basis on which you ask).",
    )
    request_proportionality = fields.Text(
        string="Why the Request Is Necessary and Proportionate",
        help="A request of the safeguarding partners under Children Act 2004 s16H "
        "must be necessary and proportionate to the function it serves.",
    )
    request_function = fields.Text(
        string="The Safeguarding Partners' Function It Serves",
        help="The function of the safeguarding partners (or a relevant agency) the "
        "s16H request is made to enable or assist.",
    )
    referrer_id = fields.Many2one(
        "res.partner",
        help="Who made the contact this request came from, when known: they are told "
        "the outcome once the request is answered (Working Together).",
    )

    # Against the clock
    date_request = fields.Datetime(
        string="Received On",
        required=True,
        default=fields.Datetime.now,
        help="When the request was received (or, for one we send, sent).",
    )
    rating = fields.Selection(
        RATINGS,
        index=True,
        help="Red, Amber or Green, as the MASH (or the duty lead) rated it: the "
        "rating gives the reply time, by the agency's protocol.",
    )
    reply_time_id = fields.Many2one(
        "safeguarding.reply.time",
        compute="_compute_due",
        store=True,
        help="The agency's reply time for the rating, in force when the request came.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        compute="_compute_due",
        store=True,
    )
    round_the_clock = fields.Boolean(compute="_compute_due", store=True)
    reply_hours = fields.Float(
        string="Reply Within (Hours)", compute="_compute_due", store=True
    )
    date_due = fields.Datetime(
        string="Due", compute="_compute_due", store=True, index=True
    )
    date_pick_up_due = fields.Datetime(
        string="Pick Up By",
        compute="_compute_due",
        store=True,
        help="The end of the first quarter of the reply time: a Red request not "
        "picked up by then is escalated to the duty lead.",
    )
    date_warning = fields.Datetime(
        string="Runs Out From",
        compute="_compute_due",
        store=True,
        help="The start of the last quarter of the reply time: a request not "
        "answered by then is escalated to the duty lead.",
    )
    overdue = fields.Boolean(compute="_compute_overdue", search="_search_overdue")
    time_left = fields.Char(compute="_compute_overdue")

    # A request about a child the agency does not know yet opens a case: the child
    # as the requester named them, matched by NHS number to a case already held.
    new_child_name = fields.Char(string="Child's Name", store=False)
    new_child_nhs_number = fields.Char(string="Child's NHS Number", store=False)
    new_child_date_of_birth = fields.Date(string="Child's Date of Birth", store=False)

    # Who answers it
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        required=True,
        index=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        tracking=True,
    )
    lead_id = fields.Many2one(
        "res.users",
        string="Duty Lead",
        default=lambda self: self.env.company.safeguarding_duty_lead_id,
        domain="[('share', '=', False)]",
        tracking=True,
        help="Watches the request and is told when it escalates; empty: every lead "
        "who may read it.",
    )
    date_picked_up = fields.Datetime(string="Picked Up On", readonly=True, copy=False)
    picked_up_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_escalated_pick_up = fields.Datetime(
        string="Escalated: Not Picked Up", readonly=True, copy=False
    )
    date_escalated_running_out = fields.Datetime(
        string="Escalated: Running Out", readonly=True, copy=False
    )
    date_escalated_overdue = fields.Datetime(
        string="Escalated: Overdue", readonly=True, copy=False
    )

    # The answer
    decision_ids = fields.One2many(
        "safeguarding.decision", "request_id", string="Decisions"
    )
    exchange_ids = fields.One2many(
        "safeguarding.request.exchange", "request_id", string="Replies and Chasers"
    )
    date_answered = fields.Datetime(string="Answered On", readonly=True, copy=False)
    answer = fields.Selection(
        [
            ("share_all", "Shared all that was asked"),
            ("share_part", "Shared part of what was asked"),
            ("not_shared", "Not shared"),
        ],
        readonly=True,
        copy=False,
    )
    hours_to_answer = NullableFloat(
        string="Hours to Answer",
        readonly=True,
        copy=False,
        digits=(16, 2),
        aggregator="avg",
        help="From when the request came to its answer, counted as its reply time is "
        "(working hours, or round the clock). Empty until it is answered.",
    )
    hours_to_answer_median = fields.Float(
        string="Hours to Answer (Median)",
        compute="_compute_hours_statistics",
        digits=(16, 2),
        aggregator="median",
    )
    hours_to_answer_p90 = fields.Float(
        string="Hours to Answer (90th Percentile)",
        compute="_compute_hours_statistics",
        digits=(16, 2),
        aggregator="p90",
    )
    on_time = NullableInteger(
        string="Answered in Time (%)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="100 for a request answered by its due time, 0 for one answered late; "
        "averaged, the share answered in time. Empty until it is answered, or "
        "when it has no reply time.",
    )
    locked = fields.Boolean(compute="_compute_locked")
    facts_held = fields.Boolean(
        compute="_compute_locked",
        help="A decision answering it is submitted or recorded: what it says no "
        "longer changes.",
    )
    reply_pending = fields.Boolean(
        compute="_compute_reply_pending",
        help="A received request answered by not sharing, or sharing part: the "
        "requester is written to.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------

    @api.depends("rating", "date_request", "company_id")
    def _compute_due(self):
        ReplyTime = self.env["safeguarding.reply.time"]
        for request in self:
            row = ReplyTime
            if request.rating and request.date_request and request.company_id:
                row = ReplyTime._in_force(
                    request.company_id, request.rating, request.date_request
                )
            request.reply_time_id = row
            request.calendar_id = (
                row.calendar_id or request.company_id.resource_calendar_id
            )
            request.round_the_clock = row.round_the_clock
            request.reply_hours = row.hours
            if not row:
                request.date_due = False
                request.date_pick_up_due = False
                request.date_warning = False
                continue
            request.date_due = request._point_of_reply_time(1.0)
            request.date_pick_up_due = request._point_of_reply_time(PICK_UP_SHARE)
            request.date_warning = request._point_of_reply_time(WARNING_SHARE)

    def _point_of_reply_time(self, share):
        """When ``share`` of this request's (one) reply time has run."""
        return _to_second(
            plan(
                self.calendar_id,
                self.round_the_clock,
                self.date_request,
                self.reply_hours * share,
            )
        )

    def _hours_since_request(self, when):
        """The hours from the request (one) to ``when``, on its reply time's clock."""
        return hours_between(
            self.calendar_id, self.round_the_clock, self.date_request, when
        )

    @api.depends("date_due", "state")
    def _compute_overdue(self):
        now = fields.Datetime.now()
        for request in self:
            running = request.state != ANSWERED and request.date_due
            request.overdue = bool(running and request.date_due < now)
            if not running:
                request.time_left = False
                continue
            minutes = int((request.date_due - now).total_seconds() // 60)
            hours, rest = divmod(abs(minutes), 60)
            if minutes < 0:
                request.time_left = self.env._(
                    "Overdue by %(hours)sh %(minutes)02dmin", hours=hours, minutes=rest
                )
            else:
                request.time_left = self.env._(
                    "%(hours)sh %(minutes)02dmin left", hours=hours, minutes=rest
                )

    def _search_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue requests with = or != only."))
        overdue = [
            ("date_due", "<", fields.Datetime.now()),
            ("state", "!=", ANSWERED),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.depends("hours_to_answer")
    def _compute_hours_statistics(self):
        # One request's median is its own hours; the reports compute them over the
        # requests they group (_read_group_select).
        for request in self:
            request.hours_to_answer_median = request.hours_to_answer or 0.0
            request.hours_to_answer_p90 = request.hours_to_answer or 0.0

    @api.depends("state", "decision_ids.state", "decision_ids.signoff_state")
    def _compute_locked(self):
        for request in self:
            request.locked = request._is_locked()
            request.facts_held = request.locked or request._facts_held()

    @api.depends("direction", "answer", "exchange_ids.kind")
    def _compute_reply_pending(self):
        for request in self:
            request.reply_pending = (
                request.direction == RECEIVED
                and request.answer in ("share_part", "not_shared")
                and "reply_sent" not in request.exchange_ids.mapped("kind")
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # What the server sets is refused before a case is opened for a new child.
        self._check_create_policy(vals_list)
        for vals in vals_list:
            child = {
                name: vals.pop(name)
                for name in (
                    "new_child_name",
                    "new_child_nhs_number",
                    "new_child_date_of_birth",
                )
                if name in vals
            }
            if not vals.get("case_id") and child.get("new_child_name"):
                vals["case_id"] = self._case_for_child(child, vals).id
        requests = super().create(vals_list)
        # Whoever records a request for themselves is on it.
        own = requests.filtered(
            lambda r: r.direction == RECEIVED and r.user_id == self.env.user
        )
        own._pick_up()
        requests._schedule_watch()
        return requests

    def _case_for_child(self, child, vals):
        """The case of the child a new request is about: the one the user may read
        whose child has the NHS number given, or a new case, led by the request's
        assigned practitioner, with whoever records it on its team."""
        Case = self.env["safeguarding.case"]
        number = (child.get("new_child_nhs_number") or "").replace(" ", "")
        if number:
            if not nhs_number_is_valid(number):
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a valid NHS number: it must have 10 "
                        "digits and a correct check digit.",
                        number=child["new_child_nhs_number"],
                    )
                )
            known = Case.search(
                [("child_nhs_number", "=", number)], order="state desc, id desc"
            )
            if known:
                return known[0]
            # sudo: whether a case the user may not read exists, never which.
            if Case.sudo().search_count([("child_nhs_number", "=", number)], limit=1):
                raise UserError(
                    self.env._(
                        "The agency already holds a case for the child with NHS "
                        "number %(number)s, which you may not open: ask a "
                        "safeguarding lead to record the request on it, so that "
                        "the child has one record.",
                        number=number,
                    )
                )
        user = self.env["res.users"].browse(vals.get("user_id") or self.env.uid)
        partner = self.env["res.partner"].create(
            {"name": child["new_child_name"], "is_company": False}
        )
        case = Case.create(
            {
                "child_id": partner.id,
                "user_id": user.id,
                "member_ids": [fields.Command.link(self.env.uid)]
                if user != self.env.user
                else [],
            }
        )
        case.write(
            {
                "child_nhs_number": number or False,
                "child_date_of_birth": child.get("new_child_date_of_birth") or False,
            }
        )
        return case

    def write(self, vals):
        reassigned = "user_id" in vals or "lead_id" in vals
        result = super().write(vals)
        if reassigned and not self._current_move():
            self.filtered(lambda r: r.state != ANSWERED)._reschedule_watch()
        return result

    def _system_write_hint(self):
        return self.env._(
            "A request is picked up, answered and escalated by its own buttons and "
            "watch, and is due by the time its rating gives."
        )

    def _is_locked(self):
        # Answered, the request is part of the record.
        return self.state == ANSWERED

    def _facts_held(self):
        """Whether what this request (one) says is held: a decision answering it is
        submitted, signed off or recorded, and answers exactly that."""
        return any(decision._is_locked() for decision in self.decision_ids)

    def _check_lock_write(self, vals):
        super()._check_lock_write(vals)
        facts = FACT_FIELDS.intersection(vals)
        if not facts:
            return
        self.check_access("write")
        for request in self:
            changed = [
                name
                for name in facts
                if request._guard_value(name, vals[name])
                != request._guard_value(name, request[name])
            ]
            if changed and request._facts_held():
                raise UserError(
                    self.env._(
                        "%(request)s is answered by %(decisions)s, submitted or "
                        "recorded on what it says: %(fields)s can no longer change. "
                        "Record a new request if the requester asks again.",
                        request=request.name,
                        decisions=", ".join(
                            request.decision_ids.filtered(
                                lambda d: d._is_locked()
                            ).mapped("name")
                        ),
                        fields=self._field_labels(changed),
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        for request in self:
            if request.decision_ids or request.exchange_ids:
                raise UserError(
                    self.env._(
                        "%(request)s has decisions or replies recorded on it and "
                        "stays on the record.",
                        request=request.name,
                    )
                )

    # ------------------------------------------------------------
    # CHECKS
    # ------------------------------------------------------------

    @api.constrains("basis", "statutory_basis", "direction")
    def _check_basis(self):
        for request in self:
            statutory = request.statutory_basis != "none"
            if statutory != (request.basis == "statutory"):
                raise ValidationError(
                    self.env._(
                        "%(request)s: a statutory request names the section it is "
                        "made under, and only a statutory request does. Choose the "
                        "source 'A statutory request' with its section, or no "
                        "statutory basis.",
                        request=request.name,
                    )
                )

    def _statutory_basis_entry(self):
        """The catalogue entry of the section this request (one) is made under."""
        self.ensure_one()
        code = STATUTORY_REQUEST_BASES.get(self.statutory_basis)
        if not code:
            return self.env["safeguarding.lawful.basis"]
        # sudo: reference data; active or not, the catalogue's dates are the test.
        return (
            self.env["safeguarding.lawful.basis"]
            .sudo()
            .with_context(active_test=False)
            .search([("code", "=", code)], limit=1)
        )

    @api.model
    def _day_start(self, day, case_id=None):
        """The first minute of ``day`` where the requests of ``case_id``'s company
        are worked (its working hours' timezone), as a naive UTC datetime: a
        request given by its day alone came then."""
        # sudo: only the company of the case the request is recorded on.
        case = self.env["safeguarding.case"].sudo().browse(case_id)
        company = case.company_id if case_id else self.env.company
        tz = pytz.timezone(company.resource_calendar_id.sudo().tz or "UTC")
        start = tz.localize(datetime.combine(day, time.min))
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    def _local_day(self, when):
        """The day of ``when`` (naive UTC) where this request (one) is worked."""
        tz = pytz.timezone(self.calendar_id.sudo().tz or "UTC")
        return pytz.utc.localize(when).astimezone(tz).date()

    @api.constrains("statutory_basis", "date_request")
    def _check_statutory_basis(self):
        for request in self:
            basis = request._statutory_basis_entry()
            day = request.date_request and request._local_day(request.date_request)
            if basis and day and not basis._is_valid_on(day):
                raise ValidationError(
                    self.env._(
                        "%(request)s: a request received on %(date)s cannot be a "
                        "request under %(basis)s, which is not in force on that date. "
                        "Local Safeguarding Children Boards were replaced by the "
                        "safeguarding partners on 29 September 2019: a request from "
                        "them is made under Children Act 2004 s16H.",
                        request=request.name,
                        date=format_date(self.env, day),
                        basis=basis.name,
                    )
                )

    @api.constrains("rating", "reply_time_id")
    def _check_reply_time(self):
        ratings = dict(self._fields["rating"]._description_selection(self.env))
        for request in self.filtered(lambda r: r.rating and not r.reply_time_id):
            raise ValidationError(
                self.env._(
                    "%(company)s has no reply time for a %(rating)s request on "
                    "%(date)s: the safeguarding administrator sets the reply time of "
                    "each rating in Configuration > Reply Times.",
                    company=request.company_id.name,
                    rating=ratings[request.rating],
                    date=format_date(
                        self.env, request._local_day(request.date_request)
                    ),
                )
            )

    @api.constrains("user_id", "lead_id")
    def _check_people(self):
        # Who may read the request is the record rules' to say: a user who may not
        # (yet) is given no activity on it, and its duty lead is told as it runs.
        for request in self:
            if not request.user_id.has_group(PRACTITIONER_GROUP):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a practitioner: %(request)s is assigned to "
                        "someone who works on cases.",
                        user=request.user_id.name,
                        request=request.name,
                    )
                )
            if request.lead_id and not request.lead_id.has_group(LEAD_GROUP):
                raise ValidationError(
                    self.env._(
                        "%(user)s is not a safeguarding lead: the duty lead of "
                        "%(request)s is one.",
                        user=request.lead_id.name,
                        request=request.name,
                    )
                )

    def _missing_facts(self):
        """(field, what is missing) of what this request (one) must say before a
        decision answers it: who asked, when, what for, and for a statutory request
        why, on what footing and for which function."""
        self.ensure_one()
        missing = []
        if not self.organisation_id:
            missing.append(
                ("organisation_id", self.env._("the requesting organisation"))
            )
        if not (self.information_requested or "").strip():
            missing.append(("information_requested", self.env._("what was asked for")))
        if self.statutory_basis != "none" and not (self.request_reason or "").strip():
            missing.append(
                (
                    "request_reason",
                    self.env._(
                        "why the statutory request says the information is needed"
                    ),
                )
            )
        if self.statutory_basis == "s16h":
            if not (self.request_proportionality or "").strip():
                missing.append(
                    (
                        "request_proportionality",
                        self.env._(
                            "why the s16H request is necessary and proportionate"
                        ),
                    )
                )
            if not (self.request_function or "").strip():
                missing.append(
                    (
                        "request_function",
                        self.env._(
                            "the safeguarding partners' function the s16H request "
                            "serves"
                        ),
                    )
                )
        return missing

    # ------------------------------------------------------------
    # PICKING UP AND ANSWERING
    # ------------------------------------------------------------

    def action_pick_up(self):
        """Take the request on: it is assigned to the current user, picked up now."""
        self.check_access("write")
        for request in self:
            if request.direction != RECEIVED or request.state != OPEN:
                raise UserError(
                    self.env._(
                        "%(request)s is not a received request waiting to be picked "
                        "up.",
                        request=request.name,
                    )
                )
        if self.filtered(lambda r: r.user_id != self.env.user):
            self.write({"user_id": self.env.uid})
        self._pick_up()
        return True

    def _pick_up(self):
        open_requests = self.filtered(
            lambda r: r.direction == RECEIVED and r.state == OPEN
        )
        if not open_requests:
            return
        open_requests._as_move("pick_up").write(
            {
                "state": PICKED_UP,
                "date_picked_up": fields.Datetime.now(),
                "picked_up_by_id": self.env.uid,
            }
        )
        # Picked up, the request no longer escalates for it.
        open_requests._close_activities([ESCALATION_ACTIVITY], "pick_up")

    def action_new_decision(self):
        """Open a new decision answering this received request (one)."""
        self.ensure_one()
        self.check_access("write")
        if self.direction != RECEIVED or self.state == ANSWERED:
            raise UserError(
                self.env._(
                    "%(request)s is not a received request still to answer.",
                    request=self.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Answer %(request)s", request=self.name),
            "res_model": "safeguarding.decision",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_case_id": self.case_id.id,
                "default_trigger": "request",
                "default_request_id": self.id,
                "default_recipient_id": (self.contact_id or self.organisation_id).id,
            },
        }

    def action_answer(self):
        """Record a received request as answered by its decisions, all recorded."""
        self.check_access("write")
        for request in self:
            if request.direction != RECEIVED or request.state == ANSWERED:
                raise UserError(
                    self.env._(
                        "%(request)s is not a received request still to answer.",
                        request=request.name,
                    )
                )
            decisions = request.decision_ids
            if not decisions or decisions.filtered(lambda d: d.state != "recorded"):
                raise UserError(
                    self.env._(
                        "%(request)s is answered by its decisions once each is "
                        "recorded: record a decision answering it first.",
                        request=request.name,
                    )
                )
        self._answer_by_decisions()
        return True

    def _answer_when_decided(self):
        """A decision answering these requests was recorded: each request whose
        decisions are all recorded is answered."""
        self._answer_by_decisions(
            self.filtered(
                lambda r: (
                    r.direction == RECEIVED
                    and r.state != ANSWERED
                    and r.decision_ids
                    and all(d.state == "recorded" for d in r.decision_ids)
                )
            )
        )

    def _answer_by_decisions(self, requests=None):
        requests = self if requests is None else requests
        for request in requests:
            decisions = request.decision_ids
            shares = decisions.filtered(lambda d: d._shares())
            if not shares:
                answer = "not_shared"
            elif shares != decisions or "part" in shares.mapped("request_extent"):
                answer = "share_part"
            else:
                answer = "share_all"
            request._answered(max(decisions.mapped("date_decided")), answer)

    def _answered(self, when, answer=False):
        """The answer's move: this request (one) answered at ``when``, with the time
        it took and whether it was in time; then sealed, its watch closed, and its
        follow-ups (the reply to the requester, the referrer) given out."""
        self.ensure_one()
        values = {
            "state": ANSWERED,
            "date_answered": when,
            "answer": answer,
            "hours_to_answer": round(self._hours_since_request(when), 2),
            "on_time": False,
        }
        if self.date_due:
            values["on_time"] = 100 if when <= self.date_due else 0
        self._as_move("answer").write(values)
        self._seal()
        self._close_activities(WATCHING_ACTIVITIES)
        self._schedule_follow_ups()

    # ------------------------------------------------------------
    # REPLIES, CHASERS AND THE REFERRER
    # ------------------------------------------------------------

    def _add_exchange(self, values):
        """Record, on this request (one), a reply received from the partner asked,
        a chaser sent to them, or the referrer told: an entry of its own, sealed,
        never a change."""
        self.ensure_one()
        self.check_access("write")
        Exchange = self.env["safeguarding.request.exchange"]
        vals = Exchange._checked_values(self, values)
        exchange = Exchange._log(self, vals)
        if vals["kind"] == "reply_received" and self.state != ANSWERED:
            self._answered(vals["date"])
        elif vals["kind"] == "chased":
            self._close_activities([CHASE_ACTIVITY])
        elif vals["kind"] == "referrer_told":
            self._close_activities([REFERRER_ACTIVITY])
        return exchange.id

    def action_write_reply(self):
        """Odoo's composer on the reply to the requester of this request (one):
        to review, print and log on it as a note, never e-mailed from here unless
        the agency's policy says so."""
        self.ensure_one()
        self.check_access("write")
        self._check_reply_allowed()
        return self._letter_action(self.env._("Reply to the Requester"), REPLY_TEMPLATE)

    def _check_reply_allowed(self):
        for request in self:
            if not (
                request.direction == RECEIVED
                and request.answer in ("share_part", "not_shared")
            ):
                raise UserError(
                    self.env._(
                        "%(request)s is not a request answered by not sharing, or by "
                        "sharing part of what was asked: there is no refusal to "
                        "write to its requester.",
                        request=request.name,
                    )
                )

    def _record_reply_sent(self, message):
        """The reply to the requester, logged as ``message`` on this request (one):
        kept as an entry of its own; e-mailed to the requester only where the
        agency's policy says so."""
        self.ensure_one()
        self._check_reply_allowed()
        to = self.contact_id or self.organisation_id
        emailed = bool(self.company_id.safeguarding_reply_by_email and to.email)
        self.env["safeguarding.request.exchange"]._log(
            self,
            {
                "kind": "reply_sent",
                "partner_id": to.id,
                "method": "email" if emailed else "letter",
                "date": message.date,
                "summary": html2plaintext(message.body or ""),
                "message_id": message.id,
            },
        )
        if emailed:
            # The agency's policy: the letter goes to the requester's address, the
            # requester never becoming a follower or a user of the record.
            # sudo: the mail queue is the system's; the move is declared on it.
            self.env["mail.mail"].sudo()._as_move("request_reply").create(
                {
                    "subject": message.subject or self.name,
                    "body_html": message.body,
                    "email_to": to.email_formatted,
                    "model": self._name,
                    "res_id": self.id,
                    "auto_delete": False,
                }
            )
        self._close_activities([REPLY_ACTIVITY])

    def _reply_letters(self):
        """The replies to the requester logged on this request (one), oldest first,
        as the printed letters show them."""
        self.ensure_one()
        return self.exchange_ids.filtered(lambda e: e.kind == "reply_sent")

    def _reply_decisions_summary(self):
        """What each decision answering this request (one) decided, in the
        practitioner's own words, for the reply template."""
        self.ensure_one()
        lines = []
        for decision in self.decision_ids.filtered(lambda d: d.state == "recorded"):
            if decision._shares():
                lines.append((self.env._("Shared"), decision.how_much or ""))
            else:
                lines.append(
                    (
                        self.env._("Not shared"),
                        decision.declined_reason or decision.reason or "",
                    )
                )
            if decision.discussed_with_requester == "yes" and decision.date_discussed:
                lines.append(
                    (
                        self.env._("Discussed with you"),
                        format_date(self.env, decision.date_discussed),
                    )
                )
        return lines

    # ------------------------------------------------------------
    # WATCHING: MY WORK, ESCALATIONS AND OVERDUE
    # ------------------------------------------------------------

    def _due_day(self):
        """The day this request (one) is due, where it is worked; today without a
        reply time."""
        if self.date_due:
            return self._local_day(self.date_due)
        return fields.Date.context_today(self)

    def _leads_to_tell(self):
        """{request: the leads} who watch each of these requests: its duty lead, or
        every lead of its company; only those who may read it. One search per lead,
        whatever the number of requests."""
        leads = self.env.ref(LEAD_GROUP).users.filtered(
            lambda u: u.company_ids & self.company_id
        )
        readable = {lead: self._readable_by_users(lead) for lead in leads}
        result = {}
        for request in self:
            candidates = request.lead_id or leads.filtered(
                lambda u, r=request: r.company_id in u.company_ids
            )
            result[request] = candidates.filtered(
                lambda u, r=request: r in readable.get(u, self.browse())
            )
        return result

    def _activity_vals(self, kind, users, note, due=None):
        # Due by the day it falls due, and in My Work by its time left.
        vals_list = super()._activity_vals(kind, users, note, due or self._due_day())
        if due is None:
            for vals in vals_list:
                vals["safeguarding_due"] = self.date_due
        return vals_list

    def _create_activities(self, vals_list):
        # The watch's own move dates and escalates its to-dos.
        watch = self.env["mail.activity"]._as_move("request_watch").env
        return super(SafeguardingRequest, self.with_env(watch))._create_activities(
            vals_list
        )

    def _close_activities(self, kinds, escalation=None):
        """Close these requests' activities of ``kinds`` (for an escalation, only
        those of ``escalation``) that their move has finished (see mail.activity's
        ``_close_finished``)."""
        types = [self.env.ref(kind).id for kind in kinds]
        domain = [
            ("res_model", "=", self._name),
            ("res_id", "in", self.ids),
            ("activity_type_id", "in", types),
        ]
        if escalation:
            domain.append(("safeguarding_escalation", "=", escalation))
        # sudo: the watch's own activities, whoever holds them.
        self.env["mail.activity"].sudo().search(domain)._close_finished()

    def _schedule_watch(self):
        """The assigned practitioner is asked to answer each received request, its
        duty lead (or the leads) to watch it; a request we sent awaits its reply."""
        vals_list = []
        received = self.filtered(lambda r: r.direction == RECEIVED)
        leads = received._leads_to_tell()
        for request in self:
            if request.state == ANSWERED:
                continue
            if request.direction == SENT:
                vals_list += request._activity_vals(
                    AWAIT_ACTIVITY,
                    request._readers_among(request.user_id),
                    self.env._(
                        "%(request)s was sent to %(organisation)s: its reply is due "
                        "by %(due)s.",
                        request=request.name,
                        organisation=request.organisation_id.name or "",
                        due=request._format_due(),
                    ),
                )
                continue
            vals_list += request._activity_vals(
                ANSWER_ACTIVITY,
                request._readers_among(request.user_id),
                self.env._(
                    "Answer %(request)s by %(due)s.",
                    request=request.name,
                    due=request._format_due(),
                ),
            )
            vals_list += request._activity_vals(
                WATCH_ACTIVITY,
                leads[request] - request.user_id,
                self.env._(
                    "%(request)s is assigned to %(user)s and due by %(due)s.",
                    request=request.name,
                    user=request.user_id.name,
                    due=request._format_due(),
                ),
            )
        self._create_activities(vals_list)

    def _reschedule_watch(self):
        self._close_activities([ANSWER_ACTIVITY, WATCH_ACTIVITY, AWAIT_ACTIVITY])
        self._schedule_watch()

    def _format_due(self):
        """The due time of this request (one), where it is worked, to the minute."""
        if not self.date_due:
            return self.env._("no reply time (not rated)")
        tz = pytz.timezone(self.calendar_id.sudo().tz or "UTC")
        local = pytz.utc.localize(self.date_due).astimezone(tz)
        return f"{format_date(self.env, local.date())} {local:%H:%M}"

    def _schedule_follow_ups(self):
        """Once answered: the requester is written to after a refusal (in whole or
        part), and the referrer told the outcome."""
        vals_list = []
        for request in self:
            practitioner = request._readers_among(request.user_id)
            if request.reply_pending:
                vals_list += request._activity_vals(
                    REPLY_ACTIVITY,
                    practitioner,
                    self.env._(
                        "%(request)s was answered without sharing all that was "
                        "asked: write to the requester with 'Reply to the "
                        "Requester'.",
                        request=request.name,
                    ),
                    fields.Date.context_today(self),
                )
            if request.referrer_id and request.direction == RECEIVED:
                vals_list += request._activity_vals(
                    REFERRER_ACTIVITY,
                    practitioner,
                    self.env._(
                        "%(request)s is answered: tell the referrer the outcome, or "
                        "record why not.",
                        request=request.name,
                    ),
                    fields.Date.context_today(self),
                )
        self._create_activities(vals_list)

    @api.model
    def _cron_watch_requests(self, batch_size=200):
        """Escalate one batch of the requests whose time has come, each once: a Red
        request not picked up within the first quarter of its reply time, a request
        in the last quarter of it, an overdue one (ours, sent: chased).

        The batch is escalated at once; if that fails, each request is escalated on
        its own, so that one that cannot be (its case unreadable, say) is logged
        and never stops the others. Returns the number still to escalate."""
        now = fields.Datetime.now()
        found = self._requests_to_escalate(now, batch_size)
        done = 0
        try:
            with self.env.cr.savepoint():
                self._escalate(found, now)
            done = sum(len(requests) for requests in found.values())
        except Exception:  # noqa: BLE001 - each request is then tried on its own
            for escalation, requests in found.items():
                for request in requests:
                    try:
                        with self.env.cr.savepoint():
                            self._escalate({escalation: request}, now)
                        done += 1
                    except Exception:
                        _logger.exception(
                            "Request %s could not be escalated (%s); the others go on.",
                            request.name,
                            escalation,
                        )
                        request._stamp_failed_escalation(escalation, now)
        remaining = sum(
            self.sudo().search_count(domain)
            for domain in self._escalation_domains(now).values()
        )
        self.env["ir.cron"]._notify_progress(done=done, remaining=remaining)
        return remaining

    def _stamp_failed_escalation(self, escalation, now):
        """Not tried again on every run: the failure is logged once."""
        try:
            with self.env.cr.savepoint():
                self._as_move("escalate").write({f"date_escalated_{escalation}": now})
        except Exception:
            _logger.exception("Request %s could not be stamped either.", self.name)

    def _escalation_domains(self, now):
        running = [("state", "!=", ANSWERED), ("date_due", "!=", False)]
        return {
            "pick_up": running
            + [
                ("direction", "=", RECEIVED),
                ("state", "=", OPEN),
                ("rating", "=", "red"),
                ("date_pick_up_due", "<=", now),
                ("date_due", ">", now),
                ("date_escalated_pick_up", "=", False),
            ],
            "running_out": running
            + [
                ("direction", "=", RECEIVED),
                ("date_warning", "<=", now),
                ("date_due", ">", now),
                ("date_escalated_running_out", "=", False),
            ],
            "overdue": running
            + [
                ("date_due", "<=", now),
                ("date_escalated_overdue", "=", False),
            ],
        }

    def _requests_to_escalate(self, now, batch_size):
        # sudo: the watch reads every company's requests; what it writes is only
        # activities and notifications for those who may read each one.
        Request = self.sudo()
        return {
            escalation: Request.search(domain, limit=batch_size, order="date_due, id")
            for escalation, domain in self._escalation_domains(now).items()
        }

    def _escalate(self, found, now):
        """Give out ``found`` ({escalation: requests}): an activity and a
        notification to the leads who watch each received request, a chaser to
        the sender of each of ours overdue; then stamp them."""
        vals_list = []
        notices = []
        superseded = self.browse()
        received = self.browse().union(
            *(r.filtered(lambda x: x.direction == RECEIVED) for r in found.values())
        )
        leads = received._leads_to_tell()
        for escalation, requests in found.items():
            for request in requests:
                if request.direction == SENT:
                    vals_list += request._activity_vals(
                        CHASE_ACTIVITY,
                        request._readers_among(request.user_id),
                        self.env._(
                            "The reply to %(request)s was due by %(due)s: chase "
                            "%(organisation)s, and record it.",
                            request=request.name,
                            due=request._format_due(),
                            organisation=request.organisation_id.name or "",
                        ),
                        fields.Date.context_today(self),
                    )
                    continue
                why = request._escalation_reason(escalation)
                # The latest escalation replaces the ones before it.
                superseded |= request
                for vals in request._activity_vals(
                    ESCALATION_ACTIVITY, leads[request], why
                ):
                    vals_list.append(dict(vals, safeguarding_escalation=escalation))
                if leads[request]:
                    notices.append((request, leads[request], why))
            requests._as_move("escalate").write({f"date_escalated_{escalation}": now})
        superseded._close_activities([ESCALATION_ACTIVITY])
        self._create_activities(vals_list)
        for request, users, why in notices:
            request._notify_escalation(users, why)

    def _escalation_reason(self, escalation):
        """Why this request (one) is escalated, by its reference and times only."""
        ratings = dict(self._fields["rating"]._description_selection(self.env))
        values = {
            "request": self.name,
            "rating": ratings.get(self.rating, ""),
            "due": self._format_due(),
            "user": self.user_id.name,
        }
        if escalation == "pick_up":
            return self.env._(
                "%(request)s (%(rating)s), assigned to %(user)s, was not picked up "
                "within the first quarter of its reply time. It is due by %(due)s.",
                **values,
            )
        if escalation == "running_out":
            return self.env._(
                "%(request)s (%(rating)s), assigned to %(user)s, is in the last "
                "quarter of its reply time and not answered. It is due by %(due)s.",
                **values,
            )
        return self.env._(
            "%(request)s (%(rating)s), assigned to %(user)s, is overdue: it was due "
            "by %(due)s.",
            **values,
        )

    def _notify_escalation(self, users, why):
        """Tell ``users`` in their inbox (or by e-mail, which says only that there
        is something to read on the request)."""
        self.message_post(
            body=Markup("<p>%s</p>") % why,
            partner_ids=users.partner_id.ids,
            subtype_xmlid="mail.mt_note",
            message_type="notification",
        )

    # ------------------------------------------------------------
    # REPORTS
    # ------------------------------------------------------------

    def _read_group_select(self, aggregate_spec, query):
        # The median and the 90th percentile of the hours to answer, over the
        # requests each group holds (PostgreSQL's percentile_cont skips the empty
        # ones, not answered yet), within the same record rules as any figure.
        fname, _property, func = models.parse_read_group_spec(aggregate_spec)
        if func in PERCENTILES and fname in (
            "hours_to_answer_median",
            "hours_to_answer_p90",
        ):
            column = self._field_to_sql(self._table, "hours_to_answer", query)
            return SQL(
                "percentile_cont(%s) WITHIN GROUP (ORDER BY %s)",
                PERCENTILES[func],
                column,
            )
        return super()._read_group_select(aggregate_spec, query)


def _to_second(when):
    """``when`` to the nearest second: working hours are planned in floats."""
    if not when:
        return when
    rounded = when + timedelta(microseconds=500000)
    return rounded.replace(microsecond=0)
