# Checks the load test lost or duplicated no write (run inside `odoo-bin shell`, see run_load.sh):
# every self-assessment the load test saw submitted is stored once — submitted (or further, if an
# officer reviewed it), every indicator scored once, exactly the evidence files it uploaded.
import json
import os

with open(os.environ["LOAD_SUBMITTED"], encoding="utf-8") as handle:
    submitted = json.load(handle)  # [{"evaluation_id": …, "uploads": n}]
Evaluation = env["hoctap.evaluation"].sudo()  # noqa: F821
lost, duplicated = [], []
for item in submitted:
    evaluation = Evaluation.browse(item["evaluation_id"])
    if evaluation.state not in ("submitted", "reviewed", "verified", "recognised", "not_recognised"):
        lost.append(evaluation.id)
        continue
    criteria = evaluation.line_ids.mapped("criterion_id")
    evidence = sum(len(line.evidence_ids) for line in evaluation.line_ids)
    if (
        len(criteria) != len(evaluation.line_ids)
        or evidence != item["uploads"]
        or not all(evaluation.line_ids.mapped("self_scored"))
    ):
        duplicated.append(evaluation.id)
print(
    json.dumps(
        {
            "submitted": len(submitted),
            "lost": len(lost),
            "duplicated_or_wrong": len(duplicated),
            "lost_ids": lost[:20],
            "wrong_ids": duplicated[:20],
        }
    )
)
