# Starts a province-wide statistics refresh in the background (run inside `odoo-bin shell`, see
# run_load.sh, LOAD_REFRESH=1): one report per association of the load province for this year, then
# the province report's "Refresh Whole Tree", which queues one job per chunk of reports.
from odoo import fields

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821
Association = env["hoctap.association"]
Statistic = env["hoctap.statistic"]
province = Association.search([("code", "=", "LOADP"), ("level", "=", "province")], limit=1)
year = fields.Date.today().year
subtree = Association.search([("id", "child_of", province.id)])
present = Statistic.search([("association_id", "in", subtree.ids), ("year", "=", year), ("period", "=", "year")])
Statistic.create([{"association_id": association.id, "year": year} for association in subtree - present.association_id])
report = Statistic.search([("association_id", "=", province.id), ("year", "=", year), ("period", "=", "year")])
env["ir.config_parameter"].set_param("congdan_hoctap.job_threshold", "1")
env["ir.config_parameter"].set_param("congdan_hoctap.job_chunk_size", "2")
report.with_user(env.ref("base.user_admin")).action_refresh_tree()
env.cr.commit()
print(f"refresh of {len(subtree) - 1} reports below {province.name} queued")
