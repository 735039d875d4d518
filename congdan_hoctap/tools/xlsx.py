# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The one way the addon writes XLSX files: streamed to a temporary file, delivered as an attachment.

Every export (evaluation results, fund statements, cluster briefings, members, the import template and
its error file) goes through :class:`XlsxFile`:

- the workbook is written by ``odoo.tools.misc.xlsxwriter`` in ``constant_memory`` mode to a temporary
  file: each row is flushed to disk as soon as the next one starts, so a million rows cost the memory of
  one row (rows must be written in order, top to bottom);
- rows come from generators (:func:`iter_read`: ``search`` in id-ordered chunks, ``read`` of one chunk at
  a time, the cache emptied between chunks), never from a list of every row;
- the file is delivered the same way everywhere: an ``ir.attachment`` on the wizard record and an
  ``ir.actions.act_url`` downloading it (:meth:`XlsxFile.deliver`).
"""

import os
import tempfile

from odoo.tools.misc import xlsxwriter

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 2000


def iter_chunks(model, domain, chunk=None):
    """Yield the records matching ``domain`` in id order, ``chunk`` at a time (keyset pagination).

    Only one chunk of ids is ever held; the ORM cache is emptied after each chunk, so memory stays flat
    whatever the number of records.
    """
    chunk = chunk or CHUNK
    last_id = 0
    while True:
        records = model.search([*domain, ("id", ">", last_id)], order="id", limit=chunk)
        if not records:
            return
        yield records
        last_id = records.ids[-1]
        model.env.invalidate_all()  # pending writes (computed totals…) are flushed, not dropped


def iter_read(model, domain, fnames, chunk=None):
    """Yield one ``read`` dict per record matching ``domain``, in id order, streamed by chunks."""
    for records in iter_chunks(model, domain, chunk=chunk):
        yield from records.read(fnames, load="_classic_read")


class XlsxFile:
    """A workbook written row by row to a temporary file (``constant_memory``), then delivered."""

    def __init__(self):
        handle, self.path = tempfile.mkstemp(suffix=".xlsx", prefix="hoctap_")
        os.close(handle)
        self.workbook = xlsxwriter.Workbook(
            self.path,
            {
                "constant_memory": True,
                "tmpdir": tempfile.gettempdir(),
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "strings_to_urls": False,
            },
        )
        self.header = self.workbook.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True})
        self._closed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.cleanup()

    def add_format(self, props):
        return self.workbook.add_format(props)

    def table(self, title, headers, rows, widths=None, header_format=None):
        """One sheet: a header row, then every row of the iterable ``rows`` (lists of cell values).

        Returns the sheet and the index of the next free row.
        """
        sheet = self.workbook.add_worksheet(title[:31])
        for col, width in enumerate(widths or ()):
            if width:
                sheet.set_column(col, col, width)
        sheet.write_row(0, 0, headers, header_format or self.header)
        sheet.freeze_panes(1, 0)
        index = 0
        for index, row in enumerate(rows, start=1):
            sheet.write_row(index, 0, [_cell(value) for value in row])
        return sheet, index + 1

    def close(self):
        if not self._closed:
            self.workbook.close()
            self._closed = True
        return self.path

    def content(self):
        """The finished file's bytes."""
        self.close()
        with open(self.path, "rb") as handle:
            return handle.read()

    def cleanup(self):
        self.close()
        if os.path.exists(self.path):
            os.unlink(self.path)

    def deliver(self, record, filename):
        """Attach the file to ``record`` and return the action downloading it (XML-RPC can carry it).

        An empty ``record`` (an export of a list) gives an attachment of the user's own, not linked to a record.
        """
        try:
            attachment = record.env["ir.attachment"].create(
                {
                    "name": filename,
                    "raw": self.content(),
                    "res_model": record._name if record else False,
                    "res_id": record.id if record else False,
                    "mimetype": XLSX_MIMETYPE,
                }
            )
        finally:
            self.cleanup()
        return download_action(attachment)


def download_action(attachment):
    return {"type": "ir.actions.act_url", "url": "/web/content/%s?download=true" % attachment.id, "target": "self"}


def _cell(value):
    """A cell value as xlsxwriter takes it: ``False`` of an empty field is an empty cell."""
    if value is False or value is None:
        return ""
    if isinstance(value, tuple):  # many2one read as (id, name)
        return value[1]
    return value
