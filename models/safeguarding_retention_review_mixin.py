from odoo import models


class SafeguardingRetentionReviewMixin(models.AbstractModel):
    """The retention review, in one place for everything kept and then reviewed (a
    case, an agreement of the register, a breach of the log): the longest applicable
    rule gives the review date, a legal hold keeps the record, a review due is put
    on its reviewer's list, and nothing is ever deleted.

    A batch costs a bounded number of queries whatever its size: its review dates
    are written grouped by value, the tracking messages of its changes together,
    and its reviews due together. Each model says what its rules are, from which
    dates they run, who reviews it and whether a hold keeps it."""

    _name = "safeguarding.retention.review.mixin"
    _description = "Safeguarding Retention Review"

    # The activity type of a review due (an xmlid).
    _retention_activity = None

    def _retention_review_dates(self, today):
        """{record: (review date or None, deciding rule)} of the records of ``self``
        whose review is computed (an anonymised case has none any more); None
        while a rule still waits for its trigger date."""
        raise NotImplementedError

    def _retention_review_values(self, today):
        """What a review writes on this record (one) besides its date, rule and
        status: the day it was checked, say."""
        return {}

    def _retention_write(self, vals):
        """Write the review's values: the review's own move only."""
        raise NotImplementedError

    def _retention_pending(self, policies):
        """These records' rules wait for their trigger date ({record: rule}): ask
        for what is missing, when someone must give it."""

    def _retention_held(self):
        """Whether a legal hold keeps this record (one)."""
        return False

    def _retention_reviewer(self):
        """The user who reviews this record (one) when its review is due."""
        raise NotImplementedError

    def _retention_review_note(self):
        """What the review due asks of its reviewer, for this record (one)."""
        raise NotImplementedError

    def _retention_review(self, today):
        """Compute the review date of these records and put the review of each one
        that is due on its reviewer's list. Returns the records due."""
        dates = self._retention_review_dates(today)
        by_values = {}
        due = self.browse()
        pending = {}
        for record in self:
            values = record._retention_review_values(today)
            if record in dates:
                review, policy = dates[record]
                if not review:
                    status = "pending"
                    pending[record] = policy
                elif record._retention_held():
                    status = "held"
                elif review <= today:
                    status = "due"
                    due |= record
                else:
                    status = "scheduled"
                values.update(
                    retention_review_date=review or False,
                    retention_policy_id=policy.id,
                    retention_status=status,
                )
            if values:
                key = tuple(sorted(values.items()))
                by_values[key] = by_values.get(key, self.browse()) | record
        for key, records in by_values.items():
            records._retention_write(dict(key))
        self._retention_log_tracking()
        self.browse([record.id for record in pending])._retention_pending(pending)
        due._retention_ask_reviews()
        return due

    def _retention_log_tracking(self):
        """Write now, for these records at once, the tracking messages the commit
        would write one by one: a message per record whose tracked fields changed,
        with its tracked values, as Odoo's own tracking logs them (an internal
        note, no notification). Two inserts for the batch instead of two a record;
        each change stays in the record's history."""
        initial = self.env.cr.precommit.data.get(f"mail.tracking.{self._name}", {})
        tracked = self.filtered(lambda record: initial.get(record.id))
        if not tracked:
            return
        fields_info = self.fields_get(
            self._track_get_fields(),
            attributes=("string", "type", "selection", "currency_field"),
        )
        tracking = {}
        for record in tracked:
            _changed, commands = record._mail_track(fields_info, initial[record.id])
            if commands:
                tracking[record.id] = [values for _c, _i, values in commands]
        # Logged here: the commit has nothing left to track of them.
        tracked._track_discard()
        if not tracking:
            return
        messages = self.browse(list(tracking))._message_log_batch(bodies={})
        self.env["mail.tracking.value"].sudo().create(
            [
                dict(values, mail_message_id=message.id)
                for message in messages
                for values in tracking[message.res_id]
            ]
        )

    def _retention_ask_reviews(self):
        """Give the reviewer of each of these records (due) a review to do, unless
        one is already waiting: created together."""
        if not self:
            return
        activity_type = self.env.ref(self._retention_activity)
        waiting = set(
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": record.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "note": record._retention_review_note(),
                    "date_deadline": record.retention_review_date,
                    "user_id": record._retention_reviewer().id,
                    "automated": True,
                }
                for record in self
                if record.id not in waiting
            ]
        )
