# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue 11: a criteria set imported from and exported to XLSX, all or nothing."""

import base64
import io

import openpyxl

from odoo.api import call_kw
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.congdan_hoctap.wizards.hoctap_criteria_set_xlsx import CRITERIA_COLUMNS, CRITERIA_SHEET, SET_SHEET

from .common_evaluation import EvaluationCase

SET_VALUES = {
    "Tên bộ tiêu chí": "Công dân học tập — Nông dân (QĐ 324/QĐ-KHVN, bản tỉnh nạp)",
    "Mã": "CDHT-324-ND",
    "Mô hình học tập": "citizen",
    "Nhóm phiếu": "farmer",
    "Số quyết định": "324/QĐ-KHVN",
    "Ngày quyết định": "25/10/2023",
    "Hiệu lực từ": "2024-01-01",
    "Tổng điểm tối thiểu": 80,
    "Điểm tối thiểu mỗi chỉ số": 5,
    "Tạm thời (chưa đối chiếu văn bản gốc)": "Không",
}


def criteria_rows():
    rows = [["Nhóm", "G1", "Nhóm 1. Tự học", "", "", "", "", "", "", "Không", "QĐ 324/QĐ-KHVN"]]
    for number in range(1, 11):
        rows.append(
            [
                "Chỉ số",
                str(number),
                f"Chỉ số {number}",
                "G1",
                f"Hướng dẫn {number}",
                10,
                0,
                "Có" if number == 1 else "Không",
                "Không",
                "Có" if number > 4 else "Không",
                "QĐ 324/QĐ-KHVN",
            ]
        )
    return rows


def workbook_bytes(set_values, rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SET_SHEET
    sheet.append(["Trường", "Giá trị"])
    for key, value in set_values.items():
        sheet.append([key, value])
    sheet = workbook.create_sheet(CRITERIA_SHEET)
    sheet.append([header for header, _name, _kind in CRITERIA_COLUMNS])
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


@tagged("post_install", "-at_install")
class TestCriteriaSetXlsx(EvaluationCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls._user("xlsx_manager", "congdan_hoctap.group_manager", cls.province)
        cls.viewer = cls._user("xlsx_viewer", "congdan_hoctap.group_viewer", cls.commune_a)

    def _import(self, user, content, **vals):
        Wizard = self.env["hoctap.criteria.set.xlsx"].with_user(user)
        wizard_id = call_kw(Wizard, "create", [{"file": base64.b64encode(content), "filename": "bo.xlsx", **vals}], {})
        return call_kw(Wizard, "action_import", [[wizard_id]], {})

    def _set_count(self):
        return self.CriteriaSet.with_context(active_test=False).search_count([])

    def test_bad_rows_refused_whole(self):
        """One bad row (or several) and nothing is written; each error names the row, the column and the reason."""
        rows = criteria_rows()
        rows[3][5] = "mười"  # sheet row 5 (after the header and the group): maximum points not a number
        rows[5][3] = "G9"  # row 7: a group that does not exist
        rows[7][0] = "Tiêu chí con"  # row 9: unknown kind
        before = self._set_count(), self.env["hoctap.criterion"].search_count([])
        with self.assertRaises(UserError) as caught:
            self._import(self.manager, workbook_bytes(SET_VALUES, rows))
        message = caught.exception.args[0]
        self.assertIn("3 error(s)", message)
        self.assertIn('row 5, column "Điểm tối đa": give a whole number', message)
        self.assertIn('row 7, column "Thuộc nhóm (mã)": no group with the code G9', message)
        self.assertIn('row 9, column "Loại": write Nhóm or Chỉ số', message)
        self.assertEqual((self._set_count(), self.env["hoctap.criterion"].search_count([])), before)

    def test_validity_before_decision_refused(self):
        """The set's rows are checked too: validity before its decision is refused, nothing written."""
        before = self._set_count()
        with self.assertRaisesRegex(UserError, "Hiệu lực từ"):
            self._import(self.manager, workbook_bytes({**SET_VALUES, "Hiệu lực từ": "2023-01-01"}, criteria_rows()))
        self.assertEqual(self._set_count(), before)

    def test_viewer_cannot_import_a_framework(self):
        """Importing a national framework set is a manager's: a viewer is refused."""
        with self.assertRaises(UserError):
            self._import(self.viewer, workbook_bytes(SET_VALUES, criteria_rows()))

    def test_good_file_imported_and_round_tripped(self):
        """A good file becomes a draft set; exported again, it reads back the same rows."""
        action = self._import(self.manager, workbook_bytes(SET_VALUES, criteria_rows()))
        criteria_set = self.CriteriaSet.browse(action["res_id"])
        self.assertEqual(
            (criteria_set.state, criteria_set.decision_number, str(criteria_set.decision_date)),
            ("draft", "324/QĐ-KHVN", "2023-10-25"),
        )
        self.assertEqual(criteria_set.citizen_form_id, self.env.ref("congdan_hoctap.citizen_form_farmer"))
        self.assertEqual(
            (criteria_set.indicator_count, criteria_set.max_total, criteria_set.provisional_count), (10, 100, 6)
        )
        self.assertEqual(criteria_set._indicators().parent_id.code, "G1")
        exported = self._export(self.viewer, criteria_set)
        workbook = openpyxl.load_workbook(io.BytesIO(exported), read_only=True)
        rows = [list(row) for row in workbook[CRITERIA_SHEET].iter_rows(min_row=2, values_only=True)]
        expected = criteria_rows()
        expected[0][3:9] = ["", "", 0, 0, "Không", "Không"]  # a group has no points nor flags
        self.assertEqual([[("" if cell is None else cell) for cell in row] for row in rows], expected)
        values = {row[0]: row[1] for row in workbook[SET_SHEET].iter_rows(min_row=2, values_only=True)}
        self.assertEqual(
            (values["Số quyết định"], values["Ngày quyết định"], values["Nhóm phiếu"]),
            ("324/QĐ-KHVN", "2023-10-25", "farmer"),
        )
        # and the export imports again as a new set
        again = self.CriteriaSet.browse(self._import(self.manager, exported)["res_id"])
        self.assertEqual(again._indicators().mapped("name"), criteria_set._indicators().mapped("name"))

    def _export(self, user, criteria_set):
        action = call_kw(self.CriteriaSet.with_user(user), "action_export_xlsx", [criteria_set.ids], {})
        self.assertEqual(action["type"], "ir.actions.act_url")
        wizard = self.env["hoctap.criteria.set.xlsx"].search(
            [("set_id", "=", criteria_set.id)], order="id desc", limit=1
        )
        return base64.b64decode(wizard.data)

    def test_shipped_set_exports(self):
        """Any shipped set exports with its provisional flags and sources."""
        content = self._export(self.viewer, self.env.ref("congdan_hoctap.criteria_set_family"))
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True)
        rows = list(workbook[CRITERIA_SHEET].iter_rows(min_row=2, values_only=True))
        self.assertEqual(len(rows), 14)
        t13 = next(row for row in rows if row[1] == "T1.3")
        self.assertEqual((t13[9], t13[10]), ("Không", "QĐ 448/QĐ-KHVN, tiêu chí 1"))

    def test_export_from_the_action_menu(self):
        """The Action menu's "Export as XLSX" downloads the set for a viewer."""
        criteria_set = self.env.ref("congdan_hoctap.criteria_set_clan")
        action = self.env.ref("congdan_hoctap.hoctap_criteria_set_action_export_xlsx").with_user(self.viewer)
        result = action.with_context(
            active_model="hoctap.criteria.set", active_id=criteria_set.id, active_ids=criteria_set.ids
        ).run()
        self.assertEqual(result["type"], "ir.actions.act_url")
        self.assertIn("bo_tieu_chi_DHHT.xlsx", result["url"])

    def test_template_downloads(self):
        """The template has the two sheets with the headers the import reads."""
        wizard = self.env["hoctap.criteria.set.xlsx"].with_user(self.viewer).create({})
        wizard.action_download_template()
        workbook = openpyxl.load_workbook(io.BytesIO(base64.b64decode(wizard.data)), read_only=True)
        headers = next(workbook[CRITERIA_SHEET].iter_rows(max_row=1, values_only=True))
        self.assertEqual(list(headers), [header for header, _name, _kind in CRITERIA_COLUMNS])
