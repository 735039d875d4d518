# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import lxml.html

from odoo import models

# The official texts printed in bulk (500 certificates after a decision): one HTML document for all records.
SINGLE_DOCUMENT_REPORTS = (
    "congdan_hoctap.report_learning_certificate",
    "congdan_hoctap.report_recognition_decision",
)
# What those texts need from a stylesheet; everything else is inline in their templates.
OFFICIAL_TEXT_STYLE = """
body { font-family: 'DejaVu Sans', sans-serif; margin: 0; }
.article + .article { page-break-before: always; }
table { border-collapse: collapse; }
"""


class IrActionsReport(models.Model):
    """Certificates and decisions print any number of records in one PDF, with no HTTP server.

    Odoo gives wkhtmltopdf one HTML file per record (split on ``<div class="article">``) plus a header
    and a footer file. The wkhtmltopdf of Debian and Ubuntu (unpatched Qt) cannot take several input
    files, nor header/footer files: two certificates or more came out as an empty file (error 500).
    For the addon's official texts, the records are joined into one HTML document, one record per page,
    with the stylesheet inline instead of links to the server's asset bundles, so printing does not
    depend on a running HTTP server either (a cron, a shell, a worker behind a proxy).
    """

    _inherit = "ir.actions.report"

    def _prepare_html(self, html, report_model=False):
        bodies, res_ids, header, footer, paperformat_args = super()._prepare_html(html, report_model=report_model)
        if self.report_name not in SINGLE_DOCUMENT_REPORTS or not bodies:
            return bodies, res_ids, header, footer, paperformat_args
        return [self._hoctap_join_bodies(bodies)], res_ids, None, None, paperformat_args

    def _run_wkhtmltopdf(
        self,
        bodies,
        report_ref=False,
        header=None,
        footer=None,
        landscape=False,
        specific_paperformat_args=None,
        set_viewport_size=False,
    ):
        single = bool(report_ref) and self._get_report(report_ref).report_name in SINGLE_DOCUMENT_REPORTS
        return super(IrActionsReport, self.with_context(hoctap_single_document=single))._run_wkhtmltopdf(
            bodies,
            report_ref=report_ref,
            header=header,
            footer=footer,
            landscape=landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )

    def _build_wkhtmltopdf_args(
        self, paperformat_id, landscape, specific_paperformat_args=None, set_viewport_size=False
    ):
        """No header spacing for a document without a header (wkhtmltopdf without patched Qt warns about it)."""
        args = super()._build_wkhtmltopdf_args(
            paperformat_id,
            landscape,
            specific_paperformat_args=specific_paperformat_args,
            set_viewport_size=set_viewport_size,
        )
        if self.env.context.get("hoctap_single_document") and "--header-spacing" in args:
            index = args.index("--header-spacing")
            del args[index : index + 2]
        return args

    def _hoctap_join_bodies(self, bodies):
        """One HTML document holding the article of every body, each starting a new page."""
        document = lxml.html.document_fromstring(bodies[0])
        target = document.body
        for body in bodies[1:]:
            for node in lxml.html.document_fromstring(body).body:
                target.append(node)
        head = document.head
        for node in head.xpath("base | link | script[@src]"):
            head.remove(node)
        style = lxml.html.Element("style")
        style.text = OFFICIAL_TEXT_STYLE
        head.append(style)
        return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
