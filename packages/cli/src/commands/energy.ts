import {
  assertFiniteResult,
  formatCo2eKg,
  formatEnergyKwh,
  formatLiters,
  formatSignificant,
  formatWatts,
  InvalidInputError,
} from "@aifactory/core";
import {
  DEFAULT_PUE_BY_COOLING,
  type EnergyEstimate,
  type EnergyEstimateInput,
  estimateAcceleratorEnergy,
  estimateEnergy,
} from "@aifactory/energy";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { ENERGY_FLAG_NAMES, withFlagNames } from "../flag-names";
import { parseNumberOption, parseRatioOption } from "../options";
import { assumptionBasis, renderAssumptions, renderKeyValues } from "../table";

interface EnergyFlags {
  gpu?: string;
  gpus?: string;
  chips?: string;
  avgPowerWatts?: string;
  hours: string;
  utilization?: string;
  pue?: string;
  grid?: string;
  region?: string;
  gridKgPerKwh?: string;
  includeHost?: boolean;
  embodied?: boolean;
}

function usageProblem(message: string): InvalidInputError {
  return new InvalidInputError("energy options", [
    {
      path: "--gpu/--chips",
      message,
      hint: "give either --gpu <id> --gpus N, or --chips N --avg-power-watts W",
    },
  ]);
}

function render(result: EnergyEstimate): string {
  const pue = result.assumptions.find((a) => a.name === "pue");
  const lines = renderKeyValues([
    ["facility energy", formatEnergyKwh(result.energyMWh * 1000)],
    ["IT energy", formatEnergyKwh(result.itEnergyMWh * 1000)],
    ["PUE", pue === undefined ? "n/a" : `${formatSignificant(Number(pue.value), 3)} (${assumptionBasis(pue)})`],
    ["IT power per accelerator", formatWatts(result.itPowerWattsPerAccelerator)],
    ["CO2e operational", formatCo2eKg(result.co2eTonnes.operational * 1000)],
    ["CO2e embodied", formatCo2eKg(result.co2eTonnes.embodied * 1000)],
    ["CO2e total", formatCo2eKg(result.co2eTonnes.total * 1000)],
    ["grid intensity", `${formatSignificant(result.gridKgCo2ePerKWh, 3)} kgCO2e/kWh`],
    ["water", formatLiters(result.waterLiters)],
  ]);
  return [lines, ...renderAssumptions(result.assumptions, result.warnings)].join("\n");
}

/**
 * Registers `aif energy`: energy, carbon and water of a usage of accelerators.
 *
 * `aif energy (--gpu <id> --gpus N | --chips N --avg-power-watts W) --hours H [--utilization r] [--pue p]
 * [--grid <region-id> | --region <region-id> | --grid-kg-per-kwh x] [--include-host] [--embodied]` prints `energyMWh` (facility),
 * `itEnergyMWh`, `co2eTonnes: { operational, embodied, total }`, `waterLiters`, `breakdown`, `assumptions`
 * and `warnings` (from `@aifactory/energy`'s `estimateEnergy`).
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif energy --gpu nvidia-h100-sxm --gpus 1024 --hours 720 --utilization 0.9 --grid us-va --include-host --embodied --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerEnergyCommands(program: Command, context: CliContext): void {
  program
    .command("energy")
    .description("energy (MWh), carbon (tCO2e, operational + embodied) and water of an accelerator usage")
    .option("--gpu <id>", "catalog accelerator id, e.g. nvidia-h100-sxm (TDP and system power from the catalog)")
    .option("--gpus <n>", "number of accelerators (with --gpu)")
    .option("--chips <n>", "number of chips, with a measured --avg-power-watts instead of a catalog device")
    .option("--avg-power-watts <w>", "measured average power per accelerator or chip, W")
    .requiredOption("--hours <h>", "hours of use")
    .option(
      "--utilization <r>",
      "busy share of the accelerators, 0..1 (idle-to-TDP curve; default: TDP, an upper bound)",
    )
    .option(
      "--pue <p>",
      `facility PUE (default by the catalog system's cooling: air ${DEFAULT_PUE_BY_COOLING.air}, liquid ${DEFAULT_PUE_BY_COOLING.liquid}; --chips: air)`,
    )
    .option("--grid <region-id>", "grid region for carbon, e.g. us, us-va, fr, de, no, world (default world)")
    .option("--region <region-id>", "the same as --grid (the name aif site and aif fleet use)")
    .option("--grid-kg-per-kwh <x>", "grid carbon intensity in kgCO2e/kWh instead of a region")
    .option("--include-host", "add the host share of the system's power (CPUs, memory, NICs, fans)")
    .option("--embodied", "add embodied (manufacturing) carbon, amortised over the service life")
    .action((flags: EnergyFlags) => {
      if (flags.gpu !== undefined && flags.chips !== undefined)
        throw usageProblem("--gpu and --chips exclude each other");
      if (flags.gpu === undefined && flags.chips === undefined) throw usageProblem("give --gpu or --chips");
      if (flags.grid !== undefined && flags.region !== undefined) {
        throw new InvalidInputError("energy options", [
          { path: "--region", message: "--grid and --region are the same option", hint: "give one of them" },
        ]);
      }
      const regionFlag = flags.region === undefined ? "--grid" : "--region";
      const regionId = flags.grid ?? flags.region;
      if (regionId !== undefined && flags.gridKgPerKwh !== undefined) {
        throw new InvalidInputError("energy options", [
          {
            path: regionFlag,
            message: `${regionFlag} and --grid-kg-per-kwh exclude each other`,
            hint: "give one of them",
          },
        ]);
      }
      const flagNames = { ...ENERGY_FLAG_NAMES, "grid.regionId": regionFlag };
      const hours = parseNumberOption("--hours", flags.hours, { min: Number.MIN_VALUE });
      const common: Omit<EnergyEstimateInput, "acceleratorCount"> = {
        hours,
        ...(flags.utilization === undefined
          ? {}
          : { utilizationRatio: parseRatioOption("--utilization", flags.utilization) }),
        ...(flags.avgPowerWatts === undefined
          ? {}
          : {
              averagePowerWatts: parseNumberOption("--avg-power-watts", flags.avgPowerWatts, { min: Number.MIN_VALUE }),
            }),
        ...(flags.pue === undefined ? {} : { pue: parseNumberOption("--pue", flags.pue, { min: 1 }) }),
        grid:
          flags.gridKgPerKwh !== undefined
            ? { kgCo2ePerKWh: parseNumberOption("--grid-kg-per-kwh", flags.gridKgPerKwh, { min: 0 }) }
            : regionId !== undefined
              ? { regionId }
              : {},
        includeHost: flags.includeHost === true,
        embodied: { include: flags.embodied === true },
      };
      let result: EnergyEstimate;
      if (flags.gpu !== undefined) {
        if (flags.gpus === undefined) throw usageProblem("--gpu needs --gpus N");
        const acceleratorCount = parseNumberOption("--gpus", flags.gpus, { int: true, min: 1 });
        result = withFlagNames(flagNames, () =>
          estimateAcceleratorEnergy(
            { ...common, acceleratorId: flags.gpu as string, acceleratorCount },
            {
              ...(context.catalog === undefined
                ? {}
                : {
                    catalog: context.catalog.hardware,
                    gridRegions: context.catalog.gridRegions,
                    embodiedCarbonProfiles: context.catalog.embodiedCarbonProfiles,
                  }),
            },
          ),
        );
      } else {
        if (flags.avgPowerWatts === undefined) throw usageProblem("--chips needs --avg-power-watts W");
        const acceleratorCount = parseNumberOption("--chips", flags.chips!, { int: true, min: 1 });
        result = withFlagNames({ ...flagNames, acceleratorCount: "--chips" }, () =>
          estimateEnergy(
            { ...common, acceleratorCount },
            context.catalog === undefined ? {} : { gridRegions: context.catalog.gridRegions },
          ),
        );
      }
      context.print(assertFiniteResult(result, "energy estimate"), () => render(result));
    });
}
