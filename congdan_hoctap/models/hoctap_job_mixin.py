# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the addon's background jobs (OCA ``queue_job``) share.

Long work — the province-wide statistics refresh, a large recognition decision with its
certificates, mass workflow actions and big exports — runs as jobs when it is larger than a
threshold (``congdan_hoctap.job_threshold``, default 500 records), split in chunks of
``congdan_hoctap.job_chunk_size`` (default 200) records; smaller work keeps running inline, in
the user's request. Every job is idempotent (a chunk run twice does its work once) and retried
when the database reports a concurrent update.
"""

import contextlib
import uuid

import psycopg2.errors

from odoo import api, models

from odoo.addons.queue_job.exception import RetryableJobError

DEFAULT_THRESHOLD = 500
DEFAULT_CHUNK_SIZE = 200
# Seconds before a chunk that met a concurrent update runs again (queue_job's retry pattern).
CONFLICT_RETRY_SECONDS = 5
CONFLICT_ERRORS = (
    psycopg2.errors.SerializationFailure,
    psycopg2.errors.DeadlockDetected,
    psycopg2.errors.LockNotAvailable,
)


class HoctapJobMixin(models.AbstractModel):
    """Thresholds, chunks, progress, retries and the 'done' notification of the addon's jobs."""

    _name = "hoctap.job.mixin"
    _description = "Background Job Tools"

    # ---- Sizes ----
    @api.model
    def _hoctap_job_threshold(self):
        """Above this many records the work goes to the job queue (0 sends everything there)."""
        return self._hoctap_int_param("congdan_hoctap.job_threshold", DEFAULT_THRESHOLD)

    @api.model
    def _hoctap_job_chunk_size(self):
        return max(self._hoctap_int_param("congdan_hoctap.job_chunk_size", DEFAULT_CHUNK_SIZE), 1)

    @api.model
    def _hoctap_int_param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(key)
        try:
            return int(value) if value not in (None, False, "") else default
        except ValueError:
            return default

    @api.model
    def _hoctap_use_queue(self, count):
        """True when ``count`` records are too many for the request (and we are not in a job already)."""
        return not self.env.context.get("hoctap_job_inline") and count > self._hoctap_job_threshold()

    @api.model
    def _hoctap_chunks(self, records):
        """``records`` in consecutive chunks of the configured size."""
        size = self._hoctap_job_chunk_size()
        return [records[start : start + size] for start in range(0, len(records), size)]

    @api.model
    def _hoctap_new_batch(self, kind, record_id):
        """The identity-key prefix of one run: ``<kind>:<record id>:<run>``; chunks add ``:<n>``."""
        return f"{kind}:{record_id}:{uuid.uuid4().hex[:12]}"

    # ---- Running ----
    @api.model
    @contextlib.contextmanager
    def _hoctap_retry_on_conflict(self):
        """A concurrent update makes the chunk run again later (``RetryableJobError``), not fail."""
        try:
            with self.env.cr.savepoint():
                yield
        except CONFLICT_ERRORS as error:
            self.env.invalidate_all()
            raise RetryableJobError(
                self.env._("Another transaction changed the same records: the job runs again shortly."),
                seconds=CONFLICT_RETRY_SECONDS,
            ) from error

    # ---- Progress and notification ----
    @api.model
    def _hoctap_job_progress(self, kind, record_id):
        """'done/total' of the last run of ``kind`` on the record, from the job records; False if none."""
        Job = self.env["queue.job"].sudo()
        prefix = f"{kind}:{record_id}:"
        last = Job.search([("identity_key", "=like", prefix + "%")], order="date_created desc, id desc", limit=1)
        if not last:
            return False
        run = ":".join(last.identity_key.split(":")[:3])
        counts = dict(Job._read_group([("identity_key", "=like", run + ":%")], ["state"], ["__count"]))
        total = sum(counts.values())
        done = counts.get("done", 0)
        failed = counts.get("failed", 0)
        if failed:
            return self.env._(
                "%(done)s of %(total)s parts done, %(failed)s failed (see the jobs)",
                done=done,
                total=total,
                failed=failed,
            )
        if done == total:
            return False
        return self.env._("Running in the background: %(done)s of %(total)s parts done", done=done, total=total)

    @api.model
    def _hoctap_notify_done(self, message, title=None, notification_type="success"):
        """Tell the user who started the job (a notification in their open web client)."""
        self.env.user._bus_send(
            "simple_notification",
            {
                "type": notification_type,
                "title": title or self.env._("Background job done"),
                "message": message,
                "sticky": True,
            },
        )
