# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""QR codes as inline SVG, for documents printed by the hundred (certificates).

``ir.actions.report.barcode("QR", …)`` draws the code with reportlab as a PNG: about 60 ms a code, the
symbol encoded twice (bounds, then drawing) and every module a reportlab shape rasterised — 500
certificates spent ~30 s there alone. The same symbol is encoded here once with ``qrcode`` (an Odoo
requirement, used by ``auth_totp``), with the best mask pattern chosen as the standard says, and written
as one SVG path, one rectangle per horizontal run of dark modules: a few milliseconds, a few kilobytes
of text, printed by wkhtmltopdf as vector shapes (sharp at any resolution, no image in the PDF).
"""

import qrcode
from markupsafe import Markup


def qr_matrix(value):
    """The modules of the QR code of ``value`` (rows of booleans, dark = True), without a quiet zone.

    Error correction level L, as ``barcode("QR", …)`` had it: the same size of symbol on the page.
    """
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_L, border=0)
    code.add_data(value)
    code.make(fit=True)
    return code.get_matrix()


def qr_svg(value, size="32mm", label="QR"):
    """An ``<svg>`` element drawing the QR code of ``value`` in a square of ``size`` (a CSS length)."""
    matrix = qr_matrix(value)
    count = len(matrix)
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < count:
            if not row[x]:
                x += 1
                continue
            start = x
            while x < count and row[x]:
                x += 1
            runs.append(f"M{start} {y}h{x - start}v1h{start - x}z")
    return Markup(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %(count)s %(count)s" '
        'style="width: %(size)s; height: %(size)s;" shape-rendering="crispEdges" role="img" '
        'aria-label="%(label)s"><path fill="#000" d="%(path)s"/></svg>'
    ) % {"count": count, "size": size, "label": label, "path": "".join(runs)}
