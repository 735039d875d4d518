# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io

import lxml.html
from markupsafe import Markup

from odoo import models
from odoo.exceptions import UserError

# The official texts printed in bulk (500 certificates after a decision): one HTML document for all records.
SINGLE_DOCUMENT_REPORTS = (
    "congdan_hoctap.report_learning_certificate",
    "congdan_hoctap.report_recognition_decision",
)
# The records' articles in a rendered report, as Odoo's _prepare_html finds them.
ARTICLES = "//div[contains(concat(' ', normalize-space(@class), ' '), ' article ')]"
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

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        """Several records of an official text, with nothing saved per record: the PDF is kept whole.

        For several records Odoo cuts the PDF into one PDF per page (one per record, to attach each to its
        record) and, when nothing is to be attached, merges them back into one: for 500 certificates that
        round trip through pypdf cost ~10 s, a third of the print. Without an attachment name on the
        report there is nothing to attach, so the report engine's own steps (QWeb, the one HTML document,
        wkhtmltopdf) run once and their PDF is the result, its pages in the order of the records. With
        an attachment name, one record or the same record twice, Odoo's path is taken unchanged.
        """
        report = self._get_report(report_ref)
        if (
            report.report_name not in SINGLE_DOCUMENT_REPORTS
            or report.attachment
            or not res_ids
            or len(set(res_ids)) != len(res_ids)
            or len(res_ids) < 2
        ):
            return super()._render_qweb_pdf_prepare_streams(report_ref, data, res_ids=res_ids)
        if self.get_wkhtmltopdf_state() == "install":
            raise UserError(self.env._("Unable to find Wkhtmltopdf on this system. The PDF can not be created."))
        data = dict(data or {}, report_type="pdf", debug=False)
        html = self.with_context(debug=False)._render_qweb_html(report_ref, res_ids, data=data)[0]
        bodies, _ids, header, footer, paperformat_args = report.with_context(debug=False)._prepare_html(
            html, report_model=report.model
        )
        pdf = self._run_wkhtmltopdf(
            bodies,
            report_ref=report_ref,
            header=header,
            footer=footer,
            landscape=self.env.context.get("landscape"),
            specific_paperformat_args=paperformat_args,
            set_viewport_size=self.env.context.get("set_viewport_size"),
        )
        return {False: {"stream": io.BytesIO(pdf), "attachment": None}}

    def _prepare_html(self, html, report_model=False):
        """The official texts: one HTML document holding every record's article, the layout rendered once.

        Odoo renders its layout (``web.minimal_layout``) around each article, one body per record; here
        the articles go, in the order of the records, into one rendering of that layout (500 renderings
        and as many parsings less for 500 certificates), without header or footer.
        """
        layout = self._get_layout()
        if self.report_name not in SINGLE_DOCUMENT_REPORTS or not layout:
            return super()._prepare_html(html, report_model=report_model)
        root = lxml.html.fromstring(html, parser=lxml.html.HTMLParser(encoding="utf-8"))
        articles = root.xpath(ARTICLES)
        if not articles:  # no record: Odoo's one body, made a document of its own all the same
            bodies, res_ids, _header, _footer, paperformat_args = super()._prepare_html(html, report_model)
            return [self._hoctap_single_document(body) for body in bodies], res_ids, None, None, paperformat_args
        res_ids = [
            int(article.get("data-oe-id", 0)) if article.get("data-oe-model") == report_model else None
            for article in articles
        ]
        body = (
            self.env["ir.qweb"]
            .with_context(lang=articles[0].get("data-oe-lang") or self.env.context.get("lang"))
            ._render(
                layout.id,
                {
                    "subst": False,
                    "body": Markup("".join(lxml.html.tostring(article, encoding="unicode") for article in articles)),
                    "base_url": self._get_report_url(layout=layout),
                    "report_xml_id": self.xml_id,
                    "debug": self.env.context.get("debug"),
                },
            )
        )
        paperformat_args = {name: value for name, value in root.items() if name.startswith("data-report-")}
        return [self._hoctap_single_document(body)], res_ids, None, None, paperformat_args

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

    def _hoctap_single_document(self, body):
        """The layout's document without links to the server (assets, base URL), with the official style."""
        document = lxml.html.document_fromstring(body)
        head = document.head
        for node in head.xpath("base | link | script[@src]"):
            head.remove(node)
        style = lxml.html.Element("style")
        style.text = OFFICIAL_TEXT_STYLE
        head.append(style)
        return lxml.html.tostring(document, encoding="unicode", doctype="<!DOCTYPE html>")
