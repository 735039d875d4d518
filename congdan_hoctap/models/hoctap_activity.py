# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

ACTIVITY_TYPES = [("training", "Training"), ("seminar", "Seminar"), ("briefing", "Briefing")]
TRAINING_SUBJECTS = [
    ("communication", "Communication Skills"),
    ("it", "IT Skills"),
    ("evaluation_software", "Using the Evaluation Software"),
    ("other", "Other"),
]


class HoctapActivity(models.Model):
    """A training (tập huấn), seminar (tọa đàm) or briefing (giao ban) an association organises."""

    _name = "hoctap.activity"
    _description = "Training, Seminar or Briefing"
    _inherit = ["mail.thread", "mail.activity.mixin", "hoctap.workflow.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    # Statistics reports count held activities per organiser, type and date: once held or
    # cancelled these stay as they were; what happened (outcome, participants) can still be told.
    _workflow_fields = ("state",)
    _workflow_locked_states = ("done", "cancelled")
    _workflow_free_fields = ("outcome", "location", "partner_ids", "participant_count")
    _workflow_scope_fields = ("association_id",)

    name = fields.Char(string="Topic", required=True, tracking=True)
    activity_type = fields.Selection(ACTIVITY_TYPES, string="Type", required=True, default="training", tracking=True)
    subject = fields.Selection(TRAINING_SUBJECTS, string="Training Subject", help="What a training teaches.")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    association_id = fields.Many2one(
        "hoctap.association",
        string="Organiser",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    cluster_id = fields.Many2one("hoctap.cluster", string="Cluster", help="For a cluster briefing.")
    location = fields.Char()
    partner_ids = fields.Many2many("res.partner", string="Participants")
    participant_count = fields.Integer(
        compute="_compute_participant_count",
        store=True,
        readonly=False,
        help="Counted from the participants listed, or entered when only the number is known.",
    )
    outcome = fields.Html()
    state = fields.Selection(
        [("planned", "Planned"), ("done", "Held"), ("cancelled", "Cancelled")],
        default="planned",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )

    _sql_constraints = [
        ("participants_positive", "CHECK(participant_count >= 0)", "The number of participants cannot be negative."),
    ]

    @api.depends("partner_ids")
    def _compute_participant_count(self):
        for activity in self:
            if activity.partner_ids or not activity.participant_count:
                activity.participant_count = len(activity.partner_ids)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        if any(activity.state == "done" for activity in self):
            raise UserError(
                self.env._("A training, seminar or briefing that was held is history: it cannot be deleted.")
            )

    def action_done(self):
        self._check_organiser()
        self._check_state({"planned"}, self.env._("Only a planned activity can be marked as held."))
        self._workflow().write({"state": "done"})
        return True

    def action_cancel(self):
        self._check_organiser()
        self._check_state({"planned"}, self.env._("Only a planned activity can be cancelled."))
        self._workflow().write({"state": "cancelled"})
        return True

    def action_reset_planned(self):
        self._check_organiser()
        self._check_state({"done", "cancelled"}, self.env._("The activity is already planned."))
        self._workflow().write({"state": "planned"})
        return True

    def _check_organiser(self):
        """Association officers (who keep activities) move them through their steps."""
        self._check_group(
            "congdan_hoctap.group_officer",
            self.env._("Only an association officer changes the status of a training, seminar or briefing."),
        )
