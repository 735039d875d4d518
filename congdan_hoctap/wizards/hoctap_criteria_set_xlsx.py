# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import datetime
import io
import re

from odoo import fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import xlsxwriter

try:
    import openpyxl
except ImportError:  # pragma: no cover - Odoo's base_import needs it; the import says so if it is missing
    openpyxl = None

# The two sheets and their headers are the file format: fixed, in Vietnamese (as the official forms).
SET_SHEET = "Bộ tiêu chí"
CRITERIA_SHEET = "Tiêu chí"
# (header, field of hoctap.criteria.set, kind)
SET_ROWS = [
    ("Tên bộ tiêu chí", "name", "text"),
    ("Mã", "code", "text"),
    ("Mô hình học tập", "model_type", "model_type"),
    ("Nhóm phiếu", "citizen_form_id", "form"),
    ("Mức", "level", "level"),
    ("Số quyết định", "decision_number", "text"),
    ("Ngày quyết định", "decision_date", "date"),
    ("Hiệu lực từ", "date_from", "date"),
    ("Hiệu lực đến", "date_to", "date"),
    ("Tổng điểm tối thiểu", "min_total", "int"),
    ("Điểm tối thiểu mỗi chỉ số", "min_per_indicator", "int"),
    ("Tỉ lệ thành viên được công nhận tối thiểu (%)", "min_member_ratio", "float"),
    ("Tạm thời (chưa đối chiếu văn bản gốc)", "provisional", "bool"),
]
# (header, field of hoctap.criterion, kind)
CRITERIA_COLUMNS = [
    ("Loại", "kind", "kind"),
    ("Mã", "code", "text"),
    ("Tên", "name", "text"),
    ("Thuộc nhóm (mã)", "parent_id", "parent"),
    ("Hướng dẫn", "guidance", "text"),
    ("Điểm tối đa", "max_points", "int"),
    ("Điểm tối thiểu", "min_points", "int"),
    ("Cần minh chứng", "evidence_required", "bool"),
    ("Bắt buộc", "mandatory", "bool"),
    ("Tạm thời (chưa đối chiếu văn bản gốc)", "provisional", "bool"),
    ("Nguồn", "source_ref", "text"),
]
KINDS = {
    "nhóm": "group",
    "nhom": "group",
    "group": "group",
    "chỉ số": "indicator",
    "chi so": "indicator",
    "indicator": "indicator",
}
KIND_LABELS = {"group": "Nhóm", "indicator": "Chỉ số"}
TRUE_WORDS = {"có", "co", "x", "1", "true", "yes", "đúng"}
FALSE_WORDS = {"", "không", "khong", "0", "false", "no", "sai"}
MAX_ROWS = 2000


class HoctapCriteriaSetXlsx(models.TransientModel):
    """Import a criteria set from an XLSX file, or export one, in the same format.

    A province loads the official forms from a spreadsheet: every row is checked
    and nothing is written unless every row is right (the errors name the row,
    the column and the reason). Any set the user reads exports to the same
    format, so a set can be shared and loaded elsewhere.
    """

    _name = "hoctap.criteria.set.xlsx"
    _description = "Criteria Set XLSX Import and Export"

    set_id = fields.Many2one("hoctap.criteria.set", string="Criteria Set")
    file = fields.Binary(string="XLSX File", attachment=False)
    filename = fields.Char()
    association_id = fields.Many2one(
        "hoctap.association",
        help="The association the imported set belongs to; empty for a national framework set (managers).",
    )
    framework_id = fields.Many2one(
        "hoctap.criteria.set",
        string="Framework Set",
        domain="[('association_id', '=', False)]",
        help="For a local set: the national framework it derives from, when there is one for its learning model.",
    )
    data = fields.Binary(readonly=True, attachment=False)
    data_filename = fields.Char(readonly=True)

    # ---- Export ----
    def action_export(self):
        """Download the set as XLSX (any set the user may read)."""
        self.ensure_one()
        if not self.set_id:
            raise UserError(self.env._("Choose the criteria set to export."))
        self.set_id.check_access("read")
        code = re.sub(r"[^A-Za-z0-9_-]+", "_", self.set_id.code or str(self.set_id.id))
        return self._download(self._build_xlsx(self.set_id), f"bo_tieu_chi_{code}.xlsx")

    def action_download_template(self):
        """Download an empty file with the headers and how to fill them in."""
        self.ensure_one()
        return self._download(self._build_xlsx(self.env["hoctap.criteria.set"]), "mau_bo_tieu_chi.xlsx")

    def _download(self, content, filename):
        self.write({"data": base64.b64encode(content), "data_filename": filename})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/data/{filename}?download=true",
            "target": "self",
        }

    def _build_xlsx(self, criteria_set):
        output = io.BytesIO()
        workbook = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
        sheet = workbook.add_worksheet(SET_SHEET)
        sheet.write_row(0, 0, ["Trường", "Giá trị"], bold)
        for row, (header, name, kind) in enumerate(SET_ROWS, start=1):
            sheet.write(row, 0, header)
            sheet.write(row, 1, self._export_value(criteria_set, name, kind) if criteria_set else "")
        sheet.set_column(0, 0, 45)
        sheet.set_column(1, 1, 60)
        sheet = workbook.add_worksheet(CRITERIA_SHEET)
        sheet.write_row(0, 0, [header for header, _name, _kind in CRITERIA_COLUMNS], bold)
        criteria = criteria_set.criterion_ids.sorted(lambda c: (c.sequence, c.id)) if criteria_set else []
        for row, criterion in enumerate(criteria, start=1):
            sheet.write_row(row, 0, [self._export_value(criterion, name, kind) for _h, name, kind in CRITERIA_COLUMNS])
        sheet.set_column(0, 1, 10)
        sheet.set_column(2, 2, 60)
        sheet.set_column(4, 4, 60)
        self._write_help_sheet(workbook, bold)
        workbook.close()
        return output.getvalue()

    @staticmethod
    def _export_value(record, name, kind):
        value = record[name]
        if kind == "bool":
            return "Có" if value else "Không"
        if kind == "kind":
            return KIND_LABELS.get(value, "")
        if kind == "parent":
            return value.code or value.name or ""
        if kind == "form":
            return value.code or ""
        if kind == "date":
            return fields.Date.to_string(value) if value else ""
        if kind in ("int", "float"):
            return value or 0
        return value or ""

    def _write_help_sheet(self, workbook, bold):
        sheet = workbook.add_worksheet("Hướng dẫn")
        lines = [
            'Trang "Bộ tiêu chí": một dòng cho mỗi trường, giá trị ở cột B.',
            "Mô hình học tập: citizen (Công dân học tập), family, clan, community, unit.",
            "Nhóm phiếu (chỉ với Công dân học tập): mã nhóm phiếu, ví dụ farmer, worker, official, student.",
            "Ngày: YYYY-MM-DD hoặc DD/MM/YYYY. Hiệu lực không bắt đầu trước ngày quyết định.",
            'Trang "Tiêu chí": Loại là Nhóm hoặc Chỉ số; chỉ số ghi mã nhóm của nó ở cột "Thuộc nhóm (mã)".',
            "Mã không trùng nhau; điểm là số nguyên, 0 ≤ điểm tối thiểu ≤ điểm tối đa.",
            "Các cột Có/Không: Có, Không (hoặc x, để trống).",
            "Tệp có một dòng sai thì không dòng nào được nhập.",
        ]
        sheet.write(0, 0, "Hướng dẫn", bold)
        for row, line in enumerate(lines, start=1):
            sheet.write(row, 0, line)
        sheet.set_column(0, 0, 110)

    # ---- Import ----
    def action_import(self):
        """Create a draft set from the file: every row checked first, nothing written if one is wrong."""
        self.ensure_one()
        set_vals, criteria_rows = self._read_file()
        criteria_set = self._create_set(set_vals, criteria_rows)
        return {
            "type": "ir.actions.act_window",
            "res_model": "hoctap.criteria.set",
            "res_id": criteria_set.id,
            "view_mode": "form",
        }

    def _read_file(self):
        if not self.file:
            raise UserError(self.env._("Choose the XLSX file to import."))
        if openpyxl is None:
            raise UserError(self.env._("Reading XLSX files needs the Python library openpyxl."))
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(self.file)), read_only=True, data_only=True)
        except Exception as error:  # noqa: BLE001 - any unreadable file gets the same answer
            raise UserError(self.env._("The file is not a readable XLSX workbook.")) from error
        errors = []
        missing = [name for name in (SET_SHEET, CRITERIA_SHEET) if name not in workbook.sheetnames]
        if missing:
            raise UserError(
                self.env._(
                    "The file has no sheet named %(sheets)s: start from the template.",
                    sheets=", ".join(f'"{name}"' for name in missing),
                )
            )
        set_vals = self._parse_set_sheet(workbook[SET_SHEET], errors)
        criteria_rows = self._parse_criteria_sheet(workbook[CRITERIA_SHEET], errors)
        if errors:
            self._raise_errors(errors)
        return set_vals, criteria_rows

    def _raise_errors(self, errors):
        shown = errors[:50]
        more = len(errors) - len(shown)
        message = self.env._("Nothing was imported: %(count)s error(s) in the file.", count=len(errors))
        message += "\n" + "\n".join(shown)
        if more:
            message += "\n" + self.env._("… and %(count)s more.", count=more)
        raise UserError(message)

    def _error(self, errors, sheet, row, column, reason):
        errors.append(
            self.env._(
                'Sheet "%(sheet)s", row %(row)s, column "%(column)s": %(reason)s',
                sheet=sheet,
                row=row,
                column=column,
                reason=reason,
            )
        )

    def _parse_set_sheet(self, sheet, errors):
        by_header = {}
        for row_number, row in enumerate(sheet.iter_rows(min_row=2, max_col=2, values_only=True), start=2):
            if row and row[0] not in (None, ""):
                by_header[str(row[0]).strip()] = (row_number, row[1] if len(row) > 1 else None)
        vals = {}
        for header, name, kind in SET_ROWS:
            row_number, raw = by_header.get(header, (None, None))
            try:
                value = self._parse_value(raw, kind)
            except ValueError as error:
                self._error(errors, SET_SHEET, row_number or "—", header, error.args[0])
                continue
            if value not in (None, ""):
                vals[name] = value
        for name, header in (("name", SET_ROWS[0][0]), ("model_type", SET_ROWS[2][0]), ("date_from", SET_ROWS[7][0])):
            if not vals.get(name):
                self._error(
                    errors, SET_SHEET, by_header.get(header, ("—",))[0], header, self.env._("a value is required.")
                )
        if vals.get("model_type") == "citizen" and not vals.get("citizen_form_id"):
            self._error(
                errors,
                SET_SHEET,
                by_header.get(SET_ROWS[3][0], ("—",))[0],
                SET_ROWS[3][0],
                self.env._("a learning-citizen set needs its form group."),
            )
        if vals.get("decision_date") and vals.get("date_from") and vals["date_from"] < vals["decision_date"]:
            self._error(
                errors,
                SET_SHEET,
                by_header[SET_ROWS[7][0]][0],
                SET_ROWS[7][0],
                self.env._("validity cannot start before the decision date."),
            )
        return vals

    def _parse_criteria_sheet(self, sheet, errors):
        header_row = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        headers = [str(value).strip() if value is not None else "" for value in header_row]
        expected = [header for header, _name, _kind in CRITERIA_COLUMNS]
        if headers[: len(expected)] != expected:
            self._error(errors, CRITERIA_SHEET, 1, "—", self.env._("the headers differ from the template's."))
            return []
        rows, codes, group_codes = [], set(), set()
        for row_number, row in enumerate(sheet.iter_rows(min_row=2, max_col=len(expected), values_only=True), start=2):
            if row_number > MAX_ROWS:
                self._error(
                    errors,
                    CRITERIA_SHEET,
                    row_number,
                    "—",
                    self.env._("too many rows (at most %(count)s).", count=MAX_ROWS),
                )
                break
            if all(value in (None, "") for value in row):
                continue
            vals = self._parse_criteria_row(row, row_number, errors)
            code = vals.get("code")
            if code and code in codes:
                self._error(
                    errors, CRITERIA_SHEET, row_number, "Mã", self.env._("the code %(code)s is used twice.", code=code)
                )
            parent = vals.get("parent_id")
            if parent and parent not in group_codes:
                self._error(
                    errors,
                    CRITERIA_SHEET,
                    row_number,
                    "Thuộc nhóm (mã)",
                    self.env._("no group with the code %(code)s above this row.", code=parent),
                )
            if code:
                codes.add(code)
                if vals.get("kind") == "group":
                    group_codes.add(code)
            rows.append(vals)
        if not any(vals.get("kind") == "indicator" for vals in rows):
            self._error(errors, CRITERIA_SHEET, "—", "Loại", self.env._("the set has no indicator."))
        return rows

    def _parse_criteria_row(self, row, row_number, errors):
        vals, wrong = {}, set()
        for (header, name, kind), raw in zip(CRITERIA_COLUMNS, row, strict=False):
            try:
                value = self._parse_value(raw, kind)
            except ValueError as error:
                self._error(errors, CRITERIA_SHEET, row_number, header, error.args[0])
                wrong.add(name)
                continue
            if value not in (None, ""):
                vals[name] = value
        if not vals.get("name"):
            self._error(errors, CRITERIA_SHEET, row_number, "Tên", self.env._("a value is required."))
        if "kind" not in vals:
            if "kind" not in wrong:
                self._error(errors, CRITERIA_SHEET, row_number, "Loại", self.env._("a value is required."))
        elif vals["kind"] == "group":
            vals["max_points"] = 0
            vals.pop("min_points", None)
        elif not vals.get("max_points") and "max_points" not in wrong:
            self._error(
                errors,
                CRITERIA_SHEET,
                row_number,
                "Điểm tối đa",
                self.env._("an indicator has a maximum above 0 points."),
            )
        if vals.get("min_points", 0) > vals.get("max_points", 0):
            self._error(
                errors, CRITERIA_SHEET, row_number, "Điểm tối thiểu", self.env._("the minimum is above the maximum.")
            )
        return vals

    def _parse_value(self, raw, kind):
        """The value of one cell, or ValueError with the reason (translated)."""
        if isinstance(raw, str):
            raw = raw.strip()
        if raw is None or raw == "":
            return False if kind == "bool" else None
        parser = getattr(self, f"_parse_{kind}", None)
        return parser(raw) if parser else str(raw)

    def _parse_int(self, raw):
        if isinstance(raw, bool) or (isinstance(raw, float) and not raw.is_integer()):
            raise ValueError(self.env._("give a whole number."))
        try:
            value = int(raw) if not isinstance(raw, str) else int(raw) if re.fullmatch(r"[0-9]{1,6}", raw) else None
        except (TypeError, ValueError):
            value = None
        if value is None or value < 0:
            raise ValueError(self.env._("give a whole number, 0 or more."))
        return value

    def _parse_float(self, raw):
        try:
            value = float(str(raw).replace(",", "."))
        except ValueError:
            value = -1
        if not 0 <= value <= 100:
            raise ValueError(self.env._("give a number from 0 to 100."))
        return value

    def _parse_bool(self, raw):
        word = str(raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(self.env._("write Có or Không."))

    def _parse_date(self, raw):
        if isinstance(raw, datetime.datetime):
            return raw.date()
        if isinstance(raw, datetime.date):
            return raw
        for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
            try:
                return datetime.datetime.strptime(str(raw), pattern).date()
            except ValueError:
                continue
        raise ValueError(self.env._("give a date as YYYY-MM-DD or DD/MM/YYYY."))

    def _parse_kind(self, raw):
        kind = KINDS.get(str(raw).strip().lower())
        if not kind:
            raise ValueError(self.env._("write Nhóm or Chỉ số."))
        return kind

    def _parse_model_type(self, raw):
        model_types = dict(self.env["hoctap.criteria.set"]._fields["model_type"].selection)
        if raw not in model_types:
            raise ValueError(
                self.env._("unknown learning model %(value)s (citizen, family, clan, community, unit).", value=raw)
            )
        return raw

    def _parse_level(self, raw):
        raw = str(int(raw)) if isinstance(raw, int | float) and not isinstance(raw, bool) else str(raw)
        if raw not in ("1", "2", "3"):
            raise ValueError(self.env._("the level is 1, 2 or 3."))
        return raw

    def _parse_form(self, raw):
        form = self.env["hoctap.citizen.form"].search([("code", "=", str(raw))], limit=1)
        if not form:
            raise ValueError(self.env._("unknown form group %(value)s.", value=raw))
        return form.id

    def _parse_parent(self, raw):
        return str(raw)

    def _parse_text(self, raw):
        return str(int(raw)) if isinstance(raw, float) and raw.is_integer() else str(raw)

    def _create_set(self, set_vals, criteria_rows):
        """Create the set and its criteria as the user (their rights apply); any refusal writes nothing."""
        CriteriaSet = self.env["hoctap.criteria.set"]
        association = self.association_id
        if not association and not self.env.user.has_group("congdan_hoctap.group_manager"):
            raise UserError(self.env._("Only a manager imports a national framework set: choose your association."))
        try:
            with self.env.cr.savepoint():
                vals = {**set_vals, "association_id": association.id}
                if self.framework_id:
                    # the framework link is a workflow field: set here after the same check as deriving
                    self.framework_id._check_set_right(association)
                    criteria_set = CriteriaSet._workflow().create({**vals, "framework_id": self.framework_id.id})
                    criteria_set = criteria_set.with_env(self.env)
                else:
                    criteria_set = CriteriaSet.create(vals)
                self._create_criteria(criteria_set, criteria_rows)
        except ValidationError as error:
            raise UserError(self.env._("Nothing was imported: %(reason)s", reason=error.args[0])) from error
        return criteria_set

    def _create_criteria(self, criteria_set, criteria_rows):
        Criterion = self.env["hoctap.criterion"]
        groups = {}
        for sequence, vals in enumerate(criteria_rows, start=1):
            parent = groups.get(vals.pop("parent_id", None))
            criterion = Criterion.create(
                {
                    **vals,
                    "set_id": criteria_set.id,
                    "sequence": sequence * 10,
                    "parent_id": parent.id if parent else False,
                }
            )
            if criterion.kind == "group" and criterion.code:
                groups[criterion.code] = criterion
