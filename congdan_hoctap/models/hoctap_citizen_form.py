# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class HoctapCitizenForm(models.Model):
    """A group of self-assessment forms of the learning-citizen model ("nhóm phiếu tự đánh giá").

    The national site has each citizen pick one of four groups of forms; each
    group has its own indicators inside the same three competency groups, so
    each has its own criteria set. Occupations that clearly belong to a group
    are mapped to it; anyone else (retired, other) chooses a group.
    """

    _name = "hoctap.citizen.form"
    _description = "Self-assessment Form Group"
    _inherit = ["mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(required=True, tracking=True, help="Short code, used in imports and statistics.")
    sequence = fields.Integer(default=10)
    description = fields.Text()
    occupation_groups = fields.Char(
        tracking=True,
        help="Occupation groups of persons (comma-separated codes, e.g. official,entrepreneur) that use this "
        "form without choosing. Persons of any other occupation choose their form.",
    )
    provisional = fields.Boolean(
        tracking=True,
        help="The name was not checked against the official text (not yet compared with the source): "
        "a manager confirms it.",
    )
    active = fields.Boolean(default=True)
    set_ids = fields.One2many("hoctap.criteria.set", "citizen_form_id", string="Criteria Sets")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a form group is unique."),
    ]

    @api.model
    def _for_occupation(self, occupation):
        """The form group a person of ``occupation`` uses without choosing, or an empty recordset."""
        if not occupation:
            return self.browse()
        for form in self.sudo().search([("occupation_groups", "!=", False)]):
            if occupation in [code.strip() for code in form.occupation_groups.split(",")]:
                return form.sudo(False)
        return self.browse()

    def action_confirm_text(self):
        """A manager confirms the name of a provisional form group after comparing it with the official text."""
        if not self.env.user.has_group("congdan_hoctap.group_manager"):
            raise UserError(self.env._("Only a manager confirms the texts of the national framework."))
        self.sudo().write({"provisional": False})
        return True
