# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .hoctap_criteria_set import MODEL_TYPES
from .hoctap_statistic_indicator import indicator_definitions, indicator_selection, ratio

# The learning models' figures in a statistics report: (key, label, group, kind, sequence).
MODEL_INDICATORS = [
    ("citizen_registered", "Learning Citizens Registered", "models", "sum", 9),
    ("citizen_recognised", "Learning Citizens Recognised", "models", "sum", 10),
    ("family_registered", "Learning Families Registered", "models", "sum", 11),
    ("family_recognised", "Learning Families Recognised", "models", "sum", 12),
    ("clan_registered", "Learning Clans Registered", "models", "sum", 13),
    ("clan_recognised", "Learning Clans Recognised", "models", "sum", 14),
    ("community_registered", "Learning Communities Registered", "models", "sum", 15),
    ("community_recognised", "Learning Communities Recognised", "models", "sum", 16),
    ("unit_registered", "Learning Units Registered", "models", "sum", 17),
    ("unit_recognised", "Learning Units Recognised", "models", "sum", 18),
    ("models_registered", "Learning Models Registered (all five)", "models", "ratio", 19),
    ("models_recognised", "Learning Models Recognised (all five)", "models", "ratio", 20),
    ("citizen_recognised_share", "Recognised Learning Citizens (% of population)", "models", "ratio", 21),
    ("family_recognised_share", "Recognised Learning Families (% of households)", "models", "ratio", 22),
]


class HoctapStatisticLine(models.Model):
    """The learning models' indicators: registered and recognised per model, and the recognised shares."""

    # a domain extends the model in its own file (the seams), not merged with the others
    _inherit = "hoctap.statistic.line"  # pylint: disable=consider-merging-classes-inherited

    indicator = fields.Selection(
        selection_add=[("member_ratio",), *indicator_selection(MODEL_INDICATORS), ("centre_count",)],
        ondelete={key: "cascade" for key, *_rest in MODEL_INDICATORS},
    )
    indicator_group = fields.Selection(
        selection_add=[("members",), ("models", "Learning Models"), ("centres",)], ondelete={"models": "set null"}
    )

    @api.model
    def _indicator_definitions(self):
        return {**super()._indicator_definitions(), **indicator_definitions(MODEL_INDICATORS)}

    @api.model
    def _derive_ratios(self, values):
        ratios = super()._derive_ratios(values)
        get = values.get
        models = [key for key, _label in MODEL_TYPES]
        population = get("population") or 0.0
        ratios.update({
            "models_registered": sum(get(f"{m}_registered", 0.0) for m in models),
            "models_recognised": sum(get(f"{m}_recognised", 0.0) for m in models),
            "citizen_recognised_share": ratio(get("citizen_recognised", 0.0), population, 100.0),
            "family_recognised_share": ratio(get("family_recognised", 0.0), get("household_count") or 0.0, 100.0),
        })
        return ratios
