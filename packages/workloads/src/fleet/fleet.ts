import {
  type Assumption,
  assertFiniteResult,
  finiteNonNegative,
  finitePositive,
  InvalidInputError,
  kebabId,
  parseInput,
  ratio,
} from "@aifactory/core";
import type { AcceleratorId } from "@aifactory/hardware";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import type { ArchitectureId } from "../architecture/catalog";
import type { InferenceEfficiency, InferenceEfficiencyInput } from "../inference/inference-efficiency";
import { servingConfigSchema } from "../inference/serving-config";
import { createIterationBreakdown, iterationTime, servingMemory } from "../inference/serving-iteration";
import { acceptedTokensPerStep, resolveServingInput, servingLayout } from "../inference/serving-model";
import type { ServingHardware, ServingTerms } from "../inference/serving-terms";
import type { KernelTablesOption } from "../kernels/kernel-option";
import { type AcceleratorSpec, acceleratorSpecSchema, resolveAccelerator } from "../training/accelerator-spec";
import {
  type FleetReplicaModel,
  type FleetReplicaRole,
  type FleetSimulationResult,
  simulateFleetReplicas,
} from "./fleet-simulator";
import { buildRequestTable, type FleetTrafficInput, fleetTrafficSchema } from "./traffic";

/**
 * A serving engine's settings in a fleet: the serving configuration's parallel layout, formats and engine limits
 * (no `inputTokens`/`outputTokens`/`concurrency`: the traffic gives them), plus how the engine schedules: chunked prefill, KV
 * admission (`reserve`: TensorRT-LLM's guaranteed-no-evict; `on-demand`: vLLM/SGLang with preemption),
 * preemption by `recompute` or `swap` (`swapGBps`, default the accelerator's host link x GPUs), prefix caching,
 * and an optional offload tier for evicted prefix blocks (host DRAM or SSD, with its read bandwidth).
 *
 * @example
 * ```ts
 * import { fleetEngineSchema } from "@aifactory/workloads";
 * fleetEngineSchema.parse({ tp: 2, kvAdmission: "on-demand" }).chunkedPrefill; // true
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const fleetEngineSchema = servingConfigSchema
  .omit({ inputTokens: true, outputTokens: true, concurrency: true, maxThroughput: true, prefixHitRatio: true })
  .extend({
    /** Split prompts across iterations (vLLM's and SGLang's default) or admit whole prompts only. */
    chunkedPrefill: z.boolean().default(true),
    /** KV admission: `reserve` the whole request up front, or allocate `on-demand` and preempt. */
    kvAdmission: z.enum(["reserve", "on-demand"]).default("reserve"),
    /** What preemption does with the victim's KV (on-demand only). */
    preemption: z.enum(["recompute", "swap"]).default("recompute"),
    /** Swap bandwidth to host memory for the whole instance, GB/s (default: host link x GPUs). */
    swapGBps: finitePositive.optional(),
    /** Reuse cached prompt blocks (vLLM's automatic prefix caching, SGLang's radix cache). */
    prefixCaching: z.boolean().default(true),
    /**
     * Tiers below HBM for evicted prefix blocks, in order: `@aifactory/memory`'s KV tiers as plain data (id,
     * capacity in bytes, read bandwidth into HBM in GB/s; default read: the accelerator's host link x GPUs).
     */
    kvTiers: z
      .array(
        z
          .object({
            id: z.string().min(1).max(64),
            capacityBytes: finiteNonNegative,
            readGBps: finitePositive.optional(),
            writeGBps: finitePositive.optional(),
          })
          .strict(),
      )
      .max(8)
      .default([]),
  })
  .strict();

/**
 * Engine settings as a user writes them. See {@link fleetEngineSchema}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export type FleetEngineInput = z.input<typeof fleetEngineSchema>;

/**
 * One pool of identical replicas: how many, on which accelerator, in which role (`mixed`, or `prefill`/`decode`
 * for disaggregated serving), with which engine settings. Pools of different accelerators behind one router make
 * a mixed fleet.
 *
 * @example
 * ```ts
 * import { fleetPoolSchema } from "@aifactory/workloads";
 * fleetPoolSchema.parse({ accelerator: "nvidia-h100-sxm", count: 4, engine: { tp: 2 } }).role; // "mixed"
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const fleetPoolSchema = z
  .object({
    /** Pool name in results (default: the accelerator id, with the role when not mixed). */
    name: kebabId.optional(),
    count: z.number().int().positive().max(100_000).default(1),
    role: z.enum(["mixed", "prefill", "decode"]).default("mixed"),
    accelerator: z.union([z.string().min(1), acceleratorSpecSchema]),
    engine: fleetEngineSchema.prefault({}),
  })
  .strict();

/**
 * A pool as a user writes it. See {@link fleetPoolSchema}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export type FleetPoolInput = z.input<typeof fleetPoolSchema>;

/**
 * Simulation options: the router, latency SLOs (goodput counts the requests meeting all given bounds), a warm-up
 * left out of the statistics, the fixed latency of a prefill-to-decode KV transfer, and whether to return
 * per-request numbers.
 *
 * @example
 * ```ts
 * import { fleetOptionsSchema } from "@aifactory/workloads";
 * fleetOptionsSchema.parse({ slo: { ttftMs: 500, tpotMs: 50 } }).router; // "least-loaded"
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const fleetOptionsSchema = z
  .object({
    router: z.enum(["round-robin", "least-loaded", "prefix-aware", "central-queue"]).default("least-loaded"),
    /** Load-fraction gap the prefix-aware router tolerates to keep a request where its prefix is cached. */
    prefixAffinityImbalanceRatio: ratio.default(0.25),
    slo: z
      .object({
        ttftMs: finitePositive.optional(),
        tpotMs: finitePositive.optional(),
        e2eMs: finitePositive.optional(),
      })
      .strict()
      .default({}),
    /** Requests, in arrival order, left out of the statistics. */
    warmupRequests: z.number().int().nonnegative().default(0),
    /** Fixed latency of a KV transfer between a prefill and a decode replica, ms. */
    kvTransferLatencyMs: finiteNonNegative.default(0),
    perRequest: z.boolean().default(false),
  })
  .strict();

/**
 * Options as a user writes them. See {@link fleetOptionsSchema}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export type FleetOptionsInput = z.input<typeof fleetOptionsSchema>;

/**
 * What {@link simulateFleet} takes.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetInput {
  architecture: ArchitectureId | ArchitectureInput | Architecture;
  pools: FleetPoolInput[];
  traffic: FleetTrafficInput;
  options?: FleetOptionsInput;
  efficiency?: InferenceEfficiencyInput;
  /** Measured kernel tables (default `"builtin"`), as in {@link estimateServing}. */
  kernels?: KernelTablesOption;
}

/**
 * One pool of a simulated fleet: the numbers of {@link FleetPoolStats} plus what it is.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetPoolResult {
  pool: string;
  role: FleetReplicaRole;
  acceleratorId: string;
  replicas: number;
  acceleratorCount: number;
  busyRatio: number;
  meanKvOccupancyRatio: number;
  meanDecodeBatch: number;
  iterations: number;
  preemptions: number;
  prefixHitRatio: number;
  recomputedTokens: number;
  /** KV-cache capacity of one replica, tokens. */
  kvCapacityTokensPerReplica: number;
  /** HBM per GPU: capacity, weights, runtime reserve and KV cache (the serving memory model), bytes. */
  memoryPerGpu: { capacityBytes: number; weightsBytes: number; reservedBytes: number; kvCacheBytes: number };
}

/**
 * The result of {@link simulateFleet}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetResult extends Omit<FleetSimulationResult, "pools"> {
  architectureId: string;
  pools: FleetPoolResult[];
  /** GPUs of the whole fleet. */
  acceleratorCount: number;
  assumptions: Assumption[];
}

/**
 * The assumptions every fleet simulation states (statements of method: basis `method`, a kebab-case `name`, the sentence in `text`).
 *
 * @since 0.3.0
 * @category Fleet
 */
export const FLEET_ASSUMPTIONS: readonly Assumption[] = Object.freeze([
  {
    name: "event-driven",
    basis: "method",
    text: "Event-driven: arrivals, iteration ends and KV transfers are processed in time order; a request that arrives during an iteration waits for the next one.",
  },
  {
    name: "continuous-batching",
    basis: "method",
    text: "Each replica runs continuous batching: every iteration decodes all running sequences and prefills prompt chunks first come, first served within maxNumTokens minus the decode tokens (whole prompts only without chunked prefill).",
  },
  {
    name: "iteration-times",
    basis: "method",
    text: "Iteration times come from the serving model (iterationTime: measured kernel tables where present, the roofline elsewhere) at the iteration's decode batch, mean context and prefill tokens; contexts and prefill sizes are evaluated on a 1.5% logarithmic grid (the prefill context on a 4.4% one) so that repeated shapes are computed once.",
  },
  {
    name: "kv-admission",
    basis: "method",
    text: "KV admission: reserve (prompt + output in 32-token blocks at admission, no preemption) or on-demand (KV grows per computed token; when it runs out the newest request is preempted and recomputed, or swapped out and back in at the swap bandwidth).",
  },
  {
    name: "prefix-caching",
    basis: "method",
    text: "Prefix caching: prompt blocks are cached when a prefill completes and evicted least-recently-used as running requests need the space; a request reuses its longest cached leading run of blocks (at least one token is recomputed); blocks evicted from HBM move down the kvTiers (host DRAM, SSD, remote) and a hit there is read back at the tier's bandwidth, paid by the iteration that admits the request.",
  },
  {
    name: "disaggregated-pools",
    basis: "method",
    text: "Disaggregated pools: a prefill replica produces the first token, then the prompt's KV (layers x per-layer bytes x prompt tokens) crosses the scale-out network (NIC rate x GPUs per attention replica) plus a fixed latency before the request queues on the least-loaded decode replica.",
  },
  {
    name: "closed-loop-clients",
    basis: "method",
    text: "Closed-loop clients send their next request the moment the previous one finishes; session turns arrive their idle time after the previous turn finishes.",
  },
  {
    name: "latency-definitions",
    basis: "method",
    text: "Latencies: TTFT from arrival to the first token, TPOT (last - first token) / (output - 1), ITL the iteration time each generated token waited, queueing from arrival to admission.",
  },
]);

function invalid(path: string, message: string, hint: string): InvalidInputError {
  return new InvalidInputError("fleet pools", [{ path, message, hint }]);
}

/**
 * Step times by grid key: open addressing over float keys (a Map hashes keys above 2^30 slowly). Starts small (a
 * closed-loop run of one configuration needs about a hundred keys; a fresh megabyte costs a short run more than
 * the rehashing a long one does as it grows) and is cleared when full, so memory stays bounded.
 */
class StepTimeCache {
  private keys = new Float64Array(1 << 10).fill(-1);
  private values = new Float64Array(1 << 10);
  private size = 0;

  get(key: number): number {
    const mask = this.keys.length - 1;
    let slot = (Math.imul((key >>> 0) ^ ((key / 4294967296) | 0), 0x9e3779b1) >>> 0) & mask;
    for (;;) {
      const k = this.keys[slot] as number;
      if (k === key) return this.values[slot] as number;
      if (k === -1) return -1;
      slot = (slot + 1) & mask;
    }
  }

  set(key: number, value: number): void {
    if (this.size * 2 >= this.keys.length) {
      if (this.keys.length >= 1 << 22) {
        this.keys.fill(-1);
        this.size = 0;
      } else {
        const oldKeys = this.keys;
        const oldValues = this.values;
        this.keys = new Float64Array(oldKeys.length * 2).fill(-1);
        this.values = new Float64Array(oldKeys.length * 2);
        this.size = 0;
        for (let i = 0; i < oldKeys.length; i++) {
          if ((oldKeys[i] as number) !== -1) this.set(oldKeys[i] as number, oldValues[i] as number);
        }
      }
    }
    const mask = this.keys.length - 1;
    let slot = (Math.imul((key >>> 0) ^ ((key / 4294967296) | 0), 0x9e3779b1) >>> 0) & mask;
    while ((this.keys[slot] as number) !== -1 && (this.keys[slot] as number) !== key) slot = (slot + 1) & mask;
    if ((this.keys[slot] as number) === -1) this.size += 1;
    this.keys[slot] = key;
    this.values[slot] = value;
  }
}

/** Logarithmic grid of the step-time cache: 48 points per doubling (1.45% apart). */
const GRID_PER_OCTAVE = 48;

function gridIndex(value: number): number {
  return value <= 0 ? 0 : 1 + Math.max(0, Math.round(Math.log2(value) * GRID_PER_OCTAVE));
}

/**
 * How far a value can grow with its {@link gridIndex} unchanged: the bound (exclusive) of its grid cell, or
 * -Infinity when the value lies within 1e-9 (relative) of the cell's lower edge or on the last point the cache
 * key tells apart. The margins are far above the rounding of `Math.log2`, so every value from `value` up to the
 * bound has the same index.
 */
function gridCellLimit(value: number): number {
  const index = gridIndex(value);
  if (index < 1 || index >= 1023) return Number.NEGATIVE_INFINITY;
  if (index >= 2 && value < 2 ** ((index - 1.5) / GRID_PER_OCTAVE) * (1 + 1e-9)) return Number.NEGATIVE_INFINITY;
  return 2 ** ((index - 0.5) / GRID_PER_OCTAVE) * (1 - 1e-9);
}

function gridValue(index: number): number {
  return index === 0 ? 0 : 2 ** ((index - 1) / GRID_PER_OCTAVE);
}

/** The prefill context (it moves prefill attention only) on a coarser grid: 16 points per doubling (4.4%). */
function coarseIndex(value: number): number {
  return value <= 0 ? 0 : 1 + Math.max(0, Math.round(Math.log2(value) * 16));
}

function coarseValue(index: number): number {
  return index === 0 ? 0 : 2 ** ((index - 1) / 16);
}

/**
 * A fleet replica model from the serving model: its KV capacity and limits from the serving memory model, and a
 * step-time function that evaluates `iterationTime` (kernel tables, roofline) with the MTP draft cost, cached on
 * a logarithmic grid of context and prefill sizes.
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param engine - parsed engine settings
 * @param efficiency - efficiency factors
 * @param pool - pool name
 * @param role - replica role
 * @param hostLinkGBps - the accelerator's host link per GPU (swap and offload bandwidth default), if known
 * @returns the replica model
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, fleetEngineSchema, resolveAccelerator, resolveServingArchitecture
 *   } from "@aifactory/workloads";
 * import { fleetReplicaModel, servingHardware, servingTerms } from "@aifactory/workloads/internal";
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-8b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * const replica = fleetReplicaModel(terms, hw, fleetEngineSchema.parse({}), DEFAULT_INFERENCE_EFFICIENCY, "h100", "mixed");
 * replica.stepSeconds(64, 1500, 0, 0) > 0; // true
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function fleetReplicaModel(
  terms: ServingTerms,
  hw: ServingHardware,
  engine: z.infer<typeof fleetEngineSchema>,
  efficiency: InferenceEfficiency,
  pool: string,
  role: FleetReplicaRole,
  hostLinkGBps?: number,
): FleetReplicaModel {
  const config = { ...engine, inputTokens: 1, outputTokens: 1, maxThroughput: true, prefixHitRatio: 0 };
  const layout = servingLayout(config);
  const memory = servingMemory(terms, hw, layout, efficiency);
  const replicas = engine.attentionDp ? engine.tp : 1;
  const gpus = engine.tp * engine.pp;
  const speculative = engine.mtpAcceptance > 0;
  const drafts = speculative ? engine.mtpDraftTokens : 0;
  const query = speculative ? engine.mtpDraftTokens + 1 : 1;
  const kvBytesPerToken = terms.kvBytesPerTokenLayer * terms.layers;
  const hostBytesPerSecond = hostLinkGBps !== undefined ? hostLinkGBps * 1e9 * gpus : Number.NaN;
  const out = createIterationBreakdown();
  const cache = new StepTimeCache();
  // Consecutive decode iterations mostly fall on the same grid point: the last one is answered first.
  let lastDecode = -1;
  let lastContext = -1;
  let lastPrefill = -1;
  let lastPrefillContext = -1;
  let lastSeconds = 0;
  const stepSeconds = (decode: number, context: number, prefill: number, prefillContext: number): number => {
    const c = gridIndex(context);
    const p = gridIndex(prefill);
    const pc = coarseIndex(prefillContext);
    if (decode === lastDecode && c === lastContext && p === lastPrefill && pc === lastPrefillContext) {
      return lastSeconds;
    }
    lastDecode = decode;
    lastContext = c;
    lastPrefill = p;
    lastPrefillContext = pc;
    const key = ((decode * 1024 + Math.min(c, 1023)) * 1024 + Math.min(p, 1023)) * 1024 + Math.min(pc, 1023);
    const hit = cache.get(key);
    if (hit >= 0) {
      lastSeconds = hit;
      return hit;
    }
    const prefillTokens = gridValue(p);
    const iteration = iterationTime(
      terms,
      hw,
      layout,
      efficiency,
      decode,
      query,
      gridValue(c),
      prefillTokens,
      coarseValue(pc),
      out,
      decode,
      prefillTokens,
    );
    const draft = decode > 0 ? (drafts * (iteration.iterationSeconds - iteration.overheadSeconds)) / terms.layers : 0;
    const seconds = iteration.iterationSeconds + draft;
    cache.set(key, seconds);
    lastSeconds = seconds;
    return seconds;
  };
  return {
    pool,
    role,
    acceleratorCount: gpus,
    kvCapacityTokens: memory.fits ? memory.kvCacheCapacityTokens : 0,
    maxBatchSize: engine.maxBatchSize * replicas,
    maxNumTokens: engine.maxNumTokens * replicas,
    chunkedPrefill: engine.chunkedPrefill,
    kvAdmission: engine.kvAdmission,
    preemption: engine.preemption,
    acceptedTokensPerStep: acceptedTokensPerStep(engine.mtpAcceptance, engine.mtpDraftTokens),
    queryTokensPerSequence: query,
    kvBytesPerToken,
    swapBytesPerSecond: engine.swapGBps !== undefined ? engine.swapGBps * 1e9 : hostBytesPerSecond,
    kvTransferBytesPerSecond: hw.scaleOutBytesPerSecond * Math.max(1, gpus / replicas),
    prefixCaching: engine.prefixCaching,
    // A decode-only iteration's time depends on the context through its grid point only (the key above).
    decodeStepLimit: (_decode: number, context: number): number => gridCellLimit(context),
    offloadTiers: engine.kvTiers.map((tier) => ({
      capacityTokens: tier.capacityBytes / kvBytesPerToken,
      readBytesPerSecond: tier.readGBps !== undefined ? tier.readGBps * 1e9 : hostBytesPerSecond,
    })),
    stepSeconds,
  };
}

/**
 * Simulates an inference fleet under a traffic: pools of replicas (one or several accelerator types, mixed or
 * disaggregated prefill/decode) behind a router, each running continuous batching with chunked prefill, KV
 * admission and preemption, prefix caching; iteration times from the serving model. Returns per-request latency
 * percentiles (TTFT, TPOT, ITL, end-to-end, queueing) with confidence intervals, throughput, goodput under the
 * SLOs, utilisation, KV occupancy, preemptions and prefix-hit ratio per pool. Deterministic for a traffic seed.
 *
 * @param input - architecture, pools, traffic, options
 * @returns the simulated fleet
 * @throws InvalidInputError naming the field for a bad pool, engine, traffic or option
 * @example
 * ```ts
 * import { simulateFleet } from "@aifactory/workloads";
 * const fleet = simulateFleet({ architecture: "llama-3.1-8b",
 *   pools: [{ accelerator: "nvidia-h100-sxm", count: 2 }],
 *   traffic: { arrival: { kind: "poisson", ratePerSecond: 10 }, requests: 2000,
 *     inputTokens: { kind: "fixed", tokens: 1000 }, outputTokens: { kind: "fixed", tokens: 200 } },
 *   options: { slo: { ttftMs: 500, tpotMs: 50 } } });
 * fleet.ttftMs.p99 > 0; // true
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function simulateFleet(input: FleetInput): FleetResult {
  const pools = parseInput(z.array(fleetPoolSchema).min(1).max(64), input.pools, "fleet pools");
  const traffic = parseInput(fleetTrafficSchema, input.traffic, "fleet traffic");
  const options = parseInput(fleetOptionsSchema, input.options ?? {}, "fleet options");
  const replicas: FleetReplicaModel[] = [];
  const poolInfo: {
    name: string;
    acceleratorId: string;
    kvCapacityTokens: number;
    memory: FleetPoolResult["memoryPerGpu"];
  }[] = [];
  const warnings: string[] = [];
  const names = new Set<string>();
  let architectureId = "";
  pools.forEach((pool, index) => {
    const { chunkedPrefill, kvAdmission, preemption, swapGBps, prefixCaching, kvTiers, ...serving } = pool.engine;
    const { terms, hw, efficiency } = resolveServingInput({
      architecture: input.architecture,
      accelerator: pool.accelerator as AcceleratorId | AcceleratorSpec,
      config: { ...serving, inputTokens: 1, outputTokens: 1, maxThroughput: true },
      ...(input.efficiency !== undefined ? { efficiency: input.efficiency } : {}),
      ...(input.kernels !== undefined ? { kernels: input.kernels } : {}),
    });
    architectureId = terms.architectureId;
    let name = pool.name ?? (pool.role === "mixed" ? hw.acceleratorId : `${hw.acceleratorId}-${pool.role}`);
    if (names.has(name)) name = `${name}-${index + 1}`;
    names.add(name);
    const hostLink = resolveAccelerator(pool.accelerator as AcceleratorId | AcceleratorSpec).hostLinkGBps;
    const model = fleetReplicaModel(terms, hw, pool.engine, efficiency, name, pool.role, hostLink);
    const path = `pools[${index}].engine`;
    if (model.kvCapacityTokens <= 0) {
      throw invalid(
        path,
        `${terms.architectureId} does not fit ${pool.engine.tp * pool.engine.pp} x ${hw.acceleratorId}`,
        "raise tp or pp, or use lower-precision weights",
      );
    }
    if (
      pool.engine.kvAdmission === "on-demand" &&
      pool.engine.preemption === "swap" &&
      !Number.isFinite(model.swapBytesPerSecond)
    ) {
      throw invalid(
        `${path}.swapGBps`,
        `${hw.acceleratorId} has no host-link bandwidth in the catalog`,
        "give swapGBps (e.g. 64 for PCIe 5 x16 per GPU x GPUs)",
      );
    }
    const slowTier = pool.engine.kvTiers.findIndex((tier) => tier.readGBps === undefined);
    if (slowTier >= 0 && !Number.isFinite(hostLink ?? Number.NaN)) {
      throw invalid(
        `${path}.kvTiers[${slowTier}].readGBps`,
        `${hw.acceleratorId} has no host-link bandwidth in the catalog`,
        "give the tier's readGBps",
      );
    }
    for (let r = 0; r < pool.count; r++) replicas.push(model);
    const memory = servingMemory(
      terms,
      hw,
      servingLayout({ ...serving, inputTokens: 1, outputTokens: 1, maxThroughput: true, prefixHitRatio: 0 }),
      efficiency,
    );
    poolInfo.push({
      name,
      acceleratorId: hw.acceleratorId,
      kvCapacityTokens: model.kvCapacityTokens,
      memory: {
        capacityBytes: memory.capacityBytes,
        weightsBytes: memory.weightsBytes,
        reservedBytes: memory.reservedBytes,
        kvCacheBytes: memory.kvCacheBytes,
      },
    });
  });
  const table = buildRequestTable(traffic);
  const result = simulateFleetReplicas(replicas, table, {
    router: options.router,
    prefixAffinityImbalanceRatio: options.prefixAffinityImbalanceRatio,
    slo: options.slo,
    warmupRequests: options.warmupRequests,
    kvTransferLatencySeconds: options.kvTransferLatencyMs / 1e3,
    perRequest: options.perRequest,
  });
  const fleetPools: FleetPoolResult[] = result.pools.map((p) => {
    const info = poolInfo.find((i) => i.name === p.pool);
    return {
      ...p,
      acceleratorId: info?.acceleratorId ?? p.pool,
      kvCapacityTokensPerReplica: info?.kvCapacityTokens ?? 0,
      memoryPerGpu: info?.memory ?? { capacityBytes: 0, weightsBytes: 0, reservedBytes: 0, kvCacheBytes: 0 },
    };
  });
  const { pools: _pools, ...rest } = result;
  const fleet: FleetResult = {
    architectureId,
    ...rest,
    pools: fleetPools,
    acceleratorCount: fleetPools.reduce((g, p) => g + p.acceleratorCount, 0),
    assumptions: [...FLEET_ASSUMPTIONS],
    warnings: [...warnings, ...result.warnings],
  };
  const { perRequest, ...checked } = fleet;
  assertFiniteResult(checked, "fleet simulation");
  return fleet;
}
