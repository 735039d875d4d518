"""Run in ``odoo-bin shell`` on a database at the baseline release (with its demo data).

Adds what a user would — a member, a recognised evaluation with its certificate, a donation and a
statistics report — through the baseline's own methods, commits, and writes the snapshot of what
the upgrade must keep to the file named by ``$SNAPSHOT``. It uses only the baseline's API: when the
baseline moves to a newer release, this file moves with it.
"""

import base64
import json
import os
import sys
from datetime import date

sys.path.insert(0, os.path.dirname(os.environ["SNAPSHOT_PY"]))
from snapshot import snapshot  # noqa: E402  pylint: disable=import-error,wrong-import-position

today = date.today()
ref = env.ref  # noqa: F821  (odoo-bin shell provides env)
admin = ref("base.user_admin")
admin.write(
    {"groups_id": [(4, ref(f"congdan_hoctap.group_{role}").id) for role in ("manager", "treasurer", "approver")]}
)
A = env(user=admin)  # noqa: F821
officer = ref("congdan_hoctap.user_officer_o_dien")
branch = ref("congdan_hoctap.assoc_branch_ha_mo")
commune = ref("congdan_hoctap.assoc_o_dien")

# a member
person = A["res.partner"].create(
    {
        "name": "Trần Thị Nâng Cấp",
        "citizen_id": "001190099001",
        "birth_year": 1990,
        "gender": "female",
        "occupation_group": "farmer",
        # 18.0.1.1.0: personal data is kept under the consent recorded in the same save (Law 91/2025/QH15)
        "hoctap_consent_ids": [
            (
                0,
                0,
                {
                    "channel": "paper",
                    "scan": base64.b64encode(b"%PDF-1.4 phieu dong y"),
                    "scan_filename": "phieu-dong-y.pdf",
                },
            )
        ],
    }
)
A["hoctap.membership"].create({"partner_id": person.id, "association_id": branch.id, "date_join": today.isoformat()})

# 18.0.1.1.0: one person may not do several control steps, unless a manager allows it for the commune
A["hoctap.association"].browse(commune.id).write({"allow_same_reviewer": True})

# a recognised evaluation with its certificate: self-assessed, reviewed by the commune officer,
# verified by the support team, recognised by a decision
evaluation = A["hoctap.evaluation"].create({"partner_id": person.id, "association_id": branch.id, "year": today.year})
evaluation.line_ids.write({"self_score": 9})
evidence = A["ir.attachment"].create({"name": "ke-hoach.txt", "raw": b"ke hoach hoc tap"})
evaluation.line_ids.filtered("evidence_required").write({"evidence_ids": [(4, evidence.id)]})
evaluation.action_self_assess()
evaluation.action_submit()
evaluation.with_user(officer).action_review()
evaluation.action_verify()
decision = A["hoctap.recognition"].create(
    {
        "name": "99/QĐ-KH",
        "association_id": commune.id,
        "date": today.isoformat(),
        "year": today.year,
        "model_type": "citizen",
        "signer_id": ref("congdan_hoctap.demo_eval_chair").id,
        "signer_title": "Chủ tịch Hội Khuyến học xã",
        "evaluation_ids": [(6, 0, evaluation.ids)],
    }
)
decision.action_issue()
assert evaluation.state == "recognised" and evaluation.certificate_number, evaluation.read()

# a donation to the commune fund
donation = A["hoctap.donation"].create(
    {
        "fund_id": ref("congdan_hoctap.demo_fund_commune_fund").id,
        "partner_id": person.id,
        "amount": 1_500_000,
        "method": "cash",
        "date": today.isoformat(),
    }
)
donation.action_confirm()

# a statistics report, filled from the registry and submitted
report = A["hoctap.statistic"].create({"association_id": commune.id, "year": today.year})
report.action_refresh()
report.action_submit()

with open(os.environ["SNAPSHOT"], "w", encoding="utf-8") as handle:
    json.dump(snapshot(env), handle, ensure_ascii=False, indent=1, sort_keys=True)  # noqa: F821
env.cr.commit()  # noqa: F821
print("seeded: member", person.id, "certificate", evaluation.certificate_number, "donation", donation.name)
