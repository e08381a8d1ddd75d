from datetime import timedelta

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_date, html2plaintext

from . import guidance
from .guidance import MissingItem
from .nullable_fields import NullableFloat, NullableInteger
from .safeguarding_decision_recipient import CONTROLLER_RELATIONSHIPS
from .safeguarding_decision_signoff import SIGNOFF_STATES
from .safeguarding_guidance import GuidanceVersion
from .safeguarding_integrity_mixin import SNAPSHOT, IntegrityFormat
from .safeguarding_policy import SEE, WORK, CaseData
from .safeguarding_request import STATUTORY_BASES
from .xmlids import cached_ref

ANSWERS = [("yes", "Yes"), ("no", "No")]
NO_CONSENT_REASONS = [
    ("risk_to_child", "Seeking consent would increase the risk of harm to the child"),
    ("risk_to_adult", "Seeking consent would put an adult at risk of serious harm"),
    (
        "prejudice_crime",
        "It would prejudice the prevention or detection of serious crime",
    ),
    ("undue_delay", "Seeking consent would cause undue delay"),
    ("not_basis", "Consent is not the basis relied on"),
    ("refused", "Consent was sought and refused"),
    ("withdrawn", "Consent was given and has been withdrawn"),
    ("cannot_give", "The person cannot give consent"),
    ("not_reasonable", "Consent cannot reasonably be obtained"),
    (
        "not_covered",
        "The consent held does not cover this purpose or recipient",
    ),
]
# The reasons that say seeking consent would itself harm or delay: without one of
# them, a missing consent is requested before going on (the advice: seek consent
# where an individual may not expect their information to be passed on).
URGENT_NO_CONSENT_REASONS = (
    "risk_to_child",
    "risk_to_adult",
    "prejudice_crime",
    "undue_delay",
)
# The Art 6 basis and gateway a reply to a statutory request usually rests on,
# offered when the request's basis is chosen (the domain brief's defaults).
STATUTORY_REQUEST_DEFAULTS = {
    "s16h": ("art6_1_c", "ca2004_s16h"),
    "s47": ("art6_1_e", "art9_2_g", "dpa_s1_p18", "ca1989_s47_9"),
}
# The request's own fields a decision shows (and, answering a request recorded with
# it, fills in): the decision's name of each. The day it was received is given as a
# day too (the request then came at its first minute).
REQUEST_FIELDS = {
    "requester_organisation_id": "organisation_id",
    "requester_id": "contact_id",
    "information_requested": "information_requested",
    "statutory_basis": "statutory_basis",
    "request_reason": "request_reason",
    "request_proportionality": "request_proportionality",
    "request_function": "request_function",
    "request_date": "date_request",
    "request_rating": "rating",
}
# Golden rule 5: the recipients (by organisation type) to whom a protected person's
# address or contact details may go without a lead's sign-off, even in an emergency:
# the police and children's social care (the local authority).
CONTACT_DETAILS_RECIPIENT_TYPES = ("police", "btp", "local_authority")
# The reasons that mean somebody said "no": sharing anyway overrides their wishes.
REFUSAL_REASONS = ("refused", "withdrawn")
# What "Start from a previous decision" copies: the answers, the lawful basis, the
# "how" checklist and whether the individual is told (never the state, sign-off,
# seal, dates or lines; the principle justifications are copied line by line).
COPIED_FROM_DECISION = (
    "legitimate_purpose_answer",
    "purpose",
    "purpose_id",
    "risk_of_harm_answer",
    "identifiable_answer",
    "relevant_answer",
    "no_consent_reason",
    "special_category_answer",
    "criminal_offence_answer",
    "confidential_answer",
    "lawful_basis_ids",
    "no_lawful_reason",
    "how_much",
    "channel_id",
    "insecure_channel_reason",
    "individual_informed",
    "not_informed_reason",
    "not_informed_note",
)
# What a decision template fills.
FILLED_FROM_TEMPLATE = (
    "crime_suspected",
    "purpose_id",
    "purpose",
    "lawful_basis_ids",
    "special_category_answer",
    "criminal_offence_answer",
    "confidential_answer",
    "controller_relationship",
    "channel_id",
    "how_much",
    "individual_informed",
    "not_informed_reason",
)
# The principles whose usual justification states a fact of the decision, and which:
# Secure that the channel is secure, Timely that it cannot wait, Accurate that each
# item shared is marked fact or opinion. Such a justification is proposed only where
# the decision's own fields bear it out, and submitting refuses it where they do not.
PRINCIPLE_FACTS = {
    "secure": "secure_channel",
    "timely": "urgency",
    "accurate": "items_marked",
}
# The decision's fields those facts read (the form proposes again as they change).
PRINCIPLE_FACT_FIELDS = (
    "channel_id",
    "insecure_channel_reason",
    "recipient_ids.channel_id",
    "recipient_ids.insecure_channel_reason",
    "immediate_risk",
    "crime_suspected",
    "emergency",
    "risk_of_harm_answer",
    "no_consent_reason",
)
# The decision's fields that are its first recipient's, and the recipient's own.
FIRST_RECIPIENT_FIELDS = {
    "recipient_id": "partner_id",
    "recipient_verified": "recipient_verified",
    "channel_id": "channel_id",
    "insecure_channel_reason": "insecure_channel_reason",
    "how_much": "how_much",
    "controller_relationship": "controller_relationship",
}
SHARE_CHOICE = "share"
NOT_SHARE_CHOICE = "not_share"

STATE_RECORDED = "recorded"
EMERGENCY_HOURS_PARAM = "safeguarding_info_sharing.emergency_signoff_hours"
OVERDUE_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_signoff_overdue"
SHARE_PENDING_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_share_pending"
TELLING_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_telling"
FAMILY_LETTER_TEMPLATE = "safeguarding_info_sharing.mail_template_family_letter"
# The composer's context names who the letter is addressed to; logging it records
# the telling of them alone.
LETTER_ADDRESSEES_KEY = "safeguarding_letter_addressee_ids"
SIGNOFF_REQUEST_ACTIVITY = (
    "safeguarding_info_sharing.mail_activity_type_signoff_request"
)
SIGNOFF_EMERGENCY_ACTIVITY = (
    "safeguarding_info_sharing.mail_activity_type_signoff_emergency"
)
SIGNOFF_APPROVED_ACTIVITY = (
    "safeguarding_info_sharing.mail_activity_type_signoff_approved"
)
SIGNOFF_RETURNED_ACTIVITY = (
    "safeguarding_info_sharing.mail_activity_type_signoff_returned"
)
LEAD_GROUP = "safeguarding_info_sharing.group_lead"
# What _signoff_reasons reads: why a decision needs a lead's sign-off even as an
# emergency.
SIGNOFF_REASONS_DEPEND_ON = (
    "trigger",
    "statutory_basis",
    "outcome",
    "share_choice",
    "identity_contact_details",
    "identity_exposed_ids",
    "recipient_id",
)
SECONDS_PER_HOUR = 3600.0

# The fields of format 1 of the seal (read through the ORM), and the decision's own
# columns format 2 covers: the same, with the answers themselves instead of the
# booleans derived from them (the lawful bases are in _integrity_related), and what
# format 1 left out. Both frozen: see _integrity_formats.
SEALED_FIELDS_V1 = (
    "name",
    "company_id",
    "case_id",
    "guidance_version",
    "trigger",
    "requester_organisation_id",
    "requester_id",
    "date_received",
    "information_requested",
    "statutory_basis",
    "request_reason",
    "recipient_id",
    "purpose",
    "purpose_id",
    "legitimate_purpose",
    "consent_id",
    "no_consent_reason",
    "has_consent",
    "identifiable",
    "lawful_basis_ids",
    "no_lawful_reason",
    "outcome",
    "how_much",
    "recipient_verified",
    "channel_id",
    "insecure_channel_reason",
    "individual_informed",
    "not_informed_reason",
    "not_informed_note",
    "reason",
    "discussed_with_requester",
    "date_discussed",
    "immediate_risk",
    "crime_suspected",
    "police_notified",
    "date_police_notified",
    "police_notified_by_id",
    "police_reference",
    "decided_by_id",
    "date_decided",
    "supersedes_id",
)
SEALED_COLUMNS_V2 = tuple(
    name
    for name in SEALED_FIELDS_V1
    if name not in ("legitimate_purpose", "identifiable", "lawful_basis_ids")
) + (
    "state",
    "deadline",
    "legitimate_purpose_answer",
    "identifiable_answer",
    "route",
    "emergency",
    "emergency_reason",
    "risk_of_harm_answer",
    "relevant_answer",
    "identity_checked",
    "identity_redacted",
    "identity_recipient_told",
    "identity_details_withheld",
    "identity_contact_details",
    "consent_override_reason",
    "share_choice",
    "declined_principle_id",
    "declined_reason",
    "special_category_answer",
    "confidential_answer",
    "request_proportionality",
    "request_function",
    "unsure",
)
# What format 2 covers beyond the decision's own columns (_integrity_related).
SEALED_RELATED_V2 = (
    "lawful_bases",
    "channel",
    "kind_of_purpose",
    "principles",
    "identity_exposed",
    "consent",
)

# The form field that answers each question of the procedure.
QUESTION_FIELDS = {
    guidance.PURPOSE: "legitimate_purpose_answer",
    guidance.CONSENT: "consent_id",
    guidance.IDENTIFIABLE: "identifiable_answer",
    guidance.LAWFUL_REASON: "lawful_basis_ids",
    guidance.RISK_OF_HARM: "risk_of_harm_answer",
    guidance.RELEVANT: "relevant_answer",
}


def _normalise(text):
    """``text`` as compared with a proposal: spacing and case aside."""
    return " ".join((text or "").split()).casefold()


def first_recipient_field(field_class, *args, **kwargs):
    """A field of the decision that is its first recipient's (see
    FIRST_RECIPIENT_FIELDS): computed from the recipients, written to the first."""
    return field_class(
        *args,
        compute="_compute_first_recipient",
        inverse="_inverse_first_recipient",
        store=True,
        readonly=False,
        **kwargs,
    )


class SafeguardingDecision(models.Model):
    """A decision to share, or not to share, information about a child: answered by
    the procedure of its guidance version, signed off by a safeguarding lead, then
    recorded, locked and sealed into its company's integrity chain."""

    _name = "safeguarding.decision"
    _description = "Information Sharing Decision"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "safeguarding.case.record.mixin",
        "safeguarding.record.lock.mixin",
        "safeguarding.integrity.mixin",
        "safeguarding.reader.mixin",
    ]
    _order = "create_date desc, id desc"
    _check_company_auto = True

    # Its guidance version and the recorded decision it corrects are given on
    # creation only; its state, sign-off, who decided and the police notification
    # are its own moves' (recording, sign-off, an emergency, notifying the police),
    # and so is the last day of the pin it was made under (set on creation).
    # Once recorded, only the lines of what is shared afterwards (each locked as it
    # is added) and its corrections join it. Its consent, the decision it corrects
    # and the request it answers are links, of its own case; the days of that
    # request it shows (received, reply due) are computed from it, the server's.
    _safeguarding = CaseData(
        reference="name",
        fixed=("guidance_version", "supersedes_id"),
        server=(
            "state",
            "decided_by_id",
            "date_decided",
            "signoff_state",
            "signoff_due",
            "police_notified",
            "date_police_notified",
            "police_notified_by_id",
            "guidance_pinned_until",
        ),
        moves={
            "record": ("date_decided", "decided_by_id", "state"),
            "signoff": ("signoff_state",),
            "emergency": ("signoff_state", "signoff_due"),
            "notify_police": (
                "police_notified",
                "date_police_notified",
                "police_notified_by_id",
            ),
            "pin": ("guidance_pinned_until",),
        },
        open_when_locked=("disclosure_ids", "superseded_by_ids"),
        create=WORK,
        read=SEE,
        write=WORK,
        unlink=WORK,
    )
    # Format 1 of the seal, kept to verify what was sealed with it.
    _integrity_fields = SEALED_FIELDS_V1
    # The keyed formats, frozen (a new column is a new format). Format 2: every
    # column of what was decided: format 1's, with the answers themselves instead of
    # the booleans derived from them (the lawful bases are in _integrity_related,
    # with the lines and reference data), and what format 1 left out. Format 3: the
    # scope of the consent relied on, and the snapshot of what the decision names
    # as it was recorded (what the record prints). Sign-off rows, consent events and
    # advice are chained on their own.
    _integrity_order = 10
    _integrity_formats = {
        2: IntegrityFormat(columns=SEALED_COLUMNS_V2, related=SEALED_RELATED_V2),
        3: IntegrityFormat(
            columns=(*SEALED_COLUMNS_V2, SNAPSHOT),
            related=(*SEALED_RELATED_V2, "consent_scope"),
        ),
    }
    _integrity_models = (
        "safeguarding.decision.principle",
        "safeguarding.principle",
        "safeguarding.lawful.basis",
        "safeguarding.channel",
        "safeguarding.purpose",
        "safeguarding.consent",
        "res.partner",
    )

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    case_id = fields.Many2one(tracking=True)
    child_id = fields.Many2one(related="case_id.child_id")
    guidance_version = GuidanceVersion(
        string="Decided Under",
        required=True,
        readonly=True,
        default=lambda self: self.env["safeguarding.guidance"]._version_today(),
        index=True,
        help="The guidance this decision is made under, for ever: the version in force "
        "on the day it was started, or the one the agency pinned. Its procedure "
        "decides it.",
    )
    guidance_label = fields.Char(string="Guidance", compute="_compute_guidance_label")
    guidance_pinned_until = fields.Date(
        string="Pinned Until",
        readonly=True,
        copy=False,
        help="Set when the decision follows its version because the agency pinned it: "
        "the last day of that pin. Empty: it follows the advice in force on the day "
        "it was started.",
    )
    guidance_note = fields.Char(
        string="Why This Advice",
        compute="_compute_guidance_note",
        help="Why the decision follows its version of the advice, when that is not "
        "the advice in force today.",
    )
    state = fields.Selection(
        [("draft", "Draft"), (STATE_RECORDED, "Recorded")],
        string="Status",
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )

    # What triggered it
    trigger = fields.Selection(
        [
            ("own_concern", "Our own concern (outgoing)"),
            ("request", "A request received"),
        ],
        required=True,
        default="own_concern",
    )
    # The request it answers holds what was asked; the decision keeps a copy of it
    # in its own columns, which its seal covers (format 2 reads them).
    request_id = fields.Many2one(
        "safeguarding.request",
        string="Request Answered",
        index="btree_not_null",
        check_company=True,
        domain="[('case_id', '=', case_id), ('direction', '=', 'received'), "
        "('state', '!=', 'answered')]",
    )
    requester_organisation_id = fields.Many2one(
        related="request_id.organisation_id",
        string="Requesting Organisation",
        store=True,
        readonly=False,
    )
    requester_id = fields.Many2one(
        related="request_id.contact_id",
        string="Requested By",
        store=True,
        readonly=False,
    )
    date_received = fields.Date(
        string="Request Received On",
        compute="_compute_request_days",
        store=True,
    )
    information_requested = fields.Text(
        related="request_id.information_requested", store=True, readonly=False
    )
    # Computed rather than related: exports name a related selection by its value.
    statutory_basis = fields.Selection(
        STATUTORY_BASES,
        string="Statutory Basis of the Request",
        compute="_compute_statutory_basis",
        store=True,
        readonly=False,
    )
    request_reason = fields.Text(
        related="request_id.request_reason", store=True, readonly=False
    )
    request_proportionality = fields.Text(
        related="request_id.request_proportionality", store=True, readonly=False
    )
    request_function = fields.Text(
        related="request_id.request_function", store=True, readonly=False
    )
    deadline = fields.Date(
        string="Reply Due By", compute="_compute_request_days", store=True
    )
    request_date = fields.Datetime(
        related="request_id.date_request",
        string="Request Received At",
        readonly=False,
    )
    request_rating = fields.Selection(
        related="request_id.rating", string="Request Rating", readonly=False
    )
    request_date_due = fields.Datetime(
        related="request_id.date_due", string="Reply Due"
    )
    request_extent = fields.Selection(
        [("all", "All that was asked"), ("part", "Part of what was asked")],
        string="What It Shares",
        help="Answering a request: whether this share gives all that was asked, or "
        "part of it (the requester is then written to about the rest).",
    )
    # Every recipient the decision decides to share with, each with its own
    # verification, channel and what it receives; a line of what was shared goes
    # only to one of them.
    recipient_ids = fields.One2many(
        "safeguarding.decision.recipient",
        "decision_id",
        string="Recipients",
        copy=True,
    )
    # The first recipient's, kept on the decision for the form's first recipient,
    # the reports that group by it and the seal of what was recorded before a
    # decision could have several: written, they write the first recipient.
    recipient_id = first_recipient_field(
        fields.Many2one,
        "res.partner",
        string="Share With",
        help="The organisation or person the information would go to first; add "
        "any other recipient to the Recipients list.",
    )

    # The "when" questions
    purpose = fields.Text(help="The clear and legitimate purpose for sharing.")
    purpose_id = fields.Many2one("safeguarding.purpose", string="Kind of Purpose")
    legitimate_purpose_answer = fields.Selection(
        ANSWERS, string="Is there a clear and legitimate purpose for sharing?"
    )
    legitimate_purpose = fields.Boolean(
        compute="_compute_legitimate_purpose",
        inverse="_inverse_legitimate_purpose",
        store=True,
    )
    consent_id = fields.Many2one(
        "safeguarding.consent",
        check_company=True,
        domain="[('case_id', '=', case_id)]",
        help="A consent given on this decision's case: the data-protection or "
        "confidentiality kind, explicit, given by the child assessed competent or "
        "else by a person with parental responsibility.",
    )
    consent_date_withdrawn = fields.Datetime(
        related="consent_id.date_withdrawn", string="Consent Withdrawn On"
    )
    # Said on the form and the print of a decision that relied on the consent (never
    # of one it covered nothing of); its recorded outcome stands.
    relied_on_withdrawn_consent = fields.Boolean(
        compute="_compute_relied_on_withdrawn_consent"
    )
    no_consent_reason = fields.Selection(
        NO_CONSENT_REASONS,
        string="Why There Is No Consent",
        help="Recorded whenever the decision does not rest on a consent.",
    )
    has_consent = fields.Boolean(
        compute="_compute_has_consent",
        store=True,
        help="The consent is consent to share (its kind, form and who gave it), "
        "covers this purpose and recipient, was neither withdrawn nor expired at the "
        "decision date, and no later refusal or withdrawal on the case, nor a "
        "competent child's refusal, says no.",
    )
    consent_refusal = fields.Selection(
        [("refused", "Refused"), ("withdrawn", "Withdrawn")],
        string="Consent Refused or Withdrawn",
        compute="_compute_has_consent",
        store=True,
        help="The linked consent, or a later one on the case for the same purpose "
        "and recipient, was refused or withdrawn by the decision date.",
    )
    subject_ids = fields.Many2many(
        "res.partner",
        "safeguarding_decision_subject_rel",
        "decision_id",
        "partner_id",
        string="Whose Information",
        compute="_compute_subject_ids",
        store=True,
        readonly=False,
        precompute=True,
        help="The people the information shared is about: the child, and any member "
        "of the family whose own information goes too. A consent answers only for "
        "its own subject's information.",
    )
    refusal_ids = fields.Many2many(
        "safeguarding.consent",
        "safeguarding_decision_refusal_rel",
        "decision_id",
        "consent_id",
        string="Refused or Withdrawn on the Case",
        compute="_compute_has_consent",
        store=True,
        help="The refusals and withdrawals on the case that still say no to this "
        "share at the decision date: each by whoever decides about the information "
        "(the competent child first, then each holder of parental responsibility), "
        "not answered since by that person's own consent. Kept as they stood once "
        "the decision is recorded.",
    )
    refusal_summary = fields.Text(
        string="Who Said No", compute="_compute_refusal_summary"
    )
    overrides_refusal = fields.Boolean(
        compute="_compute_refusal_summary",
        help="Someone entitled to decide said no: sharing says why it overrides it.",
    )
    case_partner_ids = fields.Many2many(
        "res.partner",
        compute="_compute_case_partner_ids",
        help="The child and the people on the case: whose information can be shared.",
    )
    consent_override_reason = fields.Text(
        string="Why Share Despite the Refusal",
        help="Golden rule 4: where possible, respect the wishes of those who do not "
        "consent. Sharing after a refusal or withdrawal says why it is overridden.",
    )
    offer_consent_request = fields.Boolean(
        compute="_compute_offer_consent_request",
        help="No consent is held and no reason applies that makes seeking it harmful "
        "or too slow: request consent before going on.",
    )
    identifiable_answer = fields.Selection(
        ANSWERS, string="Does the information enable an individual to be identified?"
    )
    identifiable = fields.Boolean(
        compute="_compute_identifiable", inverse="_inverse_identifiable", store=True
    )
    risk_of_harm_answer = fields.Selection(
        ANSWERS,
        string="Is a child at risk, or is there a perceived risk, of harm?",
        help="When a child is at risk, or there is a perceived risk, of harm, consent "
        "is not needed to share (2024 advice, golden rule 3).",
    )
    # 2024 golden rule 2: engaging the child and carers before sharing, or why not.
    asks_engagement = fields.Boolean(
        compute="_compute_asks_engagement",
        help="A child at risk, under an advice that asks it (2024, golden rule 2): "
        "whether the child or carers were engaged before sharing is recorded.",
    )
    engagement_answer = fields.Selection(
        [("engaged", "Yes, before sharing"), ("not_engaged", "No")],
        string="Were the child and/or carers engaged before sharing?",
        help="Golden rule 2 (2024): where it is practicable and safe, engage the child "
        "and/or their carers, and explain whom you intend to share with, what and "
        "why.",
    )
    engaged_person_ids = fields.Many2many(
        "res.partner",
        "safeguarding_decision_engaged_rel",
        "decision_id",
        "partner_id",
        string="Who Was Engaged",
    )
    date_engaged = fields.Datetime(string="When They Were Engaged")
    engagement_summary = fields.Text(
        string="What Was Explained",
        help="Whom you intend to share with, what and why, as you explained it.",
    )
    not_engaged_reason = fields.Selection(
        [
            ("not_practicable", "It was not practicable"),
            (
                "not_safe",
                (
                    "It was not safe: it could put the child or someone else at "
                    "increased risk of harm"
                ),
            ),
            (
                "prejudice_investigation",
                "It would prejudice a police or child protection investigation",
            ),
        ],
        string="Why They Were Not Engaged",
    )
    not_engaged_note = fields.Text(string="Why Not, in Your Words")
    relevant_answer = fields.Selection(
        ANSWERS,
        string="Only relevant and accurate information, to people with a role, only "
        "what they need?",
        help="Only relevant and accurate information, only with people or agencies "
        "that have a role in safeguarding the child or supporting the family, and only "
        "what they need for that role (2024 advice, golden rule 6).",
    )
    lawful_basis_ids = fields.Many2many(
        "safeguarding.lawful.basis",
        help="The lawful basis of the share, layer by layer: a UK GDPR Article 6 "
        "basis always; an Article 9 condition (and a DPA 2018 Schedule 1 condition "
        "where it needs one) for special category data; Schedule 8 towards a law "
        "enforcement recipient; the common-law ground for confidential information; "
        "the statutory gateway. Without consent, choosing at least one means a lawful "
        "reason to share without consent has been identified.",
    )
    special_category_answer = fields.Selection(
        ANSWERS,
        string="Does the information include special category data?",
        help="UK GDPR Article 9: health, racial or ethnic origin, religious or "
        "philosophical beliefs, political opinions, trade union membership, genetic or "
        "biometric data, sex life or sexual orientation.",
    )
    criminal_offence_answer = fields.Selection(
        ANSWERS,
        string="Does the information include criminal offence data?",
        help="UK GDPR Article 10: information about criminal offences, allegations "
        "and suspicions included, or convictions. A suspected crime shared is "
        "criminal offence data.",
    )
    confidential_answer = fields.Selection(
        ANSWERS,
        string="Was the information given in confidence?",
        help="Information given in confidence is shared on a common-law ground: "
        "consent, a legal requirement or court order, or an overriding public "
        "interest.",
    )
    consent_basis_chosen = fields.Boolean(
        compute="_compute_consent_basis_chosen",
        help="Consent chosen as the UK GDPR Article 6 basis of a share: the form "
        "warns that it is rarely the right basis for child protection.",
    )
    signoff_always_required = fields.Boolean(
        compute="_compute_signoff_always_required",
        help="This decision needs a safeguarding lead's sign-off before it is "
        "recorded, even as an emergency.",
    )
    no_lawful_reason = fields.Boolean(
        string="No Lawful Reason Found",
        help="No lawful reason to share without consent has been identified.",
    )
    outcome = fields.Selection(
        [(guidance.SHARE, "Share"), (guidance.DO_NOT_SHARE, "Do not share")],
        string="Route Ends In",
        compute="_compute_outcome",
        store=True,
        tracking=True,
        help="Where the flowchart's route ends: 'Share' means you can share, not "
        "that you must. The practitioner's own decision is 'Your Decision'.",
    )
    share_choice = fields.Selection(
        [(SHARE_CHOICE, "Share"), (NOT_SHARE_CHOICE, "Do not share")],
        string="Your Decision",
        compute="_compute_share_choice",
        store=True,
        readonly=False,
        tracking=True,
        help="Once the route says you can share, you decide whether to share. Not "
        "sharing records which principle is not met and why.",
    )
    declined_principle_id = fields.Many2one(
        "safeguarding.principle",
        string="Principle Not Met",
        domain="[('guidance_version', '=', guidance_version)]",
        help="The principle a share would fail, so you decide not to share.",
    )
    declined_reason = fields.Text(string="Why That Principle Is Not Met")
    sharing_result = fields.Selection(
        [
            ("share", "Share"),
            ("could_not_share", "Could not share (the route ends in do not share)"),
            ("chose_not_to_share", "Chose not to share (the route allowed it)"),
        ],
        string="Result",
        compute="_compute_sharing_result",
        store=True,
        help="What the decision is, told apart: shared; could not share; chose not "
        "to share although the route allowed it.",
    )
    route = fields.Json(
        compute="_compute_outcome",
        store=True,
        help="The questions the flowchart asked, in order, with their answers.",
    )
    route_summary = fields.Text(compute="_compute_route_summary")
    locked = fields.Boolean(
        compute="_compute_locked", help="Nothing that forms the record can change."
    )
    flowchart_html = fields.Html(
        string="Flowchart",
        compute="_compute_flowchart_html",
        sanitize=False,
        help="The 2018 flowchart with the route taken and the outcome highlighted.",
    )
    # What the form reads after the questions: computed from the helpers the Still
    # missing list and the actions use, so that the form never re-derives them.
    shares = fields.Boolean(
        compute="_compute_shares",
        help="The route allows sharing and the practitioner decided to share.",
    )
    declines = fields.Boolean(
        compute="_compute_shares",
        help="The route has ended and the decision does not share: the route says do "
        "not share, or the practitioner chose not to.",
    )
    can_submit = fields.Boolean(
        compute="_compute_can_submit",
        help="A draft that can be submitted for sign-off (what it still needs is "
        "listed beside the flowchart).",
    )
    can_sign_off = fields.Boolean(
        compute="_compute_can_sign_off",
        help="The current user may sign the decision off, or return it, now.",
    )
    can_return = fields.Boolean(
        compute="_compute_can_sign_off",
        help="The current user may return the decision: one awaiting sign-off, or "
        "one signed off that can no longer be recorded as it was signed off.",
    )
    cannot_sign_off_reason = fields.Char(
        compute="_compute_can_sign_off",
        help="Why the current user cannot sign off this decision awaiting sign-off.",
    )
    can_record = fields.Boolean(
        compute="_compute_can_record",
        help="A draft that can be recorded now: signed off, or an emergency that may "
        "be recorded before sign-off.",
    )
    can_write_to_family = fields.Boolean(compute="_compute_can_write_to_family")
    show_discussion = fields.Boolean(
        compute="_compute_show_requirements",
        help="A request declined: whether it was discussed with the requester.",
    )
    show_date_discussed = fields.Boolean(compute="_compute_show_requirements")
    show_insecure_channel_reason = fields.Boolean(compute="_compute_show_requirements")
    show_not_informed_reason = fields.Boolean(compute="_compute_show_requirements")
    show_disclosures = fields.Boolean(
        compute="_compute_show_requirements",
        help="What was shared: a share's lines, or those a decision that does not "
        "share must remove.",
    )
    show_advice_prompt = fields.Boolean(compute="_compute_show_requirements")
    can_record_telling = fields.Boolean(
        compute="_compute_show_requirements",
        help="A saved decision whose individual is, or will be, told: a telling can be "
        "recorded on it, or the family written to.",
    )
    show_share_choice = fields.Boolean(
        compute="_compute_show_requirements",
        help="The route allows sharing: the practitioner decides whether to share.",
    )
    show_declined_principle = fields.Boolean(
        compute="_compute_show_requirements",
        help="The practitioner chose not to share although the route allowed it: "
        "which principle a share would not meet, and why.",
    )
    show_tellings = fields.Boolean(compute="_compute_show_requirements")
    show_signoff_history = fields.Boolean(compute="_compute_show_requirements")
    show_corrections = fields.Boolean(compute="_compute_show_requirements")
    show_engagement_details = fields.Boolean(
        compute="_compute_show_requirements",
        help="The child or carers were engaged before sharing: who, when and what.",
    )
    show_not_engaged_reason = fields.Boolean(
        compute="_compute_show_requirements",
        help="Asked about engaging the child and carers, and not answered that they "
        "were: why not is offered at once (picking it answers No).",
    )
    show_how_rule = fields.Boolean(
        compute="_compute_show_requirements",
        help="A principle of how to share is not confirmed yet: the golden rule on how "
        "to share is beside them.",
    )
    show_telling_rule = fields.Boolean(
        compute="_compute_show_requirements",
        help="Whether the individual is told is not answered yet: the golden rule on "
        "telling is beside it.",
    )
    show_not_engaged_note = fields.Boolean(
        compute="_compute_show_requirements",
        help="Answered that the child and carers were not engaged: why not, in the "
        "practitioner's words, beside the reason picked.",
    )
    show_engagement_rule = fields.Boolean(
        compute="_compute_show_requirements",
        help="Engaging the child and carers is asked and not answered yet: its golden "
        "rule is beside it.",
    )
    show_controller_relationship = fields.Boolean(
        compute="_compute_show_requirements",
        help="A recipient with no data sharing agreement in force: the controller "
        "relationship is asked.",
    )
    show_refusals = fields.Boolean(compute="_compute_show_requirements")
    show_telling_golden_rule = fields.Boolean(
        compute="_compute_show_requirements",
        help="The decision's version of the advice has a golden rule on telling.",
    )
    # What submitting would still refuse, listed live beside the flowchart.
    missing_items_html = fields.Html(
        string="Still Missing",
        compute="_compute_missing_items_html",
        sanitize=False,
        help="What the decision still needs before it can be submitted, updated as "
        "the form is filled in.",
    )
    # Which questions the procedure asks, and the golden rule beside each
    ask_purpose = fields.Boolean(compute="_compute_questions")
    ask_consent = fields.Boolean(compute="_compute_questions")
    ask_identifiable = fields.Boolean(compute="_compute_questions")
    ask_lawful_reason = fields.Boolean(compute="_compute_questions")
    ask_risk_of_harm = fields.Boolean(compute="_compute_questions")
    ask_relevant = fields.Boolean(compute="_compute_questions")
    purpose_golden_rule = fields.Html(compute="_compute_questions")
    consent_golden_rule = fields.Html(compute="_compute_questions")
    identifiable_golden_rule = fields.Html(compute="_compute_questions")
    lawful_reason_golden_rule = fields.Html(compute="_compute_questions")
    risk_of_harm_golden_rule = fields.Html(compute="_compute_questions")
    relevant_golden_rule = fields.Html(compute="_compute_questions")
    # Each question as its version's procedure words it
    purpose_heading = fields.Char(compute="_compute_questions")
    consent_heading = fields.Char(compute="_compute_questions")
    identifiable_heading = fields.Char(compute="_compute_questions")
    lawful_reason_heading = fields.Char(compute="_compute_questions")
    risk_of_harm_heading = fields.Char(compute="_compute_questions")
    relevant_heading = fields.Char(compute="_compute_questions")
    how_golden_rule = fields.Html(compute="_compute_questions")
    engagement_golden_rule = fields.Html(compute="_compute_questions")
    telling_golden_rule = fields.Html(compute="_compute_questions")
    advice_golden_rule = fields.Html(compute="_compute_questions")
    record_golden_rule = fields.Html(compute="_compute_questions")

    # The principles and the "how" checklist
    # Chosen in the form to fill a draft, never stored: the draft keeps the answers.
    template_id = fields.Many2one(
        "safeguarding.decision.template",
        string="Start from Template",
        store=False,
        help="Fills the kind of purpose, the usual lawful bases, the channel, how "
        "much, whether the individual is told and the principles' justifications "
        "from the agency's template, and proposes the lines of what is usually "
        "shared once the decision shares; check and edit each.",
    )
    copy_from_id = fields.Many2one(
        "safeguarding.decision",
        string="Start from a Previous Decision",
        store=False,
        help="Copies the answers, lawful bases, channel, how much, whether the "
        "individual is told and the principles' justifications of an earlier "
        "decision on this case; never its status, sign-off, dates or lines.",
    )
    principle_ids = fields.One2many(
        "safeguarding.decision.principle", "decision_id", string="Principles", copy=True
    )
    principles_note = fields.Html(
        compute="_compute_principles_note",
        sanitize=False,
        help="Said at once beside the principles: a justification the decision's own "
        "fields contradict, and a principle nothing fitting is proposed for.",
    )
    how_much = first_recipient_field(
        fields.Text,
        string="How Much to Share",
    )
    recipient_verified = first_recipient_field(
        fields.Boolean,
        string="Recipient's Identity Verified",
    )
    channel_id = first_recipient_field(
        fields.Many2one,
        "safeguarding.channel",
    )
    channel_secure = fields.Boolean(related="channel_id.secure")
    controller_relationship = first_recipient_field(
        fields.Selection,
        CONTROLLER_RELATIONSHIPS,
        help="Between the agency and the recipient for this share, when no data "
        "sharing agreement with it is in force (the ICO's one-off request form).",
    )
    insecure_channel_reason = first_recipient_field(
        fields.Text,
        string="Why a Channel That Is Not Secure",
    )
    individual_informed = fields.Selection(
        [
            ("informed", "Informed"),
            ("will_inform", "Will be informed"),
            ("not_informed", "Will not be informed"),
        ],
    )
    not_informed_reason = fields.Selection(
        [
            ("risk_of_harm", "Informing would create or increase the risk of harm"),
            (
                "prejudice_crime",
                (
                    "Informing would prejudice the prevention or detection of crime "
                    "(DPA 2018 Schedule 2 paragraph 2)"
                ),
            ),
            ("other", "Another reason"),
        ],
    )
    not_informed_note = fields.Text(string="Why Not Informed")

    # Protecting identities (2024 advice, golden rule 5)
    protected_person_ids = fields.Many2many(
        "safeguarding.case.person",
        compute="_compute_protected_person_ids",
        string="People Whose Identity Is Protected",
    )
    show_identity_steps = fields.Boolean(
        compute="_compute_protected_person_ids",
        help="The version of the advice protects identities, and the case has people "
        "whose identity is protected: a share says which of them it could identify.",
    )
    identity_checked = fields.Boolean(
        string="Checked Who It Could Identify",
        help="You checked which of the case's protected people the information shared "
        "could identify.",
    )
    identity_exposed_ids = fields.Many2many(
        "safeguarding.case.person",
        "safeguarding_decision_identity_exposed_rel",
        "decision_id",
        "person_id",
        string="Protected People It Could Identify",
        domain="[('case_id', '=', case_id), ('protect_identity', '=', True)]",
    )
    identity_redacted = fields.Boolean(string="Their Details Redacted")
    identity_recipient_told = fields.Boolean(
        string="Recipient Told Not to Pass Their Details On"
    )
    identity_details_withheld = fields.Boolean(string="Their Details Withheld")
    identity_contact_details = fields.Boolean(
        string="Includes Their Address or Contact Details",
        help="Golden rule 5: a protected person's address or contact details going "
        "to anyone but the police or children's social care need a safeguarding "
        "lead's sign-off, even in an emergency.",
    )

    # The decision itself
    reason = fields.Text(help="Why you decided to share, or not to share.")
    discussed_with_requester = fields.Selection(
        ANSWERS, string="Decision Discussed with the Requester"
    )
    date_discussed = fields.Date(string="Discussed On")

    # Urgency
    immediate_risk = fields.Boolean(string="Child at Immediate Risk")
    crime_suspected = fields.Boolean()
    police_notified = fields.Boolean()
    date_police_notified = fields.Datetime(string="Police Notified On")
    police_notified_by_id = fields.Many2one("res.users")
    police_reference = fields.Char()
    # The references the police give afterwards, each kept as it was added.
    police_reference_ids = fields.One2many(
        "safeguarding.decision.police.reference",
        "decision_id",
        string="Police References Added",
    )
    police_reference_summary = fields.Char(
        string="Police References",
        compute="_compute_police_reference_summary",
    )
    # Telling the child or family (golden rules 2 and 6), each entry kept as added.
    telling_ids = fields.One2many(
        "safeguarding.decision.telling",
        "decision_id",
        string="Telling the Individual",
    )

    # Sign-off by a safeguarding lead
    signoff_state = fields.Selection(
        [
            ("none", "Not submitted"),
            ("submitted", "Awaiting sign-off"),
            ("approved", "Signed off"),
            ("returned", "Returned"),
        ],
        string="Sign-off",
        required=True,
        default="none",
        readonly=True,
        copy=False,
        tracking=True,
    )
    signoff_ids = fields.One2many(
        "safeguarding.decision.signoff", "decision_id", string="Sign-off History"
    )
    emergency = fields.Boolean(
        compute="_compute_emergency",
        store=True,
        readonly=False,
        help="Waiting for sign-off would put a child at risk: record and share first; "
        "the sign-off is then due within the configured time. Offered by default "
        "when the child is at immediate risk; a suspected crime alone does not make "
        "a decision an emergency.",
    )
    emergency_reason = fields.Text(string="Why It Cannot Wait")
    signoff_due = fields.Datetime(string="Sign-off Due", readonly=True, copy=False)
    signoff_overdue = fields.Boolean(
        compute="_compute_signoff_overdue", search="_search_signoff_overdue"
    )

    # Who decided, and corrections
    decided_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_decided = fields.Datetime(readonly=True, copy=False, index=True)
    supersedes_id = fields.Many2one(
        "safeguarding.decision",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The recorded decision this one corrects. Both stay on the record.",
    )
    superseded_by_ids = fields.One2many("safeguarding.decision", "supersedes_id")
    disclosure_ids = fields.One2many(
        "safeguarding.disclosure", "decision_id", string="What Was Shared"
    )
    share_pending = fields.Boolean(
        compute="_compute_share_pending",
        store=True,
        help="Recorded as a share, but no line of what was shared is recorded yet.",
    )
    advice_ids = fields.One2many("safeguarding.advice", "decision_id")
    unsure = fields.Boolean(
        string="I Am Unsure",
        help="You are unsure how the law supports sharing here: seek advice promptly "
        "(2024 advice, golden rule 4). The decision is submitted or recorded once "
        "advice asked on it is answered.",
    )

    # The data sharing agreement in force with the receiving organisation on the day
    # of the decision (or today, while it is not decided): read, never stored, so that
    # it follows the register.
    sharing_agreement_id = fields.Many2one(
        "safeguarding.sharing.agreement",
        string="Data Sharing Agreement",
        compute="_compute_sharing_agreement_id",
        help="The active agreement in force with the receiving organisation on the "
        "day of the decision; empty when there is none.",
    )

    # What a recorded decision names, as it was sealed with it.
    recorded_names_html = fields.Html(
        string="As Recorded",
        compute="_compute_recorded_names_html",
        sanitize=False,
        help="The names of the recipient and of the reference data as they were when "
        "the decision was recorded, and today's where they differ.",
    )

    # What managers' reports group and measure decisions by: stored, so that pivot,
    # graph and export read them in one query within the access rules.
    recipient_organisation_type_id = fields.Many2one(
        "safeguarding.organisation.type",
        string="Recipient Organisation Type",
        related="recipient_id.commercial_partner_id.safeguarding_organisation_type_id",
        store=True,
        index="btree_not_null",
    )
    case_user_id = fields.Many2one(
        "res.users",
        string="Case Lead Practitioner",
        related="case_id.user_id",
        store=True,
        index=True,
    )
    # Empty (NULL) where a measure does not apply, so that averages skip it.
    days_to_decision = NullableInteger(
        string="Days from Request to Decision",
        compute="_compute_days_to_decision",
        store=True,
        aggregator="avg",
        help="For a request received: days from the day it was received to the day "
        "the decision was recorded (UTC). Empty for any other decision.",
    )
    hours_to_first_disclosure = NullableFloat(
        string="Hours from Decision to First Share",
        compute="_compute_hours_to_first_disclosure",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="From the recording of a decision to share to the first item shared "
        "under it. Lines entered before then are the plan, shared when the "
        "decision is recorded: never negative. Empty while nothing is shared.",
    )
    signoff_hours = NullableFloat(
        string="Hours to Sign-off",
        compute="_compute_signoff_hours",
        store=True,
        aggregator="avg",
        digits=(16, 2),
        help="From the first submission for sign-off to the safeguarding lead's "
        "approval, returns included. Empty until it is signed off.",
    )

    # ------------------------------------------------------------
    # COMPUTE METHODS
    # ------------------------------------------------------------
    # Computes of the record as a whole; each concern below holds its own.

    @api.depends(
        *(f"recipient_ids.{name}" for name in FIRST_RECIPIENT_FIELDS.values()),
        "recipient_ids.sequence",
    )
    def _compute_first_recipient(self):
        for decision in self:
            first = decision._first_recipient()
            for name, row_name in FIRST_RECIPIENT_FIELDS.items():
                decision[name] = first[row_name]

    def _inverse_first_recipient(self):
        for decision in self:
            first = decision._first_recipient()
            # The recipient named first may be listed already: it becomes the first.
            named = decision.recipient_ids.filtered(
                lambda row, d=decision: (
                    d.recipient_id and row.partner_id == d.recipient_id
                )
            )[:1]
            if named and named != first:
                named.sequence = first.sequence - 1
                first = named
            vals = {
                row_name: decision._fields[name].convert_to_write(
                    decision[name], decision
                )
                for name, row_name in FIRST_RECIPIENT_FIELDS.items()
            }
            if first:
                changed = {
                    row_name: value
                    for row_name, value in vals.items()
                    if first._fields[row_name].convert_to_write(first[row_name], first)
                    != value
                }
                if changed:
                    first.write(changed)
            elif any(vals.values()):
                self.env["safeguarding.decision.recipient"].create(
                    dict(vals, decision_id=decision.id)
                )

    @api.onchange(*FIRST_RECIPIENT_FIELDS)
    def _onchange_first_recipient(self):
        # In the form the decision's own fields are its first recipient's: edited
        # there, the Recipients list shows it at once.
        first = self._first_recipient()
        vals = {
            row_name: self[name] for name, row_name in FIRST_RECIPIENT_FIELDS.items()
        }
        if first:
            first.update(vals)
        elif any(vals.values()):
            self.recipient_ids = [
                Command.create(
                    {
                        row_name: self._fields[name].convert_to_write(self[name], self)
                        for name, row_name in FIRST_RECIPIENT_FIELDS.items()
                    }
                )
            ]

    @api.model
    def _first_recipient_as_row(self, vals):
        """Creation values naming the first recipient's fields: they become the
        first row of the recipients, written with the decision before its lines
        (which go only to a recipient it names), unless the list given holds that
        recipient already (the form, which keeps both the same)."""
        first = {
            row_name: vals.pop(name)
            for name, row_name in FIRST_RECIPIENT_FIELDS.items()
            if name in vals
        }
        if not any(first.values()):
            return
        commands = list(vals.get("recipient_ids") or [])
        listed = {
            command[2].get("partner_id")
            for command in commands
            if isinstance(command, (list, tuple)) and command[0] == Command.CREATE
        }
        if first.get("partner_id") and first["partner_id"] in listed:
            return
        vals["recipient_ids"] = [Command.create(first), *commands]

    def _first_recipient(self):
        """The first recipient of this decision (one), or an empty recordset."""
        return self.recipient_ids.sorted("sequence")[:1]

    def _sharing_agreement_day(self):
        """The day the agreement in force is looked up for: the decision's."""
        self.ensure_one()
        if self.date_decided:
            return fields.Date.context_today(self, self.date_decided)
        return self.date_received or fields.Date.context_today(self)

    @api.depends(
        "recipient_id.commercial_partner_id",
        "company_id",
        "date_decided",
        "date_received",
        "integrity_snapshot",
    )
    def _compute_sharing_agreement_id(self):
        # A recorded decision keeps the agreement sealed with it; before, the one
        # the register holds in force.
        Agreement = self.env["safeguarding.sharing.agreement"]
        sealed = self.filtered(lambda d: d._recorded("agreement", 0) is not None)
        for decision in sealed:
            agreement = decision._recorded("agreement", 0)
            decision.sharing_agreement_id = Agreement.browse(
                agreement if isinstance(agreement, int) else []
            ).exists()
        for decision, agreement in (
            (self - sealed)._sharing_agreements_in_force().items()
        ):
            decision.sharing_agreement_id = agreement

    @api.depends(
        "integrity_snapshot",
        "recipient_id.name",
        "recipient_id.commercial_partner_id.name",
        "purpose_id.name",
        "channel_id.name",
        "lawful_basis_ids.name",
    )
    def _compute_recorded_names_html(self):
        for decision in self:
            rows = decision._recorded_names() if decision.integrity_snapshot else []
            decision.recorded_names_html = rows and Markup(
                '<table class="table table-sm mb-0"><tbody>%s</tbody></table>'
            ) % Markup().join(
                Markup("<tr><th>%s</th><td>%s</td></tr>") % row for row in rows
            )

    def _recorded_names(self):
        """(label, text) of what this recorded decision (one) names, as it was
        sealed, saying so where today's name differs."""
        recorded, as_recorded = self._recorded, self._as_recorded
        rows = [
            (
                self.env._("Receiving organisation"),
                as_recorded(
                    recorded("recipient", 4),
                    self.recipient_id.commercial_partner_id.name,
                ),
            ),
            (
                self.env._("Recipient"),
                as_recorded(recorded("recipient", 2), self.recipient_id.display_name),
            ),
            (
                self.env._("Kind of purpose"),
                as_recorded(recorded("purpose"), self.purpose_id.name),
            ),
            (
                self.env._("Channel"),
                as_recorded(recorded("channel"), self.channel_id.name),
            ),
            *(
                (
                    self.env._("Lawful basis"),
                    as_recorded(recorded("lawful_bases", entry=basis.id), basis.name),
                )
                for basis in self.lawful_basis_ids
            ),
            (
                self.env._("Data sharing agreement"),
                as_recorded(recorded("agreement"), self.sharing_agreement_id.name)
                or self.env._("None in force"),
            ),
        ]
        return [(label, text) for label, text in rows if text]

    def _sharing_agreements_in_force(self):
        """{decision: the active agreement in force with its receiving organisation
        on its day (empty if none)}, as the register holds them now."""
        candidates = self.env["safeguarding.sharing.agreement"]._in_force_with(
            self.recipient_id.commercial_partner_id, self.company_id
        )
        in_force = {}
        for decision in self:
            in_force[decision] = candidates.filtered(
                lambda a, d=decision: a._in_force_for(
                    d.company_id,
                    d.recipient_id.commercial_partner_id,
                    d._sharing_agreement_day(),
                )
            )[:1]
        return in_force

    @api.depends("case_id.person_ids.protect_identity", "guidance_version")
    def _compute_protected_person_ids(self):
        for decision in self:
            decision.protected_person_ids = decision.case_id.person_ids.filtered(
                "protect_identity"
            )
            decision.show_identity_steps = bool(
                decision.protected_person_ids
                and decision.guidance_version
                and "identities" in decision._procedure().share_checks
            )

    @api.depends(
        "request_id.date_request", "request_id.date_due", "request_id.calendar_id"
    )
    def _compute_request_days(self):
        # The days, where the request is worked, that the printed record and the
        # decision's measures show.
        for decision in self:
            request = decision.request_id
            decision.date_received = request and request._local_day(
                request.date_request
            )
            decision.deadline = (
                request.date_due and request._local_day(request.date_due) or False
            )

    @api.depends("request_id.statutory_basis")
    def _compute_statutory_basis(self):
        for decision in self:
            decision.statutory_basis = decision.request_id.statutory_basis or "none"

    @api.depends("trigger", "date_received", "date_decided")
    def _compute_days_to_decision(self):
        for decision in self:
            if (
                decision.trigger == "request"
                and decision.date_received
                and decision.date_decided
            ):
                decision.days_to_decision = (
                    decision.date_decided.date() - decision.date_received
                ).days
            else:
                decision.days_to_decision = False

    @api.depends("date_decided", "outcome", "disclosure_ids.date_shared")
    def _compute_hours_to_first_disclosure(self):
        for decision in self:
            dates = decision.disclosure_ids.mapped("date_shared")
            if decision.outcome == "share" and decision.date_decided and dates:
                # A line entered before the recording is the plan: it is shared
                # when the decision is recorded, never before.
                delay = max(min(dates), decision.date_decided) - decision.date_decided
                decision.hours_to_first_disclosure = round(
                    delay.total_seconds() / SECONDS_PER_HOUR, 2
                )
            else:
                decision.hours_to_first_disclosure = False

    @api.depends("signoff_ids.action", "signoff_ids.date")
    def _compute_signoff_hours(self):
        for decision in self:
            rows = decision.signoff_ids.sorted(lambda row: (row.date, row.id))
            submitted = rows.filtered(lambda row: row.action == "submit")[:1]
            approved = rows.filtered(lambda row: row.action == "approve")[-1:]
            if submitted and approved:
                delay = approved.date - submitted.date
                decision.signoff_hours = round(
                    delay.total_seconds() / SECONDS_PER_HOUR, 2
                )
            else:
                decision.signoff_hours = False

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def _check_guidance_version(self, vals_list):
        """A new decision follows the version in force on its date (or the pinned
        one, until the pin's last day, which it keeps); a correction follows the
        version of the decision it corrects. Nobody chooses another, over RPC or
        otherwise."""
        Guidance = self.env["safeguarding.guidance"]
        today = fields.Date.context_today(self)
        for vals in vals_list:
            if vals.get("supersedes_id"):
                superseded = self.browse(vals["supersedes_id"]).sudo()
                expected = superseded.guidance_version
                pinned_until = superseded.guidance_pinned_until
            else:
                expected = Guidance._version_today()
                pinned_until = Guidance._pinned_version(today) and Guidance._pin()[1]
            # Set by the server only (a create-guarded field): after the check.
            vals["__guidance_pinned_until"] = pinned_until or False
            given = vals.setdefault("guidance_version", expected)
            if given != expected:
                labels = dict(
                    self._fields["guidance_version"]._description_selection(self.env)
                )
                raise ValidationError(
                    self.env._(
                        "A new decision follows %(expected)s, the advice in force "
                        "today (or the one the agency pinned), not %(given)s.",
                        expected=labels[expected],
                        given=labels.get(given, given),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_guidance_version(vals_list)
        pins = [vals.pop("__guidance_pinned_until") for vals in vals_list]
        for vals in vals_list:
            self._first_recipient_as_row(vals)
        for vals in vals_list:
            # Answering a request says so; what it answers may come as a default.
            if vals.get("request_id") and "trigger" not in vals:
                vals["trigger"] = "request"
            missing = [name for name in ("trigger", "request_id") if name not in vals]
            vals.update(self.default_get(missing) if missing else {})
            self._take_request_values(vals)
            if vals.get("state", "draft") != "draft":
                raise UserError(
                    self.env._(
                        "A decision is created as a draft and recorded with "
                        "'Record Decision', which checks it first."
                    )
                )
        decisions = super().create(vals_list)
        for decision, pinned_until in zip(decisions, pins, strict=True):
            if pinned_until:
                decision._as_move("pin").write({"guidance_pinned_until": pinned_until})
        decisions._add_missing_principles()
        decisions._check_recipient_dependent()
        # Answering a request takes it on.
        decisions.request_id._pick_up()
        return decisions

    def write(self, vals):
        self._refuse_request_days(vals)
        if self._current_move() or not (
            set(vals) & {"trigger", "request_id", "date_received", *REQUEST_FIELDS}
        ):
            super().write(vals)
        else:
            for decision in self:
                values = dict(vals)
                values.setdefault("trigger", decision.trigger)
                values.setdefault("case_id", decision.case_id.id)
                values.setdefault("request_id", decision.request_id.id)
                decision._take_request_values(values)
                values.pop("case_id")
                super(SafeguardingDecision, decision).write(values)
            self.request_id._pick_up()
        if {"recipient_ids", *FIRST_RECIPIENT_FIELDS}.intersection(vals):
            self._check_recipient_dependent()
        return True

    def _refuse_request_days(self, vals):
        """The days of the request a decision shows are the request's own."""
        if "deadline" in vals:
            # Access first: whoever may not write learns nothing more.
            self.check_access("write")
            raise UserError(
                self.env._(
                    "The reply is due by the time the request's rating gives: rate "
                    "the request it answers instead."
                )
            )

    def _take_request_values(self, vals):
        """Move the request's own values out of ``vals`` (a decision's values) to
        the request it answers: recorded with the decision, an informal request is
        created with them (a request given by its day alone came at its first
        minute). A decision answers a request only when it says so."""
        given = {
            REQUEST_FIELDS[name]: vals.pop(name)
            for name in list(vals)
            if name in REQUEST_FIELDS
        }
        Request = self.env["safeguarding.request"]
        day = vals.pop("date_received", None)
        if day:
            given["date_request"] = Request._day_start(
                fields.Date.to_date(day), vals.get("case_id")
            )
        if vals.get("trigger") != "request":
            vals["request_id"] = False
            return
        request = Request.browse(vals.get("request_id"))
        if request:
            if given:
                request.write(given)
            return
        # What the form leaves empty takes the request's defaults.
        given = {name: value for name, value in given.items() if value}
        statutory = given.get("statutory_basis", "none") != "none"
        given.setdefault("basis", "statutory" if statutory else "informal")
        vals["request_id"] = Request.create(
            {**given, "case_id": vals.get("case_id")}
        ).id

    def _check_recipient_dependent(self):
        """The checks that read the recipients, again once they are written: Odoo
        writes a decision's recipients after its own fields, and checks its own
        fields before that."""
        self._check_consent()
        self._check_lawful_reason()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_signoff_history(self):
        # Its submission and return are sealed rows of the chain: they stay, and so
        # does the decision they belong to.
        for decision in self.filtered("signoff_ids"):
            raise UserError(
                self.env._(
                    "%(decision)s was submitted for sign-off: its sign-off history is "
                    "sealed and stays with it, so it cannot be deleted. Change it and "
                    "submit it again, or answer the procedure so that it ends in do "
                    "not share and record that.",
                    decision=decision.name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_leave_trace(self):
        """A draft deleted leaves a note on its case (golden rule 7: every decision,
        share or not, is recorded): who deleted which draft, and where its route
        ended. What is recorded is never deleted (the lock refuses it)."""
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for decision in self.filtered(lambda d: d.state == "draft"):
            decision._leave_trace_on_case(
                self.env._(
                    "Draft decision %(decision)s deleted by %(user)s. Its route ended "
                    "in: %(outcome)s. Reason it gave: %(reason)s",
                    decision=decision.name,
                    user=self.env.user.name,
                    outcome=outcomes.get(decision.outcome)
                    or self.env._("not answered yet"),
                    reason=decision.reason or self.env._("none written"),
                )
            )

    def _leave_trace_on_case(self, body):
        # sudo: the note is the system's record of the deletion, on a case the
        # user works on (the deletion itself was checked against their rights).
        self.case_id.sudo().message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )

    def _system_write_hint(self):
        return self.env._(
            "A decision is recorded only with 'Record Decision', and signed off only "
            "with the sign-off buttons."
        )

    def _is_locked(self):
        # Under review or signed off, the draft is frozen too: what the lead approved
        # is what gets recorded.
        return self.state == STATE_RECORDED or self.signoff_state in (
            "submitted",
            "approved",
        )

    @api.depends("state", "signoff_state")
    def _compute_locked(self):
        for decision in self:
            decision.locked = decision._is_locked()

    # ------------------------------------------------------------
    # PROCEDURE
    # ------------------------------------------------------------
    # The questions its version's procedure asks, the route and where it ends, and the
    # practitioner's own choice.

    def _procedure(self):
        """The procedure of this decision's (one) guidance version."""
        return guidance.PROCEDURES[self.guidance_version]

    def _not_recorded(self):
        """The decisions whose answers may still change what they compute. A recorded
        decision keeps its stored consent status, outcome and route: a later change to
        its consent (a withdrawal, say) never rewrites what was decided."""
        return self.filtered(lambda decision: decision.state != STATE_RECORDED)

    def _decision_datetime(self):
        return self.date_decided or fields.Datetime.now()

    def _answers(self):
        """The procedure's answers: True, False, or None where not answered yet."""
        self.ensure_one()

        def answer(selection):
            return {"yes": True, "no": False}.get(selection)

        consent_answered = bool(self.consent_id or self.no_consent_reason)
        lawful_answered = bool(self.lawful_basis_ids or self.no_lawful_reason)
        return {
            guidance.PURPOSE: answer(self.legitimate_purpose_answer),
            guidance.CONSENT: self.has_consent if consent_answered else None,
            guidance.IDENTIFIABLE: answer(self.identifiable_answer),
            guidance.LAWFUL_REASON: bool(self.lawful_basis_ids)
            if lawful_answered
            else None,
            guidance.RISK_OF_HARM: answer(self.risk_of_harm_answer),
            guidance.RELEVANT: answer(self.relevant_answer),
        }

    @api.depends("legitimate_purpose_answer")
    def _compute_legitimate_purpose(self):
        for decision in self:
            decision.legitimate_purpose = decision.legitimate_purpose_answer == "yes"

    def _inverse_legitimate_purpose(self):
        for decision in self:
            decision.legitimate_purpose_answer = (
                "yes" if decision.legitimate_purpose else "no"
            )

    @api.depends("identifiable_answer")
    def _compute_identifiable(self):
        for decision in self:
            decision.identifiable = decision.identifiable_answer == "yes"

    def _inverse_identifiable(self):
        for decision in self:
            decision.identifiable_answer = "yes" if decision.identifiable else "no"

    @api.depends(
        "guidance_version",
        "legitimate_purpose_answer",
        "consent_id",
        "no_consent_reason",
        "has_consent",
        "identifiable_answer",
        "lawful_basis_ids",
        "no_lawful_reason",
        "risk_of_harm_answer",
        "relevant_answer",
    )
    def _compute_outcome(self):
        for decision in self._not_recorded():
            outcome, route = decision._procedure().decide(decision._answers())
            decision.outcome = outcome
            decision.route = [[question, answer] for question, answer in route]

    @api.depends("outcome")
    def _compute_share_choice(self):
        # The route allows sharing: the choice is offered, set to share until the
        # practitioner decides otherwise. Any other route leaves no choice.
        for decision in self._not_recorded():
            if decision.outcome != guidance.SHARE:
                decision.share_choice = False
            elif not decision.share_choice:
                decision.share_choice = SHARE_CHOICE

    @api.constrains("share_choice")
    def _check_share_choice(self):
        for decision in self:
            if decision.share_choice and decision.outcome != guidance.SHARE:
                raise ValidationError(
                    self.env._(
                        "%(decision)s: the route does not end in 'you can share', so "
                        "there is no choice to make. Answer the questions first.",
                        decision=decision.name,
                    )
                )

    def _relied_on_consent(self):
        """Whether this decision (one) shared on its consent: the consent covered it
        and either its lawful basis rests on consent, or, under a procedure whose
        consent question is itself the route to share (2018), it answered "yes". A
        decision that merely linked it shared on another ground."""
        self.ensure_one()
        if not self.has_consent:
            return False
        if self.lawful_basis_ids.filtered("consent_based"):
            return True
        return self._procedure().consent_opens_share and [guidance.CONSENT, True] in (
            self.route or []
        )

    def _shares(self):
        """Whether this decision (one) shares: the route allows it and the
        practitioner decided to."""
        return self.outcome == guidance.SHARE and self.share_choice == SHARE_CHOICE

    def _declines(self):
        """Whether this decision (one) does not share: its route has ended, in do not
        share, or in share and the practitioner decided not to."""
        return bool(self.outcome) and not self._shares()

    @api.depends("outcome", "share_choice")
    def _compute_shares(self):
        for decision in self:
            decision.shares = decision._shares()
            decision.declines = decision._declines()

    @api.depends("outcome", "share_choice")
    def _compute_sharing_result(self):
        for decision in self:
            if decision.outcome == guidance.DO_NOT_SHARE:
                decision.sharing_result = "could_not_share"
            elif decision.outcome == guidance.SHARE:
                decision.sharing_result = (
                    "chose_not_to_share"
                    if decision.share_choice == NOT_SHARE_CHOICE
                    else "share"
                )
            else:
                decision.sharing_result = False

    @api.depends("guidance_version", "guidance_pinned_until", "create_date")
    def _compute_guidance_note(self):
        Guidance = self.env["safeguarding.guidance"]
        labels = dict(self._fields["guidance_version"]._description_selection(self.env))
        today = fields.Date.context_today(self)
        for decision in self:
            started = fields.Date.context_today(
                decision, decision.create_date or fields.Datetime.now()
            )
            in_force = Guidance._in_force_on(started)
            version = labels.get(decision.guidance_version, "")
            pinned_until = decision.guidance_pinned_until
            if not decision._origin.id and Guidance._pinned_version(today):
                # Not saved yet: the pin it is being made under.
                pinned_until = Guidance._pin()[1]
            if pinned_until:
                decision.guidance_note = self.env._(
                    "This decision follows the %(version)s because the agency pinned "
                    "that advice for the decisions started until %(until)s; the advice "
                    "in force on the day this decision was opened is the "
                    "%(in_force)s.",
                    version=version,
                    until=format_date(self.env, pinned_until),
                    in_force=labels.get(in_force, ""),
                )
            elif decision.guidance_version != Guidance._in_force_on(today):
                decision.guidance_note = self.env._(
                    "This decision follows the %(version)s, in force when it was "
                    "started on %(started)s: it stays under it.",
                    version=version,
                    started=format_date(self.env, started),
                )
            else:
                decision.guidance_note = False

    @api.depends("guidance_version")
    def _compute_guidance_label(self):
        labels = dict(self._fields["guidance_version"]._description_selection(self.env))
        for decision in self:
            decision.guidance_label = labels.get(decision.guidance_version, "")

    @api.depends("route", "guidance_version")
    def _compute_questions(self):
        rules = {
            (rule.guidance_version, rule.sequence): rule
            for rule in self.env["safeguarding.golden.rule"].search(
                [("guidance_version", "in", list(set(self.mapped("guidance_version"))))]
            )
        }
        for decision in self:
            procedure = decision._procedure()
            headings = {q.key: self.env._(q.heading) for q in procedure.questions}
            asked = guidance.asked_questions(decision.route)
            # Numbered as the route asks them, so a question the route skips leaves
            # no gap; one it does not reach yet takes the next number.
            order = [question for question, _answer in decision.route or []]
            order += [q for q in headings if q not in order]
            for question in guidance.QUESTIONS:
                decision[f"ask_{question}"] = question in asked
                heading = headings.get(question, "")
                decision[f"{question}_heading"] = (
                    heading and f"{order.index(question) + 1}. {heading}"
                )
            for question in (*guidance.QUESTIONS, *guidance.RULE_SECTIONS):
                rule = rules.get((procedure.version, procedure.golden_rule(question)))
                decision[f"{question}_golden_rule"] = rule and rule._as_html()

    def _question_labels(self):
        """The short label of each question of this decision's (one) version."""
        return [(q.key, self.env._(q.label)) for q in self._procedure().questions]

    @api.depends("route", "outcome", "guidance_version")
    def _compute_route_summary(self):
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        answers = {True: self.env._("Yes"), False: self.env._("No")}
        unanswered = self.env._("not answered yet")
        for decision in self:
            questions = dict(decision._question_labels())
            lines = [
                f"{questions[question]} {answers.get(answer, unanswered)}"
                for question, answer in decision.route or []
            ]
            if decision.outcome:
                lines.append(
                    self.env._(
                        "Outcome: %(outcome)s", outcome=outcomes[decision.outcome]
                    )
                )
            decision.route_summary = "\n".join(lines)

    @api.depends("route", "outcome", "guidance_version")
    def _compute_flowchart_html(self):
        # The template is ours and renders only selection values, never user text.
        for decision in self:
            decision.flowchart_html = self.env["ir.qweb"]._render(
                decision._procedure().flowchart,
                {
                    "answers": dict(decision.route or []),
                    "asked": [question for question, _answer in decision.route or []],
                    "outcome": decision.outcome,
                },
            )

    # ------------------------------------------------------------
    # CONSENT
    # ------------------------------------------------------------
    # Whether the consent linked answers the consent question, and asking for one.

    @api.depends("case_id")
    def _compute_subject_ids(self):
        for decision in self:
            if not decision.subject_ids:
                decision.subject_ids = decision.case_id.child_id

    @api.depends("case_id.child_id", "case_id.person_ids.partner_id")
    def _compute_case_partner_ids(self):
        for decision in self:
            case = decision.case_id
            decision.case_partner_ids = case._people() if case else case.child_id

    @api.depends("refusal_ids", "no_consent_reason")
    def _compute_refusal_summary(self):
        for decision in self:
            decision.refusal_summary = "\n".join(decision.refusal_ids._refusal_labels())
            decision.overrides_refusal = decision._overrides_refusal()

    def _overrides_refusal(self):
        """Whether someone entitled to decide said no to this decision (one): a
        refusal or withdrawal on the case, or the one linked."""
        return bool(self.refusal_ids or self.no_consent_reason in REFUSAL_REASONS)

    @api.constrains("subject_ids", "case_id")
    def _check_subject_ids(self):
        for decision in self:
            case = decision.case_id
            others = decision.subject_ids - case._people()
            if others:
                raise ValidationError(
                    self.env._(
                        "%(decision)s shares information about %(people)s, who are "
                        "neither the child nor people on %(case)s: add them to the "
                        "case's people first.",
                        decision=decision.name,
                        people=", ".join(others.mapped("name")),
                        case=case.name,
                    )
                )

    @api.depends("has_consent", "consent_date_withdrawn")
    def _compute_relied_on_withdrawn_consent(self):
        for decision in self:
            decision.relied_on_withdrawn_consent = bool(
                decision.has_consent and decision.consent_date_withdrawn
            )

    @api.depends(
        "consent_id.state",
        "consent_id.kind",
        "consent_id.form",
        "consent_id.subject_id",
        "consent_id.relationship",
        "consent_id.parental_responsibility",
        "consent_id.child_competence",
        "consent_id.date_given",
        "consent_id.date_withdrawn",
        "consent_id.date_expiry",
        "consent_id.scope_purpose_ids",
        "consent_id.scope_recipient_ids",
        "consent_id.scope_organisation_type_ids",
        "case_id.consent_ids.state",
        "case_id.consent_ids.date_given",
        "case_id.consent_ids.date_refused",
        "case_id.consent_ids.date_withdrawn",
        "case_id.consent_ids.date_competence_assessed",
        "case_id.consent_ids.child_competence",
        "subject_ids",
        "purpose_id",
        "recipient_id",
        "recipient_ids.partner_id",
        "date_decided",
    )
    def _compute_has_consent(self):
        # A recorded decision keeps what held at its date (see _not_recorded).
        for decision in self._not_recorded():
            when = decision._decision_datetime()
            # Compared with the consents' by their stored ids, in the form too.
            case = decision.case_id._origin
            consents = case.consent_ids
            competent = consents._child_competent_on(when)
            subjects = (decision.subject_ids or case.child_id)._origin
            # The first recipient alone while the list is being written (creation).
            recipients = (
                decision.recipient_ids.partner_id or decision.recipient_id
            )._origin
            purpose = decision.purpose_id._origin
            refusals = consents._standing_refusals(
                subjects, purpose, recipients, when, competent
            )
            consent = decision.consent_id._origin
            decision.refusal_ids = refusals
            decision.consent_refusal = bool(consent) and (
                consent._says_no_on(when)
                or (refusals and refusals[0]._says_no_on(when))
            )
            decision.has_consent = bool(
                consent
                and not refusals
                and not decision.consent_refusal
                and subjects == consent.subject_id
                and recipients
                and all(
                    consent._covers(purpose, recipient, when, competent)
                    for recipient in recipients
                )
            )

    # Checked again once the recipients are written (_check_recipient_dependent).
    @api.constrains("consent_id", "case_id", "no_consent_reason")
    def _check_consent(self):
        reasons = dict(
            self._fields["no_consent_reason"]._description_selection(self.env)
        )
        for decision in self:
            consent = decision.consent_id
            if consent and consent.sudo().case_id != decision.case_id:
                # Refused by the link guard (the policy), which names nothing of it.
                continue
            reason = decision.no_consent_reason
            if decision.has_consent and reason:
                raise ValidationError(
                    self.env._(
                        "%(decision)s relies on the consent '%(consent)s', which "
                        "covers this share, and also says '%(reason)s': keep one. "
                        "Remove the reason, or unlink the consent.",
                        decision=decision.name,
                        consent=consent.display_name,
                        reason=reasons[reason],
                    )
                )
            refusal = decision.consent_refusal
            if refusal and reason and reason != refusal:
                raise ValidationError(
                    self.env._(
                        "%(decision)s links the consent '%(consent)s', which was "
                        "%(refusal)s: the reason there is no consent is "
                        "'%(expected)s', not '%(reason)s'.",
                        decision=decision.name,
                        consent=consent.display_name,
                        refusal=dict(
                            self._fields["consent_refusal"]._description_selection(
                                self.env
                            )
                        )[refusal].lower(),
                        expected=reasons[refusal],
                        reason=reasons[reason],
                    )
                )

    @api.onchange("consent_id", "purpose_id", "recipient_id")
    def _onchange_consent_id(self):
        # What the constraint requires, filled in for the practitioner.
        if self.has_consent:
            self.no_consent_reason = False
        elif self.consent_refusal:
            self.no_consent_reason = self.consent_refusal

    @api.depends("route", "consent_id", "no_consent_reason")
    def _compute_offer_consent_request(self):
        for decision in self:
            decision.offer_consent_request = bool(
                guidance.CONSENT in guidance.asked_questions(decision.route)
                and not decision.consent_id
                and decision.no_consent_reason not in URGENT_NO_CONSENT_REASONS
                and decision.state != STATE_RECORDED
            )

    def action_request_consent(self):
        """Open a consent request for this decision's case, purpose and recipient:
        saved, it is a consent in 'requested' until it is answered."""
        self.ensure_one()
        self.check_access("write")
        self.env["safeguarding.consent"].check_access("create")
        if not self.offer_consent_request:
            raise UserError(
                self.env._(
                    "%(decision)s does not need a consent request: a consent is "
                    "linked, or a reason says seeking it would harm or delay.",
                    decision=self.name,
                )
            )
        organisations = self.recipient_ids.organisation_id
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Request Consent"),
            "res_model": "safeguarding.consent",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_case_id": self.case_id.id,
                "default_kind": "confidentiality",
                "default_scope_information": self.how_much or self.purpose or False,
                "default_scope_purpose_ids": self.purpose_id.ids,
                "default_scope_recipient_ids": organisations.ids,
            },
        }

    # ------------------------------------------------------------
    # LAWFUL BASIS
    # ------------------------------------------------------------
    # The layers a share rests on, and the statutory basis of a request.

    @api.constrains("lawful_basis_ids", "no_lawful_reason", "consent_id")
    def _check_lawful_reason(self):
        for decision in self:
            consent_based = decision.lawful_basis_ids.filtered("consent_based")
            if consent_based and not decision.has_consent:
                raise ValidationError(
                    self.env._(
                        "%(bases)s rests on consent, and %(decision)s holds no consent "
                        "that covers this share, so it cannot be its lawful basis. "
                        "Link the consent in the Consent question, or choose a basis "
                        "such as public task or legal obligation.",
                        bases=", ".join(consent_based.mapped("display_name")),
                        decision=decision.name,
                    )
                )
            if decision.lawful_basis_ids and decision.no_lawful_reason:
                raise ValidationError(
                    self.env._(
                        "Either choose the lawful reasons to share without consent or "
                        "say that none was found, not both."
                    )
                )

    @api.onchange(
        "purpose_id",
        "trigger",
        "request_id",
        "statutory_basis",
        "consent_id",
        "no_consent_reason",
        "identifiable_answer",
        "risk_of_harm_answer",
    )
    def _onchange_offer_lawful_bases(self):
        # The usual layers for the purpose, or for the statutory request being
        # answered, offered once the route asks for them and while none is chosen;
        # the practitioner keeps or changes them.
        if (
            (self.ask_lawful_reason or self.outcome == guidance.SHARE)
            and not self.lawful_basis_ids
            and not self.no_lawful_reason
        ):
            self.lawful_basis_ids = self._default_lawful_bases()

    def _default_lawful_bases(self):
        """The lawful bases usually relied on for this decision's (one) request or
        kind of purpose (the domain brief's defaults), as reference data holds them."""
        self.ensure_one()
        codes = self.trigger == "request" and STATUTORY_REQUEST_DEFAULTS.get(
            self.statutory_basis
        )
        if codes:
            return self.env["safeguarding.lawful.basis"].search([("code", "in", codes)])
        return self.purpose_id.default_lawful_basis_ids

    @api.depends("lawful_basis_ids")
    def _compute_consent_basis_chosen(self):
        for decision in self:
            decision.consent_basis_chosen = any(
                basis.consent_based and basis.layer == "gdpr_art6"
                for basis in decision.lawful_basis_ids
            )

    @api.onchange("trigger", "requester_organisation_id", "requester_id")
    def _onchange_request(self):
        # What a request asks for would go to whoever asked: offered, changeable.
        if self.trigger != "request":
            return
        if not self.recipient_id:
            self.recipient_id = self.requester_id or self.requester_organisation_id

    # ------------------------------------------------------------
    # PRINCIPLES
    # ------------------------------------------------------------
    # The principles of how to share, listed, proposed and confirmed. A proposal (the
    # principle's usual justification, a template's, an earlier decision's) is made
    # only where the decision's own fields bear out what it states; nothing confirmed
    # is taken back behind the practitioner's back: the form says what no longer holds.

    def _add_missing_principles(self):
        lines = []
        for version, decisions in self.grouped("guidance_version").items():
            principles = self.env["safeguarding.principle"].search(
                [("guidance_version", "=", version)]
            )
            for decision in decisions:
                lines += [
                    {"decision_id": decision.id, "principle_id": principle.id}
                    for principle in principles - decision.principle_ids.principle_id
                ]
        self.env["safeguarding.decision.principle"].create(lines)

    @api.onchange("guidance_version")
    def _onchange_guidance_version_principles(self):
        # A new decision in the form lists its version's principles at once (the
        # first onchange runs this, guidance_version having a default); create()
        # still adds any missing for decisions made elsewhere.
        if self._origin or self.principle_ids or not self.guidance_version:
            return
        principles = self.env["safeguarding.principle"].search(
            [("guidance_version", "=", self.guidance_version)]
        )
        self.principle_ids = [
            Command.create({"principle_id": principle.id}) for principle in principles
        ]
        self._suggest_principles()

    @api.onchange(
        "channel_id",
        "insecure_channel_reason",
        "recipient_ids",
        "immediate_risk",
        "crime_suspected",
        "emergency",
    )
    def _onchange_suggest_principles(self):
        self._suggest_principles()

    def _urgent(self):
        """Whether this decision (one) says it cannot wait: a child at risk of harm
        (the answer, or the reason consent was not sought) or at immediate risk, a
        suspected crime, or an emergency."""
        return bool(
            self.immediate_risk
            or self.crime_suspected
            or self.emergency
            or self.risk_of_harm_answer == "yes"
            or self.no_consent_reason == "risk_to_child"
        )

    def _principle_fact(self, principle):
        """(holds, why not) of the fact the usual justification of ``principle``
        states about this decision (one); a principle whose justification states
        nothing the decision's fields could contradict always holds."""
        fact = PRINCIPLE_FACTS.get(principle.code)
        why_not = False
        if fact == "secure_channel":
            channels = [channel for channel, _reason in self._recipient_channels()]
            insecure = [channel.name for channel in channels if not channel.secure]
            if not all(channels):
                why_not = self.env._("the channel is not chosen yet")
            elif insecure:
                why_not = self.env._(
                    "%(channel)s is not a secure channel", channel=", ".join(insecure)
                )
        elif fact == "urgency" and not self._urgent():
            why_not = self.env._(
                "nothing on this decision says a child is at risk of harm, a crime "
                "is suspected or it is an emergency"
            )
        elif fact == "items_marked" and not self.disclosure_ids:
            # Each line is marked fact or opinion (a required field).
            why_not = self.env._("nothing is listed under What Was Shared yet")
        return not why_not, why_not

    def _own_words(self, principle):
        """A justification of ``principle`` in the practitioner's own words on this
        decision (one), for when its usual one does not hold; False if they wrote
        none: the reason for a channel that is not secure."""
        if PRINCIPLE_FACTS.get(principle.code) != "secure_channel":
            return False
        channels = self._recipient_channels()
        insecure = [
            (channel, (reason or "").strip())
            for channel, reason in channels
            if channel and not channel.secure
        ]
        if not insecure or not all(channel for channel, _r in channels):
            return False
        if not all(reason for _channel, reason in insecure):
            return False
        return "\n".join(
            self.env._(
                "%(channel)s, not a secure channel: %(reason)s",
                channel=channel.name,
                reason=reason,
            )
            for channel, reason in insecure
        )

    def _recipient_channels(self):
        """[(channel, reason for a channel that is not secure)] of each recipient of
        this decision (one), whose channels the Secure principle speaks of: the
        decision's own fields for the first, then each other one listed."""
        first = self._first_recipient()
        others = (self.recipient_ids - first).filtered("partner_id")
        return [(self.channel_id, self.insecure_channel_reason)] + [
            (row.channel_id, row.insecure_channel_reason) for row in others
        ]

    def _proposal(self, principle, usual=None):
        """The justification to propose for ``principle`` on this decision (one):
        ``usual`` (a template's or an earlier decision's) or the principle's usual
        one where the decision bears it out, else the practitioner's own words, else
        the principle's justification for when it does not hold; False if none."""
        if self._principle_fact(principle)[0]:
            return (usual or principle.justification_template or "").strip() or False
        own = self._own_words(principle)
        return own or (principle.justification_otherwise or "").strip() or False

    def _stated_justifications(self):
        """{principle code: normalised texts} that state a fact of the decision:
        the usual justifications of its principles and the decision templates'."""
        principles = self.principle_ids.principle_id.filtered(
            lambda principle: principle.code in PRINCIPLE_FACTS
        )
        # sudo: archived templates too; only their text is compared, never shown.
        template_model = self.env["safeguarding.decision.template"]
        fields_stated = [
            f"justification_{principle.code}"
            for principle in principles
            if f"justification_{principle.code}" in template_model._fields
        ]
        templates = template_model.sudo().browse()
        if fields_stated:
            templates = templates.with_context(active_test=False).search(
                expression.OR([[(field, "!=", False)] for field in fields_stated])
            )
        stated = {}
        for principle in principles:
            field = f"justification_{principle.code}"
            texts = stated.setdefault(principle.code, set())
            texts.add(_normalise(principle.justification_template))
            if field in templates._fields:
                texts.update(_normalise(text) for text in templates.mapped(field))
        return {code: texts - {""} for code, texts in stated.items()}

    def _principle_contradictions(self):
        """{principle line: why} of this decision's (one) confirmed principles whose
        justification states what the decision's own fields contradict ('shared by
        a secure channel' on a phone share, say)."""
        self.ensure_one()
        stated = self._stated_justifications()
        contradictions = {}
        for line in self.principle_ids:
            code = line.principle_id.code
            written = _normalise(line.justification)
            if not line.confirmed or not written or code not in stated:
                continue
            holds, why_not = self._principle_fact(line.principle_id)
            if not holds and any(text in written for text in stated[code]):
                contradictions[line] = why_not
        return contradictions

    def _suggest_principles(self):
        """Confirm each principle still unconfirmed that the channel or the urgency
        boxes bear out (a secure channel, Secure; a child at immediate risk, a
        suspected crime or an emergency, Timely), with the text already on it or its
        usual justification, and Secure on a channel that is not secure with the
        practitioner's reason for it. It only adds: what is confirmed stays as it
        is, and what no longer holds is named on the form."""
        urgent = self.immediate_risk or self.crime_suspected or self.emergency
        for line in self.principle_ids.filtered(lambda line: not line.confirmed):
            fact = PRINCIPLE_FACTS.get(line.principle_id.code)
            if (
                fact == "secure_channel"
                and self._principle_fact(line.principle_id)[0]
                or (fact == "urgency" and urgent)
            ):
                proposal = self._proposal(line.principle_id, usual=line.justification)
            elif fact == "secure_channel" and not line.justification:
                proposal = self._own_words(line.principle_id)
            else:
                continue
            if proposal:
                line.confirmed = True
                line.justification = proposal

    def _fill_justifications(self, justifications):
        """Give each principle still without a justification the one
        ``justifications`` (by code) holds, where the decision bears it out."""
        for line in self.principle_ids:
            code = line.principle_id.code
            if (
                code in justifications
                and not (line.justification or "").strip()
                and self._principle_fact(line.principle_id)[0]
            ):
                line.justification = justifications[code]

    def action_confirm_all_principles(self):
        """Confirm every principle of these draft decisions with what it can stand
        on: the practitioner's own justification, else a proposal the decision bears
        out. A justification the decision contradicts is replaced by what fits, when
        it is the proposal itself; what nothing fits stays unconfirmed, and the form
        says why."""
        self.check_access("write")
        for decision in self:
            if decision.state != "draft":
                raise UserError(
                    self.env._(
                        "%(decision)s is recorded: its principles cannot change.",
                        decision=decision.name,
                    )
                )
            stated = decision._stated_justifications()
            for line in decision.principle_ids:
                principle = line.principle_id
                written = _normalise(line.justification)
                texts = stated.get(principle.code, set())
                contradicted = (
                    written
                    and not decision._principle_fact(principle)[0]
                    and any(text in written for text in texts)
                )
                if written and not contradicted:
                    if not line.confirmed:
                        line.confirmed = True
                    continue
                if contradicted and written not in texts:
                    # Their own words around a proposal that no longer holds: theirs
                    # to change, as the form says.
                    continue
                proposal = decision._proposal(principle)
                if proposal:
                    line.write({"confirmed": True, "justification": proposal})
        return True

    @api.depends(
        "principle_ids.confirmed",
        "principle_ids.justification",
        "disclosure_ids",
        "state",
        *PRINCIPLE_FACT_FIELDS,
    )
    def _compute_principles_note(self):
        # Said at once, beside the principles: a justification the decision's
        # fields now contradict, and a principle nothing fitting is proposed for.
        for decision in self:
            notes = []
            if decision.state == "draft" and decision.principle_ids:
                notes = [
                    self.env._(
                        "%(principle)s: its justification no longer holds: "
                        "%(why)s. Write your own, or Confirm All proposes what fits.",
                        principle=line.principle_id.name,
                        why=why,
                    )
                    for line, why in decision._principle_contradictions().items()
                ]
                notes += [
                    self.env._(
                        "%(principle)s is not proposed: %(why)s. %(what_to_do)s",
                        principle=line.principle_id.name,
                        why=decision._principle_fact(line.principle_id)[1],
                        what_to_do=decision._principle_hint(line.principle_id),
                    )
                    for line in decision.principle_ids
                    if not line.confirmed
                    and not decision._proposal(line.principle_id)
                    and not decision._principle_fact(line.principle_id)[0]
                ]
            decision.principles_note = (
                Markup('<ul class="mb-0 ps-3">%s</ul>')
                % Markup().join(Markup("<li>%s</li>") % note for note in notes)
                if notes
                else False
            )

    def _principle_hint(self, principle):
        """What the practitioner can do for ``principle`` when nothing is proposed."""
        if PRINCIPLE_FACTS.get(principle.code) == "secure_channel":
            return self.env._(
                "Choose the channel: a secure one brings the usual justification; for "
                "one that is not secure, your reason for using it is proposed."
            )
        return self.env._("Confirm it with your own justification.")

    # ------------------------------------------------------------
    # REQUIREMENTS
    # ------------------------------------------------------------
    # What submitting and recording refuse without: the live "Still missing" list.

    def _missing_items(self):
        """Everything the outcome needs that this decision (one) does not record yet."""
        self.ensure_one()
        missing = self._missing_for_request()
        missing += self._missing_advice()
        if not self.outcome:
            labels = dict(self._question_labels())
            missing += [
                MissingItem(
                    QUESTION_FIELDS[question],
                    self.env._(
                        "an answer to '%(question)s'", question=labels[question]
                    ),
                )
                for question, answer in self.route or []
                if answer is None
            ]
            return missing
        if self.legitimate_purpose and not (self.purpose or "").strip():
            missing.append(
                MissingItem("purpose", self.env._("the purpose for sharing"))
            )
        consent_asked = any(q == guidance.CONSENT for q, _answer in self.route or [])
        if consent_asked and not self.has_consent and not self.no_consent_reason:
            missing.append(
                MissingItem("no_consent_reason", self.env._("why there is no consent"))
            )
        missing += self._missing_for_consent()
        when = fields.Datetime.context_timestamp(self, self._decision_datetime()).date()
        missing += [
            MissingItem(
                "lawful_basis_ids",
                self.env._(
                    "a lawful basis in force today: %(basis)s is not",
                    basis=basis.display_name,
                ),
            )
            for basis in self.lawful_basis_ids
            if not basis._is_valid_on(when)
        ]
        if not (self.reason or "").strip():
            missing.append(
                MissingItem("reason", self.env._("the reason for the decision"))
            )
        # The police may not have issued a reference yet: it is added afterwards.
        if (self.immediate_risk or self.crime_suspected) and not (
            self.police_notified
            and self.date_police_notified
            and self.police_notified_by_id
        ):
            missing.append(
                MissingItem(
                    "police_notified",
                    self.env._(
                        "the police notification (when and by whom): a child at "
                        "immediate risk or a suspected crime is reported to the "
                        "police at once"
                    ),
                )
            )
        # Immediate risk is itself why it cannot wait; a suspected crime is not.
        if (
            self.emergency
            and not self.immediate_risk
            and not (self.emergency_reason or "").strip()
        ):
            missing.append(
                MissingItem(
                    "emergency_reason",
                    self.env._("why the decision cannot wait for sign-off"),
                )
            )
        if self._shares():
            missing += self._missing_for_share()
        else:
            if self.outcome == guidance.SHARE:
                missing += self._missing_for_declined_share()
            missing += self._missing_for_no_share()
        return missing

    # What each requirement asks for, read by _missing_items' helpers and by the
    # form's show_* booleans alike.

    def _asks_discussion(self):
        """A request declined, in whole or in part, says whether it was discussed
        with the requester."""
        return self.trigger == "request" and (
            self._declines() or (self._shares() and self.request_extent == "part")
        )

    def _asks_date_discussed(self):
        return self._asks_discussion() and self.discussed_with_requester == "yes"

    def _asks_insecure_channel_reason(self):
        return bool(self.channel_id) and not self.channel_id.secure

    def _asks_not_informed_reason(self):
        return self.individual_informed == "not_informed"

    def _lists_disclosures(self):
        """A share lists what was shared; a decision that does not share lists
        nothing, and must remove any line it holds."""
        return self._shares() or bool(self.disclosure_ids)

    def _asks_for_advice(self):
        """Marked unsure (golden rule 4): advice is asked, and answered before the
        decision goes on."""
        return self.unsure and not self._is_locked()

    @api.depends(
        "outcome",
        "share_choice",
        "trigger",
        "request_extent",
        "discussed_with_requester",
        "channel_id.secure",
        "individual_informed",
        "disclosure_ids",
        "unsure",
        "state",
        "signoff_state",
        "signoff_ids",
        "supersedes_id",
        "superseded_by_ids",
        "telling_ids",
        "engagement_answer",
        "asks_engagement",
        "principle_ids.confirmed",
        "recipient_id",
        "sharing_agreement_id",
        "refusal_ids",
        "guidance_version",
    )
    def _compute_show_requirements(self):
        for decision in self:
            decision.show_discussion = decision._asks_discussion()
            decision.show_date_discussed = decision._asks_date_discussed()
            decision.show_insecure_channel_reason = (
                decision._asks_insecure_channel_reason()
            )
            decision.show_not_informed_reason = decision._asks_not_informed_reason()
            decision.show_disclosures = decision._lists_disclosures()
            decision.show_advice_prompt = decision._asks_for_advice()
            # Telling is recorded on a saved decision, unless nobody is to be told.
            decision.can_record_telling = bool(
                decision._origin.id and not decision._asks_not_informed_reason()
            )
            decision.show_share_choice = decision.outcome == guidance.SHARE
            decision.show_declined_principle = bool(
                decision.show_share_choice and decision.share_choice == NOT_SHARE_CHOICE
            )
            decision.show_tellings = bool(decision.telling_ids)
            decision.show_signoff_history = bool(decision.signoff_ids)
            decision.show_corrections = bool(
                decision.supersedes_id or decision.superseded_by_ids
            )
            decision.show_engagement_details = decision.engagement_answer == "engaged"
            decision.show_not_engaged_reason = bool(
                decision.asks_engagement and decision.engagement_answer != "engaged"
            )
            decision.show_not_engaged_note = decision.engagement_answer == "not_engaged"
            decision.show_how_rule = not all(decision.principle_ids.mapped("confirmed"))
            decision.show_telling_rule = bool(
                decision.show_telling_golden_rule and not decision.individual_informed
            )
            decision.show_engagement_rule = bool(
                decision.asks_engagement and not decision.engagement_answer
            )
            decision.show_controller_relationship = bool(
                decision.recipient_id and not decision.sharing_agreement_id
            )
            decision.show_refusals = bool(decision.refusal_ids)
            decision.show_telling_golden_rule = bool(
                decision.guidance_version
                and decision._procedure().golden_rule(guidance.TELL)
            )

    def _missing_for_request(self):
        """What the request this decision (one) answers must say (the request's own
        list, by the decision's fields that show it), and, for a share, whether it
        gives all that was asked."""
        if self.trigger != "request":
            return []
        request = self.request_id
        if not request:
            if self._origin.id:
                return [MissingItem("request_id", self.env._("the request it answers"))]
            # A new draft: its request is recorded with it, from its own fields.
            request = self.env["safeguarding.request"].new(
                {theirs: self[mine] for mine, theirs in REQUEST_FIELDS.items()}
            )
        on_decision = {request: mine for mine, request in REQUEST_FIELDS.items()}
        missing = [
            MissingItem(on_decision.get(field, "request_id"), text)
            for field, text in request._missing_facts()
        ]
        if self._shares():
            if not self.request_extent:
                missing.append(
                    MissingItem(
                        "request_extent",
                        self.env._("whether it shares all that was asked, or part"),
                    )
                )
            elif self.request_extent == "part":
                missing += self._missing_discussed()
        return missing

    def _missing_discussed(self):
        """Declining a request (one decision), in whole or part: whether, and when,
        it was discussed with the requester."""
        if not self._asks_discussion():
            return []
        if not self.discussed_with_requester:
            return [
                MissingItem(
                    "discussed_with_requester",
                    self.env._("whether the decision was discussed with the requester"),
                )
            ]
        if self._asks_date_discussed() and not self.date_discussed:
            return [
                MissingItem(
                    "date_discussed",
                    self.env._("when the decision was discussed with the requester"),
                )
            ]
        return []

    def _missing_advice(self):
        """Seek advice promptly (golden rule 4): a decision (one) marked unsure
        waits for the answer to advice asked on it; an emergency, which cannot
        wait, for the advice to be asked only."""
        if self.unsure and self.emergency and not self.advice_ids:
            return [
                MissingItem(
                    "advice_ids",
                    self.env._(
                        "advice asked on this decision: it is marked 'I am unsure' "
                        "(an emergency is recorded without waiting for the answer)"
                    ),
                )
            ]
        if (
            self.unsure
            and not self.emergency
            and "answered" not in self.advice_ids.mapped("state")
        ):
            return [
                MissingItem(
                    "advice_ids",
                    self.env._(
                        "an answer to advice asked on this decision: it is marked 'I "
                        "am unsure' (ask for advice, and record its answer)"
                    ),
                )
            ]
        return []

    def action_ask_for_advice(self):
        """Open a new advice request on this decision (one) and its case."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Ask for Advice"),
            "res_model": "safeguarding.advice",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_case_id": self.case_id.id,
                "default_decision_id": self.id,
            },
        }

    def _missing_for_consent(self):
        """What the consent answer needs once consent or its refusal changed after
        the decision was last written (the constraint checks each write)."""
        missing = []
        reasons = dict(
            self._fields["no_consent_reason"]._description_selection(self.env)
        )
        if self.has_consent and self.no_consent_reason:
            missing.append(
                MissingItem(
                    "no_consent_reason",
                    self.env._(
                        "one consent answer: the consent '%(consent)s' covers this "
                        "share, so remove the reason '%(reason)s'",
                        consent=self.consent_id.display_name,
                        reason=reasons[self.no_consent_reason],
                    ),
                )
            )
        if (
            self.consent_refusal
            and self.no_consent_reason
            and self.no_consent_reason != self.consent_refusal
        ):
            missing.append(
                MissingItem(
                    "no_consent_reason",
                    self.env._(
                        "the reason '%(reason)s' for the consent '%(consent)s'",
                        reason=reasons[self.consent_refusal],
                        consent=self.consent_id.display_name,
                    ),
                )
            )
        if (
            self._shares()
            and self._overrides_refusal()
            and not (self.consent_override_reason or "").strip()
        ):
            missing.append(
                MissingItem(
                    "consent_override_reason",
                    self.env._(
                        "why sharing overrides the refusal or withdrawal of consent "
                        "%(who)s(golden rule 4: where possible, respect the wishes of "
                        "those who do not consent)",
                        who=self.refusal_ids
                        and self.env._(
                            "by %(people)s ",
                            people=", ".join(self.refusal_ids._refusal_labels()),
                        )
                        or "",
                    ),
                )
            )
        return missing

    def _missing_for_share(self):
        missing = self._missing_lawful_layers()
        # The checks only this decision's version of the advice makes on a share.
        for check in self._procedure().share_checks.values():
            missing += check(self)
        if not self.recipient_ids:
            missing.append(
                MissingItem(
                    "recipient_id", self.env._("who the information is shared with")
                )
            )
        for recipient in self.recipient_ids:
            missing += recipient._missing_items(MissingItem)
        for line in self.principle_ids:
            if not line.confirmed or not (line.justification or "").strip():
                missing.append(
                    MissingItem(
                        "principle_ids",
                        self.env._(
                            "the principle '%(principle)s', confirmed with a "
                            "justification",
                            principle=line.principle_id.name,
                        ),
                    )
                )
        missing += [
            MissingItem(
                "principle_ids",
                self.env._(
                    "a justification of '%(principle)s' that the decision does not "
                    "contradict: %(why)s",
                    principle=line.principle_id.name,
                    why=why,
                ),
            )
            for line, why in self._principle_contradictions().items()
        ]
        if not self.individual_informed:
            missing.append(
                MissingItem(
                    "individual_informed",
                    self.env._("whether the individual was or will be informed"),
                )
            )
        elif self.individual_informed == "informed" and not self.telling_ids.filtered(
            "told"
        ):
            missing.append(
                MissingItem(
                    "individual_informed",
                    self.env._(
                        "the telling that informed the individual (who, how, when, "
                        "what): record it with 'Record Telling', or answer 'Will be "
                        "informed'"
                    ),
                )
            )
        elif self._asks_not_informed_reason() and (
            not self.not_informed_reason
            or (
                self.not_informed_reason == "other"
                and not (self.not_informed_note or "").strip()
            )
        ):
            missing.append(
                MissingItem(
                    "not_informed_reason",
                    self.env._("why the individual will not be informed"),
                )
            )
        return missing

    def _law_enforcement_processing(self):
        """Whether this decision (one) shares under DPA 2018 Part 3: its sender (the
        company) is a competent authority and it shares for a law-enforcement
        purpose. The regime is the sender's, never the recipient's."""
        sender = self.company_id.partner_id.commercial_partner_id
        return bool(
            sender.safeguarding_organisation_type_id.competent_authority
            and self.purpose_id.law_enforcement
        )

    def _missing_lawful_layers(self):
        """The layers of lawful basis this share (one decision, either version) does
        not record yet, each named, by the sender's regime: Art 6 always; under the
        UK GDPR, for special category data an Art 9 condition with a Schedule 1
        condition from its pairing, for criminal offence data Art 10 with a
        Schedule 1 condition; for a competent authority sharing for a
        law-enforcement purpose (DPA 2018 Part 3), a Schedule 8 condition for
        sensitive data, and Schedule 8 nowhere else; for confidential information
        the common-law ground."""
        missing = self._missing_consent_layers()
        if "gdpr_art6" not in self.lawful_basis_ids.mapped("layer"):
            missing.append(
                MissingItem(
                    "lawful_basis_ids",
                    self.env._(
                        "a lawful basis under UK GDPR Article 6, the first layer of "
                        "every share"
                    ),
                )
            )
        missing += self._missing_sensitive_layers()
        missing += self._missing_criminal_layers()
        missing += self._missing_confidential_layer()
        return missing

    def _missing_consent_layers(self):
        """The bases resting on consent (one decision): each on a consent that
        covers the share, of the kind it rests on; a condition for sharing without
        consent never on one."""
        bases = self.lawful_basis_ids
        missing = []
        if not self.has_consent:
            missing += [
                MissingItem(
                    "lawful_basis_ids",
                    self.env._(
                        "a lawful basis that does not rest on consent: %(basis)s "
                        "needs a consent that covers this share",
                        basis=basis.display_name,
                    ),
                )
                for basis in bases.filtered("consent_based")
            ]
            return missing
        kind = self.consent_id.kind
        kinds = dict(self.consent_id._fields["kind"]._description_selection(self.env))
        missing += [
            MissingItem(
                "lawful_basis_ids",
                self.env._(
                    "a lawful basis the consent answers: %(basis)s rests on a consent "
                    "of the kind '%(needed)s', and the consent linked is of the kind "
                    "'%(kind)s'",
                    basis=basis.display_name,
                    needed=kinds[basis.consent_kind],
                    kind=kinds[kind],
                ),
            )
            for basis in bases.filtered(
                lambda b: b.consent_kind and b.consent_kind != kind
            )
        ]
        missing += [
            MissingItem(
                "lawful_basis_ids",
                self.env._(
                    "no %(basis)s: it applies only to sharing without consent, and "
                    "this share rests on the consent '%(consent)s'",
                    basis=basis.display_name,
                    consent=self.consent_id.display_name,
                ),
            )
            for basis in bases.filtered("without_consent_only")
        ]
        return missing

    def _missing_sensitive_layers(self):
        """Special category data (one decision): an Article 9 condition with its
        Schedule 1 condition under the UK GDPR, a Schedule 8 condition under DPA
        2018 Part 3; Schedule 8 nowhere else, and no Schedule 1 condition that
        completes none of the entries chosen."""
        bases = self.lawful_basis_ids
        layers = set(bases.mapped("layer"))
        part_3 = self._law_enforcement_processing()
        sender = self.company_id.partner_id.commercial_partner_id.name
        missing = []

        def item(text, field="lawful_basis_ids"):
            missing.append(MissingItem(field, text))

        if not self.special_category_answer:
            item(
                self.env._(
                    "an answer to 'Does the information include special category data?'"
                ),
                "special_category_answer",
            )
        elif self.special_category_answer == "yes" and part_3:
            if "dpa_sch8" not in layers:
                item(
                    self.env._(
                        "a DPA 2018 Schedule 8 condition: %(sender)s is a competent "
                        "authority sharing for a law-enforcement purpose, its "
                        "sensitive processing under DPA 2018 Part 3",
                        sender=sender,
                    )
                )
        elif self.special_category_answer == "yes":
            if "gdpr_art9" not in layers:
                item(
                    self.env._(
                        "a condition under UK GDPR Article 9 for the special category "
                        "data"
                    )
                )
            missing += self._missing_pairings(
                bases.filtered(lambda b: b.layer == "gdpr_art9")
            )
        if "dpa_sch8" in layers and not (
            part_3 and self.special_category_answer == "yes"
        ):
            item(
                self.env._(
                    "no %(layer)s condition: it governs a competent authority's own "
                    "sensitive processing for a law-enforcement purpose (DPA 2018 "
                    "Part 3); %(sender)s shares under the UK GDPR, with Article 9 and "
                    "a Schedule 1 condition",
                    layer=dict(bases._fields["layer"]._description_selection(self.env))[
                        "dpa_sch8"
                    ],
                    sender=sender,
                )
            )
        entries = bases.filtered(lambda b: b.layer in ("gdpr_art9", "gdpr_art10"))
        paired = entries.paired_condition_ids
        # Only against a pairing table: an entry without one pairs with any.
        if paired:
            for condition in bases.filtered(lambda b: b.layer == "dpa_sch1") - paired:
                item(
                    self.env._(
                        "no %(condition)s: it completes none of the Article 9 or "
                        "Article 10 entries chosen",
                        condition=condition.display_name,
                    )
                )
        return missing

    def _missing_criminal_layers(self):
        """Criminal offence data, allegations included (one decision): answered
        truly, and under the UK GDPR shared on Article 10 with a Schedule 1
        condition."""
        answer = self.criminal_offence_answer
        if not answer:
            text = self.env._(
                "an answer to 'Does the information include criminal offence data?'"
            )
        elif answer == "no" and self.crime_suspected:
            text = self.env._(
                "a true answer to 'Does the information include criminal offence "
                "data?': a crime is suspected, and the suspicion shared is criminal "
                "offence data (allegations included)"
            )
        elif answer == "yes" and not self._law_enforcement_processing():
            entries = self.lawful_basis_ids.filtered(lambda b: b.layer == "gdpr_art10")
            if entries:
                return self._missing_pairings(entries)
            return [
                MissingItem(
                    "lawful_basis_ids",
                    self.env._(
                        "UK GDPR Article 10 for the criminal offence data, with its "
                        "DPA 2018 Schedule 1 condition"
                    ),
                )
            ]
        else:
            return []
        return [MissingItem("criminal_offence_answer", text)]

    def _missing_confidential_layer(self):
        """Information given in confidence (one decision): its common-law ground."""
        if not self.confidential_answer:
            return [
                MissingItem(
                    "confidential_answer",
                    self.env._(
                        "an answer to 'Was the information given in confidence?'"
                    ),
                )
            ]
        if self.confidential_answer == "yes" and "common_law" not in (
            self.lawful_basis_ids.mapped("layer")
        ):
            return [
                MissingItem(
                    "lawful_basis_ids",
                    self.env._(
                        "the common-law ground for sharing information given in "
                        "confidence: consent, a legal requirement or court order, or "
                        "an overriding public interest"
                    ),
                )
            ]
        return []

    def _missing_pairings(self, entries):
        """For each Article 9 or Article 10 entry (``entries``) that needs one, a
        missing item when none of the Schedule 1 conditions it pairs with is chosen."""
        chosen = self.lawful_basis_ids.filtered(lambda b: b.layer == "dpa_sch1")
        missing = []
        for entry in entries:
            needs = entry.requires_schedule_1 or entry.layer == "gdpr_art10"
            pairs = entry.paired_condition_ids
            if not needs or (chosen & pairs if pairs else chosen):
                continue
            if pairs:
                text = self.env._(
                    "a DPA 2018 Schedule 1 condition that completes %(basis)s: "
                    "%(conditions)s",
                    basis=entry.display_name,
                    conditions=", ".join(pairs.mapped("display_name")),
                )
            else:
                text = self.env._(
                    "a DPA 2018 Schedule 1 condition, which %(basis)s needs",
                    basis=entry.display_name,
                )
            missing.append(MissingItem("lawful_basis_ids", text))
        return missing

    @api.onchange("not_engaged_reason")
    def _onchange_not_engaged_reason(self):
        # Why they were not engaged, picked, is the practitioner's answer "No".
        if self.not_engaged_reason:
            self.engagement_answer = "not_engaged"

    @api.onchange("engagement_answer")
    def _onchange_engagement_answer(self):
        # Engaged: no reason why not stays on the decision.
        if self.engagement_answer == "engaged":
            self.not_engaged_reason = False
            self.not_engaged_note = False

    @api.depends("guidance_version", "risk_of_harm_answer")
    def _compute_asks_engagement(self):
        for decision in self:
            decision.asks_engagement = bool(
                decision.guidance_version
                and "engagement" in decision._procedure().share_checks
                and decision.risk_of_harm_answer == "yes"
            )

    @api.constrains("engaged_person_ids", "case_id")
    def _check_engagement(self):
        # When: a date of an event, never in the future (models/plausible_dates.py).
        for decision in self:
            case = decision.case_id
            strangers = decision.engaged_person_ids - case._people()
            if strangers:
                raise ValidationError(
                    self.env._(
                        "%(decision)s: only the child and the people on %(case)s are "
                        "engaged as the child or carers, not %(people)s.",
                        decision=decision.name,
                        case=case.name,
                        people=", ".join(strangers.mapped("name")),
                    )
                )

    def _missing_for_declined_share(self):
        missing = []
        if not self.share_choice:
            missing.append(
                MissingItem(
                    "share_choice",
                    self.env._(
                        "your decision: the route says you can share; choose to share "
                        "or not to share"
                    ),
                )
            )
        elif not self.declined_principle_id or not (self.declined_reason or "").strip():
            missing.append(
                MissingItem(
                    "declined_principle_id",
                    self.env._(
                        "the principle a share would not meet, and why: you can share "
                        "but decided not to"
                    ),
                )
            )
        return missing

    def _missing_for_no_share(self):
        missing = []
        if self.disclosure_ids:
            missing.append(
                MissingItem(
                    "disclosure_ids",
                    self.env._("no disclosure: remove what was listed as shared"),
                )
            )
        missing += self._missing_discussed()
        return missing

    def _raise_if_missing(self, submitting=False):
        missing = self._missing_items()
        if missing:
            items = "\n".join("- " + item for item in missing)
            if submitting:
                raise ValidationError(
                    self.env._(
                        "%(decision)s cannot be submitted yet. Missing:\n%(items)s",
                        decision=self.name,
                        items=items,
                    )
                )
            raise ValidationError(
                self.env._(
                    "%(decision)s cannot be recorded yet. Missing:\n%(items)s",
                    decision=self.name,
                    items=items,
                )
            )

    def _missing_items_depends(self):
        """Every field the missing items may read: the decision's own stored
        fields (whatever is added to them later) and the principle lines. Its lines
        of other kinds are left out: what was shared matters only once the route
        says do not share, a change of its own fields, and a line added to a
        recorded share must not cost its decision a query."""
        skip = set(models.MAGIC_COLUMNS) | {"integrity_hash"}
        names = [
            name
            for name, field in self._fields.items()
            if field.store
            and field.type != "one2many"
            and name not in skip
            and not name.startswith(("message_", "activity_", "website_message"))
        ]
        return [
            *names,
            "principle_ids.confirmed",
            "principle_ids.justification",
            *(f"recipient_ids.{name}" for name in FIRST_RECIPIENT_FIELDS.values()),
            "advice_ids.state",
            "telling_ids.told",
        ]

    @api.depends(lambda self: self._missing_items_depends())
    def _compute_missing_items_html(self):
        for decision in self:
            if decision.state != "draft":
                decision.missing_items_html = False
                continue
            missing = decision._missing_items()
            if not missing:
                decision.missing_items_html = Markup(
                    '<p class="text-success mb-0">%s</p>'
                ) % self.env._("Nothing is missing: the decision can be submitted.")
                continue
            # Each item names its field: the form's widget jumps to it on a click.
            decision.missing_items_html = Markup(
                '<ul class="mb-0 ps-3">%s</ul>'
            ) % Markup().join(
                Markup(
                    '<li><a href="#" class="o_safeguarding_missing_item" '
                    'data-field="%s">%s</a></li>'
                )
                % (item.field, item)
                for item in missing
            )

    # ------------------------------------------------------------
    # SIGN-OFF
    # ------------------------------------------------------------
    # A safeguarding lead signs the decision off or returns it; an emergency is signed
    # off after it is recorded.

    @api.depends("immediate_risk")
    def _compute_emergency(self):
        # A child at immediate risk offers the emergency route at once (the
        # practitioner may still untick it), and unticking the risk takes back the
        # offer unless they said why it cannot wait. A suspected crime alone, a
        # historic one say, does not make it urgent.
        for decision in self._not_recorded():
            if decision.immediate_risk:
                decision.emergency = True
            elif not (decision.emergency_reason or "").strip():
                decision.emergency = False

    @api.depends("signoff_due", "signoff_state")
    def _compute_signoff_overdue(self):
        # Only a sign-off still awaited is overdue: an approved or returned one is
        # answered.
        now = fields.Datetime.now()
        for decision in self:
            decision.signoff_overdue = bool(
                decision.signoff_due
                and decision.signoff_due < now
                and decision.signoff_state == "submitted"
            )

    def _search_signoff_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue sign-offs with = or != only."))
        overdue = [
            ("signoff_due", "<", fields.Datetime.now()),
            ("signoff_state", "=", "submitted"),
        ]
        if (operator == "=") == value:
            return overdue
        return ["!", "&", *overdue]

    @api.depends(*SIGNOFF_REASONS_DEPEND_ON)
    def _compute_signoff_always_required(self):
        for decision in self:
            decision.signoff_always_required = bool(decision._signoff_reasons())

    def _signoff_reasons(self):
        """Why this decision (one) needs a lead's sign-off even as an emergency."""
        self.ensure_one()
        reasons = []
        if (
            self.trigger == "request"
            and self.statutory_basis == "s16h"
            and self._declines()
        ):
            reasons.append(
                self.env._(
                    "declining a request of the safeguarding partners under Children "
                    "Act 2004 s16H"
                )
            )
        others = self.recipient_ids.filtered(
            lambda row: (
                row.partner_id
                and row.organisation_type_id.code not in CONTACT_DETAILS_RECIPIENT_TYPES
            )
        )
        if (
            self._shares()
            and self.identity_contact_details
            and self.identity_exposed_ids
            and others
        ):
            reasons.append(
                self.env._(
                    "sharing the address or contact details of %(people)s, whose "
                    "identity is protected, with %(recipient)s, which is neither the "
                    "police nor children's social care",
                    people=", ".join(
                        self.identity_exposed_ids.partner_id.mapped("name")
                    ),
                    recipient=", ".join(others.organisation_id.mapped("name")),
                )
            )
        return reasons

    def _submit_refusal(self):
        """Why this decision (one) cannot be submitted for sign-off, what it still
        needs apart (the Still missing list names that), or False."""
        if self.state != "draft" or self.signoff_state not in ("none", "returned"):
            return self.env._(
                "%(decision)s is not a draft waiting to be submitted.",
                decision=self.name,
            )
        return False

    @api.depends("state", "signoff_state")
    def _compute_can_submit(self):
        for decision in self:
            decision.can_submit = not decision._submit_refusal()

    def action_submit(self):
        """Ask a safeguarding lead to sign the draft off."""
        for decision in self:
            refusal = decision._submit_refusal()
            if refusal:
                raise UserError(refusal)
            decision._raise_if_missing(submitting=True)
        self.check_access("write")
        for decision in self:
            # Awaiting sign-off is always in some lead's My Work.
            if not decision._signoff_leads() - self.env.user:
                raise UserError(
                    self.env._(
                        "%(decision)s cannot be submitted: no safeguarding lead may "
                        "read it to sign it off. Ask a lead to join the team of "
                        "%(case)s.",
                        decision=decision.name,
                        case=decision.case_id.display_name,
                    )
                )
        returned = self.filtered(lambda d: d.signoff_state == "returned")
        self._as_move("signoff").write({"signoff_state": "submitted"})
        rows = self.env["safeguarding.decision.signoff"]._log(
            self, "submit", seal=False
        )
        self._ask_leads_to_sign_off()
        if returned:
            returned._close_activities([SIGNOFF_RETURNED_ACTIVITY])
        # Last: a seal holds its chain's lock until the commit.
        rows._seal()
        return True

    def action_approve(self):
        """Sign the decision off (the Sign Off button): a decision whose sign-off is
        always given with reasons is signed off from 'Sign Off with Reasons'."""
        return self._approve()

    def _approve(self, reason=False):
        """Sign the decision off (safeguarding leads; never one's own decision), with
        the lead's reasons where the sign-off is always required."""
        reason = reason.strip() if isinstance(reason, str) else ""
        for decision in self:
            why = decision._signoff_reasons()
            if why and not reason:
                raise ValidationError(
                    self.env._(
                        "%(decision)s: signing off %(why)s needs your reasons. Use "
                        "'Sign Off with Reasons' and say why.",
                        decision=decision.name,
                        why="; ".join(why),
                    )
                )
        self._lock_for_signoff()
        self._as_move("signoff").write({"signoff_state": "approved"})
        rows = self.env["safeguarding.decision.signoff"]._log(
            self, "approve", reason or False, seal=False
        )
        self._tell_practitioner_signed_off()
        # Last: a seal holds its chain's lock until the commit.
        rows._seal()
        return True

    def _return(self, reason):
        """Send the decision back to the practitioner with the reason: one awaiting
        sign-off, or one signed off, not recorded yet, that can no longer be recorded
        as it was signed off (its consent withdrawn since, say: it could otherwise
        never be recorded, returned or deleted)."""
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError(
                self.env._(
                    "Say why the decision is returned: the practitioner reads it."
                )
            )
        self._lock_for_signoff(returning=True)
        self._as_move("signoff").write({"signoff_state": "returned"})
        rows = self.env["safeguarding.decision.signoff"]._log(
            self, "return", reason.strip(), seal=False
        )
        self._tell_practitioner_returned(reason.strip())
        # A recorded emergency cannot go back to draft: its way forward is a
        # correction that supersedes it, signed off in its turn.
        for decision in self.filtered(lambda d: d.state == STATE_RECORDED):
            decision.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Correct %(decision)s", decision=decision.name),
                note=self.env._(
                    "A safeguarding lead returned this emergency decision after it "
                    "was recorded: %(reason)s Use 'Correct' to record a decision "
                    "that supersedes it.",
                    reason=reason.strip(),
                ),
                user_id=decision.decided_by_id.id,
            )
        # Last: a seal holds its chain's lock until the commit.
        rows._seal()
        return True

    def _signoff_authors(self):
        """Who submitted, recorded or started this decision (one): nobody signs off
        their own decision."""
        return self._signoff_submitter() | self.decided_by_id | self.create_uid

    def _returnable_after_signoff(self):
        """Signed off, not recorded, and no longer recordable as it was signed off
        (its consent withdrawn since, say): returned, or it would stay so."""
        return (
            self.signoff_state == "approved"
            and self.state == "draft"
            and bool(self._missing_items())
        )

    def _signoff_refusal(self, returning=False):
        """Why the current user cannot sign this decision (one) off (``returning``:
        or return it), now; False when they can. The sign-off buttons and
        _lock_for_signoff both ask it."""
        if not self.env.user.has_group(LEAD_GROUP):
            return self.env._("Only a safeguarding lead signs decisions off.")
        if self.signoff_state != "submitted" and not (
            returning and self._returnable_after_signoff()
        ):
            states = dict(
                self._fields["signoff_state"]._description_selection(self.env)
            )
            return self.env._(
                "%(decision)s is not awaiting sign-off (it is %(state)s): another "
                "lead may have acted on it already.",
                decision=self.name,
                state=states[self.signoff_state],
            )
        if self.env.user in self._signoff_authors():
            return self.env._(
                "You cannot sign off %(decision)s: nobody signs off their own "
                "decision.",
                decision=self.name,
            )
        return False

    @api.depends("signoff_state", "signoff_ids", "decided_by_id", "create_uid")
    @api.depends_context("uid")
    def _compute_can_sign_off(self):
        for decision in self:
            refusal = decision._signoff_refusal()
            decision.can_sign_off = not refusal
            decision.can_return = not refusal or (
                decision.signoff_state == "approved"
                and not decision._signoff_refusal(returning=True)
            )
            # Said only of a decision awaiting sign-off: of any other, nothing is.
            decision.cannot_sign_off_reason = (
                decision.signoff_state == "submitted" and refusal
            )

    def _lock_for_signoff(self, returning=False):
        """Check that the user may sign these decisions off (``returning``: or
        return a signed-off draft), and take them so that a second lead acting at
        the same moment fails clearly instead of both winning."""
        if not self.env.user.has_group(LEAD_GROUP):
            raise AccessError(self[:1]._signoff_refusal())
        self.check_access("write")
        if not self:
            raise UserError(self.env._("Choose the decision to sign off."))
        # A decision another lead holds is skipped, not waited for: one statement,
        # and nothing to roll back.
        self.env.cr.execute(
            SQL(
                "SELECT id FROM safeguarding_decision WHERE id IN %s "
                "FOR UPDATE SKIP LOCKED",
                tuple(self.ids),
            )
        )
        if len(self.env.cr.fetchall()) != len(self):
            raise UserError(
                self.env._(
                    "Another lead is signing this decision off right now. Reload it "
                    "to see what they decided."
                )
            )
        self.invalidate_recordset(["signoff_state"])
        for decision in self:
            refusal = decision._signoff_refusal(returning=returning)
            if refusal:
                raise UserError(refusal)

    def _signoff_submitter(self):
        """Who submitted this decision for sign-off last (for an emergency, who
        recorded it)."""
        self.ensure_one()
        return (
            self.signoff_ids.filtered(lambda row: row.action == "submit")[-1:].user_id
            or self.decided_by_id
            or self.create_uid
        )

    def _ask_leads_to_sign_off(self):
        """Give each lead who may read and sign off a submitted decision an activity
        to do it: an emergency, recorded before sign-off, is due when its sign-off
        is, with its own type."""
        vals_list = []
        for decision in self:
            submitter = decision._signoff_submitter()
            if decision.state == STATE_RECORDED:
                kind = SIGNOFF_EMERGENCY_ACTIVITY
                due = fields.Date.context_today(decision, decision.signoff_due)
                note = self.env._(
                    "%(decision)s was recorded as an emergency before sign-off: sign "
                    "it off or return it by %(due)s.",
                    decision=decision.name,
                    due=fields.Datetime.to_string(decision.signoff_due),
                )
            else:
                kind = SIGNOFF_REQUEST_ACTIVITY
                due = fields.Date.context_today(decision)
                note = self.env._(
                    "%(author)s submitted %(decision)s for sign-off.",
                    author=submitter.name,
                    decision=decision.name,
                )
            vals_list += decision._activity_vals(
                kind, decision._signoff_leads(), note, due
            )
        self._create_activities(vals_list)

    def _signoff_leads(self):
        """The safeguarding leads who may read and sign off this decision (one):
        never its submitter, author or recorder."""
        self.ensure_one()
        leads = cached_ref(self.env, LEAD_GROUP).users - self._signoff_authors()
        # The leads of its company (their companies read for all at once), then
        # those who may read it.
        return self._readers_among(
            leads.filtered(lambda user: self.company_id in user.company_ids)
        )

    @api.model
    def _ask_leads_where_none_is_asked(self):
        """Ask the leads again for each decision awaiting sign-off that is in no
        lead's My Work (a request closed by hand before this was refused, say)."""
        kinds = [
            self.env.ref(SIGNOFF_REQUEST_ACTIVITY).id,
            self.env.ref(SIGNOFF_EMERGENCY_ACTIVITY).id,
        ]
        waiting = self.sudo().search([("signoff_state", "=", "submitted")])
        asked = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", waiting.ids),
                    ("activity_type_id", "in", kinds),
                ],
                ["res_id"],
            )
        )
        unasked = waiting - self.browse(res_id for (res_id,) in asked)
        unasked._ask_leads_to_sign_off()

    def _close_signoff_requests(self):
        """The decision is signed off or returned: no lead is asked any more."""
        self._close_activities([SIGNOFF_REQUEST_ACTIVITY, SIGNOFF_EMERGENCY_ACTIVITY])

    def _close_activities(self, kinds):
        """Close the activities of ``kinds`` (xmlids) of these decisions that their
        move has finished (see mail.activity's ``_close_finished``)."""
        # sudo: the addon's own move closes the work it gave, whoever holds it.
        self.sudo().activity_search(kinds)._close_finished()

    def _tell_practitioner_signed_off(self):
        vals_list = []
        for decision in self:
            if decision.state == STATE_RECORDED:
                note = self.env._(
                    "%(lead)s signed off the emergency decision %(decision)s.",
                    lead=self.env.user.name,
                    decision=decision.name,
                )
            else:
                note = self.env._(
                    "%(lead)s signed off %(decision)s: record it with 'Record "
                    "Decision'.",
                    lead=self.env.user.name,
                    decision=decision.name,
                )
            vals_list += decision._activity_vals(
                SIGNOFF_APPROVED_ACTIVITY,
                decision._readers_among(decision._signoff_submitter()),
                note,
            )
        self._create_activities(vals_list)
        self._close_signoff_requests()

    def _tell_practitioner_returned(self, reason):
        vals_list = []
        # A recorded emergency returned gets its own "Correct" activity instead.
        for decision in self.filtered(lambda d: d.state != STATE_RECORDED):
            vals_list += decision._activity_vals(
                SIGNOFF_RETURNED_ACTIVITY,
                decision._readers_among(decision._signoff_submitter()),
                self.env._(
                    "%(lead)s returned %(decision)s: %(reason)s",
                    lead=self.env.user.name,
                    decision=decision.name,
                    reason=reason,
                ),
            )
        self._create_activities(vals_list)
        self._close_signoff_requests()

    @api.model
    def _cron_flag_overdue_signoffs(self):
        """Give each lead who may read an overdue sign-off's decision an activity
        for it: for a restricted case's decision, only the leads named on the case."""
        overdue = self.search([("signoff_overdue", "=", True)])
        # Each decision on its own: one that fails is reported, not the others'.
        self.env["safeguarding.job.failure"]._each_on_its_own(
            "safeguarding_info_sharing.ir_cron_flag_overdue_signoffs",
            overdue,
            lambda batch: batch._flag_overdue_signoff(),
        )

    def _flag_overdue_signoff(self):
        overdue_type = self.env.ref(OVERDUE_ACTIVITY)
        leads = self.env.ref(LEAD_GROUP).users
        for decision in self:
            flagged = decision.activity_ids.filtered(
                lambda a: a.activity_type_id == overdue_type
            ).user_id
            candidates = leads.filtered(
                lambda u, d=decision, f=flagged: (
                    d.company_id in u.company_ids and u not in f
                )
            )
            for lead in decision._readers_among(candidates):
                decision.activity_schedule(
                    OVERDUE_ACTIVITY,
                    note=self.env._(
                        "%(decision)s was recorded as an emergency and its sign-off "
                        "was due on %(due)s.",
                        decision=decision.name,
                        due=decision.signoff_due,
                    ),
                    user_id=lead.id,
                )

    # ------------------------------------------------------------
    # RECORDING AND SEAL
    # ------------------------------------------------------------
    # Recording stamps, locks and seals the decision; a correction supersedes it.

    def _recording_refusal(self):
        """Why this decision (one) cannot be recorded now, what it still needs apart
        (the Still missing list names that), or False."""
        if self.state != "draft":
            return self.env._("%(decision)s is already recorded.", decision=self.name)
        if self.signoff_state == "approved":
            return False
        always = self._signoff_reasons()
        if always:
            return self.env._(
                "%(decision)s needs a safeguarding lead's sign-off before it is "
                "recorded, even as an emergency: %(why)s. Submit it for sign-off.",
                decision=self.name,
                why="; ".join(always),
            )
        if not self.emergency:
            return self.env._(
                "%(decision)s needs a safeguarding lead's sign-off before it is "
                "recorded: submit it for sign-off. If waiting would put a child at "
                "risk, mark it as an emergency and say why.",
                decision=self.name,
            )
        return False

    @api.depends("state", "signoff_state", "emergency", *SIGNOFF_REASONS_DEPEND_ON)
    def _compute_can_record(self):
        for decision in self:
            decision.can_record = not decision._recording_refusal()

    def action_record(self):
        """Check, stamp and lock the decision: the only way to record it."""
        self.check_access("write")
        for decision in self:
            refusal = decision._recording_refusal()
            # What is missing is said first; a recorded decision has nothing to add.
            if decision.state == "draft":
                decision._raise_if_missing()
            if refusal:
                raise UserError(refusal)
        self._record(fields.Datetime.now())
        outcomes = dict(self._fields["outcome"]._description_selection(self.env))
        for decision in self:
            if decision.sharing_result == "chose_not_to_share":
                body = self.env._(
                    "Decision recorded: Do not share (the route allowed sharing)."
                )
            else:
                body = self.env._(
                    "Decision recorded: %(outcome)s.",
                    outcome=outcomes[decision.outcome],
                )
            decision._log_recorded(body)
        self._close_activities([SIGNOFF_APPROVED_ACTIVITY])
        return True

    def _log_recorded(self, body):
        """Say in this decision's (one) chatter that it is recorded: in the message
        of its own tracking (its state), written as the transaction commits, one
        message; logged on its own, as a tracking message is, when nothing of it is
        tracked, as for a decision created in the same transaction (Odoo tracks no
        change of a new record)."""
        tracked = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        if tracked.get(self.id) is not None:
            self._track_set_log_message(body)
        else:
            self._message_log(body=body)

    def _record(self, when):
        # Stamp the date first, so that consent is judged at the decision date, and
        # check that the outcome still stands before the lock closes.
        outcomes = {decision: decision.outcome for decision in self}
        recording = self._as_move("record")
        recording.write({"date_decided": when, "decided_by_id": self.env.uid})
        for decision in self:
            if decision.outcome != outcomes[decision]:
                raise ValidationError(
                    self.env._(
                        "The consent relied on by %(decision)s changed while it was "
                        "being recorded: check the consent question again.",
                        decision=decision.name,
                    )
                )
        # What was listed as shared is checked again as it becomes the record.
        self.disclosure_ids._check_recipient_and_channel()
        recording.write({"state": STATE_RECORDED})
        # An emergency recorded before sign-off is submitted at once, due in hours.
        emergencies = self.filtered(lambda d: d.signoff_state != "approved")
        if emergencies:
            hours = int(
                self.env["ir.config_parameter"]
                .sudo()
                .get_param(EMERGENCY_HOURS_PARAM, 24)
            )
            emergencies._as_move("emergency").write(
                {
                    "signoff_state": "submitted",
                    "signoff_due": when + timedelta(hours=hours),
                }
            )
            self.env["safeguarding.decision.signoff"]._log(
                emergencies,
                "submit",
                self.env._("Emergency: recorded before sign-off."),
            )
            emergencies._ask_leads_to_sign_off()
        self._seal()
        self.disclosure_ids._seal()
        self._schedule_share_pending()
        self._schedule_telling()
        self.request_id._answer_when_decided()

    def _integrity_related(self):
        return {
            # The reference data by its code and English name as well as its id: the
            # printed record names it (and the reference mixin keeps it unchanged).
            "lawful_bases": self._lawful_bases_sql(
                SQL("b.id, b.code, b.name->>'en_US'")
            ),
            "channel": SQL(
                """(SELECT json_build_array(c.code, c.name->>'en_US', c.secure)
                      FROM safeguarding_channel c WHERE c.id = t.channel_id)"""
            ),
            "kind_of_purpose": SQL(
                """(SELECT json_build_array(p.code, p.name->>'en_US')
                      FROM safeguarding_purpose p WHERE p.id = t.purpose_id)"""
            ),
            "principles": SQL(
                """(SELECT json_agg(json_build_array(p.code, p.name->>'en_US',
                                                     l.confirmed, l.justification)
                                    ORDER BY l.id)
                      FROM safeguarding_decision_principle l
                      JOIN safeguarding_principle p ON p.id = l.principle_id
                     WHERE l.decision_id = t.id)"""
            ),
            "identity_exposed": SQL(
                """(SELECT array_agg(r.person_id ORDER BY r.person_id)
                      FROM safeguarding_decision_identity_exposed_rel r
                     WHERE r.decision_id = t.id)"""
            ),
            # What the consent relied on said when it was answered (never rewritten).
            "consent": SQL(
                """(SELECT json_build_array(c.kind, c.form, c.given_by_id,
                                            c.relationship, c.parental_responsibility,
                                            c.child_competence, c.date_given)
                      FROM safeguarding_consent c WHERE c.id = t.consent_id)"""
            ),
            # What the consent relied on covers: locked once it is answered.
            "consent_scope": self.env["safeguarding.consent"]._scope_sql(
                SQL("t.consent_id")
            ),
        }

    def _lawful_bases_sql(self, values):
        """SQL of the lawful bases of the decision ``t``, each as the list of
        ``values`` (SQL over the basis ``b``), by id."""
        lawful = self._fields["lawful_basis_ids"]
        return SQL(
            """(SELECT json_agg(json_build_array(%s) ORDER BY b.id)
                  FROM %s r JOIN safeguarding_lawful_basis b ON b.id = r.%s
                 WHERE r.%s = t.id)""",
            values,
            SQL.identifier(lawful.relation),
            SQL.identifier(lawful.column2),
            SQL.identifier(lawful.column1),
        )

    def _integrity_snapshot_sql(self):
        # What the record prints of the people and the reference data it names,
        # as they were (every language of their names).
        return {
            "recipient": SQL(
                """(SELECT json_build_array(p.id, p.name, p.complete_name, o.id,
                                            o.name)
                      FROM res_partner p
                      JOIN res_partner o ON o.id = p.commercial_partner_id
                     WHERE p.id = t.recipient_id)"""
            ),
            "requester": SQL(
                """(SELECT json_build_array(p.id, p.name, p.function)
                      FROM res_partner p WHERE p.id = t.requester_id)"""
            ),
            "requester_organisation": SQL(
                """(SELECT json_build_array(p.id, p.name)
                      FROM res_partner p WHERE p.id = t.requester_organisation_id)"""
            ),
            "purpose": SQL(
                """(SELECT json_build_array(p.id, p.name)
                      FROM safeguarding_purpose p WHERE p.id = t.purpose_id)"""
            ),
            "channel": SQL(
                """(SELECT json_build_array(c.id, c.name, c.secure)
                      FROM safeguarding_channel c WHERE c.id = t.channel_id)"""
            ),
            "declined_principle": SQL(
                """(SELECT json_build_array(p.id, p.name)
                      FROM safeguarding_principle p
                     WHERE p.id = t.declined_principle_id)"""
            ),
            "lawful_bases": self._lawful_bases_sql(SQL("b.id, b.name")),
            "principles": SQL(
                """(SELECT json_agg(json_build_array(l.id, p.name) ORDER BY l.id)
                      FROM safeguarding_decision_principle l
                      JOIN safeguarding_principle p ON p.id = l.principle_id
                     WHERE l.decision_id = t.id)"""
            ),
        }

    def _integrity_snapshot_extra(self):
        # The agreement in force on the day it was decided, as the register held
        # it then: an agreement entered later, even backdated, is not on it.
        return {
            decision.id: {
                "agreement": agreement
                and [
                    agreement.id,
                    agreement.name,
                    str(agreement.date_from),
                    agreement.date_to and str(agreement.date_to),
                    agreement.controller_relationship or None,
                ]
                or None
            }
            for decision, agreement in self._sharing_agreements_in_force().items()
        }

    def _integrity_verify_facts(self, company):
        # A sealed decision's sign-off state moves on after it is recorded (an
        # emergency is signed off later): it is the one its last sealed sign-off
        # row gives.
        states = SQL(" ").join(
            SQL("WHEN %s THEN %s", action, state)
            for action, state in SIGNOFF_STATES.items()
        )
        self.env.cr.execute(
            SQL(
                """SELECT d.id FROM safeguarding_decision d
                    WHERE d.company_id = %s AND d.integrity_sequence IS NOT NULL
                      AND d.signoff_state IS DISTINCT FROM COALESCE((
                          SELECT CASE s.action %s END
                            FROM safeguarding_decision_signoff s
                           WHERE s.decision_id = d.id
                             AND s.integrity_sequence IS NOT NULL
                        ORDER BY s.integrity_sequence DESC LIMIT 1), 'none')
                 ORDER BY d.integrity_sequence""",
                company.id,
                states,
            )
        )
        return [(record_id, "signoff") for (record_id,) in self.env.cr.fetchall()]

    @api.depends("state", "outcome", "share_choice", "disclosure_ids")
    def _compute_share_pending(self):
        for decision in self:
            decision.share_pending = bool(
                decision.state == STATE_RECORDED
                and decision._shares()
                and not decision.disclosure_ids
            )

    def _schedule_share_pending(self):
        """Ask the practitioner of each recorded share with no line of what was
        shared to add one: until then the share is pending."""
        for decision in self.filtered("share_pending"):
            decision.activity_schedule(
                SHARE_PENDING_ACTIVITY,
                note=self.env._(
                    "%(decision)s is recorded as a share, but nothing is listed as "
                    "shared: add each item shared, with whom, when and how.",
                    decision=decision.name,
                ),
                user_id=decision.decided_by_id.id,
            )

    def _close_share_pending(self):
        """Lines were added: the pending-share activities of these decisions are
        done."""
        # One search, no message: the line added is itself the record of it (sudo:
        # whoever the activity was given to).
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                ("activity_type_id", "=", self.env.ref(SHARE_PENDING_ACTIVITY).id),
            ]
        ).unlink()

    def action_correct(self):
        """Start a new draft decision that supersedes this recorded one."""
        self.ensure_one()
        self.check_access("read")
        self.browse().check_access("create")
        if self.state != STATE_RECORDED:
            raise UserError(
                self.env._(
                    "Only a recorded decision is corrected; edit the draft instead."
                )
            )
        correction = self.copy({"supersedes_id": self.id})
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": correction.id,
            "view_mode": "form",
        }

    @api.constrains("supersedes_id")
    def _check_supersedes_recorded(self):
        for decision in self:
            # sudo: its state only; another case's decision is refused by
            # the link guard (the policy), without its name.
            superseded = decision.supersedes_id.sudo()
            if (
                superseded
                and superseded.case_id == decision.case_id
                and superseded.state != STATE_RECORDED
            ):
                raise ValidationError(
                    self.env._(
                        "%(decision)s corrects a recorded decision only: "
                        "%(superseded)s is not recorded.",
                        decision=decision.name,
                        superseded=superseded.name,
                    )
                )

    # ------------------------------------------------------------
    # TELLING AND POLICE
    # ------------------------------------------------------------
    # The police notified and their references; the child or family told.

    @api.depends("police_reference", "police_reference_ids.reference")
    def _compute_police_reference_summary(self):
        for decision in self:
            decision.police_reference_summary = ", ".join(
                reference
                for reference in [
                    decision.police_reference,
                    *decision.police_reference_ids.mapped("reference"),
                ]
                if reference
            )

    def action_notify_police(self):
        """Record, at once, that the police were notified now, by the current user.
        The stamp is made once: a later press would move its time and its author."""
        self.check_access("write")
        for decision in self:
            if decision._is_locked():
                raise decision._lock_refusal(decision)
            if decision.police_notified:
                raise UserError(
                    self.env._(
                        "%(decision)s records the police notified already, by "
                        "%(user)s: that stamp stays as it was made. Add the reference "
                        "the police gave with Add Police Reference.",
                        decision=decision.name,
                        user=decision.police_notified_by_id.name,
                    )
                )
        self._as_move("notify_police").write(
            {
                "police_notified": True,
                "date_police_notified": fields.Datetime.now(),
                "police_notified_by_id": self.env.uid,
            }
        )
        return True

    def _add_police_reference(self, reference):
        """Add the reference the police gave for the notification: recorded or not,
        the decision keeps it as an addition, never a change."""
        self.ensure_one()
        self.check_access("write")
        if not self.police_notified:
            raise UserError(
                self.env._(
                    "%(decision)s records no police notification: notify the police "
                    "first.",
                    decision=self.name,
                )
            )
        reference = (reference or "").strip()
        if not reference:
            raise UserError(
                self.env._(
                    "Enter the reference the police gave for %(decision)s.",
                    decision=self.name,
                )
            )
        self.env["safeguarding.decision.police.reference"]._log(self, reference)
        return True

    def _add_telling(self, values):
        """Record that the child or family was told about this decision (who, how,
        when, what), or why they were not: an entry of its own, never a change."""
        self.ensure_one()
        self.check_access("write")
        values = self._telling_values(values)
        self.env["safeguarding.decision.telling"]._log(self, values)
        # The telling is itself the record that the activity is done (sudo: whoever
        # it was given to).
        self.env["mail.activity"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "=", self.id),
                ("activity_type_id", "=", self.env.ref(TELLING_ACTIVITY).id),
            ]
        ).unlink()
        return True

    def _telling_values(self, values):
        """The checked values of a telling entry for this decision (one), or a
        clear refusal saying what to fix."""
        Telling = self.env["safeguarding.decision.telling"]
        if not isinstance(values, dict):
            raise UserError(
                self.env._(
                    "A telling entry is given as its values: who was told, how, when "
                    "and what, or why they were not told."
                )
            )
        unknown = set(values) - {
            "told",
            "person_ids",
            "method",
            "date_told",
            "summary",
            "not_told_reason",
        }
        if unknown:
            raise UserError(
                self.env._(
                    "A telling entry records who was told, how, when and what, or "
                    "why they were not told; it does not take %(fields)s.",
                    fields=", ".join(sorted(unknown)),
                )
            )
        vals = {"told": bool(values.get("told"))}
        if not vals["told"]:
            reason = (values.get("not_told_reason") or "").strip()
            if not reason:
                raise UserError(
                    self.env._(
                        "Say why the individual was not told about %(decision)s.",
                        decision=self.name,
                    )
                )
            vals["not_told_reason"] = reason
            return vals
        person_ids = values.get("person_ids") or []
        if not isinstance(person_ids, list) or not all(
            isinstance(pid, int) for pid in person_ids
        ):
            raise UserError(self.env._("Name who was told by their ids."))
        on_case = self.case_id._people()
        people = self.env["res.partner"].browse(person_ids)
        missing = []
        if not people:
            missing.append(self.env._("who was told"))
        if people - on_case:
            raise UserError(
                self.env._(
                    "Only the child and the people on %(case)s can be recorded as "
                    "told about %(decision)s.",
                    case=self.case_id.name,
                    decision=self.name,
                )
            )
        method = values.get("method")
        if method not in dict(Telling._fields["method"].selection):
            missing.append(self.env._("how they were told"))
        when = values.get("date_told") and fields.Datetime.to_datetime(
            values["date_told"]
        )
        # A time out of its span (the future, say) is refused as the telling is
        # logged (models/plausible_dates.py).
        if not when:
            missing.append(self.env._("when they were told"))
        summary = (values.get("summary") or "").strip()
        if not summary:
            missing.append(
                self.env._("what they were told: what was shared, why and with whom")
            )
        if missing:
            raise UserError(
                self.env._(
                    "The telling for %(decision)s needs %(missing)s.",
                    decision=self.name,
                    missing=", ".join(missing),
                )
            )
        return dict(
            vals,
            person_ids=[fields.Command.set(people.ids)],
            method=method,
            date_told=when,
            summary=summary,
        )

    def _schedule_telling(self):
        """Ask the practitioner of each recorded share whose individual will be
        informed to tell them, and record it."""
        for decision in self.filtered(
            lambda d: (
                d._shares()
                and d.individual_informed == "will_inform"
                and not d.telling_ids
                # A practitioner who may read it, not the system loading data.
                and d._readers_among(d.decided_by_id)
            )
        ):
            decision.activity_schedule(
                TELLING_ACTIVITY,
                note=self.env._(
                    "%(decision)s says the child or family will be told: tell them "
                    "what was shared, why and with whom, and record it with 'Record "
                    "Telling'.",
                    decision=decision.name,
                ),
                user_id=decision.decided_by_id.id,
            )

    @api.depends("state")
    def _compute_can_write_to_family(self):
        # The letter tells the family what was decided: once it is recorded.
        for decision in self:
            decision.can_write_to_family = decision.state == STATE_RECORDED

    def action_write_to_family(self):
        """Choose whom the letter to the family is addressed to, then write it in
        Odoo's composer, to review and log: the letter logged is the telling of
        its addressees, kept as an entry of its own."""
        self.ensure_one()
        self.check_access("write")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Letter to the Family"),
            "res_model": "safeguarding.decision.letter",
            "view_mode": "form",
            "target": "new",
            "context": {"default_decision_id": self.id},
        }

    def _family_letter_addressees(self):
        """Whom the letter about this decision (one) is addressed to unless the
        practitioner says otherwise: the people with parental responsibility on its
        case, never an alleged perpetrator, or else the child."""
        case = self.case_id
        carers = case.person_ids.filtered(
            lambda p: p.parental_responsibility and p.role != "alleged_perpetrator"
        ).partner_id
        perpetrators = case.person_ids.filtered(
            lambda p: p.role == "alleged_perpetrator"
        ).partner_id
        return (carers - perpetrators) or case.child_id

    def _family_letter_action(self, addressees):
        """Odoo's composer on the letter to ``addressees``."""
        self.ensure_one()
        self._check_family_letter_addressees(addressees)
        return self._letter_action(
            self.env._("Letter to the Family"),
            FAMILY_LETTER_TEMPLATE,
            **{LETTER_ADDRESSEES_KEY: addressees.ids},
        )

    def _check_family_letter_addressees(self, addressees):
        case = self.case_id
        if not addressees:
            raise UserError(
                self.env._(
                    "Say whom the letter about %(decision)s is addressed to: it "
                    "tells them, and nobody else.",
                    decision=self.name,
                )
            )
        strangers = addressees - case._people()
        if strangers:
            raise UserError(
                self.env._(
                    "The letter about %(decision)s goes to the child or the people on "
                    "%(case)s, not to %(people)s.",
                    decision=self.name,
                    case=case.name,
                    people=", ".join(strangers.mapped("name")),
                )
            )

    def _check_family_letter(self, body, addressees):
        """Refuse the letter ``body`` to ``addressees`` about this decision (one)
        that could reveal someone whose identity is protected on its case (2024
        golden rule 5): their name, address or contact details, or, when the share
        could identify them, the name or address of a recipient (a new school near
        a refuge, say). A letter read by the protected people alone is theirs."""
        self.ensure_one()
        self._check_family_letter_addressees(addressees)
        protected = self.case_id.person_ids.filtered("protect_identity")
        if not protected or not (addressees - protected.partner_id):
            return
        text = " ".join(html2plaintext(body or "").split()).casefold()
        found = []
        for person in protected.partner_id:
            found += [
                (term, person)
                for term in (
                    person.name,
                    person.street,
                    person.street2,
                    person.zip,
                    person.phone,
                    person.mobile,
                    person.email,
                )
                if term and len(term.strip()) > 2 and term.strip().casefold() in text
            ]
        if self.identity_exposed_ids:
            for organisation in self.recipient_ids.organisation_id:
                found += [
                    (term, self.identity_exposed_ids.partner_id)
                    for term in (
                        organisation.name,
                        organisation.street,
                        organisation.zip,
                    )
                    if term
                    and len(term.strip()) > 2
                    and term.strip().casefold() in text
                ]
        if found:
            raise UserError(
                self.env._(
                    "The letter to %(addressees)s names %(terms)s, which could reveal "
                    "%(people)s, whose identity is protected on %(case)s (golden rule "
                    "5): take it out of the letter, or address the letter to them "
                    "alone.",
                    addressees=", ".join(addressees.mapped("name")),
                    terms=", ".join(f"'{term.strip()}'" for term, _person in found),
                    people=", ".join(
                        sorted({name for _t, p in found for name in p.mapped("name")})
                    ),
                    case=self.case_id.name,
                )
            )

    def _record_family_letter(self, message, addressees):
        """The letter to the family, logged as ``message``, recorded as the telling
        of this decision (one) to its addressees alone."""
        self._add_telling(
            {
                "told": True,
                "person_ids": addressees.ids,
                "method": "letter",
                "date_told": message.date,
                "summary": html2plaintext(message.body or ""),
            }
        )

    # ------------------------------------------------------------
    # TEMPLATES AND COPY
    # ------------------------------------------------------------
    # Filling a draft from an agency's template or an earlier decision of its case.

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.template_id:
            self._fill_from(*self._values_from_template(self.template_id))

    @api.onchange(
        "template_id", "recipient_id", "channel_id", "outcome", "share_choice"
    )
    def _onchange_template_lines(self):
        if self._proposes_lines_of(self.template_id):
            self.disclosure_ids = [
                Command.create(vals)
                for vals in self.template_id.line_ids._disclosure_vals(self)
            ]

    def _proposes_lines_of(self, template):
        """Whether this draft (one) takes the lines of what is usually shared from
        ``template``: once it shares, with a named recipient, by a chosen channel,
        and never over lines already listed (the practitioner's own)."""
        return bool(
            template.line_ids
            and self._shares()
            and self.recipient_id
            and self.channel_id
            and not self.disclosure_ids
        )

    @api.onchange("copy_from_id")
    def _onchange_copy_from_id(self):
        if self.copy_from_id:
            self._fill_from(*self._values_from_decision(self.copy_from_id))

    def _apply_template(self, template):
        """Fill this saved draft (one) from the decision ``template``, as the form's
        Start from Template fills a draft being edited."""
        self.ensure_one()
        self._check_fillable()
        self._write_filled(*self._values_from_template(template))
        if self._proposes_lines_of(template):
            self.env["safeguarding.disclosure"].create(
                [
                    dict(vals, decision_id=self.id)
                    for vals in template.line_ids._disclosure_vals(self)
                ]
            )
        return True

    def _start_from(self, source):
        """Fill this saved draft (one) from the earlier decision ``source`` of its
        case, which the user must be able to read."""
        self.ensure_one()
        self._check_fillable()
        self._write_filled(*self._values_from_decision(source))
        return True

    def _check_fillable(self):
        self.check_access("write")
        if self.state != "draft" or self._is_locked():
            raise UserError(
                self.env._(
                    "%(decision)s is not a draft that can be changed: nothing is "
                    "copied into it.",
                    decision=self.name,
                )
            )

    def _values_from_template(self, template):
        """(values, principle justifications by code) of ``template``, read with
        the user's rights."""
        template = template.with_env(self.env).exists()
        if not template:
            raise UserError(self.env._("This decision template no longer exists."))
        template.check_access("read")
        values = {
            name: template[name] for name in FILLED_FROM_TEMPLATE if template[name]
        }
        return values, template._principle_justifications()

    def _values_from_decision(self, source):
        """(values, principle justifications by code) of the earlier decision
        ``source``: one the user may read, on this decision's own case."""
        source = source.with_env(self.env).exists()
        if not source:
            raise UserError(self.env._("This decision no longer exists."))
        source.check_access("read")
        if source == self._origin:
            raise UserError(
                self.env._(
                    "%(decision)s cannot start from itself.", decision=source.name
                )
            )
        if source.case_id != self.case_id:
            raise UserError(
                self.env._(
                    "%(earlier)s is a decision on another case: start only from a "
                    "decision on %(case)s.",
                    earlier=source.name,
                    case=self.case_id.display_name,
                )
            )
        values = {name: source[name] for name in COPIED_FROM_DECISION if source[name]}
        # A refusal or withdrawal belongs to the consent it came from.
        if values.get("no_consent_reason") in REFUSAL_REASONS:
            del values["no_consent_reason"]
        justifications = {
            line.principle_id.code: line.justification
            for line in source.principle_ids
            if (line.justification or "").strip()
        }
        return values, justifications

    def _fill_from(self, values, justifications):
        # In the form: the values, then each principle still without a justification
        # (where the decision bears it out), then what the answers suggest.
        self.update(values)
        self._fill_justifications(justifications)
        self._suggest_principles()

    def _write_filled(self, values, justifications):
        self.write(self._convert_to_write(values))
        self._fill_justifications(justifications)
