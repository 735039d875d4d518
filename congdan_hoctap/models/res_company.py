# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    hoctap_retention_years = fields.Integer(
        string="Personal Data Retention (years)",
        default=5,
        help="Former members are anonymised this many years after their last membership ended; persons "
        "with no membership, evaluation or donation this many years after they were recorded.",
    )
