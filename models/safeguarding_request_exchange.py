from odoo import api, fields, models
from odoo.exceptions import UserError

from .safeguarding_decision_telling import TELLING_METHODS
from .safeguarding_integrity_mixin import IntegrityFormat

KINDS = [
    ("reply_sent", "Reply to the requester"),
    ("reply_received", "Reply received"),
    ("chased", "Chased"),
    ("referrer_told", "Referrer told the outcome"),
]
# What a client gives for each kind it may record (the reply to the requester is
# logged from the composer only), and what each needs.
EXCHANGE_VALUES = {
    "reply_received": {
        "fields": {
            "partner_id",
            "method",
            "date",
            "summary",
            "fact_or_opinion",
            "used_for",
        },
        "required": ("date", "summary", "fact_or_opinion", "used_for"),
    },
    "chased": {
        "fields": {"partner_id", "method", "date", "summary"},
        "required": ("date", "method"),
    },
    "referrer_told": {
        "fields": {"told", "method", "date", "summary", "not_told_reason"},
        "required": (),
    },
}


class SafeguardingRequestExchange(models.Model):
    """What passed between the agency and the other side of a request: the reply
    written to a requester, a partner's reply to our request (marked fact or
    opinion, and what it was used for), a chaser, the referrer told the outcome.
    Each an entry of its own, sealed as it is added and kept for ever."""

    _name = "safeguarding.request.exchange"
    _description = "Reply or Chaser of a Request"
    _inherit = [
        "safeguarding.append.only.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _order = "date, id"
    _rec_name = "request_id"
    _integrity_order = 90
    _integrity_formats = {
        2: IntegrityFormat(
            columns=(
                "request_id",
                "company_id",
                "kind",
                "partner_id",
                "method",
                "date",
                "summary",
                "fact_or_opinion",
                "used_for",
                "told",
                "not_told_reason",
                "message_id",
                "user_id",
                "date_logged",
            ),
        ),
    }

    request_id = fields.Many2one(
        "safeguarding.request",
        required=True,
        index=True,
        ondelete="restrict",
        readonly=True,
    )
    case_id = fields.Many2one(related="request_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="request_id.company_id", store=True)
    kind = fields.Selection(KINDS, required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="To or From",
        readonly=True,
        help="Whom the reply or chaser went to, or who replied.",
    )
    method = fields.Selection(TELLING_METHODS, string="How", readonly=True)
    date = fields.Datetime(string="When", required=True, readonly=True)
    summary = fields.Text(
        string="What Was Said",
        readonly=True,
        help="The reply written, what came back, what the chaser said or what the "
        "referrer was told.",
    )
    fact_or_opinion = fields.Selection(
        [("fact", "Fact"), ("opinion", "Opinion")],
        string="Fact or Opinion",
        readonly=True,
        help="What came back is a fact, or an opinion.",
    )
    used_for = fields.Text(readonly=True)
    told = fields.Boolean(readonly=True)
    not_told_reason = fields.Text(string="Why Not Told", readonly=True)
    message_id = fields.Many2one(
        "mail.message", string="Logged Letter", readonly=True, ondelete="set null"
    )
    user_id = fields.Many2one(
        "res.users", string="Recorded By", required=True, readonly=True
    )
    date_logged = fields.Datetime(string="Recorded On", required=True, readonly=True)

    def _append_only_what(self):
        return self.env._("A request's replies and chasers")

    @api.model
    def _log(self, request, values):
        """Create and seal the entry ``values`` describe on ``request``: the
        request's own move, which has checked the user's access to it."""
        entry = self.sudo().create(
            {
                **values,
                "request_id": request.id,
                "user_id": self.env.uid,
                "date_logged": fields.Datetime.now(),
            }
        )
        entry._seal()
        return entry.sudo(False)

    @api.model
    def _checked_values(self, request, values):
        """The checked values of an entry on ``request``, or a clear refusal that
        says what to fix. Nothing is written here."""
        if not isinstance(values, dict):
            raise UserError(self.env._("Give the entry's values by their names."))
        kind = values.get("kind")
        spec = EXCHANGE_VALUES.get(kind)
        if not spec:
            raise UserError(
                self.env._(
                    "On %(request)s you record a reply received, a chaser or the "
                    "referrer told; the reply to the requester is logged from 'Reply "
                    "to the Requester'.",
                    request=request.name,
                )
            )
        unknown = set(values) - spec["fields"] - {"kind"}
        if unknown:
            raise UserError(
                self.env._(
                    "%(kind)s does not take %(fields)s.",
                    kind=dict(self._fields["kind"]._description_selection(self.env))[
                        kind
                    ],
                    fields=", ".join(sorted(unknown)),
                )
            )
        self._check_kind_fits(request, kind)
        vals = {"kind": kind}
        for name in spec["fields"]:
            value = values.get(name)
            if isinstance(value, str):
                value = value.strip()
            if value not in (None, False, ""):
                vals[name] = value
        if kind == "referrer_told":
            vals["told"] = bool(values.get("told"))
            vals["partner_id"] = request.referrer_id.id
            required = (
                ("date", "method", "summary") if vals["told"] else ("not_told_reason",)
            )
            if not vals["told"]:
                vals["date"] = fields.Datetime.now()
        else:
            required = spec["required"]
            vals.setdefault(
                "partner_id", (request.contact_id or request.organisation_id).id
            )
        missing = [name for name in required if not vals.get(name)]
        if missing:
            raise UserError(
                self.env._(
                    "%(kind)s on %(request)s needs %(fields)s.",
                    kind=dict(self._fields["kind"]._description_selection(self.env))[
                        kind
                    ],
                    request=request.name,
                    fields=self._field_labels(missing),
                )
            )
        self._check_choices(vals)
        vals["date"] = fields.Datetime.to_datetime(vals["date"])
        self._check_date(request, vals["date"])
        return vals

    def _check_kind_fits(self, request, kind):
        if kind in ("reply_received", "chased") and request.direction != "sent":
            raise UserError(
                self.env._(
                    "%(request)s was received by us: replies received and chasers "
                    "belong to a request we sent.",
                    request=request.name,
                )
            )
        if kind == "chased" and request.state == "answered":
            raise UserError(
                self.env._(
                    "%(request)s is already answered: there is nothing to chase.",
                    request=request.name,
                )
            )
        if kind == "referrer_told":
            if request.direction != "received" or not request.referrer_id:
                raise UserError(
                    self.env._(
                        "%(request)s names no referrer to tell.",
                        request=request.name,
                    )
                )
            if request.state != "answered":
                raise UserError(
                    self.env._(
                        "%(request)s is not answered yet: the referrer is told the "
                        "outcome once it is.",
                        request=request.name,
                    )
                )

    def _check_choices(self, vals):
        for name in ("method", "fact_or_opinion"):
            if name in vals and vals[name] not in dict(self._fields[name].selection):
                raise UserError(
                    self.env._(
                        "%(value)s is not a choice of %(field)s.",
                        value=vals[name],
                        field=self._fields[name]._description_string(self.env),
                    )
                )

    def _check_date(self, request, when):
        # Never in the future either: the plausible span of an event says so.
        if when < request.date_request:
            raise UserError(
                self.env._(
                    "%(request)s came on %(date)s: nothing passed on it before.",
                    request=request.name,
                    date=fields.Datetime.to_string(request.date_request),
                )
            )

    def _field_labels(self, names):
        return ", ".join(
            sorted(self._fields[name]._description_string(self.env) for name in names)
        )
