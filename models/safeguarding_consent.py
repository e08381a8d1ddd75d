from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# The only moves a consent can make; each is also an event in its ledger.
TRANSITIONS = {
    "requested": {"given", "refused"},
    "given": {"withdrawn", "expired"},
    "refused": set(),
    "withdrawn": set(),
    "expired": set(),
}
# Once consent is answered, what it covers is part of the record.
SCOPE_FIELDS = frozenset(
    {
        "case_id",
        "given_by_id",
        "relationship",
        "parental_responsibility",
        "child_competence",
        "competence_assessed_by_id",
        "date_competence_assessed",
        "competence_rationale",
        "form",
        "kind",
        "scope_information",
        "scope_recipient_ids",
        "scope_organisation_type_ids",
        "scope_purpose_ids",
        "date_requested",
        "date_given",
        "date_refused",
        "date_expiry",
    }
)
# The kinds of consent that can be consent to share information; a medical consent
# or an agreement to a service is not.
CONSENT_TO_SHARE_KINDS = ("data_protection", "confidentiality")
WITHDRAWAL_FIELDS = frozenset(
    {"withdrawn_by_id", "date_withdrawn", "withdrawal_method", "withdrawal_reason"}
)
WITHDRAWAL_NOTICE_ACTIVITY = (
    "safeguarding_info_sharing.mail_activity_type_withdrawal_notice"
)
WITHDRAWAL_NOTICE_TEMPLATE = (
    "safeguarding_info_sharing.mail_template_consent_withdrawal_notice"
)
# The composer's context names the recipient its notice is written to; the notice
# template lists what was shared with them, and sending checks they received it.
NOTICE_RECIPIENT_KEY = "safeguarding_notice_recipient_id"


class SafeguardingConsent(models.Model):
    """Consent as a ledger of events, never an overwritten flag."""

    _name = "safeguarding.consent"
    _description = "Consent"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.case.record.mixin",
        "safeguarding.reader.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True
    # The name is computed from who answered and the child is the case's: neither is
    # ever given. A withdrawal is recorded by withdrawing, never on creation.
    _fixed_fields = ("name", "child_id")
    _create_guarded_fields = ("name", "child_id", *sorted(WITHDRAWAL_FIELDS))

    name = fields.Char(compute="_compute_name", store=True)
    child_id = fields.Many2one(related="case_id.child_id", store=True, string="Child")
    given_by_id = fields.Many2one(
        "res.partner",
        string="Given or Refused By",
        required=True,
        help="The person asked: the child, or someone with parental responsibility.",
    )
    relationship = fields.Selection(
        [
            ("child", "The child or young person"),
            ("parent", "Parent"),
            ("carer", "Carer"),
            ("guardian", "Special guardian"),
            ("local_authority", "Local authority (corporate parent)"),
            ("other", "Other"),
        ],
        required=True,
        default="parent",
    )
    parental_responsibility = fields.Boolean(
        help="The person holds parental responsibility for the child."
    )
    child_competence = fields.Selection(
        [
            ("not_assessed", "Not assessed"),
            ("competent", "Competent (Gillick)"),
            ("not_competent", "Not competent"),
        ],
        string="Child's Competence",
        default="not_assessed",
        required=True,
        help="A competent child's own decision is the one that counts.",
    )
    competence_assessed_by_id = fields.Many2one("res.users", string="Assessed By")
    date_competence_assessed = fields.Date(string="Assessed On")
    competence_rationale = fields.Text()
    form = fields.Selection(
        [
            ("written", "Written"),
            ("verbal", "Verbal, to be confirmed in writing"),
            ("implied", "Implied"),
        ],
        required=True,
        default="written",
    )
    date_confirmed_in_writing = fields.Date()
    kind = fields.Selection(
        [
            ("data_protection", "Data protection lawful basis"),
            ("service", "Agreement to a service"),
            ("confidentiality", "Confidentiality (common law)"),
            ("medical", "Medical"),
        ],
        required=True,
        default="confidentiality",
        help="The four meanings of consent are separate: each needs its own record.",
    )
    scope_information = fields.Text(string="What Information")
    scope_recipient_ids = fields.Many2many(
        "res.partner",
        "safeguarding_consent_recipient_rel",
        "consent_id",
        "partner_id",
        string="Recipients",
    )
    scope_organisation_type_ids = fields.Many2many(
        "safeguarding.organisation.type", string="Kinds of Recipient"
    )
    scope_purpose_ids = fields.Many2many("safeguarding.purpose", string="Purposes")
    state = fields.Selection(
        [
            ("requested", "Requested"),
            ("given", "Given"),
            ("refused", "Refused"),
            ("withdrawn", "Withdrawn"),
            ("expired", "Expired"),
        ],
        string="Status",
        required=True,
        default="requested",
        readonly=True,
        copy=False,
        tracking=True,
    )
    date_requested = fields.Date(default=fields.Date.context_today, required=True)
    date_given = fields.Datetime(copy=False)
    date_refused = fields.Datetime(copy=False)
    date_expiry = fields.Datetime(string="Valid Until", copy=False)
    date_review = fields.Date(string="Review On")
    withdrawn_by_id = fields.Many2one("res.partner", readonly=True, copy=False)
    date_withdrawn = fields.Datetime(readonly=True, copy=False)
    withdrawal_method = fields.Selection(
        [("written", "In writing"), ("verbal", "Verbally"), ("other", "Other")],
        readonly=True,
        copy=False,
    )
    withdrawal_reason = fields.Text(readonly=True, copy=False)
    event_ids = fields.One2many(
        "safeguarding.consent.event", "consent_id", string="History", readonly=True
    )
    decision_ids = fields.One2many("safeguarding.decision", "consent_id")
    shared_disclosure_ids = fields.Many2many(
        "safeguarding.disclosure",
        string="Shared on It",
        compute="_compute_shared_disclosure_ids",
        help="What was shared on this consent: the lines of the recorded decisions "
        "relying on it, oldest first. Each recipient is told of a withdrawal.",
    )

    @api.depends("decision_ids.state", "decision_ids.disclosure_ids.date_shared")
    def _compute_shared_disclosure_ids(self):
        for consent in self:
            consent.shared_disclosure_ids = consent.decision_ids.filtered(
                lambda d: d.state == "recorded"
            ).disclosure_ids.sorted(lambda line: (line.date_shared, line.id))

    @api.depends("kind", "given_by_id", "state")
    def _compute_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for consent in self:
            consent.name = (
                f"{kinds.get(consent.kind, '')}: {consent.given_by_id.name or ''}"
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            state = vals.get("state", "requested")
            if state not in ("requested", *TRANSITIONS["requested"]):
                raise UserError(
                    self.env._(
                        "A consent cannot start as '%(state)s': record it as given "
                        "first, then withdraw it or let it expire, so that the history "
                        "is kept.",
                        state=state,
                    )
                )
        consents = super().create(vals_list)
        for consent in consents:
            consent._log_event("requested")
            if consent.state != "requested":
                consent._check_move("requested", consent.state)
                consent._check_move_requirements()
                consent._log_event(consent.state)
        return consents

    def write(self, vals):
        if {"state", *SCOPE_FIELDS, *WITHDRAWAL_FIELDS}.intersection(vals):
            # Access first: whoever may not write learns nothing of the ledger's rules.
            self.check_access("write")
        if "state" in vals:
            for consent in self:
                consent._check_move(consent.state, vals["state"])
        protected = (SCOPE_FIELDS | WITHDRAWAL_FIELDS).intersection(vals)
        for consent in self:
            if protected - consent._writable_fields(vals.get("state")):
                raise UserError(
                    self.env._(
                        "Consent that has been answered is part of the record: what it "
                        "covers, who answered and when cannot change. Record a new "
                        "consent instead."
                    )
                )
        result = super().write(vals)
        if "state" in vals:
            for consent in self:
                consent._check_move_requirements()
                consent._log_event(vals["state"])
        return result

    def _writable_fields(self, new_state):
        """The record fields this consent (one) accepts in a write moving to
        ``new_state`` (None: no move)."""
        if self.state == "requested":
            return SCOPE_FIELDS
        if self.state == "given" and new_state == "withdrawn":
            return WITHDRAWAL_FIELDS
        if self.state == "given" and new_state == "expired":
            return frozenset({"date_expiry"})
        return frozenset()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_answered(self):
        if self.filtered(lambda c: c.state != "requested" or c.decision_ids):
            raise UserError(
                self.env._(
                    "Consent that has been answered or relied on is part of the record "
                    "and cannot be deleted."
                )
            )

    def _check_move(self, old, new):
        if new != old and new not in TRANSITIONS[old]:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Consent cannot move from '%(old)s' to '%(new)s'. Requested "
                    "consent is given or refused; given consent is withdrawn or "
                    "expires; nothing else.",
                    old=states[old],
                    new=states[new],
                )
            )

    def _check_move_requirements(self):
        """What each state must carry, checked on every move, creation included."""
        missing = []
        if self.state == "given" and not self.date_given:
            missing.append(self.env._("when consent was given"))
        if self.state == "refused" and not self.date_refused:
            missing.append(self.env._("when consent was refused"))
        if (
            self.state in ("given", "refused")
            and self.child_competence != "not_assessed"
            and not (
                self.competence_assessed_by_id
                and self.date_competence_assessed
                and (self.competence_rationale or "").strip()
            )
        ):
            missing.append(
                self.env._(
                    "who assessed the child's competence, when, and the rationale"
                )
            )
        if self.state == "given" and not (
            self.scope_recipient_ids or self.scope_organisation_type_ids
        ):
            missing.append(
                self.env._("which recipients or kinds of recipient it covers")
            )
        if self.state == "given" and not self.scope_purpose_ids:
            missing.append(self.env._("which purposes it covers"))
        if self.state == "withdrawn" and not (
            self.withdrawn_by_id and self.date_withdrawn and self.withdrawal_method
        ):
            missing.append(self.env._("who withdrew consent, when and how"))
        if self.state == "expired" and not self.date_expiry:
            missing.append(self.env._("the date the consent expired"))
        if missing:
            raise ValidationError(
                self.env._(
                    "Consent cannot be recorded as %(state)s without: %(items)s.",
                    state=self.state,
                    items="; ".join(missing),
                )
            )

    def _log_event(self, event):
        self.env["safeguarding.consent.event"]._log(self, event)

    def _covers(self, purpose, recipient, when):
        """Whether this consent (one) let us share for ``purpose`` with ``recipient``
        at ``when``: consent to share (see _is_consent_to_share), given by then,
        neither withdrawn nor expired by then, and ``purpose`` and ``recipient``
        inside its scope."""
        self.ensure_one()
        if not self._is_consent_to_share():
            return False
        if self.state not in ("given", "withdrawn", "expired") or not self.date_given:
            return False
        if self.date_given > when:
            return False
        if self.date_withdrawn and self.date_withdrawn <= when:
            return False
        if self.date_expiry and self.date_expiry <= when:
            return False
        return self._in_scope(purpose, recipient)

    def _is_consent_to_share(self):
        """Whether this consent (one) is of a kind that can be consent to share: the
        data-protection or confidentiality kind (a medical consent or an agreement
        to a service is not), explicit (written, or verbal confirmed in writing: an
        implied consent is not), and given by the child assessed competent or, for a
        child not assessed competent, by a person with parental responsibility."""
        self.ensure_one()
        if self.kind not in CONSENT_TO_SHARE_KINDS:
            return False
        if self.form == "implied" or (
            self.form == "verbal" and not self.date_confirmed_in_writing
        ):
            return False
        if self.relationship == "child":
            return self.child_competence == "competent"
        # A competent child's own decision is the one that counts.
        return self.parental_responsibility and self.child_competence != "competent"

    def _in_scope(self, purpose, recipient):
        """Whether ``purpose`` and ``recipient`` (a person or an organisation) fall
        inside this consent's (one) scope."""
        self.ensure_one()
        if not purpose or purpose not in self.scope_purpose_ids:
            return False
        return self._covers_recipient(recipient)

    @api.model
    def _scope_sql(self, consent_id):
        """SQL of what the consent whose id is the SQL ``consent_id`` covers (its
        scope, locked once it is answered), for the seal of a decision relying on
        it: the information, the expiry, the competence assessed, and the
        recipients, kinds of recipient and purposes by id."""

        def ids(fname):
            field = self._fields[fname]
            return SQL(
                "(SELECT json_agg(r.%s ORDER BY r.%s) FROM %s r WHERE r.%s = c.id)",
                SQL.identifier(field.column2),
                SQL.identifier(field.column2),
                SQL.identifier(field.relation),
                SQL.identifier(field.column1),
            )

        return SQL(
            """(SELECT json_build_array(c.scope_information, c.date_expiry,
                                        c.competence_assessed_by_id,
                                        c.date_competence_assessed,
                                        c.competence_rationale, %s, %s, %s)
                  FROM safeguarding_consent c WHERE c.id = %s)""",
            ids("scope_recipient_ids"),
            ids("scope_organisation_type_ids"),
            ids("scope_purpose_ids"),
            consent_id,
        )

    def _covers_recipient(self, recipient):
        """Whether ``recipient``, or its organisation, is among the recipients or the
        kinds of recipient this consent (one) names."""
        self.ensure_one()
        if not recipient:
            return False
        organisation = recipient.commercial_partner_id
        return bool(
            {recipient, organisation} & set(self.scope_recipient_ids)
            or organisation.safeguarding_organisation_type_id
            in self.scope_organisation_type_ids
            and organisation.safeguarding_organisation_type_id
        )

    def _refusal_of(self, consent, purpose, recipient, when):
        """Whether this consent (one), another record on the same case, says "no"
        to what ``consent`` covers at ``when``: 'refused' or 'withdrawn', else False.
        A competent child's refusal always counts, unless ``consent`` is the child's
        own later consent; any other refusal or withdrawal counts when it is later
        than ``consent`` was given."""
        self.ensure_one()
        if self == consent or self.case_id != consent.case_id:
            return False
        if self.kind not in CONSENT_TO_SHARE_KINDS:
            return False
        if not self._in_scope(purpose, recipient):
            return False
        given = consent.date_given
        if self.state == "refused" and self.date_refused and self.date_refused <= when:
            competent_child = (
                self.relationship == "child" and self.child_competence == "competent"
            )
            childs_own_later = (
                consent.relationship == "child"
                and consent.child_competence == "competent"
                and given
                and given > self.date_refused
            )
            if competent_child and not childs_own_later:
                return "refused"
            if given and self.date_refused > given:
                return "refused"
        if (
            self.date_withdrawn
            and self.date_withdrawn <= when
            and given
            and self.date_withdrawn > given
        ):
            return "withdrawn"
        return False

    def action_give(self):
        self.write({"state": "given", "date_given": fields.Datetime.now()})

    def action_refuse(self):
        self.write({"state": "refused", "date_refused": fields.Datetime.now()})

    def action_expire(self):
        now = fields.Datetime.now()
        for consent in self:
            consent.write(
                {
                    "state": "expired",
                    "date_expiry": min(consent.date_expiry or now, now),
                }
            )

    def action_open_withdraw(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Withdraw Consent"),
            "res_model": "safeguarding.consent.withdraw",
            "view_mode": "form",
            "target": "new",
            "context": {"default_consent_id": self.id},
        }

    def _withdraw(self, withdrawn_by_id, date_withdrawn, method, reason):
        """Record the withdrawal (who, when, how, why) and schedule a notice to each
        recipient of what was shared on this consent. Nothing recorded changes."""
        self.ensure_one()
        if not (reason or "").strip():
            raise ValidationError(self.env._("Say why the consent is withdrawn."))
        self.write(
            {
                "state": "withdrawn",
                "withdrawn_by_id": withdrawn_by_id,
                "date_withdrawn": date_withdrawn,
                "withdrawal_method": method,
                "withdrawal_reason": reason,
            }
        )
        self._schedule_withdrawal_notices()
        return True

    def _schedule_withdrawal_notices(self):
        for recipient in self.shared_disclosure_ids.recipient_id:
            self.activity_schedule(
                WITHDRAWAL_NOTICE_ACTIVITY,
                summary=self.env._(
                    "Tell %(recipient)s that consent was withdrawn",
                    recipient=recipient.display_name,
                ),
                note=self.env._(
                    "%(recipient)s received information shared on this consent. "
                    "Write them the notice (the Shared on It page), which lists what "
                    "they received and when; a share that has a lawful basis without "
                    "consent is not affected.",
                    recipient=recipient.display_name,
                ),
                user_id=self.case_id.user_id.id,
                safeguarding_recipient_id=recipient.id,
            )

    # The notice of a withdrawal to each recipient

    def _withdrawal_notice_lines(self, recipient_id):
        """What was shared on this consent (one) with the recipient, oldest first."""
        return self.shared_disclosure_ids.filtered(
            lambda line: line.recipient_id.id == recipient_id
        )

    def _check_withdrawal_notice(self, recipient):
        """Refuse, naming what to fix, a notice about this consent (one) that is not
        withdrawn or to someone who received nothing shared on it."""
        self.ensure_one()
        self.check_access("write")
        if self.state != "withdrawn":
            raise UserError(
                self.env._(
                    "%(consent)s is not withdrawn: a withdrawal notice is written once "
                    "the consent is withdrawn.",
                    consent=self.display_name,
                )
            )
        if not recipient:
            raise UserError(
                self.env._(
                    "A withdrawal notice about %(consent)s names its recipient: write "
                    "it from a line of the consent's Shared on It page.",
                    consent=self.display_name,
                )
            )
        if not self._withdrawal_notice_lines(recipient.id):
            raise UserError(
                self.env._(
                    "%(recipient)s received nothing shared on %(consent)s: a "
                    "withdrawal notice goes to a recipient of what was shared on it.",
                    recipient=recipient.display_name,
                    consent=self.display_name,
                )
            )

    def _withdrawal_notice_action(self, recipient):
        """Odoo's composer on the notice to ``recipient``, to review and log."""
        self._check_withdrawal_notice(recipient)
        return self._letter_action(
            self.env._(
                "Withdrawal Notice to %(recipient)s", recipient=recipient.display_name
            ),
            WITHDRAWAL_NOTICE_TEMPLATE,
            **{NOTICE_RECIPIENT_KEY: recipient.id},
        )

    def _record_withdrawal_notice(self, recipient):
        """The notice to ``recipient`` is logged: its to-do is done."""
        self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", self.env.ref(WITHDRAWAL_NOTICE_ACTIVITY).id),
                ("safeguarding_recipient_id", "=", recipient.id),
            ]
        ).action_feedback(feedback=self.env._("Withdrawal notice logged."))
