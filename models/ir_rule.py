from odoo import api, models
from odoo.exceptions import AccessError

# The models that hold case data: each has a global rule ``<model>_rule_second_factor``
# that opens none of it to a user who must first enable two-factor authentication.
SECOND_FACTOR_MODELS = (
    "safeguarding.case",
    "safeguarding.case.person",
    "safeguarding.case.access.log",
    "safeguarding.decision",
    "safeguarding.decision.principle",
    "safeguarding.decision.recipient",
    "safeguarding.decision.signoff",
    "safeguarding.decision.police.reference",
    "safeguarding.decision.telling",
    "safeguarding.disclosure",
    "safeguarding.disclosure.breach",
    "safeguarding.consent",
    "safeguarding.consent.event",
    "safeguarding.advice",
    "safeguarding.request",
    "safeguarding.request.exchange",
    "safeguarding.sharing.log",
    "safeguarding.subject.access.log",
    "safeguarding.integrity.check",
    "safeguarding.integrity.check.line",
)


def second_factor_error(env):
    """The refusal a user who must first enable two-factor authentication reads."""
    return AccessError(
        env._(
            "Your agency requires two-factor authentication before anyone "
            "reaches safeguarding case data, and you have not enabled it. "
            "Enable it in your Preferences, tab Account Security, button "
            "Enable two-factor authentication, then try again."
        )
    )


class IrRule(models.Model):
    _inherit = "ir.rule"

    @api.model
    def _eval_context(self):
        """The rules' ``safeguarding_second_factor_missing``: the user must enable
        two-factor authentication before reaching case data.

        Read from the user and the agency's setting alone, never from the context.
        The rules' domains are cached per user: writing a user's TOTP secret (it is
        one of the fields of the session token) and setting a parameter both clear
        that cache.
        """
        context = super()._eval_context()
        context["safeguarding_second_factor_missing"] = (
            self.env.user._safeguarding_second_factor_missing()
        )
        # For the rules on their messages and activities.
        context["safeguarding_case_data_models"] = list(SECOND_FACTOR_MODELS)
        return context

    def _make_access_error(self, operation, records):
        if records._name in SECOND_FACTOR_MODELS and (
            self.env.user._safeguarding_second_factor_missing()
        ):
            return second_factor_error(self.env)
        return super()._make_access_error(operation, records)
