# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

PERIODS = [("year", "Whole Year"), ("h1", "First Half"), ("h2", "Second Half")]
EDITABLE_STATES = ("draft", "returned")
# Fields written only by the workflow actions (through ``_workflow()``, after their own checks).
WORKFLOW_FIELDS = ("state", "return_reason", "date_submitted", "date_accepted", "accepted_by_id")
# Fields that identify the report: fixed once it is created.
KEY_FIELDS = {"association_id", "year", "period"}


class HoctapStatistic(models.Model):
    """A periodic statistics report of one association.

    Figures come from the registry below the association where records exist
    (memberships, evaluations, the fund ledger, centres, activities) and are
    entered by hand where they don't.
    A report consolidates the accepted reports of the sub-associations below
    it plus its own registry, so nothing is counted twice: the registry part
    leaves out the subtrees already covered by an accepted report.

    The registry sources are small ``_get_*_figures`` methods that
    :meth:`_registry_figures_multi` gathers for a set of reports; a domain that
    brings a new source extends :meth:`_registry_figures_multi` with ``super()``
    in its own file (the fund in ``hoctap_statistic_fund.py``, the learning
    models in ``hoctap_statistic_evaluation.py``) and adds the indicators it can
    compute — those figures then switch from entered to computed. The heavy
    sources (organisation, members, learning models) count all the reports of a
    refresh in one grouped query each (``_get_*_figures_multi``).
    """

    _name = "hoctap.statistic"
    _description = "Statistics Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "hoctap.workflow.mixin"]
    _order = "year desc, period, association_id"
    _check_company_auto = True

    _workflow_fields = WORKFLOW_FIELDS
    # a submitted or accepted report is locked, but for its note and deadline
    _workflow_locked_states = ("submitted", "accepted")
    _workflow_free_fields = ("note", "date_deadline")

    name = fields.Char(compute="_compute_name", store=True)
    association_id = fields.Many2one(
        "hoctap.association",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    parent_association_id = fields.Many2one(
        related="association_id.parent_id", string="Reports To", store=True, index=True
    )
    association_level = fields.Selection(related="association_id.level", store=True)
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True, precompute=True)
    year = fields.Integer(aggregator=False, required=True, default=lambda self: fields.Date.today().year, tracking=True)
    period = fields.Selection(PERIODS, required=True, default="year", tracking=True)
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    date_deadline = fields.Date(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        tracking=True,
        help="Date by which the report must be submitted to the parent association "
        "(15/12 for the annual report, 15/07 for the first half).",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("submitted", "Submitted"),
            ("accepted", "Accepted"),
            ("returned", "Returned"),
        ],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    return_reason = fields.Text(readonly=True, copy=False, tracking=True)
    date_submitted = fields.Date(readonly=True, copy=False)
    date_accepted = fields.Date(readonly=True, copy=False)
    accepted_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    is_late = fields.Boolean(compute="_compute_is_late", search="_search_is_late")
    line_ids = fields.One2many("hoctap.statistic.line", "statistic_id", string="Figures", copy=True)
    child_statistic_ids = fields.Many2many(
        "hoctap.statistic",
        compute="_compute_child_statistics",
        string="Consolidated Reports",
        help="The accepted reports of sub-associations that this report sums.",
    )
    missing_child_ids = fields.Many2many(
        "hoctap.association",
        compute="_compute_child_statistics",
        string="Not Submitted",
        help="Direct sub-associations that have not submitted their report for the period.",
    )
    missing_child_count = fields.Integer(compute="_compute_child_statistics")
    note = fields.Html()

    # ---- Key figures (read from the lines, for lists and the briefing) ----
    member_total = fields.Float(compute="_compute_key_figures", digits=(16, 0), string="Members")
    member_ratio = fields.Float(compute="_compute_key_figures", digits=(16, 2), string="Member Ratio (%)")

    _sql_constraints = [
        (
            "association_period_uniq",
            "unique(association_id, year, period)",
            "An association has one statistics report per period.",
        ),
        ("year_range", "CHECK(year BETWEEN 1996 AND 2200)", "The year of a report must be 1996 or later."),
    ]

    # ---- Computes ----
    @api.depends("association_id.name", "year", "period")
    def _compute_name(self):
        """'<association> - 2023', or '- 2023-H1' for a half-year: the same in every language."""
        for statistic in self:
            period = "" if statistic.period == "year" else "-%s" % (statistic.period or "").upper()
            statistic.name = "%s - %s%s" % (statistic.association_id.name or "", statistic.year or "", period)

    @api.depends("year", "period")
    def _compute_dates(self):
        for statistic in self:
            year = statistic.year or fields.Date.today().year
            start_month, end = (7, date(year, 12, 31)) if statistic.period == "h2" else (1, date(year, 12, 31))
            if statistic.period == "h1":
                end = date(year, 6, 30)
            statistic.date_from, statistic.date_to = date(year, start_month, 1), end

    @api.depends("year", "period")
    def _compute_date_deadline(self):
        """15/07 for the first half, 15/12 for the year and the second half (report to MOET and VAPE)."""
        for statistic in self:
            year = statistic.year or fields.Date.today().year
            statistic.date_deadline = date(year, 7, 15) if statistic.period == "h1" else date(year, 12, 15)

    @api.depends("state", "date_deadline")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for statistic in self:
            statistic.is_late = bool(
                statistic.state in EDITABLE_STATES and statistic.date_deadline and statistic.date_deadline < today
            )

    def _search_is_late(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on late reports."))
        domain = [("state", "in", EDITABLE_STATES), ("date_deadline", "<", fields.Date.context_today(self))]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    def _compute_child_statistics(self):
        for statistic in self:
            statistic.child_statistic_ids = statistic._frontier_statistics()
            submitted = (
                self.sudo()
                .search(
                    [
                        ("association_id", "in", statistic.association_id.child_ids.ids),
                        ("year", "=", statistic.year),
                        ("period", "=", statistic.period),
                        ("state", "in", ("submitted", "accepted")),
                    ]
                )
                .association_id
            )
            missing = statistic.association_id.child_ids.filtered("active") - submitted
            statistic.missing_child_ids = missing
            statistic.missing_child_count = len(missing)

    @api.depends("line_ids.value")
    def _compute_key_figures(self):
        for statistic in self:
            values = statistic._get_values()
            statistic.member_total = values.get("member_total", 0.0)
            statistic.member_ratio = values.get("member_ratio", 0.0)

    # ---- CRUD ----
    @api.model_create_multi
    def create(self, vals_list):
        statistics = super().create(vals_list)
        statistics._ensure_lines()
        statistics._refresh_figures()
        # create() caches the new records' x2many fields as empty: read them afresh.
        statistics.invalidate_recordset(["child_statistic_ids", "missing_child_ids", "missing_child_count"])
        return statistics

    def write(self, vals):
        if not self._workflow_allowed() and KEY_FIELDS.intersection(vals):
            raise UserError(
                self.env._(
                    "The association, year and period of a statistics report cannot be changed: "
                    "create a new report instead."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_not_draft(self):
        if any(statistic.state not in EDITABLE_STATES for statistic in self):
            raise UserError(self.env._("Only a draft or returned statistics report can be deleted."))

    # ---- Actions ----
    def action_refresh(self):
        """Auto-fill the figures again from the registry and the accepted reports below."""
        self.check_access("write")
        self._check_editable()
        self._refresh_figures()
        return True

    def action_submit(self):
        self.check_access("write")
        self._check_group(
            "congdan_hoctap.group_branch_officer",
            self.env._("Only a branch officer or above submits a statistics report."),
        )
        self._check_state(EDITABLE_STATES, self.env._("Only a draft or returned report can be submitted."))
        self._refresh_figures()
        for statistic in self:
            statistic._workflow().sudo().write(
                {
                    "state": "submitted",
                    "date_submitted": fields.Date.context_today(self),
                }
            )
            statistic.message_post(body=self.env._("Report submitted to the parent association."))
            statistic.activity_feedback(["congdan_hoctap.mail_act_hoctap_statistic_due"])
            statistic._schedule_review_activity()
        return True

    def action_accept(self):
        """The parent association accepts the report; it is locked from then on."""
        self.check_access("read")
        self._check_state({"submitted"}, self.env._("Only a submitted report can be accepted."))
        self._check_parent_rights()
        for statistic in self:
            statistic._workflow().sudo().write(
                {
                    "state": "accepted",
                    "date_accepted": fields.Date.context_today(self),
                    "accepted_by_id": self.env.user.id,
                    "return_reason": False,
                }
            )
            statistic.activity_feedback(
                ["congdan_hoctap.mail_act_hoctap_statistic_review", "mail.mail_activity_data_todo"],
                feedback=self.env._("Accepted"),
            )
            statistic.message_post(body=self.env._("Report accepted by %(name)s.", name=self.env.user.name))
        return True

    def action_return(self):
        """Ask the reason, then send the reports back (:meth:`_return`)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Return Report"),
            "res_model": "hoctap.statistic.return",
            "view_mode": "form",
            "target": "new",
            "context": {"default_statistic_ids": self.ids},
        }

    def _return(self, reason):
        """The parent association sends the report back, with the reason, for correction."""
        self.check_access("read")
        self._check_state({"submitted", "accepted"}, self.env._("Only a submitted or accepted report can be returned."))
        self._check_parent_rights()
        if not (reason or "").strip():
            raise UserError(self.env._("Say why the report is returned."))
        if any(s.state == "accepted" for s in self) and not self.env.user.has_group("congdan_hoctap.group_manager"):
            raise UserError(self.env._("Only a manager can return a report that was already accepted."))
        for statistic in self:
            statistic._workflow().sudo().write(
                {
                    "state": "returned",
                    "return_reason": reason,
                    "date_accepted": False,
                    "accepted_by_id": False,
                }
            )
            statistic.activity_unlink(
                ["congdan_hoctap.mail_act_hoctap_statistic_review", "mail.mail_activity_data_todo"]
            )
            statistic.message_post(body=self.env._("Report returned: %(reason)s", reason=reason))
        return True

    def action_request_children(self):
        """Create a draft report for every direct sub-association that has none for the period."""
        self.ensure_one()
        existing = (
            self.sudo()
            .search(
                [
                    ("association_id", "in", self.association_id.child_ids.ids),
                    ("year", "=", self.year),
                    ("period", "=", self.period),
                ]
            )
            .association_id
        )
        todo = self.association_id.child_ids.filtered("active") - existing
        reports = self.create(
            [
                {
                    "association_id": child.id,
                    "year": self.year,
                    "period": self.period,
                    "date_deadline": self.date_deadline,
                }
                for child in todo
            ]
        )
        for report in reports:
            for user in report.association_id.user_ids[:1]:
                report.activity_schedule(
                    "congdan_hoctap.mail_act_hoctap_statistic_due",
                    date_deadline=report.date_deadline,
                    user_id=user.id,
                    summary=self.env._("Submit the statistics report"),
                )
        return self.action_view_children()

    def action_view_children(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_statistic_action")
        action["domain"] = [
            ("association_id", "in", self.association_id.child_ids.ids),
            ("year", "=", self.year),
            ("period", "=", self.period),
        ]
        action["context"] = {}
        return action

    # ---- Consolidation ----
    def _frontier_statistics(self):
        """The highest accepted reports strictly below this report's association.

        Usually the direct sub-associations' reports; a deeper accepted report
        counts only when no association between it and this one has an accepted
        report of its own (that one already includes it).
        """
        self.ensure_one()
        if not self.association_id.parent_path:
            return self.browse()
        self.flush_model()
        self.env["hoctap.association"].flush_model(["parent_path"])
        self.env.cr.execute(
            """
            SELECT s.id
              FROM hoctap_statistic s
              JOIN hoctap_association d ON d.id = s.association_id
             WHERE d.parent_path LIKE %(path)s || '%%' AND d.parent_path != %(path)s
               AND s.year = %(year)s AND s.period = %(period)s AND s.state = 'accepted'
               AND NOT EXISTS (
                    SELECT 1
                      FROM hoctap_statistic s2
                      JOIN hoctap_association d2 ON d2.id = s2.association_id
                     WHERE s2.year = s.year AND s2.period = s.period AND s2.state = 'accepted'
                       AND d2.parent_path LIKE %(path)s || '%%' AND d2.parent_path != %(path)s
                       AND d.parent_path LIKE d2.parent_path || '%%' AND d2.id != d.id)
            """,
            {"path": self.association_id.parent_path, "year": self.year, "period": self.period},
        )
        return self.browse([row[0] for row in self.env.cr.fetchall()])

    def _registry_scope(self, frontier):
        """Ids of the associations whose own records this report counts from the registry:
        the subtree, less the subtrees covered by the accepted reports in ``frontier``."""
        self.ensure_one()
        self.env.cr.execute(
            """
            SELECT d.id
              FROM hoctap_association d
             WHERE d.parent_path LIKE %(path)s || '%%'
               AND NOT d.parent_path LIKE ANY(%(excluded)s)
            """,
            {
                "path": self.association_id.parent_path,
                "excluded": [path + "%" for path in frontier.association_id.mapped("parent_path")] or ["/"],
            },
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _refresh_figures(self):
        """Fill the children's part and the computed registry part of every figure.

        The registry figures of all these reports are gathered first (:meth:`_registry_figures_multi`:
        a few grouped queries for the whole recordset — a chunk of the province-wide refresh — rather
        than queries per report), then each report's lines are filled one report after the other.
        """
        # The callers checked the rights and the state: the figures are written as superuser,
        # which the lines' guards let through (see HoctapStatisticLine._is_refresh).
        # each report once: the grouped queries count a report's scope once per time its id is given
        statistics = self.browse(list(dict.fromkeys(self.ids))).sudo().with_context(hoctap_statistic_refresh=True)
        frontiers = {statistic.id: statistic._frontier_statistics() for statistic in statistics}
        scopes = {
            statistic.id: (statistic._registry_scope(frontiers[statistic.id]), frontiers[statistic.id].association_id)
            for statistic in statistics
        }
        registries = statistics._registry_figures_multi(scopes)
        kinds = self.env["hoctap.statistic.line"]._indicator_kinds()
        for statistic in statistics:
            frontier = frontiers[statistic.id]
            registry = registries[statistic.id]
            children = frontier._sum_values()
            for indicator, transfers in statistic._internal_transfers(frontier).items():
                if indicator in children:
                    children[indicator] = max(children[indicator] - transfers, 0.0)
            for line in statistic.line_ids:
                kind = kinds[line.indicator]
                vals = {"children_value": children.get(line.indicator, 0.0) if kind != "ratio" else 0.0}
                if kind == "ratio":
                    vals["source"] = "derived"
                elif line.indicator in registry and not line.manual:
                    vals.update(source="computed", own_value=registry[line.indicator])
                else:
                    vals["source"] = "entered"
                    if line.source == "computed" and not line.manual:
                        # The registry no longer holds the figure: its last count is no entry.
                        vals["own_value"] = 0.0
                # a refresh mostly finds the figures as they were: only what changed is written (and recomputed)
                changed = {name: value for name, value in vals.items() if line[name] != value}
                if changed:
                    line.write(changed)

    def _internal_transfers(self, frontier):
        """{indicator: count} to take off the sum of the ``frontier`` reports.

        A member moving between two parts of this report's subtree (two
        sub-associations with accepted reports, or one of them and the part
        counted from the registry) is left in one part and new in the other;
        for this report it is neither. The registry part already ignores such
        transfers; this counts the ones the accepted reports below hold.
        """
        self.ensure_one()
        if not frontier or not self.association_id.parent_path:
            return {}
        self.env["hoctap.membership"].flush_model(
            ["association_id", "date_join", "date_leave", "previous_membership_id"]
        )
        self.env["hoctap.association"].flush_model(["parent_path"])
        self.env.cr.execute(
            """
            SELECT
                count(*) FILTER (WHERE m.date_join BETWEEN %(start)s AND %(end)s
                                   AND am.parent_path LIKE f.parent_path || '%%'
                                   AND ap.parent_path NOT LIKE f.parent_path || '%%'),
                count(*) FILTER (WHERE p.date_leave BETWEEN %(start)s AND %(end)s
                                   AND ap.parent_path LIKE f.parent_path || '%%'
                                   AND am.parent_path NOT LIKE f.parent_path || '%%')
              FROM hoctap_membership m
              JOIN hoctap_membership p ON p.id = m.previous_membership_id
              JOIN hoctap_association am ON am.id = m.association_id
              JOIN hoctap_association ap ON ap.id = p.association_id
              JOIN hoctap_association f ON f.id = ANY(%(frontier)s)
             WHERE am.parent_path LIKE %(path)s || '%%' AND ap.parent_path LIKE %(path)s || '%%'
            """,
            {
                "frontier": frontier.association_id.ids,
                "path": self.association_id.parent_path,
                "start": self.date_from,
                "end": self.date_to,
            },
        )
        new, left = self.env.cr.fetchone()
        return {"member_new": new, "member_left": left}

    def _sum_values(self):
        """Summed figures of these reports (sum kinds and territory figures)."""
        totals = {}
        if not self:
            return totals
        groups = (
            self.env["hoctap.statistic.line"]
            .sudo()
            ._read_group([("statistic_id", "in", self.ids)], ["indicator"], ["value:sum"])
        )
        for indicator, value in groups:
            totals[indicator] = value
        return totals

    def _get_values(self):
        """{indicator: value} of this report."""
        self.ensure_one()
        return {line.indicator: line.value for line in self.line_ids}

    def _ensure_lines(self):
        Line = self.env["hoctap.statistic.line"].sudo().with_context(hoctap_statistic_refresh=True)
        definitions = Line._indicator_definitions()
        indicators = sorted(definitions, key=lambda key: definitions[key][2])
        for statistic in self:
            present = set(statistic.line_ids.mapped("indicator"))
            Line.create([{"statistic_id": statistic.id, "indicator": key} for key in indicators if key not in present])

    # ---- Registry sources (a domain extends _registry_figures_multi with super()) ----
    def _registry_figures(self, scope_ids, frontier_associations):
        """{indicator: value} of every figure the registry can compute for this report.

        ``scope_ids`` are the associations whose own records count here;
        ``frontier_associations`` are the sub-associations whose accepted
        reports are summed instead (they still count as sub-associations).
        An indicator left out of the result is entered by hand.
        """
        self.ensure_one()
        return self._registry_figures_multi({self.id: (scope_ids, frontier_associations)})[self.id]

    def _registry_figures_multi(self, scopes):
        """{report id: {indicator: value}} of these reports, ``scopes`` giving each report's
        ``(scope_ids, frontier_associations)`` (see :meth:`_registry_figures`).

        A domain adds the figures of its own indicators to the result of ``super()``: for the
        whole recordset in a few grouped queries where it can (a chunk of the province-wide
        refresh holds hundreds of reports), report by report otherwise.
        """
        organisation = self._get_organisation_figures_multi(scopes)
        members = self._get_member_figures_multi(scopes)
        population = self._get_population_figures_multi()
        activities = self._get_activity_figures_multi(scopes)
        figures = {}
        for statistic in self:
            scope_ids = scopes[statistic.id][0]
            figures[statistic.id] = {
                **organisation[statistic.id],
                **members[statistic.id],
                **population[statistic.id],
                **statistic._get_centre_figures(scope_ids),
                **activities[statistic.id],
            }
        return figures

    def _get_organisation_figures(self, scope_ids, frontier_associations):
        """Commune associations, branches and boards below the association (active ones): those of the
        scope and the frontier, which :meth:`_get_organisation_figures_multi` reads from ``parent_path``."""
        self.ensure_one()
        return self._get_organisation_figures_multi({self.id: (scope_ids, frontier_associations)})[self.id]

    def _get_organisation_figures_multi(self, scopes):
        """{report id: organisation figures}: the active associations of each report's scope and its
        frontier, less the report's own association — i.e. its subtree less what lies strictly below
        the frontier — counted in one query over ``parent_path`` for all the reports (one, or a chunk
        of the province-wide refresh).

        Each report's path is read in the query, from the report itself. ``d.parent_path`` between that
        path and the path followed by ``~`` (bytewise, which the ``text_pattern_ops`` index serves) is the
        prefix ``LIKE`` a non-constant pattern cannot take the index for; the ``LIKE`` is kept as the
        definition. Kinds of :meth:`_board_kinds` count as boards, every other branch as a branch.
        """
        counts = {statistic.id: {"commune_count": 0, "branch_count": 0, "board_count": 0} for statistic in self}
        if not self:
            return counts
        self.flush_model(["association_id"])
        self.env["hoctap.association"].flush_model(["level", "branch_kind", "active", "parent_path"])
        below = [(sid, path) for sid in self.ids for path in scopes[sid][1].mapped("parent_path")]
        frontier = SQL()
        if below:
            frontier = SQL(
                """AND NOT EXISTS (SELECT 1 FROM unnest(%s::int[], %s::varchar[]) AS f(id, path)
                                    WHERE f.id = s.id AND d.parent_path LIKE f.path || %s)""",
                [sid for sid, _path in below],
                [path for _sid, path in below],
                "_%",
            )
        boards = list(self._board_kinds())
        self.env.cr.execute(
            SQL(
                """
                SELECT s.id,
                       count(*) FILTER (WHERE d.level = 'commune'),
                       count(*) FILTER (WHERE d.level = 'branch' AND (d.branch_kind = ANY(%(boards)s)) IS NOT TRUE),
                       count(*) FILTER (WHERE d.level = 'branch' AND d.branch_kind = ANY(%(boards)s))
                  FROM hoctap_statistic s
                  JOIN hoctap_association r ON r.id = s.association_id
                  JOIN hoctap_association d
                    ON d.parent_path ~>=~ r.parent_path AND d.parent_path ~<~ (r.parent_path || '~')
                   AND d.parent_path LIKE r.parent_path || %(any)s
                 WHERE s.id = ANY(%(ids)s) AND d.id != r.id AND d.active %(frontier)s
                 GROUP BY s.id
                """,
                boards=boards,
                any="%",
                ids=self.ids,
                frontier=frontier,
            )
        )
        for sid, communes, branches, board_count in self.env.cr.fetchall():
            counts[sid] = {"commune_count": communes, "branch_count": branches, "board_count": board_count}
        return counts

    @api.model
    def _board_kinds(self):
        """Branch kinds counted as boards (ban khuyến học) rather than branches."""
        return ("clan", "religious")

    def _get_member_figures(self, scope_ids):
        """Members at the end of the period, joined and left during it (see :meth:`_get_member_figures_multi`)."""
        self.ensure_one()
        return self._get_member_figures_multi({self.id: (scope_ids, None)})[self.id]

    def _get_member_figures_multi(self, scopes):
        """{report id: member figures}: members at the end of the period, joined and left during it,
        for all the reports in one query (the memberships of each report's scope, grouped by report).

        A transfer or a merge inside the association's subtree closes one
        membership and opens the next: those are neither new nor left members
        (also when the other end lies in a sub-association whose accepted
        report is summed instead, see :meth:`_internal_transfers`).
        """
        figures = {statistic.id: {"member_total": 0, "member_new": 0, "member_left": 0} for statistic in self}
        pairs = [(sid, association_id) for sid in self.ids for association_id in scopes[sid][0]]
        if not pairs:
            return figures
        Membership = self.env["hoctap.membership"]
        Membership.flush_model(["association_id", "date_join", "date_leave", "previous_membership_id"])
        self.env["hoctap.association"].flush_model(["parent_path"])
        # one report (its own refresh, a province's million memberships): its scope as an array of ids, read in
        # one scan; a chunk: each report's scope joined to the memberships, grouped by report
        if len(self) == 1:
            scope = SQL(
                "unnest(%s::int[]) AS r(id) JOIN hoctap_membership m ON m.association_id = ANY(%s)",
                self.ids,
                scopes[self.id][0],
            )
            path, date_from, date_to = (
                SQL("%s", f"{self.association_id.parent_path}%"),
                SQL("%s", self.date_from),
                SQL("%s", self.date_to),
            )
        else:
            scope = SQL(
                """unnest(%s::int[], %s::varchar[], %s::date[], %s::date[]) AS r(id, path, date_from, date_to)
                  JOIN unnest(%s::int[], %s::int[]) AS s(statistic_id, association_id) ON s.statistic_id = r.id
                  JOIN hoctap_membership m ON m.association_id = s.association_id""",
                self.ids,
                [statistic.association_id.parent_path for statistic in self],
                [statistic.date_from for statistic in self],
                [statistic.date_to for statistic in self],
                [sid for sid, _association in pairs],
                [association_id for _sid, association_id in pairs],
            )
            path, date_from, date_to = SQL("r.path || %s", "%"), SQL("r.date_from"), SQL("r.date_to")
        self.env.cr.execute(
            SQL(
                """
                SELECT r.id,
                    count(*) FILTER (WHERE m.date_join <= %(date_to)s
                                       AND (m.date_leave IS NULL OR m.date_leave > %(date_to)s)),
                    count(*) FILTER (WHERE m.date_join BETWEEN %(date_from)s AND %(date_to)s
                                       AND (p.id IS NULL OR NOT EXISTS (
                                            SELECT 1 FROM hoctap_association pa
                                             WHERE pa.id = p.association_id AND pa.parent_path LIKE %(path)s))),
                    count(*) FILTER (WHERE m.date_leave BETWEEN %(date_from)s AND %(date_to)s
                                       AND NOT EXISTS (SELECT 1 FROM hoctap_membership n
                                                         JOIN hoctap_association na ON na.id = n.association_id
                                                        WHERE n.previous_membership_id = m.id
                                                          AND na.parent_path LIKE %(path)s))
                  FROM %(scope)s
             LEFT JOIN hoctap_membership p ON p.id = m.previous_membership_id
                 GROUP BY r.id
                """,
                scope=scope,
                path=path,
                date_from=date_from,
                date_to=date_to,
            )
        )
        for sid, total, new, left in self.env.cr.fetchall():
            figures[sid] = {"member_total": total, "member_new": new, "member_left": left}
        return figures

    def _get_population_figures(self):
        """Population and households of the association's own territory, when entered for the year."""
        self.ensure_one()
        return self._get_population_figures_multi()[self.id]

    def _get_population_figures_multi(self):
        """{report id: population figures} of these reports, read in one search (one entry per association
        and year)."""
        populations = {
            (population.association_id.id, population.year): population
            for population in self.env["hoctap.population"].search(
                [("association_id", "in", self.association_id.ids), ("year", "in", list(set(self.mapped("year"))))]
            )
        }
        figures = {}
        for statistic in self:
            population = populations.get((statistic.association_id.id, statistic.year))
            figures[statistic.id] = (
                {"population": population.population, "household_count": population.household_count}
                if population
                else {}
            )
        return figures

    def _get_centre_figures(self, scope_ids):
        """Community learning centres; for an annual report, their classes and learner-turns.

        Classes are kept per year, so a half-year report leaves them to be entered.
        """
        centres = self.env["hoctap.learning.center"].search_count(
            [("association_id", "in", scope_ids), ("date_established", "<=", self.date_to)]
        )
        if self.period != "year":
            return {"centre_count": centres}
        [(classes, learners, women)] = self.env["hoctap.learning.class"]._read_group(
            [("center_id.association_id", "in", scope_ids), ("year", "=", self.year)],
            [],
            ["__count", "learner_total:sum", "learner_female:sum"],
        )
        return {
            "centre_count": centres,
            "class_count": classes,
            "learner_turns": learners or 0,
            "learner_turns_female": women or 0,
        }

    def _get_activity_figures(self, scope_ids):
        """Trainings, seminars and briefings held during the period (see :meth:`_get_activity_figures_multi`)."""
        self.ensure_one()
        return self._get_activity_figures_multi({self.id: (scope_ids, None)})[self.id]

    def _get_activity_figures_multi(self, scopes):
        """{report id: activity figures}: trainings, seminars and briefings held during each report's period,
        counted per association in one ``_read_group`` per period (a chunk has one), then summed over each
        report's scope."""
        figures = {}
        for (date_from, date_to), statistics in self.grouped(lambda s: (s.date_from, s.date_to)).items():
            union = sorted({association_id for statistic in statistics for association_id in scopes[statistic.id][0]})
            counts = {}
            for association, activity_type, count in self.env["hoctap.activity"]._read_group(
                [
                    ("association_id", "in", union),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("state", "=", "done"),
                ],
                ["association_id", "activity_type"],
                ["__count"],
            ):
                counts.setdefault(association.id, {}).setdefault(activity_type, 0)
                counts[association.id][activity_type] += count
            for statistic in statistics:
                totals = {"training": 0, "seminar": 0, "briefing": 0}
                for association_id in scopes[statistic.id][0]:
                    for activity_type, count in counts.get(association_id, {}).items():
                        if activity_type in totals:
                            totals[activity_type] += count
                figures[statistic.id] = {
                    "training_count": totals["training"],
                    "seminar_count": totals["seminar"],
                    "briefing_count": totals["briefing"],
                }
        return figures

    # ---- Helpers ----
    def _raise_workflow_fields(self, names):
        """The report's own wording: its status moves only through its buttons."""
        if names:
            raise UserError(
                self.env._(
                    "The status of a statistics report changes only through its Submit, Accept and Return buttons."
                )
            )

    def _check_editable(self):
        for statistic in self:
            if statistic.state not in EDITABLE_STATES:
                raise UserError(
                    self.env._(
                        "The report %(name)s is %(state)s: it can no longer be changed.",
                        name=statistic.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[statistic.state],
                    )
                )

    def _check_parent_rights(self):
        """Only an officer of an association above the reporting one accepts or returns it."""
        user = self.env.user  # the real user, even under sudo()
        if user.has_group("congdan_hoctap.group_manager"):
            return
        if not user.has_group("congdan_hoctap.group_officer"):
            raise UserError(self.env._("Only an association officer can accept or return a statistics report."))
        for statistic in self:
            parent = statistic.association_id.parent_id
            allowed = (
                self.env["hoctap.association"]
                .sudo()
                .search_count([("id", "=", parent.id), ("id", "child_of", user.hoctap_association_ids.ids)])
            )
            if not parent or not allowed:
                raise UserError(
                    self.env._(
                        "The report of %(name)s is accepted or returned by its parent association, not by itself.",
                        name=statistic.association_id.name,
                    )
                )

    def _schedule_review_activity(self):
        user = self.association_id.parent_id.user_ids[:1]
        if user:
            self.activity_schedule(
                "congdan_hoctap.mail_act_hoctap_statistic_review",
                user_id=user.id,
                summary=self.env._("Review the statistics report of %(name)s", name=self.association_id.name),
            )
