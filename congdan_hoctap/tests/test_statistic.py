# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date
from unittest.mock import patch

from odoo.api import call_kw
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged, users

from .common import HoctapCase


class StatisticCase(HoctapCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Statistic = cls.env["hoctap.statistic"]
        # 2023 in branch A1: 3 joined, one of them left; one joined in 2022; one joined in 2024.
        cls.a1_members = [cls._member(cls.branch_a1, date_join=date(2023, 3, d)) for d in (1, 2, 3)]
        cls.a1_members[0]._leave(date=date(2023, 9, 1))
        cls._member(cls.branch_a1, date_join=date(2022, 5, 1))
        cls._member(cls.branch_a1, date_join=date(2024, 1, 10))
        # A2: 2 members since 2021, one moves to A1 in 2023 (neither new nor left for commune A).
        cls.a2_members = [cls._member(cls.branch_a2, date_join=date(2021, 1, 1)) for _i in range(2)]
        cls.a2_members[0]._transfer_to(cls.branch_a1, date(2023, 6, 1))
        # B1: 4 members joined in 2023.
        cls.b1_members = [cls._member(cls.branch_b1, date_join=date(2023, 2, 1)) for _i in range(4)]
        cls.env["hoctap.population"].create({"association_id": cls.province.id, "year": 2023, "population": 40})

    @classmethod
    def _report(cls, association, year=2023, **vals):
        return cls.Statistic.create({"association_id": association.id, "year": year, **vals})

    @staticmethod
    def _line(report, indicator):
        return report.line_ids.filtered(lambda line: line.indicator == indicator)

    @classmethod
    def _value(cls, report, indicator):
        return cls._line(report, indicator).value

    def _enter(self, report, indicator, value):
        self._line(report, indicator).write({"own_value": value})

    def _accept(self, report):
        report.action_submit()
        report.action_accept()


@tagged("post_install", "-at_install")
class TestStatisticFigures(StatisticCase):
    def test_member_figures_equal_registry(self):
        """Members at year end, new and left members are counted from the memberships of the subtree."""
        report = self._report(self.commune_a)
        self.assertEqual(self._value(report, "member_total"), 5)  # 2 + 2022 one + transferred + A2 stayer
        self.assertEqual(
            self._value(report, "member_total"),
            self.commune_a._subtree_member_counts(year=2023)[self.commune_a.id],
        )
        self.assertEqual(self._value(report, "member_new"), 3, "a transfer inside the commune is not new")
        self.assertEqual(self._value(report, "member_left"), 1, "a transfer inside the commune is not a leave")
        self.assertEqual(self._line(report, "member_total").source, "computed")

    def test_refresh_writes_only_the_figures_that_changed(self):
        """A refresh that finds the registry as it was writes no figure; a new member rewrites only the figures
        it changes (the province-wide refresh of thousands of reports mostly finds them unchanged)."""
        report = self._report(self.commune_a)
        Line = type(self.env["hoctap.statistic.line"])
        written = []
        original = Line.write

        def counting_write(lines, vals):
            written.extend((line.indicator, tuple(sorted(vals))) for line in lines)
            return original(lines, vals)

        with patch.object(Line, "write", counting_write):
            report.action_refresh()
            self.assertEqual(written, [])
            self._member(self.branch_a1, date_join=date(2023, 5, 5))
            report.action_refresh()
        self.assertCountEqual(written, [("member_new", ("own_value",)), ("member_total", ("own_value",))])
        self.assertEqual(self._value(report, "member_total"), 6)
        self.assertEqual(self._value(report, "member_new"), 4)

    def test_transfer_out_of_scope_counts_as_left_and_new(self):
        """Seen from one branch, a member moving to a sibling branch has left it, and is new in the sibling."""
        self.assertEqual(self._value(self._report(self.branch_a2), "member_left"), 1)
        self.assertEqual(self._value(self._report(self.branch_a1), "member_new"), 4)

    def test_organisation_population_and_ratio(self):
        """Sub-associations are counted by level and kind (a branch of no kind is a branch, an archived one is
        not counted); the member ratio uses the year's population."""
        self._association("Dòng họ Nguyễn", "C1", "branch", self.commune_b, kind="clan")
        self._association("Chi hội chưa phân loại", "B2", "branch", self.commune_b)
        self._association("Chi hội đã giải thể", "B3", "branch", self.commune_b, kind="village").action_archive()
        report = self._report(self.province)
        self.assertEqual(self._value(report, "commune_count"), 2)
        self.assertEqual(self._value(report, "branch_count"), 4)
        self.assertEqual(self._value(report, "board_count"), 1)
        self.assertEqual(self._value(report, "population"), 40)
        self.assertEqual(self._value(report, "member_total"), 9)
        self.assertAlmostEqual(self._value(report, "member_ratio"), 22.5)
        self.assertEqual(self._line(report, "member_ratio").source, "derived")

    def test_model_and_fund_figures_are_entered(self):
        """Without evaluations of the year or a fund below the association, those figures are entered by hand."""
        report = self._report(self.commune_a)
        line = self._line(report, "fund_raised")
        self.assertEqual(line.source, "entered")
        self._enter(report, "fund_raised", 1_500_000)
        self._enter(report, "citizen_recognised", 12)
        self.assertEqual(self._value(report, "fund_raised"), 1_500_000)
        self.assertEqual(self._value(report, "models_recognised"), 12)

    def test_computed_figure_needs_enter_by_hand(self):
        """A figure from the registry cannot be typed over unless 'Enter by Hand' is ticked."""
        report = self._report(self.commune_a)
        with self.assertRaisesRegex(UserError, "tick 'Enter by Hand' first"):
            self._enter(report, "member_total", 999)
        self._line(report, "member_total").write({"manual": True, "own_value": 999})
        self.assertEqual(self._line(report, "member_total").source, "entered")
        report.action_refresh()
        self.assertEqual(self._value(report, "member_total"), 999, "a figure entered by hand survives a refresh")

    def test_form_types_entered_figures_only(self):
        """In the form, an entered figure is typed in while a figure from the registry is read-only."""
        officer = self._user("stat_form_officer", "congdan_hoctap.group_officer", self.commune_a)
        form = Form(self.Statistic.with_user(officer))
        form.association_id = self.commune_a
        form.year = 2023
        report = form.save()
        indicators = report.line_ids.mapped("indicator")
        form = Form(report)
        with form.line_ids.edit(indicators.index("fund_raised")) as line:
            line.own_value = 2_000_000
        with form.line_ids.edit(indicators.index("member_total")) as line:
            with self.assertRaises(AssertionError):
                line.own_value = 1
        form.save()
        self.assertEqual(self._value(report, "fund_raised"), 2_000_000)
        self.assertEqual(self._value(report, "member_total"), 5)

    def test_registry_source_can_be_plugged_in(self):
        """A module overriding a _get_*_figures source turns entered figures into computed ones."""
        report = self._report(self.commune_a)
        original = type(report)._get_fund_figures

        def fund_figures(statistic, scope_ids):
            return {"fund_raised": 7.0 * len(scope_ids)}

        type(report)._get_fund_figures = fund_figures
        try:
            report.action_refresh()
        finally:
            type(report)._get_fund_figures = original
        self.assertEqual(self._line(report, "fund_raised").source, "computed")
        self.assertEqual(self._value(report, "fund_raised"), 21.0, "commune A and its two branches")

    def test_centres_and_activities_are_counted(self):
        """Learning centres, their classes and learner-turns, and activities held feed the report."""
        center = self.env["hoctap.learning.center"].create(
            {
                "name": "TTHTCĐ xã A",
                "association_id": self.commune_a.id,
                "date_established": date(2010, 1, 1),
            }
        )
        self.env["hoctap.learning.class"].create(
            [
                {"center_id": center.id, "year": 2023, "topic": "it", "learner_male": 10, "learner_female": 15},
                {"center_id": center.id, "year": 2023, "topic": "health", "learner_male": 5, "learner_female": 5},
                {"center_id": center.id, "year": 2022, "topic": "health", "learner_male": 50, "learner_female": 50},
            ]
        )
        Activity = self.env["hoctap.activity"]
        held = Activity.create({"name": "Tập huấn CNTT", "association_id": self.branch_a1.id, "date": date(2023, 4, 1)})
        held.action_done()
        Activity.create(
            {
                "name": "Tọa đàm",
                "activity_type": "seminar",
                "association_id": self.commune_a.id,
                "date": date(2023, 5, 1),
            }
        )  # planned only: not counted
        report = self._report(self.commune_a)
        self.assertEqual(self._value(report, "centre_count"), 1)
        self.assertEqual(self._value(report, "class_count"), 2)
        self.assertEqual(self._value(report, "learner_turns"), 35)
        self.assertEqual(self._value(report, "learner_turns_female"), 20)
        self.assertEqual(self._value(report, "training_count"), 1)
        self.assertEqual(self._value(report, "seminar_count"), 0)
        with self.assertRaises(UserError):
            held.action_done()
        half = self._report(self.commune_a, period="h2")
        self.assertEqual(self._value(half, "training_count"), 0, "the training was held in the first half")
        self.assertEqual(self._line(half, "class_count").source, "entered", "classes are kept per year")
        self.assertEqual(half.name, "Xã A - 2023-H2")


@tagged("post_install", "-at_install")
class TestStatisticConsolidation(StatisticCase):
    def test_parent_sums_accepted_children_once(self):
        """A parent sums its children's accepted reports plus its own registry, counting nothing twice."""
        report_a = self._report(self.commune_a)
        self._enter(report_a, "fund_raised", 100)
        self._accept(report_a)
        # After acceptance, commune A's registry changes: the province keeps A's accepted figure.
        self._member(self.branch_a1, date_join=date(2023, 12, 1))
        province = self._report(self.province)
        self._enter(province, "fund_raised", 50)
        self.assertEqual(self.Statistic.browse(province.child_statistic_ids.ids), report_a)
        self.assertEqual(self._value(province, "member_total"), 5 + 4, "A's report + B's registry")
        self.assertEqual(self._line(province, "member_total").children_value, 5)
        self.assertEqual(self._value(province, "fund_raised"), 150)
        self.assertEqual(self._value(province, "commune_count"), 2, "A still counts as a commune")
        self.assertEqual(self._value(province, "branch_count"), 3)

    def test_draft_child_report_is_not_consolidated(self):
        """Only accepted reports of sub-associations are summed; the registry covers the others."""
        report_a = self._report(self.commune_a)
        self._enter(report_a, "fund_raised", 100)
        report_a.action_submit()
        province = self._report(self.province)
        self.assertFalse(province.child_statistic_ids)
        self.assertEqual(self._value(province, "fund_raised"), 0)
        self.assertEqual(self._value(province, "member_total"), 9)

    def test_deeper_accepted_report_counted_once(self):
        """A branch's accepted report counts once: in its commune's report when that is accepted, else directly."""
        branch = self._report(self.branch_a1)
        self._enter(branch, "fund_raised", 30)
        self._accept(branch)
        province = self._report(self.province)
        self.assertEqual(self._value(province, "fund_raised"), 30)
        commune = self._report(self.commune_a)
        self._enter(commune, "fund_raised", 5)
        self.assertEqual(self._value(commune, "fund_raised"), 35)
        self._accept(commune)
        province.action_refresh()
        self.assertEqual(self._value(province, "fund_raised"), 35, "not 65")
        self.assertEqual(self._value(province, "member_total"), 9)

    def test_transfer_between_consolidated_children_is_internal(self):
        """A member moving between two communes with accepted reports is neither new nor left for the province."""
        self.b1_members[0]._transfer_to(self.branch_a1, date(2023, 8, 1))
        report_a, report_b = self._report(self.commune_a), self._report(self.commune_b)
        self.assertEqual(self._value(report_a, "member_new"), 4, "new in commune A")
        self.assertEqual(self._value(report_b, "member_left"), 1, "left commune B")
        registry = self._report(self.province)
        self.assertEqual((self._value(registry, "member_new"), self._value(registry, "member_left")), (7, 1))
        registry.unlink()
        self._accept(report_a)
        self._accept(report_b)
        province = self._report(self.province)
        self.assertEqual(province.child_statistic_ids, report_a | report_b)
        self.assertEqual(self._value(province, "member_new"), 7, "3 in A + 4 in B, the transfer not twice")
        self.assertEqual(self._value(province, "member_left"), 1, "only the member who left A")
        self.assertEqual(self._value(province, "member_total"), 9)

    def test_transfer_between_child_and_registry_is_internal(self):
        """A member moving from an accepted commune to one counted from the registry is internal to the province."""
        self.b1_members[0]._transfer_to(self.branch_a1, date(2023, 8, 1))
        self._accept(self._report(self.commune_b))
        province = self._report(self.province)
        self.assertEqual(self._value(province, "member_new"), 7)
        self.assertEqual(self._value(province, "member_left"), 1)
        self.assertEqual(self._value(province, "member_total"), 9)

    def test_population_is_not_summed_over_children(self):
        """The province's own population is used, not added to its communes'."""
        self.env["hoctap.population"].create({"association_id": self.commune_a.id, "year": 2023, "population": 25})
        self._accept(self._report(self.commune_a))
        self.assertEqual(self._value(self._report(self.province), "population"), 40)


@tagged("post_install", "-at_install")
class TestStatisticRefreshInChunks(StatisticCase):
    """The province-wide refresh counts a chunk of reports in a few grouped queries, each report as alone."""

    def setUp(self):
        super().setUp()
        self._association("Dòng họ Lê", "C2", "branch", self.commune_b, kind="clan")
        self._member(self.branch_b1, date_join=date(2023, 1, 5))._leave(date=date(2023, 11, 1))
        self.env["hoctap.population"].create({"association_id": self.commune_b.id, "year": 2023, "population": 30})
        self.env["hoctap.activity"].create(
            [
                {"name": name, "association_id": association.id, "date": day, "activity_type": kind}
                for name, association, day, kind in (
                    ("Tập huấn A1", self.branch_a1, date(2023, 4, 1), "training"),
                    ("Tọa đàm B", self.commune_b, date(2023, 5, 1), "seminar"),
                    ("Tập huấn 2022", self.branch_b1, date(2022, 5, 1), "training"),
                )
            ]
        ).action_done()
        # branch A2's accepted report: the frontier of commune A's and of the province's reports
        self._accept(self._report(self.branch_a2))
        self.reports = self.Statistic.browse()
        for association in (self.province, self.commune_a, self.commune_b, self.branch_a1, self.branch_b1):
            self.reports |= self._report(association)  # each refreshed alone when created

    def _figures(self):
        self.env.invalidate_all()
        return {
            (line.statistic_id.association_id.code, line.indicator): (line.source, line.own_value, line.children_value)
            for line in self.reports.line_ids
        }

    def test_chunk_refresh_equals_each_report_alone(self):
        """Refreshed together, the reports get exactly the figures each got refreshed alone."""
        alone = self._figures()
        self.assertEqual(alone["HN", "member_total"], ("computed", 8, 1), "A2's member from its report")
        self.assertEqual(alone["HN", "member_new"], ("computed", 8, 0))
        self.assertEqual(alone["HN", "member_left"], ("computed", 2, 0), "the move out of A2 is internal")
        self.assertEqual(alone["HN", "branch_count"], ("computed", 3, 0), "A2 counts, its own report says so")
        self.assertEqual(alone["HN", "board_count"], ("computed", 1, 0))
        self.assertEqual(alone["A", "member_total"][1:], (4, 1))
        self.assertEqual(alone["B", "member_left"], ("computed", 1, 0))
        self.assertEqual(alone["B1", "commune_count"][1], 0)
        self.assertEqual(alone["B", "population"][1], 30)
        self.assertEqual(alone["HN", "training_count"][1], 1)
        self.assertEqual(alone["HN", "seminar_count"][1], 1)
        self.assertEqual(alone["B1", "training_count"][1], 0, "2022's is not of the period")
        computed = self.reports.line_ids.filtered(lambda line: line.source == "computed")
        computed.sudo().with_context(hoctap_statistic_refresh=True).write({"own_value": -1})
        (self.reports + self.reports)._refresh_figures()  # a report given twice still counts once
        self.assertEqual(self._figures(), alone)

    def test_chunk_figures_in_grouped_queries(self):
        """The organisation, member and learning-model figures of a chunk take as many queries as one report's."""
        reports = self.reports.sudo()
        scopes = {
            report.id: (report._registry_scope(frontier), frontier.association_id)
            for report in reports
            for frontier in [report._frontier_statistics()]
        }
        self.env.flush_all()
        for method, queries in (
            ("_get_organisation_figures_multi", 1),
            ("_get_member_figures_multi", 1),
            ("_get_model_figures_multi", 1),  # no evaluation here: the form groups are not asked
            ("_get_activity_figures_multi", 1),
            ("_get_population_figures_multi", 1),
        ):
            args = () if method == "_get_population_figures_multi" else (scopes,)
            with self.subTest(method=method), self.assertQueryCount(queries):
                figures = getattr(reports, method)(*args)
            self.assertEqual(set(figures), set(reports.ids))


@tagged("post_install", "-at_install")
class TestStatisticWorkflow(StatisticCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_role_users()
        cls.officer_a = cls.role_users["hoctap_officer_a"]
        cls.officer_b = cls.role_users["hoctap_officer_b"]
        cls.province_officer = cls.role_users["hoctap_officer_p"]
        cls.viewer_p = cls.role_users["hoctap_viewer_p"]

    def _submitted(self):
        report = self._report(self.commune_a).with_user(self.officer_a)
        report.action_submit()
        return report

    def _accepted(self):
        report = self._submitted()
        report.with_user(self.province_officer).action_accept()
        return report

    # Submitted by the commune, accepted by the province: the report is then locked.
    def test_submitted_once(self):
        """A submitted report is not submitted again."""
        report = self._submitted()
        self.assertEqual(report.state, "submitted")
        with self.assertRaisesRegex(UserError, "Only a draft or returned report can be submitted"):
            report.action_submit()

    @users("hoctap_officer_a")
    def test_commune_cannot_accept_its_own_report(self):
        """The commune's officer cannot accept the commune's report: its parent does."""
        report = self._submitted().with_env(self.env)
        with self.assertRaisesRegex(UserError, "accepted or returned by its parent association"):
            report.action_accept()

    def test_parent_accepts(self):
        """The province's officer accepts the commune's report; who accepted is kept."""
        report = self._accepted()
        self.assertEqual(report.state, "accepted")
        self.assertEqual(report.accepted_by_id, self.province_officer)

    @users("hoctap_officer_p")
    def test_accepted_figures_locked(self):
        """The figures of an accepted report are not typed in any more."""
        line = self._line(self._accepted(), "fund_raised").with_env(self.env)
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            line.write({"own_value": 1})

    @users("hoctap_officer_p")
    def test_accepted_not_refreshed(self):
        """An accepted report is not refreshed from the registry any more."""
        report = self._accepted().with_env(self.env)
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            report.action_refresh()

    def test_accepted_not_deleted(self):
        """An accepted report is not deleted, even as superuser."""
        report = self._accepted()
        with self.assertRaisesRegex(UserError, "Only a draft or returned statistics report can be deleted"):
            report.sudo().unlink()

    @users("hoctap_officer_p")
    def test_accepted_key_fields_fixed(self):
        """The association, year and period of a report stay as created."""
        report = self._accepted().with_env(self.env)
        with self.assertRaisesRegex(UserError, "cannot be changed: create a new report"):
            report.write({"year": 2022})

    def test_returned_report_can_be_edited(self):
        """A returned report carries its reason and can be corrected and submitted again."""
        report = self._report(self.commune_a)
        report.action_submit()
        with self.assertRaisesRegex(UserError, "Say why the report is returned"):
            self._confirm_reason("hoctap.statistic.return", report.with_user(self.province_officer), "  ")
        wizard = (
            self.env["hoctap.statistic.return"]
            .with_user(self.province_officer)
            .create({"statistic_ids": [(6, 0, report.ids)], "reason": "Thiếu số liệu quỹ"})
        )
        wizard.action_confirm()
        self.assertEqual(report.state, "returned")
        self.assertEqual(report.return_reason, "Thiếu số liệu quỹ")
        self._line(report, "fund_raised").with_user(self.officer_a).write({"own_value": 200})
        self.assertEqual(self._value(report, "fund_raised"), 200)
        report.with_user(self.officer_a).action_submit()
        self.assertEqual(report.state, "submitted")

    def test_only_manager_returns_accepted_report(self):
        """An accepted report is reopened only by a manager."""
        report = self._report(self.commune_a)
        self._accept(report)
        with self.assertRaisesRegex(UserError, "Only a manager can return"):
            self._confirm_reason("hoctap.statistic.return", report.with_user(self.province_officer), "Sai")
        self._confirm_reason("hoctap.statistic.return", report, "Sai số hội viên")
        self.assertEqual(report.state, "returned")

    @users("hoctap_viewer_p")
    def test_viewer_cannot_accept(self):
        """A viewer of the parent association cannot accept a submitted report: only an officer can."""
        report = self._report(self.commune_a)
        report.action_submit()
        with self.assertRaisesRegex(UserError, "Only an association officer can accept or return"):
            report.with_env(self.env).action_accept()
        self.assertEqual(report.state, "submitted")

    @users("hoctap_viewer_p")
    def test_viewer_cannot_submit(self):
        """A viewer reads a report of their subtree but does not submit it."""
        report = self._report(self.commune_a).with_env(self.env)
        with self.assertRaises(AccessError):
            report.action_submit()
        self.assertEqual(report.state, "draft")

    @users("hoctap_viewer_p")
    def test_viewer_cannot_refresh(self):
        """A viewer reads a report of their subtree but does not refresh it."""
        report = self._report(self.commune_a).with_env(self.env)
        with self.assertRaises(AccessError):
            report.action_refresh()
        self.assertEqual(report.state, "draft")

    def test_workflow_fields_are_not_writable(self):
        """The status and its dates change only through the actions, never by a direct write."""
        report = self._report(self.commune_a).with_user(self.officer_a)
        for vals in (
            {"state": "accepted"},
            {"date_accepted": date(2023, 12, 1)},
            {"accepted_by_id": self.officer_a.id},
            {"return_reason": "x"},
        ):
            with self.assertRaisesRegex(UserError, "changes only through its Submit, Accept and Return buttons"):
                report.write(vals)
        self.assertEqual(report.state, "draft")
        self._accept(report.with_user(self.province_officer))  # sudo() no longer stands in for the parent
        with self.assertRaisesRegex(UserError, "changes only through its Submit, Accept and Return buttons"):
            report.with_user(self.province_officer).write({"state": "draft"})
        self.assertEqual(report.state, "accepted")

    def test_workflow_guard_holds_under_sudo(self):
        """Neither sudo() nor any context lets a client write the status: only the actions do (mixin token)."""
        report = self._report(self.commune_a)
        for env_report in (
            report.with_user(self.officer_a).sudo(),
            report.with_user(self.officer_a).with_context(hoctap_workflow=True),
        ):
            with self.assertRaisesRegex(UserError, "changes only through its Submit, Accept and Return buttons"):
                env_report.write({"state": "accepted", "accepted_by_id": self.officer_a.id})
        self.assertEqual(report.state, "draft")

    def test_submit_checks_the_role_in_the_method(self):
        """A viewer cannot submit even through code that runs the action under sudo()."""
        report = self._report(self.commune_a)
        with self.assertRaisesRegex(UserError, "Only a branch officer or above submits") as caught:
            report.with_user(self.viewer_p).sudo().action_submit()
        self.assertNotIsInstance(caught.exception, AccessError)
        self.assertEqual(report.state, "draft")

    def test_accept_checks_the_parent_under_sudo(self):
        """Code running the acceptance under sudo() still needs an officer above the reporting association."""
        report = self._report(self.commune_a)
        report.action_submit()
        with self.assertRaisesRegex(UserError, "Only an association officer can accept or return"):
            report.with_user(self.viewer_p).sudo().action_accept()
        with self.assertRaisesRegex(UserError, "accepted or returned by its parent association"):
            report.with_user(self.officer_a).sudo().action_accept()
        self.assertEqual(report.state, "submitted")

    def test_actions_answer_xmlrpc(self):
        """Refresh, submit, accept, return (its wizard) and its confirmation answer XML-RPC with a value it can
        carry."""
        report = self._report(self.commune_a)
        calls = (
            (self.officer_a, "action_refresh", []),
            (self.officer_a, "action_submit", []),
            (self.province_officer, "action_accept", []),
            (self.env.user, "action_return", []),
        )
        for user, method, args in calls:
            result = call_kw(report.with_user(user), method, [report.ids, *args], {})
            self.assertMarshals(result)
        self.assertMarshals(self._confirm_reason("hoctap.statistic.return", report, "Sai số"))
        self.assertEqual(report.state, "returned")

    def test_copy_to_another_period(self):
        """A report copied to another period keeps the entered figures; the refresh fills the rest."""
        report = self._report(self.commune_a).with_user(self.officer_a)
        self._line(report, "fund_raised").write({"own_value": 300})
        half = report.copy({"period": "h2"})
        self.assertEqual(self._value(half, "fund_raised"), 300)
        self.assertEqual(self._line(half, "member_total").source, "computed")

    def test_report_key_is_fixed(self):
        """The association, year and period of a report cannot change: the report could leave the user's scope."""
        report = self._report(self.commune_a).with_user(self.officer_a)
        for vals in ({"association_id": self.commune_b.id}, {"year": 2022}, {"period": "h1"}):
            with self.assertRaisesRegex(UserError, "cannot be changed: create a new report"):
                report.write(vals)
        self.assertEqual((report.association_id, report.year, report.period), (self.commune_a, 2023, "year"))

    def test_refresh_context_does_not_unlock(self):
        """A context key sent through RPC does not let anyone change the figures of an accepted report."""
        report = self._report(self.commune_a)
        self._accept(report)
        line = (
            self._line(report, "fund_raised")
            .with_user(self.province_officer)
            .with_context(hoctap_statistic_refresh=True)
        )
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            line.write({"own_value": 1})
        with self.assertRaises(AccessError):  # nobody deletes a figure (access rights), let alone an accepted one
            line.unlink()
        with self.assertRaisesRegex(UserError, "can no longer be changed"):
            report.with_user(self.province_officer).with_context(hoctap_statistic_refresh=True).write(
                {"note": "x", "line_ids": [(1, line.id, {"own_value": 1})]}
            )
        self.assertEqual(self._value(report, "fund_raised"), 0)

    def test_refreshed_fields_are_not_writable(self):
        """The registry's part and the source of a figure are filled by the refresh, not typed in."""
        report = self._report(self.commune_a)
        line = self._line(report, "member_total").with_user(self.officer_a)
        for vals in ({"children_value": 100}, {"source": "entered"}):
            with self.assertRaisesRegex(UserError, "Only the refresh of a report fills its figures"):
                line.write(vals)
        self.assertEqual((line.source, line.value), ("computed", 5))

    def test_sibling_cannot_accept_or_read(self):
        """A sibling commune's officer neither reads nor accepts another commune's report."""
        report = self._report(self.commune_a)
        report.action_submit()
        with self.assertRaises(AccessError):
            report.with_user(self.officer_b).read(["state"])
        self.assertFalse(self.Statistic.with_user(self.officer_b).search([("id", "=", report.id)]))
        Line = self.env["hoctap.statistic.line"].with_user(self.officer_b)
        self.assertFalse(Line.search([("statistic_id", "=", report.id)]), "nor its figures in the dashboard")
        with self.assertRaises(AccessError):  # out of their scope: the record rule stops them first
            report.with_user(self.officer_b).action_accept()
        self.assertEqual(report.state, "submitted")

    def test_branch_officer_reports_commune_accepts(self):
        """A branch officer fills and submits the branch's report; the commune officer accepts it."""
        branch_officer = self._user("stat_branch_a1", "congdan_hoctap.group_branch_officer", self.branch_a1)
        report = self.Statistic.with_user(branch_officer).create({"association_id": self.branch_a1.id, "year": 2023})
        self.assertEqual(self._value(report, "member_total"), 4)
        self._line(report, "fund_raised").write({"own_value": 10})
        report.action_submit()
        with self.assertRaisesRegex(UserError, "Only an association officer can accept or return"):
            report.action_accept()
        with self.assertRaises(AccessError):
            self.Statistic.with_user(branch_officer).create({"association_id": self.branch_b1.id, "year": 2023})
        report.with_user(self.officer_a).action_accept()
        self.assertEqual(report.state, "accepted")

    def test_missing_children_and_deadline(self):
        """The parent lists the sub-associations that have not submitted; late drafts are flagged."""
        province = self._report(self.province)
        self.assertEqual(province.date_deadline, date(2023, 12, 15))
        self.assertEqual(province.missing_child_ids, self.commune_a | self.commune_b)
        self.assertTrue(province.is_late)
        self._report(self.commune_a).action_submit()
        province.invalidate_recordset(["missing_child_ids"])
        self.assertEqual(province.missing_child_ids, self.commune_b)
        province.action_request_children()
        draft_b = self.Statistic.search([("association_id", "=", self.commune_b.id), ("year", "=", 2023)])
        self.assertEqual(draft_b.state, "draft")
        self.assertEqual(draft_b.date_deadline, date(2023, 12, 15))
        self.assertIn(draft_b, self.Statistic.search([("is_late", "=", True)]))
        self.assertNotIn(draft_b, self.Statistic.search([("is_late", "=", False)]))

    def test_report_due_then_to_review_activities(self):
        """A requested report is 'due' for its association; submitting it closes that and asks the parent
        to review it."""
        self._report(self.province).action_request_children()
        draft_b = self.Statistic.search([("association_id", "=", self.commune_b.id), ("year", "=", 2023)])
        due = self.env.ref("congdan_hoctap.mail_act_hoctap_statistic_due")
        self.assertEqual(draft_b.activity_ids.activity_type_id, due)
        self.assertEqual(draft_b.activity_ids.user_id, self.officer_b, "the one user of commune B")
        draft_b.action_submit()
        self.assertEqual(
            draft_b.activity_ids.activity_type_id, self.env.ref("congdan_hoctap.mail_act_hoctap_statistic_review")
        )
        self.assertIn(draft_b.activity_ids.user_id, self.province.user_ids, "a user of the parent reviews it")

    def test_not_late_search_negates_whole_domain(self):
        """'Not late' is every report that is not an editable one past its deadline, whatever its state."""
        draft = self._report(self.commune_a, date_deadline=date(2999, 1, 1))
        submitted = self._report(self.commune_b)
        submitted.action_submit()
        late = self._report(self.province)
        not_late = self.Statistic.search([("is_late", "=", False)])
        self.assertIn(draft, not_late, "a draft before its deadline is not late")
        self.assertIn(submitted, not_late, "a submitted report past its deadline is not late")
        self.assertNotIn(late, not_late)
        self.assertEqual(self.Statistic.search([("is_late", "!=", True)]), not_late)
        half = self._report(self.province, period="h1")
        self.assertEqual((half.date_to, half.date_deadline), (date(2023, 6, 30), date(2023, 7, 15)))
