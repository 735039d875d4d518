# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from lxml import etree

from odoo.tests import TransactionCase, tagged


def is_year(model, fname):
    field = model._fields.get(fname)
    return field is not None and field.type == "integer" and (fname == "year" or fname.endswith("_year"))


@tagged("post_install", "-at_install")
class TestYearDisplay(TransactionCase):
    """A year reads as a year: "2026", never "2,026" nor summed in a grouped list or a pivot."""

    def test_year_fields_are_not_summed(self):
        """No year field of the app has an aggregator: grouped lists and pivots never add years up."""
        summed = [
            f"{model_name}.{fname}"
            for model_name, model in self.env.registry.items()
            if (model_name.startswith("hoctap.") or model_name == "res.partner") and not model._transient
            for fname, field in model._fields.items()
            if is_year(model, fname) and field.aggregator and field.store
        ]
        self.assertFalse(summed)

    def test_year_columns_have_no_thousands_separator(self):
        """Every year field shown in a list, form or kanban view of the app is displayed without separator."""
        views = self.env["ir.ui.view"].search([("type", "in", ("list", "form", "kanban"))])
        xmlids = views.get_external_id()
        offending = []
        for view in views.filtered(lambda v: (xmlids.get(v.id) or "").startswith("congdan_hoctap.")):
            for node in etree.fromstring(view.arch_db).iter("field"):
                model = self._node_model(view, node)
                if model is None or not is_year(model, node.get("name")):
                    continue
                options = (node.get("options") or "").replace('"', "'").replace(" ", "").lower()
                if "'format':false" not in options and not node.get("widget"):
                    offending.append(f"{xmlids[view.id]}: {node.get('name')}")
        self.assertFalse(offending)

    def _node_model(self, view, node):
        """The model a <field> node reads, following the x2many fields it is nested in."""
        chain = [ancestor.get("name") for ancestor in node.iterancestors("field")]
        model = self.env[view.model]
        for name in reversed(chain):
            field = model._fields.get(name)
            if field is None or not field.relational:
                return None
            model = self.env[field.comodel_name]
        return model
