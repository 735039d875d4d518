from . import hoctap_association_move
from . import hoctap_association_merge
from . import hoctap_membership_transfer
from . import hoctap_membership_leave
from . import hoctap_statistic_return
from . import hoctap_target_copy
from . import hoctap_cluster_briefing
from . import hoctap_fund_statement
