# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import threading
import time
import uuid
from functools import partial

from odoo import SUPERUSER_ID, Command, api
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
    def _create_fixture(self, budget, donation, approved=0):
        tag = uuid.uuid4().hex[:6].upper()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            company = env.ref("base.main_company")
            Account = env["account.account"]
            accounts = {
                kind: Account.create(
                    {
                        "name": "Race %s %s" % (kind, tag),
                        "code": "R%s%s" % (index, tag[:5]),
                        "account_type": kind,
                        "company_ids": [Command.set(company.ids)],
                    }
                )
                for index, kind in enumerate(("asset_cash", "income_other", "expense"))
            }
            journal = env["account.journal"].create(
                {
                    "name": "Race cash %s" % tag,
                    "code": "R%s" % tag[:4],
                    "type": "cash",
                    "company_id": company.id,
                    "default_account_id": accounts["asset_cash"].id,
                }
            )
            association = env["hoctap.association"].create(
                {"name": "Race %s" % tag, "code": "RACE%s" % tag, "level": "province", "company_id": company.id}
            )
            fund = env["hoctap.fund"].create(
                {
                    "name": "Race fund %s" % tag,
                    "code": "RF%s" % tag,
                    "association_id": association.id,
                    "journal_id": journal.id,
                    "income_account_id": accounts["income_other"].id,
                    "dues_account_id": accounts["income_other"].id,
                    "expense_account_id": accounts["expense"].id,
                }
            )

            def user(role):
                return new_test_user(
                    env,
                    login="race_%s_%s" % (role, tag.lower()),
                    groups="congdan_hoctap.group_%s" % role,
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                    hoctap_association_ids=[Command.set(association.ids)],
                )

            approver, treasurer = user("approver"), user("treasurer")
            partner = env["res.partner"].create({"name": "Race donor %s" % tag})
            gift = (
                env["hoctap.donation"]
                .with_user(treasurer)
                .create({"fund_id": fund.id, "partner_id": partner.id, "amount": donation})
            )
            gift.action_confirm()
            program = env["hoctap.award.program"].create(
                {"name": "Race %s" % tag, "fund_id": fund.id, "kind": "scholarship", "budget": budget}
            )
            awards = env["hoctap.award"].create(
                [{"program_id": program.id, "partner_id": partner.id, "amount": 6_000} for _i in range(2)]
            )
            awards[:approved].with_user(approver).action_approve()
            ids = {
                "accounts": [account.id for account in accounts.values()],
                "journal": journal.id,
                "association": association.id,
                "fund": fund.id,
                "analytic": fund.analytic_account_id.id,
                "users": (approver | treasurer).ids,
                "partners": (partner | approver.partner_id | treasurer.partner_id).ids,
                "donation": gift.id,
                "moves": gift.move_id.ids,
                "program": program.id,
                "awards": awards.ids,
                "approver": approver.id,
                "treasurer": treasurer.id,
            }
        return ids

    def _delete_fixture(self, ids):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            # posted entries are never deleted by the application: the test removes its own by SQL
            cr.execute(
                """
                SELECT ARRAY_AGG(id), ARRAY_AGG(DISTINCT full_reconcile_id)
                  FROM account_move_line WHERE move_id = ANY(%s)
            """,
                [ids["moves"]],
            )
            line_ids, full_ids = cr.fetchone()
            cr.execute(
                "DELETE FROM account_partial_reconcile WHERE debit_move_id = ANY(%s) OR credit_move_id = ANY(%s)",
                [line_ids or [], line_ids or []],
            )
            cr.execute("DELETE FROM account_full_reconcile WHERE id = ANY(%s)", [[i for i in full_ids or [] if i]])
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
    def _race(self, ids, first=None, second=None):
        """Run ``first`` and ``second`` (``(uid, function(env))``) in two transactions, the second
        starting before the first commits; by default, the approvals of the two awards.

        The first holds its transaction open until the second has taken its
        snapshot and waits on the lock; the second runs the way Odoo runs an
        RPC call (:func:`odoo.service.model.retrying`: a serialisation failure
        is rolled back and the call run again). Returns each outcome:
        ``"done"`` or the error raised.
        """
        first = first or (ids["approver"], partial(self._approve, award_id=ids["awards"][0]))
        second = second or (ids["approver"], partial(self._approve, award_id=ids["awards"][1]))
        first_done, second_started = threading.Event(), threading.Event()
        outcome = {}

        def run(index, uid, function):
            try:
                with self.registry.cursor() as cr:
                    env = api.Environment(cr, uid, {})
                    if index == 0:
                        function(env)
                        first_done.set()
                        second_started.wait(10)
                        time.sleep(0.5)  # the second now waits on the lock of the programme and the fund
                    else:
                        first_done.wait(10)
                        env["hoctap.award"].browse(ids["awards"]).read(["state"])  # snapshot before the commit
                        second_started.set()
                        retrying(partial(function, env), env)
                outcome[index] = "done"
            except Exception as error:  # noqa: BLE001 - the outcome is asserted by the test
                outcome[index] = error
            finally:
                first_done.set()

        threads = [threading.Thread(target=run, args=(index, *step)) for index, step in enumerate((first, second))]
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
            cr.execute("SELECT state, SUM(amount) FROM hoctap_award WHERE id = ANY(%s) GROUP BY state", [ids["awards"]])
            return dict(cr.fetchall())

    def test_concurrent_approvals_stay_within_budget(self):
        """Two approvals of 6,000 on a 10,000 budget at the same time: one passes, the other is refused."""
        ids = self._create_fixture(budget=10_000, donation=100_000)
        try:
            outcome = self._race(ids)
            self.assertEqual(outcome[0], "done")
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
            self.assertEqual(outcome[0], "done")
            self.assertIsInstance(outcome[1], UserError)
            self.assertIn("below zero", str(outcome[1]))
            self.assertEqual(self._committed(ids), {"approved": 6_000, "proposed": 6_000})
        finally:
            self._delete_fixture(ids)

    def test_payment_and_cancelled_donation_at_once(self):
        """A donation cancelled while an award it covers is being paid: the payment is refused, not overdrawn."""
        ids = self._create_fixture(budget=1_000_000, donation=10_000, approved=1)
        try:
            outcome = self._race(
                ids,
                (ids["treasurer"], lambda env: env["hoctap.donation"].browse(ids["donation"]).action_cancel()),
                (ids["treasurer"], lambda env: env["hoctap.award"].browse(ids["awards"][0]).action_pay()),
            )
            self.assertEqual(outcome[0], "done")
            self.assertIsInstance(outcome[1], UserError)
            self.assertIn("below zero", str(outcome[1]))
            self.assertEqual(self._committed(ids), {"approved": 6_000, "proposed": 6_000})
        finally:
            with self.registry.cursor() as cr:
                cr.execute("SELECT reversal_move_id FROM hoctap_donation WHERE id = %s", [ids["donation"]])
                ids["moves"] += [move_id for (move_id,) in cr.fetchall() if move_id]
                cr.execute(
                    "SELECT move_id FROM hoctap_award WHERE id = ANY(%s) AND move_id IS NOT NULL", [ids["awards"]]
                )
                ids["moves"] += [move_id for (move_id,) in cr.fetchall()]
            self._delete_fixture(ids)
