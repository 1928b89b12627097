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
  techPowerUpCowos2024: {
    title: "TSMC CoWoS Capacity Doubles for Two Years, Still Insufficient: TrendForce",
    url: "https://www.techpowerup.com/327919/tsmc-cowos-capacity-doubles-for-two-years-still-insufficient-trendforce",
    publisher: "TechPowerUp",
    date: "2024-10-21",
    evidence: "secondary",
    note: "reports TSMC's Q3 2024 earnings call (CoWoS capacity doubles in 2024 and 2025) and MoneyDJ's supply-chain figures",
  },
  smbomCowosSemiwiki2025: {
    title: "SMBOM news: TSMC CoWoS capacity expansion (SemiWiki and TrendForce forecasts for 2025-2026)",
    url: "https://www.smbom.com/news/15629",
    publisher: "SMBOM",
    evidence: "secondary",
    note: "summarises a SemiWiki forecast and TrendForce's November 2024 report; the SemiWiki original was not located, so the figures are read second-hand",
  },
  trendforceCowosDec2025: {
    title: "[News] TSMC's CoWoS-L/ S Reportedly Fully Booked, OSAT Partners Step up with ASE's CoWoP in Focus",
    url: "https://www.trendforce.com/news/2025/12/08/news-tsmcs-cowos-l-s-reportedly-fully-booked-osat-partners-step-up-with-ases-cowop-in-focus",
    publisher: "TrendForce",
    date: "2025-12-08",
    evidence: "secondary",
    note: "TrendForce News citing Commercial Times and Economic Daily News industry estimates",
  },
  morganStanleyCowosOct2024: {
    title:
      "What determines the direction of chip stocks? ... who has received Taiwan Semiconductor's production capacity (Morgan Stanley report of 2024-10-23)",
    url: "https://mini-app.lbkrs.com/news/217854993",
    publisher: "Longbridge (Wallstreetcn)",
    date: "2024-10",
    evidence: "secondary",
    note: "press summary of a Morgan Stanley research note (Charlie Chan, Daniel Yen); the note itself is not public",
  },
} as const satisfies Record<string, Source>;
