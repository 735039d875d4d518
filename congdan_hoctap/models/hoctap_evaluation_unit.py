# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from .hoctap_evaluation import HoctapEvaluation as BaseEvaluation


class HoctapEvaluation(models.Model):
    """Learning units and communities: the unit's own headcount and recognition by an authority's decision."""

    _inherit = "hoctap.evaluation"  # pylint: disable=consider-merging-classes-inherited

    _workflow_fields = (*BaseEvaluation._workflow_fields, "dossier_id")

    dossier_id = fields.Many2one(
        "hoctap.recognition.dossier",
        string="Recognition Dossier",
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        help="The proposal dossier whose authority decision recognised this unit or community.",
    )

    recognised_on_dossier = fields.Boolean(
        compute="_compute_recognised_on_dossier",
        help="Recognised by an authority (a People's Committee) on a proposal dossier, not by the association.",
    )
    headcount_count = fields.Integer(compute="_compute_headcount_count")

    def _compute_recognised_on_dossier(self):
        Authority = self.env["hoctap.recognition.authority"]
        for evaluation in self:
            authority = Authority._for(evaluation.model_type, evaluation.set_id.level, evaluation.company_id)
            evaluation.recognised_on_dossier = bool(authority) and authority.kind != "association"

    def _compute_headcount_count(self):
        for evaluation in self:
            evaluation.headcount_count = len(evaluation._unit_headcounts()) if evaluation.model_type == "unit" else 0

    def action_view_headcounts(self):
        """The unit's headcounts of the year, to enter or correct them: an action dict, so XML-RPC carries it."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Learning Unit Headcounts"),
            "res_model": "hoctap.unit.headcount",
            "view_mode": "list",
            "domain": [("id", "in", self._unit_headcounts().ids)],
            "context": {
                "default_association_id": self.subject_association_id.id,
                "default_partner_id": False if self.subject_association_id else self.partner_id.id,
                "default_year": self.year,
            },
        }

    def action_propose_in_dossier(self):
        """A new proposal dossier of the evaluation's association with this evaluation: an action dict."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Recognition Dossier"),
            "res_model": "hoctap.recognition.dossier",
            "view_mode": "form",
            "context": {
                "default_association_id": self.association_id.id,
                "default_model_type": self.model_type,
                "default_year": self.year,
                "default_level": self.set_id.level,
                "default_evaluation_ids": self.ids,
            },
        }

    # ---- Learning units (TT 24/2023) ----
    def _unit_headcounts(self):
        """The unit's headcounts of the year: over its own staff or learners, not association members."""
        self.ensure_one()
        Headcount = self.env["hoctap.unit.headcount"].sudo()
        if self.subject_association_id:
            domain = [("association_id", "=", self.subject_association_id.id), ("partner_id", "=", False)]
        elif self.partner_id:
            domain = [("partner_id", "=", self.partner_id.id)]
        else:
            return Headcount
        return Headcount.search(domain + [("year", "=", self.year)])

    def _unit_ratio_reasons(self):
        """The TT 24 ratio rule: the unit's staff (learners for an educational establishment) holding the
        learning-citizen title reach the set's share. Compared in whole numbers, so 90 % is met by 9 of 10."""
        self.ensure_one()
        criteria_set = self.set_id
        if not (criteria_set.min_member_ratio or criteria_set.min_learner_ratio):
            return []
        headcounts = self._unit_headcounts()
        if not headcounts:
            return [
                self.env._(
                    "Enter the headcount of the unit for %(year)s (its staff, or its learners for an educational "
                    "establishment) with how many hold the learning-citizen title.",
                    year=self.year,
                )
            ]
        kinds = dict(headcounts._fields["kind"]._description_selection(self.env))
        reasons = []
        for headcount in headcounts:
            minimum = criteria_set.min_learner_ratio if headcount.kind == "learners" else criteria_set.min_member_ratio
            if minimum and headcount.citizen_count * 100 < minimum * headcount.people_count:
                reasons.append(
                    self.env._(
                        "%(ratio)s%% of the unit's %(kind)s hold the learning-citizen title (%(citizens)s of "
                        "%(people)s), below the required %(minimum)s%%.",
                        ratio=round(headcount.ratio, 2),
                        kind=kinds[headcount.kind].lower(),
                        citizens=headcount.citizen_count,
                        people=headcount.people_count,
                        minimum=minimum,
                    )
                )
            elif not headcount.people_count:
                reasons.append(self.env._("The headcount of the unit for %(year)s counts nobody.", year=self.year))
        return reasons

    # ---- Recognition by an authority ----
    def _recognise_by_authority(self, dossier):
        """Verified and passing → recognised by the authority's decision recorded on ``dossier``.

        The decision is the authority's: no certificate number of the association is issued.
        """
        self.ensure_one()
        self._check_state(("verified",), self.env._("Only a verified evaluation can be recognised."))
        passed, reasons = self._evaluate_rules()
        if not passed:
            raise UserError(
                self.env._("%(name)s does not meet the rules: %(reasons)s", name=self.name, reasons=" ".join(reasons))
            )
        self._check_separation_of_duties("recognise")
        self.sudo()._workflow().write(
            {
                "state": "recognised",
                "dossier_id": dossier.id,
                "certificate_issuer_id": dossier.association_id.id,
                "certificate_state": "valid",
                "certificate_holder": self._holder_name(),
                "recogniser_id": self.env.uid,
                "date_recognised": fields.Date.context_today(self),
            }
        )
        self._unlink_workflow_activities()
        return True
