# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class AccountMove(models.Model):
    """The fund's entries stay posted (Odoo refuses to delete posted entries): a fund
    document is cancelled by its reversal only, never by resetting its entry to draft."""

    _inherit = "account.move"

    def _post(self, soft=True):
        self.line_ids._check_hoctap_fund_access()
        return super()._post(soft=soft)

    def _check_draftable(self):
        res = super()._check_draftable()
        self._check_not_fund_entry()
        self.line_ids._check_hoctap_fund_access()
        return res

    def _check_not_fund_entry(self):
        fund_moves = self.filtered(lambda move: move.state == "posted" and move.line_ids.filtered("hoctap_source"))
        if fund_moves:
            raise UserError(self.env._(
                "%(moves)s belongs to a learning-promotion fund: cancel the donation, dues collection "
                "or award instead, which posts a reversal.",
                moves=", ".join(fund_moves.mapped("name")),
            ))
