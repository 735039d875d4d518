# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

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

    def _registry_figures_multi(self, scopes):
        figures = super()._registry_figures_multi(scopes)
        for statistic_id, model_figures in self._get_model_figures_multi(scopes).items():
            figures[statistic_id].update(model_figures)
        return figures

    def _get_model_figures_multi(self, scopes):
        """{report id: figures}: registrations and recognitions per learning model, from the evaluations
        of the year, for all the reports in one grouped query (and one for the citizens' form groups).

        Registered: every evaluation of the year under the scope that was not
        cancelled; recognised: those recognised whose certificate was not
        revoked. Where no evaluation of the year is recorded under the scope
        (upper levels often receive only figures), the figures are entered.
        """
        if len(self) == 1:
            # one report (its own refresh, a province's of 100,000 evaluations): counted by association ids,
            # which reads its evaluations in one scan rather than one index scan per association
            return {self.id: self._get_model_figures(scopes[self.id][0])}
        result = {statistic.id: {} for statistic in self}
        groups = self._evaluation_groups(scopes, SQL("e.model_type, e.state, e.certificate_state"), 3)
        if not groups:
            return result
        for statistic_id in {row[0] for row in groups}:
            for model_type, _label in MODEL_TYPES:
                result[statistic_id][f"{model_type}_registered"] = result[statistic_id][f"{model_type}_recognised"] = 0
            result[statistic_id].update(
                {f"citizen_{code}_{kind}": 0 for code in CITIZEN_FORM_CODES for kind in ("registered", "recognised")}
            )
        for statistic_id, model_type, state, certificate_state, count in groups:
            figures = result[statistic_id]
            if state == "cancelled" or f"{model_type}_registered" not in figures:
                continue
            figures[f"{model_type}_registered"] += count
            if state == "recognised" and certificate_state != "revoked":
                figures[f"{model_type}_recognised"] += count
        # learning citizens registered and recognised by group of self-assessment forms, as provinces report
        # them (the same rules as the totals)
        for statistic_id, code, state, certificate_state, count in self._evaluation_groups(
            scopes,
            SQL("f.code, e.state, e.certificate_state"),
            3,
            SQL("JOIN hoctap_citizen_form f ON f.id = e.citizen_form_id"),
            SQL("e.model_type = 'citizen' AND e.state != 'cancelled'"),
        ):
            figures = result[statistic_id]
            if code not in CITIZEN_FORM_CODES or not figures:
                continue
            figures[f"citizen_{code}_registered"] += count
            if state == "recognised" and certificate_state != "revoked":
                figures[f"citizen_{code}_recognised"] += count
        return result

    def _evaluation_groups(self, scopes, columns, size, join=None, where=None):
        """[(report id, *columns, count)] of the evaluations of each report's year under its scope
        (``scopes``: see :meth:`_registry_figures_multi`), grouped by report and the ``size`` SQL
        ``columns`` over ``e``, the evaluation, and what the SQL ``join`` adds, filtered by ``where``."""
        pairs = [(sid, association_id) for sid in self.ids for association_id in scopes[sid][0]]
        if not pairs:
            return []
        self.env["hoctap.evaluation"].flush_model(
            ["association_id", "year", "model_type", "state", "certificate_state", "citizen_form_id"]
        )
        self.env["hoctap.citizen.form"].flush_model(["code"])
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id, %(columns)s, count(*)
                  FROM unnest(%(ids)s::int[], %(years)s::int[]) AS r(id, year)
                  JOIN unnest(%(pair_ids)s::int[], %(pair_associations)s::int[]) AS s(statistic_id, association_id)
                    ON s.statistic_id = r.id
                  JOIN hoctap_evaluation e ON e.association_id = s.association_id AND e.year = r.year
                  %(join)s
                 WHERE %(where)s
                 GROUP BY %(groupby)s
                """,
                columns=columns,
                join=join or SQL(),
                where=where or SQL("TRUE"),
                groupby=SQL(", ".join(str(index) for index in range(1, size + 2))),
                ids=self.ids,
                years=[statistic.year for statistic in self],
                pair_ids=[sid for sid, _association in pairs],
                pair_associations=[association_id for _sid, association_id in pairs],
            )
        )
        return self.env.cr.fetchall()

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
