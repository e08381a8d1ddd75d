from odoo import api, fields, models
from odoo.exceptions import ValidationError


class SafeguardingCaseRecordMixin(models.AbstractModel):
    """Something recorded on a case: it belongs to the case's company, and the record
    rules let people see it exactly as they see its case. It never moves to another
    case, and what it links to (``_same_case_fields``) is recorded on the same case."""

    _name = "safeguarding.case.record.mixin"
    _description = "Recorded on a Safeguarding Case"
    _inherit = [
        "safeguarding.record.guard.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _check_company_auto = True

    _parent_fields = ("case_id",)
    # Many2one fields to other records of a case: they must be of this record's case.
    _same_case_fields = ()

    case_id = fields.Many2one(
        "safeguarding.case",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    company_id = fields.Many2one(
        related="case_id.company_id", store=True, index=True, precompute=True
    )

    @api.constrains(lambda self: ("case_id", *self._same_case_fields))
    def _check_same_case(self):
        for record in self:
            for fname in record._same_case_fields:
                # sudo: the target may be on a case the user cannot read; only its
                # case is compared, nothing of it is shown.
                target = record[fname].sudo()
                if target and target.case_id != record.case_id:
                    raise ValidationError(
                        self.env._(
                            "%(field)s of %(record)s must be one recorded on the same "
                            "case, %(case)s: choose one from that case.",
                            field=record._fields[fname]._description_string(self.env),
                            record=record.display_name,
                            case=record.case_id.display_name,
                        )
                    )

    def _activity_vals(self, kind, users, note, due=None):
        """The values of an activity of type ``kind`` (an xmlid) on this record
        (one) for each of ``users``, due on ``due`` (today by default)."""
        self.ensure_one()
        # Browsed by its cached id: env.ref would also query that it still exists.
        activity_type = self.env["mail.activity.type"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(kind)
        )
        return [
            {
                "res_model_id": self.env["ir.model"]._get_id(self._name),
                "res_id": self.id,
                "activity_type_id": activity_type.id,
                "summary": activity_type.summary,
                "note": note,
                "date_deadline": due or fields.Date.context_today(self),
                "user_id": user.id,
                "automated": True,
            }
            for user in users
        ]

    def _create_activities(self, vals_list):
        """Create the activities at once. Their assignees find them in My Work and
        the activity menu: no e-mail carries them out of the system."""
        if vals_list:
            self.env["mail.activity"].with_context(
                mail_activity_quick_update=True
            ).create(vals_list)

    def _letter_action(self, name, template_xmlid, **context):
        """Odoo's composer on a letter about this record (one) from the agency's
        template, to review and log on it as a note: the letter is printed and sent,
        or sent by the agency's secure channel, never e-mailed from the case."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": self.env.ref(template_xmlid).id,
                "default_composition_mode": "comment",
                "default_subtype_xmlid": "mail.mt_note",
                **context,
            },
        }
