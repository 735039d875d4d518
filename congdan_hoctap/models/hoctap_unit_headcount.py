# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

HEADCOUNT_KINDS = [("staff", "Staff"), ("learners", "Learners")]


class HoctapUnitHeadcount(models.Model):
    """The own people of a learning unit in one year, and how many hold the learning-citizen title.

    TT 24/2023/TT-BGDĐT counts a learning unit's ratio over its own people: its staff, or its
    learners for an educational establishment — not over association members. The figures are
    entered or imported per unit and year; once an evaluation of the unit for that year is verified
    or decided, they stay as they were decided.
    """

    _name = "hoctap.unit.headcount"
    _description = "Learning Unit Headcount"
    _inherit = ["hoctap.workflow.mixin"]
    _order = "year desc, association_id, kind"
    _check_company_auto = True

    # no workflow of its own; moving it to another association is re-checked against the user's scope
    _workflow_fields = ()
    _workflow_scope_fields = ("association_id",)

    association_id = fields.Many2one(
        "hoctap.association",
        string="Unit",
        required=True,
        index=True,
        ondelete="cascade",
        help="The association of the learning unit (a branch of an agency, school or enterprise), or the "
        "association that keeps the figures of the organisation below.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Organisation",
        index=True,
        ondelete="restrict",
        help="When the unit evaluated is an organisation rather than an association.",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    year = fields.Integer(aggregator=False, required=True, default=lambda self: fields.Date.today().year)
    kind = fields.Selection(
        HEADCOUNT_KINDS,
        required=True,
        default="staff",
        help="Staff of the unit; learners for an educational establishment.",
    )
    people_count = fields.Integer(
        string="People", required=True, help="Staff (or learners) of the unit on 31/12 of the year."
    )
    citizen_count = fields.Integer(
        string="Learning Citizens", help="How many of them hold the learning-citizen title for the year."
    )
    ratio = fields.Float(
        string="Share Recognised (%)", compute="_compute_ratio", store=True, digits=(5, 2), aggregator=False
    )
    note = fields.Char(help="Where the figures come from (staff list, school register…).")

    _sql_constraints = [
        (
            "counts_range",
            "CHECK(people_count >= 0 AND citizen_count >= 0 AND citizen_count <= people_count)",
            "The learning citizens cannot be negative nor more than the people counted.",
        ),
    ]

    @api.depends("people_count", "citizen_count")
    def _compute_ratio(self):
        for headcount in self:
            people = headcount.people_count
            headcount.ratio = 100.0 * headcount.citizen_count / people if people else 0.0

    @api.depends("association_id.name", "partner_id.name", "year", "kind")
    def _compute_display_name(self):
        kinds = dict(self._fields["kind"]._description_selection(self.env))
        for headcount in self:
            unit = headcount.partner_id.name or headcount.association_id.name or ""
            headcount.display_name = f"{unit} {headcount.year} ({kinds.get(headcount.kind, '')})"

    @api.constrains("association_id", "partner_id", "year", "kind")
    def _check_unique(self):
        for headcount in self:
            if self.sudo().search_count(
                [
                    ("id", "!=", headcount.id),
                    ("association_id", "=", headcount.association_id.id),
                    ("partner_id", "=", headcount.partner_id.id),
                    ("year", "=", headcount.year),
                    ("kind", "=", headcount.kind),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "%(name)s is already counted: a unit has one headcount of each kind per year.",
                        name=headcount.display_name,
                    )
                )

    @api.constrains("year")
    def _check_year(self):
        for headcount in self:
            self.env["hoctap.evaluation"]._check_year_range(headcount.year)

    # ---- CRUD ----
    def write(self, vals):
        """The figures of a unit whose evaluation of the year is verified or decided stay as decided."""
        self._check_not_decided()
        res = super().write(vals)
        self._check_not_decided()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_decided(self):
        self._check_not_decided()

    def _check_not_decided(self):
        for headcount in self:
            if headcount._decided_evaluations():
                raise UserError(
                    self.env._(
                        "%(name)s: the unit's evaluation for %(year)s is verified or decided, so its headcount "
                        "can no longer change.",
                        name=headcount.display_name,
                        year=headcount.year,
                    )
                )

    def _decided_evaluations(self):
        self.ensure_one()
        subject = (
            [("partner_id", "=", self.partner_id.id)]
            if self.partner_id
            else [("subject_association_id", "=", self.association_id.id)]
        )
        return (
            self.env["hoctap.evaluation"]
            .sudo()
            .search(
                subject
                + [
                    ("model_type", "=", "unit"),
                    ("year", "=", self.year),
                    ("state", "in", ("verified", "recognised", "not_recognised")),
                ],
                limit=1,
            )
        )
