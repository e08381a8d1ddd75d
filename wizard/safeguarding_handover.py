from odoo import fields, models
from odoo.exceptions import AccessError, UserError

LEAD_GROUP = "safeguarding_info_sharing.group_lead"
PRACTITIONER_GROUP = "safeguarding_info_sharing.group_practitioner"


class SafeguardingHandover(models.TransientModel):
    """A safeguarding lead hands a leaver's work over and archives them: their
    cases, drafts, to-dos, reviews and reminders go to the successor the lead
    chooses, or, left blank, to the lead of each case's team; recorded on each
    case."""

    _name = "safeguarding.handover"
    _description = "Hand Over a Leaver's Work"

    leaver_id = fields.Many2one(
        "res.users",
        required=True,
        ondelete="cascade",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref(PRACTITIONER_GROUP).ids),
            ("id", "!=", self.env.uid),
        ],
        help="The practitioner or lead who is leaving: archived once their work is "
        "handed over.",
    )
    successor_id = fields.Many2one(
        "res.users",
        ondelete="cascade",
        domain=lambda self: [
            ("share", "=", False),
            ("groups_id", "in", self.env.ref(PRACTITIONER_GROUP).ids),
        ],
        help="Who takes the work over. Left blank, each case goes to the lead of "
        "its team; anything the successor may not read goes there too.",
    )

    def action_hand_over(self):
        self.ensure_one()
        if not self.env.user.has_group(LEAD_GROUP):
            raise AccessError(
                self.env._("Only a safeguarding lead hands a leaver's work over.")
            )
        leaver, successor = self.leaver_id, self.successor_id
        if leaver == self.env.user or not leaver.has_group(PRACTITIONER_GROUP):
            raise UserError(
                self.env._(
                    "%(user)s is not a practitioner or lead another lead can hand "
                    "over: choose the colleague who is leaving.",
                    user=leaver.name,
                )
            )
        if not leaver.company_ids & self.env.user.company_ids:
            raise AccessError(
                self.env._(
                    "%(user)s works for none of your companies: their work is "
                    "handed over by a lead of theirs.",
                    user=leaver.name,
                )
            )
        if successor and (successor == leaver or not successor.active):
            raise UserError(
                self.env._(
                    "%(user)s cannot take the work over: choose an active colleague "
                    "other than the leaver, or leave Successor blank.",
                    user=successor.name,
                )
            )
        leaver._safeguarding_hand_over(successor or None)
        self._archive_leaver()
        return {"type": "ir.actions.act_window_close"}

    def _archive_leaver(self):
        # sudo: a lead archives the colleague who left, once their work is handed
        # over; nothing else of the user changes.
        self.leaver_id.sudo().action_archive()
