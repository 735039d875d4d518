# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.exceptions import UserError


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """The Contacts merge moves references by raw SQL, past every guard of the addon.

    A person the association keeps memberships or evaluations for is therefore never merged
    away: the merge would close no membership, renumber nothing and move evaluations behind
    their workflow. The branch archives the duplicate instead (or corrects it by hand).
    """

    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        partners = self.env["res.partner"].browse(partner_ids).exists()
        if dst_partner and dst_partner in partners:
            sources = partners - dst_partner
        else:
            sources = self._get_ordered_partner(partners.ids)[:-1] if len(partners) > 1 else partners.browse()
        self._check_hoctap_merge(sources)
        return super()._merge(partner_ids, dst_partner=dst_partner, extra_checks=extra_checks)

    def _check_hoctap_merge(self, sources):
        """Refuse to merge away a person who has memberships or learning evaluations."""
        Membership = self.env["hoctap.membership"].sudo().with_context(active_test=False)
        Evaluation = self.env["hoctap.evaluation"].sudo().with_context(active_test=False)
        for partner in sources:
            if Membership.search_count([("partner_id", "=", partner.id)], limit=1) or Evaluation.search_count(
                [("partner_id", "=", partner.id)], limit=1
            ):
                raise UserError(
                    self.env._(
                        "%(name)s has memberships or learning evaluations: merging would move them past their "
                        "history. Archive the duplicate person instead.",
                        name=partner.display_name,
                    )
                )
