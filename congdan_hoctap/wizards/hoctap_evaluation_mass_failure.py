# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapEvaluationMassFailure(models.TransientModel):
    """One record a mass action could not process, and why."""

    _name = "hoctap.evaluation.mass.failure"
    _description = "Evaluation Mass Action Failure"

    wizard_id = fields.Many2one("hoctap.evaluation.mass.action", ondelete="cascade")
    evaluation_id = fields.Many2one("hoctap.evaluation")
    subject = fields.Char()
    reason = fields.Text()
