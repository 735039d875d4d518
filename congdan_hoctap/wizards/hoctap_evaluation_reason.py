# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapEvaluationReason(models.TransientModel):
    """Asks the reason for returning, not recognising or revoking evaluations."""

    _name = "hoctap.evaluation.reason"
    _description = "Evaluation Decision Reason"

    evaluation_ids = fields.Many2many("hoctap.evaluation", required=True)
    action = fields.Selection(
        [("return", "Return for revision"), ("not_recognise", "Not recognise"), ("revoke", "Revoke recognition")],
        required=True, default="return",
    )
    reason = fields.Text(required=True)

    def action_confirm(self):
        self.ensure_one()
        method = {
            "return": self.evaluation_ids.action_return,
            "not_recognise": self.evaluation_ids.action_not_recognise,
            "revoke": self.evaluation_ids.action_revoke,
        }[self.action]
        method(self.reason)
        return {"type": "ir.actions.act_window_close"}
