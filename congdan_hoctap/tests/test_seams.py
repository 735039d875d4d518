# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The core does not reach into the domains.

The core is the tree of associations, its officers, clusters and population,
memberships and persons (``CORE_FILES``). The domains — fund, learning models
(evaluations, criteria, recognitions, support teams), statistics, portal,
personal data, the overview — extend the core's hooks with ``super()`` in
their own files (``hoctap_association_<domain>.py``, ``res_partner_<domain>.py``):
the core imports none of their modules and names none of their models or
actions, so the addon can later be split along these lines without a rewrite.
"""

import ast
from pathlib import Path

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"

CORE_FILES = (
    "hoctap_workflow_mixin.py",
    "hoctap_association.py",
    "hoctap_association_officer.py",
    "hoctap_cluster.py",
    "hoctap_population.py",
    "hoctap_membership.py",
    "res_partner.py",
)
CORE_MODELS = {
    "hoctap.workflow.mixin",
    "hoctap.association",
    "hoctap.association.officer",
    "hoctap.cluster",
    "hoctap.population",
    "hoctap.membership",
    # the core's own wizards
    "hoctap.association.move",
    "hoctap.association.merge",
    "hoctap.membership.transfer",
    "hoctap.membership.leave",
}
# the addon's shared tools (``congdan_hoctap/tools/``: no model, no domain) are open to every file
SHARED_MODULES = {path.stem for path in (MODELS_DIR.parent / "tools").glob("*.py")}
CORE_MODULES = {name.removesuffix(".py") for name in CORE_FILES} | SHARED_MODULES


def imported_modules(tree):
    """(line, module) of every module of the addon a file imports, relative or absolute."""
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = (node.module or "").split(".")
                names = [alias.name for alias in node.names] if not node.module else [base[-1]]
                for name in names:
                    yield node.lineno, name
            elif (node.module or "").startswith("odoo.addons.congdan_hoctap"):
                yield node.lineno, node.module.rsplit(".", 1)[-1]
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("odoo.addons.congdan_hoctap"):
                    yield node.lineno, alias.name.rsplit(".", 1)[-1]


def string_constants(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


@tagged("post_install", "-at_install")
class TestSeams(TransactionCase):
    """A check on the source: it fails when a core file imports or names a domain."""

    def _core_trees(self):
        for name in CORE_FILES:
            path = MODELS_DIR / name
            yield name, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))

    def _domain_models(self):
        return {name for name in self.env if name.startswith("hoctap.") and name not in CORE_MODELS}

    def test_core_files_exist(self):
        """The list of core files is current: a renamed core file must be renamed here too."""
        missing = [name for name in CORE_FILES if not (MODELS_DIR / name).is_file()]
        self.assertEqual(missing, [])

    def test_core_imports_no_domain_module(self):
        """A core file imports only other core files of the addon (and Odoo)."""
        violations = [
            f"{name}:{lineno} imports {module}"
            for name, tree in self._core_trees()
            for lineno, module in imported_modules(tree)
            if module not in CORE_MODULES
        ]
        self.assertEqual(violations, [], "the core imports a domain module")

    def test_core_names_no_domain_model(self):
        """A core file names no domain model (``self.env["hoctap.fund"]``, a relational field…)."""
        domain_models = self._domain_models()
        self.assertIn("hoctap.evaluation", domain_models, "the check sees the domains")
        violations = [
            f"{name}:{lineno} names {value}"
            for name, tree in self._core_trees()
            for lineno, value in string_constants(tree)
            if value in domain_models
        ]
        self.assertEqual(violations, [], "the core reaches into a domain model")

    def test_core_opens_no_domain_action(self):
        """A core file opens no action of a domain (``congdan_hoctap.hoctap_fund_action``…)."""
        domain_models = self._domain_models()
        violations = [
            f"{name}:{lineno} opens {value}"
            for name, tree in self._core_trees()
            for lineno, value in string_constants(tree)
            if value.startswith("congdan_hoctap.")
            and getattr(self.env.ref(value, raise_if_not_found=False), "res_model", None) in domain_models
        ]
        self.assertEqual(violations, [], "the core opens a domain's action")

    def test_the_check_catches_a_domain_import(self):
        """The import check itself sees relative and absolute imports of a domain module."""
        tree = ast.parse(
            "from .hoctap_evaluation import OPEN_STATES\n"
            "from . import hoctap_fund\n"
            "from odoo.addons.congdan_hoctap.models.hoctap_statistic import PERIODS\n"
        )
        self.assertEqual(
            [module for _line, module in imported_modules(tree)],
            ["hoctap_evaluation", "hoctap_fund", "hoctap_statistic"],
        )
