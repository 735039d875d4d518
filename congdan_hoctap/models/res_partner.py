# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

OCCUPATION_GROUPS = [
    ("farmer", "Farmer / rural worker"),
    ("worker", "Worker / craftsman"),
    ("official", "Official / public employee"),
    ("entrepreneur", "Entrepreneur / manager"),
    ("student", "Pupil / student"),
    ("retired", "Retired"),
    ("other", "Other"),
]

CCCD_PATTERN = re.compile(r"^[0-9]{12}$")  # ASCII digits only (\d would take any script's)

# Citizen ID and civil data are personal: other internal users of the database do not read them.
HOCTAP_USERS = "congdan_hoctap.group_viewer"


class ResPartner(models.Model):
    """A person as the association knows them: citizen ID and civil data."""

    _inherit = "res.partner"

    # Personal data: only learning-promotion users (and sudo'ed portal flows) read it.
    citizen_id = fields.Char(
        string="Citizen ID",
        index=True,
        copy=False,
        tracking=True,
        groups=HOCTAP_USERS,
        help="Căn cước công dân: exactly 12 digits, unique among active persons.",
    )
    birth_date = fields.Date(string="Date of Birth", groups=HOCTAP_USERS)
    birth_year = fields.Integer(
        compute="_compute_birth_year",
        store=True,
        readonly=False,
        string="Year of Birth",
        groups=HOCTAP_USERS,
        help="Filled from the date of birth; enter it alone when only the year is known.",
        aggregator=False,
    )
    gender = fields.Selection([("male", "Male"), ("female", "Female"), ("other", "Other")], groups=HOCTAP_USERS)
    ethnicity = fields.Char(help="Ethnic group, e.g. Kinh, Tày, Mường.", groups=HOCTAP_USERS)
    occupation_group = fields.Selection(OCCUPATION_GROUPS, groups=HOCTAP_USERS)
    hoctap_membership_ids = fields.One2many("hoctap.membership", "partner_id", string="Memberships")
    hoctap_membership_count = fields.Integer(compute="_compute_hoctap_membership_count")

    _sql_constraints = [
        (
            "birth_year_range",
            "CHECK(birth_year IS NULL OR birth_year = 0 OR birth_year BETWEEN 1900 AND 2100)",
            "The year of birth must be between 1900 and 2100.",
        ),
    ]

    def init(self):
        # The database keeps CCCD unique among active persons even under concurrency.
        self.env.cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS res_partner_citizen_id_active_uniq
                ON res_partner (citizen_id) WHERE active AND citizen_id IS NOT NULL
            """
        )

    @api.depends("birth_date")
    def _compute_birth_year(self):
        for partner in self:
            if partner.birth_date:
                partner.birth_year = partner.birth_date.year
            elif not partner.birth_year:
                partner.birth_year = False

    def _compute_hoctap_membership_count(self):
        counts = dict(
            self.env["hoctap.membership"]._read_group([("partner_id", "in", self.ids)], ["partner_id"], ["__count"])
        )
        for partner in self:
            partner.hoctap_membership_count = counts.get(partner, 0)

    @api.constrains("citizen_id")
    def _check_citizen_id(self):
        for partner in self.filtered("citizen_id"):
            if not CCCD_PATTERN.match(partner.citizen_id):
                raise ValidationError(
                    self.env._(
                        "The citizen ID of %(name)s must be exactly 12 digits (got “%(value)s”).",
                        name=partner.name,
                        value=partner.citizen_id,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("citizen_id"):
                vals["citizen_id"] = vals["citizen_id"].strip()
        self._check_citizen_id_unique(
            [vals["citizen_id"] for vals in vals_list if vals.get("citizen_id") and vals.get("active", True)]
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("citizen_id"):
            vals["citizen_id"] = vals["citizen_id"].strip()
        if vals.get("citizen_id") or vals.get("active"):
            self._check_citizen_id_unique(
                [
                    vals.get("citizen_id") or partner.citizen_id
                    for partner in self.sudo()
                    if (vals.get("citizen_id") or partner.citizen_id) and vals.get("active", partner.active)
                ],
                exclude=self,
            )
        return super().write(vals)

    def _check_citizen_id_unique(self, citizen_ids, exclude=None):
        """Refuse a citizen ID that another active person already has.

        Checked before writing so the user reads whose ID it is; a partial
        unique index backs it up against concurrent saves.
        """
        seen = set()
        for citizen_id in citizen_ids:
            if citizen_id in seen:
                raise ValidationError(self.env._("The citizen ID %(value)s is given to two persons.", value=citizen_id))
            seen.add(citizen_id)
        if not seen:
            return
        domain = [("citizen_id", "in", list(seen))]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        other = self.sudo().with_context(active_test=True).search(domain, limit=1)
        if other:
            raise ValidationError(
                self.env._(
                    "The citizen ID %(value)s already belongs to %(other)s.",
                    value=other.citizen_id,
                    other=other.display_name,
                )
            )

    def action_view_hoctap_memberships(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("congdan_hoctap.hoctap_membership_action")
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_hoctap_release_citizen_id(self):
        """Free a CCCD held by a portal account that signed itself up (a squatted CCCD).

        The branch checks the real holder's ID card, then releases the number: the self-made
        account is archived and loses the CCCD as its login, the person record is archived
        without the number, and the real holder can be registered and invited. A member of
        an association is never released this way: their branch corrects the record instead.
        """
        self._check_hoctap_release_right()
        for partner in self:
            citizen_id = partner.sudo().citizen_id
            if not citizen_id:
                raise UserError(self.env._("%(name)s has no citizen ID to release.", name=partner.name))
            if partner.sudo().hoctap_membership_ids:
                raise UserError(
                    self.env._(
                        "%(name)s is a member of an association: correct their record instead of releasing "
                        "the citizen ID.",
                        name=partner.name,
                    )
                )
            users = partner.sudo().with_context(active_test=False).user_ids
            if any(not user.share for user in users):
                raise UserError(
                    self.env._("%(name)s is a user of the back office: ask an administrator.", name=partner.name)
                )
            for user in users:
                user.write({"active": False, "login": f"released-{user.id}"})  # the CCCD is free as a login again
            # no tracking: the released number is not written into the person's chatter
            partner.sudo().with_context(mail_notrack=True).write({"citizen_id": False, "active": False})
            partner.sudo().message_post(
                body=self.env._(
                    "Citizen ID released by %(user)s: the self-made portal account is archived.",
                    user=self.env.user.name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def _check_hoctap_release_right(self):
        """Only a branch officer who may change these persons releases their CCCD."""
        if not self.env.user.has_group("congdan_hoctap.group_branch_officer"):
            raise UserError(self.env._("Only a branch officer releases a citizen ID."))
        self.check_access("write")

    # ---- Citizen portal ----
    hoctap_branch_id = fields.Many2one(
        "hoctap.association",
        string="Home Branch",
        index=True,
        ondelete="set null",
        domain="[('level', '=', 'branch')]",
        help="The branch the citizen registers under for the learning models, when not a member of one.",
    )

    def _hoctap_home_branch(self):
        """The branch of the person's running membership, else the branch they chose at sign-up."""
        self.ensure_one()
        membership = (
            self.env["hoctap.membership"]
            .sudo()
            .search([("partner_id", "=", self.id), ("state", "=", "active")], order="date_join desc, id desc", limit=1)
        )
        return membership.association_id or self.sudo().hoctap_branch_id
