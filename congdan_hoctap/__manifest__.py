# Copyright 2026 congdan_hoctap contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Learning Promotion Associations (Khuyến học)",
    "summary": "Associations, members, learning models and the learning-promotion fund "
    "of the Vietnam Association for Learning Promotion",
    "version": "18.0.1.0.0",
    "category": "Services/Learning Promotion",
    "website": "https://github.com/congdan-hoctap/congdan_hoctap",
    "author": "congdan_hoctap contributors",
    "license": "LGPL-3",
    "application": True,
    "depends": ["mail", "portal"],
    "data": [
        "security/congdan_hoctap_security.xml",
        "security/ir.model.access.csv",
        "reports/hoctap_membership_reports.xml",
        "wizards/hoctap_association_move_views.xml",
        "wizards/hoctap_association_merge_views.xml",
        "wizards/hoctap_membership_transfer_views.xml",
        "views/hoctap_association_views.xml",
        "views/hoctap_association_officer_views.xml",
        "views/hoctap_cluster_views.xml",
        "views/hoctap_population_views.xml",
        "views/hoctap_membership_views.xml",
        "views/res_partner_views.xml",
        "views/res_users_views.xml",
        "views/congdan_hoctap_menus.xml",
        "security/hoctap_statistic_security.xml",
        "reports/hoctap_cluster_briefing_reports.xml",
        "views/hoctap_statistic_views.xml",
        "views/hoctap_target_views.xml",
        "views/hoctap_cluster_briefing_views.xml",
        "views/hoctap_learning_center_views.xml",
        "views/hoctap_activity_views.xml",
        "views/hoctap_statistic_menus.xml",
    ],
    "demo": [
        "demo/hoctap_association_demo.xml",
        "demo/hoctap_membership_demo.xml",
        "demo/hoctap_statistic_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "congdan_hoctap/static/tests/tours/**/*",
        ],
    },
    "installable": True,
}
