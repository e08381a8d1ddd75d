"""The plausible span of every date and date-time of the addon's models, declared
once: the check on create and write derives from this table. A new date field joins
by a line here (tests/test_plausible_input.py fails for one without)."""

from datetime import date, datetime, time
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import format_date, format_datetime
from odoo.tools.translate import LazyGettext, LazyTranslate

_lt = LazyTranslate(__name__)

# The kinds of date.
LIFE = "life"  # a date in a child's life: a birth, an adoption order
EVENT = "event"  # when something happened, or was recorded, in the work on a case
DEADLINE = "deadline"  # a reply or a sign-off due
REVIEW = "review"  # a review, an expiry, an agreement's start or end
RETENTION = "retention"  # when a record's retention is reviewed again
LAW = "law"  # when a law or a version of the advice comes into force or ends

# Nobody alive and in the care of children's services was born before 1900.
EARLIEST_BIRTH = date(1900, 1, 1)
# The work a case records is done under the Children Act 1989, in force from 14
# October 1991, and later law: nothing on a case happened before.
EARLIEST_CASE_WORK = date(1991, 10, 14)


class Span(NamedTuple):
    earliest: date
    # How far after today (now, for a date-time) the latest is.
    ahead: relativedelta
    # What a refusal says of the span, between its ends.
    rule: LazyGettext


SPANS = {
    LIFE: Span(
        EARLIEST_BIRTH,
        relativedelta(),
        _lt(
            "A date of birth or of an adoption order is from %(earliest)s to today, "
            "%(latest)s: correct it."
        ),
    ),
    EVENT: Span(
        EARLIEST_CASE_WORK,
        relativedelta(),
        _lt(
            "It says when this happened: enter a date from %(earliest)s to now, "
            "%(latest)s, never in the future."
        ),
    ),
    DEADLINE: Span(
        EARLIEST_CASE_WORK,
        relativedelta(years=1),
        _lt(
            "A deadline falls from %(earliest)s to a year ahead, %(latest)s: correct "
            "it."
        ),
    ),
    REVIEW: Span(
        EARLIEST_CASE_WORK,
        relativedelta(years=10),
        _lt(
            "A review, expiry, start or end date falls from %(earliest)s to ten years "
            "ahead, %(latest)s: correct it."
        ),
    ),
    # The longest retention period (an adoption, 100 years from the order), from a
    # trigger as old as a birth.
    RETENTION: Span(
        EARLIEST_BIRTH,
        relativedelta(years=100),
        _lt(
            "A retention review falls from %(earliest)s to a hundred years ahead (the "
            "longest retention period), %(latest)s: correct it."
        ),
    ),
    # A law still relied on may be old; a change is known some years ahead.
    LAW: Span(
        EARLIEST_BIRTH,
        relativedelta(years=10),
        _lt(
            "A law or a version of the advice comes into force or ends from "
            "%(earliest)s to ten years ahead, %(latest)s: correct it."
        ),
    ),
}

# {model: {field: kind}}: every date and date-time field of the addon, typed by a user
# or set by the addon itself. Only Odoo's create_date and write_date are left out, and
# a date computed from others without an inverse: those it is computed from are here.
PLAUSIBLE_DATES = {
    "res.partner": {"date_of_birth": LIFE},
    "res.config.settings": {"safeguarding_guidance_version_until": LAW},
    "safeguarding.config.settings": {"guidance_version_until": LAW},
    "safeguarding.case": {
        "child_date_of_birth": LIFE,
        "adoption_order_date": LIFE,
        "date_closed": EVENT,
        "retention_checked_on": EVENT,
        "retention_outcome_date": EVENT,
        "retention_review_date": RETENTION,
        "retention_keep_until": RETENTION,
    },
    "safeguarding.case.close": {"date_closed": EVENT},
    "safeguarding.case.review": {"keep_until": RETENTION},
    "safeguarding.case.access.log": {"date": EVENT},
    "safeguarding.advice": {"date_asked": EVENT, "date_answered": EVENT},
    "safeguarding.consent": {
        "date_requested": EVENT,
        "date_given": EVENT,
        "date_refused": EVENT,
        "date_withdrawn": EVENT,
        "date_competence_assessed": EVENT,
        "date_confirmed_in_writing": EVENT,
        "date_expiry": REVIEW,
        "date_review": REVIEW,
    },
    "safeguarding.consent.event": {"date": EVENT},
    "safeguarding.consent.withdraw": {"date_withdrawn": EVENT},
    "safeguarding.consent.notice.sent": {"date_sent": EVENT},
    "safeguarding.decision": {
        "request_date": EVENT,
        "date_discussed": EVENT,
        "date_police_notified": EVENT,
        "date_decided": EVENT,
        "date_engaged": EVENT,
        "signoff_due": DEADLINE,
        "guidance_pinned_until": LAW,
    },
    "safeguarding.request": {
        "date_request": EVENT,
        "date_picked_up": EVENT,
        "date_answered": EVENT,
        "date_escalated_pick_up": EVENT,
        "date_escalated_running_out": EVENT,
        "date_escalated_overdue": EVENT,
    },
    "safeguarding.request.exchange": {"date": EVENT, "date_logged": EVENT},
    "safeguarding.request.exchange.add": {"date": EVENT},
    "safeguarding.reply.time": {"date_from": LAW, "date_to": LAW},
    "mail.activity": {"safeguarding_due": DEADLINE},
    "safeguarding.decision.signoff": {"date": EVENT},
    "safeguarding.decision.police.reference": {"date": EVENT},
    "safeguarding.decision.telling": {"date_told": EVENT, "date_logged": EVENT},
    "safeguarding.decision.telling.add": {"date_told": EVENT},
    "safeguarding.disclosure": {"date_shared": EVENT},
    "safeguarding.disclosure.breach": {
        "date_found": EVENT,
        "date_ico_reported": EVENT,
        "date_closed": EVENT,
        "retention_review_date": RETENTION,
        "retention_keep_until": RETENTION,
    },
    "safeguarding.sharing.agreement": {
        "date_from": REVIEW,
        "date_to": REVIEW,
        "review_date": REVIEW,
        "date_terminated": EVENT,
        "retention_review_date": RETENTION,
        "retention_keep_until": RETENTION,
    },
    "safeguarding.subject.access.log": {"date": EVENT},
    "safeguarding.integrity.check": {"date": EVENT},
    "safeguarding.integrity.checkpoint": {"date": EVENT},
    "safeguarding.job.failure": {"date": EVENT},
    "safeguarding.guidance": {"date_from": LAW, "date_to": LAW},
    "safeguarding.lawful.basis": {"valid_from": LAW, "valid_to": LAW},
}


class Base(models.AbstractModel):
    _inherit = "base"

    def _validate_fields(self, field_names, excluded_names=()):
        """Odoo's constraints, then the plausible span of each declared date among
        the fields written (on create: given, or filled by a default), whatever the
        model: the table also names a field the addon adds to Odoo's contacts."""
        field_names = set(field_names)
        result = super()._validate_fields(field_names, excluded_names)
        spans = PLAUSIBLE_DATES.get(self._name)
        if spans:
            written = field_names.difference(excluded_names).intersection(spans)
            if written:
                self._check_plausible_dates(sorted(written))
        return result

    def _check_plausible_dates(self, fnames):
        """Refuse a value of the fields ``fnames`` (declared in the table) outside
        the span of its kind, naming the record and what to enter."""
        for record in self:
            for fname in fnames:
                value = record[fname]
                if not value:
                    continue
                earliest, latest = record._plausible_date_bounds(fname)
                if not earliest <= value <= latest:
                    raise record._implausible_date_error(fname, value)

    def _plausible_date_bounds(self, fname):
        """(earliest, latest) of the declared field ``fname`` of one record, of its
        type: a date-time's latest runs from now, a date's from the user's today."""
        span = SPANS[PLAUSIBLE_DATES[self._name][fname]]
        if self._fields[fname].type == "datetime":
            earliest = datetime.combine(span.earliest, time.min)
            return earliest, fields.Datetime.now() + span.ahead
        return span.earliest, fields.Date.context_today(self) + span.ahead

    def _implausible_date_error(self, fname, value):
        self.ensure_one()
        field = self._fields[fname]
        span = SPANS[PLAUSIBLE_DATES[self._name][fname]]
        latest = self._plausible_date_bounds(fname)[1]
        if field.type == "datetime":
            # In the user's time zone, as typed (out of range of a time zone, UTC).
            value, latest = (
                format_datetime(self.env, when, dt_format=False)
                for when in (value, latest)
            )
        else:
            value, latest = format_date(self.env, value), format_date(self.env, latest)
        # The kind's sentence, translated, then given its ends.
        rule = self.env._(span.rule)
        rule %= {"earliest": format_date(self.env, span.earliest), "latest": latest}
        return ValidationError(
            self.env._(
                "%(record)s: %(field)s cannot be %(value)s. %(rule)s",
                record=self._plausible_date_subject(),
                field=field._description_string(self.env),
                value=value,
                rule=rule,
            )
        )

    def _plausible_date_subject(self):
        """How a refusal names the record: by its reference, or a wizard by the
        record it acts on."""
        self.ensure_one()
        policy = getattr(self, "_safeguarding", None)
        parent = policy and policy.kind == "wizard" and policy.parent
        if parent and self[parent]:
            return self[parent].display_name
        return self.display_name
