import { assertFiniteResult, formatSignificant, formatUsd, formatWatts } from "@aifactory/core";
import { computeAcceleratorTco, type TcoResult } from "@aifactory/economics";
import { DEFAULT_PUE_BY_COOLING, defaultAcceleratorPue } from "@aifactory/energy";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { TCO_FLAG_NAMES, withFlagNames } from "../flag-names";
import { parseNumberOption, parseRatioOption } from "../options";
import { assumptionBasis, renderAssumptions, renderKeyValues } from "../table";

interface TcoFlags {
  gpu: string;
  gpus: string;
  years: string;
  electricityUsdPerKwh?: string;
  pue?: string;
  utilization?: string;
  priceUsd?: string;
}

function render(result: TcoResult): string {
  const usd = (value: number) => formatUsd(value);
  const pue = result.assumptions.find((a) => a.name === "pue");
  const lines = renderKeyValues([
    ["capex", usd(result.capexUsd)],
    ["opex per year", usd(result.opexUsdPerYear)],
    ["capital charge per year", usd(result.capitalChargeUsdPerYear)],
    ["cost per GPU-hour", usd(result.costPerGpuHourUsd)],
    ["cost per useful GPU-hour", usd(result.costPerUsefulGpuHourUsd)],
    ["cost over life", `${usd(result.costOverLifeUsd)} (${result.depreciationYears} years)`],
    ["facility power", formatWatts(result.breakdown.facilityPowerMW * 1e6)],
    ["PUE", pue === undefined ? "n/a" : `${formatSignificant(Number(pue.value), 3)} (${assumptionBasis(pue)})`],
  ]);
  return [lines, ...renderAssumptions(result.assumptions, result.warnings)].join("\n");
}

/**
 * Registers `aif tco --gpu <id> --gpus N --years Y [--electricity-usd-per-kwh x] [--pue p] [--utilization r]
 * [--price-usd x]`: total cost of ownership from `@aifactory/economics`'s `computeAcceleratorTco`; prints
 * `capexUsd`, `opexUsdPerYear`, `costPerGpuHourUsd` and `breakdown` (plus assumptions and warnings).
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif tco --gpu nvidia-h100-sxm --gpus 1024 --years 5 --electricity-usd-per-kwh 0.08 --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerTcoCommands(program: Command, context: CliContext): void {
  program
    .command("tco")
    .description("total cost of ownership: capex, opex and cost per GPU-hour")
    .requiredOption("--gpu <id>", "catalog accelerator id, e.g. nvidia-h100-sxm")
    .requiredOption("--gpus <n>", "number of accelerators")
    .requiredOption("--years <y>", "depreciation life, years")
    .option("--electricity-usd-per-kwh <x>", "electricity price (default: latest U.S. industrial average)")
    .option(
      "--pue <p>",
      `facility PUE (default by the catalog system's cooling, as aif energy: air ${DEFAULT_PUE_BY_COOLING.air}, liquid ${DEFAULT_PUE_BY_COOLING.liquid})`,
    )
    .option("--utilization <r>", "useful share of hours, 0..1 (default 1)")
    .option("--price-usd <x>", "price per accelerator, chip only (default: catalog price, or a --pack's)")
    .action((flags: TcoFlags) => {
      const utilization =
        flags.utilization === undefined ? undefined : parseRatioOption("--utilization", flags.utilization);
      // The same default PUE as `aif energy` (the system's cooling), said in the assumptions.
      const packs = context.catalog;
      const pueDefault =
        flags.pue === undefined ? defaultAcceleratorPue(flags.gpu, undefined, packs?.hardware) : undefined;
      const input = {
        acceleratorId: flags.gpu,
        acceleratorCount: parseNumberOption("--gpus", flags.gpus, { int: true, min: 1 }),
        depreciationYears: parseNumberOption("--years", flags.years, { min: Number.MIN_VALUE }),
        ...(flags.electricityUsdPerKwh === undefined
          ? {}
          : {
              electricityUsdPerKWh: parseNumberOption("--electricity-usd-per-kwh", flags.electricityUsdPerKwh, {
                min: 0,
              }),
            }),
        pue: pueDefault?.pue ?? parseNumberOption("--pue", flags.pue as string, { min: 1 }),
        ...(utilization === undefined ? {} : { utilizationRatio: Math.max(utilization, Number.MIN_VALUE) }),
        ...(flags.priceUsd === undefined
          ? {}
          : {
              acceleratorPriceUsd: parseNumberOption("--price-usd", flags.priceUsd, { min: Number.MIN_VALUE }),
              priceScope: "chip" as const,
            }),
      };
      const computed = withFlagNames(TCO_FLAG_NAMES, () =>
        computeAcceleratorTco(input, packs === undefined ? {} : { catalog: packs.hardware, prices: packs.prices }),
      );
      const pueAssumption = {
        name: "pue",
        value: input.pue,
        unit: "ratio",
        ...(pueDefault === undefined
          ? { basis: "given" as const, text: "--pue" }
          : { basis: "default" as const, text: pueDefault.text }),
      };
      const result = {
        ...computed,
        assumptions: [...computed.assumptions.filter((a) => a.name !== "pue"), pueAssumption],
      };
      context.print(assertFiniteResult(result, "TCO"), () => render(result));
    });
}
