import type { Source } from "@aifactory/core";
import { ECONOMICS_SOURCES } from "../sources";

/**
 * A sourced default of the cost model.
 *
 * @example
 * ```ts
 * import { listCostDefaults, type CostDefault } from "@aifactory/economics";
 * const defaults: readonly CostDefault[] = listCostDefaults();
 * ```
 * @since 0.1.0
 * @category TCO
 */
export interface CostDefault {
  id: string;
  label: string;
  value: number;
  unit: string;
  range?: { min: number; max: number };
  sources: readonly Source[];
}

/**
 * Server cost / chip price for chip-only prices (Epoch AI's default server overhead; A100 1.66, V100 1.69).
 *
 * @example
 * ```ts
 * import { SERVER_COST_MULTIPLIER } from "@aifactory/economics";
 * SERVER_COST_MULTIPLIER.value; // 1.64
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const SERVER_COST_MULTIPLIER: CostDefault = {
  id: "server-cost-multiplier",
  label: "Server cost per accelerator / chip price",
  value: 1.64,
  unit: "ratio",
  sources: [{ ...ECONOMICS_SOURCES.epochCostModel, locator: "server overhead multipliers (default 1.64)" }],
};

/**
 * Cluster interconnect (network) share of total hardware cost (Epoch AI).
 *
 * @example
 * ```ts
 * import { NETWORK_SHARE_OF_HARDWARE_COST } from "@aifactory/economics";
 * NETWORK_SHARE_OF_HARDWARE_COST.value; // 0.19
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const NETWORK_SHARE_OF_HARDWARE_COST: CostDefault = {
  id: "network-share-of-hardware-cost",
  label: "Cluster interconnect share of total hardware cost",
  value: 0.19,
  unit: "ratio",
  sources: [{ ...ECONOMICS_SOURCES.epochCostModel, locator: "cluster interconnect share of total cost 0.19" }],
};

/**
 * Cost to build one MW of critical (IT) load, U.S. average over 19 markets (Cushman & Wakefield 2025; land,
 * design and owner-furnished equipment excluded).
 *
 * @example
 * ```ts
 * import { FACILITY_CAPEX_USD_PER_MW } from "@aifactory/economics";
 * FACILITY_CAPEX_USD_PER_MW.value; // 11_700_000
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const FACILITY_CAPEX_USD_PER_MW: CostDefault = {
  id: "facility-capex-usd-per-mw",
  label: "Data center construction cost per MW of critical load (U.S. average of 19 markets)",
  value: 11.7e6,
  unit: "USD/MW",
  range: { min: 9.3e6, max: 15.0e6 },
  sources: [ECONOMICS_SOURCES.cushmanCostGuide2025],
};

/**
 * Wholesale colocation asking rent per kW of IT capacity per month, 250-500 kW requirements, North American
 * primary markets, H2 2024 (CBRE).
 *
 * @example
 * ```ts
 * import { COLOCATION_USD_PER_KW_MONTH } from "@aifactory/economics";
 * COLOCATION_USD_PER_KW_MONTH.value; // 184.06
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const COLOCATION_USD_PER_KW_MONTH: CostDefault = {
  id: "colocation-usd-per-kw-month",
  label: "Colocation asking rent, 250-500 kW, North American primary markets, H2 2024",
  value: 184.06,
  unit: "USD/kW-month",
  sources: [ECONOMICS_SOURCES.cbreH2of2024],
};

/**
 * Default depreciation life of accelerator servers: 5 years (Epoch AI's cost model for hardware from 2023;
 * hyperscaler 10-K server lives are 5-6 years, Amazon shortened a subset to 5 in 2025).
 *
 * @example
 * ```ts
 * import { DEPRECIATION_LIFE_YEARS } from "@aifactory/economics";
 * DEPRECIATION_LIFE_YEARS.value; // 5
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const DEPRECIATION_LIFE_YEARS: CostDefault = {
  id: "depreciation-life-years",
  label: "Server depreciation life",
  value: 5,
  unit: "years",
  range: { min: 3, max: 6 },
  sources: [
    { ...ECONOMICS_SOURCES.epochCostModel, locator: "server life by hardware year: >= 2023 -> 5 years" },
    {
      title: "Microsoft extends life of cloud servers from four to six years",
      url: "https://www.theregister.com/2022/08/02/microsoft_server_life_extension/",
      publisher: "The Register",
      date: "2022-08-02",
      locator: "CFO Amy Hood, Q4 FY2022 earnings call: server and network equipment 4 -> 6 years from FY2023",
      evidence: "secondary",
    },
    {
      title: "Alphabet Q4 2023 results: longer server use (quotes the 10-K on server useful lives)",
      url: "https://www.googlewatchblog.de/2024/01/google-infrastruktur-server-milliarden/",
      publisher: "GoogleWatchBlog",
      date: "2024-01",
      locator: "10-K quote: in January 2023 servers 4 -> 6 years, certain network equipment 5 -> 6 years",
      evidence: "secondary",
    },
    {
      title: "Amazon revises server lifespan amid AI shift, impacting 2025 earnings",
      url: "https://deepquarry.substack.com/p/amazon-revises-server-lifespan-amid",
      publisher: "Deep Quarry (Olga Usvyatsky)",
      date: "2025-02-11",
      locator:
        "quotes Amazon's 2024 10-K: a subset of servers and networking equipment 6 -> 5 years from 2025-01-01 (about $0.7B less 2025 operating income)",
      evidence: "secondary",
    },
    {
      title: "Meta extends server life again -- saving it $2.9 billion",
      url: "https://thestack.technology/meta-extends-server-life-again-saving-it-2-9-billion",
      publisher: "The Stack",
      locator: "servers and network assets to 5.5 years in 2025 (from 4 -> 4.5 -> 5 years in 2022)",
      evidence: "secondary",
    },
    {
      title: "Oracle Inflates Operating Income $131 Million With Accounting Change",
      url: "https://www.dudil.net/2022-q3/oracle-inflates-operating-income-%24131-million-with-accounting-change--",
      publisher: "DuDil",
      date: "2022-09-15",
      locator: "Oracle's quarterly filing: server useful life 4 -> 5 years",
      evidence: "secondary",
      note: "public sources give Oracle 5 years (Bloomberg's January 2025 summary, as relayed by The Outpost: 'five years from four in 2023'); the 6 years an earlier internal note gave for Oracle is unconfirmed and not used",
    },
  ],
};

/**
 * Average server power during use as a share of maximum system power (Epoch AI: 0.75 for GPU servers during
 * training; Newkirk et al. 2025 measured 0.76 on 8x H100 nodes).
 *
 * @example
 * ```ts
 * import { AVERAGE_POWER_RATIO } from "@aifactory/economics";
 * AVERAGE_POWER_RATIO.value; // 0.75
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const AVERAGE_POWER_RATIO: CostDefault = {
  id: "average-power-ratio",
  label: "Average / maximum server power while in use",
  value: 0.75,
  unit: "ratio",
  sources: [
    { ...ECONOMICS_SOURCES.epochCostModel, locator: "gpu server TDP fraction during training 0.75" },
    {
      title: "Newkirk et al. 2025, Empirically-Calibrated H100 Node Power Models",
      url: "https://arxiv.org/abs/2506.14551",
      evidence: "verified",
      locator: "Abstract: 76 % of the 10.2 kW rating",
    },
  ],
};

/**
 * Chip TDP -> per-accelerator server power multiplier when the catalog has no system power (Epoch AI derives
 * 1.82 for H100 from DGX H100's 10.2 kW / 8 / 0.7 kW).
 *
 * @example
 * ```ts
 * import { CHIP_TO_SERVER_POWER_MULTIPLIER } from "@aifactory/economics";
 * CHIP_TO_SERVER_POWER_MULTIPLIER.value; // 1.82
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const CHIP_TO_SERVER_POWER_MULTIPLIER: CostDefault = {
  id: "chip-to-server-power-multiplier",
  label: "Per-accelerator server power / chip TDP (H100, Epoch AI)",
  value: 1.82,
  unit: "ratio",
  sources: [{ ...ECONOMICS_SOURCES.epochCostModel, locator: "chip_to_server_power = (10.2/8)/0.7" }],
};

/**
 * Default facility PUE of the cost model when a caller gives none: 1.1, Epoch AI's hyperscaler constant
 * (non-hyperscaler 1.25), the same kind of build as the other defaults here (facility capex per MW, colocation).
 * The PUE by cooling is owned by `@aifactory/energy` (`DEFAULT_PUE_BY_COOLING`: air 1.56, liquid 1.1, the
 * liquid figure from the same Epoch AI source); `aif tco`, `aif supply` and the planner pass that cooling-based
 * default, so they agree with `aif energy`. Call `computeTco` with `pue` set to do the same.
 *
 * @example
 * ```ts
 * import { TCO_DEFAULT_PUE } from "@aifactory/economics";
 * TCO_DEFAULT_PUE.value; // 1.1
 * ```
 * @since 0.1.0
 * @category TCO
 */
export const TCO_DEFAULT_PUE: CostDefault = {
  id: "pue",
  label: "Facility PUE (hyperscaler)",
  value: 1.1,
  unit: "ratio",
  range: { min: 1.1, max: 1.25 },
  sources: [{ ...ECONOMICS_SOURCES.epochCostModel, locator: "power_usage_effectiveness()" }],
};

/**
 * Every sourced default of the cost model, for docs.
 *
 * @returns the defaults
 * @example
 * ```ts
 * import { listCostDefaults } from "@aifactory/economics";
 * listCostDefaults().map((entry) => `${entry.id} = ${entry.value} ${entry.unit}`);
 * ```
 * @since 0.1.0
 * @category TCO
 */
export function listCostDefaults(): readonly CostDefault[] {
  return [
    SERVER_COST_MULTIPLIER,
    NETWORK_SHARE_OF_HARDWARE_COST,
    FACILITY_CAPEX_USD_PER_MW,
    COLOCATION_USD_PER_KW_MONTH,
    DEPRECIATION_LIFE_YEARS,
    AVERAGE_POWER_RATIO,
    CHIP_TO_SERVER_POWER_MULTIPLIER,
    TCO_DEFAULT_PUE,
  ];
}
