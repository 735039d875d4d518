# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.exceptions import UserError

from ..tools.xlsx import XlsxFile

# Columns of the briefing table, in order, and how each is formatted.
BRIEFING_INDICATORS = [
    ("commune_count", "int"),
    ("branch_count", "int"),
    ("member_total", "int"),
    ("population", "int"),
    ("member_ratio", "ratio"),
    ("models_registered", "int"),
    ("models_recognised", "int"),
    ("fund_raised", "int"),
    ("fund_per_capita", "int"),
    ("scholarship_amount", "int"),
    ("centre_count", "int"),
    ("learner_turns", "int"),
]
# Key indicators the provinces are ranked on (higher is better).
RANKED_INDICATORS = ["member_ratio", "fund_raised", "fund_per_capita", "models_registered", "models_recognised"]


class HoctapClusterBriefing(models.TransientModel):
    """The cluster briefing (giao ban): the member associations' year side by side, ranked.

    Reads the annual statistics reports that were submitted or accepted; a member
    without one is listed as missing. Ranks: equal values share a rank and the
    next rank is skipped (1, 1, 3); rows are ordered by the member-ratio rank,
    then by the association's code and name, so the table never depends on the
    order records were created in.
    """

    _name = "hoctap.cluster.briefing"
    _description = "Cluster Briefing"

    cluster_id = fields.Many2one("hoctap.cluster", required=True)
    year = fields.Integer(required=True, default=lambda self: fields.Date.today().year)
    include_submitted = fields.Boolean(
        string="Include Submitted Reports",
        default=True,
        help="Also use the reports that are submitted but not yet accepted.",
    )

    # ---- Data ----
    def _get_statistics(self):
        """The members' annual reports. The briefing compares the whole cluster, so it reads
        every member's report, not only those of the user's own subtree."""
        states = ("submitted", "accepted") if self.include_submitted else ("accepted",)
        return (
            self.env["hoctap.statistic"]
            .sudo()
            .search(
                [
                    ("association_id", "in", self._members().ids),
                    ("year", "=", self.year),
                    ("period", "=", "year"),
                    ("state", "in", states),
                ]
            )
        )

    def _members(self):
        return self.cluster_id.sudo().association_ids

    def _get_columns(self):
        """[(key, label, format)] of the table, rank columns included."""
        labels = dict(self.env["hoctap.statistic.line"]._fields["indicator"]._description_selection(self.env))
        columns = [(key, labels[key], fmt) for key, fmt in BRIEFING_INDICATORS]
        short = {
            "member_ratio": self.env._("Member ratio"),
            "fund_raised": self.env._("Fund"),
            "fund_per_capita": self.env._("Fund per capita"),
            "models_registered": self.env._("Models registered"),
            "models_recognised": self.env._("Models recognised"),
        }
        columns += [
            ("rank_%s" % key, self.env._("Rank: %(indicator)s", indicator=short[key]), "rank")
            for key in RANKED_INDICATORS
        ]
        columns.append(("targets", self.env._("Targets Achieved"), "text"))
        return columns

    def _get_briefing_data(self):
        """Rows, totals, ranks and highlights of the briefing, as plain data for the PDF and the XLSX."""
        self.ensure_one()
        statistics = self._get_statistics()
        by_association = {s.association_id: s for s in statistics}
        rows = [
            {
                "association": association,
                "name": association.name,
                "code": association.code or "",
                "values": by_association[association]._get_values(),
            }
            for association in self._members()
            if association in by_association
        ]
        for key in RANKED_INDICATORS:
            self._rank(rows, key)
        self._add_targets(rows)
        rows.sort(key=lambda r: (r["ranks"]["member_ratio"], r["code"], r["name"], r["association"].id))
        return {
            "title": self.env._("Cluster briefing %(year)s", year=self.year),
            "cluster": self.cluster_id.name,
            "year": self.year,
            "columns": self._get_columns(),
            "rows": rows,
            "totals": self._totals(rows),
            "highlights": self._highlights(rows),
            "missing": [a.name for a in self._members() if a not in by_association],
        }

    @staticmethod
    def _rank(rows, key):
        """Competition ranking on ``key``, higher first; equal values (to 2 decimals) share a rank."""
        ordered = sorted(rows, key=lambda r: (-round(r["values"].get(key, 0.0), 2), r["code"], r["name"]))
        previous, rank = None, 0
        for position, row in enumerate(ordered, start=1):
            value = round(row["values"].get(key, 0.0), 2)
            if value != previous:
                rank, previous = position, value
            row.setdefault("ranks", {})[key] = rank

    def _add_targets(self, rows):
        targets = (
            self.env["hoctap.target"]
            .sudo()
            .search(
                [
                    ("association_id", "in", [row["association"].id for row in rows]),
                    ("year", "=", self.year),
                ]
            )
        )
        for row in rows:
            own = targets.filtered(lambda t, a=row["association"]: t.association_id == a)
            row["targets_achieved"] = len(own.filtered("is_achieved"))
            row["targets_total"] = len(own)
            row["targets"] = "%s/%s" % (row["targets_achieved"], row["targets_total"]) if own else ""

    def _totals(self, rows):
        Line = self.env["hoctap.statistic.line"]
        kinds = Line._indicator_kinds()
        totals = {}
        for key, _fmt in BRIEFING_INDICATORS + [(k, "int") for k in kinds if kinds[k] != "ratio"]:
            if kinds.get(key) != "ratio":
                totals[key] = sum(row["values"].get(key, 0.0) for row in rows)
        totals.update(Line._derive_ratios(totals))
        return totals

    def _highlights(self, rows):
        labels = dict(self.env["hoctap.statistic.line"]._fields["indicator"]._description_selection(self.env))
        highlights = []
        for key in RANKED_INDICATORS:
            best = [row for row in rows if row["ranks"][key] == 1 and row["values"].get(key)]
            if best:
                highlights.append(
                    self.env._(
                        "Best on %(indicator)s: %(names)s (%(value)s)",
                        indicator=labels[key],
                        names=", ".join(row["name"] for row in best),
                        value=self._format_value(best[0]["values"][key], "ratio" if key == "member_ratio" else "int"),
                    )
                )
        return highlights

    @staticmethod
    def _format_value(value, fmt):
        if fmt == "ratio":
            return f"{value or 0.0:,.2f}".replace(",", " ").replace(".", ",")
        return f"{value or 0.0:,.0f}".replace(",", ".")

    def _cell(self, row, key, fmt):
        """The displayed text of one cell of the PDF table."""
        if fmt == "rank":
            return row["ranks"][key[len("rank_") :]]
        if fmt == "text":
            return row.get(key, "")
        return self._format_value(row["values"].get(key, 0.0), fmt)

    # ---- Actions ----
    def action_print_pdf(self):
        self.ensure_one()
        self._check_has_reports()
        return self.env.ref("congdan_hoctap.action_report_cluster_briefing").report_action(self)

    def action_export_xlsx(self):
        self.ensure_one()
        self._check_has_reports()
        xlsx = XlsxFile()
        self._write_xlsx(xlsx)
        return xlsx.deliver(self, "%s - %s.xlsx" % (self.env._("Cluster briefing"), self.year))

    def _check_has_reports(self):
        if not self._get_statistics():
            raise UserError(
                self.env._(
                    "No member of %(cluster)s has a submitted or accepted annual report for %(year)s.",
                    cluster=self.cluster_id.name,
                    year=self.year,
                )
            )

    # ---- XLSX ----
    def _render_xlsx(self):
        """The briefing's XLSX bytes."""
        with XlsxFile() as xlsx:
            self._write_xlsx(xlsx)
            return xlsx.content()

    def _write_xlsx(self, xlsx):
        """The briefing as an XLSX workbook: title, frozen header, one row per association, totals."""
        data = self._get_briefing_data()
        workbook = xlsx.workbook
        sheet = workbook.add_worksheet(self.env._("Briefing"))
        formats = self._xlsx_formats(workbook)
        columns = data["columns"]
        sheet.merge_range(0, 0, 0, len(columns) + 1, "%s - %s" % (data["title"], data["cluster"]), formats["title"])
        header_row = 2
        sheet.write(header_row, 0, self.env._("No."), formats["header"])
        sheet.write(header_row, 1, self.env._("Association"), formats["header"])
        for col, (_key, label, _fmt) in enumerate(columns, start=2):
            sheet.write(header_row, col, label, formats["header"])
        sheet.set_row(header_row, 45)
        sheet.set_column(0, 0, 5)
        sheet.set_column(1, 1, 36)
        sheet.set_column(2, len(columns) + 1, 14)
        sheet.freeze_panes(header_row + 1, 2)
        row_index = header_row
        for number, row in enumerate(data["rows"], start=1):
            row_index += 1
            sheet.write_number(row_index, 0, number, formats["int"])
            sheet.write_string(row_index, 1, row["name"], formats["text"])
            for col, (key, _label, fmt) in enumerate(columns, start=2):
                self._xlsx_write(sheet, row_index, col, row, key, fmt, formats)
        row_index += 1
        sheet.write(row_index, 1, self.env._("Total"), formats["total_text"])
        for col, (key, _label, fmt) in enumerate(columns, start=2):
            if fmt in ("int", "ratio"):
                sheet.write_number(row_index, col, data["totals"].get(key, 0.0), formats["total_" + fmt])
            else:
                sheet.write_blank(row_index, col, None, formats["total_text"])
        row_index += 2
        for line in data["highlights"]:
            sheet.write_string(row_index, 1, line, formats["note"])
            row_index += 1
        if data["missing"]:
            sheet.write_string(
                row_index,
                1,
                self.env._("No report: %(names)s", names=", ".join(data["missing"])),
                formats["note"],
            )

    @staticmethod
    def _xlsx_write(sheet, row_index, col, row, key, fmt, formats):
        if fmt == "rank":
            rank = row["ranks"][key[len("rank_") :]]
            sheet.write_number(row_index, col, rank, formats["rank_first"] if rank == 1 else formats["rank"])
        elif fmt == "text":
            sheet.write_string(row_index, col, row.get(key, ""), formats["text"])
        else:
            sheet.write_number(row_index, col, row["values"].get(key, 0.0), formats[fmt])

    @staticmethod
    def _xlsx_formats(workbook):
        border = {"border": 1, "font_name": "Times New Roman", "font_size": 11}
        return {
            "title": workbook.add_format(
                {"bold": True, "font_size": 14, "align": "center", "font_name": "Times New Roman"}
            ),
            "header": workbook.add_format(
                {
                    **border,
                    "bold": True,
                    "bg_color": "#DDEBF7",
                    "text_wrap": True,
                    "align": "center",
                    "valign": "vcenter",
                }
            ),
            "text": workbook.add_format(border),
            "int": workbook.add_format({**border, "num_format": "#,##0"}),
            "ratio": workbook.add_format({**border, "num_format": "0.00"}),
            "rank": workbook.add_format({**border, "align": "center"}),
            "rank_first": workbook.add_format({**border, "align": "center", "bold": True, "bg_color": "#FFF2CC"}),
            "total_text": workbook.add_format({**border, "bold": True, "bg_color": "#F2F2F2"}),
            "total_int": workbook.add_format({**border, "bold": True, "bg_color": "#F2F2F2", "num_format": "#,##0"}),
            "total_ratio": workbook.add_format({**border, "bold": True, "bg_color": "#F2F2F2", "num_format": "0.00"}),
            "note": workbook.add_format({"italic": True, "font_name": "Times New Roman"}),
        }
