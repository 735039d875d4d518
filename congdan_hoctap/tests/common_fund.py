# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import ClientCallsMixin


class FundCase(ClientCallsMixin, AccountTestInvoicingCommon):
    """Funds on a company with a real chart of accounts (Odoo's generic chart).

    Province ── Commune A (fund A) ── Branch A1
             └─ Commune B (fund B)
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.user.groups_id += (
            cls.env.ref("congdan_hoctap.group_manager")
            | cls.env.ref("congdan_hoctap.group_treasurer")
            | cls.env.ref("congdan_hoctap.group_approver")
        )
        cls.Association = cls.env["hoctap.association"]
        cls.province = cls.Association.create({"name": "Tỉnh Thử", "code": "TT", "level": "province"})
        cls.commune_a = cls._association("Xã A", "A", "commune", cls.province)
        cls.commune_b = cls._association("Xã B", "B", "commune", cls.province)
        cls.branch_a1 = cls._association("Thôn A1", "A1", "branch", cls.commune_a, kind="village")
        cls.fund_a = cls._fund("Quỹ khuyến học xã A", "QA", cls.commune_a)
        cls.fund_b = cls._fund("Quỹ khuyến học xã B", "QB", cls.commune_b)
        cls.donor = cls.env["res.partner"].create({"name": "Công ty Thử"})
        cls.pupil = cls.env["res.partner"].create({"name": "Em Nguyễn Văn Học"})
        cls.treasurer_a = cls._user("treasurer_a", "congdan_hoctap.group_treasurer", cls.commune_a)
        cls.treasurer_b = cls._user("treasurer_b", "congdan_hoctap.group_treasurer", cls.commune_b)
        cls.approver_a = cls._user("approver_a", "congdan_hoctap.group_approver", cls.commune_a)
        cls.officer_a = cls._user("officer_a", "congdan_hoctap.group_officer", cls.commune_a)
        cls.viewer_a = cls._user("viewer_a", "congdan_hoctap.group_viewer", cls.commune_a)
        cls.branch_officer_a1 = cls._user("branch_officer_a1", "congdan_hoctap.group_branch_officer", cls.branch_a1)
        cls.manager = cls._user("fund_manager", "congdan_hoctap.group_manager", cls.province)

    @classmethod
    def _association(cls, name, code, level, parent, kind=False):
        return cls.Association.create(
            {"name": name, "code": code, "level": level, "parent_id": parent.id, "branch_kind": kind}
        )

    @classmethod
    def _fund(cls, name, code, association):
        return cls.env["hoctap.fund"].create({"name": name, "code": code, "association_id": association.id})

    @classmethod
    def _user(cls, login, groups, associations):
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            hoctap_association_ids=[Command.set(associations.ids)],
        )

    def _donate(self, amount, fund=None, confirm=True, **vals):
        donation = self.env["hoctap.donation"].create(
            {
                "fund_id": (fund or self.fund_a).id,
                "partner_id": self.donor.id,
                "amount": amount,
                **vals,
            }
        )
        if confirm:
            donation.action_confirm()
        return donation

    def _program(self, budget, fund=None, kind="scholarship"):
        return self.env["hoctap.award.program"].create(
            {
                "name": "Học bổng %s" % kind,
                "fund_id": (fund or self.fund_a).id,
                "kind": kind,
                "budget": budget,
            }
        )

    def _award(self, program, amount, partner=None):
        return self.env["hoctap.award"].create(
            {
                "program_id": program.id,
                "partner_id": (partner or self.pupil).id,
                "amount": amount,
                "school": "THCS A",
                "grade": "9A",
                "reason": "hardship",
            }
        )

    def _fund_moves(self, fund):
        return self.env["account.move.line"].search(fund._ledger_domain()).move_id

    def assertBalancedPostedWithAnalytic(self, move, fund):
        self.assertEqual(len(move), 1)
        self.assertEqual(move.state, "posted")
        self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), sum(move.line_ids.mapped("credit")))
        self.assertTrue(
            move.line_ids.filtered(lambda line: line.analytic_distribution == {str(fund.analytic_account_id.id): 100})
        )
