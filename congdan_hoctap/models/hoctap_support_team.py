# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class HoctapSupportTeam(models.Model):
    """An evaluation support team (tổ hỗ trợ đánh giá) set up by a commune.

    Its members help subjects with their self-assessment and verify the
    evaluations of the associations the team covers (and everything below them):
    membership gives read access to those evaluations and the verification step,
    nothing more. The association and the coverage place the team in a scope: an
    officer cannot move a team, or widen what it covers, beyond their own subtree.
    """

    _name = "hoctap.support.team"
    _description = "Evaluation Support Team"
    _inherit = ["mail.thread", "hoctap.workflow.mixin"]
    _order = "name"
    _check_company_auto = True

    _workflow_fields = ("self_added_user_ids",)
    _workflow_scope_fields = ("association_id", "association_ids")

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    association_id = fields.Many2one(
        "hoctap.association",
        string="Set up by",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    association_ids = fields.Many2many(
        "hoctap.association",
        "hoctap_support_team_association_rel",
        "team_id",
        "association_id",
        string="Associations Covered",
        help="The team verifies evaluations of these associations and below.",
        domain="[('id', 'child_of', association_id)]",
    )
    member_ids = fields.Many2many(
        "res.users",
        "hoctap_support_team_res_users_rel",
        "team_id",
        "user_id",
        string="Team Members",
    )
    leader_id = fields.Many2one("res.users", string="Team Leader", tracking=True)
    self_added_user_ids = fields.Many2many(
        "res.users",
        "hoctap_support_team_self_added_rel",
        "team_id",
        "user_id",
        string="Members Who Added Themselves",
        readonly=True,
        copy=False,
        help="Separation of duties: a member who added themselves to the team does not verify through it.",
    )
    note = fields.Text()
    evaluation_count = fields.Integer(compute="_compute_evaluation_count", string="Evaluations Verified")

    @api.depends("association_ids")
    def _compute_evaluation_count(self):
        counts = dict(
            self.env["hoctap.evaluation"]._read_group(
                [("support_team_id", "in", self.ids)], ["support_team_id"], ["__count"]
            )
        )
        for team in self:
            team.evaluation_count = counts.get(team, 0)

    @api.constrains("association_id", "association_ids")
    def _check_covered_in_own_subtree(self):
        """A team only covers its own association and what lies below it."""
        for team in self:
            root = team.association_id.sudo()
            outside = team.association_ids.sudo().filtered(
                lambda a, root=root: not (a.parent_path or "").startswith(root.parent_path or "-")
            )
            if outside:
                raise ValidationError(
                    self.env._(
                        "The support team %(team)s of %(association)s cannot cover %(outside)s: "
                        "a team only covers its own association and the associations below it.",
                        team=team.name,
                        association=root.complete_name,
                        outside=outside[0].complete_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        teams = super().create(vals_list)
        teams._record_self_added({team: self.env["res.users"] for team in teams})
        self.env.registry.clear_cache()
        return teams

    def write(self, vals):
        before = {team: team.sudo().member_ids for team in self} if "member_ids" in vals else None
        res = super().write(vals)
        if before is not None:
            self._record_self_added(before)
        if {"member_ids", "association_ids", "active"} & set(vals):
            # Record rules read the teams of the user: drop the cached rule domains.
            self.env.registry.clear_cache()
        return res

    def _record_self_added(self, members_before):
        """Remember the user who adds themselves to a team; forget those who left it."""
        user = self.env.user
        for team in self.sudo():
            added_self = user in team.member_ids and user not in members_before[team]
            gone = team.self_added_user_ids - team.member_ids
            if added_self or gone:
                team._workflow().write(
                    {
                        "self_added_user_ids": [
                            *[(3, gone_user.id) for gone_user in gone],
                            *([(4, user.id)] if added_self else []),
                        ]
                    }
                )
