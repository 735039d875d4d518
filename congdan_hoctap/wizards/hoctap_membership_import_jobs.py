# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import hashlib

from odoo import fields, models

from ..models.hoctap_membership_jobs import IMPORT_JOB


class HoctapMembershipImport(models.TransientModel):
    """Files of more rows than the job threshold are imported by a background job, all rows or none.

    The file is checked in the request first (nothing is queued when a row is wrong), then kept in an
    attachment of the user (the wizard may be vacuumed before the job runs) that the job deletes; the
    job runs as the user, checks the whole file again and writes it in one transaction.
    """

    _inherit = "hoctap.membership.import"

    state = fields.Selection(
        selection_add=[("queued", "In the Background"), ("done",)], ondelete={"queued": "set default"}
    )
    job_message = fields.Char(readonly=True)
    job_progress = fields.Char(compute="_compute_job_progress", help="State of the background job importing the file.")

    def _compute_job_progress(self):
        tools = self.env["hoctap.job.mixin"]
        for wizard in self:
            queued = wizard.id and wizard.state == "queued"
            wizard.job_progress = tools._hoctap_job_progress(IMPORT_JOB, wizard.id) if queued else False

    def _hoctap_import_in_background(self, rows, source):
        """Queue the import of a checked file when it is large; True when queued (the user is notified).

        The identity key is the wizard and the file's digest: the same file imported again from the same
        wizard while its job waits is not queued twice. Neither the key nor the description names a
        person: the job's arguments are the wizard, the attachment and the options.
        """
        self.ensure_one()
        if not self.env["hoctap.job.mixin"]._hoctap_use_queue(len(rows)):
            return False
        content = base64.b64decode(self.file)
        digest = hashlib.sha1(content).hexdigest()[:12]
        name = f"nhap_hoi_vien_{self.id}_{digest}"
        Attachment = self.env["ir.attachment"]
        # no res_id: the file outlives a vacuumed wizard; only its creator (and the administrators) read it
        attachment = Attachment.search(
            [
                ("name", "=", name),
                ("res_model", "=", IMPORT_JOB),
                ("res_id", "=", 0),
                ("create_uid", "=", self.env.uid),
            ],
            limit=1,
        ) or Attachment.create({"name": name, "raw": content, "res_model": IMPORT_JOB})
        options = {
            "filename": self.filename or False,
            "consent_confirmed": self.consent_confirmed,
            "match_by_name": self.match_by_name,
        }
        self.env["hoctap.membership"].with_delay(
            identity_key=f"{IMPORT_JOB}:{self.id}:{digest}:1",
            description=self.env._("Import of %(count)s members", count=len(rows)),
        )._job_import_members(self.id, attachment.id, options)
        self._finish(rows, source, done=False)
        self.write(
            {
                "state": "queued",
                "job_message": self.env._(
                    "The %(count)s rows are right: they are imported in the background (all or none, checked "
                    "again first). You will be notified when it is done.",
                    count=len(rows),
                ),
            }
        )
        return True

    def _hoctap_job_result(self):
        """The message for the user after the job's import, and the job's result (counts only)."""
        self.ensure_one()
        if self.state == "done":
            message = self.env._(
                "%(rows)s rows imported: %(new)s new persons, %(known)s known persons, %(memberships)s memberships "
                "created.",
                rows=self.line_count,
                new=self.new_person_count,
                known=self.known_person_count,
                memberships=self.membership_count,
            )
            return message, message
        message = self.env._(
            "Nothing was imported: %(count)s of %(rows)s rows have errors now (the data changed since the file was "
            "checked).",
            count=self.error_count,
            rows=self.line_count,
        )
        if self.error_file_id:
            message += " " + self.env._(
                "The file with errors: /web/content/%(id)s?download=true", id=self.error_file_id.id
            )
        return message, self.env._("%(count)s rows with errors: nothing was imported", count=self.error_count)
