# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HoctapEvaluationNotRecognise(models.TransientModel):
    """Decide not to recognise verified evaluations, with the reason."""

    _name = "hoctap.evaluation.not.recognise"
    _inherit = "hoctap.evaluation.reason"
    _description = "Do Not Recognise Evaluations"

    def _apply_reason(self, evaluations, reason):
        return evaluations._not_recognise(reason)
