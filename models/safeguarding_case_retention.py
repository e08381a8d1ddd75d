import json
import re

from markupsafe import escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from .safeguarding_case import SafeguardingCase as Case
from .safeguarding_integrity_mixin import SEALED_FIELDS, SNAPSHOT
from .safeguarding_policy import LEADS, addon_models, policy_of

LEAD_GROUP = "safeguarding_info_sharing.group_lead"
REVIEW_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_retention_review"
RETENTION_JOB = "safeguarding_info_sharing.ir_cron_retention_review"
TODO_ACTIVITY = "mail.mail_activity_data_todo"

# Written only by the retention review itself (the cron, a lead's recorded outcome).
RETENTION_SYSTEM_FIELDS = frozenset(
    {
        "retention_review_date",
        "retention_policy_id",
        "retention_status",
        "retention_checked_on",
        "retention_keep_until",
        "retention_outcome",
        "retention_outcome_date",
        "retention_outcome_user_id",
        "retention_outcome_reason",
    }
)
# Placed and lifted by safeguarding leads only.
LEGAL_HOLD_FIELDS = frozenset({"legal_hold", "legal_hold_reason"})
# A change to these makes the next run compute the review date again.
RETENTION_INPUT_FIELDS = frozenset(
    {
        "retention_policy_ids",
        "adoption_order_date",
        "legal_hold",
        "state",
        "date_closed",
        "child_id",
    }
)

# Personal details cleared from the people of an anonymised case.
PARTNER_CLEARED_FIELDS = (
    "date_of_birth",
    "nhs_number",
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "zip",
    "state_id",
    "country_id",
    "comment",
    "function",
    "website",
    "ref",
    "vat",
    "title",
    "image_1920",
)

# The free text the mail module keeps of a record: {model: (how it names the record,
# its text fields)}; "message" when it hangs from a message of the record.
MAIL_TEXT_FIELDS = {
    "mail.message": ("record", ("subject", "body", "record_name", "email_from")),
    "mail.tracking.value": ("message", ("old_value_char", "new_value_char")),
    "mail.mail": ("message", ("body_html", "email_to", "email_cc")),
    "mail.activity": ("record", ("summary", "note")),
    "ir.attachment": ("record", ("name", "description")),
}
CASE_MODEL = "safeguarding.case"
TEXT_TYPES = ("char", "text", "html")


def name_pattern(people, shared_label):
    """(pattern, {term: label}) replacing the names of ``people`` ([(name as typed,
    label)]): each full name, then its first and last word, whole words in any case
    (spaces as typed or not, and as HTML escapes them); a word of several people's
    names takes ``shared_label``."""
    labels = {}
    for name, label in people:
        words = (name or "").split()
        terms = [" ".join(words)]
        if len(words) > 1:
            terms += [words[0], words[-1]]
        for term in terms:
            for form in {term, str(escape(term))}:
                key = form.lower()
                if len(key) < 2:
                    continue
                labels[key] = label if labels.get(key, label) == label else shared_label
    if not labels:
        return None, labels
    alternatives = "|".join(
        r"\s+".join(map(re.escape, term.split()))
        for term in sorted(labels, key=len, reverse=True)
    )
    pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)
    return pattern, labels


def text_fields(model):
    """The stored free-text columns of ``model``: its Char, Text and Html fields
    (not translated, not the seal's)."""
    return [
        name
        for name, field in model._fields.items()
        if field.type in TEXT_TYPES
        and field.store
        and field.column_type
        and not field.translate
        and name not in SEALED_FIELDS
    ]


def replace_in_json(value, replace):
    """``value`` (JSON: lists, objects, text...) with ``replace`` applied to each of
    its texts, its keys left alone."""
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [replace_in_json(item, replace) for item in value]
    if isinstance(value, dict):
        return {key: replace_in_json(item, replace) for key, item in value.items()}
    return value


def case_path(env, model_name):
    """The path from a record of ``model_name`` to its case ("id" on the case), by
    its ``case_id`` or its parent's; None when it has none."""
    if model_name == CASE_MODEL:
        return "id"
    model = env[model_name]
    field = model._fields.get("case_id")
    if field and field.store and getattr(field, "comodel_name", None) == CASE_MODEL:
        return "case_id"
    policy = policy_of(env, model_name)
    parent = model._fields.get((policy and policy.parent) or "")
    if parent and parent.store and parent.type == "many2one":
        path = case_path(env, parent.comodel_name)
        return path and f"{policy.parent}.{path}"
    return None


class SafeguardingCase(models.Model):
    """Retention review of a case: the longest applicable rule gives the review date;
    a review never deletes anything, and a legal hold stops it proposing disposal."""

    # One concern per file: the case's own file, and its retention here.
    # pylint: disable=consider-merging-classes-inherited
    _name = "safeguarding.case"
    _inherit = ["safeguarding.case", "safeguarding.retention.review.mixin"]
    _retention_activity = REVIEW_ACTIVITY
    # The retention review's fields are its moves' alone: a review (the cron, a
    # lead's "keep") and the anonymisation, which also clears the case's own text.
    # A legal hold is placed and lifted by leads.
    _safeguarding = Case._safeguarding.extend(
        server=RETENTION_SYSTEM_FIELDS,
        moves={
            "review": RETENTION_SYSTEM_FIELDS,
            "anonymise": RETENTION_SYSTEM_FIELDS | {"summary", "close_reason"},
        },
        role_fields=dict.fromkeys(LEGAL_HOLD_FIELDS, LEADS),
    )

    retention_policy_ids = fields.Many2many(
        "safeguarding.retention.policy",
        string="Kinds of Record",
        domain=[("applies_to", "=", "case")],
        help="Each kind brings its retention rule; the longest one wins. The case's "
        "decision, consent and advice logs follow the case's rules.",
    )
    adoption_order_date = fields.Date(
        help="The date of the adoption (or other) order, for rules that run from it."
    )
    legal_hold = fields.Boolean(
        tracking=True,
        help="Litigation, an inquiry or a review needs the case: it is never proposed "
        "for disposal while the hold is on.",
    )
    legal_hold_reason = fields.Text(tracking=True)
    retention_review_date = fields.Date(
        string="Retention Review On", readonly=True, copy=False, index=True
    )
    retention_policy_id = fields.Many2one(
        "safeguarding.retention.policy",
        string="Deciding Rule",
        readonly=True,
        copy=False,
        help="The applicable rule that keeps the case longest, or the one still "
        "waiting for its trigger date.",
    )
    retention_status = fields.Selection(
        [
            ("pending", "Not yet known"),
            ("scheduled", "Review scheduled"),
            ("due", "Review due"),
            ("held", "Legal hold"),
            ("anonymised", "Anonymised"),
        ],
        string="Retention",
        readonly=True,
        copy=False,
        default="pending",
        tracking=True,
    )
    retention_checked_on = fields.Date(readonly=True, copy=False, index=True)
    retention_keep_until = fields.Date(
        string="Kept Until", readonly=True, copy=False, tracking=True
    )
    retention_outcome = fields.Selection(
        [("keep", "Kept until a new review"), ("anonymise", "Anonymised")],
        string="Review Outcome",
        readonly=True,
        copy=False,
        tracking=True,
    )
    retention_outcome_date = fields.Date(
        string="Reviewed On", readonly=True, copy=False
    )
    retention_outcome_user_id = fields.Many2one(
        "res.users", string="Reviewed By", readonly=True, copy=False
    )
    retention_outcome_reason = fields.Text(
        string="Review Reason", readonly=True, copy=False
    )

    def write(self, vals):
        result = super().write(vals)
        if RETENTION_INPUT_FIELDS.intersection(vals) and not self._current_move():
            # Re-computed by the next run; a hold takes effect at once.
            self._retention_write({"retention_checked_on": False})
            held = self.filtered(lambda c: c.retention_status != "anonymised")
            if vals.get("legal_hold") and held:
                held._retention_write({"retention_status": "held"})
                held._retention_close_activities(
                    self.env._("Legal hold placed: the case is kept.")
                )
        return result

    def _system_write_hint(self):
        return self.env._(
            "The retention review date and outcome are recorded by the retention "
            "review only: use 'Retention Review'."
        )

    def _create_guard_refusal(self, fnames):
        system = RETENTION_SYSTEM_FIELDS.intersection(fnames)
        if system:
            return self._system_write_refusal(system)
        return super()._create_guard_refusal(fnames)

    def _role_field_refusal(self, names):
        return AccessError(
            self.env._(
                "Only a safeguarding lead places a legal hold or records a "
                "retention review."
            )
        )

    @api.constrains("legal_hold", "legal_hold_reason")
    def _check_legal_hold_reason(self):
        for case in self.filtered("legal_hold"):
            if not (case.legal_hold_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Say why case %(case)s is on legal hold.", case=case.name
                    )
                )

    def _retention_write(self, vals, move="review"):
        return self._as_move(move).write(vals)

    def _check_retention_lead(self):
        if not (self.env.su or self.env.user.has_group(LEAD_GROUP)):
            raise AccessError(
                self.env._(
                    "Only a safeguarding lead places a legal hold or records a "
                    "retention review."
                )
            )

    # The daily review

    @api.model
    def _cron_retention_review(self, batch_size=100):
        """Compute the review date of one batch of cases not checked today, and
        schedule a review for the lead practitioner of each case that is due.

        Each call handles one batch and reports its progress: the cron runner calls
        again (committing in between) while cases remain. Each case is treated on
        its own: one that fails is reported and left until tomorrow, the others
        are reviewed. Nothing is ever deleted. Returns the number of cases still to
        check today.
        """
        today = fields.Date.today()
        return self.env["safeguarding.job.failure"]._run_batch(
            RETENTION_JOB,
            self,
            [
                "|",
                ("retention_checked_on", "=", False),
                ("retention_checked_on", "<", today),
            ],
            lambda batch: batch._retention_review(today),
            batch_size,
        )

    def _retention_review_dates(self, today):
        last_activity = dict(
            self.env["safeguarding.sharing.log"]
            .sudo()
            ._read_group([("case_id", "in", self.ids)], ["case_id"], ["date:max"])
        )
        periodic = self._retention_periodic_policy()
        return {
            case: case._retention_due_date(last_activity.get(case), periodic)
            for case in self
            if case.retention_status != "anonymised"
        }

    def _retention_review_values(self, today):
        return {"retention_checked_on": today}

    def _retention_pending(self, policies):
        # A rule that runs from the child's birth waits for the date of birth:
        # someone is asked for it, or it would wait for ever.
        self.filtered(
            lambda case: (
                policies[case]
                and policies[case]._needs_date_of_birth()
                and not case.child_id.sudo().date_of_birth
            )
        )._ask_for_date_of_birth()

    def _retention_held(self):
        return self.legal_hold

    def _retention_reviewer(self):
        return self.user_id

    def _retention_review_note(self):
        return self.env._(
            "%(case)s reached its retention review date (%(rule)s). Keep it until "
            "a new review date, or anonymise it.",
            case=self.name,
            rule=self.retention_policy_id.name,
        )

    def _ask_for_date_of_birth(self):
        """Ask each case's lead practitioner, once, for the child's date of birth
        that its retention rule runs from."""
        if not self:
            return
        todo = self.env.ref(TODO_ACTIVITY)
        summary = self.env._("Add the child's date of birth")
        for case in self.filtered("user_id"):
            if case.activity_ids.filtered(
                lambda a: a.activity_type_id == todo and a.summary == summary
            ):
                continue
            case.activity_schedule(
                TODO_ACTIVITY,
                summary=summary,
                note=self.env._(
                    "%(case)s has no review date: its retention rule '%(rule)s' runs "
                    "from the child's date of birth, which the case does not record. "
                    "Add it to the case.",
                    case=case.name,
                    rule=case.retention_policy_id.name,
                ),
                user_id=case.user_id.id,
            )

    def _retention_trigger_dates(self, last_log_date):
        self.ensure_one()
        closed = self.date_closed if self.state == "closed" else False
        activity = [self.create_date.date()]
        if last_log_date:
            activity.append(last_log_date.date())
        if closed:
            activity.append(closed)
        return {
            "date_of_birth": self.child_id.sudo().date_of_birth,
            "closure": closed,
            "last_activity": max(activity),
            "order_date": self.adoption_order_date,
        }

    @api.model
    def _retention_periodic_policy(self):
        """The rule that applies to a case no kind of record matches."""
        return (
            self.env["safeguarding.retention.policy"]
            .sudo()
            .search(
                [("applies_when_none", "=", True), ("applies_to", "=", "case")],
                limit=1,
            )
        )

    def _retention_due_date(self, last_log_date, periodic=None):
        """(review date, deciding rule) of this case (one): the longest applicable
        rule wins; while any rule still waits for its trigger date, there is no
        review date, so nothing is reviewed early. ``periodic``: the periodic rule,
        when the caller has already found it."""
        self.ensure_one()
        # The rules of the register and the breach log are not a case's.
        policies = self.retention_policy_ids.filtered(lambda p: p.applies_to == "case")
        if not policies:
            # No kind of record matches: the periodic review still applies.
            policies = (
                self._retention_periodic_policy() if periodic is None else periodic
            )
        if not policies:
            return None, policies
        trigger_dates = self._retention_trigger_dates(last_log_date)
        date_of_birth = trigger_dates["date_of_birth"]
        dates = [
            (policy._review_date(trigger_dates, date_of_birth), policy)
            for policy in policies
        ]
        waiting = [policy for review, policy in dates if review is None]
        if waiting:
            return None, waiting[0]
        review, policy = max(dates, key=lambda item: (item[0], -item[1].id))
        if self.retention_keep_until and self.retention_keep_until > review:
            review = self.retention_keep_until
        return review, policy

    def _retention_close_activities(self, feedback):
        review_type = self.env.ref(REVIEW_ACTIVITY)
        self.sudo().activity_ids.filtered(
            lambda a: a.activity_type_id == review_type
        ).action_feedback(feedback=feedback)

    # Review outcomes

    def action_open_retention_review(self):
        self.ensure_one()
        self._check_retention_lead()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Retention Review of %(case)s", case=self.name),
            "res_model": "safeguarding.case.review",
            "view_mode": "form",
            "target": "new",
            "context": {"default_case_id": self.id},
        }

    def _check_review_allowed(self, reason):
        self.ensure_one()
        self._check_retention_lead()
        self.check_access("write")
        if not isinstance(reason, str) or not reason.strip():
            raise ValidationError(
                self.env._("Give the reason for the outcome of the retention review.")
            )
        if self.retention_status == "anonymised":
            raise UserError(
                self.env._("%(case)s is already anonymised.", case=self.name)
            )

    def _retention_keep(self, keep_until, reason):
        """Record a review that keeps the case until ``keep_until``."""
        self._check_review_allowed(reason)
        today = fields.Date.context_today(self)
        if not keep_until or fields.Date.to_date(keep_until) <= today:
            raise ValidationError(
                self.env._("A case kept after review needs a new review date to come.")
            )
        self._retention_write(
            {
                "retention_keep_until": keep_until,
                "retention_review_date": keep_until,
                "retention_status": "held" if self.legal_hold else "scheduled",
                "retention_outcome": "keep",
                "retention_outcome_date": today,
                "retention_outcome_user_id": self.env.uid,
                "retention_outcome_reason": reason.strip(),
                "retention_checked_on": False,
            }
        )
        self._retention_close_activities(
            self.env._(
                "Kept until %(date)s: %(reason)s", date=keep_until, reason=reason
            )
        )
        self.message_post(
            body=self.env._(
                "Retention review: case kept until %(date)s. Reason: %(reason)s",
                date=keep_until,
                reason=reason.strip(),
            )
        )
        return True

    def _anonymise(self, reason):
        """Remove the personal details of the case's people and its summary, and
        their names from the free text and the sealed snapshots of the case's
        records. The decision log and its integrity chain keep every record's place
        and digest; what the anonymisation left is sealed against that digest."""
        self._check_review_allowed(reason)
        if self.legal_hold:
            raise UserError(
                self.env._(
                    "%(case)s is on legal hold: it cannot be anonymised until the "
                    "hold is lifted.",
                    case=self.name,
                )
            )
        if self.state != "closed":
            raise UserError(
                self.env._(
                    "%(case)s is open: close it before it is anonymised.",
                    case=self.name,
                )
            )
        records = self._case_records()
        holding = {
            # sudo: the case's own sealed rows, read to seal them again below.
            model_name: self.env[model_name].sudo().browse(ids)._integrity_holding()
            for model_name, ids in records.items()
            if "integrity_hash" in self.env[model_name]._fields
        }
        people = self._anonymise_people()
        self._anonymise_texts(records, people)
        for model_name, ids in holding.items():
            self.env[model_name].sudo()._integrity_seal_anonymised(ids)
        today = fields.Date.context_today(self)
        note = self.env._(
            "Anonymised on %(date)s: %(reason)s", date=today, reason=reason.strip()
        )
        self._retention_write(
            {
                "summary": False,
                "close_reason": note,
                "retention_status": "anonymised",
                "retention_outcome": "anonymise",
                "retention_outcome_date": today,
                "retention_outcome_user_id": self.env.uid,
                "retention_outcome_reason": reason.strip(),
            },
            move="anonymise",
        )
        self._retention_close_activities(note)
        self.message_post(
            body=self.env._(
                "Case anonymised: %(count)s people's details removed. Reason: "
                "%(reason)s",
                count=len(people),
                reason=reason.strip(),
            )
        )
        return True

    def _case_records(self):
        """{model name: ids} of this case's (one) records: the case and every row
        of the addon's case data reached from it, derived from the registry so that
        a new model is covered unasked."""
        self.ensure_one()
        records = {}
        for model_name in addon_models(self.env):
            model = self.env[model_name]
            policy = policy_of(self.env, model_name)
            path = case_path(self.env, model_name)
            if (
                policy is None
                or policy.kind != "case_data"
                or model._transient
                or model._table_query
                or not model._auto
                or not path
            ):
                continue
            # sudo: the case's own rows, every one of them, for its anonymisation.
            found = (
                model.sudo()
                .with_context(active_test=False)
                .search([(path, "=", self.id)])
            )
            if found:
                records[model_name] = found.ids
        return records

    def _anonymise_texts(self, records, people):
        """Replace the names of the anonymised ``people`` ({partner id: (name as
        typed, label)}) in every free-text field of the case's ``records`` ({model:
        ids}), of their sealed snapshots and of what the mail module keeps of them
        (messages, tracking, e-mails, activities, attachments), by their label. In
        SQL: the sealed rows are the server's to rewrite here, their seal given
        again by the caller."""
        shared = self.env._("Anonymised person (%(case)s)", case=self.name)
        pattern, labels = name_pattern(
            sorted(people.values(), key=lambda item: item[0] or ""), shared
        )
        if not pattern:
            return

        def replace(text):
            return pattern.sub(
                lambda match: labels[" ".join(match.group(0).split()).lower()], text
            )

        messages = []
        for model_name, ids in records.items():
            model = self.env[model_name]
            self._rewrite_texts(model._table, text_fields(model), ids, replace)
            if SNAPSHOT in model._fields:
                self._rewrite_snapshots(model._table, ids, replace)
            self.env.cr.execute(
                SQL(
                    "SELECT id FROM mail_message WHERE model = %s AND res_id IN %s",
                    model_name,
                    tuple(ids),
                )
            )
            messages += [row[0] for row in self.env.cr.fetchall()]
            for mail_model, (hangs, names) in MAIL_TEXT_FIELDS.items():
                if hangs != "record" or mail_model == "mail.message":
                    continue
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE res_model = %s AND res_id IN %s",
                        SQL.identifier(self.env[mail_model]._table),
                        model_name,
                        tuple(ids),
                    )
                )
                found = [row[0] for row in self.env.cr.fetchall()]
                self._rewrite_texts(self.env[mail_model]._table, names, found, replace)
        if messages:
            self._rewrite_texts(
                "mail_message", MAIL_TEXT_FIELDS["mail.message"][1], messages, replace
            )
            for mail_model, (hangs, names) in MAIL_TEXT_FIELDS.items():
                if hangs != "message":
                    continue
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE mail_message_id IN %s",
                        SQL.identifier(self.env[mail_model]._table),
                        tuple(messages),
                    )
                )
                found = [row[0] for row in self.env.cr.fetchall()]
                self._rewrite_texts(self.env[mail_model]._table, names, found, replace)
        self.env.invalidate_all()

    def _rewrite_snapshots(self, table, ids, replace):
        """Apply ``replace`` to every text of the sealed snapshots of the rows
        ``ids`` of ``table``: the names a record prints as they were when it was
        sealed (its recipient, its requester...). The caller seals them again."""
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM %s WHERE id IN %s AND %s IS NOT NULL",
                SQL.identifier(SNAPSHOT),
                SQL.identifier(table),
                tuple(ids),
                SQL.identifier(SNAPSHOT),
            )
        )
        for row_id, snapshot in self.env.cr.fetchall():
            rewritten = replace_in_json(snapshot, replace)
            if rewritten != snapshot:
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET %s = %s::jsonb WHERE id = %s",
                        SQL.identifier(table),
                        SQL.identifier(SNAPSHOT),
                        json.dumps(rewritten),
                        row_id,
                    )
                )

    def _rewrite_texts(self, table, columns, ids, replace):
        """Apply ``replace`` to ``columns`` of the rows ``ids`` of ``table``."""
        if not ids or not columns:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id, %s FROM %s WHERE id IN %s",
                SQL(", ").join(SQL.identifier(column) for column in columns),
                SQL.identifier(table),
                tuple(ids),
            )
        )
        for row_id, *values in self.env.cr.fetchall():
            changed = {
                column: replace(value)
                for column, value in zip(columns, values, strict=True)
                if isinstance(value, str) and replace(value) != value
            }
            if changed:
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET %s WHERE id = %s",
                        SQL.identifier(table),
                        SQL(", ").join(
                            SQL("%s = %s", SQL.identifier(column), value)
                            for column, value in changed.items()
                        ),
                        row_id,
                    )
                )

    def _anonymise_people(self):
        """Anonymise the people of this case (one) that no other case still needs;
        returns {partner id: (name as it was, new name)}. Called after the lead's
        checks only."""
        self.ensure_one()
        case = self.sudo()
        people = (
            case.child_id
            | case.person_ids.partner_id
            | case.consent_ids.given_by_id
            | case.consent_ids.withdrawn_by_id
        ).filtered(lambda p: not p.is_company and not p.user_ids)
        other_cases = self.sudo().search(
            [
                ("id", "!=", self.id),
                ("retention_status", "!=", "anonymised"),
                "|",
                "|",
                ("child_id", "in", people.ids),
                ("person_ids.partner_id", "in", people.ids),
                ("consent_ids.given_by_id", "in", people.ids),
            ]
        )
        people -= (
            other_cases.child_id
            | other_cases.person_ids.partner_id
            | other_cases.consent_ids.given_by_id
        )
        labels, names = {}, {}
        for partner in people:
            names[partner.id] = partner.name
            label = (
                self.env._("Anonymised child (%(case)s)", case=self.name)
                if partner == case.child_id
                else self.env._("Anonymised person (%(case)s)", case=self.name)
            )
            labels[partner.id] = label
            partner.with_context(tracking_disable=True).write(
                dict.fromkeys(PARTNER_CLEARED_FIELDS, False) | {"name": label}
            )
        # Names kept elsewhere: the consents' stored names, the case's tracked child.
        consents = case.consent_ids.filtered(
            lambda c: c.given_by_id.id in labels or c.withdrawn_by_id.id in labels
        )
        self.env.add_to_compute(consents._fields["name"], consents)
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "=", self.id),
                    ("field_id.name", "=", "child_id"),
                ]
            )
        )
        for tracking in trackings:
            tracking.write(
                {
                    "old_value_char": labels.get(
                        tracking.old_value_integer, tracking.old_value_char
                    ),
                    "new_value_char": labels.get(
                        tracking.new_value_integer, tracking.new_value_char
                    ),
                }
            )
        self.env.flush_all()
        return {pid: (names[pid], label) for pid, label in labels.items()}
