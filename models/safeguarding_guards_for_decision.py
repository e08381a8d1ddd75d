"""The decision's and its principle lines' share of the record guards.

The decision and its lines are defined in their own files; these declarations belong
there and move into them as they are (see each class): until then they extend the
models here.
"""

from odoo import api, models
from odoo.exceptions import ValidationError


class SafeguardingDecision(models.Model):
    _name = "safeguarding.decision"
    _inherit = ["safeguarding.decision", "safeguarding.reader.mixin"]

    # Its consent and the decision it corrects are recorded on its own case.
    _same_case_fields = ("consent_id", "supersedes_id")
    # Moved by the decision's own methods only, from creation on.
    _create_guarded_fields = (
        "state",
        "decided_by_id",
        "date_decided",
        "signoff_state",
        "signoff_due",
    )

    @api.constrains("supersedes_id")
    def _check_supersedes_recorded(self):
        for decision in self:
            # sudo: its state only; another case's decision is refused by
            # _check_same_case, without its name.
            superseded = decision.supersedes_id.sudo()
            if (
                superseded
                and superseded.case_id == decision.case_id
                and superseded.state != "recorded"
            ):
                raise ValidationError(
                    self.env._(
                        "%(decision)s corrects a recorded decision only: "
                        "%(superseded)s is not recorded.",
                        decision=decision.name,
                        superseded=superseded.name,
                    )
                )


class SafeguardingDecisionPrinciple(models.Model):
    _name = "safeguarding.decision.principle"
    _inherit = ["safeguarding.decision.principle", "safeguarding.record.guard.mixin"]

    _parent_fields = ("decision_id", "case_id")
