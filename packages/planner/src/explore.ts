import { isAifError, parseInput, positiveInt } from "@aifactory/core";
import { z } from "zod";
import { catalogForScenario } from "./pack";
import { paretoFront } from "./pareto";
import { type PlanOptions, plan } from "./plan";
import { scenarioSchema } from "./scenario";

/**
 * A design space: a base scenario and the alternatives to sweep (every combination is planned).
 *
 * @since 0.1.0
 * @category Explore
 */
export const exploreSpaceSchema = z
  .object({
    base: z.record(z.string(), z.unknown()).describe("a scenario (JSON object)"),
    accelerators: z.array(z.string().min(1)).min(1).optional().describe("accelerator ids to try"),
    counts: z.array(positiveInt).min(1).optional().describe("accelerator counts to try"),
    regions: z.array(z.string().min(1)).min(1).optional().describe("grid regions to try"),
    ownership: z
      .array(z.enum(["owned", "cloud"]))
      .min(1)
      .optional()
      .describe("owned and/or cloud"),
  })
  .strict();

/**
 * A design space as written.
 *
 * @since 0.1.0
 * @category Explore
 */
export type ExploreSpace = z.input<typeof exploreSpaceSchema>;

/**
 * One evaluated point of a design space.
 *
 * @since 0.1.0
 * @category Explore
 */
export interface ExplorePoint {
  accelerator: string;
  count: number;
  region: string;
  ownership: "owned" | "cloud";
  /** Wall-clock hours of the workload (null when the point could not be planned). */
  wallClockHours: number | null;
  workloadCostUsd: number | null;
  co2eTonnes: number | null;
  fits: boolean;
  /** Whether no other point is faster, cheaper and lower-carbon at once. */
  pareto: boolean;
  /** Why the point could not be planned, if it could not. */
  error?: string;
}

/**
 * The result of {@link explore}.
 *
 * @since 0.1.0
 * @category Explore
 */
export interface ExploreResult {
  evaluatedCount: number;
  elapsedMs: number;
  points: ExplorePoint[];
  /** The Pareto-optimal points over (time, cost, carbon), fastest first. */
  front: ExplorePoint[];
}

/**
 * Sweeps a design space (accelerators x counts x regions x ownership), plans every point and returns the
 * Pareto front over (wall-clock time, cost, carbon).
 *
 * @param space - the base scenario and the alternatives
 * @param onProgress - called after each point with (done, total)
 * @param options - `catalog`: the catalog ids are looked up in (default: built-in; the base scenario's `packs`
 *   extend it, so the space may name a pack's accelerators and regions)
 * @returns every point and the front
 * @throws InvalidInputError for an invalid space or base scenario
 * @example
 * ```ts
 * import { explore, getDefaultScenario } from "@aifactory/planner";
 * const result = explore({
 *   base: getDefaultScenario("llama-3.1-70b-pretraining-1024-h100"),
 *   counts: [512, 1024],
 * });
 * result.front.length > 0; // true
 * ```
 * @since 0.1.0
 * @category Explore
 */
export function explore(
  space: ExploreSpace,
  onProgress?: (done: number, total: number) => void,
  options: PlanOptions = {},
): ExploreResult {
  const started = performance.now();
  const parsed = parseInput(exploreSpaceSchema, space, "design space");
  const base = parseInput(scenarioSchema, parsed.base, "design space base scenario");
  // The base scenario's packs are read once; every point plans with the resulting catalog.
  const catalog = catalogForScenario(base.packs, options.catalog);
  const accelerators = parsed.accelerators ?? [base.hardware.accelerator];
  const counts = parsed.counts ?? [base.hardware.count];
  const regions = parsed.regions ?? [base.site.region];
  const ownerships = parsed.ownership ?? [base.economics.ownership];
  const total = accelerators.length * counts.length * regions.length * ownerships.length;
  const points: ExplorePoint[] = [];
  for (const accelerator of accelerators) {
    for (const count of counts) {
      for (const region of regions) {
        for (const ownership of ownerships) {
          const sameAccelerator = accelerator === base.hardware.accelerator;
          const scenario = {
            ...base,
            packs: undefined,
            hardware: {
              accelerator,
              count,
              ...(sameAccelerator && base.hardware.system !== undefined ? { system: base.hardware.system } : {}),
            },
            site: { ...base.site, region },
            economics: { ...base.economics, ownership },
          };
          const point = { accelerator, count, region, ownership };
          try {
            const result = plan(scenario, { catalog });
            if (ownership === "cloud" && result.cost.onDemandUsdPerAcceleratorHour === undefined) {
              // Without a rental price the plan falls back to the owned TCO: shown as a cloud cost it would
              // pass for one. The point is left out of the comparison, and says why.
              points.push({
                ...point,
                wallClockHours: result.timeline.wallClockHours,
                workloadCostUsd: null,
                co2eTonnes: result.carbon.totalTonnes,
                fits: result.memory.fits,
                pareto: false,
                error: `no cloud price for ${accelerator} in the catalog: set economics.onDemandUsdPerAcceleratorHour to compare it rented`,
              });
              onProgress?.(points.length, total);
              continue;
            }
            points.push({
              ...point,
              wallClockHours: result.timeline.wallClockHours,
              workloadCostUsd: result.cost.workloadCostUsd,
              co2eTonnes: result.carbon.totalTonnes,
              fits: result.memory.fits,
              pareto: false,
            });
          } catch (error) {
            if (!isAifError(error)) throw error;
            points.push({
              ...point,
              wallClockHours: null,
              workloadCostUsd: null,
              co2eTonnes: null,
              fits: false,
              pareto: false,
              error: error.message,
            });
          }
          onProgress?.(points.length, total);
        }
      }
    }
  }
  const feasible = points.filter((point) => point.error === undefined && point.fits);
  const front = paretoFront(feasible, [
    (p) => p.wallClockHours ?? Number.POSITIVE_INFINITY,
    (p) => p.workloadCostUsd ?? Number.POSITIVE_INFINITY,
    (p) => p.co2eTonnes ?? Number.POSITIVE_INFINITY,
  ]).sort((a, b) => (a.wallClockHours ?? 0) - (b.wallClockHours ?? 0));
  for (const point of front) point.pareto = true;
  return { evaluatedCount: points.length, elapsedMs: performance.now() - started, points, front };
}
