import { finiteNonNegative, finitePositive, parseInput, positiveInt, ratio } from "@aifactory/core";
import { z } from "zod";
import type { Assumption } from "../assumption";
import { billOfMaterialsSchema, grossDiesPerWafer } from "./bill-of-materials";
import { type Quarter, quarterFromIndex, quarterIndex } from "./quarter";
import {
  ALLOCATION_SHARE_DEFAULT,
  COWOS_CAPACITY_POINTS,
  defaultCowosWafersPerMonth,
  INTERCONNECTION_LEAD_TIME,
  TRANSFORMER_LEAD_TIME,
} from "./supply-defaults";

/**
 * Units a capacity yields in a quarter: the product of its factors, 0 when any factor is 0 (no share of an
 * unbounded capacity is nothing, not NaN), and at most 2^53 - 1 (more than any order; capacities near 1e308
 * would otherwise overflow to Infinity: fuzz suite, #22).
 */
function unitsOf(...factors: number[]): number {
  if (factors.some((factor) => factor === 0)) return 0;
  let product = 1;
  for (const factor of factors) product *= factor;
  return Math.min(product, Number.MAX_SAFE_INTEGER);
}

/**
 * What limits a quarter's deliveries or the online date.
 *
 * @example
 * ```ts
 * import type { SupplyConstraint } from "@aifactory/economics";
 * const constraint: SupplyConstraint = "cowos";
 * ```
 * @since 0.1.0
 * @category Supply
 */
export type SupplyConstraint = "cowos" | "hbm" | "logic-wafers" | "interconnection" | "transformers";

/**
 * Default logic-die yield: ACT's default fab yield (0.875), used when a logic-wafer capacity is given.
 *
 * @example
 * ```ts
 * import { DEFAULT_DIE_YIELD_RATIO } from "@aifactory/economics";
 * DEFAULT_DIE_YIELD_RATIO; // 0.875
 * ```
 * @since 0.1.0
 * @category Supply
 */
export const DEFAULT_DIE_YIELD_RATIO = 0.875;

/**
 * Input of {@link planSupply}. Every capacity is an input; defaults are the sourced figures in
 * `supply-defaults` and are listed in the result's assumptions.
 *
 * @example
 * ```ts
 * import { supplyPlanInputSchema } from "@aifactory/economics";
 * supplyPlanInputSchema.parse({
 *   bom: { acceleratorId: "x", logicDieCount: 1, hbmStacks: 6, packaging: "cowos-s", packagesPerCowosWafer: 29, sources: [{ title: "Example", evidence: "estimate" }] },
 *   acceleratorCount: 100000,
 *   startQuarter: "2027-Q1",
 *   vendorShareOfCowosRatio: 0.6,
 * });
 * ```
 * @since 0.1.0
 * @category Supply
 */
export const supplyPlanInputSchema = z
  .object({
    bom: billOfMaterialsSchema,
    acceleratorCount: positiveInt,
    startQuarter: z.string().regex(/^\d{4}-Q[1-4]$/, { message: "must be YYYY-Qn, e.g. 2027-Q1" }),
    /** The vendor's share of CoWoS capacity (NVIDIA 2025: 0.615). */
    vendorShareOfCowosRatio: ratio,
    /** The buyer's share of the vendor's output (default {@link ALLOCATION_SHARE_DEFAULT}, 0.05; 1 is the whole output, an upper bound). */
    allocationShareRatio: ratio.default(ALLOCATION_SHARE_DEFAULT.value),
    /** CoWoS wafers per month, by quarter (`{"2027-Q1": 120000}`); missing quarters use the sourced default schedule. */
    cowosWafersPerMonthByQuarter: z.record(z.string(), finiteNonNegative).default({}),
    /** Packaging yield applied to packages per wafer (default 1). */
    packagingYieldRatio: ratio.default(1),
    /** HBM stacks per quarter available to the vendor for this product (no default: unconstrained when absent). */
    hbmStacksPerQuarter: finiteNonNegative.optional(),
    /** Logic wafers per month for this product (no default: unconstrained when absent); needs the die area. */
    logicWafersPerMonth: finiteNonNegative.optional(),
    /** Logic die yield (default 0.875, ACT). */
    dieYieldRatio: ratio.default(DEFAULT_DIE_YIELD_RATIO),
    /** Facility power the cluster needs, MW. */
    requiredPowerMW: finitePositive.optional(),
    /** Facility power available at the site at the start, MW (absent: power is not checked). */
    availablePowerMW: finiteNonNegative.optional(),
    /** Quarters to get new grid interconnection (default 20, Berkeley Lab). */
    interconnectionLeadQuarters: z.number().int().nonnegative().default(INTERCONNECTION_LEAD_TIME.quarters),
    /** Quarters to get large power transformers (default 10, Wood Mackenzie). */
    transformerLeadQuarters: z.number().int().nonnegative().default(TRANSFORMER_LEAD_TIME.quarters),
    /** How many quarters to simulate before giving up (default 40). */
    horizonQuarters: z.number().int().min(1).max(400).default(40),
  })
  .strict();

/**
 * Input of {@link planSupply} as written.
 *
 * @example
 * ```ts
 * import { getBillOfMaterials, type SupplyPlanInput } from "@aifactory/economics";
 * const input: SupplyPlanInput = { bom: getBillOfMaterials("nvidia-h100-sxm"), acceleratorCount: 1024, startQuarter: "2027-Q1", vendorShareOfCowosRatio: 0.615 };
 * ```
 * @since 0.1.0
 * @category Supply
 */
export type SupplyPlanInput = z.input<typeof supplyPlanInputSchema>;

/**
 * One quarter of a supply plan.
 *
 * @example
 * ```ts
 * import { planAcceleratorSupply, type SupplyQuarter } from "@aifactory/economics";
 * const first: SupplyQuarter | undefined = planAcceleratorSupply({ acceleratorId: "nvidia-h100-sxm", acceleratorCount: 1024, startQuarter: "2027-Q1" }).perQuarter[0];
 * ```
 * @since 0.1.0
 * @category Supply
 */
export interface SupplyQuarter {
  quarter: Quarter;
  /** Units the buyer can receive this quarter under each constraint (absent: not constrained). */
  capacityUnits: { cowos: number; hbm?: number; logicWafers?: number };
  /** Units delivered this quarter (capped by what is still needed). */
  deliverableUnits: number;
  cumulativeUnits: number;
  bindingConstraint: SupplyConstraint;
  cowosWafersPerMonth: number;
}

/**
 * Result of {@link planSupply}.
 *
 * @example
 * ```ts
 * import { planAcceleratorSupply, type SupplyPlan } from "@aifactory/economics";
 * const plan: SupplyPlan = planAcceleratorSupply({ acceleratorId: "nvidia-h100-sxm", acceleratorCount: 1024, startQuarter: "2027-Q1" });
 * ```
 * @since 0.1.0
 * @category Supply
 */
export interface SupplyPlan {
  /** First quarter with every accelerator delivered and the power in place; null past the horizon. */
  earliestOnlineQuarter: Quarter | null;
  bindingConstraint: SupplyConstraint;
  /** Quarter the last accelerator is delivered (null past the horizon). */
  suppliedQuarter: Quarter | null;
  /** Quarter the power is in place. */
  powerReadyQuarter: Quarter;
  perQuarter: SupplyQuarter[];
  breakdown: {
    packagesPerCowosWafer: number;
    hbmStacksPerUnit: number;
    goodLogicDiesPerWafer?: number;
    requiredPowerMW?: number;
    availablePowerMW?: number;
  };
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * Supply and power plan for a cluster: per quarter, the accelerators the buyer can receive under each
 * component constraint (CoWoS wafers x 3 months x vendor share x allocation share x packages per wafer x yield;
 * HBM stacks / stacks per unit; logic wafers x good dies per wafer / dies per unit), the binding one, and the
 * cumulative deliveries; then the quarter the power is ready (new interconnection and transformers when the
 * required MW exceed what is available). The cluster is online when both are done.
 *
 * @param input - validated with {@link supplyPlanInputSchema}
 * @returns earliest online quarter, binding constraint, per-quarter table, assumptions and warnings
 * @throws InvalidInputError for invalid input
 * @example
 * ```ts
 * import { getBillOfMaterials, planSupply } from "@aifactory/economics";
 * const plan = planSupply({
 *   bom: getBillOfMaterials("nvidia-h100-sxm"),
 *   acceleratorCount: 100000,
 *   startQuarter: "2027-Q1",
 *   vendorShareOfCowosRatio: 0.615,
 *   allocationShareRatio: 0.1,
 *   requiredPowerMW: 150,
 *   availablePowerMW: 50,
 * });
 * plan.bindingConstraint; // "interconnection"
 * ```
 * @since 0.1.0
 * @category Supply
 */
export function planSupply(input: SupplyPlanInput): SupplyPlan {
  const p = parseInput(supplyPlanInputSchema, input, "supply plan input");
  const assumptions: Assumption[] = [];
  const warnings: string[] = [];
  const start = quarterIndex(p.startQuarter);
  const bom = p.bom;

  assumptions.push({
    name: "vendorShareOfCowosRatio",
    value: p.vendorShareOfCowosRatio,
    unit: "ratio",
    basis: "given",
  });
  if (input.allocationShareRatio === undefined)
    warnings.push(
      `allocationShareRatio defaults to ${ALLOCATION_SHARE_DEFAULT.value} (${ALLOCATION_SHARE_DEFAULT.label}): an estimate; set your share`,
    );
  assumptions.push({
    name: "allocationShareRatio",
    value: p.allocationShareRatio,
    unit: "ratio",
    ...(input.allocationShareRatio === undefined
      ? {
          basis: "default" as const,
          text: `${ALLOCATION_SHARE_DEFAULT.label} (Omdia's Q3 2023 buyer estimates)`,
          source: ALLOCATION_SHARE_DEFAULT.sources[0]!,
        }
      : { basis: "given" as const }),
  });
  const packagesSource = bom.sources.find((source) => /packages per/i.test(source.title)) ?? bom.sources[0]!;
  assumptions.push({
    name: "packagesPerCowosWafer",
    value: bom.packagesPerCowosWafer,
    unit: "packages/wafer",
    basis: "default",
    text: packagesSource.title,
    source: packagesSource,
  });

  let goodLogicDiesPerWafer: number | undefined;
  if (p.logicWafersPerMonth !== undefined) {
    if (bom.logicDieAreaMm2 === undefined) {
      warnings.push(
        "logicWafersPerMonth given but the bill of materials has no die area: logic wafers not constrained",
      );
    } else {
      goodLogicDiesPerWafer = grossDiesPerWafer(bom.logicDieAreaMm2) * p.dieYieldRatio;
      assumptions.push({
        name: "dieYieldRatio",
        value: p.dieYieldRatio,
        unit: "ratio",
        ...(input.dieYieldRatio === undefined
          ? { basis: "default" as const, text: "ACT fab yield 0.875" }
          : { basis: "given" as const }),
      });
    }
  } else {
    warnings.push("no logic-wafer capacity given: logic dies are not a constraint");
  }
  if (p.hbmStacksPerQuarter === undefined) warnings.push("no HBM capacity given: HBM is not a constraint");

  const firstPoint = quarterIndex(COWOS_CAPACITY_POINTS[0]!.quarter);
  const lastPoint = quarterIndex(COWOS_CAPACITY_POINTS[COWOS_CAPACITY_POINTS.length - 1]!.quarter);
  let extrapolated = false;

  // Power readiness.
  let powerReady = start;
  let powerConstraint: SupplyConstraint | undefined;
  if (p.requiredPowerMW === undefined || p.availablePowerMW === undefined) {
    warnings.push("required or available MW not given: power is not checked");
  } else if (p.requiredPowerMW > p.availablePowerMW) {
    const interconnectionFirst = p.interconnectionLeadQuarters >= p.transformerLeadQuarters;
    powerConstraint = interconnectionFirst ? "interconnection" : "transformers";
    powerReady = start + Math.max(p.interconnectionLeadQuarters, p.transformerLeadQuarters);
    assumptions.push({
      name: "interconnectionLeadQuarters",
      value: p.interconnectionLeadQuarters,
      unit: "quarters",
      ...(input.interconnectionLeadQuarters === undefined
        ? {
            basis: "default" as const,
            text: INTERCONNECTION_LEAD_TIME.label,
            source: INTERCONNECTION_LEAD_TIME.sources[0]!,
          }
        : { basis: "given" as const }),
    });
    assumptions.push({
      name: "transformerLeadQuarters",
      value: p.transformerLeadQuarters,
      unit: "quarters",
      ...(input.transformerLeadQuarters === undefined
        ? { basis: "default" as const, text: TRANSFORMER_LEAD_TIME.label, source: TRANSFORMER_LEAD_TIME.sources[0]! }
        : { basis: "given" as const }),
    });
  }

  const perQuarter: SupplyQuarter[] = [];
  let cumulative = 0;
  let supplied: number | undefined;
  let lastBinding: SupplyConstraint = "cowos";
  for (let index = start; index < start + p.horizonQuarters; index += 1) {
    const quarter = quarterFromIndex(index);
    const override = p.cowosWafersPerMonthByQuarter[quarter];
    const wafersPerMonth = override ?? defaultCowosWafersPerMonth(quarter);
    if (override === undefined && (index > lastPoint || index < firstPoint)) extrapolated = true;
    const share = p.allocationShareRatio;
    const cowosUnits = unitsOf(
      wafersPerMonth,
      3,
      p.vendorShareOfCowosRatio,
      share,
      bom.packagesPerCowosWafer,
      p.packagingYieldRatio,
    );
    const capacityUnits: SupplyQuarter["capacityUnits"] = { cowos: cowosUnits };
    let best = cowosUnits;
    let binding: SupplyConstraint = "cowos";
    if (p.hbmStacksPerQuarter !== undefined) {
      const hbmUnits = unitsOf(p.hbmStacksPerQuarter, share, 1 / bom.hbmStacks);
      capacityUnits.hbm = hbmUnits;
      if (hbmUnits < best) {
        best = hbmUnits;
        binding = "hbm";
      }
    }
    if (goodLogicDiesPerWafer !== undefined && p.logicWafersPerMonth !== undefined) {
      const logicUnits = unitsOf(p.logicWafersPerMonth, 3, share, goodLogicDiesPerWafer, 1 / bom.logicDieCount);
      capacityUnits.logicWafers = logicUnits;
      if (logicUnits < best) {
        best = logicUnits;
        binding = "logic-wafers";
      }
    }
    const remaining = p.acceleratorCount - cumulative;
    const deliverableUnits = supplied === undefined ? Math.min(remaining, Math.floor(best)) : 0;
    cumulative += deliverableUnits;
    if (supplied === undefined) lastBinding = binding;
    if (supplied === undefined && cumulative >= p.acceleratorCount) supplied = index;
    perQuarter.push({
      quarter,
      capacityUnits,
      deliverableUnits,
      cumulativeUnits: cumulative,
      bindingConstraint: binding,
      cowosWafersPerMonth: wafersPerMonth,
    });
    if (supplied !== undefined && index >= powerReady) break;
  }
  if (extrapolated)
    warnings.push(
      `CoWoS capacity outside the published points (${COWOS_CAPACITY_POINTS[0]!.quarter} to ${COWOS_CAPACITY_POINTS[COWOS_CAPACITY_POINTS.length - 1]!.quarter}) is held flat; pass cowosWafersPerMonthByQuarter`,
    );
  if (supplied === undefined)
    warnings.push(`not all ${p.acceleratorCount} accelerators are delivered within ${p.horizonQuarters} quarters`);

  const online = supplied === undefined ? undefined : Math.max(supplied, powerReady);
  const bindingConstraint: SupplyConstraint =
    powerConstraint !== undefined && (supplied === undefined ? false : powerReady > supplied)
      ? powerConstraint
      : lastBinding;

  return {
    earliestOnlineQuarter: online === undefined ? null : quarterFromIndex(online),
    bindingConstraint,
    suppliedQuarter: supplied === undefined ? null : quarterFromIndex(supplied),
    powerReadyQuarter: quarterFromIndex(powerReady),
    perQuarter,
    breakdown: {
      packagesPerCowosWafer: bom.packagesPerCowosWafer,
      hbmStacksPerUnit: bom.hbmStacks,
      ...(goodLogicDiesPerWafer === undefined ? {} : { goodLogicDiesPerWafer }),
      ...(p.requiredPowerMW === undefined ? {} : { requiredPowerMW: p.requiredPowerMW }),
      ...(p.availablePowerMW === undefined ? {} : { availablePowerMW: p.availablePowerMW }),
    },
    assumptions,
    warnings,
  };
}
