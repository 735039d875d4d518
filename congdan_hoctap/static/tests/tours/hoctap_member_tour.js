/** @odoo-module **/
import { registry } from "@web/core/registry";

// A branch officer registers a member from the Members menu and gets a member number.
registry.category("web_tour.tours").add("congdan_hoctap_member_tour", {
    url: "/odoo/action-congdan_hoctap.hoctap_membership_action",
    steps: () => [
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=partner_id] input",
            run: "edit Đặng Thị Tour",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Đặng Thị Tour')",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=association_id] input",
            run: "edit Thôn Tour",
        },
        {
            trigger: ".o-autocomplete--dropdown-item a:contains('Thôn Tour')",
            run: "click",
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_saved .o_field_widget[name=number]:contains('TT-000001')",
        },
    ],
});
