# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

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
    _inherit = ["hoctap.fund.document", "mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    _fund_sequence_code = "hoctap.award"
    _workflow_fields = (
        "state",
        "name",
        "move_id",
        "reversal_move_id",
        "date_approved",
        "approver_id",
        "date_paid",
        "limit_override",
        "limit_override_amount",
    )
    _workflow_locked_states = ("approved", "paid", "cancelled")
    _workflow_free_fields = ("school", "grade", "guardian_id", "note", "method")
    _workflow_scope_fields = ("program_id",)

    program_id = fields.Many2one(
        "hoctap.award.program",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
    )
    fund_id = fields.Many2one(related="program_id.fund_id", store=True, index=True)
    association_id = fields.Many2one(related="program_id.association_id", store=True, index=True)
    company_id = fields.Many2one(related="program_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="program_id.currency_id")
    kind = fields.Selection(related="program_id.kind", store=True)
    year = fields.Integer(aggregator=False, related="program_id.year", store=True)
    # ---- Beneficiary ----
    partner_id = fields.Many2one(
        "res.partner",
        string="Beneficiary",
        required=True,
        index=True,
        tracking=True,
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
        default="proposed",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    method = fields.Selection(
        [("cash", "Cash"), ("bank", "Bank transfer")], required=True, default="cash", tracking=True
    )
    date_approved = fields.Date(readonly=True, copy=False)
    approver_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_paid = fields.Date(readonly=True, copy=False)
    limit_override = fields.Boolean(
        string="Limits Overridden",
        readonly=True,
        copy=False,
        tracking=True,
        help="A manager allowed this award to go beyond the fund's balance or the programme's budget.",
    )
    limit_override_amount = fields.Monetary(
        string="Amount Allowed Over Limits",
        readonly=True,
        copy=False,
        help="The amount the manager's override allowed; changing the award's amount drops the override.",
    )

    _sql_constraints = [
        ("amount_positive", "CHECK(amount > 0)", "The amount of an award must be positive."),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        awards = super().create(vals_list)
        awards._fund_assign_number()
        return awards

    def write(self, vals):
        if "limit_override" in vals and not self._workflow_allowed():
            raise AccessError(self.env._("Only a manager can override the limits, with the Override Limits button."))
        if "method" in vals and any(award.state in ("paid", "cancelled") for award in self):
            raise UserError(self.env._("The payment method of a paid or cancelled award cannot be changed."))
        # an override allows one amount of one programme: changing either drops it
        dropped = (
            self.browse()
            if self._workflow_allowed()
            else self.filtered(lambda award: award.limit_override and award._changes_what_override_allowed(vals))
        )
        res = super().write(vals)
        if dropped:
            dropped._workflow().write({"limit_override": False, "limit_override_amount": 0.0})
            for award in dropped:
                award.message_post(
                    body=self.env._("The manager's override no longer applies: the amount or programme changed.")
                )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_proposed(self):
        if any(award.state not in ("proposed", "cancelled") or award.move_id for award in self):
            raise UserError(self.env._("Approved or paid awards cannot be deleted; cancel them."))

    # ---- Export ----
    def _fund_export_fields(self):
        return [
            "name",
            "program_id",
            "kind",
            "partner_id",
            "school",
            "grade",
            "reason",
            "amount",
            "state",
            "date_approved",
            "date_paid",
        ]

    # ---- Actions ----
    def action_approve(self):
        """Approve proposed awards within the fund's balance and the programme's budget (approvers)."""
        self._check_group("congdan_hoctap.group_approver", self.env._("Only an approver can approve awards."))
        self._check_state({"proposed"}, self.env._("These awards are not waiting for approval."))
        for award in self:
            award._check_limits("approve")
            award._workflow().write(
                {
                    "state": "approved",
                    "date_approved": fields.Date.context_today(self),
                    "approver_id": self.env.uid,
                }
            )
        return True

    def action_pay(self):
        """Pay approved awards: post the outbound entry from the fund's journal (treasurers)."""
        self._check_group(self._fund_post_group, self.env._("Only a treasurer can pay awards."))
        self._check_state({"approved"}, self.env._("An award must be approved before it is paid."))
        for award in self:
            award._check_limits("pay")
            date = fields.Date.context_today(self)
            move = award._fund_post_entry(date=date)
            award._workflow().write({"state": "paid", "date_paid": date, "move_id": move.id})
        return True

    def action_cancel(self):
        """Cancel an award; a paid one is reversed by the treasurer."""
        return super().action_cancel()

    def action_override_limits(self):
        """Let these awards, at their current amount, go beyond the fund's balance or budget (managers, logged)."""
        self._check_group("congdan_hoctap.group_manager", self.env._("Only a manager can override the limits."))
        self._check_state({"proposed", "approved"}, self.env._("Only a proposed or approved award can be overridden."))
        for award in self:
            award._workflow().write({"limit_override": True, "limit_override_amount": award.amount})
            award.message_post(
                body=self.env._(
                    "%(user)s allowed this award of %(amount)s to exceed the fund's balance or the programme's budget.",
                    user=self.env.user.name,
                    amount=award.amount,
                )
            )
        return True

    def action_mass_approve(self):
        return self._mass_action("action_approve", self.env._("Approved"))

    def action_mass_pay(self):
        return self._mass_action("action_pay", self.env._("Paid"))

    # ---- Rules ----
    def _changes_what_override_allowed(self, vals):
        self.ensure_one()
        return ("amount" in vals and self.currency_id.compare_amounts(vals["amount"] or 0.0, self.amount) != 0) or (
            "program_id" in vals and vals["program_id"] != self.program_id.id
        )

    def _override_applies(self):
        """A manager's override covers the amount it was given for, not a later one."""
        self.ensure_one()
        return self.limit_override and not self.currency_id.compare_amounts(self.limit_override_amount, self.amount)

    def _check_limits(self, step):
        """Refuse to overspend the fund or the programme's budget, unless overridden.

        The programme and fund rows are locked (by an update, see
        :meth:`_lock_fund_rows`) before the figures are read: of two approvals
        or payments running at the same time, the second fails with a
        serialisation error and Odoo runs it again on the committed figures.
        """
        self.ensure_one()
        if self._override_applies():
            return
        self._lock_limit_rows()
        program = self.program_id
        program.invalidate_recordset(["amount_committed"])
        self.fund_id.invalidate_recordset(["balance", "amount_committed"])
        # the budget is checked at approval and again at payment (the award counts once)
        committed_others = program.amount_committed - (self.amount if self.state in ("approved", "paid") else 0.0)
        if self.currency_id.compare_amounts(committed_others + self.amount, program.budget) > 0:
            raise UserError(
                self.env._(
                    "Award %(name)s would take programme %(program)s over its budget "
                    "(%(committed)s committed of %(budget)s).",
                    name=self.name,
                    program=program.name,
                    committed=committed_others,
                    budget=program.budget,
                )
            )
        fund = self.fund_id
        available = fund.balance - (fund.amount_committed if step == "approve" else 0.0)
        if self.currency_id.compare_amounts(available - self.amount, 0.0) < 0:
            raise UserError(
                self.env._(
                    "Award %(name)s would take fund %(fund)s below zero (%(available)s available).",
                    name=self.name,
                    fund=fund.name,
                    available=available,
                )
            )

    def _lock_limit_rows(self):
        """Lock the programme and fund rows until the end of the transaction (by an update)."""
        self.env.cr.execute(
            SQL("UPDATE hoctap_award_program SET write_date = write_date WHERE id = %s", self.program_id.id)
        )
        self._lock_fund_rows()

    def _mass_action(self, method, done_label):
        """Run ``method`` on each award on its own, and report the ones that failed.

        Any refusal of one award (a user error, a failed constraint, a database
        constraint) is reported on its row; the others go on.
        """
        errors = []
        done = self.browse()
        for award in self:
            try:
                with self.env.cr.savepoint():
                    getattr(award, method)()
                done |= award
            except (UserError, psycopg2.IntegrityError) as error:
                self.env.invalidate_all()
                errors.append("%s: %s" % (award.name, error.args[0] if error.args else error))
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

    def _prepare_move_vals(self, date=None):
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
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": fund.expense_account_id.id,
                        "partner_id": self.partner_id.id,
                        "debit": self.amount,
                        "credit": 0.0,
                        "analytic_distribution": fund._analytic_distribution(),
                        "hoctap_source": "award",
                        "hoctap_award_kind": self.kind,
                    }
                ),
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": journal.default_account_id.id,
                        "partner_id": self.partner_id.id,
                        "debit": 0.0,
                        "credit": self.amount,
                    }
                ),
            ],
        }
