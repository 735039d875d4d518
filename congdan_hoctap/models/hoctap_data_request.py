# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

REQUEST_TYPES = [
    ("correction", "Correction"),
    ("deletion", "Deletion"),
]


class HoctapDataRequest(models.Model):
    """A citizen's request to correct or delete their personal data (Law 91/2025/QH15).

    Made on the portal; it reaches the officers of the person's branch as an
    activity due on the legal deadline (``congdan_hoctap.data_request_days``
    days, 3 by default: 72 hours). The officer's decision is recorded and the
    citizen notified. A deletion where records must be kept (ledger, issued
    certificates) is an anonymisation.
    """

    _name = "hoctap.data.request"
    _description = "Personal Data Request"
    _inherit = ["hoctap.workflow.mixin", "mail.thread", "mail.activity.mixin"]
    _order = "date_request desc, id desc"
    _workflow_fields = (
        "state",
        "decided_by_id",
        "date_decided",
        "partner_id",
        "request_type",
        "date_request",
        "date_deadline",
        "association_id",
    )
    _workflow_locked_states = ("done", "refused")

    name = fields.Char(compute="_compute_name")
    partner_id = fields.Many2one(
        "res.partner", string="Person", required=True, index=True, readonly=True, ondelete="cascade"
    )
    association_id = fields.Many2one(
        "hoctap.association", string="Branch", index=True, readonly=True, ondelete="set null"
    )
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    request_type = fields.Selection(REQUEST_TYPES, required=True, readonly=True)
    description = fields.Text(readonly=True, help="What the citizen asks, in their words.")
    date_request = fields.Date(required=True, default=fields.Date.context_today, readonly=True)
    date_deadline = fields.Date(string="Legal Deadline", readonly=True)
    state = fields.Selection(
        [("new", "To decide"), ("done", "Done"), ("refused", "Refused")],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
    )
    decision_note = fields.Text(
        string="Decision", tracking=True, help="What the officer decided and why; sent to the citizen."
    )
    decided_by_id = fields.Many2one("res.users", readonly=True)
    date_decided = fields.Date(readonly=True)

    def _compute_name(self):
        types = dict(self._fields["request_type"]._description_selection(self.env))
        for request in self:
            request.name = f"{types.get(request.request_type)} – {request.partner_id.name}"

    # ---- Creation (portal) ----
    @api.model
    def _portal_create(self, partner, request_type, description):
        """File the citizen's request under their branch with an activity due on the legal deadline."""
        if request_type not in dict(REQUEST_TYPES):
            raise UserError(self.env._("Choose correction or deletion."))
        days = int(self.env["ir.config_parameter"].sudo().get_param("congdan_hoctap.data_request_days", 3))
        today = fields.Date.context_today(self)
        request = (
            self.sudo()
            ._workflow()
            .create(
                {
                    "partner_id": partner.id,
                    "request_type": request_type,
                    "description": (description or "")[:4000],
                    "association_id": partner._hoctap_home_branch().id,
                    "date_deadline": today + timedelta(days=days),
                    "company_id": (partner._hoctap_home_branch().company_id or self.env.company).id,
                }
            )
        )
        request._schedule_officer_activity()
        self.env["hoctap.personal.data.log"]._log("request", partner, {request_type})
        return self.browse(request.id)  # without the workflow token of the creation

    def _schedule_officer_activity(self):
        for request in self:
            officers = request._officers()
            for officer in officers[:1] or self.env.ref("base.user_admin"):
                request.activity_schedule(
                    "congdan_hoctap.mail_act_hoctap_data_request",
                    date_deadline=request.date_deadline,
                    user_id=officer.id,
                    summary=self.env._("Personal data request of %(name)s", name=request.partner_id.name),
                )

    def _officers(self):
        """The branch officers attached to the request's branch, else to the associations above it."""
        self.ensure_one()
        group = self.env.ref("congdan_hoctap.group_branch_officer")
        association = self.association_id
        while association:
            users = group.sudo().users.filtered(lambda u, a=association: a in u.hoctap_association_ids and u.active)
            if users:
                return users
            association = association.parent_id
        return self.env["res.users"]

    # ---- Decisions ----
    def action_done(self):
        """Accept: a correction is made by the officer on the person; a deletion anonymises the person."""
        self._check_decision()
        for request in self:
            if request.request_type == "deletion":
                request.partner_id._hoctap_anonymise(reason=self.env._("deletion request"))
        self._decide("done")
        return True

    def action_refuse(self):
        """Refuse, with the reason the officer wrote in ``decision_note``."""
        self._check_decision()
        missing = self.filtered(lambda r: not r.decision_note)
        if missing:
            raise UserError(self.env._("Write the reason of the refusal first (Decision)."))
        self._decide("refused")
        return True

    def _check_decision(self):
        self._check_state({"new"}, self.env._("This request has already been decided."))
        self._check_group(
            "congdan_hoctap.group_branch_officer",
            self.env._("Only an officer of the person's branch decides on a request."),
        )
        self.sudo(False).check_access("write")

    def _decide(self, state):
        self._workflow().write(
            {"state": state, "decided_by_id": self.env.user.id, "date_decided": fields.Date.context_today(self)}
        )
        states = dict(self._fields["state"]._description_selection(self.env))
        for request in self:
            request.activity_feedback(["congdan_hoctap.mail_act_hoctap_data_request", "mail.mail_activity_data_todo"])
            request.sudo().message_post(
                body=self.env._(
                    "Your request (%(name)s) is %(state)s. %(note)s",
                    name=request.name,
                    state=states[state],
                    note=request.decision_note or "",
                ),
                partner_ids=request.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
