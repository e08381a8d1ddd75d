from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.misc import format_date, format_datetime

from .safeguarding_policy import SEE, WORK, CaseData

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
        "subject_id",
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
CONFIRM_IN_WRITING_ACTIVITY = (
    "safeguarding_info_sharing.mail_activity_type_consent_confirm_in_writing"
)
# A verbal consent's written confirmation, received after it was given.
CONFIRMATION_FIELDS = frozenset({"date_confirmed_in_writing"})
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
# How a withdrawal notice, written and logged in Odoo, reached its recipient.
NOTICE_SENT_METHODS = [
    ("post", "By post"),
    ("by_hand", "By hand"),
    ("secure_email", "By the agency's secure email"),
    ("other", "Other"),
]


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
    # A withdrawal is recorded by withdrawing, never given otherwise. (The name,
    # computed from who answered, and the child, the case's, are the ORM's.)
    _safeguarding = CaseData(
        server=tuple(sorted(WITHDRAWAL_FIELDS)),
        moves={"withdraw": ("state", *sorted(WITHDRAWAL_FIELDS))},
        create=WORK,
        read=SEE,
        write=WORK,
        unlink=WORK,
    )

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
    subject_id = fields.Many2one(
        "res.partner",
        string="Whose Information",
        compute="_compute_subject_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The person the information is about: the child, or a member of the "
        "family. Consent belongs to them: a parent's consent does not cover another "
        "person's information, nor a child's their mother's.",
    )
    parental_responsibility = fields.Boolean(
        compute="_compute_parental_responsibility",
        store=True,
        precompute=True,
        help="Whoever answered holds parental responsibility for the child, as the "
        "case's people record it with its evidence: read from the case while the "
        "consent is requested, and kept as it was once it is answered.",
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
        "that relied on it (it answered yes, or their lawful basis rests on it), "
        "oldest first. Each recipient is told of a withdrawal.",
    )

    @api.depends(
        "decision_ids.state",
        "decision_ids.has_consent",
        "decision_ids.route",
        "decision_ids.lawful_basis_ids",
        "decision_ids.disclosure_ids.date_shared",
    )
    def _compute_shared_disclosure_ids(self):
        # Only what was shared on it: a decision that merely linked it shared on
        # another ground, and its recipients were told nothing about this consent.
        for consent in self:
            consent.shared_disclosure_ids = consent.decision_ids.filtered(
                lambda d: d.state == "recorded" and d._relied_on_consent()
            ).disclosure_ids.sorted(lambda line: (line.date_shared, line.id))

    @api.depends("case_id")
    def _compute_subject_id(self):
        for consent in self:
            if not consent.subject_id:
                consent.subject_id = consent.case_id.child_id

    @api.depends(
        "case_id.person_ids.partner_id",
        "case_id.person_ids.parental_responsibility",
        "given_by_id",
    )
    def _compute_parental_responsibility(self):
        # An answered consent keeps what held when it was answered.
        for consent in self:
            if not consent.id or consent.state == "requested":
                consent.parental_responsibility = (
                    consent._holds_parental_responsibility()
                )

    def _holds_parental_responsibility(self):
        """Whether whoever answered this consent (one) holds parental responsibility
        for its child, as the case's people record it today."""
        self.ensure_one()
        return bool(
            self.given_by_id
            and self.case_id.person_ids.filtered(
                lambda p: p.partner_id == self.given_by_id and p.parental_responsibility
            )
        )

    def _check_parental_responsibility_given(self, given):
        """Refuse a value of parental responsibility given for this consent (one)
        that is not what its case records."""
        held = self._holds_parental_responsibility()
        if bool(given) != held:
            raise ValidationError(
                self.env._(
                    "Whether %(person)s holds parental responsibility is recorded on "
                    "the people of %(case)s, with how it is held and the evidence "
                    "seen (there: %(held)s), not on each consent.",
                    person=self.given_by_id.name,
                    case=self.case_id.name,
                    held=self.env._("yes") if held else self.env._("no"),
                )
            )

    @api.constrains("subject_id", "case_id")
    def _check_subject(self):
        for consent in self:
            case = consent.case_id
            if consent.subject_id and consent.subject_id not in (case._people()):
                raise ValidationError(
                    self.env._(
                        "%(consent)s is about the information of %(person)s, who is "
                        "neither the child nor one of the people on %(case)s.",
                        consent=consent.display_name,
                        person=consent.subject_id.name,
                        case=case.name,
                    )
                )

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
        # Parental responsibility is read from the case's people: a value given is
        # checked against it once the consent knows its case, never stored.
        given = [vals.pop("parental_responsibility", None) for vals in vals_list]
        consents = super().create(vals_list)
        for consent, responsibility in zip(consents, given, strict=True):
            if responsibility is not None:
                consent._check_parental_responsibility_given(responsibility)
        for consent in consents:
            consent._log_event("requested")
            if consent.state != "requested":
                consent._check_move("requested", consent.state)
                consent._check_move_requirements()
                consent._log_event(consent.state)
        consents._ask_for_written_confirmation()
        return consents

    def write(self, vals):
        guarded = SCOPE_FIELDS | WITHDRAWAL_FIELDS | CONFIRMATION_FIELDS
        if guarded.union({"state"}).intersection(vals):
            # Access first: whoever may not write learns nothing of the ledger's rules.
            self.check_access("write")
        if "state" in vals:
            for consent in self:
                consent._check_move(consent.state, vals["state"])
        if "parental_responsibility" in vals:
            for consent in self:
                consent._check_parental_responsibility_given(
                    vals["parental_responsibility"]
                )
        protected = guarded.intersection(vals)
        confirmed = self.filtered(
            lambda c: (
                c.state != "requested"
                and vals.get("date_confirmed_in_writing")
                and not c.date_confirmed_in_writing
            )
        )
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
            self._ask_for_written_confirmation()
        if confirmed:
            confirmed._check_confirmation_date()
            for consent in confirmed:
                consent._log_event("confirmed")
            # sudo: the follow-up is the case's lead practitioner's; whoever
            # records the written confirmation closes it.
            confirmed.sudo().activity_unlink([CONFIRM_IN_WRITING_ACTIVITY])
        return result

    def _ask_for_written_confirmation(self):
        """A verbal consent given is consent; its written confirmation is followed
        up with the case's lead practitioner until it is recorded."""
        for consent in self.filtered(
            lambda c: (
                c.state == "given"
                and c.form == "verbal"
                and not c.date_confirmed_in_writing
                and c.case_id.user_id
            )
        ):
            consent.activity_schedule(
                CONFIRM_IN_WRITING_ACTIVITY,
                note=self.env._(
                    "%(person)s gave consent verbally on %(date)s: get it confirmed "
                    "in writing and record the date it was received.",
                    person=consent.given_by_id.name,
                    date=format_datetime(self.env, consent.date_given, dt_format=False),
                ),
                user_id=consent.case_id.user_id.id,
            )

    def _check_confirmation_date(self):
        # Never in the future either (models/plausible_dates.py).
        for consent in self:
            given = consent.date_given and fields.Date.context_today(
                consent, consent.date_given
            )
            if given and consent.date_confirmed_in_writing < given:
                raise ValidationError(
                    self.env._(
                        "The written confirmation of %(consent)s cannot be dated "
                        "before the consent it confirms was given, %(date)s.",
                        consent=consent.display_name,
                        date=format_date(self.env, given),
                    )
                )

    def _writable_fields(self, new_state):
        """The record fields this consent (one) accepts in a write moving to
        ``new_state`` (None: no move)."""
        if self.state == "requested":
            return SCOPE_FIELDS | CONFIRMATION_FIELDS
        if new_state is None and not self.date_confirmed_in_writing:
            # Received once, after the verbal consent it confirms.
            return CONFIRMATION_FIELDS
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

    def _covers(self, purpose, recipient, when, child_competent=None):
        """Whether this consent (one) let us share for ``purpose`` with ``recipient``
        at ``when``: consent to share (see _is_consent_to_share), given by then,
        neither withdrawn nor expired by then, and ``purpose`` and ``recipient``
        inside its scope."""
        self.ensure_one()
        if not self._is_consent_to_share(child_competent):
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

    def _is_consent_to_share(self, child_competent=None):
        """Whether this consent (one) is of a kind that can be consent to share: the
        data-protection or confidentiality kind (a medical consent or an agreement
        to a service is not), explicit (written, or verbal: a clear verbal yes is
        consent, its written confirmation followed up; an implied one is not), and
        given by whoever decides about its subject's information (see
        _decides_for_subject)."""
        self.ensure_one()
        if self.kind not in CONSENT_TO_SHARE_KINDS or self.form == "implied":
            return False
        return self._decides_for_subject(child_competent)

    def _decides_for_subject(self, child_competent=None):
        """Whether whoever answered this consent (one) decides about the information
        of its subject: the person themselves; for the case's child, the child
        assessed competent, else each holder of parental responsibility while the
        child is not competent (``child_competent``: the case's latest assessment,
        else this record's own)."""
        self.ensure_one()
        child = self.case_id.child_id
        subject = self.subject_id or child
        if subject != child:
            return self.given_by_id == subject
        if self.relationship == "child" or self.given_by_id == child:
            return self.child_competence == "competent"
        if child_competent is None:
            child_competent = self.child_competence == "competent"
        return self.parental_responsibility and not child_competent

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

    # Saying no: refusals and withdrawals

    def _says_no_on(self, when):
        """'refused' or 'withdrawn' when this consent (one) says no at ``when``,
        else False."""
        self.ensure_one()
        if self.state == "refused" and self.date_refused and self.date_refused <= when:
            return "refused"
        if self.date_withdrawn and self.date_withdrawn <= when:
            return "withdrawn"
        return False

    def _date_said_no(self):
        """When this refusal or withdrawal (one) said no."""
        self.ensure_one()
        return self.date_refused if self.state == "refused" else self.date_withdrawn

    def _no_covers(self, purpose, recipients):
        """Whether this refusal or withdrawal (one) says no to sharing for ``purpose``
        with any of ``recipients``: one that names no purpose, or no recipient,
        says no to every purpose, or to everyone."""
        self.ensure_one()
        if self.scope_purpose_ids and purpose and purpose not in self.scope_purpose_ids:
            return False
        if not (self.scope_recipient_ids or self.scope_organisation_type_ids):
            return True
        return any(self._covers_recipient(recipient) for recipient in recipients)

    def _refusal_labels(self):
        """Each of these refusals or withdrawals as the record names it: who, in
        what capacity, what they said no to and when."""
        relationships = dict(
            self._fields["relationship"]._description_selection(self.env)
        )
        labels = []
        for consent in self:
            said_no = consent._date_said_no()
            scope = ", ".join(
                consent.scope_purpose_ids.mapped("name")
                + consent.scope_recipient_ids.mapped("display_name")
                + consent.scope_organisation_type_ids.mapped("name")
            )
            values = {
                "person": consent.given_by_id.name,
                "relationship": relationships.get(consent.relationship, ""),
                "date": format_datetime(self.env, said_no, dt_format=False)
                if said_no
                else "",
                "scope": scope,
            }
            if consent.state == "refused":
                text = (
                    self.env._(
                        "%(person)s (%(relationship)s) refused on %(date)s, for "
                        "%(scope)s",
                        **values,
                    )
                    if scope
                    else self.env._(
                        "%(person)s (%(relationship)s) refused any sharing on %(date)s",
                        **values,
                    )
                )
            else:
                text = self.env._(
                    "%(person)s (%(relationship)s) withdrew consent on %(date)s, for "
                    "%(scope)s",
                    **values,
                )
            labels.append(text)
        return labels

    def _child_competent_on(self, when):
        """Whether the child was last assessed competent, by ``when``, among these
        consents' assessments (of one case); None when never assessed."""
        day = when.date()
        assessed = self.filtered(
            lambda c: (
                c.child_competence != "not_assessed"
                and c.date_competence_assessed
                and c.date_competence_assessed <= day
                and c.state != "requested"
            )
        ).sorted(lambda c: (c.date_competence_assessed, c.id))
        if not assessed:
            return None
        return assessed[-1].child_competence == "competent"

    def _standing_refusals(self, subjects, purpose, recipients, when, child_competent):
        """The refusals and withdrawals among these consents (of one case) that still
        say no at ``when`` to sharing the information of ``subjects`` for
        ``purpose`` with ``recipients``: each by someone who decides about its
        subject's information (the competent child first, then each holder of
        parental responsibility), and not answered since by the same person's own
        consent to it. One holder's consent does not answer another's refusal."""
        child = self[:1].case_id.child_id
        to_share = self.filtered(
            lambda c: (
                c.kind in CONSENT_TO_SHARE_KINDS and (c.subject_id or child) in subjects
            )
        )
        standing = self.browse()
        for refusal in to_share:
            if not refusal._says_no_on(when) or not refusal._no_covers(
                purpose, recipients
            ):
                continue
            if not refusal._decides_for_subject(child_competent):
                continue
            said_no = refusal._date_said_no()
            answered = to_share.filtered(
                lambda c, r=refusal, d=said_no: (
                    c != r
                    and c.given_by_id == r.given_by_id
                    and c.subject_id == r.subject_id
                    and c.date_given
                    and c.date_given > d
                    and recipients
                    and all(
                        c._covers(purpose, recipient, when, child_competent)
                        for recipient in recipients
                    )
                )
            )
            if not answered:
                standing |= refusal
        return standing

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
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError(self.env._("Say why the consent is withdrawn."))
        self.check_access("write")
        self._as_move("withdraw").write(
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
        # The activities' own move gives each to-do who to tell.
        notices = self.with_env(
            self.env["mail.activity"]._as_move("withdrawal_notice").env
        )
        for recipient in self.shared_disclosure_ids.recipient_id:
            notices.activity_schedule(
                WITHDRAWAL_NOTICE_ACTIVITY,
                summary=self.env._(
                    "Tell %(recipient)s that consent was withdrawn",
                    recipient=recipient.display_name,
                ),
                note=self.env._(
                    "%(recipient)s received information shared on this consent. "
                    "Write them the notice (the Shared on It page), which lists what "
                    "they received, when and on which lawful basis; send or print "
                    "it, then record how it was sent (Notice Sent): the to-do is "
                    "done then.",
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

    def _withdrawal_notice_parts(self, recipient_id):
        """(lines whose lawful basis rests on this consent, lines shared with it on
        another lawful basis) of what the recipient received: the notice tells
        each for what it is."""
        lines = self._withdrawal_notice_lines(recipient_id)
        on_consent = lines.filtered(
            lambda line: line.decision_id.lawful_basis_ids.filtered("consent_based")
        )
        return on_consent, lines - on_consent

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

    def _notice_activities(self, recipient):
        """The to-dos of the notice to ``recipient`` on these consents (sudo: they
        are the case's lead practitioner's, and whoever may write the consent logs
        and sends the notice, checked by _check_withdrawal_notice first)."""
        return (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    (
                        "activity_type_id",
                        "=",
                        self.env.ref(WITHDRAWAL_NOTICE_ACTIVITY).id,
                    ),
                    ("safeguarding_recipient_id", "=", recipient.id),
                ]
            )
        )

    def _record_withdrawal_notice(self, recipient):
        """The notice to ``recipient`` is written and logged: its to-do now waits
        for it to be sent."""
        for activity in self._notice_activities(recipient):
            activity.write(
                {
                    "summary": self.env._(
                        "Send the notice to %(recipient)s",
                        recipient=recipient.display_name,
                    )
                }
            )

    def _open_notice_sent(self, recipient_id):
        """Open the record of how the notice to ``recipient_id`` was sent."""
        self.ensure_one()
        self._check_withdrawal_notice(self.env["res.partner"].browse(recipient_id))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Notice Sent"),
            "res_model": "safeguarding.consent.notice.sent",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_consent_id": self.id,
                "default_recipient_id": recipient_id,
            },
        }

    def _record_notice_sent(self, recipient_id, method, date_sent):
        """Record that the withdrawal notice written to ``recipient_id`` was sent
        (how and when): only then is its to-do done."""
        self.ensure_one()
        recipient = self.env["res.partner"].browse(recipient_id).exists()
        self._check_withdrawal_notice(recipient)
        methods = dict(NOTICE_SENT_METHODS)
        if method not in methods:
            raise UserError(
                self.env._(
                    "Say how the notice to %(recipient)s was sent: %(methods)s.",
                    recipient=recipient.display_name,
                    methods=", ".join(methods.values()),
                )
            )
        when = fields.Datetime.to_datetime(date_sent)
        if not when or when > fields.Datetime.now():
            raise UserError(
                self.env._(
                    "Enter when the notice to %(recipient)s was sent: not in the "
                    "future.",
                    recipient=recipient.display_name,
                )
            )
        activities = self._notice_activities(recipient)
        if not activities:
            raise UserError(
                self.env._(
                    "No notice to %(recipient)s waits to be sent on %(consent)s.",
                    recipient=recipient.display_name,
                    consent=self.display_name,
                )
            )
        labels = dict(
            self.env["safeguarding.consent.notice.sent"]
            ._fields["method"]
            ._description_selection(self.env)
        )
        feedback = self.env._(
            "Withdrawal notice to %(recipient)s sent %(method)s on %(date)s.",
            recipient=recipient.display_name,
            method=labels[method].lower(),
            date=format_datetime(self.env, when, dt_format=False),
        )
        activities.action_feedback(feedback=feedback)
        return True
