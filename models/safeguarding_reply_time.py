from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError

RATINGS = [("red", "Red"), ("amber", "Amber"), ("green", "Green")]


class SafeguardingReplyTime(models.Model):
    """The time a request's rating gives for its reply, by the agency's protocol
    (a MASH protocol, say: Red within 4 working hours, Amber 24, Green 72), from a
    date: a change of protocol is a new entry from the day it applies, and a
    request keeps the time in force when it was received.

    Working hours are those of a resource calendar, with its public holidays (its
    global time off, as Odoo's ``resource`` models them); a rating the protocol
    counts round the clock ignores both."""

    _name = "safeguarding.reply.time"
    _description = "Reply Time of a Request's Rating"
    _order = "company_id, rating, date_from desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company",
        string="Agency",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    rating = fields.Selection(RATINGS, required=True)
    hours = fields.Float(
        string="Reply Within (Hours)",
        required=True,
        help="Working hours, or hours round the clock when the protocol counts the "
        "rating so.",
    )
    round_the_clock = fields.Boolean(
        help="The protocol counts this rating's reply time round the clock, nights, "
        "weekends and public holidays included (a Red rating, in some areas).",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        required=True,
        check_company=True,
        default=lambda self: self.env.company.resource_calendar_id,
        help="The agency's working hours and public holidays (its global time off), "
        "in which the reply time is counted.",
    )
    date_from = fields.Date(string="In Force From", required=True)
    date_to = fields.Date(
        string="In Force Until", help="Empty while it is the protocol in force."
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("hours_positive", "CHECK(hours > 0)", "A reply time is more than 0 hours."),
        (
            "dates_order",
            "CHECK(date_to IS NULL OR date_from <= date_to)",
            "A reply time cannot end before it starts.",
        ),
    ]

    @api.depends("rating", "hours", "round_the_clock")
    def _compute_display_name(self):
        ratings = dict(self._fields["rating"]._description_selection(self.env))
        for row in self:
            if row.round_the_clock:
                clock = self.env._("hours round the clock")
            else:
                clock = self.env._("working hours")
            hours = f"{row.hours:g}"
            row.display_name = self.env._(
                "%(rating)s: %(hours)s %(clock)s",
                rating=ratings.get(row.rating, ""),
                hours=hours,
                clock=clock,
            )

    @api.constrains("company_id", "rating", "date_from", "date_to", "active")
    def _check_no_overlap(self):
        for row in self.filtered("active"):
            overlapping = self.search(
                [
                    ("id", "!=", row.id),
                    ("company_id", "=", row.company_id.id),
                    ("rating", "=", row.rating),
                    "|",
                    ("date_to", "=", False),
                    ("date_to", ">=", row.date_from),
                ]
                + ([("date_from", "<=", row.date_to)] if row.date_to else []),
                limit=1,
            )
            if overlapping:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has a reply time for %(row)s in force "
                        "on some of these days (%(other)s, from %(date)s): end it "
                        "the day before this one starts.",
                        company=row.company_id.name,
                        row=row.display_name,
                        other=overlapping.display_name,
                        date=overlapping.date_from,
                    )
                )

    @api.model
    def _in_force(self, company, rating, when):
        """The reply time of ``rating`` at ``company`` in force at ``when`` (a UTC
        datetime), or an empty recordset."""
        # sudo: reference data, the protocol's; every role reads it.
        rows = (
            self.sudo()
            .search([("company_id", "=", company.id), ("rating", "=", rating)])
            .with_env(self.env)
        )
        for row in rows:
            day = row._local(when).date()
            if row.date_from <= day and (not row.date_to or day <= row.date_to):
                return row
        return self.browse()

    def _local(self, when):
        """``when`` (naive UTC) in this reply time's timezone."""
        return pytz.utc.localize(when).astimezone(
            pytz.timezone(self.calendar_id.sudo().tz or "UTC")
        )


def plan(calendar, round_the_clock, start, hours):
    """``hours`` after ``start`` (naive UTC): round the clock, or in the working hours
    and outside the public holidays of ``calendar``."""
    if round_the_clock:
        return start + timedelta(hours=hours)
    # sudo: the calendar is reference data; its time off is read to count hours.
    return calendar.sudo().plan_hours(hours, start, compute_leaves=True)


def hours_between(calendar, round_the_clock, start, end):
    """The hours from ``start`` to ``end`` (naive UTC) on the same clock as plan()."""
    if round_the_clock:
        return (end - start).total_seconds() / 3600.0
    if end <= start:
        return 0.0
    return calendar.sudo().get_work_hours_count(start, end, compute_leaves=True)
