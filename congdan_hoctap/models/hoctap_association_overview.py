# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

from .hoctap_criteria_set import MODEL_TYPES
from .hoctap_evaluation import STATES
from .hoctap_membership import age_band_of

MANAGER = "congdan_hoctap.group_manager"
# The states shown on the overview, in workflow order (cancelled ones are left out).
OVERVIEW_STATES = [key for key, _label in STATES if key != "cancelled"]


class HoctapAssociation(models.Model):
    """The overview ("Tổng quan") of an association: the figures an officer looks at first.

    One server call returns every tile and chart of one association's subtree
    for one year, each element with the action that opens the list behind it.
    Figures come from ``_read_group`` and the SQL helpers over ``parent_path``
    run as the user, so record rules hold and no person's values leave the scope.
    """

    _inherit = "hoctap.association"  # pylint: disable=consider-merging-classes-inherited

    # ---- Public ----
    @api.model
    @api.readonly
    def get_overview_data(self, association_id=None, year=None):
        """Tiles and charts of ``association_id`` (default: the user's first association) for ``year``.

        An association outside the user's own subtrees is refused, even one the
        user may read (the ancestors of their association). It writes nothing:
        through ``call_kw`` it runs on a read-only cursor (the replica's, with
        ``--db_replica_host``).
        """
        if not all(isinstance(value, int) or not value for value in (association_id, year)):
            raise UserError(self.env._("The overview takes an association id and a year, as numbers."))
        association = self._overview_association(association_id)
        year = year or fields.Date.context_today(self).year
        if not association:
            return {
                "association": False,
                "roots": [],
                "path": [],
                "children": [],
                "year": year,
                "tiles": [],
                "charts": [],
            }
        return {
            "association": association._overview_identity(),
            "roots": [root._overview_identity() for root in self._overview_roots()],
            "path": [a._overview_identity() for a in association._overview_path()],
            "children": [child._overview_identity() for child in association._overview_children()],
            "year": year,
            "tiles": association._overview_tiles(year),
            "charts": association._overview_charts(year),
        }

    # ---- Scope ----
    @api.model
    def _overview_roots(self):
        """The associations the user works in (a manager without any: the top of every tree)."""
        # env.user is a superuser record: its associations are brought back into the user's environment, or
        # the overview of the default association (no id given) would count past the user's record rules
        roots = self.env.user.hoctap_association_ids.filtered("active").with_env(self.env)
        if not roots and self.env.user.has_group(MANAGER):
            roots = self.search([("parent_id", "=", False)])
        return roots

    @api.model
    def _overview_association(self, association_id):
        roots = self._overview_roots()
        if not association_id:
            return roots[:1]
        domain = [("id", "=", association_id)]
        if not self.env.user.has_group(MANAGER):
            domain.append(("id", "child_of", roots.ids))
        association = self.search(domain)
        if not association:
            raise AccessError(self.env._("This association is outside the associations you work in."))
        return association

    def _overview_identity(self):
        return {"id": self.id, "name": self.name, "complete_name": self.complete_name, "level": self.level}

    def _overview_path(self):
        """From the user's own association down to this one, for the drill-down breadcrumbs."""
        roots = self._overview_roots()
        ids = [int(i) for i in self.parent_path.split("/") if i]
        if not self.env.user.has_group(MANAGER):
            first = next((i for i in ids if i in roots.ids), self.id)
            ids = ids[ids.index(first) :]
        return self.browse(ids)

    def _overview_children(self):
        return self.search([("parent_id", "=", self.id)], order="name")

    # ---- Tiles ----
    def _overview_tiles(self, year):
        return [
            *self._overview_member_tiles(year),
            *self._overview_evaluation_tiles(year),
            *self._overview_recognition_tiles(year),
            *self._overview_fund_tiles(year),
            self._overview_report_tile(year),
            self._overview_activity_tile(),
        ]

    def _overview_member_tiles(self, year):
        members = self._subtree_member_counts().get(self.id, 0)
        _pop_year, population = self._latest_population().get(self.id, (0, 0))
        ratio = 100.0 * members / population if population else 0.0
        target = self._overview_targets(year).get("member_ratio")
        members_action = self._overview_action(
            self.env._("Members"),
            "hoctap.membership",
            [("association_id", "child_of", self.id), ("state", "=", "active")],
        )
        return [
            self._tile("members", self.env._("Members"), members, members_action, group="members"),
            self._tile(
                "member_ratio",
                self.env._("Member Ratio (%)"),
                round(ratio, 2),
                members_action,
                group="members",
                target=target,
                unit="%",
            ),
        ]

    def _overview_evaluation_tiles(self, year):
        Evaluation = self.env["hoctap.evaluation"]
        base = [("association_id", "child_of", self.id), ("year", "=", year)]
        counts = dict(Evaluation._read_group(base, ["state"], ["__count"]))
        labels = dict(Evaluation._fields["state"]._description_selection(self.env))
        tiles = [
            self._tile(
                f"evaluation_{state}",
                labels[state],
                counts.get(state, 0),
                self._overview_evaluation_action(labels[state], [*base, ("state", "=", state)]),
                group="evaluations",
            )
            for state in OVERVIEW_STATES
        ]
        returned = [*base, ("state", "in", ("registered", "self_assessed")), ("return_reason", "!=", False)]
        overdue = [*base, ("is_overdue", "=", True)]
        for key, label, domain in (
            ("evaluation_returned", self.env._("Returned"), returned),
            ("evaluation_overdue", self.env._("Overdue"), overdue),
        ):
            tiles.append(
                self._tile(
                    key,
                    label,
                    Evaluation.search_count(domain),
                    self._overview_evaluation_action(label, domain),
                    group="evaluations",
                )
            )
        return tiles

    def _overview_recognition_tiles(self, year):
        """Recognised this year per learning model (certificates not revoked), against its target."""
        recognised = [("year", "=", year), ("state", "=", "recognised"), ("certificate_state", "!=", "revoked")]
        base = [("association_id", "child_of", self.id), *recognised]
        counts = dict(self._overview_subtree_groups("hoctap.evaluation", recognised, ["model_type"]))
        targets = self._overview_targets(year)
        return [
            self._tile(
                f"recognised_{model}",
                label,
                counts.get(model, 0),
                self._overview_evaluation_action(label, [*base, ("model_type", "=", model)]),
                group="recognitions",
                target=targets.get(f"{model}_recognised"),
            )
            for model, label in MODEL_TYPES
        ]

    def _overview_fund_tiles(self, year):
        funds = self._overview_funds()
        summary = funds._ledger_summary(date(year, 1, 1), date(year, 12, 31))
        action = self._overview_action(
            self.env._("Funds"), "hoctap.fund", [("id", "in", funds.ids)], views=("list", "form")
        )
        donations = self._overview_action(
            self.env._("Donations"),
            "hoctap.donation",
            [
                ("fund_id", "in", funds.ids),
                ("state", "=", "confirmed"),
                ("date", ">=", f"{year}-01-01"),
                ("date", "<=", f"{year}-12-31"),
            ],
        )
        awards = self._overview_action(
            self.env._("Awards"),
            "hoctap.award",
            [("fund_id", "in", funds.ids), ("date_paid", ">=", f"{year}-01-01"), ("date_paid", "<=", f"{year}-12-31")],
        )
        return [
            self._tile(
                "fund_raised", self.env._("Fund Raised"), summary["raised"], donations, group="fund", unit="money"
            ),
            self._tile("fund_spent", self.env._("Fund Spent"), summary["spent"], awards, group="fund", unit="money"),
            self._tile(
                "fund_balance", self.env._("Fund Balance"), summary["balance"], action, group="fund", unit="money"
            ),
        ]

    def _overview_report_tile(self, year):
        """Direct sub-associations without a submitted or accepted annual report for the year."""
        missing = self._overview_missing_reports(year)
        action = self._overview_action(
            self.env._("Reports Missing"), "hoctap.association", [("id", "in", missing.ids)], views=("list", "form")
        )
        return self._tile("reports_missing", self.env._("Reports Missing"), len(missing), action, group="work")

    def _overview_activity_tile(self):
        """The user's own activities due today or earlier on the app's records."""
        domain = [
            ("user_id", "=", self.env.uid),
            ("date_deadline", "<=", fields.Date.context_today(self)),
            ("res_model", "=like", "hoctap.%"),
        ]
        count = self.env["mail.activity"].search_count(domain)
        action = self._overview_action(self.env._("Activities Due"), "mail.activity", domain, views=("list", "form"))
        return self._tile("activities_due", self.env._("Activities Due"), count, action, group="work")

    # ---- Charts ----
    def _overview_charts(self, year):
        return [
            *self._overview_member_charts(),
            self._overview_evaluation_chart(year),
            self._overview_fund_chart(year),
            self._overview_target_chart(year),
            self._overview_ranking_chart(),
        ]

    def _overview_member_charts(self):
        Membership = self.env["hoctap.membership"]
        base = [("association_id", "child_of", self.id), ("state", "=", "active")]
        titles = {
            "occupation_group": self.env._("Members by Occupation Group"),
            "gender": self.env._("Members by Gender"),
            "age_band": self.env._("Members by Age Band"),
        }
        groups = self._overview_member_groups(base, list(titles))
        charts = []
        for fname, title in titles.items():
            labels = dict(Membership._fields[fname]._description_selection(self.env))
            points = [
                (
                    labels.get(value, self.env._("Not Set")) if value else self.env._("Not Set"),
                    count,
                    self._overview_action(title, "hoctap.membership", [*base, (fname, "=", value)]),
                )
                for value, count in sorted(groups[fname].items(), key=lambda item: -item[1])
            ]
            charts.append(self._chart(f"members_{fname}", title, "doughnut", points))
        return charts

    def _overview_member_groups(self, domain, fnames):
        """{field: {value: count}} of the memberships of ``domain`` for each of ``fnames``, in one scan.

        The query is the ORM's (record rules applied, as a ``_read_group`` would), grouped by
        grouping sets so that a province of a million members is read once, not once per chart
        (from the index ``hoctap_membership_overview_idx`` alone). The age band is grouped by year
        of birth (a hundred groups), then folded into bands.
        """
        Membership = self.env["hoctap.membership"]
        query = Membership._search(domain)
        columns = [
            Membership._field_to_sql(query.table, "birth_year" if fname == "age_band" else fname, query)
            for fname in fnames
        ]
        self.env.cr.execute(
            SQL(
                "SELECT %s, %s, COUNT(*) FROM %s WHERE %s GROUP BY GROUPING SETS (%s)",
                SQL(", ").join(columns),
                SQL(", ").join(SQL("GROUPING(%s)", column) for column in columns),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
                SQL(", ").join(SQL("(%s)", column) for column in columns),
            )
        )
        rows = self.env.cr.fetchall()  # before anything else may query on the cursor (the user's timezone)
        groups = {fname: {} for fname in fnames}
        size = len(fnames)
        year = fields.Date.context_today(self).year
        for row in rows:
            values, grouping, count = row[:size], row[size:-1], row[-1]
            index = grouping.index(0)
            value = values[index] or False
            if fnames[index] == "age_band":
                value = age_band_of(value, year)
            groups[fnames[index]][value] = groups[fnames[index]].get(value, 0) + count
        return groups

    def _overview_evaluation_chart(self, year):
        """Evaluations of the year per direct sub-association (its subtree), stacked by state."""
        Evaluation = self.env["hoctap.evaluation"]
        base = [("association_id", "child_of", self.id), ("year", "=", year)]
        children = self._overview_children()
        column_of = {child.id: child for child in children}
        counts = defaultdict(int)
        # the association's own evaluations (no sub-association) and those of archived ones go to its own column
        for top_id, state, count in self._overview_evaluation_groups([("year", "=", year)]):
            counts[column_of.get(top_id, self), state] += count
        columns = [child for child in children if any((child, s) in counts for s in OVERVIEW_STATES)]
        if any((self, s) in counts for s in OVERVIEW_STATES):
            columns.append(self)
        labels = dict(Evaluation._fields["state"]._description_selection(self.env))
        # what each bar counts: a sub-association's subtree; the association's own column, the rest of its subtree
        column_domain = {child: [("association_id", "child_of", child.id)] for child in children}
        column_domain[self] = ["!", ("association_id", "child_of", children.ids)] if children else []
        datasets = []
        for state in OVERVIEW_STATES:
            datasets.append(
                {
                    "key": state,
                    "label": labels[state],
                    "data": [counts.get((column, state), 0) for column in columns],
                    "actions": [
                        self._overview_evaluation_action(
                            f"{column.name} – {labels[state]}",
                            [*base, *column_domain[column], ("state", "=", state)],
                        )
                        for column in columns
                    ],
                }
            )
        return {
            "key": "evaluations_by_branch",
            "title": self.env._("Evaluations per Sub-association"),
            "type": "bar",
            "stacked": True,
            "labels": [c.name for c in columns],
            "datasets": datasets,
        }

    def _overview_subtree_groups(self, model, domain, groupby):
        """[(*values of ``groupby``, count)] of the ``model`` records of ``domain`` in this association's
        subtree, as ``_read_group`` counts the domain plus ``("association_id", "child_of", self.id)``.

        The ORM's query of ``domain`` (the user's record rules applied), the subtree taken by a join on
        the record's association and its ``parent_path``, not by the ``child_of`` subquery: at a province
        that subquery repeats the one of the rules ("own subtree") and was most of the count's time.
        """
        Model = self.env[model]
        query = Model._search(domain)
        alias = query.join(query.table, "association_id", "hoctap_association", "id", "association_id")
        query.add_where(SQL("%s LIKE %s", SQL.identifier(alias, "parent_path"), f"{self.parent_path}%"))
        columns = [Model._field_to_sql(query.table, fname, query) for fname in groupby]
        self.flush_model(["parent_path"])
        # execute_query flushes what the query reads (the domain's and the grouped fields)
        return self.env.execute_query(
            SQL(
                "SELECT %s, COUNT(*) FROM %s WHERE %s GROUP BY %s",
                SQL(", ").join(columns),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
                SQL(", ").join(columns),
            )
        )

    def _overview_evaluation_groups(self, domain):
        """[(direct sub-association id or None, state, count)] of the evaluations of ``domain`` in this
        association's subtree.

        The ORM's query (record rules applied) grouped by the id that follows this association
        in the evaluation's association's ``parent_path``: one GROUP BY, whatever the depth. The
        subtree is taken on that same join, as in :meth:`_overview_subtree_groups`.
        """
        Evaluation = self.env["hoctap.evaluation"]
        query = Evaluation._search(domain)
        alias = query.join(query.table, "association_id", "hoctap_association", "id", "association_id")
        path = SQL.identifier(alias, "parent_path")
        query.add_where(SQL("%s LIKE %s", path, f"{self.parent_path}%"))
        depth = len(self.parent_path.split("/"))
        top = SQL("NULLIF(split_part(%s, '/', %s), '')::int", path, depth)
        self.flush_model(["parent_path"])
        # execute_query flushes what the query reads (the domain's and the grouped fields)
        return self.env.execute_query(
            SQL(
                "SELECT %s, %s, COUNT(*) FROM %s WHERE %s GROUP BY 1, 2",
                top,
                Evaluation._field_to_sql(query.table, "state", query),
                query.from_clause,
                query.where_clause or SQL("TRUE"),
            )
        )

    def _overview_fund_chart(self, year):
        """Money in and out of the subtree's funds per month of the year, from the ledger."""
        funds = self._overview_funds()
        rows = funds._ledger_shares(["account_id", "date"], date(year, 1, 1), date(year, 12, 31))
        income = funds._income_account_ids({row[1] for row in rows})
        money_in, money_out = [0.0] * 12, [0.0] * 12
        for _fund, account_id, day, balance in rows:
            if account_id in income:
                money_in[day.month - 1] -= balance
            else:
                money_out[day.month - 1] += balance
        months = [f"{month:02d}/{year}" for month in range(1, 13)]

        def month_domain(fname, month):
            last = date(year + (month == 12), month % 12 + 1, 1)
            return [
                ("fund_id", "in", funds.ids),
                (fname, ">=", f"{year}-{month:02d}-01"),
                (fname, "<", last.isoformat()),
            ]

        datasets = [
            {
                "key": "in",
                "label": self.env._("Raised"),
                "data": money_in,
                "actions": [
                    self._overview_action(
                        self.env._("Donations"),
                        "hoctap.donation",
                        [*month_domain("date", m), ("state", "=", "confirmed")],
                    )
                    for m in range(1, 13)
                ],
            },
            {
                "key": "out",
                "label": self.env._("Spent"),
                "data": money_out,
                "actions": [
                    self._overview_action(self.env._("Awards"), "hoctap.award", month_domain("date_paid", m))
                    for m in range(1, 13)
                ],
            },
        ]
        return {
            "key": "fund_by_month",
            "title": self.env._("Fund In and Out per Month"),
            "type": "bar",
            "labels": months,
            "datasets": datasets,
            "money": True,
        }

    def _overview_target_chart(self, year):
        """The year's targets of this association next to the figures of its annual report."""
        targets = self.env["hoctap.target"].search([("association_id", "=", self.id), ("year", "=", year)])
        labels = dict(self.env["hoctap.target"]._fields["indicator"]._description_selection(self.env))
        action = self._overview_action(
            self.env._("Targets"), "hoctap.target", [("id", "in", targets.ids)], views=("list",)
        )
        return {
            "key": "targets",
            "title": self.env._("Targets and Actual"),
            "type": "bar",
            "labels": [labels[t.indicator] for t in targets],
            "datasets": [
                {
                    "key": "target",
                    "label": self.env._("Target"),
                    "data": targets.mapped("target_value"),
                    "actions": [action] * len(targets),
                },
                {
                    "key": "actual",
                    "label": self.env._("Actual"),
                    "data": targets.mapped("actual_value"),
                    "actions": [action] * len(targets),
                },
            ],
        }

    def _overview_ranking_chart(self):
        """Direct sub-associations ranked by member ratio (SQL over their subtrees)."""
        children = self._overview_children()
        # read, not called: calling the compute assigned the six figures of every child outside a compute,
        # i.e. wrote them one by one (access check, tracking) — most of the overview's time at a province
        children.mapped("member_ratio")
        ranked = children.sorted(lambda c: (-c.member_ratio, c.name))
        points = [
            (
                child.name,
                round(child.member_ratio, 2),
                self._overview_action(
                    child.name,
                    "hoctap.membership",
                    [("association_id", "child_of", child.id), ("state", "=", "active")],
                ),
            )
            for child in ranked
        ]
        chart = self._chart("member_ratio_ranking", self.env._("Sub-associations by Member Ratio (%)"), "bar", points)
        chart["horizontal"] = True
        chart["drilldown"] = ranked.ids
        return chart

    # ---- Helpers ----
    def _overview_funds(self):
        return self.env["hoctap.fund"].with_context(active_test=False).search([("association_id", "child_of", self.id)])

    def _overview_targets(self, year):
        return {
            target.indicator: target.target_value
            for target in self.env["hoctap.target"].search([("association_id", "=", self.id), ("year", "=", year)])
        }

    def _overview_missing_reports(self, year):
        children = self._overview_children()
        reported = self.env["hoctap.statistic"]._read_group(
            [
                ("association_id", "in", children.ids),
                ("year", "=", year),
                ("period", "=", "year"),
                ("state", "in", ("submitted", "accepted")),
            ],
            ["association_id"],
        )
        return children - self.browse([association.id for (association,) in reported])

    def _overview_evaluation_action(self, name, domain):
        return self._overview_action(name, "hoctap.evaluation", domain)

    @api.model
    def _overview_action(self, name, model, domain, views=("list", "pivot", "graph", "form")):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "domain": domain,
            "views": [[False, view] for view in views],
            "context": {"create": False},
            "target": "current",
        }

    @api.model
    def _tile(self, key, label, value, action, group, target=None, unit=""):
        return {
            "key": key,
            "label": label,
            "value": value,
            "action": action,
            "group": group,
            "target": target,
            "unit": unit,
        }

    @api.model
    def _chart(self, key, title, chart_type, points):
        """A one-series chart from ``[(label, value, action)]``."""
        return {
            "key": key,
            "title": title,
            "type": chart_type,
            "labels": [label for label, _value, _action in points],
            "datasets": [
                {
                    "key": key,
                    "label": title,
                    "data": [value for _label, value, _action in points],
                    "actions": [action for _label, _value, action in points],
                }
            ],
        }
