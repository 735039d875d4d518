# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

MODEL_TYPES = [
    ("citizen", "Learning Citizen"),
    ("family", "Learning Family"),
    ("clan", "Learning Clan"),
    ("village_community", "Village Learning Community (QĐ 448)"),
    ("community", "Learning Community (TT 25/2023)"),
    ("grassroots_unit", "Grassroots Learning Unit (QĐ 448)"),
    ("unit", "Learning Unit (TT 24/2023)"),
]
# Collective models whose subject is an association or an organisation (not a person).
COLLECTIVE_TYPES = ("village_community", "community", "grassroots_unit", "unit")

SET_LEVELS = [
    ("1", "Level 1"),
    ("2", "Level 2"),
    ("3", "Level 3"),
    ("district", "District Level"),
    ("province", "Provincial Level"),
]
# What may still change on a set in force or archived (everything else is frozen: publish a new version).
SET_FIELDS_EDITABLE_IN_FORCE = frozenset({"name", "code", "guidance", "date_to", "provisional"})


class HoctapCriteriaSet(models.Model):
    """A versioned set of criteria for one learning model (and citizen group).

    A national framework set belongs to no association and only managers edit
    it; an association derives its own set from a framework, which may refine
    and tighten but never loosen the framework's recognition rules.
    """

    _name = "hoctap.criteria.set"
    _description = "Criteria Set"
    _inherit = ["mail.thread", "hoctap.workflow.mixin"]
    _order = "model_type, citizen_form_id, level, date_from desc, id desc"
    _check_company_auto = True

    _workflow_fields = ("state", "framework_id")
    # A set in force or archived is frozen, so that past results stay as they were decided.
    _workflow_locked_states = ("active", "archived")
    _workflow_free_fields = tuple(SET_FIELDS_EDITABLE_IN_FORCE)
    _workflow_scope_fields = ("association_id",)

    # ---- Identity ----
    name = fields.Char(required=True, tracking=True)
    code = fields.Char(tracking=True)
    model_type = fields.Selection(MODEL_TYPES, string="Learning Model", required=True, tracking=True)
    citizen_form_id = fields.Many2one(
        "hoctap.citizen.form",
        string="Form Group",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="For learning citizens: the group of self-assessment forms this set is for.",
    )
    level = fields.Selection(
        SET_LEVELS, string="Recognition Level", tracking=True, help="Recognition level, for communities and units."
    )
    company_id = fields.Many2one(
        "res.company",
        compute="_compute_company_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The company of the owning association; empty for a national framework, shared by all companies.",
    )
    association_id = fields.Many2one(
        "hoctap.association",
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The association that owns this local set. Empty for a national framework set.",
    )
    framework_id = fields.Many2one(
        "hoctap.criteria.set",
        string="Framework Set",
        index=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
        help="The national framework set this local set is derived from.",
    )
    is_framework = fields.Boolean(compute="_compute_is_framework", store=True)
    derived_ids = fields.One2many("hoctap.criteria.set", "framework_id", string="Derived Sets")
    # ---- Source and validity ----
    decision_number = fields.Char(
        string="Decision",
        tracking=True,
        help="The decision that issued this set, e.g. 244/QĐ-KHVN. One decision per set: a later decision "
        "is a new version of the set.",
    )
    decision_date = fields.Date(tracking=True, help="The date of the decision; the set is not valid before it.")
    provisional = fields.Boolean(
        tracking=True,
        help="The texts of this set (name, guidance, thresholds) were not compared with the official text: "
        "a manager confirms them.",
    )
    provisional_count = fields.Integer(
        compute="_compute_provisional_count",
        string="Provisional Criteria",
        help="Criteria of this set whose text was not compared with the official text.",
    )
    date_from = fields.Date(string="Valid From", required=True, tracking=True)
    date_to = fields.Date(string="Valid To", tracking=True)
    state = fields.Selection(
        [("draft", "Draft"), ("active", "In Force"), ("archived", "Archived")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
    )
    # ---- Criteria and rules ----
    criterion_ids = fields.One2many("hoctap.criterion", "set_id", string="Criteria", copy=False)
    indicator_count = fields.Integer(compute="_compute_points")
    max_total = fields.Integer(compute="_compute_points", string="Maximum Total")
    min_total = fields.Integer(
        string="Minimum Total", tracking=True, help="Recognised only when the total reaches this number of points."
    )
    min_per_indicator = fields.Integer(
        tracking=True, help="Recognised only when no indicator scores below this number of points."
    )
    min_member_ratio = fields.Float(
        string="Minimum Share of Members Recognised (%)",
        digits=(5, 2),
        tracking=True,
        help="For learning units (TT 24/2023): the share of the unit's own staff holding the learning-citizen "
        "title in the same year that the unit needs.",
    )
    min_learner_ratio = fields.Float(
        string="Minimum Share of Learners Recognised (%)",
        digits=(5, 2),
        tracking=True,
        help="For learning units that are educational establishments (TT 24/2023): the share of their learners "
        "holding the learning-citizen title that the unit needs.",
    )
    guidance = fields.Html()

    _sql_constraints = [
        ("min_total_positive", "CHECK(min_total >= 0)", "The minimum total cannot be negative."),
        ("min_indicator_positive", "CHECK(min_per_indicator >= 0)", "The minimum per indicator cannot be negative."),
        (
            "min_member_ratio_range",
            "CHECK(min_member_ratio >= 0 AND min_member_ratio <= 100)",
            "The share of members recognised must lie between 0 and 100%.",
        ),
        (
            "min_learner_ratio_range",
            "CHECK(min_learner_ratio >= 0 AND min_learner_ratio <= 100)",
            "The share of learners recognised must lie between 0 and 100%.",
        ),
    ]

    # ---- Computes ----
    @api.depends("association_id")
    def _compute_company_id(self):
        for criteria_set in self:
            criteria_set.company_id = criteria_set.association_id.company_id

    @api.depends("association_id")
    def _compute_is_framework(self):
        for criteria_set in self:
            criteria_set.is_framework = not criteria_set.association_id

    @api.depends("criterion_ids.max_points", "criterion_ids.kind")
    def _compute_points(self):
        for criteria_set in self:
            indicators = criteria_set._indicators()
            criteria_set.indicator_count = len(indicators)
            criteria_set.max_total = sum(indicators.mapped("max_points"))

    @api.depends("criterion_ids.provisional")
    def _compute_provisional_count(self):
        for criteria_set in self:
            criteria_set.provisional_count = len(criteria_set.criterion_ids.filtered("provisional"))

    # ---- Constraints ----
    @api.constrains("date_from", "date_to", "decision_date")
    def _check_dates(self):
        """Validity ends after it starts, and never starts before the decision that issued the set."""
        for criteria_set in self:
            if criteria_set.date_to and criteria_set.date_to < criteria_set.date_from:
                raise ValidationError(
                    self.env._("%(name)s: the end of validity is before its start.", name=criteria_set.name)
                )
            if criteria_set.decision_date and criteria_set.date_from < criteria_set.decision_date:
                raise ValidationError(
                    self.env._(
                        "%(name)s cannot be valid from %(date_from)s, before its decision %(decision)s of %(date)s.",
                        name=criteria_set.name,
                        date_from=criteria_set.date_from,
                        decision=criteria_set.decision_number or "",
                        date=criteria_set.decision_date,
                    )
                )

    @api.constrains("model_type", "citizen_form_id")
    def _check_citizen_form(self):
        for criteria_set in self:
            if criteria_set.citizen_form_id and criteria_set.model_type != "citizen":
                raise ValidationError(
                    self.env._("%(name)s: only a learning-citizen set has a form group.", name=criteria_set.name)
                )

    @api.constrains("min_total", "min_per_indicator", "min_member_ratio", "min_learner_ratio", "framework_id")
    def _check_not_looser_than_framework(self):
        for criteria_set in self.filtered("framework_id"):
            criteria_set._check_rules_against(criteria_set.framework_id)

    def _check_rules_against(self, framework):
        """Refuse a local rule looser than the framework's, naming the rule."""
        rules = [
            ("min_total", self.env._("minimum total")),
            ("min_per_indicator", self.env._("minimum per indicator")),
            ("min_member_ratio", self.env._("minimum share of members recognised")),
            ("min_learner_ratio", self.env._("minimum share of learners recognised")),
        ]
        for field_name, label in rules:
            if self[field_name] < framework[field_name]:
                raise ValidationError(
                    self.env._(
                        '%(name)s cannot loosen the framework rule "%(rule)s": '
                        "%(value)s is below the framework's %(framework_value)s.",
                        name=self.name,
                        rule=label,
                        value=self[field_name],
                        framework_value=framework[field_name],
                    )
                )

    @api.constrains("association_id", "framework_id", "model_type", "citizen_form_id")
    def _check_local_set_has_framework(self):
        """A local set derives from the framework of its learning model (and form group) when there is one."""
        for criteria_set in self.filtered("association_id"):
            framework = criteria_set.framework_id
            if framework:
                if (
                    framework.association_id
                    or framework.model_type != criteria_set.model_type
                    or (framework.citizen_form_id and framework.citizen_form_id != criteria_set.citizen_form_id)
                ):
                    raise ValidationError(
                        self.env._(
                            "%(name)s must derive from a national framework set of the same learning model "
                            "and form group.",
                            name=criteria_set.name,
                        )
                    )
                continue
            domain = [("association_id", "=", False), ("model_type", "=", criteria_set.model_type)]
            if criteria_set.citizen_form_id:
                domain += [
                    "|",
                    ("citizen_form_id", "=", False),
                    ("citizen_form_id", "=", criteria_set.citizen_form_id.id),
                ]
            if self.sudo().with_context(active_test=False).search_count(domain, limit=1):
                raise ValidationError(
                    self.env._(
                        "%(name)s: a local set is derived from the national framework of its learning model "
                        '(use "Derive a Local Set" on the framework), so that it cannot loosen its rules.',
                        name=criteria_set.name,
                    )
                )

    # ---- CRUD ----
    def write(self, vals):
        """The state and the framework link change only through the actions and a set in force is frozen
        (workflow mixin); the rights are checked first, so a framework is plainly read-only to an officer.
        A provisional text is confirmed only by :meth:`action_confirm_text`."""
        if not self._workflow_allowed():
            self.check_access("write")
            if "provisional" in vals and not vals["provisional"] and any(self.mapped("provisional")):
                self._raise_confirm_through_action()
        return super().write(vals)

    def _raise_confirm_through_action(self):
        raise UserError(
            self.env._(
                'A provisional text is confirmed only with the button "Confirm Texts", by a manager '
                "(or, for a local set, an officer of its association)."
            )
        )

    def copy_data(self, default=None):
        """A new version keeps the framework it derives from; its criteria are copied by ``copy``."""
        vals_list = super().copy_data(default=default)
        for criteria_set, vals in zip(self, vals_list, strict=False):
            if "framework_id" not in (default or {}):
                vals["framework_id"] = criteria_set.framework_id.id
            if "name" not in (default or {}):
                vals["name"] = self.env._("%(name)s (copy)", name=criteria_set.name)
        return vals_list

    def copy(self, default=None):
        """A new draft version: the copy keeps the framework link (a workflow field) through the workflow,
        so the caller's ``default`` may not set any workflow field."""
        self._raise_workflow_fields(set(self._workflow_fields) & set(default or {}))
        self.check_access("read")
        new_sets = super(HoctapCriteriaSet, self._workflow()).copy(default=default).with_env(self.env)
        for criteria_set, new_set in zip(self, new_sets, strict=False):
            criteria_set._copy_criteria_to(new_set, keep_framework_links=True)
        return new_sets

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = self.env["hoctap.evaluation"].sudo().search_count([("set_id", "in", self.ids)], limit=1)
        if used:
            raise UserError(self.env._("A criteria set used by evaluations cannot be deleted: archive it."))

    @api.model
    def _activate_shipped(self, set_ids):
        """Bring into force the shipped sets this very data load created (the addon's data files call it on
        install and on every upgrade, before the demo data that registers evaluations on them). A shipped set
        that already existed keeps the state its managers gave it."""
        now = self.env.cr.now()
        self.browse(set_ids).exists().filtered(lambda s: s.state == "draft" and s.create_date == now).action_activate()

    # ---- Actions ----
    def action_activate(self):
        """Draft → in force: the set has indicators and keeps the framework's maximum total."""
        for criteria_set in self:
            criteria_set._check_set_right()
            criteria_set._check_state(("draft",), self.env._("Only a draft criteria set can be activated."))
            if not criteria_set._indicators():
                raise UserError(
                    self.env._("%(name)s has no indicators: add them before activating it.", name=criteria_set.name)
                )
            framework = criteria_set.framework_id
            if framework and criteria_set.max_total != framework.max_total:
                raise UserError(
                    self.env._(
                        '%(name)s cannot loosen the framework rule "maximum total": its indicators add up to '
                        "%(value)s points instead of the framework's %(framework_value)s.",
                        name=criteria_set.name,
                        value=criteria_set.max_total,
                        framework_value=framework.max_total,
                    )
                )
        self.sudo()._workflow().write({"state": "active"})
        return True

    def action_archive_set(self):
        """In force → archived: no new evaluation uses it; those that did keep it."""
        for criteria_set in self:
            criteria_set._check_set_right()
            criteria_set._check_state(("active",), self.env._("Only an active criteria set can be archived."))
        self.sudo()._workflow().write({"state": "archived"})
        return True

    def action_draft(self):
        """Archived → draft again, only while no evaluation uses it."""
        for criteria_set in self:
            criteria_set._check_set_right()
            criteria_set._check_state(
                ("archived",), self.env._("Only an archived criteria set can be set back to draft.")
            )
        if self.env["hoctap.evaluation"].sudo().search_count([("set_id", "in", self.ids)], limit=1):
            raise UserError(
                self.env._("A criteria set used by evaluations cannot go back to draft: copy it into a new version.")
            )
        self.sudo()._workflow().write({"state": "draft"})
        return True

    def action_confirm_text(self):
        """Confirm the provisional texts of the set and of all its criteria, once compared with the official
        text: a manager for a national framework, an officer of the owning association for a local set."""
        for criteria_set in self:
            criteria_set._check_set_right()
        criteria = self.criterion_ids.filtered("provisional")
        for criteria_set in self:
            confirmed = criteria.filtered(lambda c, s=criteria_set: c.set_id == s)
            if confirmed or criteria_set.provisional:
                criteria_set.message_post(
                    body=self.env._(
                        "Texts compared with the official text and confirmed: %(names)s",
                        names=", ".join(confirmed.mapped("display_name")) or criteria_set.name,
                    )
                )
        criteria.sudo().write({"provisional": False})
        self.sudo()._workflow().write({"provisional": False})
        return True

    def action_export_xlsx(self):
        """Download this set as XLSX, in the format the import reads (any set the user may read)."""
        if len(self) != 1:
            raise UserError(self.env._("Export one criteria set at a time."))
        wizard = self.env["hoctap.criteria.set.xlsx"].create({"set_id": self.id})
        return wizard.action_export()

    def _check_set_right(self, association=None):
        """A national framework set is run by managers; a local set by an association officer of the
        association that owns it (or above). Checked on ``env.user``, even under ``sudo()``."""
        self.ensure_one()
        association = association or self.association_id
        user = self.env.user
        if user.has_group("congdan_hoctap.group_manager"):
            return
        if not association:
            raise UserError(
                self.env._("Only a manager changes the state of the national framework set %(name)s.", name=self.name)
            )
        if not (
            user.has_group("congdan_hoctap.group_officer") and self.env["hoctap.evaluation"]._in_user_scope(association)
        ):
            raise UserError(
                self.env._(
                    "Only an association officer of %(association)s changes the criteria set %(name)s.",
                    association=association.sudo().complete_name,
                    name=self.name,
                )
            )

    def action_derive(self, association=None):
        """Create a local set for ``association`` refining this framework set.

        Every criterion is copied with a link to the framework criterion it
        refines; the rules start equal to the framework's.
        """
        self.ensure_one()
        if not self.is_framework:
            raise UserError(self.env._("Only a national framework set can be derived into a local set."))
        if isinstance(association, int):
            association = self.env["hoctap.association"].browse(association).exists()
        association = association or self.env.user.hoctap_association_ids[:1]
        if not association:
            raise UserError(self.env._("Choose the association the local set is for."))
        self._check_set_right(association)
        local = self.browse(self.sudo()._workflow().create(self._prepare_derived_vals(association)).id)
        self._copy_criteria_to(local)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": local.id,
            "view_mode": "form",
        }

    def _prepare_derived_vals(self, association):
        return {
            "name": self.env._("%(name)s (%(association)s)", name=self.name, association=association.name),
            "code": self.code,
            "model_type": self.model_type,
            "citizen_form_id": self.citizen_form_id.id,
            "level": self.level,
            "decision_number": self.decision_number,
            "decision_date": self.decision_date,
            "provisional": self.provisional,
            "company_id": association.company_id.id,
            "association_id": association.id,
            "framework_id": self.id,
            "date_from": self.date_from,
            "date_to": self.date_to,
            "min_total": self.min_total,
            "min_per_indicator": self.min_per_indicator,
            "min_member_ratio": self.min_member_ratio,
            "min_learner_ratio": self.min_learner_ratio,
            "guidance": self.guidance,
        }

    def _copy_criteria_to(self, local, keep_framework_links=False):
        """Copy the criteria tree into ``local``, each linked to the criterion it refines: this one when
        deriving, the same framework criterion when copying a set into a new version."""
        new_by_old = {}
        for criterion in self.criterion_ids.sorted(lambda c: (len(c.parent_path or ""), c.sequence, c.id)):
            new_by_old[criterion.id] = criterion.copy(
                {
                    "set_id": local.id,
                    "parent_id": new_by_old[criterion.parent_id.id].id if criterion.parent_id else False,
                    "framework_criterion_id": (
                        criterion.framework_criterion_id.id if keep_framework_links else criterion.id
                    ),
                }
            )
        return new_by_old

    # ---- Helpers ----
    def _indicators(self):
        return self.criterion_ids.filtered(lambda c: c.kind == "indicator")

    @api.model
    def _find_in_force(self, model_type, year, association, citizen_form=False):
        """The active set for a model type (and, for learning citizens, a form group) in force during ``year``.

        A local set of the association or its nearest ancestor wins over the
        national framework. A learning citizen always has a form group (their
        occupation's, or the one they chose): without one nothing is guessed.
        """
        citizen_form = self._citizen_form(citizen_form)
        if model_type == "citizen" and not citizen_form:
            raise UserError(
                self.env._(
                    "Choose the group of self-assessment forms for this learning citizen: their occupation does not "
                    "decide it."
                )
            )
        day = f"{year}-12-31"
        domain = [
            ("state", "=", "active"),
            ("model_type", "=", model_type),
            ("date_from", "<=", day),
            "|",
            ("date_to", "=", False),
            ("date_to", ">=", f"{year}-01-01"),
        ]
        if citizen_form:
            domain.append(("citizen_form_id", "=", citizen_form.id))
        sets = self.sudo().search(domain, order="level, date_from desc, id desc")
        ancestors = [int(i) for i in (association.parent_path or "").split("/") if i]
        for association_id in reversed(ancestors):
            local = sets.filtered(lambda s, a=association_id: s.association_id.id == a)
            if local:
                return local[:1].sudo(False)
        return sets.filtered("is_framework")[:1].sudo(False)

    @api.model
    def _citizen_form(self, value):
        """A form group from a record, an id or a code (``farmer``…); an empty recordset for none."""
        Form = self.env["hoctap.citizen.form"]
        if not value:
            return Form
        if isinstance(value, models.BaseModel):
            return value
        if isinstance(value, int):
            return Form.browse(value).exists()
        return Form.sudo().with_context(active_test=False).search([("code", "=", value)], limit=1).sudo(False)
