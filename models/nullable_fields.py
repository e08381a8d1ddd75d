"""Numeric fields whose "does not apply" is stored as NULL, not as zero.

Odoo stores an empty Integer or Float as 0, so an average counts every record where
a measure does not apply as a zero. These fields keep ``False`` (does not apply)
apart from 0 (a real zero: a request decided on the day it was received): the
column holds NULL, which PostgreSQL's AVG, SUM, MIN and MAX skip, so read_group,
pivot and graph average only the records the measure applies to. Read, shown and
exported, "does not apply" is empty.
"""

from odoo import fields


class _NullableNumber:
    def convert_to_column(self, value, record, values=None, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_column(value, record, values, validate)

    def convert_to_cache(self, value, record, validate=True):
        if value is None or value is False:
            return None
        return super().convert_to_cache(value, record, validate)

    def convert_to_record(self, value, record):
        return False if value is None else value

    def convert_to_export(self, value, record):
        if value is None or value is False:
            return ""
        return super().convert_to_export(value, record)


class NullableInteger(_NullableNumber, fields.Integer):
    """An Integer stored NULL when it does not apply (``False``)."""


class NullableFloat(_NullableNumber, fields.Float):
    """A Float stored NULL when it does not apply (``False``)."""
