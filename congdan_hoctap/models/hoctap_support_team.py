# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HoctapSupportTeam(models.Model):
    """An evaluation support team (tổ hỗ trợ đánh giá) set up by a commune.

    Its members help subjects with their self-assessment and verify the
    evaluations of the associations the team covers (and everything below them).
    """

    _name = "hoctap.support.team"
    _description = "Evaluation Support Team"
    _inherit = ["mail.thread"]
    _order = "name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    association_id = fields.Many2one(
        "hoctap.association", string="Set up by", required=True, index=True, tracking=True, ondelete="restrict",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    association_ids = fields.Many2many(
        "hoctap.association", "hoctap_support_team_association_rel", "team_id", "association_id",
        string="Associations Covered", help="The team verifies evaluations of these associations and below.",
        domain="[('id', 'child_of', association_id)]",
    )
    member_ids = fields.Many2many(
        "res.users", "hoctap_support_team_res_users_rel", "team_id", "user_id", string="Team Members",
    )
    leader_id = fields.Many2one("res.users", string="Team Leader", tracking=True)
    note = fields.Text()
    evaluation_count = fields.Integer(compute="_compute_evaluation_count", string="Evaluations Verified")

    @api.depends("association_ids")
    def _compute_evaluation_count(self):
        counts = dict(self.env["hoctap.evaluation"]._read_group(
            [("support_team_id", "in", self.ids)], ["support_team_id"], ["__count"]))
        for team in self:
            team.evaluation_count = counts.get(team, 0)

    @api.constrains("association_id", "association_ids")
    def _check_covered_in_own_subtree(self):
        """A team only covers its own association and what lies below it."""
        for team in self:
            root = team.association_id.sudo()
            outside = team.association_ids.sudo().filtered(
                lambda a, root=root: not (a.parent_path or "").startswith(root.parent_path or "-"))
            if outside:
                raise ValidationError(self.env._(
                    "The support team %(team)s of %(association)s cannot cover %(outside)s: "
                    "a team only covers its own association and the associations below it.",
                    team=team.name, association=root.complete_name, outside=outside[0].complete_name))

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        res = super().write(vals)
        if {"member_ids", "association_ids", "active"} & set(vals):
            # Record rules read the teams of the user: drop the cached rule domains.
            self.env.registry.clear_cache()
        return res
