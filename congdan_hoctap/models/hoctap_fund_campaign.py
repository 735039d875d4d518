# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .hoctap_fund_document import check_related_unchanged


class HoctapFundCampaign(models.Model):
    """A fund-raising campaign (đợt vận động); what it raised is read from the ledger."""

    _name = "hoctap.fund.campaign"
    _description = "Fund Campaign"
    _inherit = ["mail.thread"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    fund_id = fields.Many2one("hoctap.fund", required=True, index=True, ondelete="restrict", tracking=True)
    association_id = fields.Many2one(related="fund_id.association_id", store=True, index=True)
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="fund_id.currency_id")
    date_start = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_end = fields.Date(tracking=True)
    target = fields.Monetary(tracking=True)
    amount_raised = fields.Monetary(string="Raised", compute="_compute_amount_raised")
    progress = fields.Float(compute="_compute_amount_raised", help="Raised as a percentage of the target.")
    description = fields.Html()

    def write(self, vals):
        check_related_unchanged(self, vals)
        if "fund_id" in vals and any(campaign.fund_id.id != vals["fund_id"] for campaign in self):
            if self.env["hoctap.donation"].sudo().search_count([("campaign_id", "in", self.ids)], limit=1):
                raise UserError(self.env._("A campaign with donations cannot be moved to another fund."))
        res = super().write(vals)
        if "fund_id" in vals:
            self.check_access("write")
        return res

    @api.depends("fund_id")
    def _compute_amount_raised(self):
        """What the campaign raised: its fund's share of the posted items tagged with it."""
        rows = self.fund_id._ledger_shares(["hoctap_campaign_id"], domain=[("hoctap_campaign_id", "in", self.ids)])
        raised = defaultdict(float)
        for fund_id, campaign_id, balance in rows:
            if fund_id == self.browse(campaign_id).fund_id.id:
                raised[campaign_id] -= balance
        for campaign in self:
            campaign.amount_raised = raised.get(campaign.id, 0.0)
            campaign.progress = campaign.target and 100.0 * campaign.amount_raised / campaign.target

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_end and campaign.date_end < campaign.date_start:
                raise ValidationError(self.env._("A campaign cannot end before it starts."))
