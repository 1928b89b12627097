import { InvalidInputError, type Range, type Source } from "@aifactory/core";

/**
 * A sourced efficiency range of one stage of a data centre's power chain (grid to rack).
 *
 * @since 0.7.0
 * @category Site
 */
export interface PowerDistributionStage {
  id: "ups" | "transformer";
  name: string;
  /** Output power / input power, 0..1, across the sources. */
  efficiencyRatioRange: Range;
  notes: string[];
  sources: readonly Source[];
}

const STAGES: readonly PowerDistributionStage[] = [
  {
    id: "ups",
    name: "Uninterruptible power supply (online double conversion)",
    efficiencyRatioRange: { min: 0.92, max: 0.97 },
    notes: [
      "Online double-conversion inverter efficiency 92-97% (secondary compilation); efficiency falls at part load and UPSs in redundant (2N) designs run at or below 50% load (LBNL/CEC UPS study).",
      "Eco-mode (bypass) operation raises efficiency but few data centres use it (Kutsmeda 2015); it is not the default here.",
    ],
    sources: [
      {
        title: "UPS Double Conversion Loss and Inverter Efficiency Statistics",
        url: "https://inframetrichub.com/?p=2564",
        publisher: "InfraMetricHub",
        evidence: "secondary",
        note: "Inverter Efficiency Range: 92 percent to 97 percent",
      },
      {
        title:
          "High Performance Buildings: Data Centers, Uninterruptible Power Supplies (Ton and Fortenbury, LBNL/CEC PIER, 2005)",
        url: "http://www.scribd.com/doc/13404331/33/Efficiency-of-AC-and-DC-based-Systems",
        publisher: "Lawrence Berkeley National Laboratory / California Energy Commission",
        date: "2005-12",
        evidence: "secondary",
        note: "UPSs are more efficient at full than at part load and typically run at or below 50% in redundant designs",
      },
      {
        title: "Evaluating UPS system efficiency (Kutsmeda, Consulting-Specifying Engineer)",
        url: "https://www.csemag.com/articles/evaluating-ups-system-efficiency/",
        date: "2015-06-11",
        evidence: "secondary",
        note: "eco mode improves efficiency; few data centres use it because of the risk",
      },
    ],
  },
  {
    id: "transformer",
    name: "Low-voltage dry-type distribution transformer (three-phase, DOE minimum since 2016)",
    efficiencyRatioRange: { min: 0.9914, max: 0.9928 },
    notes: [
      "DOE minimum efficiency at 35% per-unit load: 99.14% at 500 kVA, 99.28% at 1000 kVA (three-phase, manufactured from 2016). Real units may do better; one transformer stage is modelled.",
    ],
    sources: [
      {
        title: "10 CFR 431.196 Energy conservation standards for distribution transformers, (a)(2) Table 2",
        url: "https://self-law.org/code/us/cfr/t10/s%C2%A7%20431.196",
        publisher: "U.S. Department of Energy (eCFR, research copy)",
        locator: "(a)(2) low-voltage dry-type, three-phase: 500 kVA 99.14, 1000 kVA 99.28",
        evidence: "verified",
      },
    ],
  },
];

/**
 * The power-chain stages with their sourced efficiency ranges (UPS, transformer).
 *
 * @returns the stages
 * @example
 * ```ts
 * import { listPowerDistributionStages } from "@aifactory/energy";
 * listPowerDistributionStages().map((stage) => stage.id); // ["ups", "transformer"]
 * ```
 * @since 0.7.0
 * @category Site
 */
export function listPowerDistributionStages(): readonly PowerDistributionStage[] {
  return STAGES;
}

/**
 * Power-distribution losses between the grid and the IT load.
 *
 * @since 0.7.0
 * @category Site
 */
export interface DistributionLosses {
  upsEfficiencyRatio: number;
  transformerEfficiencyRatio: number;
  /** Product of the stage efficiencies. */
  chainEfficiencyRatio: number;
  /** Loss per watt of IT load: `1 / chain - 1`. */
  lossWattsPerItWatt: number;
  basis: string[];
}

/**
 * Power-distribution losses per watt of IT load, `1 / (ups x transformer) - 1`. The defaults are the midpoints of
 * the sourced ranges. These losses are part of the facility overhead a PUE already counts (PUE = facility / IT),
 * so a site model splits the PUE overhead into distribution and cooling rather than adding them twice.
 *
 * @param overrides - UPS and transformer efficiencies (0..1) to use instead of the defaults
 * @returns the chain efficiency and loss per IT watt
 * @throws InvalidInputError for an efficiency outside (0, 1]
 * @example
 * ```ts
 * import { distributionLosses } from "@aifactory/energy";
 * const losses = distributionLosses({ upsEfficiencyRatio: 0.95, transformerEfficiencyRatio: 0.99 });
 * Math.round(losses.lossWattsPerItWatt * 1000) / 1000; // 0.063
 * ```
 * @since 0.7.0
 * @category Site
 */
export function distributionLosses(
  overrides: { upsEfficiencyRatio?: number; transformerEfficiencyRatio?: number } = {},
): DistributionLosses {
  const mid = (range: Range) => (range.min + range.max) / 2;
  const [ups, transformer] = STAGES as [PowerDistributionStage, PowerDistributionStage];
  const upsRatio = overrides.upsEfficiencyRatio ?? Math.round(mid(ups.efficiencyRatioRange) * 1e6) / 1e6;
  const transformerRatio =
    overrides.transformerEfficiencyRatio ?? Math.round(mid(transformer.efficiencyRatioRange) * 1e6) / 1e6;
  for (const [path, value] of [
    ["upsEfficiencyRatio", upsRatio],
    ["transformerEfficiencyRatio", transformerRatio],
  ] as const) {
    if (!(Number.isFinite(value) && value > 0 && value <= 1)) {
      throw new InvalidInputError("site", [
        {
          path,
          message: "must be an efficiency in (0, 1]",
          received: value,
          hint: "e.g. 0.95 for a 95% efficient UPS",
        },
      ]);
    }
  }
  const chain = upsRatio * transformerRatio;
  return {
    upsEfficiencyRatio: upsRatio,
    transformerEfficiencyRatio: transformerRatio,
    chainEfficiencyRatio: chain,
    lossWattsPerItWatt: 1 / chain - 1,
    basis: [
      overrides.upsEfficiencyRatio !== undefined
        ? `UPS efficiency ${upsRatio} given`
        : `UPS efficiency ${upsRatio}: midpoint of the sourced 0.92-0.97 range`,
      overrides.transformerEfficiencyRatio !== undefined
        ? `transformer efficiency ${transformerRatio} given`
        : `transformer efficiency ${transformerRatio}: midpoint of the DOE minimum 0.9914-0.9928`,
    ],
  };
}
