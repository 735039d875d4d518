# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError


class HoctapEvaluationMassAction(models.TransientModel):
    """Applies one workflow step to many evaluations, record by record.

    Each record goes through the same ``action_*`` method as the button on
    its form, in its own savepoint: a refused record is listed with the
    reason and does not stop the others. "Register" creates the learning
    citizen evaluations of every active member of a branch for a year.
    """

    _name = "hoctap.evaluation.mass.action"
    _description = "Evaluation Mass Action"

    action = fields.Selection(
        [
            ("register", "Register the members of an association"),
            ("self_assess", "Mark as self-assessed"),
            ("submit", "Submit"),
            ("review", "Review"),
            ("verify", "Verify (self scores accepted)"),
            ("recognise", "Recognise in a new decision"),
        ],
        required=True,
        default="submit",
    )
    evaluation_ids = fields.Many2many("hoctap.evaluation", string="Evaluations")
    association_id = fields.Many2one("hoctap.association", help="Whose active members are registered.")
    year = fields.Integer(default=lambda self: fields.Date.context_today(self).year)
    citizen_form_id = fields.Many2one(
        "hoctap.citizen.form",
        string="Form Group for the Others",
        help="The group of self-assessment forms of the members whose occupation decides none (retired, other). "
        "Left empty, they are listed as not registered: register them one by one with the form they choose.",
    )
    decision_name = fields.Char(string="Decision Number")
    decision_date = fields.Date(default=fields.Date.context_today)
    signer_id = fields.Many2one("res.partner", string="Signed by")
    recognition_id = fields.Many2one("hoctap.recognition", readonly=True)
    state = fields.Selection([("draft", "Draft"), ("done", "Done")], default="draft")
    done_count = fields.Integer(readonly=True)
    failure_ids = fields.One2many("hoctap.evaluation.mass.failure", "wizard_id", readonly=True)

    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "hoctap.evaluation" and "evaluation_ids" in fields_list:
            res["evaluation_ids"] = [(6, 0, self.env.context.get("active_ids", []))]
        return res

    def action_apply(self):
        self.ensure_one()
        if self._hoctap_enqueue():  # above the job threshold: see hoctap_evaluation_mass_action_jobs.py
            return self._hoctap_reopen()
        if self.action == "register":
            done, failures = self._register_members()
            failure_vals = [{"subject": partner.display_name, "reason": reason} for partner, reason in failures]
        elif self.action == "recognise":
            done, failures = self._recognise_in_decision()
            failure_vals = [
                {"evaluation_id": evaluation.id, "subject": evaluation.name, "reason": reason}
                for evaluation, reason in failures
            ]
        else:
            done, failures = self.evaluation_ids._apply_per_record(f"action_{self.action}")
            failure_vals = [
                {"evaluation_id": evaluation.id, "subject": evaluation.name, "reason": reason}
                for evaluation, reason in failures
            ]
        self.write(
            {
                "state": "done",
                "done_count": len(done),
                "failure_ids": [(0, 0, vals) for vals in failure_vals],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _recognise_in_decision(self):
        """Issue one decision of the chosen association for the selected evaluations that qualify."""
        if not self.association_id or not self.decision_name or not self.evaluation_ids:
            raise UserError(self.env._("Choose the issuing association, the decision number and the evaluations."))
        evaluations = self.evaluation_ids
        first = evaluations[0]
        with evaluations._duties_cache():  # every record checked, the rules of all in one pass
            refusals = evaluations._recognition_refusals(self.association_id, first.year, first.model_type)
        done = evaluations.browse([evaluation.id for evaluation in evaluations if evaluation not in refusals])
        failures = [(evaluation, error.args[0] if error.args else str(error)) for evaluation, error in refusals.items()]
        if done:
            self.recognition_id = self.env["hoctap.recognition"].create(
                {
                    "name": self.decision_name,
                    "association_id": self.association_id.id,
                    "date": self.decision_date,
                    "year": first.year,
                    "model_type": first.model_type,
                    "signer_id": self.signer_id.id,
                    "evaluation_ids": [(6, 0, done.ids)],
                }
            )
            self.recognition_id.action_issue()
        return done, failures

    def _register_members(self):
        """One learning citizen evaluation per active member of the association's subtree, created in
        batches (``create(vals_list)`` by chunks; a refused record is reported, the others created)."""
        if not self.association_id or not self.year:
            raise UserError(self.env._("Choose the association and the year to register."))
        memberships = self.env["hoctap.membership"].search(
            [
                ("association_id", "child_of", self.association_id.id),
                ("state", "=", "active"),
                ("member_type", "=", "individual"),
            ]
        )
        registered = (
            self.env["hoctap.evaluation"]
            .search(
                [
                    ("partner_id", "in", memberships.partner_id.ids),
                    ("year", "=", self.year),
                    ("model_type", "=", "citizen"),
                ]
            )
            .partner_id
        )
        Evaluation = self.env["hoctap.evaluation"]
        Form = self.env["hoctap.citizen.form"]
        failures = []
        vals_list = []
        for membership in memberships:
            if membership.partner_id in registered:
                failures.append((membership.partner_id, self.env._("Already registered for %(year)s.", year=self.year)))
                continue
            vals = {
                "partner_id": membership.partner_id.id,
                "association_id": membership.association_id.id,
                "year": self.year,
                "model_type": "citizen",
            }
            if self.citizen_form_id and not Form._for_occupation(membership.partner_id.sudo().occupation_group):
                vals["citizen_form_id"] = self.citizen_form_id.id
            vals_list.append(vals)
        done, refused = Evaluation._create_batched(vals_list)
        partners = self.env["res.partner"]
        failures += [(partners.browse(vals["partner_id"]), reason) for vals, reason in refused]
        return done, failures
