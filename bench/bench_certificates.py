"""Benchmark: N certificates (default 500) and their decision printed in one PDF each, with the README's wkhtmltopdf.

Run inside ``odoo-bin shell`` (see bench/run.sh; BENCH_SMOKE gives tiny sizes; no HTTP server needed).
Builds N recognised learning-citizen evaluations with SQL (a commune, its branch, persons, a decision),
then renders the certificate report for all of them and the decision with its list, checks the page
counts, reports the times (goal: 500 certificates under 60 s) with their split inside the same print
(QWeb, of which the QR codes; the one HTML document; wkhtmltopdf) and the load average, and rolls back.
"""

import os
import re
import sys
import time
import uuid

sys.path.insert(0, os.environ.get("BENCH_DIR", "bench"))
from _province import build_tree, insert_persons  # noqa: E402

COUNT = int(os.environ.get("BENCH_CERTIFICATES", 500))
LIMIT = 60.0

env = env(context=dict(env.context, tracking_disable=True))  # noqa: F821 (odoo shell)
cr = env.cr
province, communes, branches = build_tree(env, "BCERT", 1, 1)
partner_ids = insert_persons(env, COUNT, prefix="Nguyễn Thị Học")
criteria_set = env["hoctap.criteria.set"].search([("model_type", "=", "citizen"), ("state", "=", "active")], limit=1)
signer = env["res.partner"].create({"name": "Trần Văn Chủ Tịch"})
decision = env["hoctap.recognition"].create(
    {
        "name": "99/QĐ-BENCH",
        "association_id": communes.id,
        "year": 2026,
        "model_type": "citizen",
        "date": "2026-12-15",
        "signer_id": signer.id,
        "signer_title": "Chủ tịch",
    }
)
decision.flush_recordset()
cr.execute(
    """
    INSERT INTO hoctap_evaluation (name, model_type, year, association_id, company_id, partner_id, set_id, state,
                                   date_registered, recognition_id, certificate_number, certificate_issuer_id,
                                   certificate_state, certificate_token, certificate_holder, date_recognised,
                                   create_date, write_date)
    SELECT 'ĐG-BENCH-' || p.n, 'citizen', 2026, %(branch)s, %(company)s, p.id, %(set)s, 'recognised', now(),
           %(decision)s, 'BCERT/2026/' || lpad(p.n::text, 5, '0'), %(issuer)s, 'valid',
           md5(%(salt)s || p.n), person.name, now(), now(), now()
      FROM unnest(%(partners)s) WITH ORDINALITY AS p(id, n) JOIN res_partner person ON person.id = p.id
    RETURNING id
    """,
    {
        "branch": branches.id,
        "company": env.company.id,
        "set": criteria_set.id,
        "decision": decision.id,
        "issuer": communes.id,
        "salt": uuid.uuid4().hex,
        "partners": partner_ids,
    },
)
evaluation_ids = sorted(row[0] for row in cr.fetchall())
cr.execute(
    "INSERT INTO hoctap_recognition_evaluation_rel (recognition_id, evaluation_id) SELECT %s, unnest(%s)",
    [decision.id, evaluation_ids],
)
cr.execute("UPDATE hoctap_recognition SET state = 'issued' WHERE id = %s", [decision.id])
env.invalidate_all()


def pages(pdf):
    return len(re.findall(rb"/Type\s*/Page(?![a-z])", pdf))


# Where the time of one print goes: the report engine's three steps and the QR codes, timed inside the same call.
phases = {}


def _timed(model, name):
    cls = type(env[model])
    original = getattr(cls, name)

    def wrapper(self, *args, **kwargs):
        start = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            phases[name] = phases.get(name, 0.0) + time.perf_counter() - start

    setattr(cls, name, wrapper)


for _name in ("_render_qweb_html", "_prepare_html", "_run_wkhtmltopdf"):
    _timed("ir.actions.report", _name)
_timed("hoctap.evaluation", "_certificate_qr_svg")


def render(xmlid, ids):
    report = env.ref(xmlid).with_context(force_report_rendering=True)
    phases.clear()
    env.invalidate_all()
    start = time.perf_counter()
    pdf, _kind = report._render_qweb_pdf(report.report_name, ids)
    return time.perf_counter() - start, pdf, dict(phases)


# Activating Vietnamese for the official texts happens once in a database's life (the bench rolls it back).
env["hoctap.recognition"]._official_lang()
load = os.getloadavg()
seconds, pdf, split = render("congdan_hoctap.action_report_learning_certificate", evaluation_ids)
assert pages(pdf) == COUNT, (pages(pdf), COUNT)
decision_seconds, decision_pdf, _split = render("congdan_hoctap.action_report_recognition_decision", decision.ids)
assert pages(decision_pdf) >= 2
print(
    f"{COUNT} certificates in one PDF: {seconds:.1f} s ({len(pdf) / 2**20:.1f} MiB, {pages(pdf)} pages; "
    f"goal < {LIMIT:.0f} s for 500: {'met' if COUNT < 500 or seconds < LIMIT else 'NOT MET'}); of which "
    f"QWeb HTML {split['_render_qweb_html']:.1f} s (QR codes {split['_certificate_qr_svg']:.1f} s), one HTML document "
    f"{split['_prepare_html']:.1f} s, wkhtmltopdf {split['_run_wkhtmltopdf']:.1f} s; "
    f"load average {load[0]:.1f} on {os.cpu_count()} cores"
)
print(f"the decision with its list of {COUNT}: {decision_seconds:.1f} s ({pages(decision_pdf)} pages)")
cr.rollback()
