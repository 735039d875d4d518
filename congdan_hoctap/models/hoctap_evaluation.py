# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re
import uuid
from contextlib import contextmanager

from psycopg2 import IntegrityError

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL
from odoo.tools.mimetypes import guess_mimetype

from ..tools.qr import qr_svg
from .hoctap_criteria_set import COLLECTIVE_TYPES, MODEL_TYPES
from .hoctap_evaluation_line import VERIFICATION_FIELDS

STATES = [
    ("registered", "Registered"),
    ("self_assessed", "Self-assessed"),
    ("submitted", "Submitted"),
    ("reviewed", "Reviewed"),
    ("verified", "Verified"),
    ("recognised", "Recognised"),
    ("not_recognised", "Not Recognised"),
    ("cancelled", "Cancelled"),
]
OPEN_STATES = ("registered", "self_assessed", "submitted", "reviewed", "verified")
# Once verified or decided, the evaluation is locked: who, when, where, which model and set stay as decided.
DECIDED_STATES = ("verified", "recognised", "not_recognised")
# Mass actions apply a step to this many evaluations at once (see _apply_per_record).
MASS_CHUNK = 500
# Where a batch keeps, on the cursor, which associations relax the separation of duties, and the user's scope.
DUTIES_CACHE_KEY = "hoctap_duties_relaxed"
SCOPE_CACHE_KEY = "hoctap_user_scope"
# Steps whose next actor depends on the association only (looked up once per association in a batch).
ACTOR_BY_ASSOCIATION = ("submitted", "reviewed", "verified")
# The control steps of separation of duties and the field recording who did each.
CONTROL_STEPS = {
    "self_assess": "self_assessor_id",
    "review": "reviewer_id",
    "verify": "verifier_id",
    "recognise": "recogniser_id",
}
# A sane range for the year of an evaluation, a decision or a calendar.
YEAR_MIN = 2000
# The states in which the citizen acts on their own evaluation (a returned one is self-assessed again).
CITIZEN_STATES = ("registered", "self_assessed")
EVIDENCE_MIMETYPES = ("image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf")
EVIDENCE_MAX_SIZE_MB = 5
EVIDENCE_MAX_FILES = 5  # per indicator

# The titles as printed on certificates and shown on the public verification page: official
# Vietnamese wording, whatever the language of the reader.
OFFICIAL_TITLES = {
    "citizen": "Công dân học tập",
    "family": "Gia đình học tập",
    "clan": "Dòng họ học tập",
    "village_community": "Cộng đồng học tập",
    "community": "Cộng đồng học tập",
    "grassroots_unit": "Đơn vị học tập",
    "unit": "Đơn vị học tập",
}


class HoctapEvaluation(models.Model):
    """One subject's evaluation for one learning model and one year.

    The subject is a person (learning citizen), a household head and the
    household (family), a clan, or an association / partner organisation
    (community, unit). Every state change is an ``action_*`` method checking
    the source state, the user's right and scope, and the data, so that the
    back office, mass actions and the citizen portal share one rule book.
    """

    _name = "hoctap.evaluation"
    _description = "Learning Model Evaluation"
    _inherit = ["portal.mixin", "mail.thread", "mail.activity.mixin", "hoctap.workflow.mixin"]
    _order = "year desc, association_id, name, id"
    _check_company_auto = True

    # Written only by the action_* methods (through ``_workflow()``, after their own checks): never by a client.
    _workflow_fields = (
        "state",
        "date_registered",
        "self_assessor_id",
        "date_self_assessed",
        "submitter_id",
        "date_submitted",
        "reviewer_id",
        "date_reviewed",
        "verifier_id",
        "support_team_id",
        "date_verified",
        "return_reason",
        "refusal_reason",
        "recognition_id",
        "recogniser_id",
        "date_recognised",
        "certificate_number",
        "certificate_issuer_id",
        "certificate_token",
        "certificate_state",
        "certificate_holder",
        "revoke_reason",
        "date_revoked",
    )
    _workflow_locked_states = DECIDED_STATES
    # The portal share link may still be created for a decided evaluation.
    _workflow_free_fields = ("access_token",)
    _workflow_scope_fields = ("association_id",)

    # ---- Subject ----
    name = fields.Char(compute="_compute_name", store=True)
    model_type = fields.Selection(
        MODEL_TYPES, string="Learning Model", required=True, default="citizen", tracking=True, index=True
    )
    year = fields.Integer(
        aggregator=False,
        required=True,
        index=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year,
    )
    association_id = fields.Many2one(
        "hoctap.association",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The association (usually a branch) the subject is evaluated under.",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Evaluated Person",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The citizen; for a family the household head; for a clan its head; for a unit the organisation.",
    )
    citizen_id = fields.Char(related="partner_id.citizen_id")
    household_member_ids = fields.Many2many("res.partner", string="Household Members")
    clan_name = fields.Char(help="Name of the clan, for a learning clan.")
    subject_association_id = fields.Many2one(
        "hoctap.association",
        string="Subject Association",
        index=True,
        ondelete="restrict",
        help="For a learning community or unit: the branch or association evaluated.",
    )
    citizen_form_id = fields.Many2one(
        "hoctap.citizen.form",
        string="Form Group",
        compute="_compute_citizen_form_id",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
        index=True,
        ondelete="restrict",
        help="The group of self-assessment forms the citizen uses: their occupation's, or the one they chose.",
    )
    provisional_count = fields.Integer(related="set_id.provisional_count")
    set_id = fields.Many2one(
        "hoctap.criteria.set",
        string="Criteria Set",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        check_company=True,
        compute="_compute_set_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The set in force for the model, the year, the association and the citizen group.",
        domain="[('state', '=', 'active'), ('model_type', '=', model_type), ('citizen_form_id', '=', citizen_form_id)]",
    )
    # ---- Workflow ----
    state = fields.Selection(
        STATES, default="registered", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    date_registered = fields.Date(default=fields.Date.context_today, readonly=True, copy=False)
    self_assessor_id = fields.Many2one(
        "res.users",
        string="Self-assessed by",
        readonly=True,
        copy=False,
        tracking=True,
        help="The user who marked the evaluation self-assessed: the citizen, or an officer on their behalf.",
    )
    date_self_assessed = fields.Date(readonly=True, copy=False)
    submitter_id = fields.Many2one("res.users", string="Submitted by", readonly=True, copy=False)
    date_submitted = fields.Date(readonly=True, copy=False)
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    date_reviewed = fields.Date(readonly=True, copy=False)
    verifier_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    support_team_id = fields.Many2one("hoctap.support.team", readonly=True, copy=False, tracking=True)
    date_verified = fields.Date(readonly=True, copy=False)
    return_reason = fields.Text(readonly=True, copy=False, tracking=True)
    refusal_reason = fields.Text(string="Reason Not Recognised", readonly=True, copy=False, tracking=True)
    date_deadline = fields.Date(
        compute="_compute_date_deadline",
        store=True,
        string="Step Deadline",
        help="When the current step should be done, from the deadlines of the association.",
    )
    is_overdue = fields.Boolean(compute="_compute_is_overdue", search="_search_is_overdue")
    # ---- Scores and result ----
    line_ids = fields.One2many("hoctap.evaluation.line", "evaluation_id", string="Indicators", copy=False)
    self_total = fields.Integer(compute="_compute_totals", store=True, tracking=True)
    verified_total = fields.Integer(compute="_compute_totals", store=True, tracking=True)
    total = fields.Integer(
        compute="_compute_totals", store=True, help="Verified scores where verified, self scores until then."
    )
    max_total = fields.Integer(related="set_id.max_total")
    passed = fields.Boolean(
        compute="_compute_result",
        store=True,
        tracking=True,
        help="The scores meet every recognition rule of the criteria set.",
    )
    result_note = fields.Text(string="Why", compute="_compute_result", store=True)
    member_ratio = fields.Float(
        compute="_compute_member_ratio",
        digits=(5, 2),
        string="Own People Recognised (%)",
        help="For a learning unit (TT 24/2023): share of its own staff, or of its learners for an educational "
        "establishment, holding the learning-citizen title this year (from the unit's headcount).",
    )
    # ---- Recognition ----
    recognition_id = fields.Many2one("hoctap.recognition", readonly=True, copy=False, index=True, tracking=True)
    recogniser_id = fields.Many2one(
        "res.users",
        string="Recognised by",
        readonly=True,
        copy=False,
        tracking=True,
        help="The user who issued the decision recognising the evaluation.",
    )
    date_recognised = fields.Date(readonly=True, copy=False)
    certificate_number = fields.Char(readonly=True, copy=False, index=True, tracking=True)
    certificate_holder = fields.Char(
        readonly=True,
        copy=False,
        help="The holder's name as recognised: printed on the certificate and shown by the public "
        "verification page, whatever later edits of the person's name.",
    )
    certificate_issuer_id = fields.Many2one("hoctap.association", readonly=True, copy=False)
    certificate_token = fields.Char(readonly=True, copy=False, index=True, groups="base.group_user")
    certificate_state = fields.Selection(
        [("valid", "Valid"), ("revoked", "Revoked")], readonly=True, copy=False, tracking=True
    )
    revoke_reason = fields.Text(readonly=True, copy=False, tracking=True)
    date_revoked = fields.Date(readonly=True, copy=False)

    _sql_constraints = [
        (
            "subject_partner_uniq",
            "unique(partner_id, model_type, year)",
            "This subject already has an evaluation for this learning model and year.",
        ),
        (
            "subject_association_uniq",
            "unique(subject_association_id, model_type, year)",
            "This association already has an evaluation for this learning model and year.",
        ),
        (
            "certificate_uniq",
            "unique(certificate_issuer_id, year, certificate_number)",
            "A certificate number is used only once per issuing association and year.",
        ),
        ("certificate_token_uniq", "unique(certificate_token)", "A verification token is unique."),
    ]

    # ---- Computes ----
    @api.depends("partner_id.name", "clan_name", "subject_association_id.name", "year", "model_type")
    def _compute_name(self):
        for evaluation in self:
            subject = evaluation.clan_name or evaluation.subject_association_id.name or evaluation.partner_id.name or ""
            evaluation.name = f"{subject} ({evaluation.year})"

    @api.depends("partner_id.occupation_group", "model_type")
    def _compute_citizen_form_id(self):
        """The form group of the citizen's occupation; kept as chosen when the occupation maps to none."""
        Form = self.env["hoctap.citizen.form"]
        for evaluation in self:
            if evaluation.model_type != "citizen":
                evaluation.citizen_form_id = False
                continue
            if evaluation.line_ids:
                evaluation.citizen_form_id = evaluation.citizen_form_id  # its indicators come from that form
                continue
            form = Form._for_occupation(evaluation.partner_id.sudo().occupation_group)
            evaluation.citizen_form_id = form or evaluation.citizen_form_id

    @api.depends("model_type", "year", "association_id", "citizen_form_id")
    def _compute_set_id(self):
        """Propose the set in force until the indicators are created from one."""
        CriteriaSet = self.env["hoctap.criteria.set"]
        for evaluation in self:
            if evaluation.line_ids or not evaluation.association_id or not evaluation.year:
                evaluation.set_id = evaluation.set_id
                continue
            form = evaluation.citizen_form_id if evaluation.model_type == "citizen" else False
            if evaluation.model_type == "citizen" and not form:
                evaluation.set_id = evaluation.set_id  # the citizen chooses a form group first
                continue
            found = CriteriaSet._find_in_force(evaluation.model_type, evaluation.year, evaluation.association_id, form)
            evaluation.set_id = found or evaluation.set_id

    @api.depends("state", "year", "association_id")
    def _compute_date_deadline(self):
        step_field = {
            "registered": "date_self_assessment",
            "self_assessed": "date_self_assessment",
            "submitted": "date_verification",
            "reviewed": "date_verification",
        }
        open_evaluations = self.filtered(lambda e: e.state in step_field and e.association_id and e.year)
        (self - open_evaluations).date_deadline = False
        deadlines = open_evaluations._deadline_records()
        for evaluation in open_evaluations:
            deadline = deadlines.get(evaluation.id)
            evaluation.date_deadline = deadline[step_field[evaluation.state]] if deadline else False

    @api.depends("date_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for evaluation in self:
            evaluation.is_overdue = bool(
                evaluation.state in OPEN_STATES and evaluation.date_deadline and evaluation.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        today = fields.Date.context_today(self)
        domain = [("state", "in", OPEN_STATES), ("date_deadline", "<", today)]
        positive = (operator == "=") == bool(value)
        return domain if positive else ["!", "&", *domain]

    @api.depends("line_ids.self_score", "line_ids.verified_score", "line_ids.score")
    def _compute_totals(self):
        """Sums of the indicators, for saved evaluations in one grouped query over their lines."""
        sums = {}
        saved_ids = [record_id for record_id in self._ids if record_id]
        if saved_ids:
            groups = (
                self.env["hoctap.evaluation.line"]
                .sudo()
                ._read_group(
                    [("evaluation_id", "in", saved_ids)],
                    ["evaluation_id"],
                    ["self_score:sum", "verified_score:sum", "score:sum"],
                )
            )
            sums = {evaluation.id: totals for evaluation, *totals in groups}
        for evaluation in self:
            if evaluation.id:
                self_total, verified_total, total = sums.get(evaluation.id, (0, 0, 0))
            else:
                lines = evaluation.line_ids
                self_total, verified_total, total = (
                    sum(lines.mapped(fname)) for fname in ("self_score", "verified_score", "score")
                )
            evaluation.self_total = self_total or 0
            evaluation.verified_total = verified_total or 0
            evaluation.total = total or 0

    @api.depends(
        "total",
        "line_ids.score",
        "line_ids.scored",
        "set_id.min_total",
        "set_id.min_per_indicator",
        "set_id.min_member_ratio",
    )
    def _compute_result(self):
        results = self._rule_results()
        for evaluation in self:
            passed, reasons = results[evaluation.id]
            evaluation.passed = passed
            evaluation.result_note = "\n".join(reasons)

    def _compute_member_ratio(self):
        for evaluation in self:
            evaluation.member_ratio = evaluation._member_ratio() if evaluation.model_type == "unit" else 0.0

    # ---- Rules ----
    def _evaluate_rules(self):
        """Apply the set's recognition rules to the current scores.

        Returns ``(passed, reasons)``: the reasons name every rule that fails,
        or the rules met when the subject passes.
        """
        self.ensure_one()
        return self._rule_results()[self.id]

    def _rule_results(self):
        """``{evaluation id: (passed, reasons)}``: the rules of :meth:`_evaluate_rules` applied to a whole batch.

        The scores of every indicator of the batch come from one query, each set's rules and each criterion's
        limits are read once: a campaign's decision checks 10,000 evaluations in one pass.
        """
        lines = self._rule_lines()
        criteria = self.env["hoctap.criterion"].browse({line[0] for rows in lines.values() for line in rows})
        batch = {
            "sets": {
                criteria_set.id: (
                    set(criteria_set._indicators().ids),
                    criteria_set.min_total,
                    criteria_set.min_per_indicator,
                    criteria_set.max_total,
                )
                for criteria_set in self.set_id
            },
            "limits": {
                criterion.id: (criterion.min_points, criterion.mandatory, criterion.max_points)
                for criterion in criteria
            },
            "passed": {},  # the sentence of a pass by (total, maximum, minimum): thousands share a few
        }
        return {evaluation.id: evaluation._apply_rules(lines.get(evaluation.id, []), batch) for evaluation in self}

    def _rule_lines(self):
        """``{evaluation id: [(criterion id, score, scored), …]}`` in the order of the indicators.

        Saved evaluations are read from the database in one query (pending changes flushed first); new
        ones (a form being edited) from their lines in memory.
        """
        result = {}
        saved_ids = [record_id for record_id in self._ids if record_id]
        if saved_ids:
            self.env["hoctap.evaluation.line"].flush_model()  # every pending value: one UPDATE per line
            self.env.cr.execute(
                SQL(
                    """SELECT evaluation_id, criterion_id, score, scored FROM hoctap_evaluation_line
                        WHERE evaluation_id = ANY(%s) ORDER BY evaluation_id, sequence, id""",
                    saved_ids,
                )
            )
            for evaluation_id, criterion_id, score, scored in self.env.cr.fetchall():
                result.setdefault(evaluation_id, []).append((criterion_id, score or 0, bool(scored)))
        for evaluation in self:
            if not evaluation.id:
                result[evaluation.id] = [
                    (line.criterion_id.id, line.score, line.scored) for line in evaluation.line_ids
                ]
        return result

    def _apply_rules(self, lines, batch):
        """The rules on one evaluation's ``lines`` (see :meth:`_rule_lines`): total ≥ the set's minimum,
        every indicator ≥ its minimum (the set's or its own), mandatory indicators fully met, and a unit's
        own people recognised (TT 24). ``batch``: each set's rules and each criterion's limits (minimum,
        mandatory, maximum), read once for the batch by :meth:`_rule_results`."""
        self.ensure_one()
        criteria_set = self.set_id
        if not criteria_set or not lines:
            return False, [self.env._("No indicators to score yet.")]
        indicator_ids, min_total, min_per_indicator, max_total = batch["sets"][criteria_set.id]
        if len(lines) != len(indicator_ids) or {line[0] for line in lines} != indicator_ids:
            return False, [
                self.env._(
                    "The indicators do not match those of the criteria set %(set)s.", set=criteria_set.display_name
                )
            ]
        if not all(scored for _criterion, _score, scored in lines):
            return False, [self.env._("Not every indicator has a score yet.")]
        reasons = []
        total = self.total
        if total < min_total:
            reasons.append(
                self.env._("Total %(total)s is below the minimum of %(minimum)s.", total=total, minimum=min_total)
            )
        limits = batch["limits"]
        for criterion_id, score, _scored in lines:
            min_points, mandatory, max_points = limits[criterion_id]
            minimum = max(min_per_indicator, min_points)
            if score < minimum:
                reasons.append(
                    self.env._(
                        "%(indicator)s scores %(score)s, below the minimum of %(minimum)s.",
                        indicator=self.env["hoctap.criterion"].browse(criterion_id).display_name,
                        score=score,
                        minimum=minimum,
                    )
                )
            if mandatory and score < max_points:
                reasons.append(
                    self.env._(
                        "%(indicator)s is mandatory and is not fully met.",
                        indicator=self.env["hoctap.criterion"].browse(criterion_id).display_name,
                    )
                )
        if self.model_type == "unit":
            reasons += self._unit_ratio_reasons()
        if reasons:
            return False, reasons
        key = (total, max_total, min_total)
        if key not in batch["passed"]:
            batch["passed"][key] = self.env._(
                "Total %(total)s of %(maximum)s meets the minimum of %(minimum)s "
                "and every indicator reaches its minimum.",
                total=total,
                maximum=max_total,
                minimum=min_total,
            )
        return True, [batch["passed"][key]]

    def _member_ratio(self):
        """Share (%) of a TT 24 learning unit's own people holding the learning-citizen title in the year:
        its learners for an educational establishment, else its staff, from the unit's headcount."""
        self.ensure_one()
        headcounts = self._unit_headcounts()
        headcount = headcounts.filtered(lambda h: h.kind == "learners")[:1] or headcounts[:1]
        return headcount.ratio if headcount else 0.0

    # ---- Constraints ----
    @api.constrains("model_type", "partner_id", "subject_association_id", "clan_name")
    def _check_subject(self):
        for evaluation in self:
            if evaluation.model_type in COLLECTIVE_TYPES:
                if not evaluation.subject_association_id and not evaluation.partner_id:
                    raise ValidationError(self.env._("Choose the association or organisation evaluated."))
            elif not evaluation.partner_id:
                raise ValidationError(self.env._("Choose the person evaluated (the household or clan head)."))

    @api.constrains("set_id", "model_type", "citizen_form_id")
    def _check_set_model_type(self):
        """The set is for the evaluation's learning model and, for a citizen, for the form group recorded."""
        for evaluation in self:
            if evaluation.set_id.model_type != evaluation.model_type:
                raise ValidationError(
                    self.env._("The criteria set %(set)s is not for this learning model.", set=evaluation.set_id.name)
                )
            set_form = evaluation.set_id.citizen_form_id
            if evaluation.model_type == "citizen" and set_form and set_form != evaluation.citizen_form_id:
                raise ValidationError(
                    self.env._(
                        "The criteria set %(set)s is for the form group %(form)s: choose the set of the form group "
                        "of %(name)s.",
                        set=evaluation.set_id.name,
                        form=set_form.name,
                        name=evaluation.name,
                    )
                )

    @api.constrains("year")
    def _check_year(self):
        for evaluation in self:
            evaluation._check_year_range(evaluation.year)

    @api.model
    def _check_year_range(self, year):
        """A year from 2000 to next year: learning models are evaluated for past and current years only."""
        latest = fields.Date.context_today(self).year + 1
        try:
            valid = YEAR_MIN <= int(year) <= latest
        except (TypeError, ValueError):
            valid = False
        if not valid:
            raise ValidationError(
                self.env._(
                    "%(year)s is not a valid year: give a year from %(first)s to %(last)s.",
                    year=year,
                    first=YEAR_MIN,
                    last=latest,
                )
            )

    # ---- CRUD ----
    @api.model_create_multi
    def create(self, vals_list):
        """The state and the workflow fields are refused by the workflow mixin; the set must be in force."""
        # a campaign registers thousands of people of a few associations: each set is found (or checked) once
        self.env["res.partner"].browse([vals["partner_id"] for vals in vals_list if vals.get("partner_id")]).mapped(
            "occupation_group"
        )
        found, checked = {}, set()
        for vals in vals_list:
            if "year" in vals:
                self._check_year_range(vals["year"])
            if not vals.get("set_id"):
                key = self._default_set_key(vals)
                if key not in found:
                    found[key] = self._default_set_for(vals).id
                vals["set_id"] = found[key]
            else:
                key = (vals["set_id"], vals.get("year"), vals.get("association_id"))
                if key not in checked:
                    self._check_set_in_force(vals)
                    checked.add(key)
            self._default_citizen_form(vals)
        evaluations = super().create(vals_list)
        evaluations._check_registration_deadline()
        evaluations._create_lines()
        evaluations._schedule_next_activity()
        return evaluations

    def write(self, vals):
        """The workflow and certificate fields change only through the action_* methods (workflow mixin);
        a decided evaluation is locked; the set changes only before the indicators exist, to one in force."""
        if not self._workflow_allowed() and self._is_verification_write(vals):
            # A support team member reads the evaluation only: the form saves their verified scores
            # here, and the indicators check the verification right themselves.
            self.check_access("read")
            for command in vals["line_ids"]:
                self.line_ids.filtered(lambda line, line_id=command[1]: line.id == line_id).write(command[2])
            return True
        if not self._workflow_allowed():
            self.check_access("write")  # the rights first: a citizen or a viewer is refused as such
        locked = self.filtered(lambda evaluation: evaluation.state in self._workflow_locked_states)
        if not self._workflow_allowed() and "set_id" in vals and not locked:
            if any(evaluation.line_ids and evaluation.set_id.id != vals["set_id"] for evaluation in self):
                raise UserError(
                    self.env._("The criteria set of an evaluation cannot change once its indicators are created.")
                )
            for evaluation in self:
                evaluation._check_set_in_force(
                    {
                        "set_id": vals["set_id"],
                        "year": vals.get("year", evaluation.year),
                        "association_id": vals.get("association_id", evaluation.association_id.id),
                    }
                )
        return super().write(vals)

    def _is_verification_write(self, vals):
        """Only verified scores and their reasons of existing indicators, as the form sends them."""
        commands = vals.get("line_ids") if set(vals) == {"line_ids"} else None
        return (
            bool(commands)
            and isinstance(commands, list | tuple)
            and len(self) == 1
            and bool(self._covering_teams())
            and all(
                isinstance(command, list | tuple)
                and len(command) == 3
                and command[0] == 1
                and isinstance(command[2], dict)
                and command[2]
                and set(command[2]) <= VERIFICATION_FIELDS
                and command[1] in self.line_ids.ids
                for command in commands
            )
        )

    @api.model
    def _check_set_in_force(self, vals):
        """Refuse a criteria set that is not in force for the evaluation: archived or draft, not valid
        in its year, or the local set of an association the evaluation is not under."""
        criteria_set = self.env["hoctap.criteria.set"].sudo().browse(vals["set_id"]).exists()
        year = vals.get("year") or fields.Date.context_today(self).year
        association = self.env["hoctap.association"].sudo().browse(vals.get("association_id")).exists()
        ancestors = [int(i) for i in (association.parent_path or "").split("/") if i]
        in_force = bool(
            criteria_set
            and isinstance(year, int)
            and 1 <= year <= 9999
            and criteria_set.state == "active"
            and criteria_set.date_from <= fields.Date.to_date(f"{year:04d}-12-31")
            and (not criteria_set.date_to or criteria_set.date_to >= fields.Date.to_date(f"{year:04d}-01-01"))
            and (not criteria_set.association_id or criteria_set.association_id.id in ancestors)
        )
        if not in_force:
            raise UserError(
                self.env._(
                    "The criteria set %(set)s is not in force for %(year)s in this association: "
                    "choose an active set valid that year.",
                    set=criteria_set.name or "",
                    year=year,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(evaluation.state not in ("registered", "cancelled") for evaluation in self):
            raise UserError(self.env._("Only a registered or cancelled evaluation can be deleted: cancel it instead."))

    @api.model
    def _default_citizen_form(self, vals):
        """A citizen evaluation records the form group of its set when none was given."""
        if vals.get("model_type", "citizen") == "citizen" and not vals.get("citizen_form_id"):
            criteria_set = self.env["hoctap.criteria.set"].sudo().browse(vals["set_id"])
            if criteria_set.citizen_form_id:
                vals["citizen_form_id"] = criteria_set.citizen_form_id.id

    @api.model
    def _default_set_for(self, vals):
        """The set in force for the subject; a citizen's form group is the one given, else their occupation's."""
        association = self.env["hoctap.association"].browse(vals.get("association_id"))
        partner = self.env["res.partner"].browse(vals.get("partner_id"))
        model_type = vals.get("model_type", "citizen")
        form = False
        if model_type == "citizen":
            form = self.env["hoctap.citizen.form"].browse(vals.get("citizen_form_id")).exists() or self.env[
                "hoctap.citizen.form"
            ]._for_occupation(partner.sudo().occupation_group)
        year = vals.get("year") or fields.Date.context_today(self).year
        criteria_set = self.env["hoctap.criteria.set"]._find_in_force(model_type, year, association, form)
        if not criteria_set:
            raise UserError(
                self.env._(
                    "No active criteria set is in force for %(subject)s in %(year)s: activate one first.",
                    subject=partner.name or association.name or "",
                    year=year,
                )
            )
        return criteria_set

    @api.model
    def _default_set_key(self, vals):
        """What ``_default_set_for`` depends on: the same key, the same set."""
        model_type = vals.get("model_type", "citizen")
        form = False
        if model_type == "citizen":
            form = (
                ("form", vals["citizen_form_id"])
                if vals.get("citizen_form_id")
                else ("occupation", self.env["res.partner"].browse(vals.get("partner_id")).sudo().occupation_group)
            )
        return (vals.get("association_id"), model_type, form, vals.get("year"))

    def _create_lines(self):
        """One indicator line per indicator of each evaluation's set, for the whole batch in one INSERT."""
        indicators = {criteria_set: criteria_set._indicators() for criteria_set in self.set_id}
        return (
            self.env["hoctap.evaluation.line"]
            .sudo()
            ._create_indicator_lines(
                [(evaluation, criterion) for evaluation in self for criterion in indicators.get(evaluation.set_id, ())]
            )
        )

    def _check_registration_deadline(self):
        if self.env.su or self.env.user.has_group("congdan_hoctap.group_manager"):
            return
        today = fields.Date.context_today(self)
        deadlines = self._deadline_records()
        for evaluation in self:
            deadline = deadlines.get(evaluation.id)
            if deadline and deadline.date_registration and today > deadline.date_registration:
                raise UserError(
                    self.env._(
                        "Registration for %(year)s closed on %(date)s.",
                        year=evaluation.year,
                        date=deadline.date_registration,
                    )
                )

    # ---- Actions: the workflow ----
    def action_self_assess(self):
        """Registered → self-assessed: every indicator scored, evidence attached where required.

        Done by someone else than the citizen, it is a control step of its own (separation of duties).
        """
        missing = self._incomplete_indicators()
        for evaluation in self:
            evaluation._check_state(("registered",), self.env._("Only a registered evaluation can be self-assessed."))
            evaluation._check_citizen_right()
            evaluation._check_self_assessment_complete(missing)
            evaluation._check_separation_of_duties("self_assess")
        self.sudo()._workflow().write(
            {
                "state": "self_assessed",
                "self_assessor_id": self.env.uid,
                "date_self_assessed": fields.Date.context_today(self),
            }
        )
        self._schedule_next_activity()
        return True

    def _check_self_assessment_complete(self, missing=None):
        """Every indicator has a self score, and evidence where the indicator requires it: the lines of the
        whole batch checked in one query (``missing``: :meth:`_incomplete_indicators`, when the caller read
        them for a larger batch), the first evaluation that fails named (in the order of ``self``)."""
        missing = self._incomplete_indicators() if missing is None else missing
        for evaluation in self:
            if evaluation.id not in missing:
                continue
            criterion, no_score = missing[evaluation.id]
            if no_score:
                raise UserError(
                    self.env._(
                        "%(name)s: score every indicator first (%(indicator)s has no score).",
                        name=evaluation.name,
                        indicator=criterion.display_name,
                    )
                )
            raise UserError(
                self.env._(
                    "%(name)s: %(indicator)s needs a piece of evidence attached.",
                    name=evaluation.name,
                    indicator=criterion.display_name,
                )
            )

    def _incomplete_indicators(self):
        """``{evaluation id: (first indicator, True)}`` for an evaluation with an indicator not scored yet, else
        ``(first indicator, False)`` for one whose indicator requiring evidence has none."""
        result = {}
        saved_ids = [record_id for record_id in self._ids if record_id]
        if saved_ids:
            self.env["hoctap.evaluation.line"].flush_model()
            self.env["hoctap.criterion"].flush_model(["evidence_required"])
            self.env.cr.execute(
                SQL(
                    """SELECT DISTINCT ON (l.evaluation_id) l.evaluation_id, l.criterion_id, l.self_scored IS NOT TRUE
                         FROM hoctap_evaluation_line l JOIN hoctap_criterion c ON c.id = l.criterion_id
                        WHERE l.evaluation_id = ANY(%s)
                          AND (l.self_scored IS NOT TRUE
                               OR (c.evidence_required AND NOT EXISTS (
                                   SELECT FROM hoctap_evaluation_line_ir_attachment_rel r
                                    WHERE r.hoctap_evaluation_line_id = l.id)))
                        ORDER BY l.evaluation_id, l.self_scored IS NOT TRUE DESC, l.sequence, l.id""",
                    saved_ids,
                )
            )
            Criterion = self.env["hoctap.criterion"]
            result = {row[0]: (Criterion.browse(row[1]), row[2]) for row in self.env.cr.fetchall()}
        for evaluation in self:
            if evaluation.id:
                continue
            lines = evaluation.line_ids
            unscored = lines.filtered(lambda line: not line.self_scored)
            no_evidence = lines.filtered(lambda line: line.evidence_required and not line.evidence_ids)
            if unscored or no_evidence:
                result[evaluation.id] = ((unscored or no_evidence)[0].criterion_id, bool(unscored))
        return result

    def action_submit(self):
        """Self-assessed → submitted to the branch."""
        missing = self._incomplete_indicators()
        for evaluation in self:
            evaluation._check_state(
                ("self_assessed",), self.env._("An evaluation cannot be submitted before it is self-assessed.")
            )
            evaluation._check_citizen_right()
            evaluation._check_self_assessment_complete(missing)
        self.sudo()._workflow().write(
            {"state": "submitted", "submitter_id": self.env.uid, "date_submitted": fields.Date.context_today(self)}
        )
        self._schedule_next_activity()
        return True

    def action_review(self):
        """Submitted → reviewed, by an officer of the branch (or above) who did no other control step."""
        for evaluation in self:
            evaluation._check_state(("submitted",), self.env._("Only a submitted evaluation can be reviewed."))
            evaluation._check_officer_right("congdan_hoctap.group_branch_officer")
            evaluation._check_separation_of_duties("review")
        self.sudo()._workflow().write(
            {"state": "reviewed", "reviewer_id": self.env.uid, "date_reviewed": fields.Date.context_today(self)}
        )
        self._schedule_next_activity()
        return True

    def action_verify(self):
        """Reviewed → verified, by a member of a support team covering the association.

        Indicators without a verified score take the self score; a verified
        score differing from the self score needs the team's reason. The
        verifier did no other control step, and did not add themselves to the team.
        """
        covering = self._covering_teams_by_association()
        disputed = self._disputed_indicators()
        teams = {}
        for evaluation in self:
            evaluation._check_state(("reviewed",), self.env._("Only a reviewed evaluation can be verified."))
            team = evaluation._check_verifier_right(covering[evaluation.association_id.id])
            evaluation._check_separation_of_duties("verify")
            if evaluation.id in disputed:
                raise UserError(
                    self.env._(
                        "%(name)s: give the reason why the verified score of %(indicator)s differs "
                        "from the self score.",
                        name=evaluation.name,
                        indicator=disputed[evaluation.id].display_name,
                    )
                )
            teams.setdefault(team, []).append(evaluation.id)
        self._accept_self_scores()
        for team, evaluation_ids in teams.items():
            self.browse(evaluation_ids).sudo()._workflow().write(
                {
                    "state": "verified",
                    "verifier_id": self.env.uid,
                    "support_team_id": team.id,
                    "date_verified": fields.Date.context_today(self),
                }
            )
        # a unit's result also depends on its headcount, which no field dependency follows: computed again
        # here; the others follow their indicators (recomputed when a verified score changed one)
        self.filtered(lambda evaluation: evaluation.model_type == "unit")._refresh_result()
        self._schedule_next_activity()
        return True

    def _disputed_indicators(self):
        """``{evaluation id: first indicator}`` whose verified score differs from the self score without the
        team's reason, for the whole batch in one query."""
        self.env["hoctap.evaluation.line"].flush_model()  # every pending value: one UPDATE per line
        self.env.cr.execute(
            SQL(
                """SELECT DISTINCT ON (evaluation_id) evaluation_id, criterion_id FROM hoctap_evaluation_line
                    WHERE evaluation_id = ANY(%s) AND verified_scored
                      AND COALESCE(verified_score, 0) != COALESCE(self_score, 0) AND COALESCE(disagree_reason, '') = ''
                    ORDER BY evaluation_id, sequence, id""",
                self.ids,
            )
        )
        Criterion = self.env["hoctap.criterion"]
        return {evaluation_id: Criterion.browse(criterion_id) for evaluation_id, criterion_id in self.env.cr.fetchall()}

    def _accept_self_scores(self):
        """The indicators without a verified score take their self score: one UPDATE for the whole batch
        (checked by :meth:`action_verify`). It stores what ``write`` and the recomputation would: the line's
        score is now its verified score (``_compute_score``), which equals the self score it had; the ORM is
        then told what changed, so the totals that depend on it are recomputed."""
        Line = self.env["hoctap.evaluation.line"]
        Line.flush_model()  # every pending value: one UPDATE per line
        self.env.cr.execute(
            SQL(
                """UPDATE hoctap_evaluation_line
                      SET verified_score = COALESCE(self_score, 0), verified_scored = true,
                          score = COALESCE(self_score, 0), scored = true,
                          write_uid = %(uid)s, write_date = %(now)s
                    WHERE evaluation_id = ANY(%(ids)s) AND verified_scored IS NOT TRUE
                RETURNING id, verified_score, evaluation_id, self_scored IS TRUE""",
                uid=self.env.uid,
                now=self.env.cr.now(),
                ids=self.ids,
            )
        )
        rows = self.env.cr.fetchall()
        lines = Line.browse([row[0] for row in rows])
        lines.invalidate_recordset(["write_uid", "write_date"])
        scores = [row[1] for row in rows]
        for fname, values in (
            ("verified_score", scores),
            ("verified_scored", [True] * len(rows)),
            ("score", scores),
            ("scored", [True] * len(rows)),
            ("evaluation_id", [row[2] for row in rows]),
        ):
            self.env.cache.update(lines, Line._fields[fname], values)
        with self.env.protecting([Line._fields["score"], Line._fields["scored"]], lines):
            lines.modified(["verified_score", "verified_scored"])
        # the score keeps its value (the self score); "scored" changes only where the self score was missing
        lines.browse([row[0] for row in rows if not row[3]]).modified(["scored"])

    def _refresh_result(self):
        """Recompute the stored result: a unit's result also depends on other evaluations."""
        for field_name in ("passed", "result_note"):
            self.env.add_to_compute(self._fields[field_name], self)
        self.flush_recordset(["passed", "result_note"])

    def action_return(self):
        """Ask the reason, then return the evaluations for revision (:meth:`_return`)."""
        return self._open_reason_wizard("hoctap.evaluation.return", self.env._("Return for Revision"))

    def action_not_recognise(self):
        """Ask the reason, then decide not to recognise (:meth:`_not_recognise`)."""
        return self._open_reason_wizard("hoctap.evaluation.not.recognise", self.env._("Not Recognised"))

    def action_revoke(self):
        """Ask the reason, then revoke the certificates (:meth:`_revoke`)."""
        return self._open_reason_wizard("hoctap.evaluation.revoke", self.env._("Revoke Recognition"))

    def _open_reason_wizard(self, wizard_model, title):
        return {
            "type": "ir.actions.act_window",
            "name": title,
            "res_model": wizard_model,
            "view_mode": "form",
            "target": "new",
            "context": {"default_evaluation_ids": self.ids},
        }

    def _return(self, reason):
        """Submitted, reviewed or verified → back to self-assessed for the citizen to revise."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Say why the evaluation is returned."))
        for evaluation in self:
            evaluation._check_state(
                ("submitted", "reviewed", "verified"),
                self.env._("Only a submitted, reviewed or verified evaluation can be returned."),
            )
            if evaluation.state == "submitted":
                evaluation._check_officer_right("congdan_hoctap.group_branch_officer")
            else:
                evaluation._check_verifier_or_officer_right()
            evaluation.line_ids.sudo().write({"verified_score": 0, "verified_scored": False, "disagree_reason": False})
        self.sudo()._workflow().write(
            {
                "state": "self_assessed",
                "return_reason": reason,
                "verifier_id": False,
                "support_team_id": False,
                "reviewer_id": False,
                "date_reviewed": False,
                "date_verified": False,
            }
        )
        for evaluation in self:
            evaluation.message_post(body=self.env._("Returned for revision: %(reason)s", reason=reason))
        self._schedule_next_activity()
        return True

    def _not_recognise(self, reason):
        """Verified → not recognised, with the reason."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Say why the subject is not recognised."))
        for evaluation in self:
            evaluation._check_state(("verified",), self.env._("Only a verified evaluation can be not recognised."))
            evaluation._check_officer_right("congdan_hoctap.group_officer", "congdan_hoctap.group_approver")
            evaluation._check_separation_of_duties("recognise")
        self.sudo()._workflow().write(
            {
                "state": "not_recognised",
                "refusal_reason": reason,
                "recogniser_id": self.env.uid,
                "date_recognised": fields.Date.context_today(self),
            }
        )
        self._unlink_workflow_activities()
        return True

    def action_cancel(self):
        """Any non-final state → cancelled."""
        for evaluation in self:
            evaluation._check_state(OPEN_STATES, self.env._("Only an evaluation in progress can be cancelled."))
            if evaluation.state in ("registered", "self_assessed"):
                evaluation._check_citizen_right()
            else:
                evaluation._check_officer_right("congdan_hoctap.group_branch_officer")
        self.sudo()._workflow().write({"state": "cancelled"})
        self._unlink_workflow_activities()
        return True

    def action_reset_registered(self):
        """Cancelled → registered again (an officer undoing a cancellation)."""
        for evaluation in self:
            evaluation._check_state(("cancelled",), self.env._("Only a cancelled evaluation can be registered again."))
            evaluation._check_officer_right("congdan_hoctap.group_branch_officer")
        # Like a return: the new round starts without the previous steps.
        self.line_ids.sudo().write({"verified_score": 0, "verified_scored": False, "disagree_reason": False})
        self.sudo()._workflow().write(
            {
                "state": "registered",
                "verifier_id": False,
                "support_team_id": False,
                "reviewer_id": False,
                "self_assessor_id": False,
                "submitter_id": False,
                "date_self_assessed": False,
                "date_reviewed": False,
                "date_verified": False,
                "date_submitted": False,
            }
        )
        self._refresh_result()
        self._schedule_next_activity()
        return True

    def _check_recognisable(self, issuer, year=None, model_type=None, passed=None):
        """Refuse an evaluation a decision of ``issuer`` cannot recognise, saying why.

        ``passed``: the result of the rules when the caller evaluated them for a whole batch.
        """
        self.ensure_one()
        if (year and self.year != year) or (model_type and self.model_type != model_type):
            raise UserError(self.env._("%(name)s is not of the decision's year and learning model.", name=self.name))
        if not (self.association_id.sudo().parent_path or "").startswith(issuer.sudo().parent_path or "-"):
            raise UserError(self.env._("%(name)s is outside the issuing association.", name=self.name))
        if self.state != "verified" or not (self._evaluate_rules()[0] if passed is None else passed):
            raise UserError(self.env._("%(name)s is not a verified evaluation that passes the rules.", name=self.name))
        self._check_separation_of_duties("recognise")
        return True

    def _recognition_refusals(self, issuer, year=None, model_type=None):
        """``{evaluation: error}`` for those of these evaluations a decision of ``issuer`` cannot recognise
        (:meth:`_check_recognisable`), in their order: the rules of the whole batch evaluated in one pass.
        Nothing is written, so no savepoint is needed; call it inside :meth:`_duties_cache`."""
        # the rules are data: evaluated as the system, each record's own checks below run as the user
        results = self.sudo().filtered(lambda evaluation: evaluation.state == "verified")._rule_results()
        refusals = {}
        for evaluation in self:
            passed = results[evaluation.id][0] if evaluation.id in results else False
            try:
                evaluation._check_recognisable(issuer, year, model_type, passed=passed)
            except UserError as error:  # AccessError included: an evaluation the user may not read
                refusals[evaluation] = error
        return refusals

    def _holder_name(self):
        self.ensure_one()
        return self.clan_name or self.subject_association_id.name or self.partner_id.name

    def _recognise(self, recognition, numbers=None):
        """Verified and passing → recognised under ``recognition``, the i-th evaluation with ``numbers[i]``.

        Works on a whole decision at once, in one pass: every record is checked (state, year and model,
        scope of the issuer, rules, separation of duties: :meth:`_recognition_refusals`) and the first
        refusal stops the decision; then, without ``numbers``, the certificate numbers are drawn from the
        issuer's sequence (after the checks, so a refused decision draws none). The common values are
        written in one write, the certificate number, token and holder of each record in one UPDATE.
        """
        if numbers is not None:
            numbers = [numbers] if isinstance(numbers, str) else list(numbers)
            if len(numbers) != len(self):
                raise UserError(self.env._("Each recognised evaluation needs its own certificate number."))
        refusals = self._recognition_refusals(recognition.association_id, recognition.year, recognition.model_type)
        if refusals:
            raise next(iter(refusals.values()))
        if numbers is None:
            numbers = recognition._next_certificate_numbers(len(self))
        certificates = [
            (evaluation.id, number, uuid.uuid4().hex, evaluation._holder_name())
            for evaluation, number in zip(self, numbers, strict=False)
        ]
        self.sudo()._workflow().write(
            {
                "state": "recognised",
                "recognition_id": recognition.id,
                "certificate_issuer_id": recognition.association_id.id,
                "certificate_state": "valid",
                "recogniser_id": self.env.uid,
                "date_recognised": fields.Date.context_today(self),
            }
        )
        self._write_certificates(certificates)
        self._unlink_workflow_activities()

    def _write_certificates(self, certificates):
        """``(id, number, token, holder)`` of each evaluation: values that differ per record, put in the cache as
        ``write`` puts a value (dirty, dependents notified), so the flush stores them in the same UPDATE as the
        decision's common values: each row is written once."""
        fnames = ["certificate_number", "certificate_token", "certificate_holder"]
        records = self.browse([certificate[0] for certificate in certificates])
        records.modified(fnames, before=True)
        for index, fname in enumerate(fnames, start=1):
            field = self._fields[fname]
            values = [field.convert_to_cache(certificate[index], records) for certificate in certificates]
            self.env.cache.update(records, field, values, dirty=True)
        records.modified(fnames)

    def _revoke(self, reason):
        """Recognised → the certificate is revoked (the history stays)."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Say why the recognition is revoked."))
        for evaluation in self:
            if evaluation.state != "recognised" or evaluation.certificate_state != "valid":
                raise UserError(self.env._("%(name)s has no valid certificate to revoke.", name=evaluation.name))
            evaluation._check_officer_right(
                "congdan_hoctap.group_officer",
                "congdan_hoctap.group_approver",
                association=evaluation.certificate_issuer_id,
            )
        self.sudo()._workflow().write(
            {"certificate_state": "revoked", "revoke_reason": reason, "date_revoked": fields.Date.context_today(self)}
        )
        return True

    # ---- Mass actions ----
    def _apply_per_record(self, method_name, *args):
        """Apply ``method_name`` to every evaluation; return the ones done and ``(evaluation, reason)`` refusals.

        The same ``action_*`` method as the form's button, on chunks of evaluations at once (its checks
        run for each record, its writes and activities are grouped): a chunk goes through in one
        savepoint; when one of its records is refused, the chunk is replayed record by record, each in
        its own savepoint, so a mass action still reports every refusal and applies every other record.
        """
        if not method_name.startswith("action_"):
            return self._apply_one_by_one(method_name, *args)  # a check of one record
        done = self.browse()
        failures = []
        for start in range(0, len(self), MASS_CHUNK):
            chunk = self[start : start + MASS_CHUNK]
            try:
                with self.env.cr.savepoint(), chunk._duties_cache():
                    getattr(chunk, method_name)(*args)
                done |= chunk
                continue
            except (UserError, ValidationError, AccessError):
                self.env.invalidate_all()
            chunk_done, chunk_failures = chunk._apply_one_by_one(method_name, *args)
            done |= chunk_done
            failures += chunk_failures
        return done, failures

    def _apply_one_by_one(self, method_name, *args):
        done = self.browse()
        failures = []
        for evaluation in self:
            try:
                with self.env.cr.savepoint():
                    getattr(evaluation, method_name)(*args)
                done |= evaluation
            except (UserError, ValidationError, AccessError) as error:
                self.env.invalidate_all()
                failures.append((evaluation, error.args[0] if error.args else str(error)))
        return done, failures

    @api.model
    def _create_batched(self, vals_list):
        """Create evaluations by chunks of ``create(vals_list)``; return the created ones and
        ``(vals, reason)`` refusals. A chunk that fails is replayed one record at a time, so each
        refusal is reported and every other record created."""
        done = self.browse()
        failures = []
        for start in range(0, len(vals_list), MASS_CHUNK):
            chunk = vals_list[start : start + MASS_CHUNK]
            try:
                with self.env.cr.savepoint():
                    done |= self.create([dict(vals) for vals in chunk])
                continue
            except (UserError, ValidationError, AccessError, IntegrityError):
                self.env.invalidate_all()
            for vals in chunk:
                evaluation, reason = self._try_create(vals)
                if evaluation:
                    done |= evaluation
                else:
                    failures.append((vals, reason))
        return done, failures

    @api.model
    def _try_create(self, vals):
        """Create one evaluation in a savepoint; return ``(evaluation, False)`` or ``(empty, reason)``.

        A duplicate the user cannot see (an evaluation outside their scope) is refused by the
        database's unique index: it is reported like any other refusal, without naming the other record.
        """
        try:
            with self.env.cr.savepoint():
                return self.create(vals), False
        except (UserError, ValidationError, AccessError) as error:
            self.env.invalidate_all()
            return self.browse(), error.args[0] if error.args else str(error)
        except IntegrityError:
            self.env.invalidate_all()
            return self.browse(), self.env._(
                "This subject already has an evaluation for this learning model " "and year."
            )

    # ---- Rights ----

    def _in_user_scope(self, association=None):
        """True when the association lies in the subtree of one of the user's associations."""
        association = association or self.association_id
        is_manager, own_paths = self._user_scope()
        if is_manager:
            return True
        path = association.sudo().parent_path or ""
        return any(path.startswith(own) for own in own_paths)

    def _user_scope(self):
        """(manager, parent paths of the user's associations): read once per batch (see :meth:`_duties_cache`)."""
        cached = self.env.cr.cache.get(SCOPE_CACHE_KEY)
        if cached and cached[0] == self.env.uid:
            return cached[1]
        user = self.env.user
        return (
            user.has_group("congdan_hoctap.group_manager"),
            tuple(own.parent_path for own in user.sudo().hoctap_association_ids),
        )

    def _check_citizen_right(self):
        """The citizen themself (their user) or a branch officer in scope.

        Rights are checked on ``env.user`` even under ``sudo()``, so that a
        portal controller can call ``evaluation.sudo().action_submit()``.
        """
        if self.model_type == "citizen" and self.partner_id and self.env.user.partner_id == self.partner_id:
            return
        self._check_officer_right("congdan_hoctap.group_branch_officer")

    def _check_officer_right(self, *groups, association=None):
        user = self.env.user
        if not any(user.has_group(group) for group in groups) or not self._in_user_scope(association):
            raise UserError(
                self.env._(
                    "You are not allowed to do this for %(name)s: it is outside your associations or your role.",
                    name=self.name,
                )
            )

    def _covering_teams(self, user=None):
        return self._covering_teams_of(self.association_id, user)

    @api.model
    def _covering_teams_of(self, association, user=None):
        """The support teams ``user`` (default: the current user) belongs to that cover ``association``."""
        user = user or self.env.user
        return (
            self.env["hoctap.support.team"]
            .sudo()
            .search([("member_ids", "in", user.id), ("association_ids", "parent_of", association.id)])
        )

    def _covering_teams_by_association(self, user=None):
        """``{association id: teams}``: :meth:`_covering_teams` looked up once per association of the batch."""
        return {association.id: self._covering_teams_of(association, user) for association in self.association_id}

    def _check_verifier_right(self, teams=None):
        """Only a member of a support team covering the evaluation's association verifies.

        Separation of duties: a team the user added themselves to does not count, unless the
        association allows one person several control steps. ``teams``: the covering teams, when the
        caller looked them up for a batch (:meth:`_covering_teams_by_association`).
        """
        teams = self._covering_teams() if teams is None else teams
        if not teams:
            raise UserError(
                self.env._(
                    "%(name)s can only be verified by a member of a support team covering %(association)s.",
                    name=self.name,
                    association=self.association_id.sudo().complete_name,
                )
            )
        if self._duties_relaxed():
            return teams[:1]
        teams = teams.filtered(lambda team: self.env.user not in team.self_added_user_ids)
        if not teams:
            raise UserError(
                self.env._(
                    "%(name)s cannot be verified by you: you added yourself to the support team. "
                    "Another person must add you, or another member verifies.",
                    name=self.name,
                )
            )
        return teams[:1]

    # ---- Separation of duties ----
    def _duties_relaxed(self):
        """True when the evaluation's association or one of its ancestors lets one person do several
        control steps (``allow_same_reviewer``), or for the system itself (data loading, scripts)."""
        self.ensure_one()
        if self.env.uid == SUPERUSER_ID:
            return True
        cached = self.env.cr.cache.get(DUTIES_CACHE_KEY)
        if cached is not None and self.association_id.id in cached:
            return cached[self.association_id.id]
        return bool(
            self.env["hoctap.association"]
            .sudo()
            .with_context(active_test=False)
            .search_count([("id", "parent_of", self.association_id.id), ("allow_same_reviewer", "=", True)], limit=1)
        )

    @contextmanager
    def _duties_cache(self):
        """While a batch runs, what its checks read for every record, read once (kept on the cursor: no client
        can set it): whether each of its associations relaxes the separation of duties, and the user's scope."""
        associations = self.association_id.sudo()
        relaxed_paths = (
            self.env["hoctap.association"]
            .sudo()
            .with_context(active_test=False)
            .search([("id", "parent_of", associations.ids), ("allow_same_reviewer", "=", True)])
            .mapped("parent_path")
        )
        previous = {key: self.env.cr.cache.get(key) for key in (DUTIES_CACHE_KEY, SCOPE_CACHE_KEY)}
        self.env.cr.cache[DUTIES_CACHE_KEY] = {
            association.id: any((association.parent_path or "").startswith(path) for path in relaxed_paths)
            for association in associations
        }
        self.env.cr.cache[SCOPE_CACHE_KEY] = (self.env.uid, self._user_scope())
        try:
            yield
        finally:
            for key, value in previous.items():
                if value is None:
                    self.env.cr.cache.pop(key, None)
                else:  # a batch inside a batch (a decision issued by a mass action) gives the outer one back
                    self.env.cr.cache[key] = value

    def _check_separation_of_duties(self, step):
        """Refuse ``step`` to a user who did another control step of the evaluation, or to its subject.

        The control steps are the self-assessment done for someone else, the review, the
        verification and the recognition decision; the evaluated person never controls their own.
        """
        self.ensure_one()
        if self._duties_relaxed():
            return
        user = self.env.user
        evaluation = self.sudo()
        if step != "self_assess" and evaluation.partner_id and user.partner_id == evaluation.partner_id:
            raise UserError(
                self.env._("%(name)s is your own evaluation: another person controls it.", name=evaluation.name)
            )
        labels = {
            "self_assess": self.env._("self-assessed it for the citizen"),
            "review": self.env._("reviewed it"),
            "verify": self.env._("verified it"),
            "recognise": self.env._("decided on its recognition"),
        }
        for other_step, field_name in CONTROL_STEPS.items():
            done_by = evaluation[field_name]
            if other_step == step or done_by != user:
                continue
            if other_step == "self_assess" and evaluation.partner_id == user.partner_id:
                continue
            raise UserError(
                self.env._(
                    "%(name)s: you already %(step)s; another person must do this step (separation of duties).",
                    name=evaluation.name,
                    step=labels[other_step],
                )
            )

    def _check_verifier_or_officer_right(self):
        if self._covering_teams():
            return
        self._check_officer_right("congdan_hoctap.group_officer", "congdan_hoctap.group_approver")

    # ---- Activities and deadlines ----
    def _deadline_record(self):
        """The deadlines of the evaluation's year set on its association or the nearest ancestor."""
        self.ensure_one()
        ancestors = [int(i) for i in (self.association_id.sudo().parent_path or "").split("/") if i]
        if not ancestors:
            return self.env["hoctap.evaluation.deadline"]
        deadlines = (
            self.env["hoctap.evaluation.deadline"]
            .sudo()
            .search([("year", "=", self.year), ("association_id", "in", ancestors)])
        )
        by_association = {d.association_id.id: d for d in deadlines}
        for association_id in reversed(ancestors):
            if association_id in by_association:
                return by_association[association_id]
        return self.env["hoctap.evaluation.deadline"]

    def _deadline_records(self):
        """``{evaluation id: deadline}``: the deadlines of each evaluation's year set on its association
        or its nearest ancestor, read in one query for the whole batch."""
        ancestors_by_evaluation = {
            evaluation.id: [int(i) for i in (evaluation.association_id.sudo().parent_path or "").split("/") if i]
            for evaluation in self
        }
        all_ancestors = {a for ancestors in ancestors_by_evaluation.values() for a in ancestors}
        if not all_ancestors:
            return {}
        deadlines = (
            self.env["hoctap.evaluation.deadline"]
            .sudo()
            .search([("year", "in", list(set(self.mapped("year")))), ("association_id", "in", list(all_ancestors))])
        )
        by_key = {(d.association_id.id, d.year): d for d in deadlines}
        result = {}
        for evaluation in self:
            for association_id in reversed(ancestors_by_evaluation[evaluation.id]):
                deadline = by_key.get((association_id, evaluation.year))
                if deadline:
                    result[evaluation.id] = deadline
                    break
        return result

    def _next_actor(self):
        """The user expected to act next on the evaluation, if there is one."""
        self.ensure_one()
        if self.state in ("registered", "self_assessed"):
            return self.partner_id.user_ids[:1]
        if self.state == "submitted":
            return self._association_users("congdan_hoctap.group_branch_officer")
        if self.state == "reviewed":
            covering = (
                self.env["hoctap.support.team"]
                .sudo()
                .search([("association_ids", "parent_of", self.association_id.id)], limit=1)
            )
            return covering[:1].leader_id or covering[:1].member_ids[:1]
        if self.state == "verified":
            return self._association_users("congdan_hoctap.group_approver", "congdan_hoctap.group_officer")
        return self.env["res.users"]

    def _association_users(self, *groups):
        association = self.association_id.sudo()
        while association:
            users = association.user_ids.filtered(lambda u: any(u.has_group(g) for g in groups))
            if users:
                return users[:1]
            association = association.parent_id
        return self.env["res.users"]

    def _schedule_next_activity(self):
        """The next person's activity for each evaluation, a dedicated type per control step (to review, to
        verify, to recognise), the generic to-do for the citizen's own steps: old ones removed in one go, the
        new ones scheduled per (user, step, deadline) group, the next actor looked up once per association."""
        steps = {
            "registered": ("mail.mail_activity_data_todo", self.env._("Self-assess the learning model")),
            "self_assessed": ("mail.mail_activity_data_todo", self.env._("Submit the self-assessment")),
            "submitted": ("congdan_hoctap.mail_act_hoctap_evaluation_review", self.env._("Review the evaluation")),
            "reviewed": ("congdan_hoctap.mail_act_hoctap_evaluation_verify", self.env._("Verify the evaluation")),
            "verified": ("congdan_hoctap.mail_act_hoctap_evaluation_recognise", self.env._("Decide on recognition")),
        }
        evaluations = self.sudo()
        evaluations._unlink_workflow_activities()
        actors, groups = {}, {}
        for evaluation in evaluations.filtered(lambda e: e.state in steps):
            key = (
                (evaluation.state, evaluation.association_id.id)
                if evaluation.state in ACTOR_BY_ASSOCIATION
                else (evaluation.state, evaluation.id)
            )
            if key not in actors:
                actors[key] = evaluation._next_actor()
            if actors[key]:
                group = (actors[key].id, evaluation.state, evaluation.date_deadline or None)
                groups.setdefault(group, []).append(evaluation.id)
        for (user_id, state, deadline), ids in groups.items():
            batch = evaluations.browse(ids)
            activity_type, summary = steps[state]
            if len(batch) == 1:
                batch.activity_schedule(activity_type, date_deadline=deadline, summary=summary, user_id=user_id)
                continue
            # many to-dos for one person: one e-mail saying how many, not one per evaluation
            batch.with_context(mail_activity_quick_update=True).activity_schedule(
                activity_type, date_deadline=deadline, summary=summary, user_id=user_id
            )
            batch[:1].message_notify(
                partner_ids=self.env["res.users"].browse(user_id).partner_id.ids,
                subject=summary,
                body=self.env._("%(count)s evaluations wait for you: %(step)s.", count=len(batch), step=summary),
                model_description=self.env._("Evaluations"),
            )

    def _unlink_workflow_activities(self):
        """Drop the pending step activities (the generic to-do of earlier versions included)."""
        self.activity_unlink(
            [
                "mail.mail_activity_data_todo",
                "congdan_hoctap.mail_act_hoctap_evaluation_review",
                "congdan_hoctap.mail_act_hoctap_evaluation_verify",
                "congdan_hoctap.mail_act_hoctap_evaluation_recognise",
            ]
        )

    # ---- Certificates ----
    def _official_title(self):
        """The title in capitals, as printed on the certificate and the decision."""
        self.ensure_one()
        return OFFICIAL_TITLES[self.model_type].upper()

    def _verification_url(self):
        self.ensure_one()
        base_url = self.get_base_url()
        return f"{base_url}/hoctap/verify/{self.sudo().certificate_token}"

    def _certificate_qr_svg(self):
        """The QR code of the verification URL as inline SVG (vector, a few ms; see ``tools/qr.py``)."""
        self.ensure_one()
        return qr_svg(self._verification_url())

    @api.model
    def _verification_values(self, token):
        """What the public verification page may show about a certificate, or None.

        Only the holder's name, the title, the year, the issuer and whether it
        is valid: nothing else about the person (not even the certificate number).
        """
        if not token or len(token) > 64:
            return None
        evaluation = self.sudo().search(
            [("certificate_token", "=", token), ("certificate_number", "!=", False)], limit=1
        )
        if not evaluation:
            return None
        return {
            "holder": evaluation.certificate_holder or evaluation._holder_name(),
            "title": OFFICIAL_TITLES[evaluation.model_type],
            "year": evaluation.year,
            "issuer": evaluation.certificate_issuer_id.name,
            "valid": evaluation.certificate_state == "valid",
        }

    # ---- Portal ----
    def _compute_access_url(self):
        for evaluation in self:
            evaluation.access_url = f"/my/learning/{evaluation.id}"

    def _get_portal_return_action(self):
        """The back-office action an officer previewing the portal page goes back to."""
        self.ensure_one()
        return self.env.ref("congdan_hoctap.hoctap_evaluation_action")

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Certificate %(number)s", number=self.certificate_number or self.name)

    @api.model
    def _portal_register(self, partner, year=None, citizen_form=None):
        """Register ``partner`` for the citizen model of ``year`` under their branch.

        Called with ``sudo()`` by the portal: the registration deadline is
        checked as the user, and the set in force for the citizen's form group
        (the one they chose, else their occupation's) is found as in the back office.
        """
        year = year or fields.Date.context_today(self).year
        branch = partner._hoctap_home_branch()
        if not branch:
            raise UserError(self.env._("Choose your branch in your profile first, or ask your branch to register you."))
        if self.sudo().search_count(
            [("partner_id", "=", partner.id), ("model_type", "=", "citizen"), ("year", "=", year)], limit=1
        ):
            raise UserError(self.env._("You are already registered for %(year)s.", year=year))
        vals = {"partner_id": partner.id, "association_id": branch.id, "year": year, "model_type": "citizen"}
        form = self.env["hoctap.criteria.set"]._citizen_form(citizen_form)
        if form:
            vals["citizen_form_id"] = form.id
        self.sudo(False).new(vals)._check_registration_deadline()
        return self.sudo().create(vals)

    def _check_citizen_can_edit(self):
        """The citizen edits only their own evaluation and only while it is theirs to fill in."""
        self.ensure_one()
        self._check_state(CITIZEN_STATES, self.env._("This evaluation cannot be changed by the citizen any more."))
        self._check_citizen_right()

    def _portal_save_scores(self, raw_scores):
        """Save the self scores typed in the portal; return ``{line: error message}`` for refused values.

        ``raw_scores`` maps indicator lines of this evaluation to the text typed.
        """
        self._check_citizen_can_edit()
        errors = {}
        for line, raw in raw_scores.items():
            if line.evaluation_id != self:
                raise UserError(self.env._("This indicator is not part of your evaluation."))
            raw = (raw or "").strip()
            if not raw:
                continue
            # ASCII digits only: "²" or "١" pass isdigit() but are no score (and "²" breaks int())
            if not re.fullmatch(r"[0-9]{1,6}", raw) or not 0 <= int(raw) <= line.max_points:
                errors[line] = self.env._("Give a whole number from 0 to %(maximum)s.", maximum=line.max_points)
                continue
            if not line.self_scored or line.self_score != int(raw):
                line.write({"self_score": int(raw)})
        return errors

    def _portal_add_evidence(self, line, filename, data):
        """Attach an uploaded file (image or PDF, size-limited) to ``line`` of this evaluation."""
        self._check_citizen_can_edit()
        if line.evaluation_id != self:
            raise UserError(self.env._("This indicator is not part of your evaluation."))
        max_mb, max_files = self._portal_evidence_limits()
        if not data:
            raise UserError(self.env._("The file is empty."))
        if len(line.sudo().evidence_ids) >= max_files:
            raise UserError(self.env._("At most %(count)s files can be attached to an indicator.", count=max_files))
        if len(data) > max_mb * 1024 * 1024:
            raise UserError(self.env._("The file is larger than %(size)s MB.", size=max_mb))
        mimetype = guess_mimetype(data)
        if mimetype not in EVIDENCE_MIMETYPES:
            raise UserError(self.env._("Only images (JPEG, PNG, GIF, WebP) and PDF files can be attached."))
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": filename or "evidence",
                    "raw": data,
                    "mimetype": mimetype,
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        line.sudo().evidence_ids = [(4, attachment.id)]
        return attachment

    @api.model
    def _portal_evidence_limits(self):
        """(largest file in MB, most files per indicator) for the citizen's evidence uploads."""
        params = self.env["ir.config_parameter"].sudo()
        return (
            int(params.get_param("congdan_hoctap.evidence_max_size_mb", EVIDENCE_MAX_SIZE_MB)),
            int(params.get_param("congdan_hoctap.evidence_max_files", EVIDENCE_MAX_FILES)),
        )

    def _portal_remove_evidence(self, attachment):
        """Remove a piece of evidence the citizen attached to this evaluation."""
        self._check_citizen_can_edit()
        if attachment not in self.sudo().line_ids.evidence_ids or attachment.sudo().create_uid != self.env.user:
            raise UserError(self.env._("This file is not attached to your evaluation."))
        attachment.sudo().unlink()

    def _portal_submit(self):
        """Self-assess (when still registered) and submit, as the citizen."""
        self.ensure_one()
        if self.state == "registered":
            self.action_self_assess()
        self.action_submit()

    def _portal_groups(self):
        """The competency groups of the evaluation with their indicator lines, in order."""
        self.ensure_one()
        groups = {}
        for line in self.line_ids.sorted(lambda line: (line.criterion_id.parent_id.sequence, line.sequence, line.id)):
            groups.setdefault(line.criterion_id.parent_id, self.env["hoctap.evaluation.line"])
            groups[line.criterion_id.parent_id] |= line
        return list(groups.items())

    def _portal_can_download_certificate(self):
        self.ensure_one()
        return self.state == "recognised" and self.certificate_state == "valid"

    def _hoctap_is_citizen_editable(self):
        """The current user is the citizen and the evaluation is theirs to fill in."""
        self.ensure_one()
        return self.state in CITIZEN_STATES and self.partner_id == self.env.user.partner_id
