# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from .hoctap_criteria_set import COLLECTIVE_TYPES, MODEL_TYPES, SET_LEVELS
from .hoctap_evaluation import OFFICIAL_TITLES

DOSSIER_STATES = [("draft", "Draft"), ("submitted", "Submitted"), ("decided", "Decided"), ("refused", "Refused")]
# What the authority's decision records; written by _record_decision (the decision form) only.
DECISION_FIELDS = (
    "authority_name",
    "decision_number",
    "decision_date",
    "decision_signer",
    "decision_signer_title",
    "decision_attachment_id",
)


class HoctapRecognitionDossier(models.Model):
    """A proposal dossier (hồ sơ đề nghị công nhận) for learning units or communities.

    The association prepares the list of evaluated subjects with their results and evidence and
    a cover letter, submits it to the competent authority (a People's Committee) by the legal
    deadline — a late submission is flagged — and records the authority's decision, which marks
    the evaluations recognised. Learning citizens, families and clans keep the association's own
    decision (``hoctap.recognition``).
    """

    _name = "hoctap.recognition.dossier"
    _description = "Recognition Proposal Dossier"
    _inherit = ["mail.thread", "mail.activity.mixin", "hoctap.workflow.mixin"]
    _order = "year desc, date_submitted desc, id desc"
    _check_company_auto = True

    _workflow_fields = (
        "state",
        "submitted_by_id",
        "date_submitted",
        "decided_by_id",
        "date_decided",
        "refusal_reason",
        *DECISION_FIELDS,
    )
    # Once submitted, the dossier is what the authority received.
    _workflow_locked_states = ("submitted", "decided", "refused")
    _workflow_free_fields = ("note",)
    _workflow_scope_fields = ("association_id",)

    name = fields.Char(compute="_compute_name", store=True)
    association_id = fields.Many2one(
        "hoctap.association",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
        help="The association that prepares the dossier.",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    model_type = fields.Selection(
        [(k, v) for k, v in MODEL_TYPES if k in COLLECTIVE_TYPES],
        string="Learning Model",
        required=True,
        default="unit",
        tracking=True,
    )
    year = fields.Integer(
        aggregator=False,
        required=True,
        tracking=True,
        default=lambda self: fields.Date.context_today(self).year - 1,
        help="The calendar year assessed (data of 01/01–31/12).",
    )
    level = fields.Selection(SET_LEVELS, string="Recognition Level", tracking=True)
    authority_id = fields.Many2one(
        "hoctap.recognition.authority",
        string="Competent Authority",
        compute="_compute_authority_id",
        store=True,
        readonly=False,
        precompute=True,
        ondelete="restrict",
        help="Who recognises this model and level, and the deadline (configuration).",
    )
    date_deadline = fields.Date(
        string="Submit Before",
        compute="_compute_date_deadline",
        store=True,
        help="The legal deadline: the dossier is submitted before this date.",
    )
    is_late = fields.Boolean(
        string="Submitted Late",
        compute="_compute_is_late",
        store=True,
        help="Submitted on or after the legal deadline.",
    )
    evaluation_ids = fields.Many2many(
        "hoctap.evaluation",
        "hoctap_recognition_dossier_evaluation_rel",
        "dossier_id",
        "evaluation_id",
        string="Evaluations",
        copy=False,
        domain="[('state', '=', 'verified'), ('passed', '=', True), ('year', '=', year), "
        "('model_type', '=', model_type), ('association_id', 'child_of', association_id)]",
    )
    evaluation_count = fields.Integer(compute="_compute_evaluation_count")
    cover_letter = fields.Html(help="The cover letter (tờ trình) to the authority.")
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "hoctap_recognition_dossier_attachment_rel",
        "dossier_id",
        "attachment_id",
        string="Evidence",
        copy=False,
    )
    note = fields.Text()
    state = fields.Selection(
        DOSSIER_STATES, default="draft", required=True, readonly=True, copy=False, tracking=True, index=True
    )
    submitted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_submitted = fields.Date(readonly=True, copy=False, tracking=True)
    # ---- The authority's decision ----
    authority_name = fields.Char(string="Deciding Authority", readonly=True, copy=False, tracking=True)
    decision_number = fields.Char(readonly=True, copy=False, tracking=True)
    decision_date = fields.Date(readonly=True, copy=False, tracking=True)
    decision_signer = fields.Char(string="Signed by", readonly=True, copy=False)
    decision_signer_title = fields.Char(string="Signer's Title", readonly=True, copy=False)
    decision_attachment_id = fields.Many2one("ir.attachment", string="Scanned Decision", readonly=True, copy=False)
    decided_by_id = fields.Many2one("res.users", string="Recorded by", readonly=True, copy=False)
    date_decided = fields.Date(string="Recorded on", readonly=True, copy=False)
    refusal_reason = fields.Text(readonly=True, copy=False, tracking=True)

    # ---- Computes ----
    @api.depends("model_type", "year", "association_id.name")
    def _compute_name(self):
        for dossier in self:
            title = OFFICIAL_TITLES.get(dossier.model_type, "")
            dossier.name = f"{title} {dossier.year or ''} – {dossier.association_id.name or ''}"

    @api.depends("model_type", "level", "association_id")
    def _compute_authority_id(self):
        Authority = self.env["hoctap.recognition.authority"]
        for dossier in self:
            company = dossier.association_id.company_id or self.env.company
            dossier.authority_id = (
                Authority._for(dossier.model_type, dossier.level, company) if dossier.model_type else False
            )

    @api.depends("authority_id", "year")
    def _compute_date_deadline(self):
        for dossier in self:
            dossier.date_deadline = dossier.authority_id._deadline(dossier.year) if dossier.authority_id else False

    @api.depends("date_submitted", "date_deadline")
    def _compute_is_late(self):
        for dossier in self:
            dossier.is_late = bool(
                dossier.date_submitted and dossier.date_deadline and dossier.date_submitted >= dossier.date_deadline
            )

    @api.depends("evaluation_ids")
    def _compute_evaluation_count(self):
        for dossier in self:
            dossier.evaluation_count = len(dossier.evaluation_ids)

    @api.constrains("year")
    def _check_year(self):
        for dossier in self:
            self.env["hoctap.evaluation"]._check_year_range(dossier.year)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(dossier.state != "draft" for dossier in self):
            raise UserError(
                self.env._(
                    "A submitted or decided dossier cannot be deleted: it is the record of "
                    "what the authority received."
                )
            )

    # ---- Actions ----
    def action_submit(self):
        """Draft → submitted to the authority, by an association officer; a late submission is flagged."""
        for dossier in self:
            dossier._check_state(("draft",), self.env._("Only a draft dossier can be submitted."))
            dossier._check_role(
                "congdan_hoctap.group_officer",
                self.env._("Only an association officer prepares and submits a dossier."),
            )
            dossier._check_contents()
        today = fields.Date.context_today(self)
        self.sudo()._workflow().write({"state": "submitted", "submitted_by_id": self.env.uid, "date_submitted": today})
        for dossier in self:
            body = self.env._("Dossier submitted to %(authority)s.", authority=dossier.authority_id.name)
            if dossier.is_late:
                body = self.env._(
                    "%(body)s Submitted late: the deadline was %(date)s.", body=body, date=dossier.date_deadline
                )
            dossier.message_post(body=body)
            dossier._schedule_decision_activity()
        return True

    def action_reset_draft(self):
        """Submitted → draft again (withdrawn to correct it), by an association officer."""
        for dossier in self:
            dossier._check_state(("submitted",), self.env._("Only a submitted dossier can be withdrawn."))
            dossier._check_role(
                "congdan_hoctap.group_officer", self.env._("Only an association officer withdraws a dossier.")
            )
        self.sudo()._workflow().write({"state": "draft", "submitted_by_id": False, "date_submitted": False})
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_record_decision(self):
        """The form to record the authority's decision: an action dict, so XML-RPC carries it."""
        return self._open_decision_wizard("recognised")

    def action_refuse(self):
        """The form to record the authority's refusal and its reason."""
        return self._open_decision_wizard("refused")

    def _open_decision_wizard(self, outcome):
        self.ensure_one()
        self._check_state(("submitted",), self.env._("Only a submitted dossier can receive a decision."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Record the Decision"),
            "res_model": "hoctap.recognition.dossier.decision",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_dossier_id": self.id,
                "default_outcome": outcome,
                "default_authority_name": self.authority_id.name or "",
            },
        }

    def _record_decision(self, values):
        """Submitted → decided: record the authority's decision and recognise the dossier's evaluations.

        ``values``: authority_name, decision_number, decision_date, decision_signer, decision_signer_title,
        and the scanned decision as ``decision_file`` (base64) with ``decision_filename``. Recorded by an
        approver (or a manager) of the association's scope, who did no other control step.
        """
        self.ensure_one()
        self._check_state(("submitted",), self.env._("Only a submitted dossier can receive a decision."))
        self._check_approver()
        vals = self._prepare_decision_vals(values or {})
        for evaluation in self.evaluation_ids:
            evaluation._recognise_by_authority(self)
        self.sudo()._workflow().write(vals)
        self.message_post(
            body=self.env._(
                "Decision %(number)s of %(authority)s recorded: %(count)s recognised.",
                number=vals["decision_number"],
                authority=vals["authority_name"],
                count=len(self.evaluation_ids),
            )
        )
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _refuse(self, reason):
        """Submitted → refused by the authority; the evaluations stay verified for a new dossier."""
        if not isinstance(reason, str) or not reason.strip():
            raise UserError(self.env._("Say why the authority refused the dossier."))
        for dossier in self:
            dossier._check_state(("submitted",), self.env._("Only a submitted dossier can be refused."))
            dossier._check_approver()
        self.sudo()._workflow().write(
            {
                "state": "refused",
                "refusal_reason": reason,
                "decided_by_id": self.env.uid,
                "date_decided": fields.Date.context_today(self),
            }
        )
        for dossier in self:
            dossier.message_post(body=self.env._("Refused by the authority: %(reason)s", reason=reason))
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def action_view_evaluations(self):
        """The evaluations of the dossier: an action dict, so XML-RPC carries it."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Evaluations"),
            "res_model": "hoctap.evaluation",
            "view_mode": "list,form",
            "domain": [("id", "in", self.evaluation_ids.ids)],
        }

    def _official_title(self):
        """The learning model's title in capitals, as printed on the cover letter."""
        self.ensure_one()
        return OFFICIAL_TITLES.get(self.model_type, "").upper()

    # ---- Checks ----
    def _check_role(self, group, message):
        """The role (even under ``sudo()``) and the association in the user's scope."""
        self.ensure_one()
        self._check_group(group, message)
        if not self.env["hoctap.evaluation"]._in_user_scope(self.association_id):
            raise UserError(self.env._("%(name)s is outside your associations.", name=self.name))

    def _check_approver(self):
        """An approver (or a manager) of the association's scope records what the authority decided."""
        self.ensure_one()
        user = self.env.user
        if not (user.has_group("congdan_hoctap.group_approver") or user.has_group("congdan_hoctap.group_manager")):
            raise UserError(self.env._("Only an approver or a manager records the authority's decision."))
        self._check_role(
            "base.group_user", self.env._("Only an approver or a manager records the authority's " "decision.")
        )

    def _check_contents(self):
        """The model is recognised on a dossier, and every evaluation is verified, passing, of the dossier's
        model, year and association subtree, and in no other open dossier."""
        self.ensure_one()
        if not self.authority_id or self.authority_id.kind == "association":
            raise UserError(
                self.env._(
                    "%(model)s is recognised by the association's own decision, not on a dossier.",
                    model=dict(self._fields["model_type"]._description_selection(self.env)).get(self.model_type),
                )
            )
        if self.authority_id.model_type != self.model_type:
            raise UserError(self.env._("The competent authority chosen is not the one of this learning model."))
        if not self.evaluation_ids:
            raise UserError(self.env._("Add the evaluations the dossier proposes for recognition."))
        path = self.association_id.sudo().parent_path or "-"
        for evaluation in self.evaluation_ids.sudo():
            if evaluation.year != self.year or evaluation.model_type != self.model_type:
                raise UserError(
                    self.env._("%(name)s is not of the dossier's year and learning model.", name=evaluation.name)
                )
            if not (evaluation.association_id.parent_path or "").startswith(path):
                raise UserError(self.env._("%(name)s is outside the association of the dossier.", name=evaluation.name))
            if evaluation.state != "verified" or not evaluation._evaluate_rules()[0]:
                raise UserError(
                    self.env._("%(name)s is not a verified evaluation that passes the rules.", name=evaluation.name)
                )
            if evaluation.set_id.level and self.level and evaluation.set_id.level != self.level:
                raise UserError(
                    self.env._("%(name)s is assessed at another level than the dossier's.", name=evaluation.name)
                )
        other = self.sudo().search_count(
            [
                ("id", "!=", self.id),
                ("state", "in", ("submitted", "decided")),
                ("evaluation_ids", "in", self.evaluation_ids.ids),
            ],
            limit=1,
        )
        if other:
            raise UserError(self.env._("An evaluation of this dossier is already in another submitted dossier."))

    def _prepare_decision_vals(self, values):
        missing = [
            label
            for key, label in (
                ("decision_number", self.env._("the decision number")),
                ("decision_date", self.env._("the decision date")),
                ("decision_file", self.env._("the scanned decision")),
            )
            if not values.get(key)
        ]
        if missing:
            raise UserError(self.env._("Give %(missing)s.", missing=", ".join(missing)))
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": values.get("decision_filename") or "quyet-dinh.pdf",
                    "datas": values["decision_file"]
                    if isinstance(values["decision_file"], str)
                    else base64.b64encode(values["decision_file"]),
                    "res_model": self._name,
                    "res_id": self.id,
                }
            )
        )
        return {
            "state": "decided",
            "authority_name": values.get("authority_name") or self.authority_id.name,
            "decision_number": values["decision_number"],
            "decision_date": values["decision_date"],
            "decision_signer": values.get("decision_signer") or False,
            "decision_signer_title": values.get("decision_signer_title") or False,
            "decision_attachment_id": attachment.id,
            "decided_by_id": self.env.uid,
            "date_decided": fields.Date.context_today(self),
        }

    def _schedule_decision_activity(self):
        """The approver of the association (or above) records the decision when it arrives."""
        user = self.env["res.users"]
        association = self.association_id.sudo()
        while association and not user:
            user = association.user_ids.filtered(lambda u: u.has_group("congdan_hoctap.group_approver"))[:1]
            association = association.parent_id
        if user:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=self.date_deadline or None,
                user_id=user.id,
                summary=self.env._("Record the authority's decision on %(name)s", name=self.name),
            )
