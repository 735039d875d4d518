# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError

from .hoctap_fund_document import FUND_REVERSAL_KEY, FUND_REVERSAL_TOKEN

FUND_DOCUMENT_MODELS = ("hoctap.donation", "hoctap.dues.collection", "hoctap.award")


class AccountMove(models.Model):
    """The fund's entries stay posted: a fund document is cancelled by its reversal only.

    An entry is a fund entry when a donation, dues collection or award points to
    it, or when one of its items is tagged with a fund source. Whatever the
    client, such an entry is never reset to draft, cancelled or deleted (Odoo
    already refuses to delete a posted entry; the state cannot be written either).
    """

    _inherit = "account.move"

    def _post(self, soft=True):
        self.line_ids._check_hoctap_fund_access()
        return super()._post(soft=soft)

    def _check_draftable(self):
        res = super()._check_draftable()
        self._check_not_fund_entry()
        self.line_ids._check_hoctap_fund_access()
        return res

    def _reverse_moves(self, default_values_list=None, cancel=False):
        """The entry of a fund document is reversed by cancelling the document, which records the reversal."""
        if self.env.context.get(FUND_REVERSAL_KEY) is not FUND_REVERSAL_TOKEN:
            linked = self._hoctap_document_moves()
            if linked:
                raise UserError(
                    self.env._(
                        "%(moves)s belongs to a learning-promotion fund document: cancel the donation, "
                        "dues collection or award instead, which posts and records the reversal.",
                        moves=", ".join(linked.mapped("name")),
                    )
                )
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    def write(self, vals):
        if "state" in vals and vals["state"] != "posted":
            self._check_not_fund_entry()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_fund_entry(self):
        self._check_not_fund_entry()

    def _check_not_fund_entry(self):
        fund_moves = self._hoctap_fund_moves()
        if fund_moves:
            raise UserError(
                self.env._(
                    "%(moves)s belongs to a learning-promotion fund: cancel the donation, dues collection "
                    "or award instead, which posts a reversal.",
                    moves=", ".join(fund_moves.mapped("name")),
                )
            )

    def _hoctap_fund_moves(self):
        """These moves that a fund document points to, or that carry fund-tagged items once posted."""
        tagged = self.filtered(lambda move: move.state == "posted" and move.sudo().line_ids.filtered("hoctap_source"))
        return self._hoctap_document_moves() | tagged

    def _hoctap_document_moves(self):
        """These moves that a donation, dues collection or award points to (entry or reversal)."""
        if not self.ids:
            return self.browse()
        linked = self.browse()
        for model in FUND_DOCUMENT_MODELS:
            documents = (
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search(["|", ("move_id", "in", self.ids), ("reversal_move_id", "in", self.ids)])
            )
            linked |= documents.move_id | documents.reversal_move_id
        return linked & self
