import { formatSignificant } from "@aifactory/core";
import { planAcceleratorSupply, type SupplyPlan } from "@aifactory/economics";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { parseNumberOption, parseRatioOption } from "../options";
import { renderKeyValues, renderTable } from "../table";

interface SupplyFlags {
  gpu: string;
  gpus: string;
  start: string;
  powerMw?: string;
  allocationShare?: string;
}

function render(plan: SupplyPlan): string {
  const rows = plan.perQuarter.map((row) => ({
    quarter: row.quarter,
    cowosWafersPerMonth: Math.round(row.cowosWafersPerMonth),
    deliverable: row.deliverableUnits,
    cumulative: row.cumulativeUnits,
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
        plan.breakdown.requiredMW === undefined ? "n/a" : `${formatSignificant(plan.breakdown.requiredMW, 4)} MW`,
      ],
    ]),
    renderTable(rows),
    ...plan.warnings.map((w) => `warning: ${w}`),
  ].join("\n");
}

/**
 * Registers `aif supply --gpu <id> --gpus N --start 2027-Q1 [--power-mw P] [--allocation-share r]`: the
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
    .option("--allocation-share <r>", "your share of the vendor's output, 0..1 (default 1, an upper bound)")
    .action((flags: SupplyFlags) => {
      const plan = planAcceleratorSupply({
        acceleratorId: flags.gpu,
        acceleratorCount: parseNumberOption("--gpus", flags.gpus, { int: true, min: 1 }),
        startQuarter: flags.start,
        ...(flags.powerMw === undefined
          ? {}
          : { availableMW: parseNumberOption("--power-mw", flags.powerMw, { min: 0 }) }),
        ...(flags.allocationShare === undefined
          ? {}
          : { allocationShareRatio: parseRatioOption("--allocation-share", flags.allocationShare) }),
      });
      context.print(plan, () => render(plan));
    });
}
