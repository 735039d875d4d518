# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class HoctapLearningCenter(models.Model):
    """A community learning centre (TTHTCĐ) of a commune, established by the commune chair."""

    _name = "hoctap.learning.center"
    _description = "Community Learning Centre"
    _inherit = ["mail.thread", "hoctap.workflow.mixin"]
    _order = "association_id, name"
    _check_company_auto = True

    # no workflow of its own; moving it to another association is re-checked against the user's scope
    _workflow_fields = ()
    _workflow_scope_fields = ("association_id",)

    name = fields.Char(required=True, tracking=True)
    association_id = fields.Many2one(
        "hoctap.association",
        string="Commune Association",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    active = fields.Boolean(default=True)
    decision_number = fields.Char(string="Establishment Decision", tracking=True)
    date_established = fields.Date(string="Established on", tracking=True)
    director_id = fields.Many2one(
        "res.partner",
        string="Director",
        tracking=True,
        help="Usually the commune chair; the association chair is the deputy director.",
    )
    deputy_id = fields.Many2one(
        "res.partner",
        string="Deputy Director",
        tracking=True,
        compute="_compute_deputy_id",
        store=True,
        readonly=False,
        help="By default the chair of the commune's learning-promotion association.",
    )
    predecessor_ids = fields.Many2many(
        "hoctap.learning.center",
        "hoctap_learning_center_predecessor_rel",
        "center_id",
        "predecessor_id",
        string="Predecessor Centres",
        context={"active_test": False},
        help="The centres of the communes merged into this one.",
    )
    class_ids = fields.One2many("hoctap.learning.class", "center_id", string="Classes")
    class_count = fields.Integer(compute="_compute_class_count", string="Number of Classes")
    note = fields.Html()

    @api.depends("association_id")
    def _compute_deputy_id(self):
        for center in self:
            if not center.deputy_id:
                center.deputy_id = center.association_id.chair_id

    def _compute_class_count(self):
        counts = dict(
            self.env["hoctap.learning.class"]._read_group([("center_id", "in", self.ids)], ["center_id"], ["__count"])
        )
        for center in self:
            center.class_count = counts.get(center, 0)

    def action_view_classes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_learning_class_action")
        action["domain"] = [("center_id", "=", self.id)]
        action["context"] = {"default_center_id": self.id}
        return action
