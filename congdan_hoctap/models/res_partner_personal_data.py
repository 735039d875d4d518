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
from odoo import api, fields, models
from odoo.osv import expression

# The personal fields of a person; add any new one here (and to the JSON export of the portal).
PERSONAL_FIELDS = frozenset({
    "citizen_id", "birth_date", "birth_year", "gender", "ethnicity", "occupation_group",
    "image_1920", "image_1024", "image_512", "image_256", "image_128",
    "avatar_1920", "avatar_1024", "avatar_512", "avatar_256", "avatar_128",
})
PHOTO_FIELDS = frozenset(name for name in PERSONAL_FIELDS if name.startswith(("image_", "avatar_")))
# Sensitive data (ethnic origin): collected with explicit consent only, hidden from lists and exports.
SENSITIVE_FIELDS = frozenset({"ethnicity"})
MANAGER_GROUP = "congdan_hoctap.group_manager"


def _personal_names(names):
    """The personal field names among ``names`` (a path ``a.b`` counts by its first step)."""
    return {name for name in names or () if isinstance(name, str) and name.split(".")[0].split(":")[0]
            in PERSONAL_FIELDS}


class ResPartner(models.Model):
    _inherit = "res.partner"

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
        members = self.env["hoctap.membership"].sudo().with_context(active_test=False)._search(
            [("association_id", "child_of", assoc_ids)] if assoc_ids else expression.FALSE_DOMAIN)
        evaluated = self.env["hoctap.evaluation"].sudo().with_context(active_test=False)._search(
            [("association_id", "child_of", review_ids)] if review_ids else expression.FALSE_DOMAIN)
        domain = expression.OR([
            [("id", "=", user.partner_id.id)],
            [("create_uid", "=", user.id)],
            [("id", "in", members.subselect("partner_id"))],
            [("id", "in", evaluated.subselect("partner_id"))],
        ])
        if assoc_ids:
            domain = expression.OR([domain, [("hoctap_branch_id", "child_of", assoc_ids)]])
        return domain

    def _hoctap_personal_allowed(self):
        """The records of ``self`` whose personal data the current user may read."""
        records = self._origin.filtered("id")
        if self._hoctap_personal_unrestricted() or not records:
            return self
        allowed_ids = set(self.sudo().with_context(active_test=False)._search(expression.AND([
            [("id", "in", records.ids)], self._hoctap_personal_scope_domain()])))
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
        run, run_allowed = self.browse(), None
        for partner in self:
            is_allowed = partner in allowed
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

    # ---- Search paths ----
    @api.model
    def _hoctap_domain_is_personal(self, domain):
        return bool(_personal_names(
            leaf[0] for leaf in domain or () if isinstance(leaf, (list, tuple)) and len(leaf) == 3))

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        """A domain on a personal field only ever matches persons in the user's scope."""
        if not self.env.su and self._hoctap_domain_is_personal(domain) and not self._hoctap_personal_unrestricted():
            domain = expression.AND([domain, self._hoctap_personal_scope_domain()])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @api.model
    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        """Grouping or aggregating on a personal field counts only the persons in scope."""
        if (not self.env.su and _personal_names(list(groupby) + list(aggregates) + [
                leaf[0] for leaf in having or () if isinstance(leaf, (list, tuple))])
                and not self._hoctap_personal_unrestricted()):
            domain = expression.AND([domain or [], self._hoctap_personal_scope_domain()])
        return super()._read_group(domain, groupby=groupby, aggregates=aggregates, having=having,
                                   offset=offset, limit=limit, order=order)

    # ---- Access log (overridden by the access log model's module part) ----
    def _hoctap_log_personal_access(self, operation, partners, field_names):
        return True
