# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError

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

    A journal item carrying a fund's analytic account can only be created,
    re-distributed, posted or reset to draft by a user who can see the fund
    (the fund's record rules), or by an accounting administrator.
    """

    _inherit = "account.move.line"

    hoctap_source = fields.Selection(FUND_SOURCES, string="Fund Source", index=True)
    hoctap_campaign_id = fields.Many2one(
        "hoctap.fund.campaign", string="Fund Campaign", index="btree_not_null", ondelete="restrict"
    )
    hoctap_award_kind = fields.Selection(AWARD_KINDS, string="Award Kind")

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines.filtered("analytic_distribution")._check_hoctap_fund_access()
        return lines

    def write(self, vals):
        if "analytic_distribution" not in vals:
            return super().write(vals)
        self.filtered("analytic_distribution")._check_hoctap_fund_access()
        res = super().write(vals)
        self.filtered("analytic_distribution")._check_hoctap_fund_access()
        return res

    def _check_hoctap_fund_access(self):
        """Refuse items of a fund the current user cannot access (by the fund's record rules)."""
        if self.env.su or not self:
            return
        analytic_ids = {
            int(part)
            for line in self for key in (line.analytic_distribution or {}) for part in key.split(",")
            if part.isdigit()
        }
        if not analytic_ids:
            return
        funds = self.env["hoctap.fund"].sudo().with_context(active_test=False).search(
            [("analytic_account_id", "in", list(analytic_ids))]
        )
        if not funds or self.env.user.has_group("account.group_account_manager"):
            return
        hidden = funds - funds.sudo(False)._filtered_access("read")
        if hidden:
            raise AccessError(self.env._(
                "You cannot record or change journal items of the fund %(funds)s: "
                "it belongs to an association outside your scope.",
                funds=", ".join(hidden.mapped("name")),
            ))
