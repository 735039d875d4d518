/** @odoo-module **/
import { Component, onMounted, onWillUnmount, onWillUpdateProps, useRef } from "@odoo/owl";
import { getColor } from "@web/core/colors/colors";
import { cookie } from "@web/core/browser/cookie";

/**
 * One chart of the overview, drawn with the Chart.js Odoo bundles (web.chartjs_lib).
 * A click on an element calls ``onOpen`` with the action the server attached to it.
 */
export class OverviewChart extends Component {
    static template = "congdan_hoctap.OverviewChart";
    static props = { chart: Object, onOpen: Function };

    setup() {
        this.canvasRef = useRef("canvas");
        onMounted(() => this.render_chart(this.props.chart));
        onWillUpdateProps((next) => {
            this.destroy();
            // the canvas stays: draw the new figures once patched
            Promise.resolve().then(() => this.render_chart(next.chart));
        });
        onWillUnmount(() => this.destroy());
    }

    get isEmpty() {
        const chart = this.props.chart;
        return !chart.labels.length || chart.datasets.every((ds) => ds.data.every((v) => !v));
    }

    destroy() {
        if (this.chartJs) {
            this.chartJs.destroy();
            this.chartJs = null;
        }
    }

    render_chart(chart) {
        if (!this.canvasRef.el) {
            return;
        }
        const scheme = cookie.get("color_scheme");
        const pie = chart.type === "doughnut";
        const datasets = chart.datasets.map((ds, index) => ({
            label: ds.label,
            data: ds.data,
            backgroundColor: pie
                ? ds.data.map((_v, i) => getColor(i, scheme, ds.data.length))
                : getColor(index, scheme, chart.datasets.length),
        }));
        this.chartJs = new Chart(this.canvasRef.el, {
            type: chart.type,
            data: { labels: chart.labels, datasets },
            options: {
                maintainAspectRatio: false,
                indexAxis: chart.horizontal ? "y" : "x",
                plugins: { legend: { display: pie || chart.datasets.length > 1, position: "bottom" } },
                scales: pie
                    ? {}
                    : {
                          x: { stacked: Boolean(chart.stacked) },
                          y: { stacked: Boolean(chart.stacked), beginAtZero: true },
                      },
                onClick: (_event, elements) => {
                    if (elements.length) {
                        const { datasetIndex, index } = elements[0];
                        this.props.onOpen(chart.datasets[datasetIndex].actions[index]);
                    }
                },
                onHover: (event, elements) => {
                    event.native.target.style.cursor = elements.length ? "pointer" : "default";
                },
            },
        });
    }
}
