from odoo import api, fields, models
from odoo.tools.misc import format_date, format_datetime, formatLang


def sealed_day(value):
    """A day a snapshot holds as text, or None (none, or not a day)."""
    try:
        return fields.Date.to_date(value) if isinstance(value, str) else None
    except ValueError:
        return None


def selection_label(record, field_name):
    """The label of a selection field's value on ``record`` (one), or ""."""
    value = record[field_name]
    if not value:
        return ""
    return dict(record._fields[field_name]._description_selection(record.env))[value]


class ReportDecisionRecord(models.AbstractModel):
    """The printed record of a decision, for a strategy meeting, a court bundle, an ICO
    audit or a case review."""

    _name = "report.safeguarding_info_sharing.report_decision_record"
    _description = "Information Sharing Decision Record"
    # Printed as an official record (models/ir_actions_report.py).
    _official_record = True

    @api.model
    def _get_report_values(self, docids, data=None):
        decisions = self.env["safeguarding.decision"].browse(docids)
        # Refused at once, with the rules' own message, not halfway through the
        # template; nothing is logged for a refused print.
        decisions.check_access("read")
        # Before the template reads them under the user's rules.
        decisions._log_restricted_opening(checked=False)
        return {
            "doc_ids": docids,
            "doc_model": "safeguarding.decision",
            "docs": decisions,
            # Called by the template, which reads each decision under the
            # reader's own access rules.
            "record_rows": self._record_rows,
        }

    @api.model
    def _accountable(self, decision):
        """Who is accountable for the decision (one): the lead who signed it off, or,
        for an emergency recorded before sign-off, the practitioner who recorded it
        (MASH accountability); "" while neither is known."""
        approved = decision.signoff_ids.filtered(lambda row: row.action == "approve")
        if approved:
            row = approved[-1]
            people = [row.user_id.name, row.user_id.function]
            when = self.env._(
                "signed off on %(date)s",
                date=format_datetime(self.env, row.date, dt_format=False),
            )
        elif decision.emergency and decision.date_decided:
            people = [decision.decided_by_id.name, decision.decided_by_id.function]
            when = self.env._(
                "emergency recorded on %(date)s before sign-off",
                date=format_datetime(self.env, decision.date_decided, dt_format=False),
            )
        else:
            return ""
        return ", ".join(value for value in [*people, when] if value)

    @api.model
    def _record_rows(self, decision):
        """(label, value) rows of a decision's printed record: the fields of the ICO
        data sharing code's one-off request form, then the decision. An empty value
        prints as "Not recorded"."""

        def label(field_name, record=decision):
            return selection_label(record, field_name)

        def join(values, sep="; "):
            return sep.join(value for value in values if value)

        def day(value):
            return format_date(self.env, value) if value else ""

        # In the order the law stacks the layers, whatever order they were chosen in.
        bases = decision.lawful_basis_ids.sorted(
            lambda b: (b.layer_order, b.sequence, b.code)
        )

        def basis_names(*layers):
            return [
                decision._as_recorded(
                    decision._recorded("lawful_bases", entry=basis.id), basis.name
                )
                for basis in bases
                if basis.layer in layers
            ]

        necessary = decision.principle_ids.filtered(
            lambda line: line.principle_id.code == "necessary_proportionate"
        )
        advice = decision.advice_ids.filtered(
            lambda a: (
                a.adviser_role in ("dpo", "ig_lead", "caldicott")
                and a.state == "answered"
            )
        )
        case = decision.case_id
        # What the decision names, as it was recorded (sealed), today's name beside
        # it where it differs.
        recorded = decision._recorded
        as_recorded = decision._as_recorded
        organisation = decision.recipient_id.commercial_partner_id
        organisation_name = as_recorded(recorded("recipient", 4), organisation.name)
        agreement = decision.sharing_agreement_id
        by_recipient = self._recipient_texts(decision, organisation_name, agreement)
        request = [
            (self.env._("How it started"), label("trigger")),
            (
                self.env._("Organisation holding the information"),
                decision.company_id.name,
            ),
            (
                self.env._("Requesting organisation"),
                as_recorded(
                    recorded("requester_organisation"),
                    decision.requester_organisation_id.name,
                ),
            ),
            (self.env._("Receiving organisation"), by_recipient["organisations"]),
            (
                self.env._("Requester name and position"),
                join(
                    [
                        as_recorded(recorded("requester"), decision.requester_id.name),
                        as_recorded(
                            recorded("requester", 2), decision.requester_id.function
                        ),
                    ],
                    ", ",
                ),
            ),
            (self.env._("Date request received"), day(decision.date_received)),
            (self.env._("Data requested"), decision.information_requested),
            *(
                [
                    (
                        self.env._("Why the request is necessary and proportionate"),
                        decision.request_proportionality,
                    ),
                    (
                        self.env._("The safeguarding partners' function it serves"),
                        decision.request_function,
                    ),
                ]
                if decision.statutory_basis == "s16h"
                else []
            ),
            (
                self.env._("Controller relationship"),
                by_recipient["controller"],
            ),
            (
                self.env._("Data sharing agreement in place"),
                by_recipient["agreement"],
            ),
            (
                self.env._("Purpose"),
                join(
                    [
                        as_recorded(recorded("purpose"), decision.purpose_id.name),
                        decision.purpose,
                    ],
                    ": ",
                ),
            ),
            (
                self.env._("Lawful basis (UK GDPR Article 6)"),
                join(basis_names("gdpr_art6")),
            ),
            (
                self.env._("Why the sharing is necessary"),
                join([decision.request_reason, *necessary.mapped("justification")]),
            ),
            (
                self.env._("Special category or criminal offence conditions"),
                join(
                    [
                        label("special_category_answer")
                        and self.env._(
                            "Special category data: %(answer)s",
                            answer=label("special_category_answer"),
                        ),
                        label("criminal_offence_answer")
                        and self.env._(
                            "Criminal offence data: %(answer)s",
                            answer=label("criminal_offence_answer"),
                        ),
                        *basis_names("gdpr_art9", "gdpr_art10", "dpa_sch1", "dpa_sch8"),
                    ]
                ),
            ),
            (
                self.env._("Common law duty of confidence"),
                join(
                    [
                        label("confidential_answer")
                        and self.env._(
                            "Given in confidence: %(answer)s",
                            answer=label("confidential_answer"),
                        ),
                        *basis_names("common_law"),
                    ]
                ),
            ),
            (
                self.env._("Legal power"),
                join(
                    [
                        *basis_names("statutory"),
                        decision.statutory_basis != "none" and label("statutory_basis"),
                    ]
                ),
            ),
            (
                self.env._("DPIA or DPO view"),
                join(f"{label('adviser_role', a)}: {a.advice}" for a in advice),
            ),
            (
                self.env._("Retention"),
                join(
                    [
                        join(case.retention_policy_ids.mapped("name")),
                        case.retention_review_date
                        and self.env._(
                            "review on %(date)s", date=day(case.retention_review_date)
                        ),
                    ],
                    ", ",
                ),
            ),
            (
                self.env._("Security"),
                by_recipient["security"],
            ),
            (
                self.env._("Information rights (individual informed)"),
                join(
                    [
                        label("individual_informed"),
                        label("not_informed_reason"),
                        decision.not_informed_note,
                    ],
                    ": ",
                ),
            ),
            (self.env._("Reply due by"), day(decision.deadline)),
        ]
        outcome = [
            # Where the flowchart's route ends, then what the practitioner decided:
            # "you can share" is a permission, and both are on the record.
            (self.env._("Flowchart route ends in"), label("outcome")),
            (
                self.env._("Decision (the practitioner's choice)"),
                label("sharing_result"),
            ),
        ]
        if decision.sharing_result == "chose_not_to_share":
            outcome.append(
                (
                    self.env._("Principle not met, and why"),
                    join(
                        [
                            as_recorded(
                                recorded("declined_principle"),
                                decision.declined_principle_id.name,
                            ),
                            decision.declined_reason,
                        ],
                        ": ",
                    ),
                )
            )
        outcome += [
            (self.env._("Reasons for sharing or not sharing"), decision.reason),
            (
                self.env._("Consent"),
                decision.consent_id.name
                if decision.has_consent
                else label("no_consent_reason"),
            ),
        ]
        if decision.refusal_ids:
            outcome.append(
                (
                    self.env._("Refused or withdrawn on the case"),
                    join(decision.refusal_ids._refusal_labels()),
                )
            )
        if decision._shares() and decision._overrides_refusal():
            outcome.append(
                (
                    self.env._("Why share despite the refusal"),
                    decision.consent_override_reason,
                )
            )
        if decision.relied_on_withdrawn_consent:
            outcome.append(
                (
                    self.env._("Consent withdrawn"),
                    self.env._(
                        "on %(date)s; the recorded outcome is unchanged",
                        date=format_datetime(
                            self.env, decision.consent_date_withdrawn, dt_format=False
                        ),
                    ),
                )
            )
        outcome += [
            (
                self.env._("How much is shared"),
                by_recipient["how_much"],
            ),
            (
                self.env._("Accountable decision-maker (name, position, when)"),
                self._accountable(decision),
            ),
            (
                self.env._("Recorded by (name, position, date)"),
                join(
                    [
                        decision.decided_by_id.name,
                        decision.decided_by_id.function,
                        decision.date_decided
                        and format_datetime(
                            self.env, decision.date_decided, dt_format=False
                        ),
                    ],
                    ", ",
                ),
            ),
        ]
        if decision.share_pending:
            outcome.append(
                (
                    self.env._("What was shared"),
                    self.env._(
                        "Share pending: nothing is listed as shared under this "
                        "decision yet."
                    ),
                )
            )
        if decision.trigger == "request":
            outcome.append(
                (
                    self.env._("Discussed with the requester"),
                    join(
                        [
                            label("discussed_with_requester"),
                            day(decision.date_discussed),
                        ],
                        ", ",
                    ),
                )
            )
        if decision.immediate_risk or decision.crime_suspected:
            outcome.append(
                (
                    self.env._("Police notified (when, by whom, reference)"),
                    join(
                        [
                            decision.date_police_notified
                            and format_datetime(
                                self.env, decision.date_police_notified, dt_format=False
                            ),
                            decision.police_notified_by_id.name,
                            decision.police_reference,
                        ],
                        ", ",
                    ),
                )
            )
        if decision.police_reference_ids:
            outcome.append(
                (
                    self.env._("Police references (added afterwards)"),
                    join(
                        self.env._(
                            "%(reference)s (%(user)s, %(date)s)",
                            reference=row.reference,
                            user=row.user_id.name,
                            date=format_datetime(self.env, row.date, dt_format=False),
                        )
                        for row in decision.police_reference_ids
                    ),
                )
            )
        if decision.identity_checked:
            outcome.append(
                (
                    self.env._("Protecting identities (golden rule 5)"),
                    self._identity_text(decision),
                )
            )
        if decision.engagement_answer:
            outcome.append(
                (
                    self.env._("Engaging the child and carers before sharing"),
                    self._engagement_text(decision),
                )
            )
        if decision.telling_ids:
            outcome.append(
                (
                    self.env._("Telling the individual (who, how, when, what)"),
                    join(self._telling_text(row) for row in decision.telling_ids),
                )
            )
        outcome += self._advice_rows(decision)
        return {
            "request": request,
            "decision": outcome,
            # The principles' and each line's names, as they were sealed.
            "principles": {
                line.id: as_recorded(
                    recorded("principles", entry=line.id), line.principle_id.name
                )
                for line in decision.principle_ids
            },
            "disclosures": {
                item.id: (
                    item._as_recorded(
                        item._recorded("recipient", 2), item.recipient_id.display_name
                    ),
                    item._as_recorded(item._recorded("channel"), item.channel_id.name),
                )
                for item in decision.disclosure_ids
            },
        }

    def _security_text(self, decision):
        """The channel of the decision (one) as it was recorded, secure or why not,
        and whether the recipient was verified."""
        channel = decision.channel_id
        if not channel:
            return ""
        secure = decision._recorded("channel", 2)
        return ", ".join(
            value
            for value in (
                decision._as_recorded(decision._recorded("channel"), channel.name),
                self.env._("secure")
                if (channel.secure if secure is None else secure)
                else self.env._(
                    "not secure: %(why)s", why=decision.insecure_channel_reason or ""
                ),
                decision.recipient_verified
                and self.env._("recipient's identity verified"),
            )
            if value
        )

    def _agreement_text(self, decision, organisation_name):
        """The data sharing agreement in force with the receiving organisation on
        the decision's (one) day, as the register held it when it was recorded."""
        agreement = decision.sharing_agreement_id
        if not agreement:
            if not decision.recipient_id:
                return ""
            return self.env._(
                "None: no data sharing agreement with %(organisation)s is in force "
                "on %(date)s",
                organisation=organisation_name,
                date=format_date(self.env, decision._sharing_agreement_day()),
            )
        recorded = decision._recorded
        date_from, date_to = agreement.date_from, agreement.date_to
        if recorded("agreement", 0) is not None:
            date_from, date_to = (
                sealed_day(recorded("agreement", position)) for position in (2, 3)
            )
        return ", ".join(
            value
            for value in (
                decision._as_recorded(recorded("agreement"), agreement.name),
                self.env._(
                    "in force from %(date)s", date=format_date(self.env, date_from)
                ),
                date_to
                and self.env._("to %(date)s", date=format_date(self.env, date_to)),
            )
            if value
        )

    def _controller_relationship(self, decision, agreement):
        """The controller relationship of the agreement in force (one decision), as
        it was recorded."""
        if not agreement:
            return ""
        sealed = decision._recorded("agreement", 4)
        if sealed is None:
            return selection_label(agreement, "controller_relationship")
        labels = dict(
            agreement._fields["controller_relationship"]._description_selection(
                self.env
            )
        )
        return labels.get(sealed, "")

    def _recipient_texts(self, decision, organisation_name, agreement):
        """The texts of the ICO form's rows that name each recipient of the
        decision (one), by row label: the first recipient as the decision records it
        (its names as they were sealed), the others from their own rows, each named
        when there are several."""
        recipients = decision.recipient_ids.filtered("partner_id")
        first = decision._first_recipient()

        def per_recipient(first_text, text_of):
            return self._per_recipient(
                recipients, lambda row: first_text if row == first else text_of(row)
            )

        organisations = []
        for row in recipients:
            name = organisation_name if row == first else row.organisation_id.name
            if name not in organisations:
                organisations.append(name)
        return {
            "organisations": "; ".join(organisations) or organisation_name,
            "controller": per_recipient(
                self._controller_relationship(decision, agreement)
                or selection_label(decision, "controller_relationship")
                or self._controller_not_asked(),
                self._row_controller_text,
            )
            if decision._shares()
            # Nothing shared: no controller relationship arises from the decision.
            else self.env._("None: the decision is not to share"),
            "agreement": per_recipient(
                self._agreement_text(decision, organisation_name),
                self._row_agreement_text,
            ),
            "security": per_recipient(
                self._security_text(decision), self._row_security_text
            ),
            "how_much": self._per_recipient(recipients, lambda row: row.how_much),
        }

    def _per_recipient(self, rows, text_of):
        """The text of each recipient of a decision, each named when there are
        several."""
        texts = [(row, text_of(row)) for row in rows]
        if len(rows) == 1:
            return texts[0][1] or ""
        return "; ".join(
            self.env._(
                "%(recipient)s: %(text)s",
                recipient=row.partner_id.display_name,
                text=text,
            )
            for row, text in texts
            if text
        )

    def _row_controller_text(self, row):
        """The controller relationship with one recipient: the agreement's, or the
        practitioner's answer for a one-off share."""
        return (
            selection_label(row.sharing_agreement_id or row, "controller_relationship")
            or self._controller_not_asked()
        )

    def _controller_not_asked(self):
        """A share without an agreement in force nor an answer: recorded before a
        one-off share asked the practitioner, the record holds no relationship."""
        return self.env._(
            "Not asked when this decision was recorded, and no data sharing "
            "agreement was in force"
        )

    def _row_agreement_text(self, row):
        """The data sharing agreement in force with one recipient, or that none is."""
        agreement = row.sharing_agreement_id
        day = format_date(self.env, row.decision_id._sharing_agreement_day())
        if not agreement:
            return self.env._(
                "None: no data sharing agreement with %(organisation)s is in force "
                "on %(date)s",
                organisation=row.organisation_id.name,
                date=day,
            )
        period = self.env._(
            "in force from %(date)s", date=format_date(self.env, agreement.date_from)
        )
        if agreement.date_to:
            period += ", " + self.env._(
                "to %(date)s", date=format_date(self.env, agreement.date_to)
            )
        return self.env._(
            "%(agreement)s, %(period)s", agreement=agreement.name, period=period
        )

    def _row_security_text(self, row):
        """How one recipient was decided to receive it: its channel, whether it is
        secure (or why not) and whether its identity was verified."""
        if not row.channel_id:
            return ""
        parts = [
            row.channel_id.name,
            self.env._("secure")
            if row.channel_id.secure
            else self.env._(
                "not secure: %(why)s", why=row.insecure_channel_reason or ""
            ),
        ]
        if row.recipient_verified:
            parts.append(self.env._("recipient's identity verified"))
        return ", ".join(parts)

    def _engagement_text(self, decision):
        """Whether the child or carers were engaged before sharing (2024 golden
        rule 2): who, when and what was explained, or why not."""
        if decision.engagement_answer == "engaged":
            return self.env._(
                "%(people)s engaged on %(date)s: %(summary)s",
                people=", ".join(decision.engaged_person_ids.mapped("name")),
                date=format_datetime(self.env, decision.date_engaged, dt_format=False),
                summary=decision.engagement_summary or "",
            )
        return ": ".join(
            value
            for value in (
                self.env._("Not engaged"),
                selection_label(decision, "not_engaged_reason"),
                decision.not_engaged_note,
            )
            if value
        )

    def _identity_text(self, decision):
        """Who the share could identify among the protected people, and the steps."""
        people = decision.identity_exposed_ids.partner_id.mapped("name")
        if not people:
            return self.env._("The information identifies none of them.")
        steps = [
            label
            for flag, label in (
                (decision.identity_redacted, self.env._("their details redacted")),
                (
                    decision.identity_recipient_told,
                    self.env._("the recipient told not to pass them on"),
                ),
                (decision.identity_details_withheld, self.env._("details withheld")),
                (
                    decision.identity_contact_details,
                    self.env._("their address or contact details are shared"),
                ),
            )
            if flag
        ]
        return self.env._(
            "Could identify %(people)s: %(steps)s",
            people=", ".join(people),
            steps="; ".join(steps),
        )

    def _advice_rows(self, decision):
        """The advice sought on the decision (one), a row each, oldest first, with
        when it was asked and answered (golden rule 4: promptly)."""
        label = self.env._("Advice sought (who, asked, answered)")
        return [
            (label, self._advice_text(advice))
            for advice in decision.advice_ids.sorted(lambda a: (a.date_asked, a.id))
        ]

    def _advice_text(self, advice):
        """One advice as the printed record reads it."""
        who = ", ".join(
            value
            for value in (
                selection_label(advice, "adviser_role"),
                advice.adviser_id.name,
            )
            if value
        )
        asked = format_datetime(self.env, advice.date_asked, dt_format=False)
        if advice.state != "answered":
            return self.env._(
                "%(who)s: asked on %(asked)s, not answered yet. Question: %(question)s",
                who=who,
                asked=asked,
                question=advice.question,
            )
        return self.env._(
            "%(who)s: asked on %(asked)s, answered on %(answered)s (%(hours)s hours). "
            "Question: %(question)s Advice: %(advice)s Outcome: %(outcome)s",
            who=who,
            asked=asked,
            question=advice.question,
            answered=format_datetime(self.env, advice.date_answered, dt_format=False),
            hours=formatLang(self.env, advice.hours_to_answer, digits=2),
            advice=advice.advice,
            outcome=advice.outcome,
        )

    def _telling_text(self, row):
        """One telling entry as the printed record reads it."""
        if not row.told:
            return self.env._(
                "Not told (recorded %(moment)s by %(user)s, %(date)s): %(reason)s",
                moment=selection_label(row, "moment").lower(),
                user=row.user_id.name,
                date=format_datetime(self.env, row.date_logged, dt_format=False),
                reason=row.not_told_reason,
            )
        return self.env._(
            "%(people)s told %(method)s on %(date)s, %(moment)s (recorded by "
            "%(user)s): %(summary)s",
            people=", ".join(row.person_ids.mapped("name")),
            method=selection_label(row, "method").lower(),
            date=format_datetime(self.env, row.date_told, dt_format=False),
            moment=selection_label(row, "moment").lower(),
            user=row.user_id.name,
            summary=row.summary,
        )
