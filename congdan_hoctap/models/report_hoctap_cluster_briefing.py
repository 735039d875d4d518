# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class ReportHoctapClusterBriefing(models.AbstractModel):
    """Feeds the briefing PDF with the same data as the XLSX export."""

    _name = "report.congdan_hoctap.report_cluster_briefing"
    _description = "Cluster Briefing Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["hoctap.cluster.briefing"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "hoctap.cluster.briefing",
            "docs": docs,
            "briefings": {doc.id: doc._get_briefing_data() for doc in docs},
        }
