"""Merge the addon's .pot into i18n/vi.po, keeping the translations it has.

Usage: merge_vi_po.py ADDON_DIR ODOO_PATH

A term the addon has not translated yet takes the translation Odoo itself ships for the same
text (``$ODOO_PATH/addons/*/i18n/vi.po``, e.g. the chatter fields every mail.thread model gets);
what is left untranslated is listed, for a person to write. Regenerate the .pot first with
``odoo-bin -d DB --i18n-export=ADDON/i18n/ADDON.pot --modules=ADDON``.
"""

import glob
import os
import sys

import polib


def odoo_translations(odoo_path):
    known = {}
    pattern = os.path.join(odoo_path, "addons", "*", "i18n", "vi.po")
    for path in sorted(glob.glob(pattern)) + [os.path.join(odoo_path, "odoo", "addons", "base", "i18n", "vi.po")]:
        if not os.path.exists(path):
            continue
        for entry in polib.pofile(path):
            if entry.msgstr and not entry.obsolete:
                known.setdefault(entry.msgid, entry.msgstr)
    return known


def main(addon_dir, odoo_path):
    name = os.path.basename(os.path.normpath(addon_dir))
    pot = polib.pofile(os.path.join(addon_dir, "i18n", f"{name}.pot"))
    po_path = os.path.join(addon_dir, "i18n", "vi.po")
    old = {}
    if os.path.exists(po_path):
        old = {e.msgid: e.msgstr for e in polib.pofile(po_path) if e.msgstr and not e.obsolete}
    known = None
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata, Language="vi", **{"Plural-Forms": "nplurals=1; plural=0;"})
    po.header = pot.header
    missing = []
    for entry in pot:
        msgstr = old.get(entry.msgid)
        if not msgstr:
            if known is None:
                known = odoo_translations(odoo_path)
            msgstr = known.get(entry.msgid, "")
        if not msgstr:
            missing.append(entry.msgid)
        po.append(
            polib.POEntry(
                msgid=entry.msgid,
                msgstr=msgstr,
                msgctxt=entry.msgctxt,
                occurrences=entry.occurrences,
                comment=entry.comment,
                tcomment=entry.tcomment,
                flags=entry.flags,
            )
        )
    po.save(po_path)
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    print(f"{po_path}: {len(po)} terms, {len(missing)} untranslated")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
