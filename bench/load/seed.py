# Seeds the load test's people (run inside `odoo-bin shell`, see run_load.sh): one commune with a branch,
# LOAD_MEMBERS members, LOAD_CITIZENS portal citizens each registered for this year's learning-citizen
# evaluation, LOAD_OFFICERS commune officers. Writes the accounts to LOAD_ACCOUNTS (JSON).
# Everything is named after LOAD_TAG, so each run has people of its own.
import json
import os

from odoo import fields

tag = os.environ["LOAD_TAG"]
citizens = int(os.environ.get("LOAD_CITIZENS", "40"))
officers = int(os.environ.get("LOAD_OFFICERS", "4"))
members = int(os.environ.get("LOAD_MEMBERS", "300"))
env = env(context=dict(env.context, tracking_disable=True, mail_create_nolog=True, no_reset_password=True))  # noqa: F821
Association = env["hoctap.association"]
province = Association.search([("code", "=", "LOADP"), ("level", "=", "province")], limit=1) or Association.create(
    {"name": "Tỉnh thử tải", "code": "LOADP", "level": "province"}
)
commune = Association.create(
    {"name": f"Xã thử tải {tag}", "code": f"LC{tag}", "level": "commune", "parent_id": province.id}
)
branch = Association.create(
    {
        "name": f"Thôn thử tải {tag}",
        "code": f"LB{tag}",
        "level": "branch",
        "branch_kind": "village",
        "parent_id": commune.id,
    }
)
year = fields.Date.today().year
portal = env.ref("base.group_portal")
serial = int(tag) * 100000


def person(i, name):
    return env["res.partner"].create(
        {
            "name": name,
            "citizen_id": "%012d" % (serial + i),
            "occupation_group": "farmer",
            "hoctap_branch_id": branch.id,
        }
    )


for i in range(members):
    env["hoctap.membership"].create({"partner_id": person(i, f"Hội viên {tag}-{i}").id, "association_id": branch.id})
accounts = {"citizens": [], "officers": [], "association_id": commune.id, "year": year}
for i in range(citizens):
    partner = person(members + i, f"Công dân {tag}-{i}")
    env["hoctap.membership"].create({"partner_id": partner.id, "association_id": branch.id})
    login = f"load{tag}c{i}"
    env["res.users"].create(
        {"login": login, "password": login, "partner_id": partner.id, "groups_id": [(6, 0, portal.ids)]}
    )
    evaluation = env["hoctap.evaluation"].create(
        {"partner_id": partner.id, "association_id": branch.id, "year": year, "model_type": "citizen"}
    )
    groups = [
        {"id": group.id or 0, "lines": lines.ids, "evidence": lines.filtered("evidence_required").ids}
        for group, lines in evaluation._portal_groups()
    ]
    accounts["citizens"].append({"login": login, "password": login, "evaluation_id": evaluation.id, "groups": groups})
officer_group = env.ref("congdan_hoctap.group_officer")
for i in range(officers):
    login = f"load{tag}o{i}"
    env["res.users"].create(
        {
            "login": login,
            "password": login,
            "name": f"Cán bộ xã {tag}-{i}",
            "groups_id": [(6, 0, officer_group.ids)],
            "hoctap_association_ids": [(6, 0, commune.ids)],
        }
    )
    accounts["officers"].append({"login": login, "password": login})
# Mass actions above this many evaluations go to the job queue (run_load.sh: low with the job runner,
# out of reach for the single-process baseline).
env["ir.config_parameter"].set_param("congdan_hoctap.job_threshold", os.environ.get("LOAD_THRESHOLD", "500"))
env["ir.config_parameter"].set_param("congdan_hoctap.job_chunk_size", os.environ.get("LOAD_CHUNK", "10"))
env.cr.commit()
with open(os.environ["LOAD_ACCOUNTS"], "w", encoding="utf-8") as out:
    json.dump(accounts, out)
print(f"seeded {members} members, {citizens} citizens, {officers} officers in commune {commune.id}")
