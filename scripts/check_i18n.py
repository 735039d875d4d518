"""Check that the addon's Vietnamese translation covers every term of its template.

Usage: check_i18n.py ADDON_DIR
Fails when ``i18n/vi.po`` is missing, lacks a msgid of ``i18n/<addon>.pot``, or leaves one empty.
"""
import os
import sys

import polib


def main(addon_dir):
    name = os.path.basename(os.path.normpath(addon_dir))
    pot_path = os.path.join(addon_dir, "i18n", f"{name}.pot")
    po_path = os.path.join(addon_dir, "i18n", "vi.po")
    for path in (pot_path, po_path):
        if not os.path.exists(path):
            print(f"error: {path} is missing")
            return 1
    translated = {
        (entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(po_path) if not entry.obsolete
    }
    missing = [entry.msgid for entry in polib.pofile(pot_path) if not translated.get((entry.msgctxt, entry.msgid))]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    if missing:
        print(f"error: {len(missing)} term(s) of {name}.pot have no Vietnamese translation in vi.po")
        return 1
    print(f"vi.po translates all {len(translated)} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
