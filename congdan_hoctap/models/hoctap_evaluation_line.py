# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

# What a support team member writes on an indicator while verifying.
VERIFICATION_FIELDS = frozenset({"verified_score", "disagree_reason"})


class HoctapEvaluationLine(models.Model):
    """The score of one indicator in one evaluation: the subject's own and the verified one."""

    _name = "hoctap.evaluation.line"
    _description = "Evaluation Indicator"
    _order = "evaluation_id, sequence, id"

    evaluation_id = fields.Many2one("hoctap.evaluation", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="evaluation_id.company_id", store=True)
    state = fields.Selection(related="evaluation_id.state")
    criterion_id = fields.Many2one("hoctap.criterion", string="Indicator", required=True, ondelete="restrict")
    group_name = fields.Char(related="criterion_id.parent_id.name", string="Group")
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    guidance = fields.Text(related="criterion_id.guidance")
    max_points = fields.Integer(related="criterion_id.max_points")
    min_points = fields.Integer(related="criterion_id.min_points")
    evidence_required = fields.Boolean(related="criterion_id.evidence_required")
    provisional = fields.Boolean(related="criterion_id.provisional")
    self_score = fields.Integer()
    self_scored = fields.Boolean(readonly=True, help="The subject has given this indicator a score.")
    verified_score = fields.Integer()
    verified_scored = fields.Boolean(readonly=True, help="The support team has given this indicator a score.")
    disagree_reason = fields.Char(
        string="Reason for Difference", help="Why the verified score differs from the self score."
    )
    score = fields.Integer(
        compute="_compute_score", store=True, help="The verified score once verified, the self score until then."
    )
    scored = fields.Boolean(compute="_compute_score", store=True)
    evidence_ids = fields.Many2many("ir.attachment", string="Evidence")
    note = fields.Char()

    @api.depends("self_score", "self_scored", "verified_score", "verified_scored")
    def _compute_score(self):
        for line in self:
            line.score = line.verified_score if line.verified_scored else line.self_score
            line.scored = line.verified_scored or line.self_scored

    @api.constrains("self_score", "verified_score")
    def _check_score_range(self):
        for line in self:
            for value in (line.self_score, line.verified_score):
                if not 0 <= value <= line.max_points:
                    raise ValidationError(
                        self.env._(
                            "%(indicator)s: %(value)s is not a valid score; give a whole number from 0 to %(maximum)s.",
                            indicator=line.criterion_id.display_name,
                            value=value,
                            maximum=line.max_points,
                        )
                    )

    def write(self, vals):
        """Self scores change only before submission; verified scores only during verification.

        The action_* methods of the evaluation write verified scores through
        ``sudo()`` after their own checks; a client never bypasses these guards.
        A support team member may only read the evaluations the team covers: the
        verified scores are the one thing they write, after the verifier check.
        """
        vals = dict(vals)
        if not self.env.su and self._is_team_verification(vals):
            self.check_access("read")
            self._check_verification_write(vals)
            return super(HoctapEvaluationLine, self.sudo()).write(vals)
        if not self.env.su:
            self.check_access("write")
        if not self.env.su and {"evaluation_id", "criterion_id", "self_scored", "verified_scored"} & set(vals):
            raise UserError(
                self.env._(
                    "The indicators of an evaluation come from its criteria set: "
                    "they cannot be moved or marked as scored by hand."
                )
            )
        if "self_score" in vals:
            for evaluation in self.evaluation_id:  # checked once per evaluation, not per indicator
                if evaluation.state not in ("registered", "self_assessed"):
                    raise UserError(
                        self.env._(
                            "%(name)s is %(state)s: the self scores can no longer be changed.",
                            name=evaluation.name,
                            state=evaluation.state,
                        )
                    )
                evaluation._check_citizen_right()
            vals["self_scored"] = vals["self_score"] is not False and vals["self_score"] is not None
        if ("verified_score" in vals or "disagree_reason" in vals) and not self.env.su:
            self._check_verification_write(vals)
        if "verified_score" in vals and "verified_scored" not in vals:
            vals["verified_scored"] = vals["verified_score"] is not False and vals["verified_score"] is not None
        return super().write(vals)

    def _is_team_verification(self, vals):
        """Only verified scores and reasons, by a member of a support team covering every evaluation."""
        return (
            bool(vals)
            and set(vals) <= VERIFICATION_FIELDS
            and all(evaluation._covering_teams() for evaluation in self.sudo().evaluation_id)
        )

    def _check_verification_write(self, vals):
        """Verified scores and their reasons are given while the evaluation is being verified, by a
        member of a support team covering it who may verify it (separation of duties included)."""
        for line in self:
            evaluation = line.evaluation_id
            if evaluation.state != "reviewed":
                raise UserError(
                    self.env._(
                        "%(name)s: verified scores are given while the evaluation is being verified.",
                        name=evaluation.name,
                    )
                )
            evaluation._check_verifier_right()
            evaluation._check_separation_of_duties("verify")
        if "verified_score" in vals and "verified_scored" not in vals:
            vals["verified_scored"] = vals["verified_score"] is not False and vals["verified_score"] is not None

    @api.model_create_multi
    def create(self, vals_list):
        """Indicators are created with their evaluation, from its criteria set (``_create_lines``)."""
        self._check_created_from_the_set()
        for vals in vals_list:
            if "self_score" in vals:
                vals["self_scored"] = vals["self_score"] is not False
        return super().create(vals_list)

    @api.model
    def _create_indicator_lines(self, pairs):
        """Create the unscored line of each ``(evaluation, criterion)`` pair: a campaign registers 10,000
        evaluations with 10 indicators each, so the lines are one set-based INSERT of what ``create`` would
        store (the related company and sequence, the computed score 0 not scored, the log columns), then
        the ORM is told as after a ``create``: the evaluations' lines are read again and their totals and
        result computed. Nothing to validate: no score is given (``_check_score_range`` holds for 0)."""
        self._check_created_from_the_set()
        if not pairs:
            return self.browse()
        columns = [
            [evaluation.id for evaluation, _criterion in pairs],
            [criterion.id for _evaluation, criterion in pairs],
            [evaluation.company_id.id or None for evaluation, _criterion in pairs],
            [criterion.sequence for _evaluation, criterion in pairs],
        ]
        self.env.cr.execute(
            SQL(
                """INSERT INTO hoctap_evaluation_line (evaluation_id, criterion_id, company_id, sequence,
                                                       score, scored, create_uid, create_date, write_uid, write_date)
                   SELECT evaluation_id, criterion_id, company_id, sequence,
                          0, false, %(uid)s, %(now)s, %(uid)s, %(now)s
                     FROM unnest(%(evaluations)s::int[], %(criteria)s::int[],
                                 %(companies)s::int[], %(sequences)s::int[])
                          AS v(evaluation_id, criterion_id, company_id, sequence)
                RETURNING id""",
                uid=self.env.uid,
                now=self.env.cr.now(),
                evaluations=columns[0],
                criteria=columns[1],
                companies=columns[2],
                sequences=columns[3],
            )
        )
        lines = self.browse([row[0] for row in self.env.cr.fetchall()])
        for fname, values in zip(("evaluation_id", "criterion_id", "company_id", "sequence"), columns, strict=True):
            self.env.cache.update(lines, self._fields[fname], values)
        for fname, value in (("score", 0), ("scored", False)):
            self.env.cache.update(lines, self._fields[fname], [value] * len(lines))
        # the new lines join the evaluations' lines where those are known (as create's inverse update does)
        new_by_evaluation = {}
        for line_id, evaluation_id in zip(lines._ids, columns[0], strict=True):
            new_by_evaluation.setdefault(evaluation_id, []).append(line_id)
        line_ids_field = self.env["hoctap.evaluation"]._fields["line_ids"]
        for evaluation in self.env["hoctap.evaluation"].browse(list(new_by_evaluation)):
            known = self.env.cache.get(evaluation, line_ids_field, None)
            if known is not None:
                self.env.cache.set(evaluation, line_ids_field, known + tuple(new_by_evaluation[evaluation.id]))
        stored = [self._fields[fname] for fname in ("company_id", "sequence", "score", "scored")]
        with self.env.protecting(stored, lines):
            lines.modified(list(self._fields), create=True)
        return lines

    def _check_created_from_the_set(self):
        if not self.env.su:
            raise UserError(
                self.env._(
                    "The indicators of an evaluation come from its criteria set: " "they cannot be added by hand."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_scored_indicator(self):
        # Deleting the evaluation deletes its indicators in the database (ondelete cascade).
        if not self.env.su:
            raise UserError(
                self.env._(
                    "An indicator of an evaluation cannot be deleted: " "every indicator of the criteria set is scored."
                )
            )
