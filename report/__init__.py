from . import safeguarding_case_sharing_log
from . import safeguarding_decision_record
from . import safeguarding_subject_access
from . import safeguarding_request_reply
