# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

from .hoctap_statistic_indicator import (
    INDICATOR_GROUPS,
    INDICATORS,
    indicator_definitions,
    indicator_selection,
    ratio,
)

# Filled by the report's refresh only.
REFRESH_FIELDS = {"source", "children_value"}


class HoctapStatisticLine(models.Model):
    """One figure of a statistics report.

    ``value`` = the association's own part (computed from the registry or
    entered by hand, see ``source``) + the part of the sub-associations'
    accepted reports. Ratios are calculated from the other figures.

    The indicators are declared per domain: each adds its keys to ``indicator``
    (``selection_add``), their section, kind and order to
    :meth:`_indicator_definitions` and its ratios to :meth:`_derive_ratios`.
    """

    _name = "hoctap.statistic.line"
    _description = "Statistics Figure"
    _order = "statistic_id, sequence, id"

    statistic_id = fields.Many2one("hoctap.statistic", required=True, ondelete="cascade", index=True)
    association_id = fields.Many2one(related="statistic_id.association_id", store=True, index=True)
    company_id = fields.Many2one(related="statistic_id.company_id", store=True)
    year = fields.Integer(aggregator=False, related="statistic_id.year", store=True)
    period = fields.Selection(related="statistic_id.period", store=True)
    state = fields.Selection(related="statistic_id.state", store=True, string="Report Status")
    indicator = fields.Selection(indicator_selection(INDICATORS), required=True)
    indicator_group = fields.Selection(
        INDICATOR_GROUPS, compute="_compute_indicator_meta", store=True, string="Section"
    )
    sequence = fields.Integer(compute="_compute_indicator_meta", store=True)
    source = fields.Selection(
        [("computed", "From the registry"), ("entered", "Entered"), ("derived", "Calculated")],
        default="entered",
        readonly=True,
        copy=False,
        help="From the registry: counted from the records below the association. "
        "Entered: typed in by hand (no records, or overridden). Calculated: derived from the other figures.",
    )
    manual = fields.Boolean(
        string="Enter by Hand",
        help="Tick to type the association's own figure instead of the registry's.",
    )
    own_value = fields.Float(
        string="Own Figure",
        digits=(16, 2),
        help="The association's own part: its registry below it, less what the consolidated reports cover.",
    )
    children_value = fields.Float(
        string="From Sub-associations",
        digits=(16, 2),
        readonly=True,
        copy=False,
        help="Sum of the accepted reports of the sub-associations.",
    )
    value = fields.Float(compute="_compute_value", store=True, digits=(16, 2), aggregator="sum")

    _sql_constraints = [
        ("indicator_uniq", "unique(statistic_id, indicator)", "A figure appears once in a report."),
    ]

    @api.depends("indicator")
    def _compute_indicator_meta(self):
        definitions = self._indicator_definitions()
        for line in self:
            line.indicator_group, _kind, line.sequence = definitions.get(line.indicator, (False, False, 0))

    @api.depends(
        "indicator",
        "own_value",
        "children_value",
        "statistic_id.line_ids.own_value",
        "statistic_id.line_ids.children_value",
    )
    def _compute_value(self):
        kinds = self._indicator_kinds()
        for statistic, lines in self.grouped("statistic_id").items():
            bases = {line.indicator: line._base_value(kinds) for line in statistic.line_ids}
            ratios = self._derive_ratios(bases)
            for line in lines:
                if kinds.get(line.indicator) == "ratio":
                    line.value = ratios.get(line.indicator, 0.0)
                else:
                    line.value = bases.get(line.indicator, line._base_value(kinds))

    def _base_value(self, kinds=None):
        """The figure before ratios: own + children, or for a territory figure the own one if given.
        ``kinds``: :meth:`_indicator_kinds`, when the caller has it already."""
        kinds = kinds if kinds is not None else self._indicator_kinds()
        if kinds.get(self.indicator) == "territory":
            return self.own_value or self.children_value
        return self.own_value + self.children_value

    # ---- Indicators (a domain extends these with super()) ----
    @api.model
    def _indicator_definitions(self):
        """{indicator: (section, kind, sequence)} of every indicator of a report.

        The statistics domain declares its own figures; a domain that brings
        figures adds them here (and their keys to ``indicator`` with
        ``selection_add``).
        """
        return indicator_definitions(INDICATORS)

    @api.model
    def _indicator_kinds(self):
        """{indicator: kind}: ``sum``, ``territory`` or ``ratio``."""
        return {key: kind for key, (_group, kind, _sequence) in self._indicator_definitions().items()}

    @api.model
    def _derive_ratios(self, values):
        """{indicator: value} of the ratio indicators, from the summed figures of one report (or of a
        totals row); a domain adds the ratios of its own indicators."""
        get = values.get
        return {"member_ratio": ratio(get("member_total", 0.0), get("population") or 0.0, 100.0)}

    def _is_refresh(self):
        """Whether the report's refresh writes these figures, after its own checks.

        The refresh runs as superuser, which no RPC call can ask for: the
        context key alone (which a client can send) lets nothing through.
        """
        return self.env.su and self.env.context.get("hoctap_statistic_refresh")

    @api.model_create_multi
    def create(self, vals_list):
        if not self._is_refresh():
            if any(REFRESH_FIELDS.intersection(vals) for vals in vals_list):
                raise UserError(
                    self.env._(
                        "Only the refresh of a report fills its figures from the registry and the reports below."
                    )
                )
            statistics = self.env["hoctap.statistic"].browse([vals["statistic_id"] for vals in vals_list])
            statistics._check_editable()
        return super().create(vals_list)

    def write(self, vals):
        if not self._is_refresh():
            if REFRESH_FIELDS.intersection(vals) or {"statistic_id", "indicator"}.intersection(vals):
                raise UserError(
                    self.env._(
                        "Only the refresh of a report fills its figures from the registry and the reports below."
                    )
                )
            self.statistic_id._check_editable()
            if "own_value" in vals and any(
                line.source != "entered" and not vals.get("manual", line.manual) for line in self
            ):
                raise UserError(
                    self.env._(
                        "A figure from the registry or a calculated one cannot be typed in: tick 'Enter by Hand' first."
                    )
                )
        res = super().write(vals)
        if "manual" in vals and not self._is_refresh():
            self.statistic_id._refresh_figures()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        if not self._is_refresh():
            for line in self:
                if line.statistic_id.state not in ("draft", "returned"):
                    raise UserError(self.env._("The figures of a submitted or accepted report cannot be deleted."))
