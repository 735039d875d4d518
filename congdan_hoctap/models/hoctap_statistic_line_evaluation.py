# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from .hoctap_criteria_set import MODEL_TYPES
from .hoctap_statistic_indicator import indicator_definitions, indicator_selection, ratio

# The learning models' figures in a statistics report: (key, label, group, kind, sequence).
MODEL_INDICATORS = [
    ("citizen_registered", "Learning Citizens Registered", "models", "sum", 20),
    ("citizen_recognised", "Learning Citizens Recognised", "models", "sum", 21),
    ("citizen_farmer_registered", "Learning Citizens Registered — Farmers, Rural Workers", "models", "sum", 22),
    ("citizen_farmer_recognised", "Learning Citizens Recognised — Farmers, Rural Workers", "models", "sum", 23),
    ("citizen_worker_registered", "Learning Citizens Registered — Workers, Craftsmen", "models", "sum", 24),
    ("citizen_worker_recognised", "Learning Citizens Recognised — Workers, Craftsmen", "models", "sum", 25),
    ("citizen_official_registered", "Learning Citizens Registered — Officials, Entrepreneurs", "models", "sum", 26),
    ("citizen_official_recognised", "Learning Citizens Recognised — Officials, Entrepreneurs", "models", "sum", 27),
    ("citizen_student_registered", "Learning Citizens Registered — Pupils, Students", "models", "sum", 28),
    ("citizen_student_recognised", "Learning Citizens Recognised — Pupils, Students", "models", "sum", 29),
    ("family_registered", "Learning Families Registered", "models", "sum", 30),
    ("family_recognised", "Learning Families Recognised", "models", "sum", 31),
    ("clan_registered", "Learning Clans Registered", "models", "sum", 32),
    ("clan_recognised", "Learning Clans Recognised", "models", "sum", 33),
    ("village_community_registered", "Village Learning Communities Registered (QĐ 448)", "models", "sum", 34),
    ("village_community_recognised", "Village Learning Communities Recognised (QĐ 448)", "models", "sum", 35),
    ("community_registered", "Learning Communities Registered", "models", "sum", 36),
    ("community_recognised", "Learning Communities Recognised", "models", "sum", 37),
    ("grassroots_unit_registered", "Grassroots Learning Units Registered (QĐ 448)", "models", "sum", 38),
    ("grassroots_unit_recognised", "Grassroots Learning Units Recognised (QĐ 448)", "models", "sum", 39),
    ("unit_registered", "Learning Units Registered", "models", "sum", 40),
    ("unit_recognised", "Learning Units Recognised", "models", "sum", 41),
    ("adult_model_count", "Adults in Learning Families, Clans and Villages", "models", "sum", 42),
    ("adult_model_recognised", "Of Them Recognised Learning Citizens", "models", "sum", 43),
    ("unit_official_count", "Officials in Learning Units", "models", "sum", 44),
    ("unit_official_recognised", "Officials in Learning Units Recognised Learning Citizens", "models", "sum", 45),
    ("models_registered", "Learning Models Registered (all five)", "models", "ratio", 46),
    ("models_recognised", "Learning Models Recognised (all five)", "models", "ratio", 47),
    ("citizen_recognised_share", "Recognised Learning Citizens (% of population)", "models", "ratio", 48),
    ("family_recognised_share", "Recognised Learning Families (% of households)", "models", "ratio", 49),
    ("clan_recognised_share", "Recognised Learning Clans (% of clans)", "models", "ratio", 50),
    ("community_recognised_share", "Recognised Village Learning Communities (% of villages)", "models", "ratio", 51),
    ("unit_recognised_share", "Recognised Learning Units (% of agencies, schools, enterprises)", "models", "ratio", 52),
    ("adult_citizen_share", "Adults in Learning Families, Clans and Villages Recognised (%)", "models", "ratio", 53),
    ("official_citizen_share", "Officials in Learning Units Recognised (%)", "models", "ratio", 54),
]

# The form groups (``hoctap.citizen.form`` codes) reported apart; citizens of another group count in the total only.
CITIZEN_FORM_CODES = ("farmer", "worker", "official", "student")


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
        ratios.update(
            {
                "models_registered": sum(get(f"{m}_registered", 0.0) for m in models),
                "models_recognised": sum(get(f"{m}_recognised", 0.0) for m in models),
                "citizen_recognised_share": ratio(get("citizen_recognised", 0.0), population, 100.0),
                "family_recognised_share": ratio(get("family_recognised", 0.0), get("household_count") or 0.0, 100.0),
                # QĐ 387/QĐ-TTg (25/03/2022) counts recognised clans, communities and units over those of the
                # territory; QĐ 677/QĐ-TTg counts adults in learning families, clans and villages recognised as
                # learning citizens, and officials in learning units — each share on its own base.
                "clan_recognised_share": ratio(get("clan_recognised", 0.0), get("clan_count") or 0.0, 100.0),
                "community_recognised_share": ratio(
                    get("village_community_recognised", 0.0), get("village_count") or 0.0, 100.0
                ),
                "unit_recognised_share": ratio(
                    get("unit_recognised", 0.0) + get("grassroots_unit_recognised", 0.0),
                    get("unit_count") or 0.0,
                    100.0,
                ),
                "adult_citizen_share": ratio(
                    get("adult_model_recognised", 0.0), get("adult_model_count") or 0.0, 100.0
                ),
                "official_citizen_share": ratio(
                    get("unit_official_recognised", 0.0), get("unit_official_count") or 0.0, 100.0
                ),
            }
        )
        return ratios
