from . import res_partner
from . import res_users
from . import hoctap_association
from . import hoctap_association_officer
from . import hoctap_cluster
from . import hoctap_population
from . import hoctap_membership
