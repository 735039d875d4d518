# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

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

    Once posted, a fund's item keeps its fund tags and its analytic
    distribution, whoever asks: re-tagging it would take it out of the fund's
    figures or free its entry to be reset and deleted behind its document.
    """

    _hoctap_posted_locked_fields = ("hoctap_source", "hoctap_campaign_id", "hoctap_award_kind")

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
        if "analytic_distribution" in vals:
            self._check_hoctap_fund_access(vals["analytic_distribution"])
        self._check_hoctap_posted_fund_items(vals)
        res = super().write(vals)
        if "analytic_distribution" in vals:
            self.filtered("analytic_distribution")._check_hoctap_fund_access()
        return res

    def _check_hoctap_posted_fund_items(self, vals):
        """Refuse to change the fund tags or the distribution of a posted fund item."""
        locked = set(vals) & set(self._hoctap_posted_locked_fields)
        if "analytic_distribution" in vals:
            locked.add("analytic_distribution")
        if not locked:
            return
        posted = self.filtered(lambda line: line.parent_state == "posted")
        fund_items = (
            posted.filtered(lambda line: any(line[fname] for fname in self._hoctap_posted_locked_fields))
            | posted._hoctap_fund_items()
        )
        changed = fund_items.filtered(
            lambda line: any(
                line._hoctap_value(fname) != line._hoctap_new_value(fname, vals[fname]) for fname in locked
            )
        )
        if changed:
            raise UserError(
                self.env._(
                    "The fund and the analytic distribution of a posted fund item cannot be changed "
                    "(%(moves)s): cancel the fund document, which posts a reversal.",
                    moves=", ".join(changed.move_id.mapped("name")),
                )
            )

    def _hoctap_value(self, fname):
        value = self[fname]
        return value.id if isinstance(value, models.BaseModel) else (value or False)

    def _hoctap_new_value(self, fname, value):
        if fname == "analytic_distribution":
            return {key: float(pct) for key, pct in (value or {}).items()} or False
        return value or False

    def _hoctap_fund_items(self):
        """These items that carry (part of) a fund's analytic account."""
        analytic_ids = self._hoctap_analytic_ids()
        if not analytic_ids:
            return self.browse()
        funds = (
            self.env["hoctap.fund"]
            .sudo()
            .with_context(active_test=False)
            .search([("analytic_account_id", "in", list(analytic_ids))])
        )
        fund_analytics = {str(analytic_id) for analytic_id in funds.analytic_account_id.ids}
        return self.filtered(
            lambda line: any(
                part in fund_analytics for key in (line.analytic_distribution or {}) for part in key.split(",")
            )
        )

    def _hoctap_analytic_ids(self):
        return {
            int(part)
            for line in self
            for key in (line.analytic_distribution or {})
            for part in key.split(",")
            if part.isdigit()
        }

    def _check_hoctap_fund_access(self, distribution=None):
        """Refuse items of a fund the current user cannot access (by the fund's record rules).

        With ``distribution``, the funds of that new distribution are checked too.
        """
        if self.env.su or not self:
            return
        analytic_ids = self._hoctap_analytic_ids() | {
            int(part) for key in (distribution or {}) for part in key.split(",") if part.isdigit()
        }
        if not analytic_ids:
            return
        funds = (
            self.env["hoctap.fund"]
            .sudo()
            .with_context(active_test=False)
            .search([("analytic_account_id", "in", list(analytic_ids))])
        )
        if not funds or self.env.user.has_group("account.group_account_manager"):
            return
        hidden = funds - funds.sudo(False)._filtered_access("read")
        if hidden:
            raise AccessError(
                self.env._(
                    "You cannot record or change journal items of the fund %(funds)s: "
                    "it belongs to an association outside your scope.",
                    funds=", ".join(hidden.mapped("name")),
                )
            )
