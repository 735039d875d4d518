# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Personal data of a person (Law 91/2025/QH15): who may read it, and what a read leaves behind.

The personal fields of a person are readable and searchable by the person themself, by the users
whose association scope holds a membership (running or past) or an evaluation of that person, and
by managers. Anyone else reads the name and nothing else. Field-level ``groups`` are per user, not
per record, so the rule is applied where every client path goes through:

- ``_read_format`` (``read``, ``search_read``, ``web_read``, ``web_search_read``, form saves);
- ``_export_rows`` (``export_data``, also when reached through a relation of another model);
- ``_search`` and ``_read_group`` (a domain, a grouping or an aggregate on a personal field only
  ever sees the persons in scope: another commune's CCCD finds nothing).

The ORM cache is never masked, so business code running as superuser keeps its real values.
"""

import logging

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

# The personal fields of a person; add any new one here (and to the JSON export of the portal).
PERSONAL_FIELDS = frozenset(
    {
        "citizen_id",
        "birth_date",
        "birth_year",
        "gender",
        "ethnicity",
        "occupation_group",
        "image_1920",
        "image_1024",
        "image_512",
        "image_256",
        "image_128",
        "avatar_1920",
        "avatar_1024",
        "avatar_512",
        "avatar_256",
        "avatar_128",
    }
)
PHOTO_FIELDS = frozenset(name for name in PERSONAL_FIELDS if name.startswith(("image_", "avatar_")))
# Sensitive data (ethnic origin): collected with explicit consent only, hidden from lists and exports.
SENSITIVE_FIELDS = frozenset({"ethnicity"})
MANAGER_GROUP = "congdan_hoctap.group_manager"
_logger = logging.getLogger(__name__)
# Only Python code holds this object: no RPC context can make a consent look given on the portal.
SIGNUP_CONSENT_TOKEN = object()


def _personal_names(names):
    """The personal field names among ``names`` (a path ``a.b`` counts by its first step)."""
    return {
        name for name in names or () if isinstance(name, str) and name.split(".")[0].split(":")[0] in PERSONAL_FIELDS
    }


class ResPartner(models.Model):
    # A separate file on purpose: the personal-data seam (issue 10), merged apart from the core.
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    # ---- Consent ----
    hoctap_consent_ids = fields.One2many("hoctap.consent", "partner_id", string="Consents")
    hoctap_consent_state = fields.Selection(
        [("none", "Not recorded"), ("given", "Given"), ("withdrawn", "Withdrawn")],
        string="Consent",
        compute="_compute_hoctap_consent",
        store=True,
        index=True,
        help="Withdrawn: processing is restricted to what the law requires the association to keep.",
    )
    hoctap_sensitive_consent = fields.Boolean(
        string="Consent to Sensitive Data",
        compute="_compute_hoctap_consent",
        store=True,
        help="The person explicitly agreed that the association keeps their ethnic group.",
    )
    ethnicity = fields.Char(exportable=False)  # sensitive: not offered by the export dialog
    hoctap_anonymised = fields.Boolean(string="Anonymised", readonly=True, copy=False, index=True)

    @api.depends("hoctap_consent_ids.state", "hoctap_consent_ids.sensitive_data")
    def _compute_hoctap_consent(self):
        for partner in self:
            consents = partner.hoctap_consent_ids
            given = consents.filtered(lambda c: c.state == "given")
            partner.hoctap_consent_state = "given" if given else "withdrawn" if consents else "none"
            partner.hoctap_sensitive_consent = any(given.mapped("sensitive_data"))

    # ---- CRUD: personal data needs consent ----
    @api.model_create_multi
    def create(self, vals_list):
        token, signup_consent = self.env.context.get("hoctap_signup_consent") or (None, None)
        if token is SIGNUP_CONSENT_TOKEN:
            # The portal sign-up records the consent given on the page, with the person.
            vals_list = [dict(vals, hoctap_consent_ids=[(0, 0, signup_consent)]) for vals in vals_list]
        partners = super().create(vals_list)
        if not self.env.su:
            partners._hoctap_check_consent_for([_personal_names(vals) for vals in vals_list])
        return partners

    def write(self, vals):
        res = super().write(vals)
        personal = _personal_names(vals)
        if not self.env.su and personal and any(vals[name] for name in personal):
            self._hoctap_check_consent_for([personal] * len(self))
        return res

    def _hoctap_check_consent_for(self, personal_by_partner):
        """Personal data is collected under a consent; ethnicity under an explicit one.

        An officer records how the person consented (in the same save); an import records
        the import channel. A withdrawn consent restricts processing: no new personal data.
        """
        if self.env.context.get("import_file"):
            self._hoctap_record_import_consent(personal_by_partner)
        for partner, personal in zip(self, personal_by_partner, strict=False):
            if partner.is_company:
                continue
            values = {name for name in personal - PHOTO_FIELDS if partner[name]}
            if not values:
                continue
            if partner.hoctap_consent_state != "given":
                raise ValidationError(
                    self.env._(
                        "%(name)s: record how the person consented (paper form, portal or import) "
                        "before keeping their personal data.",
                        name=partner.name,
                    )
                )
            if values & SENSITIVE_FIELDS and not partner.hoctap_sensitive_consent:
                raise ValidationError(
                    self.env._(
                        "%(name)s: the ethnic group is sensitive personal data; it is kept only with the "
                        "person's explicit consent to it.",
                        name=partner.name,
                    )
                )

    def _hoctap_record_import_consent(self, personal_by_partner):
        todo = self.filtered(lambda p: p.hoctap_consent_state == "none")
        todo = todo.filtered(lambda p: _personal_names(personal_by_partner[self.ids.index(p.id)]) - PHOTO_FIELDS)
        if todo:
            self.env["hoctap.consent"].create(
                [{"partner_id": partner.id, "channel": "import", "purpose_contact": False} for partner in todo]
            )

    # ---- Scope ----
    @api.model
    def _hoctap_personal_unrestricted(self):
        """Superuser and managers read every person's personal data."""
        return self.env.su or self.env.user.has_group(MANAGER_GROUP)

    @api.model
    def _hoctap_personal_scope_domain(self):
        """The persons whose personal data the current user may read, as a domain.

        Themself; persons with a membership (any state, archived too) under the user's
        associations; persons with an evaluation the user can review (their associations and
        the ones their support teams cover); citizens whose home branch is in the user's scope
        (they signed up there); persons the user created (an officer registering a new person
        sees what they typed until the membership is saved).
        """
        user = self.env.user
        assoc_ids = user.sudo().hoctap_association_ids.ids
        review_ids = assoc_ids + user.sudo().hoctap_support_team_ids.association_ids.ids
        members = (
            self.env["hoctap.membership"]
            .sudo()
            .with_context(active_test=False)
            ._search([("association_id", "child_of", assoc_ids)] if assoc_ids else expression.FALSE_DOMAIN)
        )
        evaluated = (
            self.env["hoctap.evaluation"]
            .sudo()
            .with_context(active_test=False)
            ._search([("association_id", "child_of", review_ids)] if review_ids else expression.FALSE_DOMAIN)
        )
        domain = expression.OR(
            [
                [("id", "=", user.partner_id.id)],
                # Organisations and the staff's own contacts are not the citizens this law protects here.
                [("is_company", "=", True)],
                [("id", "in", self.env["res.users"].sudo()._search([("share", "=", False)]).subselect("partner_id"))],
                [("create_uid", "=", user.id)],
                [("id", "in", members.subselect("partner_id"))],
                [("id", "in", evaluated.subselect("partner_id"))],
            ]
        )
        if assoc_ids:
            domain = expression.OR([domain, [("hoctap_branch_id", "child_of", assoc_ids)]])
        return domain

    def _hoctap_personal_allowed(self):
        """The records of ``self`` whose personal data the current user may read."""
        records = self._origin.filtered("id")
        if self._hoctap_personal_unrestricted() or not records:
            return self
        allowed_ids = set(
            self.sudo()
            .with_context(active_test=False)
            ._search(expression.AND([[("id", "in", records.ids)], self._hoctap_personal_scope_domain()]))
        )
        # New records (onchange) carry what the user typed themself.
        return self.filtered(lambda partner: not partner._origin.id or partner._origin.id in allowed_ids)

    # ---- Read paths ----
    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        personal = _personal_names(fnames)
        if not personal or self.env.su:
            return result
        allowed = self._hoctap_personal_allowed()
        denied_ids = set(self._ids) - set(allowed._ids)
        for values in result:
            if values["id"] in denied_ids:
                values.update(dict.fromkeys(personal & values.keys(), False))
        self._hoctap_log_personal_access("read", allowed, personal)
        return result

    def _export_rows(self, fields, *, _is_toplevel_call=True):
        """Personal columns are blank for persons outside the user's scope."""
        personal_cols = [i for i, path in enumerate(fields) if path and path[0] in PERSONAL_FIELDS]
        if not personal_cols or self.env.su:
            return super()._export_rows(fields, _is_toplevel_call=_is_toplevel_call)
        allowed = self._hoctap_personal_allowed()
        self._hoctap_log_personal_access("export", allowed, {fields[i][0] for i in personal_cols})
        lines = []
        # Consecutive runs of allowed / denied persons keep the export's order.
        run, run_allowed, allowed_ids = self.browse(), None, set(allowed._ids)
        for partner in self:
            is_allowed = partner.id in allowed_ids
            if run and is_allowed != run_allowed:
                lines += self._hoctap_export_run(run, run_allowed, fields, personal_cols, _is_toplevel_call)
                run = self.browse()
            run, run_allowed = run | partner, is_allowed
        if run:
            lines += self._hoctap_export_run(run, run_allowed, fields, personal_cols, _is_toplevel_call)
        return lines

    def _hoctap_export_run(self, records, allowed, fields, personal_cols, toplevel):
        lines = super(ResPartner, records)._export_rows(fields, _is_toplevel_call=toplevel)
        if not allowed:
            for line in lines:
                for i in personal_cols:
                    line[i] = False
        return lines

    def _check_citizen_id_unique(self, citizen_ids, exclude=None):
        """The duplicate-CCCD message names the other person only inside the user's scope."""
        try:
            return super()._check_citizen_id_unique(citizen_ids, exclude=exclude)
        except ValidationError:
            if self._hoctap_personal_unrestricted():
                raise
            domain = [("citizen_id", "in", list(citizen_ids))] + ([("id", "not in", exclude.ids)] if exclude else [])
            others = self.sudo().with_context(active_test=True).search(domain)
            if not others or len(self.browse(others.ids)._hoctap_personal_allowed()) == len(others):
                raise
            raise ValidationError(
                self.env._(
                    "This citizen ID is already registered with the association: ask the branch that keeps "
                    "this person to transfer or invite them."
                )
            ) from None

    # ---- Search paths ----
    @api.model
    def _hoctap_domain_is_personal(self, domain):
        return bool(
            _personal_names(leaf[0] for leaf in domain or () if isinstance(leaf, list | tuple) and len(leaf) == 3)
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """A domain on a personal field only ever matches persons in the user's scope."""
        if not self.env.su and self._hoctap_domain_is_personal(domain) and not self._hoctap_personal_unrestricted():
            domain = expression.AND([domain, self._hoctap_personal_scope_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        """Grouping or aggregating on a personal field counts only the persons in scope."""
        if (
            not self.env.su
            and _personal_names(
                list(groupby) + list(aggregates) + [leaf[0] for leaf in having or () if isinstance(leaf, list | tuple)]
            )
            and not self._hoctap_personal_unrestricted()
        ):
            domain = expression.AND([domain or [], self._hoctap_personal_scope_domain()])
        return super()._read_group(
            domain, groupby=groupby, aggregates=aggregates, having=having, offset=offset, limit=limit, order=order
        )

    # ---- Access log ----
    def _hoctap_log_personal_access(self, operation, partners, field_names):
        """Log a read or export of personal fields of others (one's own data is not logged)."""
        partners = partners._origin.filtered("id") - self.env.user.partner_id
        if partners and not self.env.su:
            self.env["hoctap.personal.data.log"]._log(operation, partners, field_names)
        return True

    # ---- Restriction, anonymisation, retention ----
    def _hoctap_check_processing_allowed(self):
        """A person who withdrew their consent is kept only where the law requires it (ledger,
        issued certificates): no new membership, evaluation or registration."""
        restricted = self.sudo().filtered(lambda p: p.hoctap_consent_state == "withdrawn" or p.hoctap_anonymised)
        if restricted:
            raise ValidationError(
                self.env._(
                    "%(names)s withdrew their consent to the processing of their personal data (or was "
                    "anonymised): they cannot be registered again.",
                    names=", ".join(restricted.mapped("name")),
                )
            )
        return True

    def _hoctap_anonymise(self, reason=""):
        """Replace the name and personal data; keep the links (memberships, evaluations, donations,
        journal items) so that the ledger and the certificate numbering stay whole."""
        partners = self.sudo().filtered(lambda p: not p.hoctap_anonymised)
        for partner in partners:
            partner.with_context(tracking_disable=True).write(
                {
                    "name": self.env._("Anonymised person %(ref)s", ref=partner.id),
                    "citizen_id": False,
                    "birth_date": False,
                    "birth_year": False,
                    "gender": False,
                    "ethnicity": False,
                    "occupation_group": False,
                    "image_1920": False,
                    "email": False,
                    "phone": False,
                    "mobile": False,
                    "street": False,
                    "street2": False,
                    "city": False,
                    "zip": False,
                    "vat": False,
                    "website": False,
                    "comment": False,
                    "function": False,
                    "hoctap_anonymised": True,
                }
            )
            evaluations = (
                self.env["hoctap.evaluation"]
                .sudo()
                .with_context(active_test=False)
                .search([("partner_id", "=", partner.id), ("certificate_holder", "!=", False)])
            )
            evaluations._hoctap_forget_holder()
            partner.user_ids.sudo().write({"login": f"anonymised-{partner.id}", "active": False})
            partner.message_ids.sudo().unlink()
        if partners:
            self.env["hoctap.personal.data.log"]._log("anonymise", partners, PERSONAL_FIELDS, note=reason)
        return partners

    @api.model
    def _cron_hoctap_retention(self):
        """Anonymise, per company, the persons past their retention period and report what was done.

        - members whose last membership ended more than N years ago (``hoctap_retention_years``,
          5 by default), with no running membership and no evaluation in those years;
        - persons holding personal data, created more than N years ago, with no membership,
          evaluation or donation.
        Internal users, companies and associations are never touched.
        """
        report = []
        for company in self.env["res.company"].sudo().search([]):
            years = company.hoctap_retention_years or 5
            limit = fields.Date.subtract(fields.Date.context_today(self), years=years)
            left, unlinked = self._hoctap_retention_candidates(company, limit)
            (left | unlinked)._hoctap_anonymise(
                reason=self.env._(
                    "retention (%(years)s years): %(left)s former members, %(unlinked)s persons without any "
                    "membership, evaluation or donation",
                    years=years,
                    left=len(left),
                    unlinked=len(unlinked),
                )
            )
            report.append(
                self.env._(
                    "%(company)s: %(left)s former members and %(unlinked)s persons without " "records anonymised",
                    company=company.name,
                    left=len(left),
                    unlinked=len(unlinked),
                )
            )
        message = "; ".join(report)
        _logger.info("Personal data retention: %s", message)
        return message

    @api.model
    def _hoctap_retention_candidates(self, company, limit):
        Membership = self.env["hoctap.membership"].sudo().with_context(active_test=False)
        running = Membership._search([("state", "in", ("active", "suspended"))])
        recent = Membership._search(["|", ("date_leave", "=", False), ("date_leave", ">", limit)])
        base = [
            ("hoctap_anonymised", "=", False),
            ("is_company", "=", False),
            ("id", "not in", self._hoctap_internal_partner_ids()),
            (
                "id",
                "not in",
                self.env["hoctap.association"]
                .sudo()
                .with_context(active_test=False)
                ._search([])
                .subselect("partner_id"),
            ),
        ]
        Partner = self.sudo().with_context(active_test=False)
        evaluated = self.env["hoctap.evaluation"].sudo()._search([("year", ">=", limit.year)])
        left = Partner.search(
            base
            + [
                ("hoctap_membership_ids.company_id", "=", company.id),
                ("id", "not in", running.subselect("partner_id")),
                ("id", "not in", recent.subselect("partner_id")),
                ("id", "not in", evaluated.subselect("partner_id")),
            ]
        )
        unlinked = Partner.search(
            base
            + [
                ("create_date", "<", limit),
                ("hoctap_membership_ids", "=", False),
                ("company_id", "in", (company.id, False)),
                "|",
                "|",
                ("citizen_id", "!=", False),
                ("birth_year", "!=", 0),
                ("birth_date", "!=", False),
                ("id", "not in", self.env["hoctap.evaluation"].sudo()._search([]).subselect("partner_id")),
                ("id", "not in", self.env["hoctap.donation"].sudo()._search([]).subselect("partner_id")),
            ]
        )
        return left, unlinked

    @api.model
    def _hoctap_internal_partner_ids(self):
        users = self.env["res.users"].sudo().with_context(active_test=False).search([("share", "=", False)])
        return users.partner_id.ids or [0]

    # ---- The citizen's own data (portal page and JSON download) ----
    def _hoctap_personal_data_dict(self):
        """Everything the association keeps about the person, and who can see it (called as sudo)."""
        self.ensure_one()
        fields_kept = [
            "name",
            "citizen_id",
            "birth_date",
            "birth_year",
            "gender",
            "ethnicity",
            "occupation_group",
            "email",
            "phone",
            "mobile",
            "street",
            "city",
        ]
        data = {name: self[name] for name in fields_kept}
        data = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
        data["photo"] = bool(self.image_1920)
        memberships = self.hoctap_membership_ids
        evaluations = self.env["hoctap.evaluation"].sudo().search([("partner_id", "=", self.id)])
        associations = memberships.association_id | evaluations.association_id | self.hoctap_branch_id
        return {
            "personal_data": data,
            "visible_to": sorted(
                self.env["hoctap.association"].sudo().search([("id", "parent_of", associations.ids)]).mapped("name")
            )
            if associations
            else [],
            "memberships": [
                {
                    "number": m.number,
                    "association": m.association_id.name,
                    "state": m.state,
                    "date_join": str(m.date_join),
                    "date_leave": str(m.date_leave or ""),
                }
                for m in memberships
            ],
            "evaluations": [
                {
                    "year": e.year,
                    "model": e.model_type,
                    "association": e.association_id.name,
                    "state": e.state,
                    "total": e.total,
                    "certificate": e.certificate_number or "",
                }
                for e in evaluations
            ],
            "consents": [
                {
                    "date": str(c.date),
                    "channel": c.channel,
                    "notice_version": c.notice_version,
                    "purposes": [
                        p
                        for p in ("purpose_membership", "purpose_evaluation", "purpose_statistics", "purpose_contact")
                        if c[p]
                    ],
                    "sensitive_data": c.sensitive_data,
                    "state": c.state,
                    "date_withdrawn": str(c.date_withdrawn or ""),
                }
                for c in self.hoctap_consent_ids
            ],
            "access_log": [
                {"date": str(log.date), "user": log.user_id.name, "operation": log.operation, "fields": log.field_names}
                for log in self.env["hoctap.personal.data.log"]
                .sudo()
                .search([("partner_ids", "in", self.ids)], limit=500)
            ],
        }
