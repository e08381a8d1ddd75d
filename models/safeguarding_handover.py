from odoo import models
from odoo.fields import Command

LEAD_GROUP = "safeguarding_info_sharing.group_lead"
DRAFT_TODO = "mail.mail_activity_data_todo"


class ResUsers(models.Model):
    """A leaver hands over: archiving a practitioner or a lead moves their
    safeguarding work to a successor, so that nobody's work (nor any scheduled job)
    waits on someone who left."""

    # One concern per file: the user's own file, and the handover of a leaver here.
    _inherit = "res.users"  # pylint: disable=consider-merging-classes-inherited

    def action_archive(self):
        # Before Odoo's mail module deletes the archived users' activities.
        self.filtered("active")._safeguarding_hand_over()
        return super().action_archive()

    def write(self, vals):
        leaving = (
            self.filtered("active")
            if "active" in vals and not vals["active"]
            else self.browse()
        )
        result = super().write(vals)
        if leaving:
            leaving._safeguarding_hand_over()
        return result

    def _safeguarding_hand_over(self, successor=None):
        """Move these users' (leavers) cases, drafts, to-dos, reviews and reminders,
        the requests they were to answer and the data sharing agreements they are
        responsible for, to ``successor``,
        or, where none is given or they may not read a record, to each case's
        default successor (the lead of its team): recorded on each case."""
        for leaver in self:
            leaver._safeguarding_hand_over_work(successor)

    def _safeguarding_hand_over_work(self, successor):
        self.ensure_one()
        # sudo: the work of someone who left is moved by the system, whoever
        # archives them; every successor may read what they are given (the
        # activities' own check refuses anyone else).
        leaver = self.sudo()
        env = leaver.env
        cases = env["safeguarding.case"].search([("user_id", "=", leaver.id)])
        drafts = env["safeguarding.decision"].search(
            [
                ("state", "=", "draft"),
                ("decided_by_id", "=", False),
                ("create_uid", "=", leaver.id),
            ]
        )
        activities = env["mail.activity"].search(
            [("user_id", "=", leaver.id), ("res_model", "=like", "safeguarding.%")]
        )
        for case in cases:
            # The successor chosen becomes its lead practitioner (who reads it),
            # when of its company.
            to = (
                successor
                if successor and case.company_id in successor.company_ids
                else case._successor_for(leaver)
            )
            if to:
                case.write(
                    {"user_id": to.id, "member_ids": [Command.unlink(leaver.id)]}
                )
                case.message_post(
                    body=self.env._(
                        "%(case)s handed over from %(leaver)s, who left, to "
                        "%(successor)s: the case, its drafts and to-dos, its reviews "
                        "and reminders.",
                        case=case.name,
                        leaver=leaver.name,
                        successor=to.name,
                    )
                )
        agreements = env["safeguarding.sharing.agreement"].search(
            [("user_id", "=", leaver.id)]
        )
        for agreement in agreements:
            to = agreement._successor_for(leaver, successor)
            if to:
                agreement.user_id = to
        # A request not yet answered is theirs to answer: its clock keeps running.
        requests = env["safeguarding.request"].search(
            [("user_id", "=", leaver.id), ("state", "!=", "answered")]
        )
        for request in requests:
            to = request._successor_for(leaver, successor)
            if to:
                request.user_id = to
        readers = env.registry["safeguarding.reader.mixin"]
        # A request given to someone else made their activities anew.
        for activity in activities.exists():
            record = env[activity.res_model].browse(activity.res_id)
            to = (
                record._successor_for(leaver, successor)
                if isinstance(record, readers)
                else successor
            )
            if to:
                activity.user_id = to
        summary = self.env._("Draft handed over")
        for draft in drafts:
            to = draft._successor_for(leaver, successor)
            # Once: archiving hands over again whatever is left.
            if to and not draft.activity_ids.filtered(
                lambda a, to=to: a.user_id == to and a.summary == summary
            ):
                draft.activity_schedule(
                    DRAFT_TODO,
                    summary=summary,
                    note=self.env._(
                        "%(leaver)s left before finishing %(decision)s: continue it, "
                        "or ask a lead to discard it.",
                        leaver=leaver.name,
                        decision=draft.name,
                    ),
                    user_id=to.id,
                )


class SafeguardingReaderMixin(models.AbstractModel):
    # One concern per file: who takes over a leaver's work on a record, here.
    _inherit = "safeguarding.reader.mixin"  # pylint: disable=consider-merging-classes-inherited

    def _handover_case(self):
        """The case this record (one) is recorded on, if any."""
        if self._name == "safeguarding.case":
            return self
        return self["case_id"] if "case_id" in self._fields else None

    def _successor_for(self, leaver, successor=None):
        """Who takes over ``leaver``'s work on this record (one): ``successor`` when
        they may read it, else whoever is in charge of it (its case's lead
        practitioner, an agreement's responsible) when not the leaver, else its
        default successor."""
        self.ensure_one()
        case = self._handover_case()
        owner = case.user_id if case else self["user_id"]
        candidates = (successor or self.env["res.users"]) | (owner - leaver)
        for user in candidates.filtered("active"):
            if self._readers_among(user):
                return user
        return self._default_successor(leaver)

    def _default_successor(self, leaver):
        """The lead of the case's team (the first safeguarding lead among its team
        members), else the lead handing the work over, else the first lead of the
        record's company, who may read it."""
        self.ensure_one()
        case = self._handover_case()
        others = self.env["res.users"]
        if case:
            others = (case.member_ids - leaver).filtered(
                lambda user: user.active and user.has_group(LEAD_GROUP)
            )
        if self.env.user != leaver and self.env.user.has_group(LEAD_GROUP):
            others |= self.env.user
        others |= (
            self.env.ref(LEAD_GROUP)
            .users.filtered(
                lambda user: user != leaver and self.company_id in user.company_ids
            )
            .sorted("id")
        )
        return self._readers_among(others)[:1]
