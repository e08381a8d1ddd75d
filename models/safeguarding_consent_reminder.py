from datetime import timedelta

from odoo import api, fields, models
from odoo.osv import expression

REMINDER_DAYS_PARAM = "safeguarding_info_sharing.consent_reminder_days"
REVIEW_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_consent_review"
EXPIRY_ACTIVITY = "safeguarding_info_sharing.mail_activity_type_consent_expiry"
REMINDERS_JOB = "safeguarding_info_sharing.ir_cron_consent_reminders"


class SafeguardingConsent(models.Model):
    """Reminders to the case's lead practitioner when a given consent is due for
    review or about to expire, and the move of expired consents to 'expired'."""

    # One concern per file, beside the model's own files (reports, retention).
    _inherit = "safeguarding.consent"  # pylint: disable=consider-merging-classes-inherited

    review_reminded = fields.Boolean(
        readonly=True,
        copy=False,
        help="The lead practitioner was reminded of the current review date.",
    )
    expiry_reminded = fields.Boolean(
        readonly=True,
        copy=False,
        help="The lead practitioner was told that the consent is about to expire.",
    )

    def write(self, vals):
        if "date_review" in vals and "review_reminded" not in vals:
            # A new review date gets its own reminder.
            vals = dict(vals, review_reminded=False)
        return super().write(vals)

    @api.model
    def _reminder_domains(self):
        now = fields.Datetime.now()
        days = int(
            self.env["ir.config_parameter"].sudo().get_param(REMINDER_DAYS_PARAM, 14)
        )
        horizon = now + timedelta(days=days)
        given = [("state", "=", "given")]
        return {
            "expired": given + [("date_expiry", "<=", now)],
            "expiring": given
            + [
                ("expiry_reminded", "=", False),
                ("date_expiry", ">", now),
                ("date_expiry", "<=", horizon),
            ],
            "review": given
            + [
                ("review_reminded", "=", False),
                ("date_review", "<=", horizon.date()),
            ],
        }

    @api.model
    def _cron_consent_reminders(self, batch_size=100):
        """Expire, and remind of, one batch of consents; reports its progress, and
        the cron runner calls again while consents remain. Each consent is treated
        on its own: one that fails is reported and left until tomorrow. Returns how
        many remain."""
        domains = self._reminder_domains()
        return self.env["safeguarding.job.failure"]._run_batch(
            REMINDERS_JOB,
            self,
            expression.OR(list(domains.values())),
            lambda batch: batch._remind(domains),
            batch_size,
        )

    def _remind(self, domains):
        """Expire these consents that are past their expiry, and remind the lead
        practitioner of each that is due for review or about to expire."""
        consents = self
        expired = consents.filtered_domain(domains["expired"])
        expiring = consents.filtered_domain(domains["expiring"]) - expired
        review = consents.filtered_domain(domains["review"]) - expired
        expired.action_expire()
        for consent in expiring:
            consent.activity_schedule(
                EXPIRY_ACTIVITY,
                date_deadline=consent.date_expiry.date(),
                note=self.env._(
                    "Consent '%(consent)s' on %(case)s expires on %(date)s: ask again "
                    "or rely on another lawful basis.",
                    consent=consent.name,
                    case=consent.case_id.name,
                    date=consent.date_expiry.date(),
                ),
                user_id=consent.case_id.user_id.id,
            )
        for consent in review:
            consent.activity_schedule(
                REVIEW_ACTIVITY,
                date_deadline=consent.date_review,
                note=self.env._(
                    "Consent '%(consent)s' on %(case)s is due for review on %(date)s.",
                    consent=consent.name,
                    case=consent.case_id.name,
                    date=consent.date_review,
                ),
                user_id=consent.case_id.user_id.id,
            )
        expiring.write({"expiry_reminded": True})
        review.write({"review_reminded": True})
