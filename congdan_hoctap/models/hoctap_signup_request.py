# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .res_partner import HOCTAP_USERS


class HoctapSignupRequest(models.Model):
    """Someone signed up on the public page with a CCCD the association already knows.

    No account is made from the public page for a known CCCD (anyone holding the ID card could
    take the record over): the branch receives this request, checks the person and invites
    them from their membership, or releases a CCCD a stranger squatted.
    """

    _name = "hoctap.signup.request"
    _description = "Portal Sign-up Request"
    _inherit = ["hoctap.workflow.mixin"]
    _order = "create_date desc, id desc"
    _rec_name = "name"
    _check_company_auto = True

    _workflow_fields = ("state", "branch_id", "partner_id", "citizen_id")

    branch_id = fields.Many2one(
        "hoctap.association", string="Branch", required=True, index=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="branch_id.company_id", store=True, index=True)
    partner_id = fields.Many2one("res.partner", string="Known Person", readonly=True, index=True, ondelete="cascade")
    citizen_id = fields.Char(string="Citizen ID", readonly=True, groups=HOCTAP_USERS)
    name = fields.Char(string="Name Given", readonly=True)
    birth_year = fields.Integer(aggregator=False, string="Year of Birth Given", readonly=True)
    phone = fields.Char(string="Phone Given", readonly=True)
    state = fields.Selection(
        [("pending", "Pending"), ("done", "Handled"), ("dismissed", "Dismissed")],
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    note = fields.Text(help="What the branch did: invited the person, released a squatted CCCD…")

    @api.model
    def _hoctap_create_request(self, partner, citizen_id, values, branch):
        """Record a sign-up for a known CCCD (sudo, from the public page); one pending request per CCCD."""
        Request = self.sudo()._workflow()
        vals = {
            "name": " ".join((values.get("name") or "").split())[:128],
            "birth_year": int(values["birth_year"]),  # checked by the sign-up form: four ASCII digits
            "phone": (values.get("phone") or "").strip()[:32],
        }
        pending = Request.search([("citizen_id", "=", citizen_id), ("state", "=", "pending")], limit=1)
        if pending:
            pending.write(vals)
            return pending
        return Request.create({**vals, "citizen_id": citizen_id, "partner_id": partner.id, "branch_id": branch.id})

    def action_mark_done(self):
        self._check_group("congdan_hoctap.group_branch_officer", self.env._("Only a branch officer handles requests."))
        self._check_state({"pending"}, self.env._("Only a pending request is handled."))
        self.check_access("write")
        self._workflow().write({"state": "done"})
        return True

    def action_dismiss(self):
        self._check_group("congdan_hoctap.group_branch_officer", self.env._("Only a branch officer handles requests."))
        self._check_state({"pending"}, self.env._("Only a pending request is dismissed."))
        self.check_access("write")
        self._workflow().write({"state": "dismissed"})
        return True

    def action_open_person(self):
        """The known person, where the officer invites them or releases a squatted CCCD."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.partner",
            "res_id": self.partner_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }
