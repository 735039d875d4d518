# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The statistics report's own indicators, in report order.

Each indicator has a group (the section of the report), a kind and a
sequence (its place in the report):

* ``sum``: the parent's figure is its own registry figure plus the sum of
  its sub-associations' accepted reports;
* ``territory``: a figure of the association's own territory (population,
  households): its own figure when it has one, else the sum of the
  sub-associations' reports;
* ``ratio``: calculated from the other figures of the same report, never
  summed (member ratio, fund per capita, recognised shares).

These are the figures the statistics domain counts itself (organisation,
members, centres, activities). The other domains declare their own
indicators in their extension of ``hoctap.statistic.line``
(``selection_add`` and ``_indicator_definitions``), e.g. the fund in
``hoctap_statistic_line_fund.py`` and the learning models in
``hoctap_statistic_line_evaluation.py``.
"""

INDICATOR_GROUPS = [
    ("organisation", "Organisation"),
    ("members", "Members"),
    ("centres", "Learning Centres"),
    ("activities", "Trainings and Seminars"),
]

# (key, label, group, kind, sequence); the sequences leave room for the domains' indicators
# (learning models 20-59, fund 60-79).
INDICATORS = [
    ("commune_count", "Commune Associations", "organisation", "sum", 0),
    ("branch_count", "Branches", "organisation", "sum", 1),
    ("board_count", "Boards", "organisation", "sum", 2),
    ("member_total", "Members (end of period)", "members", "sum", 3),
    ("member_new", "New Members", "members", "sum", 4),
    ("member_left", "Members Who Left", "members", "sum", 5),
    ("population", "Population", "members", "territory", 6),
    ("household_count", "Households", "members", "territory", 7),
    ("clan_count", "Clans (territory)", "members", "territory", 8),
    ("village_count", "Villages and Residential Groups (territory)", "members", "territory", 9),
    ("unit_count", "Agencies, Schools and Enterprises (territory)", "members", "territory", 10),
    ("member_ratio", "Member Ratio (%)", "members", "ratio", 11),
    ("centre_count", "Community Learning Centres", "centres", "sum", 100),
    ("class_count", "Classes", "centres", "sum", 101),
    ("learner_turns", "Learner-turns", "centres", "sum", 102),
    ("learner_turns_female", "Learner-turns (women)", "centres", "sum", 103),
    ("training_count", "Trainings Held", "activities", "sum", 104),
    ("seminar_count", "Seminars Held", "activities", "sum", 105),
    ("briefing_count", "Briefings Held", "activities", "sum", 106),
]


def indicator_selection(indicators):
    """(key, label) pairs of ``indicators`` for a Selection field or a ``selection_add``."""
    return [(key, label) for key, label, *_meta in indicators]


def indicator_definitions(indicators):
    """{key: (group, kind, sequence)} of ``indicators``, as ``_indicator_definitions`` returns them."""
    return {key: (group, kind, sequence) for key, _label, group, kind, sequence in indicators}


def ratio(numerator, denominator, factor=1.0):
    return factor * numerator / denominator if denominator else 0.0
