# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import HoctapCase


@tagged("post_install", "-at_install")
class TestPartner(HoctapCase):
    def test_cccd_must_be_twelve_digits(self):
        """A citizen ID is exactly 12 digits: shorter, longer or with letters is refused."""
        for bad in ("12345678901", "1234567890123", "00120300012A", "0012 0300012"):
            with self.subTest(cccd=bad), self.assertRaises(ValidationError) as error:
                self.Partner.create({"name": "Nguyễn Văn A", "citizen_id": bad})
            self.assertIn("12", str(error.exception))
        partner = self.Partner.create({"name": "Nguyễn Văn A", "citizen_id": " 001203000123 "})
        self.assertEqual(partner.citizen_id, "001203000123", "spaces around are trimmed")

    def test_cccd_unique_among_active_persons(self):
        """Two active persons cannot share a citizen ID; an archived one frees it."""
        first = self.Partner.create({"name": "Trần Thị B", "citizen_id": "034185000111"})
        with self.assertRaises(ValidationError) as error:
            self.Partner.create({"name": "Trần Thị C", "citizen_id": "034185000111"})
        self.assertIn("Trần Thị B", str(error.exception))
        first.active = False
        second = self.Partner.create({"name": "Trần Thị C", "citizen_id": "034185000111"})
        self.assertTrue(second.active)
        with self.assertRaises(ValidationError):
            first.active = True

    def test_birth_year_from_date_or_alone(self):
        """The year of birth follows the date of birth and can be entered alone."""
        partner = self.Partner.create({"name": "Lê Văn D", "birth_date": "1985-04-02"})
        self.assertEqual(partner.birth_year, 1985)
        only_year = self.Partner.create({"name": "Lê Văn E", "birth_year": 1960})
        self.assertEqual(only_year.birth_year, 1960)
        self.assertFalse(only_year.birth_date)
