from . import test_association
from . import test_partner
from . import test_membership
from . import test_reshape
from . import test_security
from . import test_member_card
from . import test_statistic
