from . import bulk, xlsx
