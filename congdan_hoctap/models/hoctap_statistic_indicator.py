# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The indicators of a periodic statistics report, in report order.

Each indicator has a group (the section of the report) and a kind:

* ``sum``: the parent's figure is its own registry figure plus the sum of
  its sub-associations' accepted reports;
* ``territory``: a figure of the association's own territory (population,
  households): its own figure when it has one, else the sum of the
  sub-associations' reports;
* ``ratio``: calculated from the other figures of the same report, never
  summed (member ratio, fund per capita, recognised shares).
"""

from .hoctap_criteria_set import MODEL_TYPES  # one list of learning models

INDICATOR_GROUPS = [
    ("organisation", "Organisation"),
    ("members", "Members"),
    ("models", "Learning Models"),
    ("fund", "Fund"),
    ("centres", "Learning Centres"),
    ("activities", "Trainings and Seminars"),
]

# (key, label, group, kind)
INDICATORS = [
    ("commune_count", "Commune Associations", "organisation", "sum"),
    ("branch_count", "Branches", "organisation", "sum"),
    ("board_count", "Boards", "organisation", "sum"),
    ("member_total", "Members (end of period)", "members", "sum"),
    ("member_new", "New Members", "members", "sum"),
    ("member_left", "Members Who Left", "members", "sum"),
    ("population", "Population", "members", "territory"),
    ("household_count", "Households", "members", "territory"),
    ("clan_count", "Clans (territory)", "members", "territory"),
    ("village_count", "Villages and Residential Groups (territory)", "members", "territory"),
    ("unit_count", "Agencies, Schools and Enterprises (territory)", "members", "territory"),
    ("member_ratio", "Member Ratio (%)", "members", "ratio"),
    ("citizen_registered", "Learning Citizens Registered", "models", "sum"),
    ("citizen_recognised", "Learning Citizens Recognised", "models", "sum"),
    # learning citizens by group of self-assessment forms (the codes of the shipped form groups)
    ("citizen_farmer_registered", "Learning Citizens Registered — Farmers, Rural Workers", "models", "sum"),
    ("citizen_farmer_recognised", "Learning Citizens Recognised — Farmers, Rural Workers", "models", "sum"),
    ("citizen_worker_registered", "Learning Citizens Registered — Workers, Craftsmen", "models", "sum"),
    ("citizen_worker_recognised", "Learning Citizens Recognised — Workers, Craftsmen", "models", "sum"),
    ("citizen_official_registered", "Learning Citizens Registered — Officials, Entrepreneurs", "models", "sum"),
    ("citizen_official_recognised", "Learning Citizens Recognised — Officials, Entrepreneurs", "models", "sum"),
    ("citizen_student_registered", "Learning Citizens Registered — Pupils, Students", "models", "sum"),
    ("citizen_student_recognised", "Learning Citizens Recognised — Pupils, Students", "models", "sum"),
    ("family_registered", "Learning Families Registered", "models", "sum"),
    ("family_recognised", "Learning Families Recognised", "models", "sum"),
    ("clan_registered", "Learning Clans Registered", "models", "sum"),
    ("clan_recognised", "Learning Clans Recognised", "models", "sum"),
    ("village_community_registered", "Village Learning Communities Registered (QĐ 448)", "models", "sum"),
    ("village_community_recognised", "Village Learning Communities Recognised (QĐ 448)", "models", "sum"),
    ("community_registered", "Learning Communities Registered", "models", "sum"),
    ("community_recognised", "Learning Communities Recognised", "models", "sum"),
    ("grassroots_unit_registered", "Grassroots Learning Units Registered (QĐ 448)", "models", "sum"),
    ("grassroots_unit_recognised", "Grassroots Learning Units Recognised (QĐ 448)", "models", "sum"),
    ("unit_registered", "Learning Units Registered", "models", "sum"),
    ("unit_recognised", "Learning Units Recognised", "models", "sum"),
    ("adult_model_count", "Adults in Learning Families, Clans and Villages", "models", "sum"),
    ("adult_model_recognised", "Of Them Recognised Learning Citizens", "models", "sum"),
    ("unit_official_count", "Officials in Learning Units", "models", "sum"),
    ("unit_official_recognised", "Officials in Learning Units Recognised Learning Citizens", "models", "sum"),
    ("models_registered", "Learning Models Registered (all five)", "models", "ratio"),
    ("models_recognised", "Learning Models Recognised (all five)", "models", "ratio"),
    ("citizen_recognised_share", "Recognised Learning Citizens (% of population)", "models", "ratio"),
    ("family_recognised_share", "Recognised Learning Families (% of households)", "models", "ratio"),
    ("clan_recognised_share", "Recognised Learning Clans (% of clans)", "models", "ratio"),
    ("community_recognised_share", "Recognised Village Learning Communities (% of villages)", "models", "ratio"),
    ("unit_recognised_share", "Recognised Learning Units (% of agencies, schools, enterprises)", "models", "ratio"),
    ("adult_citizen_share", "Adults in Learning Families, Clans and Villages Recognised (%)", "models", "ratio"),
    ("official_citizen_share", "Officials in Learning Units Recognised (%)", "models", "ratio"),
    ("fund_raised", "Fund Raised (VND)", "fund", "sum"),
    ("fund_spent", "Fund Spent (VND)", "fund", "sum"),
    ("fund_balance", "Fund Balance (VND)", "fund", "sum"),
    ("fund_per_capita", "Fund Raised per Capita (VND)", "fund", "ratio"),
    ("scholarship_count", "Scholarships (count)", "fund", "sum"),
    ("scholarship_amount", "Scholarships (VND)", "fund", "sum"),
    ("support_count", "Support Grants (count)", "fund", "sum"),
    ("support_amount", "Support Grants (VND)", "fund", "sum"),
    ("reward_count", "Rewards (count)", "fund", "sum"),
    ("reward_amount", "Rewards (VND)", "fund", "sum"),
    ("centre_count", "Community Learning Centres", "centres", "sum"),
    ("class_count", "Classes", "centres", "sum"),
    ("learner_turns", "Learner-turns", "centres", "sum"),
    ("learner_turns_female", "Learner-turns (women)", "centres", "sum"),
    ("training_count", "Trainings Held", "activities", "sum"),
    ("seminar_count", "Seminars Held", "activities", "sum"),
    ("briefing_count", "Briefings Held", "activities", "sum"),
]

# The form groups (``hoctap.citizen.form`` codes) reported apart; citizens of another group count in the total only.
CITIZEN_FORM_CODES = ("farmer", "worker", "official", "student")

INDICATOR_SELECTION = [(key, label) for key, label, _group, _kind in INDICATORS]
INDICATOR_GROUP = {key: group for key, _label, group, _kind in INDICATORS}
INDICATOR_KIND = {key: kind for key, _label, _group, kind in INDICATORS}
INDICATOR_SEQUENCE = {key: index for index, (key, _l, _g, _k) in enumerate(INDICATORS)}


def _share(part, whole):
    return 100.0 * part / whole if whole else 0.0


def derive_ratios(values):
    """Ratio indicators from the summed figures of one report (or of a totals row).

    The targets of QĐ 387/QĐ-TTg (25/03/2022) count recognised families, clans, communities and units
    over those of the territory; QĐ 677/QĐ-TTg counts adults in learning families, clans and villages
    recognised as learning citizens, and officials in learning units — each share on its own base.
    """
    get = values.get
    population = get("population") or 0.0
    households = get("household_count") or 0.0
    models = [key for key, _label in MODEL_TYPES]
    return {
        "clan_recognised_share": _share(get("clan_recognised", 0.0), get("clan_count") or 0.0),
        "community_recognised_share": _share(get("village_community_recognised", 0.0), get("village_count") or 0.0),
        "unit_recognised_share": _share(get("unit_recognised", 0.0) + get("grassroots_unit_recognised", 0.0),
                                        get("unit_count") or 0.0),
        "adult_citizen_share": _share(get("adult_model_recognised", 0.0), get("adult_model_count") or 0.0),
        "official_citizen_share": _share(get("unit_official_recognised", 0.0), get("unit_official_count") or 0.0),
        "member_ratio": 100.0 * get("member_total", 0.0) / population if population else 0.0,
        "models_registered": sum(get(f"{m}_registered", 0.0) for m in models),
        "models_recognised": sum(get(f"{m}_recognised", 0.0) for m in models),
        "citizen_recognised_share": (
            100.0 * get("citizen_recognised", 0.0) / population if population else 0.0
        ),
        "family_recognised_share": (
            100.0 * get("family_recognised", 0.0) / households if households else 0.0
        ),
        "fund_per_capita": get("fund_raised", 0.0) / population if population else 0.0,
    }
