/** @odoo-module **/
import { Component, onWillStart, useState } from "@odoo/owl";
import { loadBundle } from "@web/core/assets";
import { Dropdown } from "@web/core/dropdown/dropdown";
import { DropdownItem } from "@web/core/dropdown/dropdown_item";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { formatFloat, formatInteger } from "@web/views/fields/formatters";
import { standardActionServiceProps } from "@web/webclient/actions/action_service";
import { OverviewChart } from "./overview_chart";

/**
 * The overview ("Tổng quan") of the association(s) the user works in.
 *
 * Every figure comes from one server call, ``hoctap.association.get_overview_data``;
 * each tile and chart element carries the action of the list behind it.
 */
export class HoctapOverview extends Component {
    static template = "congdan_hoctap.Overview";
    static components = { Dropdown, DropdownItem, OverviewChart };
    static props = { ...standardActionServiceProps };

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        const params = this.props.action.params || {};
        this.state = useState({ data: null, associationId: params.association_id || null, loading: true });
        onWillStart(async () => {
            await loadBundle("web.chartjs_lib");
            await this.load(this.state.associationId);
        });
    }

    async load(associationId, year) {
        this.state.loading = true;
        const data = await this.orm.call("hoctap.association", "get_overview_data", [
            associationId || false,
            year || (this.state.data && this.state.data.year) || false,
        ]);
        this.state.data = data;
        this.state.associationId = data.association && data.association.id;
        this.state.loading = false;
    }

    get tileGroups() {
        const groups = [
            ["members", _t("Members")],
            ["evaluations", _t("Evaluations this year")],
            ["recognitions", _t("Recognised this year")],
            ["fund", _t("Fund this year")],
            ["work", _t("To do")],
        ];
        const tiles = this.state.data.tiles;
        return groups.map(([key, label]) => ({ key, label, tiles: tiles.filter((t) => t.group === key) }));
    }

    formatValue(value, unit) {
        if (unit === "money") {
            return formatFloat(value, { digits: [16, 0] });
        }
        if (unit === "%") {
            return `${formatFloat(value, { digits: [16, 2] })} %`;
        }
        return formatInteger(value);
    }

    formatTarget(tile) {
        const unit = tile.unit === "%" ? " %" : "";
        return _t("Target: %(value)s", { value: formatFloat(tile.target, { digits: [16, 2] }) + unit });
    }

    open(action) {
        if (action) {
            this.actionService.doAction(action);
        }
    }

    drill(associationId) {
        return this.load(associationId);
    }

    changeYear(delta) {
        return this.load(this.state.associationId, this.state.data.year + delta);
    }
}

registry.category("actions").add("congdan_hoctap.overview", HoctapOverview);
