import { operationalCo2eTonnes } from "../carbon/operational-carbon";
import { estimateEnergy } from "../estimate/estimate-energy";
import { ENERGY_SOURCES } from "../sources";

/**
 * One row of Patterson et al. 2021, Table 4: the published inputs (chips, training days, measured average
 * system power per chip including host share, PUE, the datacenter's net grid intensity) and outputs (MWh,
 * tCO2e).
 *
 * @example
 * ```ts
 * import { PATTERSON_2021_TABLE_4, type Patterson2021Row } from "@aifactory/energy";
 * const rows: readonly Patterson2021Row[] = PATTERSON_2021_TABLE_4;
 * ```
 * @since 0.1.0
 * @category Validation
 */
export interface Patterson2021Row {
  id: string;
  model: string;
  processor: string;
  chipCount: number;
  trainingDays: number;
  avgSystemPowerWattsPerChip: number;
  pue: number;
  gridKgCo2ePerKWh: number;
  energyMWh: number;
  tCo2e: number;
}

/**
 * Patterson et al. 2021, Table 4 (T5, Meena, GShard-600B, Switch Transformer, GPT-3), as published
 * (cross-checked against LLMCarbon's transcription).
 *
 * @example
 * ```ts
 * import { PATTERSON_2021_TABLE_4 } from "@aifactory/energy";
 * PATTERSON_2021_TABLE_4.map((row) => `${row.model}: ${row.energyMWh} MWh`);
 * ```
 * @since 0.1.0
 * @category Validation
 */
export const PATTERSON_2021_TABLE_4: readonly Patterson2021Row[] = [
  {
    id: "t5",
    model: "T5",
    processor: "TPUv3",
    chipCount: 512,
    trainingDays: 20,
    avgSystemPowerWattsPerChip: 310,
    pue: 1.12,
    gridKgCo2ePerKWh: 0.545,
    energyMWh: 85.7,
    tCo2e: 46.7,
  },
  {
    id: "meena",
    model: "Meena",
    processor: "TPUv3",
    chipCount: 1024,
    trainingDays: 30,
    avgSystemPowerWattsPerChip: 289,
    pue: 1.09,
    gridKgCo2ePerKWh: 0.415,
    energyMWh: 232,
    tCo2e: 96.4,
  },
  {
    id: "gshard-600b",
    model: "GShard-600B",
    processor: "TPUv3",
    chipCount: 1024,
    trainingDays: 3.1,
    avgSystemPowerWattsPerChip: 288,
    pue: 1.09,
    gridKgCo2ePerKWh: 0.177,
    energyMWh: 24.1,
    tCo2e: 4.3,
  },
  {
    id: "switch-transformer",
    model: "Switch Transformer",
    processor: "TPUv3",
    chipCount: 1024,
    trainingDays: 27,
    avgSystemPowerWattsPerChip: 245,
    pue: 1.1,
    gridKgCo2ePerKWh: 0.33,
    energyMWh: 179,
    tCo2e: 59.1,
  },
  {
    id: "gpt-3",
    model: "GPT-3",
    processor: "V100",
    chipCount: 10000,
    trainingDays: 14.8,
    avgSystemPowerWattsPerChip: 330,
    pue: 1.1,
    gridKgCo2ePerKWh: 0.429,
    energyMWh: 1287,
    tCo2e: 552.1,
  },
];

/**
 * One validation row: published vs predicted, signed error in percent.
 *
 * @example
 * ```ts
 * import { validatePatterson2021, type Patterson2021Validation } from "@aifactory/energy";
 * const rows: Patterson2021Validation[] = validatePatterson2021();
 * ```
 * @since 0.1.0
 * @category Validation
 */
export interface Patterson2021Validation {
  id: string;
  model: string;
  publishedEnergyMWh: number;
  predictedEnergyMWh: number;
  energyErrorPercent: number;
  publishedCo2eTonnes: number;
  /** The table's own carbon arithmetic: published MWh x published intensity. */
  predictedCo2eTonnes: number;
  co2eErrorPercent: number;
  /** Carbon from the predicted energy (compounds the energy error with the rounding of the published tCO2e). */
  chainedCo2eTonnes: number;
  chainedCo2eErrorPercent: number;
}

/**
 * Reproduces Patterson et al. 2021 Table 4 from its own inputs with {@link estimateEnergy}: energy from chips x
 * hours x measured average system power x PUE; carbon as the table computes it, published MWh x net grid
 * intensity, and also chained from the predicted energy. No per-row constant is fitted.
 *
 * @returns one row per model
 * @example
 * ```ts
 * import { validatePatterson2021 } from "@aifactory/energy";
 * const worst = Math.max(...validatePatterson2021().map((row) => Math.abs(row.energyErrorPercent)));
 * worst < 1; // true (GShard: -0.76 %, from the table's rounded inputs)
 * ```
 * @since 0.1.0
 * @category Validation
 */
export function validatePatterson2021(): Patterson2021Validation[] {
  return PATTERSON_2021_TABLE_4.map((row) => {
    const estimate = estimateEnergy({
      acceleratorCount: row.chipCount,
      hours: row.trainingDays * 24,
      averagePowerWatts: row.avgSystemPowerWattsPerChip,
      averagePowerIncludesHost: true,
      pue: row.pue,
      grid: { kgCo2ePerKWh: row.gridKgCo2ePerKWh },
    });
    const predictedCo2eTonnes = operationalCo2eTonnes(row.energyMWh, row.gridKgCo2ePerKWh);
    return {
      id: row.id,
      model: row.model,
      publishedEnergyMWh: row.energyMWh,
      predictedEnergyMWh: estimate.energyMWh,
      energyErrorPercent: percentError(estimate.energyMWh, row.energyMWh),
      publishedCo2eTonnes: row.tCo2e,
      predictedCo2eTonnes,
      co2eErrorPercent: percentError(predictedCo2eTonnes, row.tCo2e),
      chainedCo2eTonnes: estimate.co2eTonnes.operational,
      chainedCo2eErrorPercent: percentError(estimate.co2eTonnes.operational, row.tCo2e),
    };
  });
}

/**
 * The source of {@link PATTERSON_2021_TABLE_4}.
 *
 * @example
 * ```ts
 * import { PATTERSON_2021_SOURCE } from "@aifactory/energy";
 * PATTERSON_2021_SOURCE.url; // "https://arxiv.org/abs/2104.10350"
 * ```
 * @since 0.1.0
 * @category Validation
 */
export const PATTERSON_2021_SOURCE = ENERGY_SOURCES.patterson2021;

function percentError(predicted: number, published: number): number {
  return ((predicted - published) / published) * 100;
}
