# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .hoctap_fund_document import check_related_unchanged


class HoctapDuesLine(models.Model):
    """One member's dues in a collection; ``paid`` is ticked by the officer."""

    _name = "hoctap.dues.line"
    _description = "Dues Line"
    _order = "collection_id, partner_id"
    _check_company_auto = True

    collection_id = fields.Many2one("hoctap.dues.collection", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="collection_id.company_id", store=True)
    currency_id = fields.Many2one(related="collection_id.currency_id")
    membership_id = fields.Many2one(
        "hoctap.membership", required=True, index=True, ondelete="restrict", check_company=True
    )
    partner_id = fields.Many2one(related="membership_id.partner_id", store=True, string="Member")
    association_id = fields.Many2one(related="collection_id.association_id", store=True, index=True)
    year = fields.Integer(aggregator=False, related="collection_id.year", store=True, index=True)
    state = fields.Selection(related="collection_id.state", store=True)
    amount = fields.Monetary()
    paid = fields.Boolean(string="Has Paid")

    _sql_constraints = [
        (
            "membership_collection_uniq",
            "unique(collection_id, membership_id)",
            "A member appears only once in a dues collection.",
        ),
        ("amount_not_negative", "CHECK(amount >= 0)", "Dues cannot be negative."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        collections = self.env["hoctap.dues.collection"].browse(
            {vals["collection_id"] for vals in vals_list if vals.get("collection_id")}
        )
        collections._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        check_related_unchanged(self, vals)
        self.collection_id._check_lines_editable()
        if "collection_id" in vals:
            self.env["hoctap.dues.collection"].browse(vals["collection_id"])._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_collection_posted(self):
        self.collection_id.filtered("move_id")._check_lines_editable()

    def _check_not_paid_twice(self):
        """A member pays the dues of a year once, even after a transfer to another branch.

        A transfer closes the membership and opens a new one for the same person,
        so the rule is on the person, not on the membership; the earlier payment
        may be in a branch outside the user's scope, hence the search as superuser.
        """
        twice = self.sudo().search(
            [
                ("partner_id", "in", self.partner_id.ids),
                ("year", "in", self.mapped("year")),
                ("paid", "=", True),
                ("state", "=", "posted"),
                ("id", "not in", self.ids),
            ],
            limit=1,
        )
        if twice:
            raise UserError(
                self.env._(
                    "%(member)s has already paid the dues of %(year)s (%(collection)s).",
                    member=twice.partner_id.name,
                    year=twice.year,
                    collection=twice.collection_id.name,
                )
            )
        if any(line.paid and line.amount <= 0 for line in self):
            raise UserError(self.env._("A member ticked as paid needs an amount."))
