# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HoctapDuesCollection(models.Model):
    """Membership dues (hội phí) collected for one branch and one year in one go.

    The officer loads the branch's members, ticks who paid, and posting makes
    one journal entry: cash against the fund's dues account, one line per
    paying member, each carrying the fund's analytic account.
    """

    _name = "hoctap.dues.collection"
    _description = "Dues Collection"
    _inherit = ["hoctap.fund.document", "mail.thread", "mail.activity.mixin"]
    _order = "year desc, date desc, id desc"
    _check_company_auto = True

    _fund_sequence_code = "hoctap.dues.collection"
    _workflow_locked_states = ("posted", "cancelled")
    _workflow_scope_fields = ("fund_id", "association_id")

    fund_id = fields.Many2one("hoctap.fund", required=True, index=True, ondelete="restrict", tracking=True)
    association_id = fields.Many2one(
        "hoctap.association",
        string="Branch",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        help="The branch (or association) whose members' dues are collected.",
    )
    company_id = fields.Many2one(related="fund_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="fund_id.currency_id")
    year = fields.Integer(
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
        aggregator=False,
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    amount_per_member = fields.Monetary(string="Dues per Member", tracking=True)
    method = fields.Selection(
        [("cash", "Cash"), ("bank", "Bank transfer")], required=True, default="cash", tracking=True
    )
    line_ids = fields.One2many("hoctap.dues.line", "collection_id", string="Members", copy=False)
    amount_total = fields.Monetary(string="Collected", compute="_compute_amount_total", store=True)
    paid_count = fields.Integer(compute="_compute_amount_total", store=True)
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancelled", "Cancelled")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )

    @api.depends("line_ids.paid", "line_ids.amount")
    def _compute_amount_total(self):
        for collection in self:
            paid = collection.line_ids.filtered("paid")
            collection.amount_total = sum(paid.mapped("amount"))
            collection.paid_count = len(paid)

    @api.constrains("association_id", "fund_id")
    def _check_association_in_fund(self):
        for collection in self:
            fund_root = collection.fund_id.association_id
            if not collection.association_id.parent_path.startswith(fund_root.parent_path):
                raise ValidationError(
                    self.env._(
                        "%(branch)s is not under %(fund)s's association.",
                        branch=collection.association_id.complete_name,
                        fund=collection.fund_id.name,
                    )
                )

    def _check_lines_editable(self):
        if any(collection.state != "draft" for collection in self):
            raise UserError(
                self.env._(
                    "The members of a posted or cancelled dues collection cannot be changed; "
                    "cancel it and collect again."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(collection.move_id for collection in self):
            raise UserError(self.env._("A posted dues collection cannot be deleted; cancel it."))
        self._check_posted_moves_untouched()

    # ---- Actions ----
    def action_load_members(self):
        """Add a line for every running member of the branch whose dues of the year are not paid yet."""
        self._check_state({"draft"}, self.env._("Members can only be loaded into a draft collection."))
        for collection in self:
            memberships = self.env["hoctap.membership"].search(
                [
                    ("association_id", "child_of", collection.association_id.id),
                    ("state", "=", "active"),
                    ("id", "not in", collection.line_ids.membership_id.ids),
                ]
            )
            paid_partners = (
                self.env["hoctap.dues.line"]
                .search(
                    [
                        ("partner_id", "in", memberships.partner_id.ids),
                        ("year", "=", collection.year),
                        ("paid", "=", True),
                        ("state", "=", "posted"),
                    ]
                )
                .partner_id
            )
            collection.line_ids = [
                fields.Command.create({"membership_id": membership.id, "amount": collection.amount_per_member})
                for membership in memberships.filtered(lambda m, paid=paid_partners: m.partner_id not in paid)
            ]
        return True

    def action_post(self):
        """Post one journal entry for the members ticked as paid (treasurers)."""
        self._check_state({"draft"}, self.env._("Only a draft dues collection can be posted."))
        self._check_group(self._fund_post_group, self.env._("Only a treasurer can post dues collections."))
        for collection in self:
            paid = collection.line_ids.filtered("paid")
            if not paid:
                raise UserError(self.env._("Tick at least one member who paid."))
            paid._check_not_paid_twice()
            collection._fund_assign_number()
            move = collection._fund_post_entry()
            collection._workflow().write({"state": "posted", "move_id": move.id})
        return True

    # ---- Accounting ----
    def _prepare_move_vals(self):
        self.ensure_one()
        fund = self.fund_id
        journal = fund._get_journal(self.method)
        label = self.env._("Dues %(year)s %(branch)s", year=self.year, branch=self.association_id.name)
        paid = self.line_ids.filtered("paid")
        lines = [
            fields.Command.create(
                {
                    "name": label,
                    "account_id": journal.default_account_id.id,
                    "debit": self.amount_total,
                    "credit": 0.0,
                }
            )
        ]
        lines += [
            fields.Command.create(
                {
                    "name": label,
                    "account_id": fund.dues_account_id.id,
                    "partner_id": line.partner_id.id,
                    "debit": 0.0,
                    "credit": line.amount,
                    "analytic_distribution": fund._analytic_distribution(),
                    "hoctap_source": "dues",
                }
            )
            for line in paid
        ]
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": self.date,
            "ref": "%s - %s" % (self.name, label),
            "company_id": self.company_id.id,
            "line_ids": lines,
        }
