from . import verify
from . import portal
from . import personal_data
from . import replica
