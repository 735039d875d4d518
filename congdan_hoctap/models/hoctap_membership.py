# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from ..tools.xlsx import XlsxFile, iter_chunks

RUNNING = ("active", "suspended")

# Age bands of the members (age reached this year), with their bounds (inclusive).
AGE_BANDS = [
    ("under_16", "Under 16"),
    ("16_35", "16–35"),
    ("36_60", "36–60"),
    ("over_60", "Over 60"),
]
AGE_BOUNDS = {"under_16": (0, 15), "16_35": (16, 35), "36_60": (36, 60), "over_60": (61, 200)}


def age_band_of(birth_year, year):
    """The age band of someone born in ``birth_year`` (0 or None: unknown, False) in ``year``."""
    age = year - birth_year if birth_year else None
    return next((band for band, (low, high) in AGE_BOUNDS.items() if age is not None and low <= age <= high), False)


LEAVE_REASONS = [
    ("resigned", "Resigned"),
    ("transfer", "Transferred to another association"),
    ("merge", "Association merged"),
    ("moved", "Moved away"),
    ("deceased", "Deceased"),
    ("excluded", "Excluded"),
    ("other", "Other"),
]


class HoctapMembership(models.Model):
    """A person's (or organisation's) membership of one association over a period.

    A transfer or a merge never rewrites a membership: it closes it and opens
    the next one, linked to it, so the history of where and when someone was a
    member is kept.
    """

    _name = "hoctap.membership"
    _description = "Membership"
    _inherit = ["mail.thread", "mail.activity.mixin", "hoctap.workflow.mixin"]
    _order = "date_join desc, id desc"
    _rec_name = "number"
    _check_company_auto = True

    # The state, the number and the history links change only through the actions,
    # transfers and merges; a membership that ended is history and is locked.
    _workflow_fields = (
        "state",
        "number",
        "date_leave",
        "leave_reason",
        "leave_note",
        "previous_membership_id",
    )
    _workflow_locked_states = ("left", "deceased")
    _workflow_scope_fields = ("association_id",)

    # ---- Who and where ----
    number = fields.Char(string="Member Number", readonly=True, copy=False, index=True, default="/")
    partner_id = fields.Many2one(
        "res.partner",
        string="Member",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    association_id = fields.Many2one(
        "hoctap.association",
        required=True,
        index=True,
        tracking=True,
        ondelete="restrict",
    )
    company_id = fields.Many2one(related="association_id.company_id", store=True, index=True)
    member_type = fields.Selection(
        [("individual", "Individual"), ("collective", "Collective"), ("honorary", "Honorary")],
        required=True,
        default="individual",
        tracking=True,
    )
    # ---- Person data (searchable and groupable on the membership) ----
    citizen_id = fields.Char(related="partner_id.citizen_id")
    image_128 = fields.Image(related="partner_id.image_128")
    occupation_group = fields.Selection(related="partner_id.occupation_group", store=True)
    gender = fields.Selection(related="partner_id.gender", store=True)
    # stored like the gender and the occupation: the age bands are counted without reading the persons
    birth_year = fields.Integer(related="partner_id.birth_year", store=True, aggregator=False)
    age_band = fields.Selection(
        AGE_BANDS,
        compute="_compute_age_band",
        search="_search_age_band",
        groups="congdan_hoctap.group_viewer",
        help="The member's age this year, from the year of birth; groupable, always of the current year.",
    )
    # ---- Period and state ----
    date_join = fields.Date(string="Joined on", required=True, default=fields.Date.context_today, tracking=True)
    date_leave = fields.Date(string="Left on", readonly=True, copy=False, tracking=True)
    leave_reason = fields.Selection(LEAVE_REASONS, readonly=True, copy=False, tracking=True)
    leave_note = fields.Char(readonly=True, copy=False)
    state = fields.Selection(
        [
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("left", "Left"),
            ("deceased", "Deceased"),
        ],
        required=True,
        readonly=True,
        default="active",
        copy=False,
        tracking=True,
        index=True,
    )
    previous_membership_id = fields.Many2one(
        "hoctap.membership",
        readonly=True,
        copy=False,
        index=True,
        help="The membership this one continues after a transfer or a merge.",
    )
    next_membership_id = fields.Many2one(
        "hoctap.membership",
        compute="_compute_next_membership_id",
    )

    _sql_constraints = [
        (
            "number_association_uniq",
            "unique(association_id, number)",
            "A member number is used once in an association.",
        ),
    ]

    def init(self):
        # At most one running membership per person, even under concurrency.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS hoctap_membership_one_running_uniq
                ON hoctap_membership (partner_id) WHERE state IN ('active', 'suspended')
            """
        )
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS hoctap_membership_association_state_idx
                ON hoctap_membership (association_id, state)
            """
        )
        # The overview counts the active members of a subtree by gender, occupation and age band
        # from this index alone (an index-only scan), not from the table.
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS hoctap_membership_overview_idx
                ON hoctap_membership (association_id) INCLUDE (gender, occupation_group, birth_year)
             WHERE state = 'active'
            """
        )

    # ---- Computes ----
    def _compute_next_membership_id(self):
        following = {m.previous_membership_id.id: m for m in self.search([("previous_membership_id", "in", self.ids)])}
        for membership in self:
            membership.next_membership_id = following.get(membership.id, False)

    def _compute_age_band(self):
        year = fields.Date.context_today(self).year
        for membership in self.sudo():
            membership.age_band = age_band_of(membership.birth_year, year)

    def _search_age_band(self, operator, value):
        """The band as bounds on the member's year of birth, so the search stays one SQL condition."""
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("Unsupported search on the age band."))
        values = [value] if operator in ("=", "!=") else list(value)
        year = fields.Date.context_today(self).year
        conditions = [
            [("birth_year", ">=", year - AGE_BOUNDS[band][1]), ("birth_year", "<=", year - AGE_BOUNDS[band][0])]
            for band in values
            if band
        ]
        if False in values:
            conditions.append([("birth_year", "in", (0, False))])
        domain = expression.OR(conditions) if conditions else expression.FALSE_DOMAIN
        return domain if operator in ("=", "in") else ["!", *domain]

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        """``age_band`` in SQL (a CASE over the stored year of birth), so lists and charts group by it."""
        if fname != "age_band":
            return super()._field_to_sql(alias, fname, query, flush)
        birth_year = super()._field_to_sql(alias, "birth_year", query, flush)
        year = fields.Date.context_today(self).year
        cases = SQL(" ").join(
            SQL("WHEN %s - %s BETWEEN %s AND %s THEN %s", year, birth_year, low, high, band)
            for band, (low, high) in AGE_BOUNDS.items()
        )
        return SQL("(CASE WHEN COALESCE(%s, 0) = 0 THEN NULL %s END)", birth_year, cases)

    def _compute_display_name(self):
        for membership in self:
            membership.display_name = f"{membership.number} – {membership.partner_id.name or ''}"

    # ---- Constraints ----
    @api.constrains("member_type", "partner_id")
    def _check_member_type(self):
        for membership in self:
            is_company = membership.partner_id.is_company
            if membership.member_type == "collective" and not is_company:
                raise ValidationError(
                    self.env._(
                        "A collective member must be an organisation: %(name)s is a person.",
                        name=membership.partner_id.name,
                    )
                )
            if membership.member_type == "individual" and is_company:
                raise ValidationError(
                    self.env._(
                        "An individual member must be a person: %(name)s is an organisation.",
                        name=membership.partner_id.name,
                    )
                )

    @api.constrains("date_join", "date_leave")
    def _check_dates(self):
        for membership in self:
            if membership.date_leave and membership.date_leave < membership.date_join:
                raise ValidationError(
                    self.env._("%(name)s cannot leave before joining.", name=membership.partner_id.name)
                )

    # ---- CRUD ----
    @api.model_create_multi
    def create(self, vals_list):
        if not self._workflow_allowed():
            # before the number is drawn: a client never sets a number, a state or a history link
            for vals in vals_list:
                self._check_workflow_create_vals(vals)
        for vals in vals_list:
            if vals.get("number", "/") == "/" and vals.get("association_id"):
                association = self.env["hoctap.association"].browse(vals["association_id"])
                vals["number"] = association._get_member_sequence().next_by_id()
        self._check_one_running_membership(
            [vals.get("partner_id") for vals in vals_list if vals.get("state", "active") in RUNNING]
        )
        memberships = super(HoctapMembership, self._workflow()).create(vals_list)
        # the caller gets the records in its own environment, without the workflow token
        return memberships.with_env(self.env)

    def write(self, vals):
        fixed = {"partner_id", "association_id"} & set(vals)
        if fixed and not self._workflow_allowed() and any(m[f].id != vals[f] for m in self for f in fixed):
            raise UserError(
                self.env._(
                    "A membership keeps its member and its association: use Transfer to move a member, "
                    "so the history is kept."
                )
            )
        if "partner_id" in vals or vals.get("state") in RUNNING:
            self._check_one_running_membership(
                [
                    vals.get("partner_id", membership.partner_id.id)
                    for membership in self
                    if vals.get("state", membership.state) in RUNNING
                ],
                exclude=self,
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_history(self):
        if any(m.state != "active" or m.previous_membership_id for m in self):
            raise UserError(
                self.env._("Memberships that are part of the history (left, transferred, merged) cannot be deleted.")
            )

    # ---- Actions ----
    def action_suspend(self):
        self._check_member_keeper()
        self._check_state({"active"}, self.env._("Only an active membership can be suspended."))
        self._workflow().write({"state": "suspended"})
        return True

    def action_reactivate(self):
        self._check_member_keeper()
        self._check_state({"suspended"}, self.env._("Only a suspended membership can be reactivated."))
        self._workflow().write({"state": "active"})
        return True

    def action_leave(self):
        """Ask the date and reason, then end the memberships (:meth:`_leave`)."""
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("End Memberships"),
            "res_model": "hoctap.membership.leave",
            "view_mode": "form",
            "target": "new",
            "context": {"default_membership_ids": self.ids},
        }

    def _leave(self, reason="resigned", date=None, note=False):
        """End the membership: the person leaves the association on ``date``."""
        self._check_member_keeper()
        self._check_state({"active", "suspended"}, self.env._("Only a running membership can end."))
        if reason not in dict(LEAVE_REASONS):
            raise UserError(self.env._("Choose a reason for leaving from the list."))
        state = "deceased" if reason == "deceased" else "left"
        self._workflow().write(
            {
                "state": state,
                "date_leave": date or fields.Date.context_today(self),
                "leave_reason": reason,
                "leave_note": note,
            }
        )
        return True

    def action_mark_deceased(self):
        return self._leave(reason="deceased")

    def action_invite_to_portal(self):
        """Give running members a portal account to assess themselves (login: their citizen ID).

        The officer acts for the person: the account is created by the system after checking the
        officer may change the membership. The invitation link (to set a password, valid for days)
        is a key to the account: it is e-mailed to the member only, or, when they have no e-mail
        address, shown once to the inviting officer to hand over. It is never kept in the chatter
        or anywhere else other users read.
        """
        self.check_access("write")
        self._check_state(RUNNING, self.env._("Only running members are invited to the portal."))
        handed_over = []
        for membership in self:
            partner = membership.partner_id.sudo()
            if not partner.citizen_id:
                raise UserError(
                    self.env._("%(name)s has no citizen ID: it is their login on the portal.", name=partner.name)
                )
            if partner.user_ids or self.env["res.users"].sudo().with_context(active_test=False).search_count(
                [("login", "=", partner.citizen_id)], limit=1
            ):
                raise UserError(self.env._("%(name)s already has an account.", name=partner.name))
            user_vals = {"login": partner.citizen_id, "partner_id": partner.id}
            if self.env["res.lang"]._lang_get("vi_VN"):
                user_vals["lang"] = "vi_VN"
            user = self.env["res.users"].sudo()._create_user_from_template(user_vals)
            if partner.email:
                user.with_context(create_user=True).action_reset_password()
            else:
                partner.signup_prepare()
                handed_over.append(f"{partner.name}: {partner._get_signup_url()}")
            membership.message_post(
                body=self.env._(
                    "Portal account created (login: the citizen ID); invitation %(how)s.",
                    how=self.env._("e-mailed to the member")
                    if partner.email
                    else self.env._("handed to the inviting officer"),
                ),
                subtype_xmlid="mail.mt_note",
            )
        if handed_over:
            message = self.env._(
                "Portal account created. The member has no e-mail address: give them this invitation link "
                "yourself (it is shown only now and lets its holder set the password): %(links)s",
                links=" — ".join(handed_over),
            )
        else:
            message = self.env._("Portal account created: the invitation to set a password was e-mailed to the member.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "type": "success" if not handed_over else "warning",
                "sticky": bool(handed_over),
                "message": message,
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def action_open_transfer_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Transfer Members"),
            "res_model": "hoctap.membership.transfer",
            "view_mode": "form",
            "target": "new",
            "context": {"default_membership_ids": self.ids},
        }

    # ---- Export ----
    @api.model
    def _hoctap_export_xlsx(self, domain):
        """The memberships of ``domain`` as XLSX, streamed in chunks (a province's million rows in flat memory)."""
        selections = {
            name: dict(self._fields[name]._description_selection(self.env)) for name in ("member_type", "state")
        }
        headers = [
            self.env._("Member Number"),
            self.env._("Member"),
            self.env._("Association"),
            self.env._("Member Type"),
            self.env._("State"),
            self.env._("Joined on"),
            self.env._("Left on"),
        ]

        def rows():
            for chunk in iter_chunks(self, domain):
                data = chunk.read(
                    ["number", "partner_id", "association_id", "member_type", "state", "date_join", "date_leave"],
                    load=None,
                )
                # names as stored (one read per chunk), not each partner's computed display name
                names = {p["id"]: p["name"] for p in chunk.partner_id.read(["name"])}
                paths = {a["id"]: a["complete_name"] for a in chunk.association_id.read(["complete_name"])}
                for row in data:
                    yield [
                        row["number"],
                        names.get(row["partner_id"], ""),
                        paths.get(row["association_id"], ""),
                        selections["member_type"].get(row["member_type"], ""),
                        selections["state"].get(row["state"], ""),
                        fields.Date.to_string(row["date_join"]),
                        fields.Date.to_string(row["date_leave"]) or "",
                    ]

        xlsx = XlsxFile()
        xlsx.table(self.env._("Members"), headers, rows(), widths=[16, 30, 40])
        return xlsx.deliver(self.browse(), "hoi_vien.xlsx")

    # ---- Helpers ----
    def _check_one_running_membership(self, partner_ids, exclude=None):
        """A person holds at most one running (active or suspended) membership.

        Checked before writing so the message names the membership in the way;
        a partial unique index backs it up against concurrent saves.
        """
        seen = set()
        for partner_id in partner_ids:
            if partner_id in seen:
                raise ValidationError(
                    self.env._(
                        "%(name)s is given two running memberships at once.",
                        name=self.env["res.partner"].browse(partner_id).name,
                    )
                )
            seen.add(partner_id)
        if not seen:
            return
        domain = [("partner_id", "in", list(seen)), ("state", "in", list(RUNNING))]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        other = self.sudo().search(domain, limit=1)
        if other:
            raise ValidationError(
                self.env._(
                    "%(name)s is already a member of %(association)s (number %(number)s): "
                    "a person has one running membership; transfer it instead.",
                    name=other.partner_id.name,
                    association=other.association_id.complete_name,
                    number=other.number,
                )
            )

    def _check_member_keeper(self):
        """Only those who keep members (branch officers and above) change a membership's status."""
        self._check_group(
            "congdan_hoctap.group_branch_officer",
            self.env._("Only a branch officer or above changes the status of a membership."),
        )

    def _transfer_to(self, association, date, reason="transfer", note=False):
        """Close these memberships on ``date`` and open their continuation in ``association``."""
        running = self.filtered(lambda m: m.state in ("active", "suspended"))
        if len(running) != len(self):
            raise UserError(self.env._("Only running memberships can be transferred."))
        if running.filtered(lambda m: m.association_id == association):
            raise UserError(self.env._("A member cannot be transferred to the association they already belong to."))
        vals_list = [membership._prepare_next_vals(association, date) for membership in running]
        running._leave(reason=reason, date=date, note=note)
        return self._workflow().create(vals_list).with_env(self.env)

    def _prepare_next_vals(self, association, date):
        self.ensure_one()
        return {
            "partner_id": self.partner_id.id,
            "association_id": association.id,
            "member_type": self.member_type,
            "date_join": date,
            "state": self.state,
            "previous_membership_id": self.id,
        }
