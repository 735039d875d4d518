# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class HoctapEvaluationReturn(models.TransientModel):
    """Return evaluations for revision, with the reason."""

    _name = "hoctap.evaluation.return"
    _inherit = "hoctap.evaluation.reason"
    _description = "Return Evaluations for Revision"

    def _apply_reason(self, evaluations, reason):
        return evaluations._return(reason)
