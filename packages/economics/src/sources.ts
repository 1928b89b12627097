import type { Source } from "@aifactory/core";

/**
 * Citations shared by several catalog entries of this package.
 *
 * @example
 * ```ts
 * import { ECONOMICS_SOURCES } from "@aifactory/economics";
 * ECONOMICS_SOURCES.cbreH2of2024.title;
 * ```
 * @since 0.1.0
 * @category Sources
 */
export const ECONOMICS_SOURCES = {
  epochHardwarePrices: {
    title: "Epoch AI 'Hardware prices.csv' (each row cites an archived vendor page)",
    url: "https://github.com/epoch-research/training-cost-trends/blob/263c40a159307e917213d1dc433c617e47d55bfe/data/Hardware%20prices.csv",
    publisher: "Epoch AI",
    evidence: "verified",
  },
  epochAnnualPrices: {
    title: "Epoch AI ai-chip-counts 'Nvidia annual prices.csv'",
    url: "https://github.com/epoch-research/ai-chip-counts/blob/d1b1bc311479ed385befa400e94533afc8b59fb7/data_inputs/Nvidia%20annual%20prices.csv",
    publisher: "Epoch AI",
    evidence: "verified",
  },
  epochCostModel: {
    title: "Epoch AI training-cost-trends cost_analysis_standalone.py",
    url: "https://github.com/epoch-research/training-cost-trends/blob/263c40a159307e917213d1dc433c617e47d55bfe/cost_analysis_standalone.py",
    publisher: "Epoch AI",
    evidence: "verified",
  },
  eiaElectricPowerAnnual: {
    title: "US EIA Electric Power Annual (2023 data), average price of electricity by state and sector",
    url: "https://www.eia.gov/electricity/annual/",
    publisher: "U.S. Energy Information Administration",
    evidence: "verified",
  },
  cushmanCostGuide2025: {
    title: "Cushman & Wakefield, Data Center Development Cost Guide 2025",
    url: "https://cushwake.cld.bz/Data-Center-Development-Cost-Guide-2025/8-9",
    publisher: "Cushman & Wakefield",
    date: "2025",
    locator: "Construction costs by market (19 U.S. markets)",
    evidence: "verified",
  },
  cbreH2of2024: {
    title: "CBRE, North America Data Center Trends H2 2024",
    url: "https://www.cbre.com/insights/reports/north-america-data-center-trends-h2-2024",
    publisher: "CBRE",
    date: "2025-02-26",
    locator: "State of the market: average monthly asking rate, 250-500 kW, primary markets",
    evidence: "verified",
  },
  awsCapacityBlocksPricing: {
    title: "Amazon EC2 Capacity Blocks for ML pricing (reservation rates, scheduled to change on 2025-01-01)",
    url: "https://aws.amazon.com/ec2/capacityblocks/pricing/",
    publisher: "Amazon Web Services",
    date: "2024-12",
    locator: "Pricing Tables: effective instance and accelerator hourly rates",
    evidence: "secondary",
    note: "read from a mirrored copy of the AWS page; rates change with supply and demand",
  },
  /**
   * @deprecated Not a public document: an internal research note. Still referenced by TCO and supply defaults
   * that have not yet been moved to the public sources it summarises; do not cite it in new entries.
   */
  energyAnchors: {
    title: "energy-anchors.md research report (aifactory shared reference, 2026-11-25)",
    evidence: "secondary",
  },
} as const satisfies Record<string, Source>;
