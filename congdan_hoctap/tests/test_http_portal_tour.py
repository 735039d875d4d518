# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "congdan_hoctap_http")
class TestPortalTour(HttpCase):
    def test_citizen_journey_in_browser(self):
        """Sign-up, registration, self-assessment with an upload and submission on the portal; the officer
        verifies and recognises in the back office; the citizen downloads the certificate."""
        Association = self.env["hoctap.association"]
        # A commune with one officer: it relaxes separation of duties, so the officer reviews, verifies
        # and recognises (by default each of these steps needs another person).
        commune = Association.create({"name": "Xã Tour", "code": "XT", "level": "commune", "allow_same_reviewer": True})
        Association.create(
            {"name": "Thôn Tour", "code": "TTO", "level": "branch", "branch_kind": "village", "parent_id": commune.id}
        )
        criteria_set = self.env["hoctap.criteria.set"].create(
            {
                "name": "Bộ tiêu chí Tour",
                "model_type": "citizen",
                "citizen_form_id": self.env.ref("congdan_hoctap.citizen_form_farmer").id,
                # a national set newer than the shipped framework, so registration picks it
                "date_from": "2025-01-01",
                "min_total": 20,
            }
        )
        Criterion = self.env["hoctap.criterion"]
        for sequence, indicators in ((1, 2), (2, 1)):
            group = Criterion.create(
                {
                    "set_id": criteria_set.id,
                    "name": f"Nhóm Tour {sequence}",
                    "kind": "group",
                    "sequence": sequence,
                    "max_points": 0,
                }
            )
            Criterion.create(
                [
                    {
                        "set_id": criteria_set.id,
                        "parent_id": group.id,
                        "code": f"{sequence}.{i}",
                        "name": f"Chỉ số {sequence}.{i}",
                        "sequence": sequence * 10 + i,
                        "max_points": 10,
                        "evidence_required": sequence == 1 and i == 1,
                    }
                    for i in range(1, indicators + 1)
                ]
            )
        criteria_set.action_activate()
        officer = new_test_user(
            self.env,
            login="tour_officer",
            groups="congdan_hoctap.group_officer,congdan_hoctap.group_approver",
            hoctap_association_ids=[(6, 0, commune.ids)],
        )
        self.env["hoctap.support.team"].create(
            {
                "name": "Tổ Tour",
                "association_id": commune.id,
                "association_ids": [(6, 0, commune.ids)],
                "member_ids": [(6, 0, officer.ids)],
                "leader_id": officer.id,
            }
        )

        self.env["ir.config_parameter"].sudo().set_param("auth_signup.invitation_scope", "b2c")
        self.start_tour("/hoctap/signup", "congdan_hoctap_portal_citizen_tour")
        evaluation = self.env["hoctap.evaluation"].search([("partner_id.citizen_id", "=", "046190009999")])
        self.assertEqual((evaluation.state, evaluation.set_id, evaluation.self_total), ("submitted", criteria_set, 27))
        self.assertEqual(
            evaluation.line_ids.filtered("evidence_required").evidence_ids.mapped("name"), ["giay-khen.png"]
        )

        self.start_tour(
            f"/odoo/action-congdan_hoctap.hoctap_evaluation_action/{evaluation.id}",
            "congdan_hoctap_portal_officer_tour",
            login="tour_officer",
        )
        self.assertEqual((evaluation.state, evaluation.certificate_state), ("recognised", "valid"))

        self.start_tour("/my/learning", "congdan_hoctap_portal_certificate_tour", login="046190009999")
