# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .hoctap_criteria_set import MODEL_TYPES, SET_LEVELS

AUTHORITY_KINDS = [
    ("association", "The association (its own decision)"),
    ("people_committee", "People's Committee (on a dossier)"),
    ("education_department", "Department of Education (on a dossier)"),
]


class HoctapRecognitionAuthority(models.Model):
    """Who recognises a learning model (and level), and by when the proposal dossier is due.

    Learning citizens, families and clans are recognised by the association's own decision;
    learning units (TT 24/2023) and communities (TT 25/2023) by the competent People's Committee
    on a proposal dossier. The July 2025 reform moved several procedures, so this is configuration
    with defaults from the sources; the most specific row (company, then level) wins.
    """

    _name = "hoctap.recognition.authority"
    _description = "Recognition Authority"
    _order = "model_type, level, company_id, sequence, id"

    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    model_type = fields.Selection(MODEL_TYPES, string="Learning Model", required=True)
    level = fields.Selection(SET_LEVELS, string="Recognition Level", help="Empty: every level of the model.")
    company_id = fields.Many2one("res.company", help="Empty: every company.")
    kind = fields.Selection(AUTHORITY_KINDS, string="Recognised by", required=True, default="people_committee")
    name = fields.Char(
        string="Authority", required=True, help="As written on the dossier, in Vietnamese (e.g. Ủy ban nhân dân xã)."
    )
    deadline_day = fields.Integer(help="Day of the month before which the dossier is submitted.")
    deadline_month = fields.Integer(help="Month before which the dossier is submitted (empty: no deadline).")
    deadline_next_year = fields.Boolean(
        string="Deadline in the Following Year",
        default=True,
        help="The dossier of year N is due in year N + 1 (the assessment covers 01/01–31/12 of year N).",
    )
    source = fields.Char(string="Legal Basis")

    @api.constrains("deadline_day", "deadline_month")
    def _check_deadline(self):
        for authority in self.filtered("deadline_month"):
            try:
                date(2023, authority.deadline_month, authority.deadline_day or 1)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "%(name)s: %(day)s/%(month)s is not a date.",
                        name=authority.name,
                        day=authority.deadline_day,
                        month=authority.deadline_month,
                    )
                ) from error

    @api.model
    def _for(self, model_type, level=False, company=None):
        """The configuration in force for ``model_type`` and ``level``: the most specific active row."""
        company = company or self.env.company
        rows = self.sudo().search(
            [
                ("model_type", "=", model_type),
                ("level", "in", [level, False]),
                ("company_id", "in", [company.id, False]),
            ]
        )
        return rows.sorted(lambda r: (not r.company_id, not r.level, r.sequence, r.id))[:1]

    def _deadline(self, year):
        """The date before which the dossier of ``year`` is submitted, or False."""
        self.ensure_one()
        if not self.deadline_month or not year:
            return False
        return date(year + 1 if self.deadline_next_year else year, self.deadline_month, self.deadline_day or 1)
