from odoo import fields, models

WORK_BUCKETS = [
    ("signoff", "Awaiting my sign-off"),
    ("overdue", "Overdue sign-off"),
    ("returned", "Returned to me"),
    ("signed_off", "Signed off, to record"),
    ("share_pending", "Share pending what was shared"),
    ("telling", "Still to be told"),
    ("consent", "Consent reminder"),
    ("retention", "Retention review due"),
    ("job_failure", "Scheduled job failure"),
    ("request", "Request to answer or watch"),
    ("request_escalated", "Request escalated"),
    ("request_follow_up", "Request to reply, chase or tell"),
]


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    safeguarding_work = fields.Selection(
        WORK_BUCKETS,
        help="Where activities of this type are listed in Safeguarding's My Work.",
    )
