# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError


class HoctapCriterion(models.Model):
    """A node of a criteria tree: a group of indicators, or an indicator scored in points.

    Indicators of a local set may refine a framework indicator
    (``framework_criterion_id``): they keep its range and may only tighten
    its minimum, evidence and mandatory flags.
    """

    _name = "hoctap.criterion"
    _description = "Criterion"
    _parent_store = True
    _order = "set_id, sequence, id"

    set_id = fields.Many2one("hoctap.criteria.set", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="set_id.company_id", store=True)
    parent_id = fields.Many2one(
        "hoctap.criterion",
        string="Parent Criterion",
        index=True,
        ondelete="cascade",
        domain="[('set_id', '=', set_id)]",
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("hoctap.criterion", "parent_id", string="Sub-criteria")
    sequence = fields.Integer(default=10)
    code = fields.Char()
    name = fields.Char(required=True)
    kind = fields.Selection([("group", "Group"), ("indicator", "Indicator")], required=True, default="indicator")
    guidance = fields.Text(help="How to understand and score this indicator, and what evidence to keep.")
    max_points = fields.Integer(default=10)
    min_points = fields.Integer(help="The indicator fails below this number of points (besides the set's own minimum).")
    evidence_required = fields.Boolean(help="Self-assessment needs an attached piece of evidence for this indicator.")
    mandatory = fields.Boolean(help="The subject is recognised only when this indicator is fully met (maximum points).")
    provisional = fields.Boolean(
        help='The text of this criterion was not compared with the official text ("chưa đối chiếu văn bản '
        'gốc"): a manager confirms it.',
    )
    source_ref = fields.Char(
        string="Source",
        help="Where the text comes from, e.g. QĐ 448/QĐ-KHVN, tiêu chí 1.",
    )
    framework_criterion_id = fields.Many2one(
        "hoctap.criterion",
        string="Framework Criterion",
        index=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The national framework criterion this local criterion refines.",
    )

    _sql_constraints = [
        (
            "points_range",
            "CHECK(min_points >= 0 AND max_points >= min_points)",
            "The points of a criterion must satisfy 0 ≤ minimum ≤ maximum.",
        ),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for criterion in self:
            criterion.display_name = f"{criterion.code} {criterion.name}" if criterion.code else criterion.name

    @api.constrains("max_points", "min_points", "mandatory", "evidence_required", "framework_criterion_id", "kind")
    def _check_not_looser_than_framework(self):
        for criterion in self.filtered("framework_criterion_id"):
            framework = criterion.framework_criterion_id
            problem = False
            if criterion.kind != framework.kind:
                problem = self.env._("kind of criterion")
            elif criterion.max_points != framework.max_points:
                problem = self.env._("maximum points")
            elif criterion.min_points < framework.min_points:
                problem = self.env._("minimum points")
            elif framework.mandatory and not criterion.mandatory:
                problem = self.env._("mandatory")
            elif framework.evidence_required and not criterion.evidence_required:
                problem = self.env._("evidence required")
            if problem:
                raise ValidationError(
                    self.env._(
                        '%(name)s cannot loosen the framework rule "%(rule)s" of the indicator it refines.',
                        name=criterion.display_name,
                        rule=problem,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            sets = self.env["hoctap.criteria.set"].browse({vals.get("set_id") for vals in vals_list} - {None, False})
            if any(criteria_set.state != "draft" for criteria_set in sets):
                self.browse()._raise_set_frozen()
        return super().create(vals_list)

    def write(self, vals):
        """A set in force is frozen; the link to the framework criterion is set only when deriving; a
        provisional text is confirmed only through :meth:`action_confirm_text`."""
        if not self.env.su:
            if "framework_criterion_id" in vals:
                raise UserError(self.env._("The framework criterion a local criterion refines cannot be changed."))
            if "provisional" in vals and not vals["provisional"] and any(self.mapped("provisional")):
                self.set_id[:1]._raise_confirm_through_action()
            self._check_set_draft()
            if vals.get("set_id") and self.env["hoctap.criteria.set"].browse(vals["set_id"]).state != "draft":
                self._raise_set_frozen()
        return super().write(vals)

    def action_confirm_text(self):
        """Confirm the text of these criteria once compared with the official text (see the set's action)."""
        for criteria_set in self.set_id:
            criteria_set._check_set_right()
            confirmed = self.filtered(lambda c, s=criteria_set: c.set_id == s and c.provisional)
            if confirmed:
                criteria_set.message_post(
                    body=self.env._(
                        "Texts compared with the official text and confirmed: %(names)s",
                        names=", ".join(confirmed.mapped("display_name")),
                    )
                )
        self.sudo().write({"provisional": False})
        return True

    def _check_set_draft(self):
        if any(criterion.set_id.state != "draft" for criterion in self):
            self._raise_set_frozen()

    def _raise_set_frozen(self):
        raise UserError(
            self.env._(
                "The criteria of a set in force or archived cannot change, so that past results stay as "
                "they were decided: copy the set into a new draft version instead."
            )
        )

    @api.constrains("parent_id", "set_id")
    def _check_parent_same_set(self):
        for criterion in self:
            if criterion.parent_id and criterion.parent_id.set_id != criterion.set_id:
                raise ValidationError(self.env._("A criterion and its parent must belong to the same set."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_set_in_force(self):
        if not self.env.su:
            self._check_set_draft()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_framework_refinement(self):
        # No bypass: deleting the whole set removes its criteria in the database (ondelete cascade).
        refined = self.filtered(lambda c: c.framework_criterion_id and c.set_id.framework_id)
        if refined:
            raise UserError(
                self.env._(
                    "%(name)s refines an indicator of the framework: a local set cannot drop it.",
                    name=refined[0].display_name,
                )
            )
