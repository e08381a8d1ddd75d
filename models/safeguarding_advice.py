from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .safeguarding_integrity_mixin import IntegrityFormat
from .safeguarding_record_lock_mixin import MAIL_FIELD_PREFIXES

ASKED = "asked"
ANSWERED = "answered"
# What a client gives to record the answer: the advice, what came of it and, when it
# was answered earlier than it is recorded, when.
ANSWER_FIELDS = frozenset({"advice", "outcome", "date_answered"})
SECONDS_PER_HOUR = 3600.0


class SafeguardingAdvice(models.Model):
    """Advice sought when unsure (golden rule 4 of the 2024 advice, 3 of 2018):
    asked first, answered later, with what came of it.

    A request holds the question, the adviser and when it was asked. Its answer (the
    advice and its outcome) comes later, in one move that stamps when it was
    answered: the moment it is recorded, or the earlier time given with it, never
    before it was asked nor in the future. Advice recorded whole, with its answer,
    is asked and answered at once. A saved request receives its answer and nothing
    else; once answered it is locked and sealed, and the hours from asked to
    answered are kept as a measure (empty until then, so averages skip it).
    """

    _name = "safeguarding.advice"
    _description = "Advice Sought"
    _inherit = [
        "mail.thread",
        "safeguarding.case.record.mixin",
        "safeguarding.record.lock.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.reader.mixin",
    ]
    _order = "date_asked desc, id desc"
    _check_company_auto = True
    _same_case_fields = ("decision_id",)
    # Who sought the advice is the user recording it; the day follows when it was
    # asked; the state, who recorded the answer and the hours, the answer's move.
    _create_guarded_fields = (
        "sought_by_id",
        "date",
        "state",
        "answered_by_id",
        "hours_to_answer",
    )
    # The answer is recorded by this move only: a saved request is otherwise locked.
    _system_moves = {
        "answer": frozenset(
            {
                "advice",
                "outcome",
                "date_answered",
                "state",
                "answered_by_id",
                "hours_to_answer",
            }
        ),
    }
    _system_fields = frozenset({"state", "answered_by_id", "hours_to_answer"})
    _integrity_order = 50
    _integrity_formats = {
        2: IntegrityFormat(
            columns=(
                "case_id",
                "company_id",
                "decision_id",
                "adviser_id",
                "adviser_role",
                "identity_withheld",
                "question",
                "advice",
                "outcome",
                "date",
                "sought_by_id",
                "date_asked",
                "date_answered",
                "state",
                "answered_by_id",
            )
        ),
    }

    decision_id = fields.Many2one(
        "safeguarding.decision",
        index="btree_not_null",
        check_company=True,
        domain="[('case_id', '=', case_id)]",
    )
    adviser_id = fields.Many2one("res.partner", required=True)
    adviser_role = fields.Selection(
        [
            ("ig_lead", "Information governance lead"),
            ("dsl", "Designated safeguarding lead"),
            ("caldicott", "Caldicott Guardian"),
            ("dpo", "Data protection officer"),
            ("manager", "Manager"),
            ("practitioner", "Another practitioner"),
            ("policy_legal", "Policy or legal team"),
        ],
        required=True,
    )
    identity_withheld = fields.Boolean(
        string="Individual's Identity Withheld",
        help="Advice is sought without disclosing the identity of the individual "
        "where possible.",
    )
    question = fields.Text(required=True)
    advice = fields.Text(help="The advice given, recorded when it is answered.")
    outcome = fields.Text(
        string="Outcome of the Discussion",
        help="What you decided to do in the light of the advice.",
    )
    state = fields.Selection(
        [(ASKED, "Asked"), (ANSWERED, "Answered")],
        string="Status",
        required=True,
        default=ASKED,
        readonly=True,
        copy=False,
        index=True,
    )
    date_asked = fields.Datetime(
        string="Asked On",
        required=True,
        default=fields.Datetime.now,
        copy=False,
        help="When the advice was asked for: now, or earlier, never in the future.",
    )
    date_answered = fields.Datetime(
        string="Answered On",
        copy=False,
        help="When the advice was answered: the moment the answer is recorded, or "
        "the earlier time given with it, never before it was asked nor in the "
        "future.",
    )
    # The day it was asked, as the lists, the sharing log and the seal read it.
    date = fields.Date(
        string="Date Asked",
        compute="_compute_date",
        store=True,
        readonly=True,
    )
    hours_to_answer = fields.Float(
        string="Hours to Answer",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Hours from when the advice was asked to when it was answered; empty "
        "until it is answered, so that averages leave open requests out.",
    )
    sought_by_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
    )
    answered_by_id = fields.Many2one(
        "res.users",
        string="Answer Recorded By",
        readonly=True,
        copy=False,
    )

    @api.depends("adviser_id", "date")
    def _compute_display_name(self):
        for advice in self:
            advice.display_name = self.env._(
                "Advice from %(adviser)s on %(date)s",
                adviser=advice.adviser_id.name or "",
                date=advice.date or "",
            )

    @api.depends("date_asked")
    def _compute_date(self):
        for advice in self:
            advice.date = advice.date_asked and fields.Date.context_today(
                advice, advice.date_asked
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        # Defaults first (context keys, saved defaults): an answer or a time given
        # that way is checked exactly as one given in the values.
        vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        whole = []
        for vals in vals_list:
            if "hours_to_answer" in vals:
                raise self._create_guard_refusal(["hours_to_answer"])
            if _text(vals.get("advice")) or _text(vals.get("outcome")):
                self._check_answer_complete(vals)
                whole.append(True)
            elif vals.pop("date_answered", False):
                raise UserError(
                    self.env._(
                        "When advice was answered is recorded with its answer: "
                        "leave it out of a request."
                    )
                )
            else:
                whole.append(False)
        records = super().create(vals_list)
        # Recorded whole: asked and answered at once, sealed at once.
        records.browse(
            [record.id for record, done in zip(records, whole, strict=True) if done]
        )._record_answer({})
        return records

    def write(self, vals):
        if self._current_move() or not self:
            return super().write(vals)
        names = [name for name in vals if not name.startswith(MAIL_FIELD_PREFIXES)]
        if not ANSWER_FIELDS.intersection(names):
            # Anything else: the lock refuses it on a saved advice.
            return super().write(vals)
        # Access first: whoever may not write learns nothing about the advice.
        self.check_access("write")
        answered = self.filtered(lambda a: a.state == ANSWERED)
        if answered:
            raise UserError(
                self.env._(
                    "%(advice)s is already answered: its answer is part of the "
                    "record and cannot be changed. If there is more to ask, ask for "
                    "advice again.",
                    advice=answered[0].display_name,
                )
            )
        if set(names) - ANSWER_FIELDS:
            raise self._lock_refusal(self)
        self._check_answer_complete(vals)
        when = fields.Datetime.to_datetime(vals.get("date_answered")) or (
            fields.Datetime.now()
        )
        self._check_answered_on(when)
        self._record_answer(
            {
                "advice": vals["advice"],
                "outcome": vals["outcome"],
                "date_answered": when,
            }
        )
        return True

    def _is_locked(self):
        # Saved, a request receives its answer (the answer's move) and nothing else;
        # answered, what was said stands.
        return bool(self.id)

    def _lock_refusal(self, records):
        asked = records.filtered(lambda a: a.state == ASKED)
        if not asked:
            return super()._lock_refusal(records)
        return UserError(
            self.env._(
                "%(advice)s was asked and stays on the record: only its answer (the "
                "advice, its outcome and when it was answered) can be recorded on "
                "it.",
                advice=", ".join(asked.mapped("display_name")),
            )
        )

    # ------------------------------------------------------------
    # BUSINESS METHODS
    # ------------------------------------------------------------

    def _check_answer_complete(self, vals):
        """Refuse an answer that lacks the advice or its outcome."""
        missing = [name for name in ("advice", "outcome") if not _text(vals.get(name))]
        if missing:
            raise ValidationError(
                self.env._(
                    "An answer to advice needs both the advice given and its "
                    "outcome. Missing: %(fields)s.",
                    fields=self._field_labels(missing),
                )
            )

    def _check_answered_on(self, answered):
        """Refuse an answer time (a datetime) before one of these requests was asked,
        before anything is written (one in the future: models/plausible_dates.py)."""
        for advice in self:
            if answered < advice.date_asked:
                raise ValidationError(
                    self.env._(
                        "%(advice)s cannot be answered before it was asked.",
                        advice=advice.display_name,
                    )
                )

    def _record_answer(self, answer):
        """The answer's move: write ``answer`` (the advice, its outcome and when it
        was answered; empty for advice created with its answer) on these requests,
        stamped answered now by the current user with the hours it took (when it
        was not given: now), then seal them."""
        now = fields.Datetime.now()
        for advice in self:
            values = dict(answer)
            answered = values.setdefault("date_answered", advice.date_answered or now)
            delay = answered - advice.date_asked
            values.update(
                state=ANSWERED,
                answered_by_id=self.env.uid,
                hours_to_answer=round(delay.total_seconds() / SECONDS_PER_HOUR, 2),
            )
            advice._as_move("answer").write(values)
        self._seal()

    @api.constrains("date_asked", "date_answered")
    def _check_dates(self):
        for advice in self.filtered("date_answered"):
            advice._check_answered_on(advice.date_answered)


def _text(value):
    """A text value given by a client, stripped; "" for anything else."""
    return value.strip() if isinstance(value, str) else ""
