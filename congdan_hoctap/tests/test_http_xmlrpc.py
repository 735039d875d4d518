# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "congdan_hoctap_http")
class TestXmlRpcIntegrator(HttpCase):
    """Issue 9, findings 2 and 14, as an integrator meets them: through /xmlrpc/2/object."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.branch = cls.env["hoctap.association"].create(
            {"name": "Thôn XML-RPC", "code": "XR", "level": "branch", "branch_kind": "village"}
        )
        cls.keeper = new_test_user(
            cls.env,
            login="xmlrpc_branch",
            password="xmlrpc_branch_pw",
            groups="congdan_hoctap.group_branch_officer",
            hoctap_association_ids=[(6, 0, cls.branch.ids)],
        )
        person = cls.env["res.partner"].create({"name": "Lê Văn Rpc", "citizen_id": "001190000888"})
        cls.membership = cls.env["hoctap.membership"].create({"partner_id": person.id, "association_id": cls.branch.id})

    def _execute(self, method, *args):
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, self.keeper.id, "xmlrpc_branch_pw", "hoctap.membership", method, list(args)
        )

    def test_actions_answer_and_state_is_not_written(self):
        """A status action answers True over XML-RPC; a direct write of the state is refused."""
        self.assertIs(self._execute("action_suspend", self.membership.ids), True)
        self.assertIs(self._execute("action_mark_deceased", self.membership.ids), True)
        with self.assertRaises(xmlrpc.client.Fault) as caught:
            self._execute("write", self.membership.ids, {"state": "active"})
        self.assertIn("change only through the workflow buttons", caught.exception.faultString)
        self.membership.invalidate_recordset()
        self.assertEqual(self.membership.state, "deceased")
