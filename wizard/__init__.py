from . import safeguarding_wizard_mixin
from . import safeguarding_case_close
from . import safeguarding_consent_withdraw
from . import safeguarding_decision_return
from . import safeguarding_case_review
from . import safeguarding_config_settings
