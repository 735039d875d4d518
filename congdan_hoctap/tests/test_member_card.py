# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import tagged

from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestMemberCard(HoctapCase):
    def test_member_card_renders(self):
        """The member card shows the name, number, association and join date."""
        membership = self._member(self.branch_a1, name="Nguyễn Thị Hồng", date_join="2023-10-25")
        report = self.env.ref("congdan_hoctap.action_report_member_card")
        html, _type = report._render_qweb_html(report.report_name, membership.ids)
        html = html.decode()
        self.assertIn("Nguyễn Thị Hồng", html)
        self.assertIn(membership.number, html)
        self.assertIn("Thôn A1", html)
        # printed in Vietnamese (dd/mm/yyyy) whatever the user, where Vietnamese is installed (test_official_texts)
        vietnamese = self.env["res.lang"]._get_data(code="vi_VN")
        self.assertIn("25/10/2023" if vietnamese else "10/25/2023", html)

    def test_member_card_pdf(self):
        """The member card is a real PDF from the report engine."""
        membership = self._member(self.branch_a1, name="Trần Văn Bình")
        report = self.env.ref("congdan_hoctap.action_report_member_card")
        pdf, report_type = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report.report_name, membership.ids
        )
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
