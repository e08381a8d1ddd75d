import csv
import io

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools.misc import format_datetime

from ..models.ir_actions_report import PDF_RENDERING
from ..models.ir_rule import second_factor_error

LEAD_GROUP = "safeguarding_info_sharing.group_lead"
# A cell starting with one of these is read as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def selection_label(record, field_name):
    field = record._fields[field_name]
    return dict(field._description_selection(record.env)).get(record[field_name], "")


class ReportSubjectAccess(models.AbstractModel):
    """What the agency holds about a person, for a subject access request (UK GDPR
    Art 15): the cases they appear on, the decisions on them, every disclosure with
    its recipient, date, purpose and lawful basis (Art 15(1)(c)), and the consents
    they gave or refused with their history.

    Everything is read as the requester, under their own record rules: the cases of
    other companies and the restricted cases they are not named on are left out, and
    reading a restricted case this way is logged as any other opening. The people
    whose identity is protected are flagged for redaction, never printed as if they
    could be released."""

    _name = "report.safeguarding_info_sharing.report_subject_access"
    _description = "Subject Access Output"
    # Printed as an official record (models/ir_actions_report.py).
    _official_record = True

    @api.model
    def _get_report_values(self, docids, data=None):
        partners = self.env["res.partner"].browse(docids)
        subjects = self._subject_access(partners)
        # The same output on screen (/report/html) is a production too.
        rendering = self.env.context.get("safeguarding_rendering")
        output_format = "pdf" if rendering is PDF_RENDERING else "html"
        self.env["safeguarding.subject.access.log"]._log_production(
            subjects, output_format
        )
        return {
            "doc_ids": docids,
            "doc_model": "res.partner",
            "docs": partners,
            "subjects": {subject["partner"].id: subject for subject in subjects},
        }

    @api.model
    def _check_requester(self):
        # Refused, not answered as if nothing were held: without two factors the
        # record rules would hide every case from the search.
        if self.env.user._safeguarding_second_factor_missing():
            raise second_factor_error(self.env)
        if not self.env.user.has_group(LEAD_GROUP):
            raise AccessError(
                self.env._(
                    "Only a safeguarding lead produces the answer to a subject access "
                    "request: ask a safeguarding lead or your data protection officer."
                )
            )

    @api.model
    def _subject_access(self, partners):
        """One output (a dict) per person of ``partners``, as the current user sees
        it. Refused unless the user is a safeguarding lead."""
        self._check_requester()
        return [self._subject(partner) for partner in partners]

    def _subject(self, partner):
        env = self.env
        partner_id = partner.id
        # As the user: the record rules leave out what they may not see.
        cases = env["safeguarding.case"].search(
            [
                "|",
                "|",
                "|",
                ("child_id", "=", partner_id),
                ("person_ids.partner_id", "=", partner_id),
                ("consent_ids.given_by_id", "=", partner_id),
                ("consent_ids.withdrawn_by_id", "=", partner_id),
            ],
            order="name, id",
        )
        cases._log_restricted_opening()
        case_outputs = [self._case(case, partner) for case in cases]
        return {
            "partner": partner,
            "name": partner.display_name,
            "produced_by": env.user.name,
            "produced_on": format_datetime(env, fields.Datetime.now(), dt_format=False),
            "cases": case_outputs,
            "disclosures": [
                disclosure
                for case in case_outputs
                for decision in case["decisions"]
                for disclosure in decision["disclosures"]
            ],
        }

    def _person_label(self, partner, case, subject):
        """The name of ``partner`` as the output shows it: flagged for redaction
        when their identity is protected on ``case`` (never the subject's own)."""
        if not partner:
            return ""
        protected = case.person_ids.filtered("protect_identity").partner_id - subject
        if partner in protected:
            return self.env._(
                "[redact before release: protected identity] %(name)s",
                name=partner.display_name,
            )
        return partner.display_name

    def _case(self, case, subject):
        env = self.env
        people = case.person_ids
        roles = []
        if case.child_id == subject:
            roles.append(env._("Child or young person"))
        roles += [
            selection_label(person, "role")
            for person in people.filtered(lambda p: p.partner_id == subject)
        ]
        others = []
        if case.child_id != subject:
            others.append(
                {
                    "name": self._person_label(case.child_id, case, subject),
                    "role": env._("Child or young person"),
                }
            )
        others += [
            {
                "name": self._person_label(person.partner_id, case, subject),
                "role": selection_label(person, "role"),
            }
            for person in people.filtered(lambda p: p.partner_id != subject)
        ]
        decisions = env["safeguarding.decision"].search(
            [("case_id", "=", case.id)], order="create_date, id"
        )
        disclosures = env["safeguarding.disclosure"].search(
            [("decision_id", "in", decisions.ids)], order="date_shared, id"
        )
        consent_domain = [("case_id", "=", case.id)]
        if case.child_id != subject:
            # The child's case holds every consent about them; anyone else's are
            # those they gave, refused or withdrew.
            consent_domain += [
                "|",
                ("given_by_id", "=", subject.id),
                ("withdrawn_by_id", "=", subject.id),
            ]
        consents = env["safeguarding.consent"].search(
            consent_domain, order="date_requested, id"
        )
        return {
            "reference": case.name,
            "company": case.company_id.name,
            "status": selection_label(case, "state"),
            "opened": format_datetime(env, case.create_date, dt_format=False),
            "roles": ", ".join(role for role in roles if role)
            or env._("Gave, refused or withdrew consent"),
            "people": others,
            "decisions": [
                self._decision(
                    decision,
                    disclosures.filtered(lambda d, dec=decision: d.decision_id == dec),
                    subject,
                )
                for decision in decisions
            ],
            "consents": [self._consent(consent, subject) for consent in consents],
        }

    def _decision(self, decision, disclosures, subject):
        env = self.env
        case = decision.case_id
        purpose = ": ".join(
            value for value in (decision.purpose_id.name, decision.purpose) if value
        )
        lawful_basis = "; ".join(decision.lawful_basis_ids.mapped("name"))
        result = selection_label(decision, "share_choice") or selection_label(
            decision, "outcome"
        )
        return {
            "reference": decision.name,
            "date": format_datetime(env, decision.date_decided, dt_format=False)
            if decision.date_decided
            else "",
            "status": selection_label(decision, "state"),
            "result": result,
            "recipient": self._person_label(decision.recipient_id, case, subject),
            "purpose": purpose,
            "lawful_basis": lawful_basis,
            "disclosures": [
                {
                    "case": case.name,
                    "decision": decision.name,
                    "recipient": self._person_label(
                        disclosure.recipient_id, case, subject
                    ),
                    "date_shared": disclosure.date_shared,
                    "date": format_datetime(
                        env, disclosure.date_shared, dt_format=False
                    ),
                    "purpose": purpose,
                    "lawful_basis": lawful_basis,
                    "what": disclosure.description,
                    "fact_or_opinion": selection_label(disclosure, "fact_or_opinion"),
                    "channel": disclosure.channel_id.name,
                }
                for disclosure in disclosures
            ],
        }

    def _consent(self, consent, subject):
        env = self.env
        case = consent.case_id
        answered = consent.date_given or consent.date_refused
        return {
            "kind": selection_label(consent, "kind"),
            "status": selection_label(consent, "state"),
            "given_by": self._person_label(consent.given_by_id, case, subject),
            "date": format_datetime(env, answered, dt_format=False) if answered else "",
            "scope": consent.scope_information or "",
            "recipients": ", ".join(
                self._person_label(partner, case, subject)
                for partner in consent.scope_recipient_ids
            ),
            "purposes": ", ".join(consent.scope_purpose_ids.mapped("name")),
            "events": [
                {
                    "event": selection_label(event, "event"),
                    "date": format_datetime(env, event.date, dt_format=False),
                    "by": event.user_id.name or "",
                    "person": self._person_label(event.partner_id, case, subject),
                    "note": event.note or "",
                }
                for event in consent.event_ids
            ],
        }

    @api.model
    def _subject_access_csv(self, subjects):
        """The outputs as one CSV file (UTF-8 with a byte order mark, for
        spreadsheets), a row per item, every cell safe from formula injection."""
        env = self.env
        output = io.StringIO()
        writer = csv.writer(output)
        writer.writerow(
            [
                env._("Section"),
                env._("Case"),
                env._("Reference"),
                env._("Date"),
                env._("Recipient"),
                env._("Purpose"),
                env._("Lawful Basis"),
                env._("Detail"),
            ]
        )

        def row(*values):
            writer.writerow(
                [
                    f"'{value}" if str(value).startswith(FORMULA_START) else value
                    for value in values
                ]
            )

        for subject in subjects:
            row(
                env._("Data subject"),
                "",
                subject["name"],
                subject["produced_on"],
                "",
                "",
                "",
                env._("Produced by %(user)s", user=subject["produced_by"]),
            )
            for case in subject["cases"]:
                ref = case["reference"]
                row(
                    env._("Case"),
                    ref,
                    ref,
                    case["opened"],
                    "",
                    "",
                    "",
                    env._(
                        "%(roles)s; %(status)s; %(company)s",
                        roles=case["roles"],
                        status=case["status"],
                        company=case["company"],
                    ),
                )
                for person in case["people"]:
                    row(
                        env._("Person on the case"),
                        ref,
                        "",
                        "",
                        "",
                        "",
                        "",
                        f"{person['name']} ({person['role']})",
                    )
                for decision in case["decisions"]:
                    row(
                        env._("Decision"),
                        ref,
                        decision["reference"],
                        decision["date"],
                        decision["recipient"],
                        decision["purpose"],
                        decision["lawful_basis"],
                        "; ".join(
                            v for v in (decision["status"], decision["result"]) if v
                        ),
                    )
                    for disclosure in decision["disclosures"]:
                        row(
                            env._("Disclosure"),
                            ref,
                            disclosure["decision"],
                            disclosure["date"],
                            disclosure["recipient"],
                            disclosure["purpose"],
                            disclosure["lawful_basis"],
                            env._(
                                "%(what)s (%(kind)s, %(channel)s)",
                                what=disclosure["what"],
                                kind=disclosure["fact_or_opinion"],
                                channel=disclosure["channel"],
                            ),
                        )
                for consent in case["consents"]:
                    row(
                        env._("Consent"),
                        ref,
                        consent["kind"],
                        consent["date"],
                        consent["recipients"],
                        consent["purposes"],
                        "",
                        env._(
                            "%(status)s by %(person)s: %(scope)s",
                            status=consent["status"],
                            person=consent["given_by"],
                            scope=consent["scope"],
                        ),
                    )
                    for event in consent["events"]:
                        row(
                            env._("Consent history"),
                            ref,
                            consent["kind"],
                            event["date"],
                            "",
                            "",
                            "",
                            "; ".join(
                                v
                                for v in (
                                    event["event"],
                                    event["person"],
                                    event["by"]
                                    and env._("recorded by %(user)s", user=event["by"]),
                                    event["note"],
                                )
                                if v
                            ),
                        )
        return ("\ufeff" + output.getvalue()).encode()
