# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import importlib.util
from datetime import date
from pathlib import Path

from odoo.tests import TransactionCase, tagged

MIGRATION = Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.2.0" / "post-house.py"


def load_migration():
    spec = importlib.util.spec_from_file_location("congdan_hoctap_post_house", MIGRATION)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestFundNumbering(TransactionCase):
    """Donations, awards and dues collections are numbered per year with date-range sequences."""

    def _next(self, code, day):
        return self.env["ir.sequence"].with_context(ir_sequence_date=day).next_by_code(code)

    def test_each_year_starts_at_one(self):
        """A donation number carries its year and the numbering starts again each year."""
        for code, prefix in (("hoctap.donation", "UH"), ("hoctap.award", "KT"), ("hoctap.dues.collection", "HP")):
            self.assertEqual(self._next(code, "2030-03-01"), f"{prefix}/2030/00001")
            self.assertEqual(self._next(code, "2030-11-01"), f"{prefix}/2030/00002")
            self.assertEqual(self._next(code, "2031-01-02"), f"{prefix}/2031/00001")

    def test_migration_continues_this_years_numbering(self):
        """post-house: a sequence of 18.0.1.1.0 (no date range) keeps this year's next number in its range."""
        sequence = self.env.ref("congdan_hoctap.seq_hoctap_donation")
        sequence.date_range_ids.unlink()
        sequence.write({"use_date_range": False, "prefix": "UH/%(year)s/", "number_next_actual": 57})
        load_migration().migrate(self.env.cr, "18.0.1.1.0")
        self.assertTrue(sequence.use_date_range)
        year = date.today().year
        self.assertEqual(self._next("hoctap.donation", f"{year}-06-01"), f"UH/{year}/00057")
