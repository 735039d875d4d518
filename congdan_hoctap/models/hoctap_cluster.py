# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hoctap_association import LEVELS


class HoctapCluster(models.Model):
    """An emulation cluster: associations of one level compared each year."""

    _name = "hoctap.cluster"
    _description = "Emulation Cluster"
    _inherit = ["mail.thread"]
    _order = "date_start desc, name"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    code = fields.Char()
    level = fields.Selection(LEVELS, required=True, default="province", tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    head_association_id = fields.Many2one(
        "hoctap.association",
        string="Head Association",
        tracking=True,
        check_company=True,
        help="The association that leads the cluster for the period.",
    )
    association_ids = fields.Many2many(
        "hoctap.association",
        "hoctap_cluster_association_rel",
        "cluster_id",
        "association_id",
        string="Member Associations",
        check_company=True,
    )
    association_count = fields.Integer(compute="_compute_association_count", string="Members")
    date_start = fields.Date(string="From", required=True, default=fields.Date.today)
    date_end = fields.Date(string="To")
    active = fields.Boolean(default=True)
    note = fields.Html()

    @api.depends("association_ids")
    def _compute_association_count(self):
        for cluster in self:
            cluster.association_count = len(cluster.association_ids)

    @api.constrains("level", "association_ids", "head_association_id")
    def _check_associations(self):
        for cluster in self:
            wrong = cluster.association_ids.filtered(lambda a, level=cluster.level: a.level != level)
            if wrong:
                raise ValidationError(
                    self.env._(
                        "A cluster groups associations of one level: %(names)s are not at the cluster's level.",
                        names=", ".join(wrong.mapped("name")),
                    )
                )
            head = cluster.head_association_id
            if head and head not in cluster.association_ids:
                raise ValidationError(
                    self.env._("The head association %(name)s must be a member of the cluster.", name=head.name)
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for cluster in self:
            if cluster.date_end and cluster.date_end < cluster.date_start:
                raise ValidationError(self.env._("The cluster's period ends before it starts."))
