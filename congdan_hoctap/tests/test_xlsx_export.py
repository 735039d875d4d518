# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from unittest.mock import patch

import openpyxl

from odoo.tests import tagged

from ..tools import xlsx as xlsx_tools
from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestXlsxExport(HoctapCase):
    """The one XLSX path: rows streamed by id-ordered chunks into a temporary file, delivered as an attachment."""

    def _sheet(self, action):
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[-1].split("?")[0]))
        return openpyxl.load_workbook(io.BytesIO(attachment.raw), read_only=True).active

    def test_members_export_streams_every_row_in_order(self):
        """Every membership of the domain is a row, in id order, across several chunks."""
        memberships = self.Membership
        for i in range(7):
            memberships |= self._member(self.branch_a1 if i % 2 else self.branch_b1, name=f"Hội viên xuất {i}")
        reads = []
        original = type(self.Membership).read

        def counting_read(records, *args, **kwargs):
            reads.append(len(records))
            return original(records, *args, **kwargs)

        with patch.object(xlsx_tools, "CHUNK", 3), patch.object(type(self.Membership), "read", counting_read):
            action = self.Membership._hoctap_export_xlsx([("id", "in", memberships.ids)])
        rows = list(self._sheet(action).iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Member Number", "Member", "Association"))
        self.assertEqual([row[0] for row in rows[1:]], memberships.sorted("id").mapped("number"))
        self.assertEqual(rows[1][1], memberships.sorted("id")[0].partner_id.name)
        self.assertEqual(rows[1][2], memberships.sorted("id")[0].association_id.complete_name)
        self.assertEqual(rows[1][5], str(memberships[0].date_join))
        self.assertEqual(reads, [3, 3, 1], "read one chunk at a time, never all rows at once")

    def test_members_export_keeps_the_scope(self):
        """An officer's export holds only the memberships of their scope, whatever the domain."""
        inside, outside = self._member(self.branch_a1), self._member(self.branch_b1)
        officer = self._user("export_officer", "congdan_hoctap.group_branch_officer", self.commune_a)
        action = self.Membership.with_user(officer)._hoctap_export_xlsx([("id", "in", (inside | outside).ids)])
        numbers = [row[0] for row in list(self._sheet(action).iter_rows(values_only=True))[1:]]
        self.assertEqual(numbers, [inside.number])

    def test_writer_uses_constant_memory(self):
        """The workbook is written in constant-memory mode to a temporary file, removed after delivery."""
        xlsx = xlsx_tools.XlsxFile()
        self.assertTrue(xlsx.workbook.constant_memory)
        xlsx.table("T", ["a"], ([i] for i in range(5)))
        path = xlsx.path
        action = xlsx.deliver(self.branch_a1, "t.xlsx")
        self.assertFalse(xlsx_tools.os.path.exists(path))
        self.assertEqual(len(list(self._sheet(action).iter_rows())), 6)
