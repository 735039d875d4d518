# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare

REASONS = [
    ("excellent", "Excellent results"),
    ("hardship", "Hardship"),
    ("return_school", "Returning to school"),
    ("overcoming", "Overcoming difficulties"),
    ("teacher", "Good teacher"),
    ("other", "Other"),
]


class HoctapAward(models.Model):
    """A scholarship, support or reward to one beneficiary, paid from a fund.

    Proposed by an officer, approved by an approver, paid by the treasurer
    (one balanced entry, the expense line carrying the fund's analytic
    account); a paid award is cancelled by reversing its entry. Approval and
    payment are refused when they would overspend the fund or the programme's
    budget, unless a manager overrides, which is written in the chatter.
    """

    _name = "hoctap.award"
    _description = "Award"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Number", readonly=True, copy=False, default="/")
    program_id = fields.Many2one(
        "hoctap.award.program", required=True, index=True, ondelete="restrict", tracking=True,
    )
    fund_id = fields.Many2one(related="program_id.fund_id", store=True, index=True)
    association_id = fields.Many2one(related="program_id.association_id", store=True, index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    kind = fields.Selection(related="program_id.kind", store=True)
    year = fields.Integer(related="program_id.year", store=True)
    # ---- Beneficiary ----
    partner_id = fields.Many2one(
        "res.partner", string="Beneficiary", required=True, index=True, tracking=True,
        ondelete="restrict",
    )
    school = fields.Char(tracking=True)
    grade = fields.Char(tracking=True, help="Class or year of study, e.g. 9A or 2nd year.")
    guardian_id = fields.Many2one("res.partner", string="Guardian", ondelete="restrict")
    reason = fields.Selection(REASONS, required=True, default="excellent", tracking=True)
    note = fields.Text()
    amount = fields.Monetary(required=True, tracking=True)
    # ---- Workflow ----
    state = fields.Selection(
        [("proposed", "Proposed"), ("approved", "Approved"), ("paid", "Paid"), ("cancelled", "Cancelled")],
        default="proposed", required=True, readonly=True, copy=False, tracking=True,
    )
    method = fields.Selection(
        [("cash", "Cash"), ("bank", "Bank transfer")], required=True, default="cash", tracking=True
    )
    date_approved = fields.Date(readonly=True, copy=False)
    approver_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_paid = fields.Date(readonly=True, copy=False)
    limit_override = fields.Boolean(
        string="Limits Overridden", readonly=True, copy=False, tracking=True,
        help="A manager allowed this award to go beyond the fund's balance or the programme's budget.",
    )
    move_id = fields.Many2one("account.move", string="Journal Entry", readonly=True, copy=False)
    reversal_move_id = fields.Many2one("account.move", string="Reversal Entry", readonly=True, copy=False)

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "The amount of an award must be positive."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        awards = super().create(vals_list)
        for award in awards.filtered(lambda a: a.name == "/"):
            award.name = self.env["ir.sequence"].with_company(award.company_id).next_by_code(
                "hoctap.award"
            ) or "/"
        return awards

    def write(self, vals):
        if "limit_override" in vals and not (
            self.env.su or self.env.user.has_group("congdan_hoctap.group_manager")
        ):
            raise AccessError(self.env._(
                "Only a manager can override the limits, with the Override Limits button."
            ))
        locked = set(vals) & {"amount", "program_id", "partner_id", "kind"}
        if locked and any(award.state != "proposed" for award in self):
            raise UserError(self.env._(
                "The beneficiary, programme and amount of an award can only be changed while it is proposed."
            ))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_proposed(self):
        if any(award.state not in ("proposed", "cancelled") or award.move_id for award in self):
            raise UserError(self.env._("Approved or paid awards cannot be deleted; cancel them."))

    # ---- Actions ----
    def action_approve(self):
        """Approve proposed awards within the fund's balance and the programme's budget."""
        self._check_group("congdan_hoctap.group_approver", self.env._("Only an approver can approve awards."))
        for award in self:
            if award.state != "proposed":
                raise UserError(self.env._("Award %(name)s is not waiting for approval.", name=award.name))
            award._check_limits("approve")
            award.write({
                "state": "approved",
                "date_approved": fields.Date.context_today(self),
                "approver_id": self.env.uid,
            })

    def action_pay(self):
        """Pay approved awards: post the outbound entry from the fund's journal."""
        self._check_group("congdan_hoctap.group_treasurer", self.env._("Only a treasurer can pay awards."))
        for award in self:
            if award.state != "approved":
                raise UserError(self.env._("Award %(name)s must be approved before it is paid.", name=award.name))
            award._check_limits("pay")
            date = fields.Date.context_today(self)
            move = self.env["account.move"].create(award._prepare_move_vals(date))
            move.action_post()
            award.write({"state": "paid", "date_paid": date, "move_id": move.id})

    def action_cancel(self):
        """Cancel an award; a paid one is reversed by the treasurer."""
        for award in self:
            if award.state == "cancelled":
                raise UserError(self.env._("Award %(name)s is already cancelled.", name=award.name))
            if award.move_id:
                award._check_group(
                    "congdan_hoctap.group_treasurer", self.env._("Only a treasurer can cancel a paid award.")
                )
                award.reversal_move_id = award.move_id._reverse_moves(
                    [{"date": fields.Date.context_today(self),
                      "ref": self.env._("Cancellation of %(name)s", name=award.name)}],
                    cancel=True,
                )
            award.state = "cancelled"

    def action_override_limits(self):
        """Let these awards go beyond the fund's balance or budget (managers only, logged)."""
        self._check_group("congdan_hoctap.group_manager", self.env._("Only a manager can override the limits."))
        for award in self:
            if award.state not in ("proposed", "approved"):
                raise UserError(self.env._("Only a proposed or approved award can be overridden."))
            award.sudo().limit_override = True
            award.message_post(body=self.env._(
                "%(user)s allowed this award to exceed the fund's balance or the programme's budget.",
                user=self.env.user.name,
            ))

    def action_mass_approve(self):
        return self._mass_action("action_approve", self.env._("Approved"))

    def action_mass_pay(self):
        return self._mass_action("action_pay", self.env._("Paid"))

    # ---- Rules ----
    def _check_group(self, group, message):
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(message)

    def _check_limits(self, step):
        """Refuse to overspend the fund or the programme's budget, unless overridden.

        The programme and fund rows are locked first, so two approvals or
        payments running at the same time are checked one after the other.
        """
        self.ensure_one()
        if self.limit_override:
            return
        self._lock_limit_rows()
        rounding = self.currency_id.rounding
        program = self.program_id
        program.invalidate_recordset(["amount_committed"])
        self.fund_id.invalidate_recordset(["balance", "amount_committed"])
        # the budget is checked at approval and again at payment (the award counts once)
        committed_others = program.amount_committed - (self.amount if self.state in ("approved", "paid") else 0.0)
        if float_compare(
            committed_others + self.amount, program.budget, precision_rounding=rounding
        ) > 0:
            raise UserError(self.env._(
                "Award %(name)s would take programme %(program)s over its budget "
                "(%(committed)s committed of %(budget)s).",
                name=self.name, program=program.name,
                committed=committed_others, budget=program.budget,
            ))
        fund = self.fund_id
        available = fund.balance - (fund.amount_committed if step == "approve" else 0.0)
        if float_compare(available - self.amount, 0.0, precision_rounding=rounding) < 0:
            raise UserError(self.env._(
                "Award %(name)s would take fund %(fund)s below zero (%(available)s available).",
                name=self.name, fund=fund.name, available=available,
            ))

    def _lock_limit_rows(self):
        """Lock the programme and fund rows until the end of the transaction."""
        self.env.cr.execute(SQL(
            "SELECT id FROM hoctap_award_program WHERE id = %s FOR UPDATE", self.program_id.id
        ))
        self.env.cr.execute(SQL("SELECT id FROM hoctap_fund WHERE id = %s FOR UPDATE", self.fund_id.id))

    def _mass_action(self, method, done_label):
        """Run ``method`` on each award on its own, and report the ones that failed."""
        errors = []
        done = self.browse()
        for award in self:
            try:
                with self.env.cr.savepoint():
                    getattr(award, method)()
                done |= award
            except (UserError, AccessError) as error:
                self.env.invalidate_all()
                errors.append("%s: %s" % (award.name, error.args[0]))
        message = self.env._("%(label)s: %(count)s award(s).", label=done_label, count=len(done))
        if errors:
            message = "%s\n%s" % (message, "\n".join(errors))
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Awards"),
                "message": message,
                "type": "warning" if errors else "success",
                "sticky": bool(errors),
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _prepare_move_vals(self, date):
        """One balanced entry: the fund's award account against the cash or bank account."""
        self.ensure_one()
        fund = self.fund_id
        journal = fund._get_journal(self.method)
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        label = self.env._("%(kind)s %(name)s", kind=kinds[self.kind], name=self.name)
        return {
            "move_type": "entry",
            "journal_id": journal.id,
            "date": date,
            "ref": label,
            "company_id": self.company_id.id,
            "line_ids": [
                fields.Command.create({
                    "name": label, "account_id": fund.expense_account_id.id,
                    "partner_id": self.partner_id.id, "debit": self.amount, "credit": 0.0,
                    "analytic_distribution": fund._analytic_distribution(),
                    "hoctap_source": "award", "hoctap_award_kind": self.kind,
                }),
                fields.Command.create({
                    "name": label, "account_id": journal.default_account_id.id,
                    "partner_id": self.partner_id.id, "debit": 0.0, "credit": self.amount,
                }),
            ],
        }
