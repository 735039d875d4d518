# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

LEVELS = [
    ("central", "Central"),
    ("province", "Province"),
    ("district", "District (before 07/2025)"),
    ("commune", "Commune"),
    ("branch", "Branch / board"),
]

# Fields that decide who sees what: whom the association's subtree is shown to (users), where
# the subtree hangs (parent), which company it belongs to and the clusters it is compared in.
MANAGER_FIELDS = ("parent_id", "company_id", "user_ids", "cluster_ids")

BRANCH_KINDS = [
    ("village", "Village / residential group"),
    ("school", "School"),
    ("agency", "Agency"),
    ("enterprise", "Enterprise"),
    ("clan", "Clan"),
    ("religious", "Religious group"),
    ("other", "Other"),
]


class HoctapAssociation(models.Model):
    """A learning-promotion association at one level of the tree.

    The tree has any depth (``_parent_store``); every count shown on an
    association covers its whole subtree and is computed in SQL on
    ``parent_path`` so that it stays fast for a province of a million members.
    """

    _name = "hoctap.association"
    _description = "Learning Promotion Association"
    _inherit = ["mail.thread", "mail.activity.mixin", "hoctap.workflow.mixin"]
    _parent_store = True
    _rec_names_search = ["name", "complete_name", "code"]
    _order = "complete_name"
    _check_company_auto = True

    # Set only by a merge and by the first member number drawn.
    _workflow_fields = ("successor_id", "merge_date", "member_sequence_id")
    _workflow_scope_fields = ("parent_id", "company_id")

    # ---- Identity ----
    name = fields.Char(required=True, tracking=True, translate=False)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code of the association, unique among the children of one parent.",
    )
    complete_name = fields.Char(compute="_compute_complete_name", store=True, recursive=True)
    level = fields.Selection(LEVELS, required=True, default="commune", tracking=True)
    branch_kind = fields.Selection(
        BRANCH_KINDS,
        tracking=True,
        help="Where a branch or board sits: a village, a school, an agency, a clan…",
    )
    active = fields.Boolean(default=True, tracking=True)
    company_id = fields.Many2one("res.company", required=True, index=True, default=lambda self: self.env.company)
    partner_id = fields.Many2one(
        "res.partner",
        string="Contact",
        required=True,
        ondelete="restrict",
        index=True,
        help="Address and contact details; the counterpart of the association in accounting.",
    )
    street = fields.Char(related="partner_id.street", readonly=False)
    phone = fields.Char(related="partner_id.phone", readonly=False)
    email = fields.Char(related="partner_id.email", readonly=False)
    color = fields.Integer()

    # ---- Tree ----
    parent_id = fields.Many2one(
        "hoctap.association",
        string="Parent Association",
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("hoctap.association", "parent_id", string="Direct Sub-associations")

    # ---- Administrative unit ----
    country_id = fields.Many2one("res.country", default=lambda self: self.env.ref("base.vn", raise_if_not_found=False))
    state_id = fields.Many2one(
        "res.country.state",
        string="Province",
        domain="[('country_id', '=?', country_id)]",
        tracking=True,
    )
    commune_name = fields.Char(string="Commune / Ward")
    commune_code = fields.Char(help="Code of the commune in the national list of administrative units.")

    # ---- People ----
    officer_ids = fields.One2many("hoctap.association.officer", "association_id", string="Officers")
    chair_id = fields.Many2one("res.partner", compute="_compute_chair_id", string="Chair")
    user_ids = fields.Many2many(
        "res.users",
        "hoctap_association_res_users_rel",
        "association_id",
        "user_id",
        string="Users",
        help="Users who work for this association; they see it and everything below it.",
    )
    membership_ids = fields.One2many("hoctap.membership", "association_id", string="Memberships")
    population_ids = fields.One2many("hoctap.population", "association_id", string="Population by Year")
    cluster_ids = fields.Many2many(
        "hoctap.cluster",
        "hoctap_cluster_association_rel",
        "association_id",
        "cluster_id",
        string="Emulation Clusters",
    )
    member_sequence_id = fields.Many2one(
        "ir.sequence", copy=False, readonly=True, help="Numbers the members of this association."
    )

    # ---- Reshaping (2025 reform) ----
    successor_id = fields.Many2one(
        "hoctap.association",
        index=True,
        readonly=True,
        copy=False,
        tracking=True,
        help="The association this one was merged into.",
    )
    predecessor_ids = fields.One2many(
        "hoctap.association",
        "successor_id",
        string="Predecessors",
        context={"active_test": False},
    )
    merge_date = fields.Date(readonly=True, copy=False)

    # ---- Subtree figures (SQL) ----
    member_count = fields.Integer(
        compute="_compute_subtree_counts",
        string="Members",
        help="Active members of this association and of every association below it.",
    )
    branch_count = fields.Integer(compute="_compute_subtree_counts", string="Branches")
    sub_association_count = fields.Integer(compute="_compute_subtree_counts", string="Sub-associations")
    population_year = fields.Integer(aggregator=False, compute="_compute_subtree_counts")
    population = fields.Integer(compute="_compute_subtree_counts")
    member_ratio = fields.Float(
        compute="_compute_subtree_counts",
        string="Member Ratio (%)",
        digits=(16, 2),
        help="Active members of the subtree as a share of the population of the latest year entered.",
    )

    _sql_constraints = [
        (
            "code_parent_uniq",
            "unique(parent_id, code)",
            "The code of an association must be unique among its siblings.",
        ),
    ]

    def init(self):
        # LIKE 'prefix%' on parent_path must use an index whatever the collation.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS hoctap_association_parent_path_pattern_idx
                ON hoctap_association (parent_path text_pattern_ops)
            """
        )

    # ---- Computes ----
    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for association in self:
            if association.parent_id:
                association.complete_name = f"{association.parent_id.complete_name} / {association.name}"
            else:
                association.complete_name = association.name

    @api.depends("officer_ids.role", "officer_ids.is_current")
    def _compute_chair_id(self):
        for association in self:
            chairs = association.officer_ids.filtered(lambda o: o.role == "chair" and o.is_current)
            association.chair_id = chairs[:1].partner_id

    def _compute_subtree_counts(self):
        members = self._subtree_member_counts()
        descendants = self._subtree_descendant_counts()
        latest = self._latest_population()
        for association in self:
            member_count = members.get(association.id, 0)
            subs, branches = descendants.get(association.id, (0, 0))
            year, population = latest.get(association.id, (0, 0))
            association.member_count = member_count
            association.sub_association_count = subs
            association.branch_count = branches
            association.population_year = year
            association.population = population
            association.member_ratio = 100.0 * member_count / population if population else 0.0

    # ---- SQL over the subtree ----
    def _subtree_member_counts(self, year=None):
        """Active members of each association's subtree, keyed by association id.

        With ``year``, counts memberships that were running on 31/12 of that year
        instead of the ones active today.
        """
        ids = tuple(self.filtered("id").ids)
        if not ids:
            return {}
        if year:
            condition = "m.date_join <= %(day)s AND (m.date_leave IS NULL OR m.date_leave > %(day)s)"
        else:
            condition = "m.state = 'active'"
        self.env["hoctap.membership"].flush_model(["association_id", "state", "date_join", "date_leave"])
        self.flush_model(["parent_path"])
        # Count per association of the subtree (an index-only scan on (association_id, state)),
        # then add up: far cheaper than joining every membership to every ancestor.
        self.env.cr.execute(
            f"""
            SELECT a.id, sum(c.n)::bigint
              FROM hoctap_association a
              JOIN hoctap_association d ON d.parent_path LIKE a.parent_path || '%%'
              JOIN LATERAL (
                    SELECT count(*) AS n FROM hoctap_membership m
                     WHERE m.association_id = d.id AND {condition}
                   ) c ON c.n > 0
             WHERE a.id IN %(ids)s
          GROUP BY a.id
            """,
            {"ids": ids, "day": f"{year}-12-31" if year else None},
        )
        return dict(self.env.cr.fetchall())

    def _subtree_descendant_counts(self):
        """(descendants, branches among them) for each association, active ones only."""
        ids = tuple(self.filtered("id").ids)
        if not ids:
            return {}
        self.flush_model(["parent_path", "level", "active"])
        self.env.cr.execute(
            """
            SELECT a.id, count(d.id), count(d.id) FILTER (WHERE d.level = 'branch')
              FROM hoctap_association a
              JOIN hoctap_association d ON d.parent_path LIKE a.parent_path || '%%'
                                       AND d.id != a.id AND d.active
             WHERE a.id IN %(ids)s
          GROUP BY a.id
            """,
            {"ids": ids},
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    def _latest_population(self):
        ids = tuple(self.filtered("id").ids)
        if not ids:
            return {}
        self.env["hoctap.population"].flush_model()
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (association_id) association_id, year, population
              FROM hoctap_population
             WHERE association_id IN %(ids)s
          ORDER BY association_id, year DESC
            """,
            {"ids": ids},
        )
        return {row[0]: (row[1], row[2]) for row in self.env.cr.fetchall()}

    def member_ratio_for_year(self, year):
        """Share (%) of the year's population who were members on 31/12 of that year."""
        self.ensure_one()
        population = (
            self.env["hoctap.population"]
            .search([("association_id", "=", self.id), ("year", "=", year)], limit=1)
            .population
        )
        members = self._subtree_member_counts(year=year).get(self.id, 0)
        return 100.0 * members / population if population else 0.0

    # ---- Constraints ----
    @api.constrains("parent_id")
    def _check_parent_id(self):
        if self._has_cycle():
            raise ValidationError(
                self.env._("An association cannot be placed under itself or one of its own sub-associations.")
            )

    @api.constrains("level", "branch_kind")
    def _check_branch_kind(self):
        for association in self:
            if association.branch_kind and association.level != "branch":
                raise ValidationError(
                    self.env._(
                        "Only a branch or board has a kind (village, school, …): %(name)s is not a branch.",
                        name=association.name,
                    )
                )

    # ---- CRUD ----
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_manager_fields_create(vals)
            if not vals.get("partner_id"):
                vals["partner_id"] = self.env["res.partner"].create(self._prepare_partner_vals(vals)).id
        return super().create(vals_list)

    def write(self, vals):
        self._check_manager_fields(vals)
        res = super().write(vals)
        if "user_ids" in vals:
            # Record rules read the users' associations: drop the cached rule domains.
            self.env.registry.clear_cache()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_has_members(self):
        if self.env["hoctap.membership"].search_count([("association_id", "in", self.ids)], limit=1):
            raise UserError(
                self.env._("An association with members cannot be deleted: archive it or merge it instead.")
            )

    # ---- Actions ----
    def action_view_members(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_membership_action")
        action["domain"] = [("association_id", "child_of", self.id)]
        action["context"] = {"default_association_id": self.id, "search_default_filter_active": 1}
        return action

    def action_view_sub_associations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_association_action")
        action["domain"] = [("id", "child_of", self.id), ("id", "!=", self.id)]
        action["context"] = {"default_parent_id": self.id, "default_level": self._child_level()}
        return action

    def action_open_move_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Move Association"),
            "res_model": "hoctap.association.move",
            "view_mode": "form",
            "target": "new",
            "context": {"default_association_id": self.id},
        }

    def action_open_merge_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Merge Associations"),
            "res_model": "hoctap.association.merge",
            "view_mode": "form",
            "target": "new",
            "context": {"default_association_ids": self.ids},
        }

    # ---- Reshaping ----
    def _move_under(self, new_parent):
        """Place the association under ``new_parent``; the constraint refuses cycles."""
        self.ensure_one()
        if new_parent and new_parent.id in self.search([("id", "child_of", self.id)]).ids:
            raise UserError(
                self.env._(
                    "%(name)s cannot be moved under %(parent)s: that is one of its own sub-associations.",
                    name=self.name,
                    parent=new_parent.complete_name,
                )
            )
        old_parent = self.parent_id
        self.parent_id = new_parent
        self.message_post(
            body=self.env._(
                "Moved from %(old)s to %(new)s.",
                old=old_parent.complete_name or "-",
                new=new_parent.complete_name or "-",
            )
        )

    def _merge_into(self, successor, date):
        """Merge these associations into ``successor`` as of ``date``.

        Sub-associations move under the successor, running memberships are
        closed and reopened in the successor (so history keeps where and when a
        person was a member), and the merged associations are archived with a
        link to their successor. The domains carry their own records along by
        extending :meth:`_merge_attached_records`.
        """
        if successor in self:
            raise UserError(self.env._("An association cannot be merged into itself."))
        self.child_ids.filtered(lambda c: c.active)._move_under_all(successor)
        memberships = self.env["hoctap.membership"].search(
            [("association_id", "in", self.ids), ("state", "in", ("active", "suspended"))]
        )
        memberships._transfer_to(successor, date, reason="merge")
        self._merge_attached_records(successor)
        for association in self:
            association.message_post(
                body=self.env._("Merged into %(name)s on %(date)s.", name=successor.complete_name, date=date)
            )
        successor.message_post(
            body=self.env._(
                "Successor of %(names)s from %(date)s.",
                names=", ".join(self.mapped("complete_name")),
                date=date,
            )
        )
        self._workflow().write({"successor_id": successor.id, "merge_date": date, "active": False})

    def _merge_attached_records(self, successor):
        """Hook: carry what lives on with the successor; what stays behind is history.

        The core moves the persons whose home branch was merged. Each domain
        (funds, learning centres, evaluations, support teams…) extends this
        with ``super()`` in its own ``hoctap_association_<domain>.py`` and
        carries its own records, through :meth:`_carried_by_merge`.
        """
        self.env["res.partner"].sudo().with_context(active_test=False).search(
            [("hoctap_branch_id", "in", self.ids)]
        ).write({"hoctap_branch_id": successor.id})

    @staticmethod
    def _carried_by_merge(records):
        """A merge (a manager's step) moves records through the workflow mechanism where they have one."""
        return records._workflow() if hasattr(records, "_workflow") else records

    def _move_under_all(self, new_parent):
        for association in self:
            association._move_under(new_parent)

    # ---- Helpers ----
    @api.model
    def _check_reshaper(self):
        """Moving and merging associations reshape everyone's scopes: a manager's step, even under sudo()."""
        if not self.env.user.has_group("congdan_hoctap.group_manager"):
            raise AccessError(self.env._("Only a manager moves or merges associations."))

    def _check_manager_fields(self, vals):
        """Only a manager widens or moves a scope: users, parent, company, clusters.

        Checked on the user even under ``sudo()``: an association officer runs their
        subtree but never grants someone access to it nor hangs it elsewhere.
        """
        if self._workflow_allowed() or self.env.user.has_group("congdan_hoctap.group_manager"):
            return
        if "parent_id" in vals and any(association.parent_id.id != vals["parent_id"] for association in self):
            raise AccessError(self.env._("Only a manager moves an association to another parent (Move, or Merge)."))
        if "company_id" in vals and any(association.company_id.id != vals["company_id"] for association in self):
            raise AccessError(self.env._("Only a manager moves an association to another company."))
        if {"user_ids", "cluster_ids"} & set(vals):
            raise AccessError(
                self.env._("Only a manager chooses the users of an association and its emulation clusters.")
            )

    def _check_manager_fields_create(self, vals):
        if self._workflow_allowed() or self.env.user.has_group("congdan_hoctap.group_manager"):
            return
        if vals.get("user_ids") or vals.get("cluster_ids"):
            raise AccessError(
                self.env._("Only a manager chooses the users of an association and its emulation clusters.")
            )

    def _child_level(self):
        order = [key for key, _label in LEVELS if key != "district"]
        if self.level in ("branch",):
            return "branch"
        if self.level == "district":
            return "commune"
        return order[order.index(self.level) + 1]

    @api.model
    def _prepare_partner_vals(self, vals):
        return {
            "name": vals.get("name") or self.env._("Association"),
            "is_company": True,
            "company_id": vals.get("company_id") or False,
        }

    def _get_member_sequence(self):
        """The sequence numbering this association's members, created on first use."""
        self.ensure_one()
        if not self.member_sequence_id:
            self.sudo()._workflow().member_sequence_id = (
                self.env["ir.sequence"]
                .sudo()
                .create(
                    {
                        "name": self.env._("Members of %(name)s", name=self.name),
                        "code": "hoctap.membership.%s" % self.id,
                        "prefix": "%s-" % self.code,
                        "padding": 6,
                        "company_id": self.company_id.id,
                    }
                )
            )
        return self.sudo().member_sequence_id
