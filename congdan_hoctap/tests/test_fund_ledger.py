# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import random
from datetime import date

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common_fund import FundCase


@tagged("post_install", "-at_install")
class TestFundLedger(FundCase):
    def test_balance_equals_ledger_after_random_operations(self):
        """After a random sequence of donations, cancellations and awards the balance is the ledger's."""
        rng = random.Random(20261129)
        program = self._program(10_000_000, kind="support")
        donations = self.env["hoctap.donation"]
        awards = self.env["hoctap.award"]
        expected = 0
        for _step in range(30):
            operation = rng.choice(["donate", "donate", "cancel_donation", "award", "cancel_award"])
            if operation == "donate":
                amount = rng.randint(1, 500) * 1_000
                donations |= self._donate(amount)
                expected += amount
            elif operation == "cancel_donation" and donations.filtered(lambda d: d.state == "confirmed"):
                donation = rng.choice(donations.filtered(lambda d: d.state == "confirmed"))
                donation.action_cancel()
                expected -= donation.amount
            elif operation == "award":
                award = self._award(program, rng.randint(1, 200) * 1_000)
                award.action_override_limits()
                award.action_approve()
                award.action_pay()
                awards |= award
                expected -= award.amount
            elif operation == "cancel_award" and awards.filtered(lambda a: a.state == "paid"):
                award = rng.choice(awards.filtered(lambda a: a.state == "paid"))
                award.action_cancel()
                expected += award.amount
            self.fund_a.invalidate_recordset(["balance"])
            self.assertAlmostEqual(self.fund_a.balance, expected)
        self.assertAlmostEqual(self.fund_a.balance, expected)
        self.fund_b.invalidate_recordset(["balance"])
        self.assertAlmostEqual(self.fund_b.balance, 0)

    def test_statement_totals_equal_ledger(self):
        """The statement's opening + receipts − spending is the ledger's closing balance, by source and kind."""
        today = fields.Date.today()
        campaign = self.env["hoctap.fund.campaign"].create({"name": "Tết", "fund_id": self.fund_a.id})
        old = self._donate(1_000, date=date(today.year - 1, 6, 1))
        self._donate(4_000, campaign_id=campaign.id)
        self._donate(2_000, anonymous=True, partner_id=False)
        self._donate(300, campaign_id=campaign.id).action_cancel()
        scholarship = self._program(100_000)
        reward = self._program(100_000, kind="reward")
        for program, amount in ((scholarship, 1_500), (scholarship, 500), (reward, 700)):
            award = self._award(program, amount)
            award.action_approve()
            award.action_pay()
        statement = self.env["hoctap.fund.statement"].create(
            {
                "fund_id": self.fund_a.id,
                "date_from": today.replace(month=1, day=1),
                "date_to": today,
                "public": True,
            }
        )
        data = statement._get_statement_data()
        self.assertAlmostEqual(data["opening"], old.amount)
        receipts = dict(data["receipts"])
        self.assertAlmostEqual(receipts["Donations: Tết"], 4_000)
        self.assertAlmostEqual(receipts["Donations outside campaigns"], 2_000)
        self.assertAlmostEqual(data["total_in"], 6_000)
        spending = {row["label"]: (row["count"], row["amount"]) for row in data["spending"]}
        self.assertEqual(spending["Scholarship"], (1, 2_000))
        self.assertEqual(spending["Reward"], (1, 700))
        self.assertAlmostEqual(data["closing"], 1_000 + 6_000 - 2_700)
        self.fund_a.invalidate_recordset(["balance"])
        self.assertAlmostEqual(data["closing"], self.fund_a.balance)
        donors = {row["name"]: row["amount"] for row in data["donors"]}
        self.assertEqual(donors, {self.donor.name: 4_000, "Anonymous donors": 2_000})

    def test_statement_pdf_and_xlsx(self):
        """The statement renders as a report and as an XLSX workbook."""
        self._donate(2_500)
        statement = self.env["hoctap.fund.statement"].create({"fund_id": self.fund_a.id})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("congdan_hoctap.report_fund_statement", statement.ids)[0]
            .decode()
        )
        self.assertIn(self.fund_a.name, html)
        self.assertIn("Closing balance", html)
        action = statement.action_export_xlsx()
        attachment = self.env["ir.attachment"].search(
            [("res_model", "=", statement._name), ("res_id", "=", statement.id)]
        )
        self.assertEqual(attachment.raw[:2], b"PK")
        self.assertIn(str(attachment.id), action["url"])
        self.assertEqual(statement._render_xlsx()[:2], b"PK")

    def test_statement_confined_to_own_commune(self):
        """A treasurer of commune A cannot draw the statement of commune B's fund."""
        statement = self.env["hoctap.fund.statement"].with_user(self.treasurer_a).create({"fund_id": self.fund_b.id})
        with self.assertRaises(AccessError):
            statement._get_statement_data()
        own = self.env["hoctap.fund.statement"].with_user(self.treasurer_a).create({"fund_id": self.fund_a.id})
        self.assertEqual(own._get_statement_data()["closing"], 0)
