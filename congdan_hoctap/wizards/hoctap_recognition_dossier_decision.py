# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HoctapRecognitionDossierDecision(models.TransientModel):
    """Records the competent authority's decision on a proposal dossier, or its refusal."""

    _name = "hoctap.recognition.dossier.decision"
    _description = "Authority Decision on a Dossier"

    dossier_id = fields.Many2one("hoctap.recognition.dossier", required=True, ondelete="cascade")
    outcome = fields.Selection(
        [("recognised", "Recognised"), ("refused", "Refused")], required=True, default="recognised"
    )
    authority_name = fields.Char(string="Deciding Authority")
    decision_number = fields.Char()
    decision_date = fields.Date()
    decision_signer = fields.Char(string="Signed by")
    decision_signer_title = fields.Char(string="Signer's Title")
    decision_file = fields.Binary(string="Scanned Decision")
    decision_filename = fields.Char()
    refusal_reason = fields.Text()

    def action_confirm(self):
        """Apply the dossier's own checked method: the rights are checked there."""
        self.ensure_one()
        if self.outcome == "refused":
            self.dossier_id._refuse(self.refusal_reason or "")
        else:
            self.dossier_id._record_decision(
                {
                    "authority_name": self.authority_name,
                    "decision_number": self.decision_number,
                    "decision_date": self.decision_date,
                    "decision_signer": self.decision_signer,
                    "decision_signer_title": self.decision_signer_title,
                    "decision_file": self.decision_file and self.decision_file.decode()
                    if isinstance(self.decision_file, bytes)
                    else self.decision_file,
                    "decision_filename": self.decision_filename,
                }
            )
        return {"type": "ir.actions.act_window_close"}
