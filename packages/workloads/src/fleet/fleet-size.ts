import { type Assumption, finitePositive, InvalidInputError, meanLength, parseInput } from "@aifactory/core";
import { z } from "zod";
import { type FleetInput, type FleetPoolInput, type FleetResult, fleetPoolSchema, simulateFleet } from "./fleet";
import { type FleetTraffic, type FleetTrafficInput, fleetTrafficSchema } from "./traffic";

/**
 * What a sized fleet must meet: P99 bounds on TTFT, TPOT and end-to-end latency (at least one), and the largest
 * multiple of a design's pool counts the search tries.
 *
 * @example
 * ```ts
 * import { fleetSizingSchema } from "@aifactory/workloads";
 * fleetSizingSchema.parse({ ttftP99Ms: 1000, tpotP99Ms: 50 }).maxScaleMultiplier; // 256
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const fleetSizingSchema = z
  .object({
    ttftP99Ms: finitePositive.optional(),
    tpotP99Ms: finitePositive.optional(),
    e2eP99Ms: finitePositive.optional(),
    /** Largest multiple of each design's pool counts to try. */
    maxScaleMultiplier: z.number().int().positive().max(10_000).default(256),
    /** Offered-rate multiples of the headroom curve (P99 vs rate) for each sized design. */
    headroomFactors: z.array(finitePositive).max(32).default([0.25, 0.5, 0.75, 0.9, 1, 1.1, 1.25, 1.5]),
  })
  .strict()
  .refine((s) => s.ttftP99Ms !== undefined || s.tpotP99Ms !== undefined || s.e2eP99Ms !== undefined, {
    message: "give at least one of ttftP99Ms, tpotP99Ms, e2eP99Ms",
  });

/**
 * Sizing bounds as a user writes them. See {@link fleetSizingSchema}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export type FleetSizingInput = z.input<typeof fleetSizingSchema>;

/**
 * A fleet design to size: its pools with counts as ratios (one H100 pool; an H100 prefill pool and an H200
 * decode pool 1:2; H100 and A100 mixed pools 1:1). The search multiplies every count by the same scale.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetDesignInput {
  /** Name in results (default: the pools' names joined). */
  name?: string;
  pools: FleetPoolInput[];
}

/**
 * One point of a headroom curve: the sized fleet at a multiple of the target rate.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface HeadroomPoint {
  rateFactor: number;
  /** Offered requests per second (mean). */
  ratePerSecond: number;
  ttftP99Ms: number;
  tpotP99Ms: number;
  e2eP99Ms: number;
  sloAttainmentRatio: number;
  busyRatio: number;
  meetsSlo: boolean;
}

/**
 * A sized design: the smallest scale that meets the P99 bounds, its simulation, and its headroom curve.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface SizedFleetDesign {
  name: string;
  /** Whether some scale up to `maxScaleMultiplier` meets the bounds. */
  meetsSlo: boolean;
  scale: number;
  /** The pools at that scale. */
  pools: FleetPoolInput[];
  acceleratorCount: number;
  /** Simulation at the target rate (the largest scale tried when none meets the bounds). */
  result: FleetResult;
  headroom: HeadroomPoint[];
  /** Scales simulated while searching. */
  evaluatedScales: number[];
}

/**
 * What {@link sizeFleet} takes: the architecture, the traffic at the target rate, the designs to size, the
 * bounds, and the simulation options.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetSizingRequest extends Omit<FleetInput, "pools"> {
  designs: FleetDesignInput[];
  sizing: FleetSizingInput;
  /** Called after each design is sized, with (designs done, designs in all): for a progress display. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * The result of {@link sizeFleet}: every design sized, and the one with the fewest GPUs that meets the bounds.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetSizingResult {
  designs: SizedFleetDesign[];
  /** Index in `designs` of the design with the fewest GPUs meeting the bounds (-1: none does). */
  fewestGpus: number;
  assumptions: Assumption[];
  warnings: string[];
}

/**
 * Scales a traffic's offered rate: arrival rates multiply, a trace replays faster; a closed loop is returned as
 * is (its rate follows the fleet).
 *
 * @param traffic - parsed traffic
 * @param factor - rate multiple (> 0)
 * @returns the scaled traffic
 * @example
 * ```ts
 * import { fleetTrafficSchema, scaleTrafficRate } from "@aifactory/workloads";
 * const t = fleetTrafficSchema.parse({ arrival: { kind: "poisson", ratePerSecond: 10 }, requests: 100,
 *   inputTokens: { kind: "fixed", tokens: 100 }, outputTokens: { kind: "fixed", tokens: 10 } });
 * scaleTrafficRate(t, 2); // arrival.ratePerSecond 20
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function scaleTrafficRate(traffic: FleetTraffic, factor: number): FleetTraffic {
  if ("trace" in traffic) return { ...traffic, timeScale: traffic.timeScale * factor };
  if (traffic.arrival.kind === "closed-loop") return traffic;
  return { ...traffic, arrival: { ...traffic.arrival, ratePerSecond: traffic.arrival.ratePerSecond * factor } };
}

/**
 * The mean offered request rate of a traffic (requests per second; NaN for a closed loop).
 *
 * @param traffic - parsed traffic
 * @returns requests per second
 * @example
 * ```ts
 * import { fleetTrafficSchema, offeredRatePerSecond } from "@aifactory/workloads";
 * offeredRatePerSecond(fleetTrafficSchema.parse({ arrival: { kind: "on-off", ratePerSecond: 10, onSeconds: 1,
 *   offSeconds: 1 }, requests: 100, inputTokens: { kind: "fixed", tokens: 100 },
 *   outputTokens: { kind: "fixed", tokens: 10 } })); // 5
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function offeredRatePerSecond(traffic: FleetTraffic): number {
  if ("trace" in traffic) {
    const times = traffic.trace.map((r) => r.arrivalSeconds);
    const span = (Math.max(...times) - Math.min(...times)) / traffic.timeScale;
    return span > 0 ? (traffic.trace.length - 1) / span : Number.NaN;
  }
  const a = traffic.arrival;
  if (a.kind === "closed-loop") return Number.NaN;
  if (a.kind === "on-off") return (a.ratePerSecond * a.onSeconds) / (a.onSeconds + a.offSeconds);
  const sessions = traffic.sessions;
  // Sessions: the process gives session starts; each session brings its turns.
  const turns = sessions === undefined ? 1 : Math.max(1, meanLength(sessions.turns));
  return a.ratePerSecond * turns;
}

/**
 * The assumptions of a fleet sizing (statements of method: basis `method`, a kebab-case `name`, the sentence in `text`).
 *
 * @since 0.3.0
 * @category Fleet
 */
export const FLEET_SIZING_ASSUMPTIONS: readonly Assumption[] = Object.freeze([
  {
    name: "meets-bounds",
    basis: "method",
    text: "A design meets the bounds when the simulated P99 TTFT, P99 TPOT and P99 end-to-end latency at the target traffic are within them.",
  },
  {
    name: "pool-scaling",
    basis: "method",
    text: "The search scales every pool of a design by the same factor: doubling until the bounds hold, then bisection (latency falls as replicas are added at a fixed offered rate).",
  },
  {
    name: "headroom-curve",
    basis: "method",
    text: "The headroom curve re-simulates the sized fleet at multiples of the target rate with the same request lengths and seed.",
  },
]);

/**
 * Sizes inference fleets for a traffic: for each design (one accelerator type, mixed types, or disaggregated
 * prefill/decode pools), the smallest multiple of its pool counts whose simulated P99 latencies meet the bounds,
 * with a headroom curve (P99 vs offered rate) and the design with the fewest GPUs. Cost and power per design
 * come from the planner (`planFleet`), which composes this with energy and economics.
 *
 * @param request - architecture, traffic at the target rate, designs, bounds, options
 * @returns the sized designs
 * @throws InvalidInputError naming the field of a bad design, traffic or bound
 * @example
 * ```ts
 * import { sizeFleet } from "@aifactory/workloads";
 * const sized = sizeFleet({ architecture: "llama-3.1-8b",
 *   designs: [{ pools: [{ accelerator: "nvidia-h100-sxm" }] }],
 *   traffic: { arrival: { kind: "poisson", ratePerSecond: 20 }, requests: 1000,
 *     inputTokens: { kind: "fixed", tokens: 1000 }, outputTokens: { kind: "fixed", tokens: 200 } },
 *   sizing: { ttftP99Ms: 1000, tpotP99Ms: 40, headroomFactors: [1] } });
 * sized.designs[0]?.meetsSlo; // true
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function sizeFleet(request: FleetSizingRequest): FleetSizingResult {
  const sizing = parseInput(fleetSizingSchema, request.sizing, "fleet sizing");
  const traffic = parseInput(fleetTrafficSchema, request.traffic, "fleet traffic");
  if (!("trace" in traffic) && traffic.arrival.kind === "closed-loop") {
    throw new InvalidInputError("fleet traffic", [
      {
        path: "arrival.kind",
        message: "a closed loop has no offered rate to size for",
        received: "closed-loop",
        hint: "give a poisson, gamma, weibull or on-off arrival rate (or a trace)",
      },
    ]);
  }
  if (request.designs.length === 0 || request.designs.length > 32) {
    throw new InvalidInputError("fleet sizing", [
      { path: "designs", message: "give 1 to 32 designs", received: request.designs.length },
    ]);
  }
  const rate = offeredRatePerSecond(traffic);
  const warnings: string[] = [];
  const { onProgress, ...fleetRequest } = request;
  const designs: SizedFleetDesign[] = request.designs.map((design, d) => {
    const pools = design.pools.map((p, i) => parseInput(fleetPoolSchema, p, `designs[${d}].pools[${i}]`));
    const name =
      design.name ??
      pools
        .map(
          (p) =>
            `${p.count > 1 ? `${p.count}x ` : ""}${typeof p.accelerator === "string" ? p.accelerator : p.accelerator.id}${p.role === "mixed" ? "" : ` ${p.role}`}`,
        )
        .join(" + ");
    const scaled = (scale: number): FleetPoolInput[] => pools.map((p) => ({ ...p, count: p.count * scale }));
    const evaluated: number[] = [];
    const cache = new Map<number, FleetResult>();
    const run = (scale: number, t: FleetTraffic = traffic): FleetResult => {
      const key = t === traffic ? scale : Number.NaN;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const result = simulateFleet({ ...fleetRequest, pools: scaled(scale), traffic: t as FleetTrafficInput });
      if (t === traffic) {
        cache.set(scale, result);
        evaluated.push(scale);
      }
      return result;
    };
    const meets = (r: FleetResult): boolean =>
      r.rejectedRequests === 0 &&
      (sizing.ttftP99Ms === undefined || r.ttftMs.p99 <= sizing.ttftP99Ms) &&
      (sizing.tpotP99Ms === undefined || r.tpotMs.p99 <= sizing.tpotP99Ms) &&
      (sizing.e2eP99Ms === undefined || r.e2eMs.p99 <= sizing.e2eP99Ms);
    // Doubling, then bisection between the last miss and the first hit.
    let lo = 0;
    let hi = 1;
    while (hi <= sizing.maxScaleMultiplier && !meets(run(hi))) {
      lo = hi;
      hi *= 2;
    }
    let found = hi <= sizing.maxScaleMultiplier;
    if (!found && lo < sizing.maxScaleMultiplier && meets(run(sizing.maxScaleMultiplier))) {
      hi = sizing.maxScaleMultiplier;
      found = true;
    }
    if (found) {
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (meets(run(mid))) hi = mid;
        else lo = mid;
      }
    }
    const scale = found ? hi : Math.min(sizing.maxScaleMultiplier, Math.max(...evaluated));
    const result = run(scale);
    if (!found) warnings.push(`${name}: no scale up to ${sizing.maxScaleMultiplier} meets the bounds`);
    const headroom = sizing.headroomFactors.map((factor) => {
      const r = factor === 1 ? result : run(scale, scaleTrafficRate(traffic, factor));
      return {
        rateFactor: factor,
        ratePerSecond: rate * factor,
        ttftP99Ms: r.ttftMs.p99,
        tpotP99Ms: r.tpotMs.p99,
        e2eP99Ms: r.e2eMs.p99,
        sloAttainmentRatio: r.sloAttainmentRatio,
        busyRatio: Math.max(...r.pools.map((p) => p.busyRatio)),
        meetsSlo: meets(r),
      };
    });
    onProgress?.(d + 1, request.designs.length);
    return {
      name,
      meetsSlo: found,
      scale,
      pools: scaled(scale),
      acceleratorCount: result.acceleratorCount,
      result,
      headroom,
      evaluatedScales: [...evaluated].sort((a, b) => a - b),
    };
  });
  let fewest = -1;
  designs.forEach((d, i) => {
    if (d.meetsSlo && (fewest < 0 || d.acceleratorCount < (designs[fewest] as SizedFleetDesign).acceleratorCount))
      fewest = i;
  });
  return { designs, fewestGpus: fewest, assumptions: [...FLEET_SIZING_ASSUMPTIONS], warnings };
}
