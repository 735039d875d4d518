# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from ..tools.xlsx import XlsxFile


class HoctapFundStatement(models.TransientModel):
    """The statement of a fund for a period, read from its posted journal items.

    Opening balance + receipts − spending = closing balance, all from the
    ledger; the public-disclosure version (TT 41/2022) also lists the donors
    (anonymous ones as one total) and counts beneficiaries per kind, both
    from the same posted journal items, so they agree with the receipts.
    """

    _name = "hoctap.fund.statement"
    _description = "Fund Statement"

    fund_id = fields.Many2one("hoctap.fund", required=True)
    currency_id = fields.Many2one(related="fund_id.currency_id")
    date_from = fields.Date(required=True, default=lambda self: fields.Date.context_today(self).replace(month=1, day=1))
    date_to = fields.Date(required=True, default=fields.Date.context_today)
    public = fields.Boolean(
        string="Public Disclosure", help="Lists the donors by name, as required for public disclosure."
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for statement in self:
            if statement.date_to < statement.date_from:
                raise UserError(self.env._("The period ends before it starts."))

    # ---- Actions ----
    def action_print_pdf(self):
        """The PDF report action, without Odoo's ``data: None`` that XML-RPC cannot carry."""
        self.ensure_one()
        action = self.env.ref("congdan_hoctap.action_report_fund_statement").report_action(self)
        return {key: value for key, value in action.items() if value is not None}

    def action_export_xlsx(self):
        """The statement as XLSX, attached to the statement and downloaded (the addon's one XLSX path)."""
        self.ensure_one()
        xlsx = XlsxFile()
        self._write_xlsx(xlsx)
        return xlsx.deliver(self, "%s_%s_%s.xlsx" % (self.fund_id.code, self.date_from, self.date_to))

    # ---- Figures ----
    def _get_statement_data(self):
        """The statement's rows; every amount comes from posted journal items."""
        self.ensure_one()
        fund = self.fund_id
        fund.check_access("read")
        opening = fund._ledger_totals(date_to=self.date_from - timedelta(days=1))[fund.id]["balance"]
        receipts = defaultdict(float)
        spending = defaultdict(float)
        rows = fund._ledger_shares(
            ["hoctap_source", "hoctap_campaign_id", "hoctap_award_kind", "account_id"],
            self.date_from,
            self.date_to,
        )
        income = fund._income_account_ids({row[4] for row in rows})
        campaigns = self.env["hoctap.fund.campaign"].sudo()
        for _fund_id, source, campaign_id, kind, account_id, balance in rows:
            if account_id in income:
                receipts[self._receipt_label(source, campaigns.browse(campaign_id))] -= balance
            else:
                spending[kind or "other"] += balance
        total_in = sum(receipts.values())
        total_out = sum(spending.values())
        return {
            "opening": opening,
            "receipts": sorted(receipts.items()),
            "total_in": total_in,
            "spending": self._spending_rows(spending),
            "total_out": total_out,
            "closing": opening + total_in - total_out,
            "donors": self._donor_rows() if self.public else [],
        }

    def _receipt_label(self, source, campaign):
        if source == "donation":
            if campaign:
                return self.env._("Donations: %(campaign)s", campaign=campaign.name)
            return self.env._("Donations outside campaigns")
        if source == "dues":
            return self.env._("Membership dues")
        return self.env._("Other receipts")

    def _spending_rows(self, spending):
        """Spending per kind with the number of beneficiaries paid in the period (from the ledger).

        A beneficiary counts when the award postings to them in the period do
        not net out (a payment cancelled within the period does not count).
        """
        rows = self.fund_id._ledger_shares(
            ["hoctap_award_kind", "partner_id"], self.date_from, self.date_to, [("hoctap_source", "=", "award")]
        )
        rounding = self.currency_id.rounding
        counts = defaultdict(int)
        for _fund_id, kind, partner, balance in rows:
            if partner and float_compare(balance, 0.0, precision_rounding=rounding) > 0:
                counts[kind or "other"] += 1
        kinds = dict(self.env["hoctap.award"]._fields["kind"]._description_selection(self.env))
        kinds["other"] = self.env._("Other spending")
        return [
            {"label": kinds[kind], "count": counts.get(kind, 0), "amount": spending.get(kind, 0.0)}
            for kind in list(kinds)
            if kind in spending or kind in counts
        ]

    def _donor_rows(self):
        """Donors of the period by name from the fund's posted donation items; anonymous ones in one row.

        Anonymous donations are posted without a partner, so they never show a name.
        """
        groups = self.fund_id._ledger_shares(
            ["partner_id"], self.date_from, self.date_to, [("hoctap_source", "=", "donation")]
        )
        rounding = self.currency_id.rounding
        partners = self.env["res.partner"].sudo()
        named = [
            {"name": partners.browse(partner_id).name, "amount": -balance}
            for _fund_id, partner_id, balance in groups
            if partner_id and not float_is_zero(balance, precision_rounding=rounding)
        ]
        rows = sorted(named, key=lambda row: (-row["amount"], row["name"]))
        anonymous = -sum(balance for _fund_id, partner_id, balance in groups if not partner_id)
        if not float_is_zero(anonymous, precision_rounding=rounding):
            rows.append({"name": self.env._("Anonymous donors"), "amount": anonymous})
        return rows

    # ---- XLSX ----
    def _render_xlsx(self):
        """The statement's XLSX bytes."""
        with XlsxFile() as xlsx:
            self._write_xlsx(xlsx)
            return xlsx.content()

    def _write_xlsx(self, xlsx):
        data = self._get_statement_data()
        workbook = xlsx.workbook
        sheet = workbook.add_worksheet(self.fund_id.code or "Fund")
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0"})
        money_bold = workbook.add_format({"num_format": "#,##0", "bold": True})
        sheet.set_column(0, 0, 48)
        sheet.set_column(1, 2, 18)
        rows = [
            (self.fund_id.association_id.complete_name, None, None, bold),
            (self.env._("Fund statement: %(fund)s", fund=self.fund_id.name), None, None, bold),
            (self.env._("From %(start)s to %(end)s", start=self.date_from, end=self.date_to), None, None, None),
            None,
            (self.env._("Opening balance"), None, data["opening"], money_bold),
            (self.env._("Receipts"), None, None, bold),
        ]
        rows += [(label, None, amount, money) for label, amount in data["receipts"]]
        rows += [
            (self.env._("Total receipts"), None, data["total_in"], money_bold),
            (self.env._("Spending"), self.env._("Beneficiaries"), None, bold),
        ]
        rows += [(row["label"], row["count"], row["amount"], money) for row in data["spending"]]
        rows += [
            (self.env._("Total spending"), None, data["total_out"], money_bold),
            (self.env._("Closing balance"), None, data["closing"], money_bold),
        ]
        if data["donors"]:
            rows += [None, (self.env._("Donors"), None, None, bold)]
            rows += [(row["name"], None, row["amount"], money) for row in data["donors"]]
        for index, row in enumerate(rows):
            if not row:
                continue
            label, count, amount, style = row
            sheet.write(index, 0, label, bold if style in (bold, money_bold) else None)
            if count is not None:
                sheet.write(index, 1, count)
            if amount is not None:
                sheet.write_number(index, 2, amount, style)
