# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .hoctap_criteria_set import MODEL_TYPES
from .hoctap_statistic_line_evaluation import CITIZEN_FORM_CODES


class HoctapStatistic(models.Model):
    """The learning models' figures in a statistics report, counted from the evaluations of the year."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "hoctap.statistic"  # pylint: disable=consider-merging-classes-inherited

    models_recognised = fields.Float(compute="_compute_models_recognised", digits=(16, 0))

    @api.depends("line_ids.value")
    def _compute_models_recognised(self):
        for statistic in self:
            statistic.models_recognised = statistic._get_values().get("models_recognised", 0.0)

    def _registry_figures(self, scope_ids, frontier_associations):
        figures = super()._registry_figures(scope_ids, frontier_associations)
        figures.update(self._get_model_figures(scope_ids))
        return figures

    def _get_model_figures(self, scope_ids):
        """Registrations and recognitions per learning model, from the evaluations of the year.

        Registered: every evaluation of the year under the scope that was not
        cancelled; recognised: those recognised whose certificate was not
        revoked. Where no evaluation of the year is recorded under the scope
        (upper levels often receive only figures), the figures are entered.
        """
        groups = (
            self.env["hoctap.evaluation"]
            .sudo()
            ._read_group(
                [("association_id", "in", scope_ids), ("year", "=", self.year)],
                ["model_type", "state", "certificate_state"],
                ["__count"],
            )
        )
        if not groups:
            return {}
        figures = {}
        for model_type, _label in MODEL_TYPES:
            figures[f"{model_type}_registered"] = figures[f"{model_type}_recognised"] = 0
        for model_type, state, certificate_state, count in groups:
            if state == "cancelled" or f"{model_type}_registered" not in figures:
                continue
            figures[f"{model_type}_registered"] += count
            if state == "recognised" and certificate_state != "revoked":
                figures[f"{model_type}_recognised"] += count
        figures.update(self._get_citizen_form_figures(scope_ids))
        return figures

    def _get_citizen_form_figures(self, scope_ids):
        """Learning citizens registered and recognised by group of self-assessment forms, as provinces report
        them (the same rules as the totals)."""
        figures = {f"citizen_{code}_{kind}": 0 for code in CITIZEN_FORM_CODES for kind in ("registered", "recognised")}
        groups = (
            self.env["hoctap.evaluation"]
            .sudo()
            ._read_group(
                [
                    ("association_id", "in", scope_ids),
                    ("year", "=", self.year),
                    ("model_type", "=", "citizen"),
                    ("state", "!=", "cancelled"),
                    ("citizen_form_id", "!=", False),
                ],
                ["citizen_form_id", "state", "certificate_state"],
                ["__count"],
            )
        )
        for form, state, certificate_state, count in groups:
            if form.code not in CITIZEN_FORM_CODES:
                continue
            figures[f"citizen_{form.code}_registered"] += count
            if state == "recognised" and certificate_state != "revoked":
                figures[f"citizen_{form.code}_recognised"] += count
        return figures
