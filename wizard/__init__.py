from . import safeguarding_wizard_mixin
from . import safeguarding_case_close
from . import safeguarding_consent_withdraw
from . import safeguarding_decision_return
from . import safeguarding_case_review
from . import safeguarding_config_settings
from . import safeguarding_integrity_check
from . import safeguarding_decision_police_reference_add
