# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

CLASS_TOPICS = [
    ("policy", "Policy and Law"),
    ("science", "Science and Technology"),
    ("culture", "Culture"),
    ("health", "Health"),
    ("environment", "Environment"),
    ("it", "Information Technology"),
    ("language", "Foreign Languages"),
    ("other", "Other"),
]


class HoctapLearningClass(models.Model):
    """The classes a learning centre held on one topic in one year, with their learner-turns."""

    _name = "hoctap.learning.class"
    _description = "Learning Centre Classes"
    _inherit = ["hoctap.workflow.mixin"]
    _order = "year desc, center_id, topic"

    # no workflow of its own; moving it to another association is re-checked against the user's scope
    _workflow_fields = ()
    _workflow_scope_fields = ("center_id",)

    center_id = fields.Many2one("hoctap.learning.center", required=True, index=True, ondelete="cascade")
    association_id = fields.Many2one(related="center_id.association_id", store=True, index=True)
    company_id = fields.Many2one(related="center_id.company_id", store=True)
    year = fields.Integer(aggregator=False, required=True, default=lambda self: fields.Date.today().year)
    topic = fields.Selection(CLASS_TOPICS, required=True, default="other")
    name = fields.Char(string="Title")
    session_count = fields.Integer(string="Sessions")
    learner_male = fields.Integer(string="Learner-turns (men)")
    learner_female = fields.Integer(string="Learner-turns (women)")
    learner_total = fields.Integer(string="Learner-turns", compute="_compute_learner_total", store=True)

    _sql_constraints = [
        (
            "counts_positive",
            "CHECK(session_count >= 0 AND learner_male >= 0 AND learner_female >= 0)",
            "Sessions and learner-turns cannot be negative.",
        ),
    ]

    @api.depends("learner_male", "learner_female")
    def _compute_learner_total(self):
        for line in self:
            line.learner_total = line.learner_male + line.learner_female
