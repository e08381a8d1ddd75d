from odoo import fields, models

from .xmlids import cached_ref


class SafeguardingCaseRecordMixin(models.AbstractModel):
    """Something recorded on a case: its case and the case's company. Who sees it,
    and that it never moves to another case, its declaration says
    (safeguarding_policy.py)."""

    _name = "safeguarding.case.record.mixin"
    _description = "Recorded on a Safeguarding Case"
    _inherit = [
        "safeguarding.policy.mixin",
        "safeguarding.restricted.read.mixin",
    ]
    _check_company_auto = True

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

    def _activity_vals(self, kind, users, note, due=None):
        """The values of an activity of type ``kind`` (an xmlid) on this record
        (one) for each of ``users``, due on ``due`` (today by default)."""
        self.ensure_one()
        activity_type = cached_ref(self.env, kind)
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
