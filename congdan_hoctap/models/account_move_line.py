# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .hoctap_award_program import AWARD_KINDS

FUND_SOURCES = [
    ("donation", "Donation"),
    ("dues", "Membership dues"),
    ("award", "Award"),
]


class AccountMoveLine(models.Model):
    """Tag the fund's journal items with where they come from.

    The tags are copied on reversal, so a cancelled document nets out in the
    same statement row as the document itself.
    """

    _inherit = "account.move.line"

    hoctap_source = fields.Selection(FUND_SOURCES, string="Fund Source", index=True)
    hoctap_campaign_id = fields.Many2one(
        "hoctap.fund.campaign", string="Fund Campaign", index="btree_not_null", ondelete="restrict"
    )
    hoctap_award_kind = fields.Selection(AWARD_KINDS, string="Award Kind")
