# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import fields
from odoo.tests import tagged

from odoo.addons.congdan_hoctap.models.hoctap_criteria_set import MODEL_TYPES

from .common_evaluation import EvaluationCase
from .common_fund import FundCase

MODEL_KEYS = ("citizen", "family", "clan", "community", "unit")
FUND_KEYS = (
    "fund_raised",
    "fund_spent",
    "fund_balance",
    "scholarship_count",
    "scholarship_amount",
    "support_count",
    "support_amount",
    "reward_count",
    "reward_amount",
)


class RegistryReportMixin:
    """Helpers to read a statistics report's figures."""

    def _report(self, association, year, **vals):
        return self.env["hoctap.statistic"].create({"association_id": association.id, "year": year, **vals})

    @staticmethod
    def _line(report, indicator):
        return report.line_ids.filtered(lambda line: line.indicator == indicator)

    def _values(self, report, keys):
        return {key: self._line(report, key).value for key in keys}

    def _sources(self, report, keys):
        return {self._line(report, key).source for key in keys}

    @staticmethod
    def _accept(report):
        report.action_submit()
        report.action_accept()

    def _briefing_ranks(self, associations, year):
        cluster = self.env["hoctap.cluster"].create(
            {
                "name": "Cụm xã thử",
                "level": "commune",
                "association_ids": [(6, 0, associations.ids)],
            }
        )
        wizard = self.env["hoctap.cluster.briefing"].create({"cluster_id": cluster.id, "year": year})
        return {row["association"]: (row["values"], row["ranks"]) for row in wizard._get_briefing_data()["rows"]}


@tagged("post_install", "-at_install")
class TestStatisticModelFigures(RegistryReportMixin, EvaluationCase):
    """Learning-model figures of a report are counted from the evaluations of the year below it."""

    YEAR = 2026

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.family_set = cls._criteria_set("Khung GĐHT thử", model_type="family", citizen_form_id=False)
        cls.family_set.action_activate()

    def setUp(self):
        super().setUp()
        # Commune A: 3 citizens recognised (one of them later revoked), 1 still registered,
        # 1 cancelled, 2 families registered in branch A2, and one evaluation of another year.
        recognised = self.Evaluation
        for _i in range(3):
            recognised |= self._to_state(self._evaluation(self.branch_a1, year=self.YEAR), "verified")
        self._decision(recognised, self.commune_a, "01/QĐ-HKH")
        self._confirm_reason("hoctap.evaluation.revoke", recognised[0], "Khai man")
        self._evaluation(self.branch_a1, year=self.YEAR)
        self._evaluation(self.branch_a1, year=self.YEAR).action_cancel()
        for _i in range(2):
            self._evaluation(self.branch_a2, year=self.YEAR, model_type="family", criteria_set=self.family_set)
        self._evaluation(self.branch_a1, year=self.YEAR - 1)
        # Commune B: 1 citizen recognised, 1 registered.
        verified_b = self.env["hoctap.evaluation"]
        verified_b |= self._evaluation(self.branch_b1, year=self.YEAR)
        self._score(verified_b, (9,) * 10)
        self._attach_evidence(verified_b)
        verified_b.action_self_assess()
        verified_b.action_submit()
        verified_b.action_review()
        verified_b.with_user(self.outsider_verifier).action_verify()
        self._decision(verified_b, self.commune_b, "02/QĐ-HKH")
        self._evaluation(self.branch_b1, year=self.YEAR)

    def _decision(self, evaluations, association, name):
        decision = self.env["hoctap.recognition"].create(
            {
                "name": name,
                "association_id": association.id,
                "year": self.YEAR,
                "model_type": "citizen",
                "date": date(self.YEAR, 12, 15),
                "signer_id": self._person("Chủ tịch Hội").id,
                "evaluation_ids": [(6, 0, evaluations.ids)],
            }
        )
        decision.action_issue()
        return decision

    def _registry(self, association):
        """The figures straight from the evaluations of the subtree, one count per model and rule."""
        figures = {}
        Evaluation = self.env["hoctap.evaluation"]
        for model in MODEL_KEYS:
            base = [
                ("association_id", "child_of", association.id),
                ("year", "=", self.YEAR),
                ("model_type", "=", model),
            ]
            figures[f"{model}_registered"] = Evaluation.search_count([*base, ("state", "!=", "cancelled")])
            figures[f"{model}_recognised"] = Evaluation.search_count(
                [*base, ("state", "=", "recognised"), ("certificate_state", "=", "valid")]
            )
        return figures

    def _keys(self):
        return [f"{model}_{what}" for model in MODEL_KEYS for what in ("registered", "recognised")]

    def test_model_figures_equal_registry(self):
        """Registered = the year's evaluations not cancelled; recognised = valid recognitions, per model."""
        report = self._report(self.commune_a, self.YEAR)
        values = self._values(report, self._keys())
        self.assertEqual(values, self._registry(self.commune_a))
        self.assertEqual(values["citizen_registered"], 4, "the cancelled one and last year's are left out")
        self.assertEqual(values["citizen_recognised"], 2, "a revoked certificate is no longer a recognition")
        self.assertEqual(values["family_registered"], 2)
        self.assertEqual(values["family_recognised"], 0)
        self.assertEqual(self._sources(report, self._keys()), {"computed"})
        self.assertEqual(self._line(report, "models_registered").value, 6)
        self.assertEqual(self._line(report, "models_recognised").value, 2)
        self.assertEqual(report.models_recognised, 2)

    def test_chunk_refresh_counts_as_each_report_alone(self):
        """Refreshed together (a chunk of the province-wide refresh: one grouped query), the reports get the
        learning-model figures each got refreshed alone."""
        reports = self.env["hoctap.statistic"]
        for association in (self.province, self.commune_a, self.commune_b, self.branch_a1, self.branch_a2):
            reports |= self._report(association, self.YEAR)
        keys = [
            *self._keys(),
            *(f"citizen_{code}_{kind}" for code in ("a", "b") for kind in ("registered", "recognised")),
        ]

        def figures():
            self.env.invalidate_all()
            return {
                (line.statistic_id.association_id.id, line.indicator): (line.source, line.own_value)
                for line in reports.line_ids
                if line.indicator in keys or line.indicator.startswith("citizen_")
            }

        alone = figures()
        self.assertEqual(alone[self.commune_a.id, "citizen_registered"], ("computed", 4))
        self.assertEqual(alone[self.province.id, "citizen_recognised"], ("computed", 3))
        self.assertEqual(alone[self.branch_a2.id, "family_registered"], ("computed", 2))
        computed = reports.line_ids.filtered(lambda line: line.source == "computed")
        computed.sudo().with_context(hoctap_statistic_refresh=True).write({"own_value": -1})
        reports._refresh_figures()
        self.assertEqual(figures(), alone)

    def test_every_learning_model_has_its_figures(self):
        """Each learning model an evaluation can be of has its registered and recognised figures."""
        models = [key for key, _label in self.env["hoctap.evaluation"]._fields["model_type"].selection]
        self.assertEqual(models, [key for key, _label in MODEL_TYPES], "the statistics count these models")
        indicators = dict(self.env["hoctap.statistic.line"]._fields["indicator"].selection)
        for model in models:
            self.assertIn(f"{model}_registered", indicators)
            self.assertIn(f"{model}_recognised", indicators)

    def test_model_figures_entered_without_evaluations(self):
        """A year without any evaluation below the association keeps its model figures entered by hand."""
        report = self._report(self.commune_a, self.YEAR - 2)
        self.assertEqual(self._sources(report, self._keys()), {"entered"})
        self._line(report, "citizen_recognised").write({"own_value": 12})
        self.assertEqual(self._line(report, "models_recognised").value, 12)

    def test_figures_without_records_go_back_to_entered(self):
        """When the evaluations behind a computed figure are gone, it is entered again and starts from zero."""
        report = self._report(self.branch_a2, self.YEAR)
        line = self._line(report, "family_registered")
        self.assertEqual((line.source, line.value), ("computed", 2))
        self.env["hoctap.evaluation"].search([("association_id", "=", self.branch_a2.id)]).unlink()
        report.action_refresh()
        self.assertEqual((line.source, line.value), ("entered", 0))
        line.write({"own_value": 3})
        report.action_refresh()
        self.assertEqual((line.source, line.value), ("entered", 3), "a figure typed in survives a refresh")

    def test_consolidation_counts_evaluations_once(self):
        """The province sums commune A's accepted report and commune B's registry, each evaluation once."""
        commune_report = self._report(self.commune_a, self.YEAR)
        self._accept(commune_report)
        # Registered after commune A's report was accepted: its accepted figure stands.
        self._evaluation(self.branch_a1, year=self.YEAR)
        province_report = self._report(self.province, self.YEAR)
        citizens = self._line(province_report, "citizen_registered")
        self.assertEqual((citizens.children_value, citizens.own_value), (4, 2))
        self.assertEqual(citizens.source, "computed")
        self.assertEqual(self._line(province_report, "citizen_recognised").value, 3)
        self.assertEqual(self._line(province_report, "family_registered").value, 2)
        commune_registry = self._registry(self.commune_a)
        self.assertEqual(commune_registry["citizen_registered"], 5)
        self.assertEqual(
            citizens.value,
            self._registry(self.commune_b)["citizen_registered"] + 4,
            "commune A counts through its accepted report only",
        )
        # Without the accepted report the province counts the whole registry, again once.
        self._confirm_reason("hoctap.statistic.return", commune_report, "Thiếu số liệu")
        province_report.action_refresh()
        self.assertEqual(self._values(province_report, self._keys()), self._registry(self.province))
        self.assertEqual(self._line(province_report, "citizen_registered").value, 7)

    def test_briefing_ranks_computed_model_figures(self):
        """The cluster briefing ranks the associations on the registered and recognised figures computed."""
        for commune in (self.commune_a, self.commune_b):
            self._report(commune, self.YEAR).action_submit()
        rows = self._briefing_ranks(self.commune_a | self.commune_b, self.YEAR)
        values_a, ranks_a = rows[self.commune_a]
        values_b, ranks_b = rows[self.commune_b]
        self.assertEqual((values_a["models_registered"], values_b["models_registered"]), (6, 2))
        self.assertEqual((values_a["models_recognised"], values_b["models_recognised"]), (2, 1))
        self.assertEqual((ranks_a["models_registered"], ranks_b["models_registered"]), (1, 2))
        self.assertEqual((ranks_a["models_recognised"], ranks_b["models_recognised"]), (1, 2))


@tagged("post_install", "-at_install")
class TestStatisticFundFigures(RegistryReportMixin, FundCase):
    """Fund figures of a report are read from the funds' posted journal items below it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.year = fields.Date.context_today(cls.env["hoctap.statistic"]).year
        cls.env["hoctap.population"].create(
            [
                {"association_id": cls.commune_a.id, "year": cls.year, "population": 100},
                {"association_id": cls.commune_b.id, "year": cls.year, "population": 50},
            ]
        )

    def setUp(self):
        super().setUp()
        year = self.year
        # Fund A: 10 000 raised this year, 4 000 given then cancelled, 3 000 last year, a draft.
        self._donate(10_000, date=date(year, 1, 15))
        self._donate(4_000, date=date(year, 2, 1)).action_cancel()
        self._donate(3_000, date=date(year - 1, 6, 1))
        self._donate(999, confirm=False, date=date(year, 3, 1))
        # Awards paid from fund A: two scholarships, a support, a reward; a reward paid then
        # cancelled, a scholarship approved but not paid.
        scholarship = self._program(10_000, kind="scholarship")
        support = self._program(10_000, kind="support")
        reward = self._program(10_000, kind="reward")
        for program, amount in ((scholarship, 2_000), (scholarship, 1_000), (support, 500), (reward, 300)):
            self._paid(program, amount)
        self._paid(reward, 700).with_user(self.treasurer_a).action_cancel()
        self._award(scholarship, 400).with_user(self.approver_a).action_approve()
        # Fund B: 6 000 raised, one scholarship of 1 500.
        self._donate(6_000, fund=self.fund_b, date=date(year, 4, 1))
        program_b = self._program(5_000, fund=self.fund_b, kind="scholarship")
        award_b = self._award(program_b, 1_500)
        award_b.action_approve()
        award_b.action_pay()

    def _paid(self, program, amount):
        award = self._award(program, amount)
        award.with_user(self.approver_a).action_approve()
        award.with_user(self.treasurer_a).action_pay()
        return award

    def test_fund_figures_equal_ledger(self):
        """Raised, spent, balance and awards by kind equal the fund's own ledger reading."""
        report = self._report(self.commune_a, self.year)
        values = self._values(report, FUND_KEYS)
        ledger = self.fund_a._ledger_totals(date(self.year, 1, 1), date(self.year, 12, 31))[self.fund_a.id]
        self.assertAlmostEqual(values["fund_raised"], ledger["raised"])
        self.assertAlmostEqual(values["fund_spent"], ledger["spent"])
        self.assertAlmostEqual(values["fund_balance"], 3_000 + 10_000 - 3_800)  # last year, raised, spent
        self.assertEqual(
            values,
            {
                "fund_raised": 10_000,
                "fund_spent": 3_800,
                "fund_balance": 9_200,
                "scholarship_count": 2,
                "scholarship_amount": 3_000,
                "support_count": 1,
                "support_amount": 500,
                "reward_count": 1,
                "reward_amount": 300,
            },
        )
        self.assertEqual(self._sources(report, FUND_KEYS), {"computed"})
        self.assertEqual(report.fund_raised, 10_000)
        self.assertEqual(self._line(report, "fund_per_capita").value, 100)

    def test_fund_figures_of_previous_year(self):
        """Last year's report counts only last year's receipts, and the balance at its end."""
        report = self._report(self.commune_a, self.year - 1)
        self.assertEqual(
            self._values(report, ("fund_raised", "fund_spent", "fund_balance", "scholarship_count")),
            {"fund_raised": 3_000, "fund_spent": 0, "fund_balance": 3_000, "scholarship_count": 0},
        )

    def test_fund_figures_entered_without_fund(self):
        """An association without a fund below it enters its fund figures by hand."""
        report = self._report(self.branch_a1, self.year)
        self.assertEqual(self._sources(report, FUND_KEYS), {"entered"})

    def test_consolidation_counts_ledger_once(self):
        """The province sums commune A's accepted report and commune B's ledger, each entry once."""
        commune_report = self._report(self.commune_a, self.year)
        self._accept(commune_report)
        self._donate(1_000, date=date(self.year, 5, 1))  # after acceptance: the report stands
        province_report = self._report(self.province, self.year)
        raised = self._line(province_report, "fund_raised")
        self.assertEqual((raised.children_value, raised.own_value, raised.value), (10_000, 6_000, 16_000))
        self.assertEqual(raised.source, "computed")
        self.assertEqual(
            self._values(province_report, ("fund_balance", "scholarship_count", "scholarship_amount")),
            {"fund_balance": 9_200 + 4_500, "scholarship_count": 3, "scholarship_amount": 4_500},
        )
        self._confirm_reason("hoctap.statistic.return", commune_report, "Thiếu chứng từ")
        province_report.action_refresh()
        self.assertEqual(self._line(province_report, "fund_raised").value, 17_000)
        self.assertEqual(
            self._line(province_report, "fund_balance").value,
            (9_200 + 1_000) + 4_500,  # fund A after the later donation, fund B
        )

    def test_briefing_ranks_computed_fund_figures(self):
        """The cluster briefing ranks on the fund raised and per capita computed from the ledger."""
        for commune in (self.commune_a, self.commune_b):
            self._report(commune, self.year).action_submit()
        rows = self._briefing_ranks(self.commune_a | self.commune_b, self.year)
        values_a, ranks_a = rows[self.commune_a]
        values_b, ranks_b = rows[self.commune_b]
        self.assertEqual((values_a["fund_raised"], values_b["fund_raised"]), (10_000, 6_000))
        self.assertEqual((values_a["fund_per_capita"], values_b["fund_per_capita"]), (100, 120))
        self.assertEqual((ranks_a["fund_raised"], ranks_b["fund_raised"]), (1, 2))
        self.assertEqual((ranks_a["fund_per_capita"], ranks_b["fund_per_capita"]), (2, 1))
