"""pytest configuration for the project (pytest-odoo).

pytest-odoo starts Odoo without its test mode (in test mode, loading the registry would run
every installed module's own tests), then imports ``odoo.tests``, which logs an error when test
mode is off. Import it here first, in test mode, so the log stays clean; the mode is off again
before pytest-odoo parses Odoo's configuration.
"""

from odoo.tools import config

config["test_enable"] = True
import odoo.tests  # noqa: E402,F401  pylint: disable=unused-import,wrong-import-position

config["test_enable"] = False
