# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common_evaluation import EvaluationCase
from .common_fund import FundCase

YEAR = 2026
THIS_YEAR = fields.Date.today().year  # ages are reached this year


def tiles(data):
    return {tile["key"]: tile["value"] for tile in data["tiles"]}


def chart(data, key):
    return next(c for c in data["charts"] if c["key"] == key)


def series(chart_data):
    """{(dataset key, label): value} of a chart, for exact comparisons."""
    return {
        (dataset["key"], label): value
        for dataset in chart_data["datasets"]
        for label, value in zip(chart_data["labels"], dataset["data"], strict=False)
        if value
    }


class OverviewCase(EvaluationCase):
    """Commune A (1 member) ── Thôn A1 (3 members, 6 evaluations of 2026, 1 of 2025)
                           └─ Trường A2 (2 members, 1 evaluation)
    Commune B ── Thôn B1 (4 members, 2 evaluations): outside commune A's officer's scope."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        people = [
            (cls.branch_a1, "male", THIS_YEAR - 36, "farmer"),
            (cls.branch_a1, "female", THIS_YEAR - 76, "farmer"),
            (cls.branch_a1, "female", THIS_YEAR - 11, "student"),
            (cls.branch_a2, "male", THIS_YEAR - 46, "farmer"),
            (cls.branch_a2, False, 0, False),
            (cls.commune_a, "female", THIS_YEAR - 26, "worker"),
        ] + [(cls.branch_b1, "male", THIS_YEAR - 66, "farmer")] * 4
        for association, gender, birth_year, occupation in people:
            partner = cls._person(
                "Hội viên %s" % (cls._cccd_serial + 1),
                gender=gender,
                birth_year=birth_year,
                occupation_group=occupation,
            )
            cls.Membership.create({"partner_id": partner.id, "association_id": association.id})
        cls.env["hoctap.population"].create({"association_id": cls.commune_a.id, "year": YEAR, "population": 120})
        cls.env["hoctap.target"].create(
            [
                {"association_id": cls.commune_a.id, "year": YEAR, "indicator": "member_ratio", "target_value": 8.0},
                {
                    "association_id": cls.commune_a.id,
                    "year": YEAR,
                    "indicator": "citizen_recognised",
                    "target_value": 10.0,
                },
            ]
        )

    def _fill_evaluations(self):
        for _i in range(2):
            self._evaluation()
        self._to_state(self._evaluation(), "self_assessed")
        self._to_state(self._evaluation(), "submitted")
        returned = self._to_state(self._evaluation(), "submitted")
        self._confirm_reason("hoctap.evaluation.return", returned.with_user(self.branch_officer), "Thiếu minh chứng")
        recognised = self._to_state(self._evaluation(), "verified")
        self.env["hoctap.recognition"].create(
            {
                "name": "01/QĐ-HKH",
                "association_id": self.commune_a.id,
                "year": YEAR,
                "model_type": "citizen",
                "date": f"{YEAR}-11-15",
                "signer_id": self._person("Chủ tịch Hội").id,
                "signer_title": "Chủ tịch",
                "evaluation_ids": [(6, 0, recognised.ids)],
            }
        ).with_user(self.commune_officer).action_issue()
        self._evaluation(association=self.branch_a2)
        self._evaluation(year=YEAR - 1)
        self._evaluation(association=self.branch_b1)
        self._evaluation(association=self.branch_b1)
        # the self-assessment of Thôn A1 closed on 30/06: its registered and self-assessed ones are late
        self.env["hoctap.evaluation.deadline"].create(
            {
                "association_id": self.branch_a1.id,
                "year": YEAR,
                "date_registration": f"{YEAR}-03-31",
                "date_self_assessment": f"{YEAR}-06-30",
                "date_verification": f"{YEAR + 1}-12-31",
            }
        )

    def _overview(self, user, association=None):
        model = self.env["hoctap.association"].with_user(user)
        return call_kw(model, "get_overview_data", [association and association.id or False, YEAR], {})


@tagged("post_install", "-at_install")
class TestOverview(OverviewCase):
    def test_member_tiles_and_charts(self):
        """Members, ratio and target, and the member charts count the commune's subtree exactly."""
        data = self._overview(self.commune_officer)
        self.assertEqual(data["association"]["id"], self.commune_a.id)
        figures = tiles(data)
        self.assertEqual(figures["members"], 6)
        self.assertEqual(figures["member_ratio"], 5.0)
        ratio_tile = next(t for t in data["tiles"] if t["key"] == "member_ratio")
        self.assertEqual(ratio_tile["target"], 8.0)
        self.env.cr.execute(
            """SELECT count(*) FROM hoctap_membership m JOIN hoctap_association a ON a.id = m.association_id
                WHERE a.parent_path LIKE %s AND m.state = 'active'""",
            [self.commune_a.parent_path + "%"],
        )
        self.assertEqual(figures["members"], self.env.cr.fetchone()[0])
        gender = chart(data, "members_gender")
        self.assertEqual(
            dict(zip(gender["labels"], gender["datasets"][0]["data"], strict=False)),
            {"Female": 3, "Male": 2, "Not Set": 1},
        )
        ages = chart(data, "members_age_band")
        self.assertEqual(
            dict(zip(ages["labels"], ages["datasets"][0]["data"], strict=False)),
            {"36–60": 2, "Over 60": 1, "Under 16": 1, "16–35": 1, "Not Set": 1},
        )
        occupation = chart(data, "members_occupation_group")
        self.assertEqual(sum(occupation["datasets"][0]["data"]), 6)
        self.assertEqual(occupation["datasets"][0]["data"][0], 3)  # farmers first

    def test_member_charts_with_a_cold_cache(self):
        """The member charts count the same when nothing is cached yet (a new request): reading the user's
        timezone queries the cursor, which must not replace the grouped rows still to be read."""
        association = self.commune_a.with_user(self.commune_officer)
        base = [("association_id", "child_of", self.commune_a.id), ("state", "=", "active")]
        self.env.invalidate_all()
        groups = association._overview_member_groups(base, ["gender", "age_band"])
        self.assertEqual(sum(groups["gender"].values()), 6)
        self.assertEqual(sum(groups["age_band"].values()), 6)

    def test_member_chart_element_opens_its_list(self):
        """A chart element's action lists exactly the members it counts."""
        data = self._overview(self.commune_officer)
        ages = chart(data, "members_age_band")
        for label, value, action in zip(
            ages["labels"], ages["datasets"][0]["data"], ages["datasets"][0]["actions"], strict=False
        ):
            found = self.env[action["res_model"]].with_user(self.commune_officer).search_count(action["domain"])
            self.assertEqual(found, value, label)
        members = next(t for t in data["tiles"] if t["key"] == "members")["action"]
        self.assertEqual(self.Membership.with_user(self.commune_officer).search_count(members["domain"]), 6)

    def test_evaluation_tiles(self):
        """Evaluations of the year by state, returned and overdue, and recognitions against the target."""
        self._fill_evaluations()
        data = self._overview(self.commune_officer)
        figures = tiles(data)
        self.assertEqual(
            {
                key: figures[f"evaluation_{key}"]
                for key in (
                    "registered",
                    "self_assessed",
                    "submitted",
                    "reviewed",
                    "verified",
                    "recognised",
                    "not_recognised",
                    "returned",
                    "overdue",
                )
            },
            {
                "registered": 3,
                "self_assessed": 2,
                "submitted": 1,
                "reviewed": 0,
                "verified": 0,
                "recognised": 1,
                "not_recognised": 0,
                "returned": 1,
                "overdue": 4,
            },
        )
        self.assertEqual(figures["recognised_citizen"], 1)
        self.assertEqual(figures["recognised_family"], 0)
        citizen = next(t for t in data["tiles"] if t["key"] == "recognised_citizen")
        self.assertEqual(citizen["target"], 10.0)
        for tile in data["tiles"]:
            if tile["key"].startswith(("evaluation_", "recognised_")):
                found = self.Evaluation.with_user(self.commune_officer).search_count(tile["action"]["domain"])
                self.assertEqual(found, tile["value"], tile["key"])

    def test_evaluations_per_branch_chart(self):
        """The per-branch chart stacks each branch's subtree by state; the other commune is absent. The
        commune's own evaluations and those of an archived branch add up in the commune's own column."""
        self._fill_evaluations()
        self._evaluation(self.commune_a)
        closed = self._association("Thôn đã sáp nhập", "A9", "branch", self.commune_a, kind="village")
        self._evaluation(closed)
        closed.action_archive()
        data = self._overview(self.commune_officer)
        self.assertEqual(
            series(chart(data, "evaluations_by_branch")),
            {
                ("registered", "Thôn A1"): 2,
                ("registered", "Trường A2"): 1,
                ("registered", self.commune_a.name): 2,
                ("self_assessed", "Thôn A1"): 2,
                ("submitted", "Thôn A1"): 1,
                ("recognised", "Thôn A1"): 1,
            },
        )
        # each bar opens the evaluations it counts
        evaluations = self.Evaluation.with_user(self.commune_officer)
        for dataset in chart(data, "evaluations_by_branch")["datasets"]:
            for value, action in zip(dataset["data"], dataset["actions"], strict=True):
                self.assertEqual(evaluations.search_count(action["domain"]), value, action["name"])

    def test_reports_missing_and_activities_due(self):
        """Sub-associations without a submitted annual report; the user's activities due today or before."""
        statistic = self.env["hoctap.statistic"].create(
            {"association_id": self.branch_a1.id, "year": YEAR, "period": "year"}
        )
        statistic.with_user(self.branch_officer).action_submit()
        evaluation = self._evaluation()
        today = fields.Date.today()
        self.env.cr.execute(
            """SELECT count(*) FROM mail_activity WHERE user_id = %s AND date_deadline <= %s
                AND res_model LIKE 'hoctap.%%'""",
            [self.commune_officer.id, today],
        )
        before = self.env.cr.fetchone()[0]
        evaluation.activity_schedule(
            "mail.mail_activity_data_todo", date_deadline=today - timedelta(days=1), user_id=self.commune_officer.id
        )
        evaluation.activity_schedule(
            "mail.mail_activity_data_todo", date_deadline=today + timedelta(days=10), user_id=self.commune_officer.id
        )
        data = self._overview(self.commune_officer)
        figures = tiles(data)
        self.assertEqual(figures["reports_missing"], 1)
        missing = next(t for t in data["tiles"] if t["key"] == "reports_missing")["action"]
        self.assertEqual(self.Association.search(missing["domain"]), self.branch_a2)
        self.assertEqual(figures["activities_due"], before + 1)

    def test_ranking_and_drilldown(self):
        """A province officer sees its communes ranked by member ratio and drills into one of them."""
        self.env["hoctap.population"].create({"association_id": self.commune_b.id, "year": YEAR, "population": 20})
        province_officer = self._user("ov_province", "congdan_hoctap.group_officer", self.province)
        data = self._overview(province_officer)
        self.assertEqual(data["association"]["id"], self.province.id)
        ranking = chart(data, "member_ratio_ranking")
        self.assertEqual(ranking["labels"], ["Xã B", "Xã A"])
        self.assertEqual(ranking["datasets"][0]["data"], [20.0, 5.0])
        self.assertEqual([c["id"] for c in data["children"]], [self.commune_a.id, self.commune_b.id])
        commune = self._overview(province_officer, self.commune_a)
        self.assertEqual(tiles(commune)["members"], 6)
        self.assertEqual([step["id"] for step in commune["path"]], [self.province.id, self.commune_a.id])

    def test_drilldown_counts_only_the_subtree(self):
        """Drilled into one commune, a province officer (whose rules let them see both communes) gets that
        commune's subtree only, in the tiles and in the chart: the other commune's evaluations are not counted."""
        self._fill_evaluations()
        province_officer = self._user("ov_province_sub", "congdan_hoctap.group_officer", self.province)
        commune_a = self._overview(province_officer, self.commune_a)
        self.assertEqual(
            series(chart(commune_a, "evaluations_by_branch")),
            {
                ("registered", "Thôn A1"): 2,
                ("registered", "Trường A2"): 1,
                ("self_assessed", "Thôn A1"): 2,
                ("submitted", "Thôn A1"): 1,
                ("recognised", "Thôn A1"): 1,
            },
        )
        commune_b = self._overview(province_officer, self.commune_b)
        self.assertEqual(series(chart(commune_b, "evaluations_by_branch")), {("registered", "Thôn B1"): 2})
        self.assertEqual(tiles(commune_b)["recognised_citizen"], 0)
        self.assertEqual(tiles(commune_b)["evaluation_registered"], 2)

    def test_overview_writes_nothing(self):
        """The overview only reads: the ranking's figures are read, not assigned (which wrote each child's)."""
        province_officer = self._user("ov_province_ro", "congdan_hoctap.group_officer", self.province)
        Association = type(self.env["hoctap.association"])
        written = []
        original = Association.write

        def counting_write(records, vals):
            written.append((records._name, records.ids, sorted(vals)))
            return original(records, vals)

        with patch.object(Association, "write", counting_write):
            data = self._overview(province_officer)
        self.assertEqual(written, [])
        self.assertEqual(chart(data, "member_ratio_ranking")["labels"], ["Xã A", "Xã B"])

    def test_recognition_tiles_follow_the_record_rules(self):
        """The recognition tiles count what the user's record rules let them see, as the tile's list shows it,
        also for the user's default association (no id given)."""
        self._fill_evaluations()
        recognised = self.Evaluation.search([("state", "=", "recognised"), ("association_id", "=", self.branch_a1.id)])
        self.assertTrue(recognised)
        self.assertEqual(tiles(self._overview(self.commune_officer))["recognised_citizen"], 1)
        # a global rule (every user, and-ed with the others) hiding Thôn A1's evaluations
        self.env["ir.rule"].create(
            {
                "name": "test: Thôn A1 hidden",
                "model_id": self.env["ir.model"]._get_id("hoctap.evaluation"),
                "domain_force": f"[('association_id', '!=', {self.branch_a1.id})]",
            }
        )
        self.assertEqual(tiles(self._overview(self.commune_officer, self.commune_a))["recognised_citizen"], 0)
        data = self._overview(self.commune_officer)  # the user's default association
        self.assertEqual(tiles(data)["recognised_citizen"], 0)
        citizen = next(t for t in data["tiles"] if t["key"] == "recognised_citizen")
        self.assertEqual(self.Evaluation.with_user(self.commune_officer).search_count(citizen["action"]["domain"]), 0)

    def test_branch_officer_sees_only_their_branch(self):
        """A branch officer's overview is their branch; the commune above and a sibling are refused."""
        self._fill_evaluations()
        data = self._overview(self.branch_officer)
        self.assertEqual(data["association"]["id"], self.branch_a1.id)
        self.assertEqual([root["id"] for root in data["roots"]], [self.branch_a1.id])
        self.assertEqual(tiles(data)["members"], 3)
        self.assertEqual(tiles(data)["evaluation_registered"], 2)
        for outside in (self.commune_a, self.branch_a2, self.branch_b1, self.province):
            with self.assertRaisesRegex(AccessError, "outside the associations you work in"):
                self._overview(self.branch_officer, outside)

    def test_user_without_association_gets_an_empty_overview(self):
        """A viewer attached to no association gets an empty overview, not another association's figures."""
        nobody = self._user("ov_nobody", "congdan_hoctap.group_viewer", self.Association)
        data = self._overview(nobody)
        self.assertFalse(data["association"])
        self.assertEqual((data["tiles"], data["charts"], data["children"]), ([], [], []))
        with self.assertRaises(AccessError):
            self._overview(nobody, self.commune_a)

    def test_malformed_arguments_are_refused_with_a_message(self):
        """Ids and years that are not numbers get a user error over RPC, never a server error."""
        for args in (["1 OR 1=1", YEAR], [self.commune_a.id, "2026; DROP"], [[self.commune_a.id], YEAR]):
            with self.assertRaisesRegex(UserError, "as numbers"):
                call_kw(self.env["hoctap.association"].with_user(self.commune_officer), "get_overview_data", args, {})

    def test_overview_is_the_home_of_association_users(self):
        """Users attached to an association open Odoo on the overview, the app's root menu opens it too."""
        overview = self.env.ref("congdan_hoctap.hoctap_overview_action")
        self.assertEqual(self.commune_officer.action_id.id, overview.id)
        self.assertEqual(self.env.ref("congdan_hoctap.congdan_hoctap_menu_root").action.id, overview.id)
        chosen = self.env.ref("base.action_res_users")
        moved = self._user("ov_moved", "congdan_hoctap.group_officer", self.Association)
        self.assertFalse(moved.action_id)
        moved.write({"action_id": chosen.id})
        moved.write({"hoctap_association_ids": [(6, 0, self.commune_b.ids)]})
        self.assertEqual(moved.action_id.id, chosen.id)

    def test_switcher_lists_every_association_of_the_user(self):
        """A user working in two communes gets both in the switcher and may open either."""
        both = self._user("ov_both", "congdan_hoctap.group_officer", self.commune_a | self.commune_b)
        data = self._overview(both)
        self.assertEqual({root["id"] for root in data["roots"]}, {self.commune_a.id, self.commune_b.id})
        self.assertEqual(tiles(self._overview(both, self.commune_b))["members"], 4)


@tagged("post_install", "-at_install")
class TestOverviewFund(FundCase):
    def test_fund_tiles_and_months(self):
        """Raised, spent and balance of the year and the month chart come from the ledger of the subtree's funds."""
        today = fields.Date.today()
        self._donate(1_000_000)
        self._donate(500_000)
        self._donate(700_000, fund=self.fund_b)
        program = self._program(2_000_000)
        award = self._award(program, 300_000)
        award.with_user(self.approver_a).action_approve()
        award.with_user(self.treasurer_a).action_pay()
        model = self.env["hoctap.association"].with_user(self.officer_a)
        data = call_kw(model, "get_overview_data", [self.commune_a.id, today.year], {})
        figures = tiles(data)
        self.assertEqual(
            (figures["fund_raised"], figures["fund_spent"], figures["fund_balance"]), (1_500_000, 300_000, 1_200_000)
        )
        months = series(chart(data, "fund_by_month"))
        label = f"{today.month:02d}/{today.year}"
        self.assertEqual(months, {("in", label): 1_500_000, ("out", label): 300_000})
        raised = next(t for t in data["tiles"] if t["key"] == "fund_raised")["action"]
        self.assertEqual(self.env["hoctap.donation"].with_user(self.officer_a).search_count(raised["domain"]), 2)
        province = call_kw(
            self.env["hoctap.association"].with_user(self.manager),
            "get_overview_data",
            [self.province.id, today.year],
            {},
        )
        self.assertEqual(tiles(province)["fund_raised"], 2_200_000)


@tagged("post_install", "-at_install")
class TestOverviewViews(OverviewCase):
    """The graph and pivot views behind the overview answer the officer's questions."""

    def test_members_group_and_search_by_age_band(self):
        """Members group by age band in the web client's read_group and search by it, within the scope."""
        Membership = self.Membership.with_user(self.commune_officer)
        groups = Membership.read_group([("state", "=", "active")], ["age_band"], ["age_band"], lazy=False)
        self.assertEqual(
            {g["age_band"]: g["__count"] for g in groups},
            {"under_16": 1, "16_35": 1, "36_60": 2, "over_60": 1, False: 1},
        )
        self.assertEqual(Membership.search_count([("age_band", "=", "36_60")]), 2)
        self.assertEqual(Membership.search_count([("age_band", "in", ["under_16", False])]), 2)
        self.assertEqual(Membership.search_count([("age_band", "!=", "36_60")]), 4)

    def test_actions_offer_graph_and_pivot(self):
        """Evaluations, members, donations, awards and dues open in pivot and graph views with default groupings."""
        for xmlid, model, rows in (
            ("congdan_hoctap.hoctap_evaluation_action", "hoctap.evaluation", "model_type"),
            ("congdan_hoctap.hoctap_membership_action", "hoctap.membership", "association_id"),
            ("congdan_hoctap.hoctap_donation_action", "hoctap.donation", "campaign_id"),
            ("congdan_hoctap.hoctap_award_action", "hoctap.award", "kind"),
            ("congdan_hoctap.hoctap_dues_collection_action", "hoctap.dues.collection", "association_id"),
        ):
            self.assertTrue({"pivot", "graph"} <= set(self.env.ref(xmlid).view_mode.split(",")), xmlid)
            views = self.env[model].with_user(self.commune_officer).get_views([(False, "pivot"), (False, "graph")])
            self.assertIn(f'name="{rows}"', views["views"]["pivot"]["arch"], model)
