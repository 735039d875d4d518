from . import hoctap_association_move
from . import hoctap_association_merge
from . import hoctap_membership_transfer
from . import hoctap_membership_leave
from . import hoctap_evaluation_reason
from . import hoctap_evaluation_mass_action
from . import hoctap_evaluation_mass_failure
from . import hoctap_evaluation_export
