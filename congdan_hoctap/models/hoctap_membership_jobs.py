# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, models
from odoo.exceptions import UserError

IMPORT_JOB = "hoctap.membership.import"


class HoctapMembership(models.Model):
    """The background job of the member import of a large file (see ``hoctap.job.mixin``)."""

    _inherit = "hoctap.membership"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _job_import_members(self, wizard_id, attachment_id, options):
        """Import the file kept in the attachment, as the user who asked, all rows or none.

        The whole-file checks run again (the database may have changed since the file was checked);
        the result goes to the wizard (a new one when the user's was vacuumed) and to the user. The file
        is deleted when the job ends, whatever its outcome; a job run again without it does nothing.
        The job's own result names counts only: no personal data of the file is kept in the queue.
        """
        attachment = self.env["ir.attachment"].browse(attachment_id).exists()
        if not attachment or attachment.res_model != IMPORT_JOB or attachment.create_uid != self.env.user:
            return self.env._("The file of the import is no longer there: nothing was imported.")
        Wizard = self.env[IMPORT_JOB].with_context(hoctap_job_inline=True)
        wizard = Wizard.browse(wizard_id).exists() or Wizard.create({})
        wizard.write(
            {
                "file": base64.b64encode(attachment.raw),
                "filename": options.get("filename") or attachment.name,
                "consent_confirmed": bool(options.get("consent_confirmed")),
                "match_by_name": bool(options.get("match_by_name")),
            }
        )
        tools = self.env["hoctap.job.mixin"]
        try:
            with tools._hoctap_retry_on_conflict():
                wizard.action_import()
        except UserError as error:
            self.env.transaction.clear()
            reason = error.args[0] if error.args else str(error)
            wizard.write({"state": "failed", "error_summary": reason, "error_count": 0, "error_file_id": False})
            message, result = reason, self.env._("refused: nothing was imported")
        else:
            message, result = wizard._hoctap_job_result()
        wizard.job_message = message
        attachment.unlink()
        tools._hoctap_notify_done(
            message,
            title=self.env._("Members imported") if wizard.state == "done" else self.env._("Member import failed"),
            notification_type="success" if wizard.state == "done" else "warning",
        )
        return result
