# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install", "congdan_hoctap_http")
class TestOverviewTour(HttpCase):
    """Tỉnh Tour ── Xã Tour (7 members: 4 women, 3 evaluations registered) ── Thôn Tour
    └─ Xã Khác (2 members)"""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Association = cls.env["hoctap.association"]
        cls.province = Association.create({"name": "Tỉnh Tour", "code": "TTOUR", "level": "province"})
        cls.commune = Association.create(
            {"name": "Xã Tour", "code": "XTOUR", "level": "commune", "parent_id": cls.province.id}
        )
        cls.other = Association.create(
            {"name": "Xã Khác", "code": "XKHAC", "level": "commune", "parent_id": cls.province.id}
        )
        cls.branch = Association.create(
            {
                "name": "Thôn Tour",
                "code": "TTOUR1",
                "level": "branch",
                "branch_kind": "village",
                "parent_id": cls.commune.id,
            }
        )
        people = [(cls.branch, "female")] * 3 + [(cls.commune, "female")] + [(cls.branch, "male")] * 3
        people += [(cls.other, "female")] * 2
        for index, (association, gender) in enumerate(people):
            partner = cls.env["res.partner"].create(
                {"name": "Người Tour %s" % index, "citizen_id": "001299%06d" % index, "gender": gender}
            )
            cls.env["hoctap.membership"].create({"partner_id": partner.id, "association_id": association.id})
        year = fields.Date.today().year
        for index in range(3):
            partner = cls.env["res.partner"].create({"name": "Hộ Tour %s" % index})
            cls.env["hoctap.evaluation"].create(
                {
                    "partner_id": partner.id,
                    "association_id": cls.branch.id,
                    "year": year,
                    "model_type": "family",
                }
            )
        new_test_user(
            cls.env,
            login="tour_commune",
            password="tour_commune_pw",
            groups="congdan_hoctap.group_officer",
            hoctap_association_ids=[(6, 0, cls.commune.ids)],
        )
        new_test_user(
            cls.env,
            login="tour_province",
            password="tour_province_pw",
            groups="congdan_hoctap.group_officer",
            hoctap_association_ids=[(6, 0, cls.province.ids)],
        )

    def _count(self, association, extra=""):
        """Active memberships of the subtree, counted in SQL independently of the overview."""
        self.env.flush_all()
        self.env.cr.execute(
            f"""SELECT count(*) FROM hoctap_membership m JOIN hoctap_association a ON a.id = m.association_id
                 WHERE a.parent_path LIKE %s AND m.state = 'active' {extra}""",
            [association.parent_path + "%"],
        )
        return self.env.cr.fetchone()[0]

    def test_commune_officer_lands_on_overview(self):
        """The commune officer opens the app on the overview, reads the members tile and opens a chart's list."""
        self.assertEqual(self._count(self.commune), 7)  # the tour reads 7 on the tile
        self.assertEqual(self._count(self.commune, "AND m.gender = 'female'"), 4)  # and 4 rows behind the slice
        self.start_tour("/odoo", "congdan_hoctap_overview_commune_tour", login="tour_commune")

    def test_province_officer_drills_into_commune(self):
        """The province officer's overview drills down into a commune, whose tile opens its members."""
        self.assertEqual(self._count(self.province), 9)
        self.start_tour(
            "/odoo/action-congdan_hoctap.hoctap_overview_action",
            "congdan_hoctap_overview_province_tour",
            login="tour_province",
        )
