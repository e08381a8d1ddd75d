from itertools import pairwise

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from .guidance import PROCEDURES, version_selection
from .safeguarding_policy import Reference

PIN_PARAM = "safeguarding_info_sharing.guidance_version"
# The last day a decision may be started under the pinned version: a pin always ends.
PIN_UNTIL_PARAM = "safeguarding_info_sharing.guidance_version_until"


class GuidanceVersion(fields.Selection):
    """A version of the advice: one of the packs registered in models/guidance when
    it is read, so that a pack registered later is a value at once; checked on write
    and exported by its label, as a listed selection is."""

    def __init__(self, selection=None, **kwargs):
        super().__init__(selection=selection or version_selection, **kwargs)

    def convert_to_cache(self, value, record, validate=True):
        if validate and value and value not in self.get_values(record.env):
            raise ValueError(f"Wrong value for {self}: {value!r}")
        return value or None

    def convert_to_export(self, value, record):
        labels = dict(self._description_selection(record.env))
        return labels.get(value, "") if value else ""


class SafeguardingGuidance(models.Model):
    """A version of HM Government's information sharing advice and the period it is in
    force: a new decision is made under the version in force on its date (or the one
    the agency pins), keeps it for ever and is decided by that version's procedure.
    Periods never overlap; a version may come back into force for another period."""

    _name = "safeguarding.guidance"
    _description = "Guidance Version"
    _inherit = ["safeguarding.policy.mixin"]
    _safeguarding = Reference()
    _order = "date_from desc"

    version = GuidanceVersion(required=True, readonly=True)
    name = fields.Char(string="Title", required=True, translate=True)
    label = fields.Char(
        compute="_compute_label", help="How decisions name the version they follow."
    )
    date_from = fields.Date(string="In Force From", required=True)
    date_to = fields.Date(string="In Force Until")
    source_url = fields.Char(string="Published At")
    attribution = fields.Text(
        help="The licence under which the rules and principles are quoted."
    )
    golden_rule_ids = fields.One2many(
        "safeguarding.golden.rule",
        compute="_compute_reference",
        string="Golden Rules",
    )
    principle_ids = fields.One2many(
        "safeguarding.principle", compute="_compute_reference", string="Principles"
    )

    @api.depends("version")
    def _compute_label(self):
        labels = dict(self._fields["version"]._description_selection(self.env))
        for guidance in self:
            guidance.label = labels.get(guidance.version)

    @api.depends("version")
    def _compute_reference(self):
        for guidance in self:
            domain = [("guidance_version", "=", guidance.version)]
            guidance.golden_rule_ids = self.env["safeguarding.golden.rule"].search(
                domain
            )
            guidance.principle_ids = self.env["safeguarding.principle"].search(domain)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for guidance in self:
            if guidance.date_to and guidance.date_to < guidance.date_from:
                raise ValidationError(
                    self.env._(
                        "%(version)s ends before it comes into force: check its dates.",
                        version=guidance.name,
                    )
                )
        periods = sorted(self._all_periods()._periods_of(), key=lambda p: p[1])
        labels = dict(self._fields["version"]._description_selection(self.env))
        for before, after in pairwise(periods):
            if before[2] is None or before[2] >= after[1]:
                raise ValidationError(
                    self.env._(
                        "Two guidance versions cannot be in force on the same day: "
                        "%(before)s must end before %(after)s comes into force.",
                        before=labels[before[0]],
                        after=labels[after[0]],
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        # The last period of a version decisions follow stays: it names their advice.
        remaining = self.search([("id", "not in", self.ids)]).mapped("version")
        gone = set(self.mapped("version")) - set(remaining)
        if gone and self.env["safeguarding.decision"].sudo().search_count(
            [("guidance_version", "in", list(gone))], limit=1
        ):
            labels = dict(self._fields["version"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Decisions are made under %(versions)s: it stays listed.",
                    versions=", ".join(labels[v] for v in gone),
                )
            )
        self.env.registry.clear_cache()

    def _all_periods(self):
        # A handful of rows of reference data, read with the fields a period needs.
        return self.sudo().search_fetch([], ["version", "date_from", "date_to"])

    def _periods_of(self):
        return [(g.version, g.date_from, g.date_to or None) for g in self]

    @tools.ormcache()
    def _periods(self):
        # Reference data read on every new decision: cached, cleared on any change.
        return tuple(self._all_periods()._periods_of())

    @api.model
    def _pin(self):
        """(version, last day) of the agency's pin, or (False, False). A pin with no
        last day pins nothing: it would keep decisions made today under another
        advice for ever."""
        params = self.env["ir.config_parameter"].sudo()
        pinned = params.get_param(PIN_PARAM)
        until = fields.Date.to_date(params.get_param(PIN_UNTIL_PARAM) or False)
        if pinned not in PROCEDURES or not until:
            return False, False
        return pinned, until

    @api.model
    def _set_pin(self, version, until):
        """Pin ``version`` for the decisions started until ``until`` (a date), or
        unpin (``version`` empty). The settings pages' one way to write the pin."""
        if version and (not until or until < fields.Date.context_today(self)):
            raise UserError(
                self.env._(
                    "A pinned guidance version needs the last day it applies, today "
                    "or later: a pin without an end would keep new decisions under "
                    "another advice for ever."
                )
            )
        params = self.env["ir.config_parameter"].sudo()
        params.set_param(PIN_PARAM, version or False)
        params.set_param(PIN_UNTIL_PARAM, version and fields.Date.to_string(until))

    @api.model
    def _pinned_version(self, day=None):
        """The version the agency pinned for a decision started on ``day`` (today
        by default), or False once the pin has ended."""
        pinned, until = self._pin()
        day = day or fields.Date.context_today(self)
        return pinned if pinned and day <= until else False

    @api.model
    def _in_force_on(self, day):
        """The version in force on ``day``, whatever the pin, or False."""
        for version, date_from, date_to in self._periods():
            if date_from <= day and (date_to is None or day <= date_to):
                return version
        return False

    @api.model
    def _version_today(self):
        """The version a decision started today follows."""
        return self._version_on(fields.Date.context_today(self))

    @api.model
    def _version_on(self, day):
        """The version a decision made on ``day`` follows: the one the agency pinned,
        until the pin's last day, else the one in force that day."""
        version = self._pinned_version(day) or self._in_force_on(day)
        if version:
            return version
        raise ValidationError(
            self.env._(
                "No guidance version is in force on %(day)s: an administrator sets "
                "the versions' dates under Configuration > Guidance Versions.",
                day=day,
            )
        )
