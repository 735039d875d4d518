# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
from unittest.mock import patch

import openpyxl

from odoo.tests import tagged

from ..tools import xlsx as xlsx_tools
from .common_fund import FundCase


@tagged("post_install", "-at_install")
class TestFundExport(FundCase):
    """Fund documents (donations, awards) to XLSX: streamed by chunks, in the user's scope, anonymity kept."""

    def _rows(self, action):
        attachment = self.env["ir.attachment"].browse(int(action["url"].split("/")[-1].split("?")[0]))
        sheet = openpyxl.load_workbook(io.BytesIO(attachment.raw), read_only=True).active
        return list(sheet.iter_rows(values_only=True))

    def _export(self, user, model, records):
        action = self.env.ref(f"congdan_hoctap.{model.replace('.', '_')}_action_export_xlsx").with_user(user)
        context = {"active_model": model, "active_domain": [("id", "in", records.ids)]}
        return action.with_context(**context).run()

    def test_donations_export_every_row_in_order_by_chunks(self):
        """Every donation of the domain is a row, in id order, read one chunk at a time."""
        donations = self.env["hoctap.donation"]
        for amount in (100_000, 200_000, 300_000, 400_000, 500_000):
            donations |= self._donate(amount)
        reads = []
        original = type(donations).read

        def counting_read(records, *args, **kwargs):
            reads.append(len(records))
            return original(records, *args, **kwargs)

        with patch.object(xlsx_tools, "CHUNK", 2), patch.object(type(donations), "read", counting_read):
            rows = self._rows(self._export(self.treasurer_a, "hoctap.donation", donations))
        self.assertEqual(rows[0][:3], ("Number", "Date", "Fund"))
        self.assertEqual([row[0] for row in rows[1:]], donations.sorted("id").mapped("name"))
        first = donations.sorted("id")[0]
        self.assertEqual(
            rows[1][1:],
            (
                str(first.date),
                self.fund_a.display_name,
                None,
                self.donor.display_name,
                "Cash",
                100_000,
                None,
                "Confirmed",
            ),
        )
        self.assertEqual(reads, [2, 2, 1], "read one chunk at a time, never all rows at once")

    def test_donations_export_keeps_scope_and_anonymity(self):
        """A treasurer's export holds only the funds of their scope, and an anonymous donor stays unnamed."""
        inside = self._donate(100_000, anonymous=True)
        outside = self._donate(200_000, fund=self.fund_b)
        rows = self._rows(self._export(self.treasurer_a, "hoctap.donation", inside | outside))
        self.assertEqual([row[0] for row in rows[1:]], [inside.name])
        self.assertEqual(rows[1][4], "Anonymous")
        self.assertNotIn(self.donor.name, [cell for row in rows for cell in row])

    def test_awards_export(self):
        """Awards: programme, kind, recipient, school, reason, amount, state and dates, in the user's scope."""
        program = self._program(1_000_000)
        award = self._award(program, 300_000)
        other = self._award(self._program(1_000_000, fund=self.fund_b), 200_000)
        rows = self._rows(self._export(self.treasurer_a, "hoctap.award", award | other))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[0][:4], ("Number", "Program", "Kind", "Beneficiary"))
        self.assertEqual(
            rows[1][1:9],
            (
                program.display_name,
                "Scholarship",
                self.pupil.display_name,
                "THCS A",
                "9A",
                "Hardship",
                300_000,
                "Proposed",
            ),
        )
