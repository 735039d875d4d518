from . import bulk
from . import qr
from . import xlsx
