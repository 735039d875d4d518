/** @odoo-module **/
import { registry } from "@web/core/registry";

// A 1×1 PNG, the evidence the citizen uploads.
const PNG_BASE64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

async function attachPng(input, name) {
    const blob = await (await fetch(`data:image/png;base64,${PNG_BASE64}`)).blob();
    const transfer = new DataTransfer();
    transfer.items.add(new File([blob], name, { type: "image/png" }));
    input.files = transfer.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
}

// A citizen signs up with their CCCD, logs in, registers, self-assesses two groups with an upload and submits.
registry.category("web_tour.tours").add("congdan_hoctap_portal_citizen_tour", {
    url: "/hoctap/signup",
    steps: () => [
        { trigger: "form.o_hoctap_signup_form input[name=citizen_id]", run: "edit 046190009999" },
        { trigger: "input[name=name]", run: "edit Lê Thị Tour" },
        { trigger: "select[name=gender]", run: "select female" },
        { trigger: "input[name=birth_year]", run: "edit 1992" },
        { trigger: "input[name=ethnicity]", run: "edit Kinh" },
        { trigger: "input[name=consent_sensitive]", run: "check" },
        { trigger: "select[name=branch_id]", run: "selectByLabel Thôn Tour" },
        { trigger: "select[name=occupation_group]", run: "select farmer" },
        { trigger: "input[name=password]", run: "edit matkhau-tour-123" },
        { trigger: ".o_hoctap_personal_data_notice" },
        { trigger: "input[name=consent_notice]", run: "check" },
        {
            trigger: "form.o_hoctap_signup_form button[type=submit]",
            run: "click",
            expectUnloadPage: true,
        },
        { trigger: ".alert-success" },
        { trigger: "form.oe_login_form input[name=login]", run: "edit 046190009999" },
        { trigger: "form.oe_login_form input[name=password]", run: "edit matkhau-tour-123" },
        { trigger: "form.oe_login_form button[type=submit]", run: "click", expectUnloadPage: true },
        { trigger: "button.o_hoctap_register", run: "click", expectUnloadPage: true },
        { trigger: "a.o_hoctap_group_link:first", run: "click", expectUnloadPage: true },
        { trigger: ".o_hoctap_group h4:contains('Nhóm Tour 1')" },
        { trigger: ".o_hoctap_group input[name^=score_]:eq(0)", run: "edit 9" },
        { trigger: ".o_hoctap_group input[name^=score_]:eq(1)", run: "edit 8" },
        {
            trigger: ".o_hoctap_group input[type=file]:first",
            run: async function () {
                await attachPng(this.anchor, "giay-khen.png");
            },
        },
        { trigger: "button.o_hoctap_save_next", run: "click", expectUnloadPage: true },
        { trigger: ".o_hoctap_group h4:contains('Nhóm Tour 2')" },
        { trigger: ".o_hoctap_group input[name^=score_]:eq(0)", run: "edit 10" },
        { trigger: "button.o_hoctap_save_next", run: "click", expectUnloadPage: true },
        { trigger: "button.o_hoctap_submit", run: "click", expectUnloadPage: true },
        { trigger: ".o_hoctap_submitted" },
    ],
});

// The officer reviews, verifies and recognises the evaluation in the back office, issuing the decision.
registry.category("web_tour.tours").add("congdan_hoctap_portal_officer_tour", {
    steps: () => [
        { trigger: ".o_form_view button[name=action_review]", run: "click" },
        { trigger: ".o_form_view button[name=action_verify]", run: "click" },
        { trigger: ".o_form_view .o_form_statusbar button:contains('Recognise')", run: "click" },
        { trigger: ".o_list_button_add", run: "click" },
        { trigger: ".o_field_widget[name=name] input", run: "edit 01/QĐ-TOUR" },
        { trigger: ".o_field_widget[name=association_id] input", run: "edit Xã Tour" },
        { trigger: ".o-autocomplete--dropdown-item a:contains('Xã Tour')", run: "click" },
        { trigger: ".o_field_widget[name=evaluation_ids] .o_data_row:contains('Lê Thị Tour')" },
        { trigger: ".o_form_view button[name=action_issue]", run: "click" },
        { trigger: ".o_statusbar_status .o_arrow_button_current:contains('Issued')" },
    ],
});

// The recognised citizen downloads their certificate from the portal.
registry.category("web_tour.tours").add("congdan_hoctap_portal_certificate_tour", {
    url: "/my/learning",
    steps: () => [
        { trigger: "a.o_hoctap_evaluation_item", run: "click", expectUnloadPage: true },
        {
            trigger: "a.o_hoctap_certificate",
            run: async function () {
                const response = await fetch(this.anchor.href);
                if (!response.ok || response.headers.get("Content-Type") !== "application/pdf") {
                    throw new Error(`The certificate did not download (${response.status}).`);
                }
            },
        },
    ],
});
