"""Check that the addon's Vietnamese translation covers every term of its template.

Usage: check_i18n.py ADDON_DIR [FRESH_POT]
Fails when ``i18n/vi.po`` is missing, lacks a msgid of ``i18n/<addon>.pot``, or leaves one empty;
with FRESH_POT (exported from the code just now), also when the committed .pot is out of date.
"""

import os
import sys

import polib


def stale_terms(pot_path, fresh_pot_path):
    committed = {(e.msgctxt, e.msgid) for e in polib.pofile(pot_path)}
    return [msgid for ctxt, msgid in {(e.msgctxt, e.msgid) for e in polib.pofile(fresh_pot_path)} - committed]


def main(addon_dir, fresh_pot_path=None):
    name = os.path.basename(os.path.normpath(addon_dir))
    pot_path = os.path.join(addon_dir, "i18n", f"{name}.pot")
    po_path = os.path.join(addon_dir, "i18n", "vi.po")
    for path in (pot_path, po_path):
        if not os.path.exists(path):
            print(f"error: {path} is missing")
            return 1
    if fresh_pot_path:
        stale = stale_terms(pot_path, fresh_pot_path)
        for msgid in sorted(stale):
            print(f"not in {name}.pot: {msgid!r}")
        if stale:
            print(f"error: {name}.pot is out of date; run scripts/update_i18n.sh and translate")
            return 1
    translated = {(entry.msgctxt, entry.msgid): entry.msgstr for entry in polib.pofile(po_path) if not entry.obsolete}
    missing = [entry.msgid for entry in polib.pofile(pot_path) if not translated.get((entry.msgctxt, entry.msgid))]
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    if missing:
        print(f"error: {len(missing)} term(s) of {name}.pot have no Vietnamese translation in vi.po")
        return 1
    print(f"vi.po translates all {len(translated)} terms")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
