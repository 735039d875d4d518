from . import qr
from . import xlsx
