from . import test_case
from . import test_consent
from . import test_decision
from . import test_disclosure
from . import test_install
from . import test_reference_data
from . import test_signoff
from . import test_tour
