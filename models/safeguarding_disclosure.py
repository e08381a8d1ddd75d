from datetime import datetime, time, timedelta
from textwrap import shorten

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from .safeguarding_integrity_mixin import SNAPSHOT, IntegrityFormat
from .safeguarding_policy import SEE, WORK, CaseData

# The fields of format 1 of the seal, and the line's own columns format 2 covers:
# the same and two more. Both frozen: see _integrity_formats.
SEALED_FIELDS_V1 = (
    "company_id",
    "decision_id",
    "description",
    "fact_or_opinion",
    "historical",
    "historical_note",
    "recipient_id",
    "channel_id",
    "date_shared",
    "shared_by_id",
)
SEALED_COLUMNS_V2 = (*SEALED_FIELDS_V1, "insecure_channel_reason", "recipient_verified")


class SafeguardingDisclosure(models.Model):
    """One item of information actually shared under a decision to share."""

    _name = "safeguarding.disclosure"
    _description = "Information Shared"
    _inherit = [
        "safeguarding.record.lock.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _order = "date_shared desc, id desc"
    _check_company_auto = True
    # Who shared is the user recording it; when is now, or a stated earlier time.
    _safeguarding = CaseData(
        parent="decision_id",
        server=("shared_by_id",),
        create=WORK,
        read=SEE,
        write=WORK,
        unlink=WORK,
    )
    # Format 1 of the seal, kept to verify what was sealed with it.
    _integrity_fields = SEALED_FIELDS_V1
    # The keyed formats, frozen (a new column is a new format). Format 2: the same
    # columns, and the channel as it is named; format 3: the snapshot of the
    # recipient and the channel as they were when the line was sealed.
    _integrity_order = 20
    _integrity_formats = {
        2: IntegrityFormat(
            columns=SEALED_COLUMNS_V2, related=("channel", "identity_exposed")
        ),
        3: IntegrityFormat(
            columns=(*SEALED_COLUMNS_V2, SNAPSHOT),
            related=("channel", "identity_exposed"),
        ),
    }
    _integrity_models = ("safeguarding.channel", "res.partner")

    decision_id = fields.Many2one(
        "safeguarding.decision",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    case_id = fields.Many2one(
        related="decision_id.case_id", store=True, index=True, precompute=True
    )
    company_id = fields.Many2one(
        related="decision_id.company_id", store=True, index=True, precompute=True
    )
    description = fields.Text(string="What Was Shared", required=True)
    fact_or_opinion = fields.Selection(
        [("fact", "Fact"), ("opinion", "Opinion")],
        required=True,
        help="Accuracy: say whether each item is a fact or an opinion.",
    )
    historical = fields.Boolean(help="Historical information, marked as such.")
    historical_note = fields.Text(string="Why Historical Information Is Shared")
    recipient_id = fields.Many2one(
        "res.partner",
        string="Shared With",
        required=True,
        help="The organisation and the person who received it.",
    )
    recipient_organisation_id = fields.Many2one(
        "res.partner",
        related="recipient_id.commercial_partner_id",
        string="Recipient Organisation",
        store=True,
        precompute=True,
    )
    recipient_verified = fields.Boolean(
        string="This Person's Identity Verified",
        help="The person of the recipient organisation who received this line: their "
        "identity was verified.",
    )
    decision_recipient_id = fields.Many2one(
        "safeguarding.decision.recipient",
        string="Decided Recipient",
        compute="_compute_decision_recipient_id",
        store=True,
        # Computed before the line is inserted: its decision's recipients are.
        precompute=True,
        index="btree_not_null",
        help="The recipient of the decision this line goes to.",
    )
    channel_id = fields.Many2one("safeguarding.channel", required=True)
    insecure_channel_reason = fields.Text(string="Why a Channel That Is Not Secure")
    date_shared = fields.Datetime(
        string="Shared On", required=True, default=fields.Datetime.now
    )
    shared_by_id = fields.Many2one(
        "res.users",
        required=True,
        default=lambda self: self.env.user,
    )
    identity_exposed_ids = fields.Many2many(
        "safeguarding.case.person",
        "safeguarding_disclosure_identity_exposed_rel",
        "disclosure_id",
        "person_id",
        string="Could Identify (Protected)",
        domain="[('id', 'in', decision_identity_exposed_ids)]",
        help="Golden rule 5: the people whose identity is protected that this item "
        "could identify, among those the decision names; the decision records the "
        "steps taken for them.",
    )
    decision_identity_exposed_ids = fields.Many2many(
        related="decision_id.identity_exposed_ids"
    )

    @api.depends("decision_id.name", "description")
    def _compute_display_name(self):
        for disclosure in self:
            disclosure.display_name = self.env._(
                "%(decision)s: %(what)s",
                decision=disclosure.decision_id.name or "",
                what=shorten(disclosure.description or "", 40, placeholder="..."),
            )

    @api.depends("decision_id.recipient_ids.partner_id", "recipient_id")
    def _compute_decision_recipient_id(self):
        for disclosure in self:
            disclosure.decision_recipient_id = disclosure._covering_recipient()

    def _covering_recipient(self):
        """The recipient of its decision this line (one) goes to: the one it names,
        else the one of its organisation, or an empty recordset."""
        rows = self.decision_id.recipient_ids
        recipient = self.recipient_id
        return (
            rows.filtered(lambda row: row.partner_id == recipient)[:1]
            or rows.filtered(lambda row: row._covers(recipient))[:1]
        )

    @api.model_create_multi
    def create(self, vals_list):
        disclosures = super().create(vals_list)
        self.browse(
            disclosure.id
            for disclosure, vals in zip(disclosures, vals_list, strict=True)
            if vals.get("date_shared")
        )._check_date_shared_not_before_decision()
        disclosures._check_decision_shares()
        disclosures._check_recipient_and_channel()
        # What the lead is reviewing, or has approved, is not added to before recording.
        in_review = disclosures.decision_id.filtered(
            lambda d: d.state != "recorded" and d._is_locked()
        )
        if in_review:
            raise self._lock_refusal(in_review)
        # Lines added to a recorded share join the chain as they are added, and end
        # its "share pending" state (a draft's lines are the plan: nothing pends).
        recorded = disclosures.filtered(lambda d: d.decision_id.state == "recorded")
        if recorded:
            recorded._seal()
            recorded.decision_id._close_share_pending()
        return disclosures

    def _integrity_related(self):
        return {
            "channel": SQL(
                """(SELECT json_build_array(c.code, c.name->>'en_US', c.secure)
                      FROM safeguarding_channel c WHERE c.id = t.channel_id)"""
            ),
            "identity_exposed": SQL(
                """(SELECT json_agg(r.person_id ORDER BY r.person_id)
                      FROM safeguarding_disclosure_identity_exposed_rel r
                     WHERE r.disclosure_id = t.id)"""
            ),
        }

    def _integrity_snapshot_sql(self):
        # What the record prints of the line: its recipient and channel as they were.
        return {
            "recipient": SQL(
                """(SELECT json_build_array(p.id, p.name, p.complete_name)
                      FROM res_partner p WHERE p.id = t.recipient_id)"""
            ),
            "channel": SQL(
                """(SELECT json_build_array(c.id, c.name, c.secure)
                      FROM safeguarding_channel c WHERE c.id = t.channel_id)"""
            ),
        }

    def write(self, vals):
        result = super().write(vals)
        if vals.get("date_shared"):
            self._check_date_shared_not_before_decision()
        # A line is what was sent: each change is checked as its creation was.
        if {"recipient_id", "channel_id", "insecure_channel_reason"} & set(vals):
            self._check_recipient_and_channel()
        return result

    def _check_date_shared_not_before_decision(self):
        """A stated time of sharing (a share by phone, entered afterwards) is never
        earlier than the day before its decision was started: late entry, not
        backdating. Checked when the time is given; the default is now."""
        for disclosure in self:
            started = disclosure.decision_id.create_date
            earliest = datetime.combine(started.date() - timedelta(days=1), time.min)
            if disclosure.date_shared < earliest:
                raise ValidationError(
                    self.env._(
                        "Information cannot be recorded as shared before %(date)s, "
                        "the day before its decision %(decision)s was started.",
                        date=earliest.date(),
                        decision=disclosure.decision_id.display_name,
                    )
                )

    def _is_locked(self):
        # Frozen with its decision; a line added to a recorded share is locked as it
        # is added.
        return self.decision_id._is_locked()

    def _check_decision_shares(self):
        for disclosure in self:
            if not disclosure.decision_id._shares():
                raise ValidationError(
                    self.env._(
                        "%(decision)s does not decide to share, so nothing can be "
                        "listed as shared under it.",
                        decision=disclosure.decision_id.name,
                    )
                )

    def _check_recipient_and_channel(self):
        """Each line goes to a recipient its decision decided to share with (the one
        it names, or a person of its organisation); on consent, inside the
        consent's scope; over a channel that is not secure, with its reason. Checked
        on every change and again at recording."""
        for disclosure in self:
            decision = disclosure.decision_id
            recipient = disclosure.recipient_id
            row = disclosure._covering_recipient()
            if not row:
                raise ValidationError(
                    self.env._(
                        "%(decision)s does not decide to share with %(recipient)s: "
                        "'%(item)s' cannot go to them. A recipient is decided before "
                        "anything is sent: on a draft, add them to its Recipients; "
                        "once it is submitted or recorded, record a decision that "
                        "shares with them (Correct %(decision)s, or a new decision "
                        "on %(case)s).",
                        decision=decision.name,
                        recipient=recipient.display_name,
                        item=disclosure.description,
                        case=decision.case_id.name,
                    )
                )
            if decision.has_consent and not decision.consent_id._covers_recipient(
                recipient
            ):
                raise ValidationError(
                    self.env._(
                        "%(decision)s shares on the consent '%(consent)s', which does "
                        "not cover %(recipient)s: '%(item)s' cannot go to them on that "
                        "consent.",
                        decision=decision.name,
                        consent=decision.consent_id.display_name,
                        recipient=recipient.display_name,
                        item=disclosure.description,
                    )
                )
            channel = disclosure.channel_id
            if (
                not channel.secure
                and not (disclosure.insecure_channel_reason or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Say why '%(item)s' is shared over '%(channel)s', which is not "
                        "secure.",
                        item=disclosure.description,
                        channel=channel.name,
                    )
                )

    @api.constrains("identity_exposed_ids", "decision_id")
    def _check_identity_exposed(self):
        for disclosure in self:
            # sudo: the decision's own list, compared by id only.
            named = disclosure.decision_id.sudo().identity_exposed_ids
            extra = disclosure.identity_exposed_ids.sudo() - named
            if extra:
                raise ValidationError(
                    self.env._(
                        "'%(item)s' could identify %(people)s, whom %(decision)s does "
                        "not name among the people whose identity is protected: name "
                        "them on the decision, with the steps taken, first.",
                        item=disclosure.description,
                        people=", ".join(extra.partner_id.mapped("name")),
                        decision=disclosure.decision_id.name,
                    )
                )

    @api.constrains("historical", "historical_note")
    def _check_historical_note(self):
        for disclosure in self:
            if disclosure.historical and not (disclosure.historical_note or "").strip():
                raise ValidationError(
                    self.env._(
                        "Explain why historical information is shared: '%(item)s'.",
                        item=disclosure.description,
                    )
                )

    def action_open_notice_sent(self):
        """Record how the withdrawal notice to this line's recipient was sent (one
        line)."""
        self.ensure_one()
        return self.decision_id.consent_id._open_notice_sent(self.recipient_id.id)

    def action_write_withdrawal_notice(self):
        """Open the notice to this line's recipient that the consent it was shared on
        is withdrawn (one line)."""
        self.ensure_one()
        return self.decision_id.consent_id._withdrawal_notice_action(self.recipient_id)
