"""Run in ``odoo-bin shell`` after ``-u congdan_hoctap``: every record kept, the new rules in force.

Compares the snapshot taken before the upgrade (``$SNAPSHOT``) with the upgraded database, and each
record rule of the addon with the working tree's security files. Exits non-zero on any difference.
"""

import json
import os
import re
import sys

from lxml import etree

sys.path.insert(0, os.path.dirname(os.environ["SNAPSHOT_PY"]))
from snapshot import snapshot  # noqa: E402  pylint: disable=import-error,wrong-import-position

ADDON = os.environ["ADDON_DIR"]
failures = []

with open(os.environ["SNAPSHOT"], encoding="utf-8") as handle:
    before = json.load(handle)
after = json.loads(json.dumps(snapshot(env), ensure_ascii=False))  # noqa: F821

for key, old in before.items():
    new = after.get(key)
    if key == "shipped":
        continue
    if key == "member_counts":
        # the same counts, less the members the release's new demo data adds
        added = (
            env["hoctap.membership"]
            .browse(  # noqa: F821
                set(after["records"]["hoctap.membership"]) - set(before["records"]["hoctap.membership"])
            )
            .filtered(lambda m: m.state == "active")
        )
        for rec_id, count in old.items():
            association = env["hoctap.association"].browse(int(rec_id))  # noqa: F821
            extra = len(added.filtered(lambda m, a=association: m.association_id.parent_path.startswith(a.parent_path)))
            if new.get(rec_id) != count + extra:
                failures.append(
                    f"member_counts {rec_id}: {count} before the upgrade (+{extra} new), " f"{new.get(rec_id)} after"
                )
        continue
    if key == "records":
        # every record is kept; the release may add its new data, and replace shipped data nothing used
        for model, ids in old.items():
            lost = set(ids) - set(new.get(model, [])) - set(before["shipped"].get(model, []))
            if lost:
                failures.append(f"{model}: {len(lost)} records lost in the upgrade (ids {sorted(lost)[:10]})")
        continue
    for rec_id, values in old.items() if isinstance(old, dict) else enumerate(old):
        now = new.get(rec_id) if isinstance(new, dict) else (new[rec_id] if rec_id < len(new) else None)
        if now != values:
            failures.append(f"{key} {rec_id}: {values!r} before the upgrade, {now!r} after")

# the record rules in force are the working tree's
shipped = set()
for name in sorted(os.listdir(os.path.join(ADDON, "security"))):
    if not name.endswith(".xml"):
        continue
    tree = etree.parse(os.path.join(ADDON, "security", name))
    for record in tree.iterfind(".//record[@model='ir.rule']"):
        xmlid = record.get("id")
        xmlid = xmlid if "." in xmlid else f"congdan_hoctap.{xmlid}"
        shipped.add(xmlid)
        rule = env.ref(xmlid, raise_if_not_found=False)  # noqa: F821
        if not rule:
            failures.append(f"rule {xmlid} ({name}) is missing after the upgrade")
            continue
        domain = record.find("field[@name='domain_force']")
        if domain is not None and " ".join(domain.text.split()) != " ".join((rule.domain_force or "").split()):
            failures.append(f"rule {xmlid}: domain in force {rule.domain_force!r}, shipped {domain.text.strip()!r}")
        groups = record.find("field[@name='groups']")
        wanted = set(re.findall(r"ref\('([\w.]+)'\)", groups.get("eval"))) if groups is not None else set()
        for group in wanted:
            group = env.ref(group if "." in group else f"congdan_hoctap.{group}")  # noqa: F821
            if group not in rule.groups:
                failures.append(f"rule {xmlid}: group {group.full_name} missing")
        if len(rule.groups) != len(wanted):
            failures.append(
                f"rule {xmlid}: groups in force {rule.groups.mapped('full_name')}, shipped {sorted(wanted)}"
            )
        for perm in ("perm_read", "perm_write", "perm_create", "perm_unlink"):
            field = record.find(f"field[@name='{perm}']")
            if field is not None:
                shipped_value = (field.get("eval") or field.text or "").strip() not in ("False", "0", "")
                if rule[perm] != shipped_value:
                    failures.append(f"rule {xmlid}: {perm} is {rule[perm]}, shipped {shipped_value}")
leftover = env["ir.model.data"].search([("module", "=", "congdan_hoctap"), ("model", "=", "ir.rule")])  # noqa: F821
for row in leftover:
    if f"{row.module}.{row.name}" not in shipped:
        failures.append(f"rule congdan_hoctap.{row.name} is no longer shipped but still in force")

if failures:
    print("UPGRADE CHECK FAILED:\n- " + "\n- ".join(failures))
    sys.exit(1)
kept = sum(len(ids) for ids in before["records"].values())
added = sum(len(ids) for ids in after["records"].values()) - kept
print(
    f"upgrade check passed: {kept} records in {len(before['records'])} models kept ({added:+d} from the release), "
    f"{len(before['certificates'])} certificates, {len(before['funds'])} fund balances, "
    f"{len(shipped)} record rules as shipped"
)
