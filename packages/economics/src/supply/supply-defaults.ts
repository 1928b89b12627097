import type { Source } from "@aifactory/core";
import type { CostDefault } from "../data/tco-defaults";
import { ECONOMICS_SOURCES } from "../sources";
import { quarterIndex } from "./quarter";

/**
 * A published CoWoS capacity point: TSMC CoWoS wafers per month in a period, as a range.
 *
 * @example
 * ```ts
 * import { COWOS_CAPACITY_POINTS, type CowosCapacityPoint } from "@aifactory/economics";
 * const points: readonly CowosCapacityPoint[] = COWOS_CAPACITY_POINTS;
 * ```
 * @since 0.1.0
 * @category Supply
 */
export interface CowosCapacityPoint {
  /** The quarter the figure describes (an annual figure is placed at Q2, a year-end one at Q4). */
  quarter: string;
  period: string;
  wafersPerMonth: { min: number; max: number };
  sources: readonly Source[];
}

/**
 * Published TSMC CoWoS capacity points (secondary press and analyst reports; the end-2023 point is a recalled
 * figure without a public source and is left out). These change every quarter: pass your own schedule
 * to {@link planSupply} when you have one.
 *
 * @example
 * ```ts
 * import { COWOS_CAPACITY_POINTS } from "@aifactory/economics";
 * COWOS_CAPACITY_POINTS.map((point) => `${point.period}: ${point.wafersPerMonth.min}-${point.wafersPerMonth.max}`);
 * ```
 * @since 0.1.0
 * @category Supply
 */
export const COWOS_CAPACITY_POINTS: readonly CowosCapacityPoint[] = [
  {
    quarter: "2024-Q2",
    period: "2024",
    wafersPerMonth: { min: 35000, max: 40000 },
    sources: [
      {
        ...ECONOMICS_SOURCES.techPowerUpCowos2024,
        locator:
          "MoneyDJ: monthly capacity 'expected to reach 35,000 to 40,000 wafers this year'; TSMC: doubles in 2024 and 2025",
      },
    ],
  },
  {
    quarter: "2025-Q4",
    period: "end-2025",
    wafersPerMonth: { min: 75000, max: 80000 },
    sources: [
      { ...ECONOMICS_SOURCES.trendforceCowosDec2025, locator: "monthly CoWoS capacity 'today's 75,000-80,000 wafers'" },
      {
        ...ECONOMICS_SOURCES.smbomCowosSemiwiki2025,
        locator: "TrendForce (November 2024): 75,000 to 80,000 wafers per month by the end of 2025",
      },
      { ...ECONOMICS_SOURCES.techPowerUpCowos2024, locator: "MoneyDJ: 'surge to 80,000 wafers per month next year'" },
    ],
  },
  {
    quarter: "2026-Q2",
    period: "2026",
    wafersPerMonth: { min: 90000, max: 150000 },
    sources: [
      { ...ECONOMICS_SOURCES.smbomCowosSemiwiki2025, locator: "SemiWiki: 90,000 to 110,000 wafers per month in 2026" },
      {
        ...ECONOMICS_SOURCES.techPowerUpCowos2024,
        locator: "MoneyDJ: 100,000 to 120,000 originally expected for 2026, possibly 140,000 to 150,000",
      },
      {
        ...ECONOMICS_SOURCES.trendforceCowosDec2025,
        locator: "industry estimates: as high as 120,000-130,000 wafers per month by the end of 2026",
      },
      {
        title: "Morgan Stanley dissects AI supply chain again: TSMC CoWoS capacity surges by 33%! HBM demand doubles",
        url: "https://web-origin.lbkrs.com/news/246945128",
        publisher: "Longbridge (Zhitong Finance)",
        locator:
          "Morgan Stanley: total CoWoS capacity about 90-95k wafers per month in 2026, from 70k at the end of 2025",
        evidence: "secondary",
        note: "press summary of a Morgan Stanley research note (not public)",
      },
      {
        title: "2026 capacity range (derived)",
        evidence: "derived",
        note: "the envelope of the forecasts above: 90,000 (SemiWiki, Morgan Stanley) to 150,000 (MoneyDJ) wafers per month; an 'about 200,000 including OSATs' figure from an earlier internal note is unconfirmed and not used",
      },
    ],
  },
];

/**
 * Default TSMC CoWoS capacity in a quarter, wafers per month: the midpoint of each published range,
 * interpolated linearly between points and held flat before the first and after the last (both flagged by
 * {@link planSupply} as warnings).
 *
 * @param quarter - `YYYY-Qn`
 * @returns wafers per month
 * @example
 * ```ts
 * import { defaultCowosWafersPerMonth } from "@aifactory/economics";
 * defaultCowosWafersPerMonth("2025-Q4"); // 77500
 * ```
 * @since 0.1.0
 * @category Supply
 */
export function defaultCowosWafersPerMonth(quarter: string): number {
  const index = quarterIndex(quarter);
  const points = COWOS_CAPACITY_POINTS.map((point) => ({
    index: quarterIndex(point.quarter),
    value: (point.wafersPerMonth.min + point.wafersPerMonth.max) / 2,
  }));
  const first = points[0]!;
  const last = points[points.length - 1]!;
  if (index <= first.index) return first.value;
  if (index >= last.index) return last.value;
  for (let i = 1; i < points.length; i += 1) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (index <= b.index) return a.value + ((b.value - a.value) * (index - a.index)) / (b.index - a.index);
  }
  return last.value;
}

const semiwikiShare = (vendor: string, percent: number): Source => ({
  ...ECONOMICS_SOURCES.smbomCowosSemiwiki2025,
  locator: `SemiWiki 2025 CoWoS demand split: ${vendor} ${percent} %`,
});

/**
 * Share of TSMC CoWoS capacity each vendor used in 2025 (secondary reports of analyst forecasts). NVIDIA: 63 %
 * for 2025 (SemiWiki; Morgan Stanley, October 2024); about 60 % is the figure reported for late 2023
 * (TrendForce) and for 2026 (Morgan Stanley); the default is the midpoint, 61.5 %. The other shares come from a
 * single forecast (SemiWiki) read second-hand.
 *
 * @example
 * ```ts
 * import { COWOS_VENDOR_SHARE_2025 } from "@aifactory/economics";
 * COWOS_VENDOR_SHARE_2025.nvidia?.shareRatio; // 0.615
 * ```
 * @since 0.1.0
 * @category Supply
 */
export const COWOS_VENDOR_SHARE_2025: Readonly<Record<string, { shareRatio: number; sources: readonly Source[] }>> = {
  nvidia: {
    shareRatio: 0.615,
    sources: [
      semiwikiShare("NVIDIA", 63),
      {
        ...ECONOMICS_SOURCES.morganStanleyCowosOct2024,
        locator: "AMD trimmed 2025 CoWoS bookings, NVIDIA took them: NVIDIA demand about 63 % of 2025",
      },
      {
        title:
          "[News] TSMC's CoWoS Demand Surges from NVIDIA, Apple, AMD, Broadcom, Marvell, Monthly Capacity Up 120% in 2024",
        url: "https://www.trendforce.com/news/2023/11/13/news-tsmcs-cowos-demand-surges-from-nvidia-apple-amd-broadcom-marvell-monthly-capacity-up-120-in-2024/",
        publisher: "TrendForce",
        date: "2023-11-13",
        locator: "NVIDIA secures 'almost 60%' of TSMC's CoWoS capacity (late 2023)",
        evidence: "secondary",
      },
      {
        title: "Morgan Stanley: Nvidia to secure 60% of global CoWoS wafer demand in 2026",
        url: "https://www.semimedia.cc/19561.html",
        publisher: "SemiMedia",
        date: "2025-07-31",
        locator: "about 595,000 of about 1 million CoWoS wafers in 2026",
        evidence: "secondary",
      },
      {
        title: "NVIDIA 2025 share default (derived)",
        evidence: "derived",
        note: "(60 % + 63 %) / 2 = 61.5 %; no public 2025 figure below 63 % was found, 60 % is the late-2023 and 2026 share",
      },
    ],
  },
  broadcom: { shareRatio: 0.13, sources: [semiwikiShare("Broadcom", 13)] },
  amd: { shareRatio: 0.08, sources: [semiwikiShare("AMD", 8)] },
  marvell: { shareRatio: 0.08, sources: [semiwikiShare("Marvell", 8)] },
  aws: { shareRatio: 0.03, sources: [semiwikiShare("AWS", 3)] },
};

/**
 * A lead-time default with sources.
 *
 * @example
 * ```ts
 * import { TRANSFORMER_LEAD_TIME, type LeadTimeDefault } from "@aifactory/economics";
 * const lead: LeadTimeDefault = TRANSFORMER_LEAD_TIME;
 * ```
 * @since 0.1.0
 * @category Supply
 */
export interface LeadTimeDefault {
  id: "transformers" | "interconnection";
  label: string;
  quarters: number;
  sources: readonly Source[];
}

/**
 * Large power transformer lead time: 128 weeks on average in Q2 2025 (Wood Mackenzie survey via POWER
 * Magazine), rounded up to 10 quarters; Wood Mackenzie reported about 2.5 years in 2024, up to 4 years for the
 * largest units.
 *
 * @example
 * ```ts
 * import { TRANSFORMER_LEAD_TIME } from "@aifactory/economics";
 * TRANSFORMER_LEAD_TIME.quarters; // 10
 * ```
 * @since 0.1.0
 * @category Supply
 */
export const TRANSFORMER_LEAD_TIME: LeadTimeDefault = {
  id: "transformers",
  label: "Large power transformer lead time (128 weeks, Q2 2025)",
  quarters: 10,
  sources: [
    {
      title: "Wood Mackenzie, Mind the gap: tackling supply-chain challenges in the electric T&D sector",
      url: "https://www.woodmac.com/news/opinion/mind-the-gap-tackling-supply-chain-challenges-in-the-electric-td-sector",
      publisher: "Wood Mackenzie",
      evidence: "secondary",
      note: "128 weeks is Wood Mackenzie's Q2 2025 survey average for power transformers as reported by POWER Magazine ('Transformers in 2026', 2026-01-02) and others; not re-read in this page. 128 weeks / 13 weeks per quarter = 9.8 -> 10 quarters (derived)",
    },
    {
      title: "Robeco, Transformers wanted (Wood Mackenzie: about 50 weeks in 2021 to 2.5 years in 2024)",
      url: "https://robeco.substack.com/p/transformers-wanted",
      evidence: "secondary",
    },
  ],
};

/**
 * Grid interconnection lead time: projects take nearly five years from interconnection request to commercial
 * operation in U.S. queues (Berkeley Lab 'Queued Up', for generation and storage; large-load interconnection
 * differs by utility).
 *
 * @example
 * ```ts
 * import { INTERCONNECTION_LEAD_TIME } from "@aifactory/economics";
 * INTERCONNECTION_LEAD_TIME.quarters; // 20
 * ```
 * @since 0.1.0
 * @category Supply
 */
export const INTERCONNECTION_LEAD_TIME: LeadTimeDefault = {
  id: "interconnection",
  label: "Grid interconnection, request to operation (about 5 years, Berkeley Lab Queued Up)",
  quarters: 20,
  sources: [
    {
      title: "Berkeley Lab, Queued Up 2024 edition (typical duration nearly five years), as summarised by press",
      url: "https://emp.lbl.gov/news/grid-connection-backlog-grows-30-2023-dominated-requests-solar-wind-and-energy-storage",
      evidence: "secondary",
      note: "measured for generators and storage; used as a proxy for a large new load",
    },
  ],
};

/**
 * Default buyer's share of the vendor's output (`allocationShareRatio`): 0.05, stated once for the library, the
 * CLI (`aif supply --allocation-share`) and the planner (scenario `supply.allocationShareRatio`).
 *
 * Anchor: Omdia's estimate of NVIDIA's Q3 2023 data-centre GPU sales (reported by Tom's Hardware) puts the total
 * near 500,000 A100/H100, with Meta and Microsoft at about 150,000 each (0.3) and Google, Amazon, Oracle and
 * Tencent at about 50,000 each (0.1). 0.05 is half the smallest named hyperscaler allocation: a large buyer that
 * is not one of the six largest. It is an estimate, not a measured allocation; pass your own share (the range
 * runs from 0 to the 0.3 of the largest buyers, and 1 is the vendor's whole output, an upper bound).
 *
 * @example
 * ```ts
 * import { ALLOCATION_SHARE_DEFAULT } from "@aifactory/economics";
 * ALLOCATION_SHARE_DEFAULT.value; // 0.05
 * ```
 * @since 0.6.0
 * @category Supply
 */
export const ALLOCATION_SHARE_DEFAULT: CostDefault = {
  id: "allocation-share",
  label: "Buyer's share of the vendor's output (a large buyer outside the six largest)",
  value: 0.05,
  unit: "ratio",
  range: { min: 0, max: 0.3 },
  sources: [
    {
      title:
        "Nvidia sold half a million H100 AI GPUs in Q3 thanks to Meta, Facebook — lead times stretch up to 52 weeks: Report (Omdia estimates)",
      url: "https://www.tomshardware.com/tech-industry/nvidia-ai-and-hpc-gpu-sales-reportedly-approached-half-a-million-units-in-q3-thanks-to-meta-facebook",
      publisher: "Tom's Hardware",
      evidence: "secondary",
      note: "about 500,000 A100/H100 in Q3 2023; Meta and Microsoft about 150,000 each; Google, Amazon, Oracle, Tencent about 50,000 each",
    },
  ],
};
