"""Bad input is refused clearly and nothing is written: every date and date-time of the
addon's models stays within the plausible span of its kind (declared once, in
models/plausible_dates.py), and an NHS number is typed with the digits 0 to 9."""

import re
from datetime import date, datetime, time, timedelta

from odoo import fields
from odoo.exceptions import ValidationError
from odoo.fields import Command
from odoo.tests import HttpCase, tagged

from ..models.plausible_dates import (
    EARLIEST_BIRTH,
    EARLIEST_CASE_WORK,
    PLAUSIBLE_DATES,
    SPANS,
)
from .common import DecisionCommon, RpcClient, server_today

ADDON = "safeguarding_info_sharing"
REFUSED = "odoo.exceptions.ValidationError"
# 9990000034 (a valid NHS number) in other scripts' digits, which Python's
# str.isdigit() and re's \d accept and int() reads.
FOREIGN_DIGITS = {
    "Arabic-Indic": "\u0669\u0669\u0669\u0660\u0660\u0660\u0660\u0660\u0663\u0664",
    "Devanagari": "\u096f\u096f\u096f\u0966\u0966\u0966\u0966\u0966\u0969\u096a",
    "fullwidth": "\uff19\uff19\uff19\uff10\uff10\uff10\uff10\uff10\uff13\uff14",
}


def until_now(message):
    """A pattern of ``message`` whose ``{now}`` is the time the server checked."""
    now = r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d"
    return "^" + re.escape(message).replace(re.escape("{now}"), now) + "$"


def writable_date_fields(registry):
    """(model, field) of every date and date-time field of the addon's models, and of
    those it adds to Odoo's, that a create or a write sets: all but create_date and
    write_date (Odoo's), those of SQL views, and a date computed from others without
    an inverse (it is never typed: those it is computed from are)."""
    found = set()
    for name in registry:
        model = registry[name]
        if model._abstract or not model._auto:
            continue
        for fname, field in model._fields.items():
            typed = field.inverse or (
                field.store and not (field.compute and field.readonly)
            )
            if (
                field.type in ("date", "datetime")
                and ADDON in (model._original_module, field._module)
                and not field.automatic
                and typed
            ):
                found.add((name, fname))
    return found


@tagged("post_install", "-at_install")
class TestPlausibleDateSpans(DecisionCommon):
    """The table against the registry, and each line of it enforced."""

    def test_every_date_field_has_a_declared_span(self):
        declared = {
            (model, fname)
            for model, spans in PLAUSIBLE_DATES.items()
            for fname in spans
        }
        found = writable_date_fields(self.env.registry)
        self.assertEqual(
            sorted(found - declared), [], "date fields without a plausible span"
        )
        self.assertEqual(sorted(declared - found), [], "spans of no such date field")
        self.assertEqual(
            {kind for spans in PLAUSIBLE_DATES.values() for kind in spans.values()},
            set(SPANS),
        )

    def test_each_declared_span_is_enforced_on_its_field(self):
        """Just inside each end of its span a value passes the check, just outside
        it is refused (the check runs on every create and write: the tests below)."""
        today = fields.Date.context_today(self.env.user)
        now = fields.Datetime.now()
        for model, spans in PLAUSIBLE_DATES.items():
            for fname, kind in spans.items():
                earliest, ahead, _rule = SPANS[kind]
                if self.env[model]._fields[fname].type == "datetime":
                    first = datetime.combine(earliest, time.min)
                    last = now + ahead
                    values = (
                        (first, True),
                        (first - timedelta(seconds=1), False),
                        (last - timedelta(seconds=1), True),
                        (last + timedelta(minutes=1), False),
                    )
                else:
                    last = today + ahead
                    values = (
                        (earliest, True),
                        (earliest - timedelta(days=1), False),
                        (last, True),
                        (last + timedelta(days=1), False),
                    )
                label = self.env[model]._fields[fname]._description_string(self.env)
                for value, plausible in values:
                    with self.subTest(model=model, field=fname, value=value):
                        record = self.env[model].new({fname: value})
                        if plausible:
                            record._check_plausible_dates([fname])
                        else:
                            with self.assertRaises(ValidationError) as caught:
                                record._check_plausible_dates([fname])
                            self.assertIn(
                                f": {label} cannot be ", str(caught.exception)
                            )

    def test_only_the_dates_written_are_checked(self):
        """A value kept from before the check (here written below the ORM) does not
        block the rest of its record; it is refused once written again."""
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE res_partner SET date_of_birth = '1850-01-01' WHERE id = %s",
            [self.child.id],
        )
        self.env.invalidate_all()
        case = self.case.with_user(self.practitioner)
        case.summary = "<p>Moved from another authority.</p>"
        with self.assertRefused(ValidationError, "^Test Child: Date of Birth cannot"):
            case.child_date_of_birth = date(1850, 1, 1)

    def test_the_spans_of_the_advice(self):
        self.assertEqual(EARLIEST_BIRTH, date(1900, 1, 1))
        self.assertEqual(EARLIEST_CASE_WORK, date(1991, 10, 14))
        self.assertEqual(
            PLAUSIBLE_DATES["safeguarding.case"]["child_date_of_birth"],
            PLAUSIBLE_DATES["res.partner"]["date_of_birth"],
        )


@tagged("post_install", "-at_install")
class TestPlausibleInputRpc(HttpCase, RpcClient, DecisionCommon):
    """From outside, as a practitioner on the case: the dates of the red team's
    requests, and NHS numbers in other scripts' digits, are refused and nothing
    changes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The practitioner reads English (UK) dates, DD/MM/YYYY, as the agency does.
        cls.env["res.lang"]._activate_lang("en_GB")
        cls.practitioner.write({"password": cls.rpc_password, "lang": "en_GB"})
        cls.today = server_today(cls.practitioner)

    def stored(self, records, fnames):
        self.env.flush_all()
        self.env.invalidate_all()
        return records.sudo().read(fnames)

    def child_stored(self, fname):
        """The child's ``fname`` as the database holds it."""
        return self.stored(self.child, [fname])[0][fname]

    def write_case(self, vals):
        """The practitioner writes ``vals`` on their case, from outside."""
        return self.call(
            self.practitioner, "safeguarding.case", "write", self.case.ids, vals
        )

    def case_refusal(self, vals):
        """(exception, message) with which the server refuses ``write_case``."""
        return self.rpc_refusal(
            self.practitioner, "safeguarding.case", "write", self.case.ids, vals
        )

    def test_a_date_of_birth_before_1900_or_to_come_is_refused(self):
        tomorrow = self.today + timedelta(days=1)
        for value, shown in (
            ("1800-03-04", "04/03/1800"),
            ("0001-01-01", "01/01/0001"),
            (fields.Date.to_string(tomorrow), tomorrow.strftime("%d/%m/%Y")),
        ):
            with self.subTest(value=value):
                self.assertEqual(
                    self.case_refusal({"child_date_of_birth": value}),
                    (
                        REFUSED,
                        (
                            f"Test Child: Date of Birth cannot be {shown}. A date of "
                            "birth or of an adoption order is from 01/01/1900 to "
                            f"today, {self.today.strftime('%d/%m/%Y')}: correct it."
                        ),
                    ),
                )
                self.assertEqual(
                    self.child_stored("date_of_birth"),
                    date(2016, 5, 4),
                )
        self.write_case({"child_date_of_birth": "1900-01-01"})
        self.assertEqual(self.child.date_of_birth, date(1900, 1, 1))

    def test_a_request_received_in_9999_or_tomorrow_is_refused(self):
        # Recorded with the decision answering it, the request is refused, and
        # neither is written.
        Decision = self.env["safeguarding.decision"].sudo()
        Request = self.env["safeguarding.request"].sudo()
        before = Decision.search_count([]), Request.search_count([])
        tomorrow = self.today + timedelta(days=1)
        for value in ("9999-12-31", fields.Date.to_string(tomorrow)):
            with self.subTest(value=value):
                name, message = self.rpc_refusal(
                    self.practitioner,
                    "safeguarding.decision",
                    "create",
                    [self.share_vals(trigger="request", date_received=value)],
                )
                self.assertEqual(name, REFUSED)
                self.assertRegex(
                    message,
                    until_now(
                        "REQ/{year}/{number}: Received On cannot be {day}. It says "
                        "when this happened: enter a date from 14/10/1991 to now, "
                        "{now}, never in the future."
                    )
                    .replace(re.escape("{year}"), r"\d{4}")
                    .replace(re.escape("{number}"), r"\d+")
                    # The first minute of that day where the agency works, in the
                    # user's time zone.
                    .replace(re.escape("{day}"), r"\d\d/\d\d/\d{4} \d\d:\d\d:\d\d"),
                )
                self.assertEqual(
                    (Decision.search_count([]), Request.search_count([])), before
                )

    def test_a_consent_given_in_year_1_is_refused_even_as_a_default(self):
        consent = self.new_consent()
        name, message = self.rpc_refusal(
            self.practitioner,
            "safeguarding.consent",
            "write",
            consent.ids,
            {"date_given": "0001-01-01 10:00:00"},
        )
        self.assertEqual(name, REFUSED)
        self.assertRegex(
            message,
            until_now(
                f"{consent.display_name}: Date Given cannot be 01/01/0001 10:00:00. "
                "It says when this happened: enter a date from 14/10/1991 to now, "
                "{now}, never in the future."
            ),
        )
        self.assertEqual(self.stored(consent, ["date_given"])[0]["date_given"], False)
        Consent = self.env["safeguarding.consent"].sudo()
        before = Consent.search_count([])
        name, message = self.rpc_refusal(
            self.practitioner,
            "safeguarding.consent",
            "create",
            [self.consent_vals()],
            context={"default_date_given": "1800-01-01 10:00:00"},
        )
        self.assertEqual(name, REFUSED)
        self.assertIn(": Date Given cannot be 01/01/1800 10:00:00. ", message)
        self.assertEqual(Consent.search_count([]), before)

    def test_a_telling_in_1800_is_refused(self):
        decision = self.record(self.new_decision())
        name, message = self.rpc_refusal(
            self.practitioner,
            "safeguarding.decision.telling.add",
            "create",
            {
                "decision_id": decision.id,
                "told": True,
                "person_ids": [Command.set(self.child.ids)],
                "method": "phone",
                "date_told": "1800-03-04 10:00:00",
                "summary": "What was shared, why and with whom.",
            },
        )
        self.assertEqual(name, REFUSED)
        self.assertRegex(
            message,
            until_now(
                f"{decision.name}: When cannot be 04/03/1800 10:00:00. It says when "
                "this happened: enter a date from 14/10/1991 to now, {now}, never in "
                "the future."
            ),
        )
        self.env.invalidate_all()
        self.assertFalse(decision.telling_ids)

    def test_an_nhs_number_in_other_digits_is_refused(self):
        for script, number in FOREIGN_DIGITS.items():
            with self.subTest(script=script):
                self.assertEqual(int(number), 9990000034)
                self.assertEqual(
                    self.case_refusal({"child_nhs_number": number}),
                    (
                        REFUSED,
                        (
                            f"Test Child: {number} is not a valid NHS number: type "
                            "its 10 digits with the digits 0 to 9."
                        ),
                    ),
                )
                self.assertEqual(
                    self.child_stored("nhs_number"),
                    "9990000034",
                )
        # The check digit is still checked.
        self.assertEqual(
            self.case_refusal({"child_nhs_number": "9990000035"}),
            (
                REFUSED,
                (
                    "Test Child: 9990000035 is not a valid NHS number: it must have "
                    "10 digits and a correct check digit."
                ),
            ),
        )
        self.write_case({"child_nhs_number": "943 476 5919"})
        self.assertEqual(self.child.nhs_number, "943 476 5919")
