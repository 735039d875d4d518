# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapMembership(models.Model):
    """Show on each membership which years of dues its member has paid.

    Dues are paid by a person once a year, whichever branch collected them: a
    member transferred after paying shows the year as paid in the new branch too.
    """

    _inherit = "hoctap.membership"

    dues_line_ids = fields.One2many("hoctap.dues.line", "membership_id", string="Dues")
    dues_paid_this_year = fields.Boolean(
        compute="_compute_dues_paid",
        search="_search_dues_paid_this_year",
        help="The dues of the current year are in a posted collection.",
    )
    dues_last_paid_year = fields.Integer(aggregator=False, compute="_compute_dues_paid")

    def _paid_dues_domain(self):
        return [("paid", "=", True), ("state", "=", "posted")]

    def _compute_dues_paid(self):
        year = fields.Date.context_today(self).year
        groups = (
            self.env["hoctap.dues.line"]
            .sudo()
            ._read_group(
                [("partner_id", "in", self.partner_id.ids), *self._paid_dues_domain()],
                ["partner_id"],
                ["year:max"],
            )
        )
        last_year = {partner.id: max_year for partner, max_year in groups}
        for membership in self:
            membership.dues_last_paid_year = last_year.get(membership.partner_id.id, 0)
            membership.dues_paid_this_year = membership.dues_last_paid_year >= year

    def _search_dues_paid_this_year(self, operator, value):
        if operator not in ("=", "!="):
            return NotImplemented
        year = fields.Date.context_today(self).year
        paid = (
            self.env["hoctap.dues.line"]
            .sudo()
            ._search([("year", "=", year), *self._paid_dues_domain()])
            .subselect("partner_id")
        )
        positive = (operator == "=") == bool(value)
        return [("partner_id", "in" if positive else "not in", paid)]
