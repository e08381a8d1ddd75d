from odoo import api, fields, models

from .safeguarding_integrity_mixin import IntegrityFormat


class SafeguardingConsentEvent(models.Model):
    """One move of a consent: the ledger that is never rewritten."""

    _name = "safeguarding.consent.event"
    _description = "Consent Event"
    _inherit = [
        "safeguarding.append.only.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _integrity_order = 40
    _integrity_formats = {
        2: IntegrityFormat(
            columns=(
                "consent_id",
                "company_id",
                "event",
                "date",
                "user_id",
                "partner_id",
                "note",
            )
        ),
    }
    _order = "date, id"

    consent_id = fields.Many2one(
        "safeguarding.consent",
        required=True,
        index=True,
        # Only a consent never answered can be deleted (the consent refuses the rest),
        # and its "requested" event goes with it.
        ondelete="cascade",
        readonly=True,
    )
    case_id = fields.Many2one(related="consent_id.case_id", store=True, index=True)
    company_id = fields.Many2one(related="consent_id.company_id", store=True)
    event = fields.Selection(
        [
            ("requested", "Requested"),
            ("given", "Given"),
            ("refused", "Refused"),
            ("withdrawn", "Withdrawn"),
            ("expired", "Expired"),
            ("confirmed", "Confirmed in writing"),
        ],
        required=True,
        readonly=True,
    )
    date = fields.Datetime(required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Recorded By", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Person", readonly=True)
    note = fields.Text(readonly=True)

    @api.depends("consent_id.name", "event")
    def _compute_display_name(self):
        events = dict(self._fields["event"]._description_selection(self.env))
        for row in self:
            row.display_name = self.env._(
                "%(consent)s: %(event)s",
                consent=row.consent_id.name or "",
                event=events.get(row.event, ""),
            )

    @api.model
    def _log(self, consent, event):
        # Events come from the consent's own moves only: users have no create right.
        details = {
            "requested": (consent.given_by_id, consent.scope_information),
            "given": (consent.given_by_id, False),
            "refused": (consent.given_by_id, False),
            "withdrawn": (consent.withdrawn_by_id, consent.withdrawal_reason),
            "expired": (False, False),
            "confirmed": (
                consent.given_by_id,
                consent.date_confirmed_in_writing
                and self.env._(
                    "Verbal consent confirmed in writing, received on %(date)s.",
                    date=fields.Date.to_string(consent.date_confirmed_in_writing),
                ),
            ),
        }
        partner, note = details[event]
        row = self.sudo().create(
            {
                "consent_id": consent.id,
                "event": event,
                "date": fields.Datetime.now(),
                "user_id": self.env.uid,
                "partner_id": partner.id if partner else False,
                "note": note,
            }
        )
        row._seal()
        return row

    def _append_only_what(self):
        return self.env._("The history of a consent")
