import logging

import psycopg2

from odoo import api, fields, models
from odoo.osv import expression

_logger = logging.getLogger(__name__)

ADMIN_GROUP = "safeguarding_info_sharing.group_admin"
FAILURE_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_job_failure"


def failure_label(record):
    """How a scheduled job's failure names ``record`` to the administrators: its
    kind and reference, and its case's, never its content."""
    # sudo: the references only, for the administrators' report.
    record = record.sudo()
    if record._name == "safeguarding.case":
        return record.name
    label = f"{record._description} #{record.id}"
    if "case_id" in record._fields and record.case_id:
        label = f"{label} ({record.case_id.name})"
    return label


class SafeguardingJobFailure(models.Model):
    """A record a scheduled job could not treat. The job goes on with the others;
    the failure is logged and put on the safeguarding administrators' My Work, once
    a record and a job while it is open, and the job leaves that record alone for
    the rest of the day (tomorrow's run tries it again).

    It names the record by its model and reference only, never by its content."""

    _name = "safeguarding.job.failure"
    _description = "Scheduled Job Failure"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
    _rec_name = "record_name"

    job = fields.Char(required=True, readonly=True)
    res_model = fields.Char(string="Model", required=True, readonly=True, index=True)
    res_id = fields.Many2oneReference(
        string="Record ID", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char(string="Record", readonly=True)
    error = fields.Text(string="What Failed", readonly=True)
    date = fields.Datetime(string="Last Failed On", readonly=True, index=True)
    count = fields.Integer(string="Times", readonly=True, default=1)

    @api.model
    def _each_on_its_own(self, job, records, work):
        """Run ``work`` on ``records`` (a batch of the scheduled job ``job``, an
        xmlid) so that one record that fails never stops the others: the batch at
        once in a savepoint (two statements more, the usual case), and, only if
        that fails, each record again in a savepoint of its own. Each record that
        fails is reported (``_report``). Returns the records that failed.

        A concurrency error is not a record's failure: it is raised, for Odoo to
        run the job again."""
        try:
            with self.env.cr.savepoint():
                work(records)
        except psycopg2.OperationalError:
            raise
        except Exception:  # noqa: BLE001 -- whatever it is, each is tried alone below
            _logger.info("%s: a batch failed; its records are treated one by one", job)
        else:
            return records.browse()
        failed = []
        for record in records:
            try:
                with self.env.cr.savepoint():
                    work(record)
            except psycopg2.OperationalError:
                raise
            # One record's failure, whatever it is, must not stop the others.
            except Exception as error:  # noqa: BLE001
                failed.append((record, error))
        self._report(job, failed)
        return records.browse([record.id for record, _error in failed])

    @api.model
    def _run_batch(self, job, model, domain, work, batch_size):
        """One batch of the batched job ``job``: the records of ``model`` that
        ``domain`` selects, but those the job failed on today, ``work`` run on them
        each on its own; the progress reported to Odoo's cron runner, which calls
        again (committing in between) while some remain. Returns how many remain."""

        def todo():
            failed = self._failed_today(job, model._name)
            return expression.AND([domain, [("id", "not in", failed)]])

        records = model.sudo().search(todo(), limit=batch_size, order="id")
        self._each_on_its_own(job, records, work)
        self.env.flush_all()
        remaining = model.sudo().search_count(todo())
        self.env["ir.cron"]._notify_progress(done=len(records), remaining=remaining)
        # Bounded memory: the next batch starts from an empty cache.
        self.env.invalidate_all()
        return remaining

    @api.model
    def _failed_today(self, job, model_name):
        """The ids of the records of ``model_name`` that ``job`` failed on today:
        the job leaves them alone until tomorrow."""
        return (
            self.sudo()
            .search(
                [
                    ("job", "=", self._job_name(job)),
                    ("res_model", "=", model_name),
                    ("date", ">=", fields.Datetime.today()),
                ]
            )
            .mapped("res_id")
        )

    @api.model
    def _job_name(self, job):
        # sudo: the cron's name, to show the administrators which job it was.
        return self.env.ref(job).sudo().name

    @api.model
    def _report(self, job, failed):
        """Log each (record, error) of ``failed`` and put it on the safeguarding
        administrators' My Work: a failure open for the same record and job is
        updated instead of given again."""
        if not failed:
            return
        name = self._job_name(job)
        now = fields.Datetime.now()
        Failure = self.sudo()
        for record, error in failed:
            message = (
                str(error.args[0]) if getattr(error, "args", None) else repr(error)
            )
            label = failure_label(record)
            _logger.warning("%s: %s could not be treated: %s", name, label, message)
            failure = Failure.search(
                [
                    ("job", "=", name),
                    ("res_model", "=", record._name),
                    ("res_id", "=", record.id),
                ],
                limit=1,
            )
            if failure:
                failure.write(
                    {"error": message, "date": now, "count": failure.count + 1}
                )
            else:
                failure = Failure.create(
                    {
                        "job": name,
                        "res_model": record._name,
                        "res_id": record.id,
                        "record_name": label,
                        "error": message,
                        "date": now,
                    }
                )
            if not failure.activity_ids:
                failure._ask_administrators()

    def _ask_administrators(self):
        """A to-do on each active safeguarding administrator's My Work; in the
        application only, as the addon's own activities are."""
        activity_type = self.env.ref(FAILURE_ACTIVITY)
        admins = self.env.ref(ADMIN_GROUP).sudo().users.filtered("active")
        model_id = self.env["ir.model"]._get_id(self._name)
        self.env["mail.activity"].sudo().with_context(
            mail_activity_quick_update=True
        ).create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": failure.id,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "note": self.env._(
                        "%(job)s could not treat %(record)s: %(error)s",
                        job=failure.job,
                        record=failure.record_name,
                        error=failure.error,
                    ),
                    "user_id": admin.id,
                    "automated": True,
                }
                for failure in self
                for admin in admins
            ]
        )
