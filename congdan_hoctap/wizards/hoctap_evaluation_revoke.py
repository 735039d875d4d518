# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HoctapEvaluationRevoke(models.TransientModel):
    """Revoke the certificates of recognised evaluations, with the reason."""

    _name = "hoctap.evaluation.revoke"
    _inherit = "hoctap.evaluation.reason"
    _description = "Revoke Recognitions"

    def _apply_reason(self, evaluations, reason):
        return evaluations._revoke(reason)
