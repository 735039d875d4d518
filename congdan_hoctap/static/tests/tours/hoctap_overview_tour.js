/** @odoo-module **/
import { registry } from "@web/core/registry";

function checkText(selector, expected) {
    const text = document.querySelector(selector).textContent.trim();
    if (text !== expected) {
        throw new Error(`${selector}: expected "${expected}", read "${text}"`);
    }
}

function checkRows(expected) {
    const rows = document.querySelectorAll(".o_list_view .o_data_row").length;
    if (rows !== expected) {
        throw new Error(`the list shows ${rows} rows, expected ${expected}`);
    }
}

/** Click the first element of a chart where Chart.js drew it. */
function clickChartElement(chartKey, datasetIndex = 0, index = 0) {
    const canvas = document.querySelector(`[data-chart=${chartKey}] canvas`);
    const chart = window.Chart.getChart(canvas);
    const { x, y } = chart.getDatasetMeta(datasetIndex).data[index].tooltipPosition();
    const rect = canvas.getBoundingClientRect();
    for (const type of ["mousemove", "click"]) {
        canvas.dispatchEvent(
            new MouseEvent(type, { clientX: rect.left + x, clientY: rect.top + y, bubbles: true })
        );
    }
}

// The commune officer signs in: Odoo opens on the overview of their commune (their home action),
// and the app's menu leads back to it.
registry.category("web_tour.tours").add("congdan_hoctap_overview_commune_tour", {
    url: "/odoo",
    steps: () => [
        { trigger: ".o_hoctap_overview_title:contains('Xã Tour')" },
        { trigger: ".o_navbar_apps_menu button", run: "click" },
        { trigger: ".o-dropdown-item.o_app:contains('Learning Promotion')", run: "click" },
        { trigger: ".o_hoctap_overview_title:contains('Xã Tour')" },
        {
            trigger: "[data-tile=members] .o_hoctap_tile_value",
            run: () => checkText("[data-tile=members] .o_hoctap_tile_value", "7"),
        },
        {
            // the gender chart: its largest slice (4 women) opens the women's memberships
            trigger: "[data-chart=members_gender] canvas:not(.d-none)",
            run: () => clickChartElement("members_gender"),
        },
        { trigger: ".o_list_view .o_data_row", run: () => checkRows(4) },
        { trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb .breadcrumb-item a", run: "click" },
        { trigger: "[data-tile=evaluation_registered]", run: "click" },
        { trigger: ".o_list_view .o_data_row", run: () => checkRows(3) },
    ],
});

// A province officer drills from the province down into one commune and opens its members.
registry.category("web_tour.tours").add("congdan_hoctap_overview_province_tour", {
    url: "/odoo/action-congdan_hoctap.hoctap_overview_action",
    steps: () => [
        { trigger: ".o_hoctap_overview_title:contains('Tỉnh Tour')" },
        {
            trigger: "[data-tile=members] .o_hoctap_tile_value",
            run: () => checkText("[data-tile=members] .o_hoctap_tile_value", "9"),
        },
        { trigger: ".o_hoctap_overview_drilldown", run: "click" },
        { trigger: ".o_hoctap_overview_child:contains('Xã Tour')", run: "click" },
        { trigger: ".o_hoctap_overview_title:contains('Tỉnh Tour / Xã Tour')" },
        {
            trigger: ".o_hoctap_overview_path a:contains('Xã Tour')",
            run: () => checkText("[data-tile=members] .o_hoctap_tile_value", "7"),
        },
        { trigger: "[data-tile=members]", run: "click" },
        { trigger: ".o_list_view .o_data_row", run: () => checkRows(7) },
    ],
});
