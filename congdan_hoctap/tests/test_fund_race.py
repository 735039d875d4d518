# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time
import uuid
from functools import partial

from odoo import Command, SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestFundRace(TransactionCase):
    """Two approvals running at the same time, in two real transactions, cannot exceed a limit.

    The fixture is committed in its own cursor (the two transactions must see
    it) and deleted in ``finally``, so other tests and the HTTP tests that run
    later on the same database do not see it.
    """

    # ---- Fixture (committed) ----
    def _create_fixture(self, budget, donation):
        tag = uuid.uuid4().hex[:6].upper()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            Account = env["account.account"]
            accounts = {
                kind: Account.create({
                    "name": "Race %s %s" % (kind, tag), "code": "R%s%s" % (index, tag[:5]),
                    "account_type": kind, "company_ids": [Command.set(company.ids)],
                })
                for index, kind in enumerate(("asset_cash", "income_other", "expense"))
            }
            journal = env["account.journal"].create({
                "name": "Race cash %s" % tag, "code": "R%s" % tag[:4], "type": "cash",
                "company_id": company.id, "default_account_id": accounts["asset_cash"].id,
            })
            association = env["hoctap.association"].create(
                {"name": "Race %s" % tag, "code": "RACE%s" % tag, "level": "province", "company_id": company.id}
            )
            fund = env["hoctap.fund"].create({
                "name": "Race fund %s" % tag, "code": "RF%s" % tag, "association_id": association.id,
                "journal_id": journal.id, "income_account_id": accounts["income_other"].id,
                "dues_account_id": accounts["income_other"].id, "expense_account_id": accounts["expense"].id,
            })

            def user(role):
                return new_test_user(
                    env, login="race_%s_%s" % (role, tag.lower()), groups="congdan_hoctap.group_%s" % role,
                    company_id=company.id, company_ids=[Command.set(company.ids)],
                    hoctap_association_ids=[Command.set(association.ids)],
                )

            approver, treasurer = user("approver"), user("treasurer")
            partner = env["res.partner"].create({"name": "Race donor %s" % tag})
            gift = env["hoctap.donation"].with_user(treasurer).create(
                {"fund_id": fund.id, "partner_id": partner.id, "amount": donation}
            )
            gift.action_confirm()
            program = env["hoctap.award.program"].create(
                {"name": "Race %s" % tag, "fund_id": fund.id, "kind": "scholarship", "budget": budget}
            )
            awards = env["hoctap.award"].create([
                {"program_id": program.id, "partner_id": partner.id, "amount": 6_000} for _i in range(2)
            ])
            ids = {
                "accounts": [account.id for account in accounts.values()], "journal": journal.id,
                "association": association.id, "fund": fund.id, "analytic": fund.analytic_account_id.id,
                "users": (approver | treasurer).ids, "partners": (partner | approver.partner_id | treasurer.partner_id).ids,
                "donation": gift.id, "moves": gift.move_id.ids, "program": program.id, "awards": awards.ids,
                "approver": approver.id,
            }
        return ids

    def _delete_fixture(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # posted entries are never deleted by the application: the test removes its own by SQL
            cr.execute("DELETE FROM account_move WHERE id = ANY(%s)", [ids["moves"]])
            cr.execute("DELETE FROM hoctap_award WHERE id = ANY(%s)", [ids["awards"]])
            cr.execute("DELETE FROM hoctap_donation WHERE id = %s", [ids["donation"]])
            env.invalidate_all()
            env["hoctap.award.program"].browse(ids["program"]).unlink()
            env["hoctap.fund"].browse(ids["fund"]).unlink()
            env["account.analytic.account"].browse(ids["analytic"]).unlink()
            env["account.journal"].browse(ids["journal"]).unlink()
            env["account.account"].browse(ids["accounts"]).unlink()
            env["res.users"].browse(ids["users"]).unlink()
            env["res.partner"].browse(ids["partners"]).unlink()
            association = env["hoctap.association"].browse(ids["association"])
            partner = association.partner_id
            association.unlink()
            partner.unlink()

    # ---- The race ----
    def _race(self, ids):
        """Approve the two awards in two transactions; the second starts before the first commits.

        The first holds its transaction open until the second has taken its
        snapshot and waits on the lock; the second runs the way Odoo runs an
        RPC call (:func:`odoo.service.model.retrying`: a serialisation failure
        is rolled back and the call run again). Returns each outcome:
        ``"approved"`` or the error raised.
        """
        first_done, second_started = threading.Event(), threading.Event()
        outcome = {}

        def approve(index):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, ids["approver"], {})
                    award = env["hoctap.award"].browse(ids["awards"][index])
                    if index == 0:
                        award.action_approve()
                        first_done.set()
                        second_started.wait(10)
                        time.sleep(0.5)  # the second now waits on the lock of the programme and the fund
                    else:
                        first_done.wait(10)
                        award.read(["state"])  # the transaction's snapshot is taken before the first commits
                        second_started.set()
                        retrying(partial(self._approve, env, ids["awards"][index]), env)
                outcome[index] = "approved"
            except Exception as error:  # noqa: BLE001 - the outcome is asserted by the test
                outcome[index] = error
            finally:
                first_done.set()

        threads = [threading.Thread(target=approve, args=(index,)) for index in (0, 1)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        return outcome

    @staticmethod
    def _approve(env, award_id):
        return env["hoctap.award"].browse(award_id).action_approve()

    def _committed(self, ids):
        with self.registry.cursor() as cr:
            cr.execute("SELECT state, SUM(amount) FROM hoctap_award WHERE id = ANY(%s) GROUP BY state",
                       [ids["awards"]])
            return dict(cr.fetchall())

    def test_concurrent_approvals_stay_within_budget(self):
        """Two approvals of 6,000 on a 10,000 budget at the same time: one passes, the other is refused."""
        ids = self._create_fixture(budget=10_000, donation=100_000)
        try:
            outcome = self._race(ids)
            self.assertEqual(outcome[0], "approved")
            self.assertIsInstance(outcome[1], UserError)
            self.assertIn("over its budget", str(outcome[1]))
            self.assertEqual(self._committed(ids), {"approved": 6_000, "proposed": 6_000})
        finally:
            self._delete_fixture(ids)

    def test_concurrent_approvals_stay_within_balance(self):
        """Two approvals of 6,000 from a fund holding 10,000 at the same time: the second is refused."""
        ids = self._create_fixture(budget=1_000_000, donation=10_000)
        try:
            outcome = self._race(ids)
            self.assertEqual(outcome[0], "approved")
            self.assertIsInstance(outcome[1], UserError)
            self.assertIn("below zero", str(outcome[1]))
            self.assertEqual(self._committed(ids), {"approved": 6_000, "proposed": 6_000})
        finally:
            self._delete_fixture(ids)
