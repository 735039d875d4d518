# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "congdan_hoctap_http")
class TestMemberTour(HttpCase):
    def test_branch_officer_registers_member_in_ui(self):
        """A branch officer registers a member through the real web client."""
        branch = self.env["hoctap.association"].create(
            {"name": "Thôn Tour", "code": "TT", "level": "branch", "branch_kind": "village"}
        )
        person = self.env["res.partner"].create({"name": "Đặng Thị Tour", "citizen_id": "001190000777"})
        new_test_user(
            self.env,
            login="tour_branch",
            password="tour_branch_pw",
            groups="congdan_hoctap.group_branch_officer",
            hoctap_association_ids=[(6, 0, branch.ids)],
        )
        self.start_tour("/odoo", "congdan_hoctap_member_tour", login="tour_branch")
        membership = self.env["hoctap.membership"].search([("partner_id", "=", person.id)])
        self.assertEqual(membership.association_id, branch)
        self.assertEqual(membership.number, "TT-000001")
