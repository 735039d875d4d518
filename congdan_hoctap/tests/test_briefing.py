# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io

import openpyxl

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestClusterBriefing(HoctapCase):
    """Three provinces compared on 2023; their reports carry entered figures."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.central = cls.Association.create({"name": "Trung ương", "code": "TW", "level": "central"})
        cls.province.parent_id = cls.central
        # Created in an order that differs from the expected ranking on purpose.
        cls.zeta = cls.Association.create(
            {"name": "Tỉnh Zeta", "code": "ZZ", "level": "province", "parent_id": cls.central.id}
        )
        cls.alpha = cls.Association.create(
            {"name": "Tỉnh Alpha", "code": "AA", "level": "province", "parent_id": cls.central.id}
        )
        cls.cluster = cls.env["hoctap.cluster"].create(
            {
                "name": "Cụm thử",
                "level": "province",
                "association_ids": [(6, 0, (cls.province | cls.zeta | cls.alpha).ids)],
            }
        )
        figures = {
            # population, members, fund raised, citizens recognised
            cls.province: (1000, 300, 5_000_000, 40),
            cls.zeta: (2000, 500, 4_000_000, 10),  # 25% like alpha: a tie
            cls.alpha: (1000, 250, 4_000_000, 10),
        }
        cls.reports = {}
        for association, (population, members, fund, citizens) in figures.items():
            cls.env["hoctap.population"].create(
                {"association_id": association.id, "year": 2023, "population": population}
            )
            report = cls.env["hoctap.statistic"].create({"association_id": association.id, "year": 2023})
            for line in report.line_ids:
                if line.indicator == "member_total":
                    line.write({"manual": True, "own_value": members})
                elif line.indicator == "fund_raised":
                    line.write({"own_value": fund})
                elif line.indicator == "citizen_recognised":
                    line.write({"own_value": citizens})
            report.action_submit()
            report.action_accept()
            cls.reports[association] = report
        cls.env["hoctap.target"].create(
            [
                {"association_id": cls.alpha.id, "year": 2023, "indicator": "member_ratio", "target_value": 20},
                {"association_id": cls.alpha.id, "year": 2023, "indicator": "fund_raised", "target_value": 5_000_000},
            ]
        )
        cls.wizard = cls.env["hoctap.cluster.briefing"].create({"cluster_id": cls.cluster.id, "year": 2023})

    def test_ranking_ties_are_deterministic(self):
        """Equal values share a rank, the next rank is skipped, and ties are listed by code."""
        data = self.wizard._get_briefing_data()
        rows = data["rows"]
        self.assertEqual([row["code"] for row in rows], ["HN", "AA", "ZZ"])
        ranks = {row["code"]: row["ranks"] for row in rows}
        self.assertEqual(ranks["HN"]["member_ratio"], 1)
        self.assertEqual((ranks["AA"]["member_ratio"], ranks["ZZ"]["member_ratio"]), (2, 2))
        self.assertEqual(ranks["HN"]["fund_raised"], 1)
        self.assertEqual((ranks["AA"]["fund_raised"], ranks["ZZ"]["fund_raised"]), (2, 2))
        self.assertEqual(ranks["AA"]["fund_per_capita"], 2)
        self.assertEqual(ranks["ZZ"]["fund_per_capita"], 3)
        self.assertEqual(rows[1]["targets"], "1/2", "alpha achieved its member ratio, not its fund target")
        self.assertAlmostEqual(data["totals"]["member_ratio"], 100.0 * 1050 / 4000)
        self.assertTrue(any("Thử" in line for line in data["highlights"]))

    def test_province_viewer_sees_whole_cluster(self):
        """A province's viewer compares the whole cluster, not only their own province."""
        viewer = self._user("briefing_viewer_alpha", "congdan_hoctap.group_viewer", self.alpha)
        self.assertFalse(self.env["hoctap.statistic"].with_user(viewer).search([("association_id", "=", self.zeta.id)]))
        wizard = (
            self.env["hoctap.cluster.briefing"].with_user(viewer).create({"cluster_id": self.cluster.id, "year": 2023})
        )
        self.assertEqual(len(wizard._get_briefing_data()["rows"]), 3)
        self.assertEqual(wizard.action_export_xlsx()["type"], "ir.actions.act_url")

    def test_missing_and_draft_reports(self):
        """A member whose report is only submitted is left out when only accepted reports are wanted."""
        self._confirm_reason("hoctap.statistic.return", self.reports[self.zeta], "Kiểm tra lại")
        data = self.wizard._get_briefing_data()
        self.assertEqual(data["missing"], ["Tỉnh Zeta"])
        self.assertEqual(len(data["rows"]), 2)
        empty = self.env["hoctap.cluster.briefing"].create({"cluster_id": self.cluster.id, "year": 2020})
        with self.assertRaises(UserError):
            empty.action_export_xlsx()

    def test_xlsx_rows_and_numbers(self):
        """The XLSX has a frozen header, a row per association in rank order, the figures and a totals row."""
        action = self.wizard.action_export_xlsx()
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[-1].split("?")[0]))
        book = openpyxl.load_workbook(io.BytesIO(base64.b64decode(attachment.datas)))
        sheet = book.active
        self.assertEqual(sheet.freeze_panes, "C4")
        headers = [cell.value for cell in sheet[3]]
        members_col = headers.index(self._label("member_total")) + 1
        ratio_col = headers.index(self._label("member_ratio")) + 1
        rank_col = headers.index("Rank: Member ratio") + 1
        self.assertEqual(
            [sheet.cell(row, 2).value for row in (4, 5, 6, 7)],
            ["Hội Khuyến học tỉnh Thử", "Tỉnh Alpha", "Tỉnh Zeta", "Total"],
        )
        self.assertEqual([sheet.cell(row, members_col).value for row in (4, 5, 6, 7)], [300, 250, 500, 1050])
        self.assertAlmostEqual(sheet.cell(4, ratio_col).value, 30.0)
        self.assertAlmostEqual(sheet.cell(7, ratio_col).value, 26.25)
        self.assertEqual([sheet.cell(row, rank_col).value for row in (4, 5, 6)], [1, 2, 2])
        self.assertTrue(sheet.cell(7, members_col).font.b, "the totals row is bold")

    def test_pdf_renders(self):
        """The briefing PDF renders, landscape, with the associations and the ranking."""
        report = self.env.ref("congdan_hoctap.action_report_cluster_briefing")
        self.assertEqual(report.paperformat_id.orientation, "Landscape")
        html, _type = report._render_qweb_html(report.report_name, self.wizard.ids)
        html = html.decode()
        self.assertIn("Tỉnh Alpha", html)
        self.assertIn("30,00", html)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, self.wizard.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))

    def test_targets_achievement_and_copy(self):
        """Targets read the actual from the annual report; the year's targets copy from the parent or the nation."""
        targets = self.env["hoctap.target"].search([("association_id", "=", self.alpha.id)])
        ratio = targets.filtered(lambda t: t.indicator == "member_ratio")
        self.assertAlmostEqual(ratio.actual_value, 25.0)
        self.assertAlmostEqual(ratio.achievement, 125.0)
        self.assertTrue(ratio.is_achieved)
        fund = targets - ratio
        self.assertAlmostEqual(fund.achievement, 80.0)
        self.assertFalse(fund.is_achieved)
        self.env["hoctap.target"].create(
            {"association_id": self.province.id, "year": 2023, "indicator": "fund_raised", "target_value": 9}
        )
        wizard = self.env["hoctap.target.copy"].create(
            {"association_ids": [(6, 0, (self.commune_a | self.commune_b).ids)], "year": 2023, "origin": "parent"}
        )
        wizard.action_confirm()
        copied = self.env["hoctap.target"].search([("association_id", "in", (self.commune_a | self.commune_b).ids)])
        self.assertEqual(copied.mapped("target_value"), [9.0, 9.0])
        national = self.env["hoctap.target"]._copy_targets(self.commune_a, 2024, "national")
        self.assertEqual(
            {t.indicator: t.target_value for t in national},
            {
                "adult_citizen_share": 40.0,
                "official_citizen_share": 60.0,
                "family_recognised_share": 70.0,
                "clan_recognised_share": 65.0,
                "community_recognised_share": 65.0,
                "unit_recognised_share": 80.0,
            },
        )
        self.assertFalse(self.env["hoctap.target"]._copy_targets(self.commune_a, 2024, "national"), "no duplicates")

    def _label(self, indicator):
        return dict(self.env["hoctap.statistic.line"]._fields["indicator"].selection)[indicator]
