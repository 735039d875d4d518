# Starts a province-wide statistics refresh in the background (run inside `odoo-bin shell`, see
# run_load.sh, LOAD_REFRESH=1): one report per association of the province (LOAD_REFRESH_CODE: the load
# province LOADP, or the bench province LOADBIG<n> that province.py builds) for this year, then the province
# report's "Refresh Whole Tree", which queues one job per chunk of LOAD_REFRESH_CHUNK reports. The job
# threshold and chunk size are set for this call only: the officers' mass actions keep the step's threshold.
import os

from odoo import fields

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
Association = env["hoctap.association"]
Statistic = env["hoctap.statistic"]
Parameters = env["ir.config_parameter"]
code = os.environ.get("LOAD_REFRESH_CODE", "LOADP")
province = Association.search([("code", "=", code), ("level", "=", "province")], limit=1)
year = fields.Date.today().year
subtree = Association.search([("id", "child_of", province.id)])
present = Statistic.search([("association_id", "in", subtree.ids), ("year", "=", year), ("period", "=", "year")])
Statistic.create([{"association_id": association.id, "year": year} for association in subtree - present.association_id])
report = Statistic.search([("association_id", "=", province.id), ("year", "=", year), ("period", "=", "year")])
threshold = Parameters.get_param("congdan_hoctap.job_threshold")
chunk = Parameters.get_param("congdan_hoctap.job_chunk_size")
Parameters.set_param("congdan_hoctap.job_threshold", "1")
Parameters.set_param("congdan_hoctap.job_chunk_size", os.environ.get("LOAD_REFRESH_CHUNK", "2"))
report.with_user(env.ref("base.user_admin")).action_refresh_tree()
Parameters.set_param("congdan_hoctap.job_threshold", threshold or "")
Parameters.set_param("congdan_hoctap.job_chunk_size", chunk or "")
env.cr.commit()
print(f"refresh of {len(subtree) - 1} reports below {province.name} queued")
