from odoo import models
from odoo.tools.misc import format_datetime


class SafeguardingCase(models.Model):
    """The printed "Sharing log" of a case."""

    # One concern per file, beside the model's own files (reports, retention).
    _inherit = "safeguarding.case"  # pylint: disable=consider-merging-classes-inherited

    def _sharing_log_timeline(self):
        """The sharing log of this case (one), oldest first, with readable labels."""
        self.ensure_one()
        env = self.env
        details = {
            "decision": dict(
                env["safeguarding.decision"]
                ._fields["outcome"]
                ._description_selection(env)
            )
            | dict(
                env["safeguarding.decision"]
                ._fields["state"]
                ._description_selection(env)
            ),
            "disclosure": dict(
                env["safeguarding.disclosure"]
                ._fields["fact_or_opinion"]
                ._description_selection(env)
            ),
            "consent": dict(
                env["safeguarding.consent"]._fields["state"]._description_selection(env)
            ),
            "advice": dict(
                env["safeguarding.advice"]
                ._fields["adviser_role"]
                ._description_selection(env)
            ),
        }
        # The log is an SQL view over the records: what was just written must be in
        # the tables before it is read, under the reader's own access rules.
        env.flush_all()
        lines = env["safeguarding.sharing.log"].search(
            [("case_id", "=", self.id)], order="date, id"
        )
        kinds = dict(
            env["safeguarding.sharing.log"]._fields["kind"]._description_selection(env)
        )
        return [
            {
                "date": format_datetime(env, line.date, dt_format=False)
                if line.date
                else "",
                "kind": kinds.get(line.kind, line.kind),
                "summary": line.summary,
                "detail": details.get(line.kind, {}).get(line.detail, line.detail),
                "user": line.user_id.name,
            }
            for line in lines
        ]
