import { formatWatts } from "@aifactory/core";
import { ALLOCATION_SHARE_DEFAULT, planAcceleratorSupply, type SupplyPlan } from "@aifactory/economics";
import { DEFAULT_PUE_BY_COOLING, defaultAcceleratorPue } from "@aifactory/energy";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { SUPPLY_FLAG_NAMES, withFlagNames } from "../flag-names";
import { parseNumberOption, parseRatioOption } from "../options";
import { renderAssumptions, renderKeyValues, renderTable } from "../table";

interface SupplyFlags {
  gpu: string;
  gpus: string;
  start: string;
  powerMw?: string;
  allocationShare?: string;
  pue?: string;
}

function render(plan: SupplyPlan): string {
  const count = (value: number) => Math.round(value).toLocaleString("en-US");
  const rows = plan.perQuarter.map((row) => ({
    quarter: row.quarter,
    cowos: count(row.cowosWafersPerMonth),
    deliverable: count(row.deliverableUnits),
    cumulative: count(row.cumulativeUnits),
    binding: row.bindingConstraint,
  }));
  return [
    renderKeyValues([
      ["earliest online quarter", plan.earliestOnlineQuarter ?? "not within the horizon"],
      ["binding constraint", plan.bindingConstraint],
      ["supplied by", plan.suppliedQuarter ?? "not within the horizon"],
      ["power ready", plan.powerReadyQuarter],
      [
        "required power",
        plan.breakdown.requiredPowerMW === undefined ? "n/a" : formatWatts(plan.breakdown.requiredPowerMW * 1e6),
      ],
    ]),
    renderTable(rows, [
      { key: "quarter" },
      { key: "cowos", header: "CoWoS wafers/month", align: "right" },
      { key: "deliverable", header: "deliverable units", align: "right" },
      { key: "cumulative", header: "cumulative units", align: "right" },
      { key: "binding", header: "binding constraint" },
    ]),
    ...renderAssumptions(plan.assumptions, plan.warnings),
  ].join("\n");
}

/**
 * Registers `aif supply --gpu <id> --gpus N --start 2027-Q1 [--power-mw P] [--allocation-share r] [--pue p]`: the
 * supply-chain and power plan from `@aifactory/economics`'s `planAcceleratorSupply`; prints
 * `earliestOnlineQuarter`, `bindingConstraint` and `perQuarter` (plus breakdown, assumptions and warnings).
 * `--power-mw` is the facility power available at the site at the start.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif supply --gpu nvidia-h100-sxm --gpus 100000 --start 2027-Q1 --power-mw 150 --allocation-share 0.05 --json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerSupplyCommands(program: Command, context: CliContext): void {
  program
    .command("supply")
    .description("when can a cluster be online: CoWoS, HBM, logic wafers, interconnection and transformers")
    .requiredOption("--gpu <id>", "catalog accelerator id, e.g. nvidia-h100-sxm")
    .requiredOption("--gpus <n>", "number of accelerators")
    .requiredOption("--start <quarter>", "first quarter of supply, e.g. 2027-Q1")
    .option("--power-mw <p>", "facility power available at the site, MW (default: not checked)")
    .option(
      "--allocation-share <r>",
      `your share of the vendor's output, 0..1 (default ${ALLOCATION_SHARE_DEFAULT.value}: ${ALLOCATION_SHARE_DEFAULT.label}; 1 is an upper bound)`,
    )
    .option(
      "--pue <p>",
      `facility PUE for the required power (default by the catalog system's cooling, as aif energy: air ${DEFAULT_PUE_BY_COOLING.air}, liquid ${DEFAULT_PUE_BY_COOLING.liquid})`,
    )
    .action((flags: SupplyFlags) => {
      const packs = context.catalog;
      const pueDefault =
        flags.pue === undefined ? defaultAcceleratorPue(flags.gpu, undefined, packs?.hardware) : undefined;
      const pue = pueDefault?.pue ?? parseNumberOption("--pue", flags.pue as string, { min: 1 });
      const input = {
        acceleratorId: flags.gpu,
        acceleratorCount: parseNumberOption("--gpus", flags.gpus, { int: true, min: 1 }),
        startQuarter: flags.start,
        ...(flags.powerMw === undefined
          ? {}
          : { availablePowerMW: parseNumberOption("--power-mw", flags.powerMw, { min: 0 }) }),
        ...(flags.allocationShare === undefined
          ? {}
          : { allocationShareRatio: parseRatioOption("--allocation-share", flags.allocationShare) }),
        pue,
      };
      const computed = withFlagNames(SUPPLY_FLAG_NAMES, () =>
        planAcceleratorSupply(
          input,
          packs === undefined ? {} : { catalog: packs.hardware, billsOfMaterials: packs.billsOfMaterials },
        ),
      );
      const plan = {
        ...computed,
        assumptions: [
          ...computed.assumptions,
          {
            name: "pue",
            value: pue,
            unit: "ratio",
            ...(pueDefault === undefined
              ? { basis: "given" as const, text: "--pue" }
              : { basis: "default" as const, text: pueDefault.text }),
          },
        ],
      };
      context.print(plan, () => render(plan));
    });
}
