# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapEvaluationReason(models.AbstractModel):
    """Base of the small wizards that ask the reason of a step on evaluations.

    One wizard per purpose (return, not recognise, revoke): each names the
    step it applies in :meth:`_apply_reason`; the step itself checks the
    state, the user's role and that a reason is given.
    """

    _name = "hoctap.evaluation.reason"
    _description = "Evaluation Decision Reason"

    evaluation_ids = fields.Many2many("hoctap.evaluation", string="Evaluations", required=True)
    reason = fields.Text(help="Shown to the citizen and kept in the evaluation's history.")

    def action_confirm(self):
        self.ensure_one()
        self._apply_reason(self.evaluation_ids, self.reason)
        return {"type": "ir.actions.act_window_close"}

    def _apply_reason(self, evaluations, reason):
        raise NotImplementedError
