# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from .hoctap_fund_document import check_related_unchanged


class HoctapFund(models.Model):
    """A learning-promotion fund (quỹ khuyến học) kept in the association's books.

    Every fund has its own analytic account; its balance, receipts and
    spending are always recomputed from the posted journal items that carry
    this analytic account, so the treasurer can prove every đồng from the
    ledger. Nothing about money is stored on the fund itself.

    What ties a fund to its ledger (association, analytic account, and once
    it has entries its journals and accounts) cannot be changed by users;
    only the system (e.g. a merge of associations) may move it.

    Known limitation: the treasurer's accounting rights are Odoo's
    (``account.group_account_invoice``), which are company-wide. This module
    refuses to post, reset to draft or re-distribute a journal item carrying
    a fund's analytic account for a user who cannot see that fund (see
    ``account.move.line._check_hoctap_fund_access``), but such a user can
    still read the company's journal items and post entries without a fund's
    analytic account; keep one company per independent treasury if that
    matters.
    """

    _name = "hoctap.fund"
    _description = "Learning Promotion Fund"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "association_id, name"
    _check_company_auto = True

    # ---- Identity ----
    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True, tracking=True)
    association_id = fields.Many2one(
        "hoctap.association",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        readonly=True,
        copy=False,
        ondelete="restrict",
        check_company=True,
        help="Every journal item of the fund carries this analytic account.",
    )

    # ---- Accounting configuration ----
    journal_id = fields.Many2one(
        "account.journal",
        string="Cash Journal",
        required=True,
        tracking=True,
        check_company=True,
        domain="[('type', 'in', ('cash', 'bank'))]",
        compute="_compute_journal_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The journal the fund receives cash through and pays awards from.",
    )
    bank_journal_id = fields.Many2one(
        "account.journal",
        tracking=True,
        check_company=True,
        domain="[('type', '=', 'bank')]",
        help="The journal of bank transfers; the cash journal is used when empty.",
    )
    income_account_id = fields.Many2one(
        "account.account",
        string="Donation Account",
        required=True,
        tracking=True,
        check_company=True,
        compute="_compute_accounts",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
    )
    dues_account_id = fields.Many2one(
        "account.account",
        string="Dues Account",
        required=True,
        tracking=True,
        check_company=True,
        compute="_compute_accounts",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('account_type', 'in', ('income', 'income_other'))]",
    )
    expense_account_id = fields.Many2one(
        "account.account",
        string="Award Account",
        required=True,
        tracking=True,
        check_company=True,
        compute="_compute_accounts",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('account_type', 'in', ('expense', 'expense_direct_cost'))]",
    )
    inkind_account_id = fields.Many2one(
        "account.account",
        string="In-kind Account",
        tracking=True,
        check_company=True,
        compute="_compute_accounts",
        store=True,
        readonly=False,
        precompute=True,
        help="Debited with the valuation of donations in kind.",
    )

    # ---- Figures from the ledger ----
    balance = fields.Monetary(compute="_compute_ledger_figures")
    amount_raised = fields.Monetary(string="Raised", compute="_compute_ledger_figures")
    amount_spent = fields.Monetary(string="Spent", compute="_compute_ledger_figures")
    amount_raised_year = fields.Monetary(string="Raised This Year", compute="_compute_ledger_figures")
    amount_spent_year = fields.Monetary(string="Spent This Year", compute="_compute_ledger_figures")
    amount_committed = fields.Monetary(compute="_compute_amount_committed", help="Awards approved but not paid yet.")
    has_entries = fields.Boolean(
        compute="_compute_has_entries", help="The fund has journal entries: its journals and accounts are fixed."
    )
    donation_count = fields.Integer(compute="_compute_document_counts")
    award_count = fields.Integer(compute="_compute_document_counts")

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "The fund code must be unique in a company."),
    ]

    @api.depends("association_id")
    def _compute_journal_id(self):
        for fund in self.filtered(lambda f: not f.journal_id):
            company = fund.association_id.company_id
            fund.journal_id = self.env["account.journal"].search(
                [*self.env["account.journal"]._check_company_domain(company), ("type", "=", "cash")],
                limit=1,
            )

    @api.depends("association_id")
    def _compute_accounts(self):
        for fund in self:
            defaults = fund._default_accounts()
            for fname, account in defaults.items():
                if not fund[fname]:
                    fund[fname] = account

    def _compute_ledger_figures(self):
        today = fields.Date.context_today(self)
        totals = self._ledger_totals()
        year = self._ledger_totals(date_from=today.replace(month=1, day=1), date_to=today)
        for fund in self:
            fund.balance = totals[fund.id]["balance"]
            fund.amount_raised = totals[fund.id]["raised"]
            fund.amount_spent = totals[fund.id]["spent"]
            fund.amount_raised_year = year[fund.id]["raised"]
            fund.amount_spent_year = year[fund.id]["spent"]

    def _compute_amount_committed(self):
        groups = (
            self.env["hoctap.award"]
            .sudo()
            ._read_group([("fund_id", "in", self.ids), ("state", "=", "approved")], ["fund_id"], ["amount:sum"])
        )
        committed = {fund.id: amount for fund, amount in groups}
        for fund in self:
            fund.amount_committed = committed.get(fund.id, 0.0)

    def _compute_has_entries(self):
        for fund in self:
            fund.has_entries = fund._origin._has_entries()

    def _compute_document_counts(self):
        donations = dict(
            self.env["hoctap.donation"]._read_group([("fund_id", "in", self.ids)], ["fund_id"], ["__count"])
        )
        awards = dict(self.env["hoctap.award"]._read_group([("fund_id", "in", self.ids)], ["fund_id"], ["__count"]))
        for fund in self:
            fund.donation_count = donations.get(fund, 0)
            fund.award_count = awards.get(fund, 0)

    # ---- CRUD ----
    @api.model_create_multi
    def create(self, vals_list):
        funds = super().create(vals_list)
        for fund in funds:
            fund.analytic_account_id = (
                self.env["account.analytic.account"].sudo().create(fund._prepare_analytic_account_vals())
            )
        return funds

    def write(self, vals):
        check_related_unchanged(self, vals)
        self._check_ledger_keys_unchanged(vals)
        res = super().write(vals)
        if {"name", "code"} & set(vals):
            for fund in self:
                fund.analytic_account_id.sudo().write({"name": fund.name, "code": fund.code})
        return res

    def _check_ledger_keys_unchanged(self, vals):
        """Refuse to repoint a fund at another ledger or another association (users only)."""
        if self.env.su:
            return
        changed = {
            fname
            for fname in vals
            if fname in self._ledger_key_fields() + self._ledger_config_fields()
            and any(fund[fname] and fund[fname].id != (vals[fname] or False) for fund in self)
        }
        if "analytic_account_id" in changed:
            raise UserError(self.env._("The analytic account of a fund cannot be changed."))
        if "association_id" in changed:
            raise UserError(
                self.env._(
                    "A fund cannot be moved to another association; it follows its association when associations merge."
                )
            )
        if changed and self._has_entries():
            raise UserError(self.env._("The journals and accounts of a fund with journal entries cannot be changed."))

    @api.model
    def _ledger_key_fields(self):
        return ["analytic_account_id", "association_id"]

    @api.model
    def _ledger_config_fields(self):
        return [
            "journal_id",
            "bank_journal_id",
            "income_account_id",
            "dues_account_id",
            "expense_account_id",
            "inkind_account_id",
        ]

    def _has_entries(self):
        return bool(self.analytic_account_id) and bool(
            self.env["account.move.line"]
            .sudo()
            .search_count([("analytic_distribution", "in", self.analytic_account_id.ids)], limit=1)
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_has_entries(self):
        if self._has_entries():
            raise UserError(self.env._("A fund with journal entries cannot be deleted; archive it instead."))

    # ---- Actions ----
    def action_view_donations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_donation_action")
        action["domain"] = [("fund_id", "=", self.id)]
        action["context"] = {"default_fund_id": self.id}
        return action

    def action_view_awards(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_award_action")
        action["domain"] = [("fund_id", "=", self.id)]
        return action

    def action_view_journal_items(self):
        """Open the posted journal items that make the fund's balance."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Journal Items of %(fund)s", fund=self.name),
            "res_model": "account.move.line",
            "view_mode": "list,pivot",
            "domain": self._ledger_domain(),
            "context": {"search_default_group_by_account": 1},
        }

    # ---- Ledger ----
    def _ledger_domain(self, date_from=None, date_to=None):
        domain = [
            ("analytic_distribution", "in", self.analytic_account_id.ids),
            ("parent_state", "=", "posted"),
        ]
        if date_from:
            domain.append(("date", ">=", date_from))
        if date_to:
            domain.append(("date", "<=", date_to))
        return domain

    def _ledger_shares(self, groupby=(), date_from=None, date_to=None, domain=()):
        """The fund's share of its posted journal items, summed per fund and ``groupby`` columns.

        An item counts in a fund for the percentage its analytic distribution
        gives the fund's analytic account (an item of 1,000 with 10 % on the
        fund moves it by 100; an item split over two funds counts its share in
        each). A distribution key may combine accounts of several plans
        (``"7,12"``): the key's percentage goes to each of its accounts.
        Returns ``[(fund_id, *groupby values, balance_share)]``, one query.
        """
        funds = self.filtered("analytic_account_id")
        if not funds:
            return []
        fund_by_analytic = {fund.analytic_account_id.id: fund.id for fund in funds}
        MoveLine = self.env["account.move.line"].sudo()
        MoveLine.flush_model()
        self.env["account.move"].flush_model(["state"])
        query = MoveLine._search([*funds._ledger_domain(date_from, date_to), *domain])
        columns = [SQL.identifier("account_move_line", fname) for fname in groupby]
        self.env.cr.execute(
            SQL(
                """
            SELECT fund_analytic.id, %(columns)s
                   SUM(account_move_line.balance * fund_analytic.share / 100.0)
              FROM %(from_clause)s
              JOIN LATERAL (
                    SELECT part::int AS id, SUM(dist.share::numeric) AS share
                      FROM jsonb_each_text(account_move_line.analytic_distribution) AS dist(key, share),
                           unnest(string_to_array(dist.key, ',')) AS part
                     WHERE part ~ '^[0-9]+$'
                     GROUP BY part
                   ) AS fund_analytic ON fund_analytic.id = ANY(%(analytic_ids)s)
             WHERE %(where_clause)s
             GROUP BY fund_analytic.id %(group_columns)s
            """,
                columns=SQL("").join(SQL("%s, ", column) for column in columns),
                from_clause=query.from_clause,
                where_clause=query.where_clause,
                analytic_ids=list(fund_by_analytic),
                group_columns=SQL("").join(SQL(", %s", column) for column in columns),
            )
        )
        return [(fund_by_analytic[row[0]], *row[1:-1], float(row[-1] or 0.0)) for row in self.env.cr.fetchall()]

    def _ledger_totals(self, date_from=None, date_to=None):
        """Receipts, spending and balance of each fund from its share of its posted journal items.

        Receipts are the credit balance of the fund's items on income accounts,
        spending the debit balance on the other accounts (awards); a reversal
        nets out against the document it cancels. One query for all the funds.
        """
        totals = defaultdict(lambda: {"raised": 0.0, "spent": 0.0, "balance": 0.0})
        rows = self._ledger_shares(["account_id"], date_from, date_to)
        income = self._income_account_ids({row[1] for row in rows})
        for fund_id, account_id, balance in rows:
            figures = totals[fund_id]
            if account_id in income:
                figures["raised"] -= balance
            else:
                figures["spent"] += balance
            figures["balance"] -= balance
        return totals

    def _income_account_ids(self, account_ids):
        accounts = self.env["account.account"].sudo().browse(account_ids)
        return set(accounts.filtered(lambda account: account.internal_group == "income").ids)

    def _ledger_summary(self, date_from, date_to):
        """Combined figures of these funds for a period, for the statistics reports.

        The same reading of the ledger as :meth:`_ledger_totals` (each fund's
        share of its items), but over all the funds at once:
        ``raised`` and ``spent`` in the period, ``balance`` at its end, and
        ``awards``: ``{kind: {'count': n, 'amount': a}}``, the amount being the
        spending booked on the kind in the period (reversals net out) and the
        count the awards paid in the period and not reversed by its end.
        """
        summary = {"raised": 0.0, "spent": 0.0, "balance": 0.0, "awards": {}}
        funds = self.filtered("analytic_account_id")
        if not funds:
            return summary
        rows = funds._ledger_shares(["account_id", "hoctap_award_kind"], date_from, date_to)
        income = self._income_account_ids({row[1] for row in rows})
        for _fund_id, account_id, kind, balance in rows:
            if account_id in income:
                summary["raised"] -= balance
            else:
                summary["spent"] += balance
                if kind:
                    summary["awards"].setdefault(kind, {"count": 0, "amount": 0.0})["amount"] += balance
        summary["balance"] = -sum(row[-1] for row in funds._ledger_shares(date_to=date_to))
        for kind, count in (
            self.env["hoctap.award"]
            .sudo()
            ._read_group(
                [
                    ("fund_id", "in", funds.ids),
                    ("move_id", "!=", False),
                    ("date_paid", ">=", date_from),
                    ("date_paid", "<=", date_to),
                    "|",
                    ("reversal_move_id", "=", False),
                    ("reversal_move_id.date", ">", date_to),
                ],
                ["kind"],
                ["__count"],
            )
        ):
            summary["awards"].setdefault(kind, {"count": 0, "amount": 0.0})["count"] = count
        return summary

    # ---- Helpers ----
    def _prepare_analytic_account_vals(self):
        return {
            "name": self.name,
            "code": self.code,
            "plan_id": self.env.ref("congdan_hoctap.analytic_plan_fund").id,
            "company_id": self.company_id.id,
        }

    def _default_accounts(self):
        Account = self.env["account.account"].with_company(self.company_id)
        domain = Account._check_company_domain(self.company_id)

        company = self.company_id
        excluded = (
            company.account_journal_early_pay_discount_loss_account_id
            | company.account_journal_early_pay_discount_gain_account_id
            | company.expense_currency_exchange_account_id
            | company.income_currency_exchange_account_id
        )

        def first(types):
            return Account.search([*domain, ("account_type", "in", types), ("id", "not in", excluded.ids)], limit=1)

        income = first(("income_other",)) or first(("income",))
        return {
            "income_account_id": income,
            "dues_account_id": income,
            "expense_account_id": first(("expense",)),
            "inkind_account_id": first(("asset_current",)),
        }

    def _get_journal(self, method):
        """The journal a receipt or payment goes through for a payment method."""
        self.ensure_one()
        if method == "bank" and self.bank_journal_id:
            return self.bank_journal_id
        return self.journal_id

    def _analytic_distribution(self):
        self.ensure_one()
        return {str(self.analytic_account_id.id): 100}
