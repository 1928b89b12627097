import { InvalidInputError } from "@aifactory/core";
import { MinHeap } from "./event-heap";
import { type PercentileSummary, summarizePercentiles, WeightedLogHistogram } from "./fleet-stats";
import type { RequestTable } from "./traffic";

/**
 * What a replica does: `mixed` (prefill and decode, continuous batching), or one side of a disaggregated
 * deployment (`prefill` sends each request's KV to a `decode` replica).
 *
 * @since 0.3.0
 * @category Fleet
 */
export type FleetReplicaRole = "mixed" | "prefill" | "decode";

/**
 * A replica as the simulator sees it: its limits and a step-time function. {@link simulateFleet} builds these
 * from the serving model; pass your own (a profiled step-time table, a constant for queueing checks) to
 * {@link simulateFleetReplicas}.
 *
 * @internal
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetReplicaModel {
  /** Pool the replica belongs to (results are reported per pool). */
  pool: string;
  role: FleetReplicaRole;
  /** GPUs of the replica. */
  acceleratorCount: number;
  /** Tokens the KV cache holds. */
  kvCapacityTokens: number;
  /** Sequences admitted at once (prefilling + decoding). */
  maxBatchSize: number;
  /** Tokens per iteration (decode tokens + prefill chunk). */
  maxNumTokens: number;
  /** Prompt tokens per iteration, apart from the decode tokens (SGLang's `chunked_prefill_size`); unset: no cap. */
  maxPrefillTokens?: number;
  /** Split prompts across iterations (true) or admit a prompt only when it fits whole (false). */
  chunkedPrefill: boolean;
  /**
   * `reserve`: a request reserves KV for its whole prompt and output at admission and is never preempted
   * (TensorRT-LLM's guaranteed-no-evict). `on-demand`: KV grows as tokens are computed and the newest request is
   * preempted when it runs out (vLLM, SGLang).
   */
  kvAdmission: "reserve" | "on-demand";
  /** What a preempted request costs: recompute its prompt and output so far, or swap its KV out and back in. */
  preemption: "recompute" | "swap";
  /** Output tokens a decoding sequence gains per iteration (speculative decoding: more than 1). */
  acceptedTokensPerStep: number;
  /** Query tokens a decoding sequence puts in an iteration (1, or 1 + drafts). */
  queryTokensPerSequence: number;
  /** KV bytes of one token on the whole replica (transfers, swaps, tier loads). */
  kvBytesPerToken: number;
  /** Bandwidth of swaps to host memory, bytes/s. */
  swapBytesPerSecond: number;
  /** Bandwidth of KV transfers to a decode replica (prefill role), bytes/s. */
  kvTransferBytesPerSecond: number;
  /** Cache finished prompts' KV blocks for later requests with the same prefix. */
  prefixCaching: boolean;
  /** Cache tiers below HBM, in order (host DRAM, local SSD, remote): capacity in tokens, read bandwidth into HBM. */
  offloadTiers?: readonly { capacityTokens: number; readBytesPerSecond: number }[];
  /**
   * Seconds of one iteration: `decodeSequences` decoding (mean context `meanContextTokens`) and `prefillTokens`
   * prompt tokens prefilled (mean context `prefillContextTokens`).
   */
  stepSeconds(
    decodeSequences: number,
    meanContextTokens: number,
    prefillTokens: number,
    prefillContextTokens: number,
  ): number;
  /**
   * Optional: the mean context (exclusive) up to which a decode-only iteration of `decodeSequences` sequences
   * takes as long as at `meanContextTokens`, i.e. `stepSeconds(decodeSequences, x, 0, 0)` returns the same value
   * for every x from `meanContextTokens` up to it. A step-time function on a grid of contexts knows this; the
   * simulator then asks `stepSeconds` again only when a decode's context leaves the grid cell.
   */
  decodeStepLimit?(decodeSequences: number, meanContextTokens: number): number;
}

/**
 * How the router picks a replica for a new request: `round-robin`, `least-loaded` (fewest outstanding requests
 * relative to the replica's batch limit) or `prefix-aware` (the replica whose cache holds the longest prefix of
 * the prompt unless it is more loaded than the least-loaded one by `prefixAffinityImbalanceRatio`, as SGLang's
 * cache-aware router and llm-d's prefix scorer do), or `central-queue` (requests wait at the router until a
 * replica has a free batch slot, then go to the least-loaded one: gateway-level flow control, and the M/M/c
 * queue of queueing theory).
 *
 * @since 0.3.0
 * @category Fleet
 */
export type FleetRouter = "round-robin" | "least-loaded" | "prefix-aware" | "central-queue";

/**
 * Options of {@link simulateFleetReplicas}.
 *
 * @internal
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetSimulationOptions {
  router: FleetRouter;
  /** Largest load-fraction gap the prefix-aware router accepts to keep a request on its cached replica. */
  prefixAffinityImbalanceRatio: number;
  /** Latency objectives: a request meets the SLO when each given bound holds. */
  slo: { ttftMs?: number | undefined; tpotMs?: number | undefined; e2eMs?: number | undefined };
  /** Requests (in arrival order) left out of the statistics: the warm-up. */
  warmupRequests: number;
  /** Fixed latency of a KV transfer between prefill and decode replicas, seconds. */
  kvTransferLatencySeconds: number;
  /** Keep per-request arrays in the result. */
  perRequest: boolean;
}

/**
 * One pool's numbers in a fleet simulation.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetPoolStats {
  pool: string;
  role: FleetReplicaRole;
  replicas: number;
  acceleratorCount: number;
  /** Share of the simulated time the pool's replicas were running iterations (0..1). */
  busyRatio: number;
  /** Time-weighted mean of used KV over KV capacity (0..1). */
  meanKvOccupancyRatio: number;
  /** Time-weighted mean of sequences decoding per busy replica. */
  meanDecodeBatch: number;
  iterations: number;
  preemptions: number;
  /** Prompt tokens served from a cache tier over prompt tokens that reached the pool. */
  prefixHitRatio: number;
  /** Prompt tokens recomputed after preemption. */
  recomputedTokens: number;
}

/**
 * The result of a fleet simulation. Latencies in milliseconds; rates per second of simulated time (first arrival
 * to last completion).
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface FleetSimulationResult {
  requests: number;
  /** Requests counted in the statistics (after the warm-up, rejected ones excluded). */
  measuredRequests: number;
  /** Requests that can never fit a replica's KV cache (prompt + output over capacity). */
  rejectedRequests: number;
  simulatedSeconds: number;
  ttftMs: PercentileSummary;
  /** Time per output token after the first, per request: (last - first token) / (output - 1). */
  tpotMs: PercentileSummary;
  /** Inter-token latency over all generated tokens (iteration times seen by each decoding sequence). */
  itlMs: { mean: number; p50: number; p90: number; p99: number; max: number };
  e2eMs: PercentileSummary;
  /** Time from arrival to admission on the replica that prefilled it. */
  queueMs: PercentileSummary;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  inputTokensPerSecond: number;
  /** Share of measured requests meeting every given SLO bound (1 when none is given). */
  sloAttainmentRatio: number;
  /** Measured requests meeting the SLO per second. */
  goodputRequestsPerSecond: number;
  /** Prompt tokens served from cache over all prompt tokens. */
  prefixHitRatio: number;
  preemptions: number;
  pools: FleetPoolStats[];
  /** Events processed (arrivals, iteration ends, transfers). */
  events: number;
  /** Per-request numbers (when `perRequest`), in request order; NaN for rejected requests. */
  perRequest?: { arrivalSeconds: Float64Array; ttftMs: Float64Array; tpotMs: Float64Array; e2eMs: Float64Array };
  warnings: string[];
}

const WAITING = 1;
const PREFILLING = 2;
const DECODING = 3;
const DONE = 4;
const TRANSFERRING = 5;

const EVENT_ARRIVAL = 0;
const EVENT_STEP_END = 1;
const EVENT_READY = 2;

/** The most events one simulation processes before it refuses. */
const MAX_EVENTS = 200_000_000;

/** KV is allocated in 32-token blocks (TensorRT-LLM's `tokens_per_block` default). */
function roundToBlock(tokens: number): number {
  return Math.ceil(tokens / 32) * 32;
}

/**
 * LRU cache of prompt blocks on one replica: HBM (its limit follows the free KV) and offload tiers below it (host
 * DRAM, SSD, a remote store). A block evicted from HBM moves to the first tier, from there to the next; a hit in a
 * tier is read back into HBM at that tier's bandwidth.
 */
class PrefixCache {
  readonly hbm = new Map<number, true>();
  readonly tiers: { blocks: Map<number, true>; capacityBlocks: number; secondsPerBlock: number }[];
  constructor(
    readonly blockTokens: number,
    tiers: readonly { capacityTokens: number; readBytesPerSecond: number }[],
    kvBytesPerToken: number,
  ) {
    this.tiers = tiers
      .map((t) => ({
        blocks: new Map<number, true>(),
        capacityBlocks: Math.floor(t.capacityTokens / blockTokens),
        secondsPerBlock: (blockTokens * kvBytesPerToken) / t.readBytesPerSecond,
      }))
      .filter((t) => t.capacityBlocks > 0);
  }

  /** Leading prompt blocks found (out[0]) and the seconds to read those found in tiers (out[1]); touches them. */
  lookup(ids: Int32Array, start: number, count: number, out: Float64Array): void {
    let found = 0;
    let seconds = 0;
    const hbm = this.hbm;
    for (let b = 0; b < count; b++) {
      const id = ids[start + b] as number;
      if (hbm.has(id)) {
        hbm.delete(id);
        hbm.set(id, true);
        found += 1;
        continue;
      }
      let inTier = false;
      for (const tier of this.tiers) {
        if (tier.blocks.delete(id)) {
          hbm.set(id, true);
          seconds += tier.secondsPerBlock;
          inTier = true;
          break;
        }
      }
      if (!inTier) break;
      found += 1;
    }
    out[0] = found;
    out[1] = seconds;
  }

  /** Leading blocks present in HBM (router scoring; does not touch). */
  match(ids: Int32Array, start: number, count: number): number {
    let found = 0;
    for (let b = 0; b < count; b++) {
      if (!this.hbm.has(ids[start + b] as number)) break;
      found += 1;
    }
    return found;
  }

  /** Whether a block is in HBM. */
  has(id: number): boolean {
    return this.hbm.has(id);
  }

  insert(id: number): void {
    if (this.hbm.has(id)) this.hbm.delete(id);
    else for (const tier of this.tiers) if (tier.blocks.delete(id)) break;
    this.hbm.set(id, true);
  }

  trim(limitBlocks: number): void {
    const limit = Math.max(0, limitBlocks);
    if (this.hbm.size <= limit) return;
    for (const id of this.hbm.keys()) {
      if (this.hbm.size <= limit) break;
      this.hbm.delete(id);
      this.demote(id, 0);
    }
  }

  /** Moves an evicted block into tier `level`, cascading that tier's own evictions down. */
  private demote(id: number, level: number): void {
    const tier = this.tiers[level];
    if (tier === undefined) return;
    tier.blocks.set(id, true);
    if (tier.blocks.size <= tier.capacityBlocks) return;
    for (const old of tier.blocks.keys()) {
      tier.blocks.delete(old);
      this.demote(old, level + 1);
      break;
    }
  }
}

/** One replica's run-time state. */
class ReplicaState {
  readonly waiting: number[] = [];
  waitingHead = 0;
  /** Preempted requests, served before new ones (vLLM puts them at the front of the queue). */
  readonly resumed: number[] = [];
  readonly prefilling: number[] = [];
  prefillingHead = 0;
  readonly decodeHeap = new MinHeap();
  /** Requests in admission order (preemption takes the newest); stale entries are skipped. */
  readonly running: number[] = [];
  decoding = 0;
  prefillingCount = 0;
  contextSum = 0;
  usedTokens = 0;
  step = 0;
  busy = false;
  stepStart = 0;
  stepDecoding = 0;
  /** Seconds of tier loads and swap-ins the next iteration pays. */
  pendingSeconds = 0;
  readonly stepRequests: number[] = [];
  readonly stepChunks: number[] = [];
  stepCount = 0;
  outstanding = 0;
  // Statistics.
  busySeconds = 0;
  occupancyIntegral = 0;
  decodeBatchIntegral = 0;
  iterations = 0;
  preemptions = 0;
  promptTokens = 0;
  cachedTokens = 0;
  recomputedTokens = 0;
  readonly cache: PrefixCache | undefined;
  constructor(
    readonly model: FleetReplicaModel,
    readonly index: number,
    blockTokens: number,
  ) {
    this.cache = model.prefixCaching
      ? new PrefixCache(blockTokens, model.offloadTiers ?? [], model.kvBytesPerToken)
      : undefined;
  }

  hasWork(): boolean {
    return (
      this.decoding > 0 || this.prefillingCount > 0 || this.waitingHead < this.waiting.length || this.resumed.length > 0
    );
  }

  /** Load as a share of the batch limit (router). */
  load(): number {
    return this.outstanding / Math.max(1, this.model.maxBatchSize);
  }
}

/**
 * Simulates a serving fleet event by event: requests arrive (open loop, closed loop or sessions), a router
 * assigns each to a replica, and each replica runs continuous-batching iterations (decode every running sequence,
 * prefill prompt chunks within the token budget) whose durations come from its step-time function. KV capacity
 * bounds admission (reserve or on-demand with preemption), a prefix cache with an optional offload tier serves
 * repeated prefixes, and disaggregated prefill replicas hand requests to decode replicas after a KV transfer.
 * Deterministic: the same inputs give the same result.
 *
 * @internal
 * @param replicas - the replicas (at least one that takes new requests: `mixed` or `prefill`)
 * @param table - the requests ({@link buildRequestTable})
 * @param options - router, SLOs, warm-up
 * @returns latency percentiles, throughput, goodput, utilisation and cache statistics
 * @throws InvalidInputError when the fleet has no entry replica, or the run exceeds 200M events
 * @example
 * ```ts
 * import { fleetTrafficSchema } from "@aifactory/workloads";
 * import { buildRequestTable, simulateFleetReplicas } from "@aifactory/workloads/internal";
 * const replica = { pool: "m", role: "mixed" as const, acceleratorCount: 1, kvCapacityTokens: 1e6, maxBatchSize: 1,
 *   maxNumTokens: 1e6, chunkedPrefill: false, kvAdmission: "reserve" as const, preemption: "recompute" as const,
 *   acceptedTokensPerStep: 1, queryTokensPerSequence: 1, kvBytesPerToken: 1, swapBytesPerSecond: 1e9,
 *   kvTransferBytesPerSecond: 1e9, prefixCaching: false, stepSeconds: () => 0.1 };
 * const table = buildRequestTable(fleetTrafficSchema.parse({ arrival: { kind: "poisson", ratePerSecond: 5 },
 *   requests: 2000, inputTokens: { kind: "fixed", tokens: 10 }, outputTokens: { kind: "fixed", tokens: 1 } }));
 * const result = simulateFleetReplicas([replica], table, { router: "least-loaded", prefixAffinityImbalanceRatio: 0.25,
 *   slo: {}, warmupRequests: 0, kvTransferLatencySeconds: 0, perRequest: false });
 * result.queueMs.mean; // about 50 (M/D/1 at rho 0.5: 0.05 s)
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function simulateFleetReplicas(
  replicas: readonly FleetReplicaModel[],
  table: RequestTable,
  options: FleetSimulationOptions,
): FleetSimulationResult {
  const n = table.count;
  const bt = table.blockTokens;
  const states = replicas.map((m, i) => new ReplicaState(m, i, bt));
  const entry = states.filter((s) => s.model.role !== "decode");
  const decodeTargets = states.filter((s) => s.model.role === "decode");
  if (entry.length === 0) {
    throw new InvalidInputError("fleet", [
      {
        path: "pools",
        message: "no pool takes new requests (every pool has role decode)",
        hint: 'add a pool with role "mixed" or "prefill"',
      },
    ]);
  }
  if (entry.some((s) => s.model.role === "prefill") && decodeTargets.length === 0) {
    throw new InvalidInputError("fleet", [
      {
        path: "pools",
        message: "a prefill pool needs a decode pool to hand its requests to",
        hint: 'add a pool with role "decode"',
      },
    ]);
  }
  const warnings: string[] = [];

  // Per-request state.
  const state = new Uint8Array(n);
  const replicaOf = new Int32Array(n).fill(-1);
  const arrival = new Float64Array(n).fill(Number.NaN);
  const admitted = new Float64Array(n).fill(Number.NaN);
  const firstToken = new Float64Array(n).fill(Number.NaN);
  const finish = new Float64Array(n).fill(Number.NaN);
  const prefillLeft = new Float64Array(n);
  const prefillDone = new Float64Array(n);
  const alloc = new Float64Array(n);
  const generatedAtJoin = new Float64Array(n);
  const joinStep = new Float64Array(n);
  const finishStep = new Float64Array(n);
  const prefillSlot = new Int32Array(n).fill(-1);
  const hitBlocks = new Int32Array(n);
  const rejected = new Uint8Array(n);
  const lookup = new Float64Array(2);

  // Arrivals known in advance (open loop, first closed-loop wave, sessions' first turns), in time order.
  const known: number[] = [];
  const isFirstTurn = new Uint8Array(n).fill(1);
  for (let i = 0; i < n; i++) {
    const next = table.nextTurn[i] as number;
    if (next >= 0) isFirstTurn[next] = 0;
  }
  const deferredFirst: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(table.arrivalSeconds[i] as number)) known.push(i);
    else if (isFirstTurn[i] === 1) deferredFirst.push(i);
  }
  // Tables come in arrival order (synthetic traffic draws increasing times, traces are sorted): sort only if not.
  let ordered = true;
  for (let k = 1; k < known.length && ordered; k++) {
    if (
      (table.arrivalSeconds[known[k] as number] as number) < (table.arrivalSeconds[known[k - 1] as number] as number)
    ) {
      ordered = false;
    }
  }
  if (!ordered)
    known.sort((a, b) => (table.arrivalSeconds[a] as number) - (table.arrivalSeconds[b] as number) || a - b);
  let knownHead = 0;
  let deferredHead = 0;
  const events = new MinHeap();
  let eventCount = 0;
  let roundRobin = 0;
  let done = 0;
  let now = 0;
  const interTokenLatency = new WeightedLogHistogram();

  const route = (req: number): ReplicaState => {
    if (entry.length === 1) return entry[0] as ReplicaState;
    if (options.router === "round-robin") {
      const s = entry[roundRobin % entry.length] as ReplicaState;
      roundRobin += 1;
      return s;
    }
    let least = entry[0] as ReplicaState;
    for (const s of entry) if (s.load() < least.load()) least = s;
    if (options.router === "prefix-aware") {
      const start = table.blockStart[req] as number;
      const count = table.blockCount[req] as number;
      if (count > 0) {
        // Fast path: replicas holding the prompt's last block hold (nearly) all of it; the least loaded wins.
        const last = table.blockIds[start + count - 1] as number;
        let holder: ReplicaState | undefined;
        for (const s of entry) {
          if (s.cache?.has(last) && (holder === undefined || s.load() < holder.load())) holder = s;
        }
        if (holder !== undefined && holder.load() - least.load() <= options.prefixAffinityImbalanceRatio) return holder;
        let best: ReplicaState | undefined;
        let bestMatch = 0;
        for (const s of entry) {
          const m = s.cache?.match(table.blockIds, start, count) ?? 0;
          if (m > bestMatch || (m === bestMatch && m > 0 && best !== undefined && s.load() < best.load())) {
            best = s;
            bestMatch = m;
          }
        }
        if (best !== undefined && best.load() - least.load() <= options.prefixAffinityImbalanceRatio) return best;
      }
    }
    return least;
  };

  const minDecodeCapacity = decodeTargets.reduce((m, s) => Math.min(m, s.model.kvCapacityTokens), Infinity);

  /** KV tokens a request must be able to hold on a replica (whole reservation, or at least its prompt). */
  const minimumTokens = (s: ReplicaState, req: number): number => {
    const isl = table.inputTokens[req] as number;
    const osl = table.outputTokens[req] as number;
    if (s.model.role === "prefill") return isl;
    return s.model.kvAdmission === "reserve" ? roundToBlock(isl + osl) : isl + 1;
  };

  const centralQueue: number[] = [];
  let centralHead = 0;
  const central = options.router === "central-queue";
  /** Central queue: the least-loaded entry replica with a free batch slot, if any. */
  const freeReplica = (): ReplicaState | undefined => {
    let best: ReplicaState | undefined;
    for (const s of entry) {
      if (s.outstanding < s.model.maxBatchSize && (best === undefined || s.load() < best.load())) best = s;
    }
    return best;
  };
  const dispatchCentral = (t: number): void => {
    while (centralHead < centralQueue.length) {
      const s = freeReplica();
      if (s === undefined) return;
      place(s, centralQueue[centralHead++] as number, t);
    }
  };

  const arrive = (req: number, t: number): void => {
    arrival[req] = t;
    if (central) {
      centralQueue.push(req);
      dispatchCentral(t);
      return;
    }
    place(route(req), req, t);
  };

  const place = (s: ReplicaState, req: number, t: number): void => {
    const isl = table.inputTokens[req] as number;
    const osl = table.outputTokens[req] as number;
    if (
      minimumTokens(s, req) > s.model.kvCapacityTokens ||
      (s.model.role === "prefill" && isl + osl > minDecodeCapacity)
    ) {
      rejected[req] = 1;
      state[req] = DONE;
      done += 1;
      afterFinish(req, t);
      return;
    }
    replicaOf[req] = s.index;
    state[req] = WAITING;
    s.waiting.push(req);
    s.outstanding += 1;
    if (!s.busy) startStep(s, t);
  };

  /** A finished request lets its session or closed-loop client send the next one. */
  const afterFinish = (req: number, t: number): void => {
    if (central && centralHead < centralQueue.length) dispatchCentral(t);
    const next = table.nextTurn[req] as number;
    if (next >= 0) {
      events.push(t + (table.idleAfterSeconds[req] as number), EVENT_ARRIVAL, next);
      return;
    }
    if (table.closedLoopConcurrency > 0 && deferredHead < deferredFirst.length) {
      const nextClient = deferredFirst[deferredHead++] as number;
      events.push(t, EVENT_ARRIVAL, nextClient);
    }
  };

  const trimCache = (s: ReplicaState): void => {
    if (s.cache !== undefined) s.cache.trim(Math.floor((s.model.kvCapacityTokens - s.usedTokens) / bt));
  };

  /** Admits waiting requests while the batch and KV allow (first come, first served). */
  const admit = (s: ReplicaState, t: number): void => {
    const m = s.model;
    for (;;) {
      if (s.decoding + s.prefillingCount >= m.maxBatchSize) return;
      const fromResumed = s.resumed.length > 0;
      if (!fromResumed && s.waitingHead >= s.waiting.length) return;
      const req = fromResumed ? (s.resumed[s.resumed.length - 1] as number) : (s.waiting[s.waitingHead] as number);
      const isl = table.inputTokens[req] as number;
      const osl = table.outputTokens[req] as number;
      const decodeOnly = m.role === "decode";
      let cached = 0;
      let tierSeconds = 0;
      if (!fromResumed && !decodeOnly && s.cache !== undefined) {
        const count = table.blockCount[req] as number;
        if (count > 0) {
          s.cache.lookup(table.blockIds, table.blockStart[req] as number, count, lookup);
          cached = Math.min(isl, (lookup[0] as number) * bt);
          hitBlocks[req] = lookup[0] as number;
          tierSeconds = lookup[1] as number;
        }
      }
      const swapIn = fromResumed && m.preemption === "swap";
      let need: number;
      if (swapIn) {
        need = alloc[req] as number;
      } else if (m.kvAdmission === "reserve") {
        need = Math.max(0, roundToBlock(m.role === "prefill" ? isl : isl + osl) - cached);
      } else {
        need = decodeOnly ? isl + 1 : 0;
      }
      const firstChunk =
        m.kvAdmission === "on-demand" && !decodeOnly ? Math.min(Math.max(1, isl - cached), m.maxNumTokens) : 0;
      if (s.usedTokens + need + firstChunk > m.kvCapacityTokens) return;
      if (fromResumed) s.resumed.pop();
      else s.waitingHead += 1;
      if (Number.isNaN(admitted[req] as number)) admitted[req] = t;
      s.usedTokens += need;
      alloc[req] = need;
      trimCache(s);
      s.running.push(req);
      if (decodeOnly || swapIn) {
        // Joins the decode batch with its KV in place (transferred, or swapped back in: out and in again).
        if (swapIn) s.pendingSeconds += (2 * need * m.kvBytesPerToken) / m.swapBytesPerSecond;
        joinDecode(s, req, decodeOnly ? 1 : (generatedAtJoin[req] as number));
        continue;
      }
      if (!fromResumed) {
        s.promptTokens += isl;
        s.cachedTokens += cached;
        prefillDone[req] = cached >= isl ? isl - 1 : cached;
        prefillLeft[req] = isl - (prefillDone[req] as number);
        generatedAtJoin[req] = 0;
        s.pendingSeconds += tierSeconds;
      } else {
        // Recompute: the prompt and the tokens generated so far are prefilled again.
        const redo = isl + (generatedAtJoin[req] as number);
        prefillDone[req] = 0;
        prefillLeft[req] = redo;
        s.recomputedTokens += redo;
      }
      state[req] = PREFILLING;
      prefillSlot[req] = s.prefilling.length;
      s.prefilling.push(req);
      s.prefillingCount += 1;
    }
  };

  const joinDecode = (s: ReplicaState, req: number, generated: number): void => {
    const osl = table.outputTokens[req] as number;
    const isl = table.inputTokens[req] as number;
    state[req] = DECODING;
    generatedAtJoin[req] = generated;
    joinStep[req] = s.step;
    const steps = Math.ceil((osl - generated) / s.model.acceptedTokensPerStep);
    finishStep[req] = s.step + steps;
    s.decodeHeap.push(s.step + steps, 0, req);
    s.decoding += 1;
    s.contextSum += isl + generated;
  };

  const startStep = (s: ReplicaState, t: number): void => {
    admit(s, t);
    const m = s.model;
    s.stepCount = 0;
    let budget = Math.max(0, m.maxNumTokens - s.decoding * m.queryTokensPerSequence);
    if (s.decoding === 0) budget = m.maxNumTokens;
    if (m.maxPrefillTokens !== undefined) budget = Math.min(budget, m.maxPrefillTokens);
    let prefillTokens = 0;
    let prefillContextSum = 0;
    // Tier loads and swap-ins of the requests just admitted are paid by this iteration.
    const extra = s.pendingSeconds;
    s.pendingSeconds = 0;
    // Prompt chunks, first come first served, within the token budget.
    for (let i = s.prefillingHead; i < s.prefilling.length && budget > 0; i++) {
      const req = s.prefilling[i] as number;
      if (state[req] !== PREFILLING || prefillSlot[req] !== i) continue;
      const left = prefillLeft[req] as number;
      let take: number;
      if (m.chunkedPrefill) {
        take = Math.min(budget, left);
      } else if (left <= budget) {
        take = left;
      } else if (prefillTokens === 0 && s.decoding === 0) {
        take = left; // an oversized prompt runs alone
      } else {
        break;
      }
      if (take <= 0) continue;
      s.stepRequests[s.stepCount] = req;
      s.stepChunks[s.stepCount] = take;
      s.stepCount += 1;
      budget -= take;
      prefillTokens += take;
      prefillContextSum += take * ((prefillDone[req] as number) + take / 2);
      if (!m.chunkedPrefill && prefillTokens >= m.maxNumTokens) break;
    }
    if (s.decoding === 0 && prefillTokens === 0) {
      s.busy = false;
      return;
    }
    const meanContext = s.decoding > 0 ? s.contextSum / s.decoding : 0;
    const duration =
      m.stepSeconds(s.decoding, meanContext, prefillTokens, prefillTokens > 0 ? prefillContextSum / prefillTokens : 0) +
      extra;
    recordStep(s, t, duration);
    events.push(t + duration, EVENT_STEP_END, s.index);
  };

  const tooManyEvents = (): InvalidInputError =>
    new InvalidInputError("fleet simulation", [
      {
        path: "traffic.requests",
        message: `needs more than ${MAX_EVENTS.toExponential(0)} events to simulate`,
        received: n,
        hint: "simulate fewer requests",
      },
    ]);

  /** The statistics of an iteration that starts at `t` and runs `duration` seconds. */
  const recordStep = (s: ReplicaState, t: number, duration: number): void => {
    const m = s.model;
    s.busy = true;
    s.stepStart = t;
    s.stepDecoding = s.decoding;
    s.busySeconds += duration;
    s.occupancyIntegral += (s.usedTokens / m.kvCapacityTokens) * duration;
    s.decodeBatchIntegral += s.decoding * duration;
    s.iterations += 1;
    if (s.decoding > 0) interTokenLatency.add(duration / m.acceptedTokensPerStep, s.decoding * m.acceptedTokensPerStep);
  };

  /**
   * Whether the iteration of `s` that ends now only decodes on: no sequence finishes, no prompt chunk was in it,
   * nothing can be admitted and nothing is left to prefill, no preemption, no queue to compact. `endStep` followed
   * by `startStep` then only advances the decode batch by one step and starts the next decode-only iteration.
   */
  const decodesOn = (s: ReplicaState): boolean => {
    const m = s.model;
    if (s.stepCount !== 0 || s.decoding === 0 || s.pendingSeconds !== 0) return false;
    if (s.prefillingCount !== 0 || s.prefillingHead !== s.prefilling.length || s.resumed.length !== 0) return false;
    if (s.waitingHead < s.waiting.length && s.decoding < m.maxBatchSize) return false;
    if (s.prefillingHead > 4096 && s.prefillingHead * 2 > s.prefilling.length) return false;
    if (s.waitingHead > 4096 && s.waitingHead * 2 > s.waiting.length) return false;
    if (s.decodeHeap.size > 0 && s.decodeHeap.peekKey() <= s.step + 1) return false;
    if (m.kvAdmission === "on-demand") {
      if (s.usedTokens + s.stepDecoding * m.acceptedTokensPerStep > m.kvCapacityTokens) return false;
      if (s.running.length > 4 * s.decoding + 64) return false;
    }
    return true;
  };

  /**
   * Runs the decode-only iterations of `s` from the step end at `now` for as long as no other event comes between
   * them (most iterations of a long decode): each does exactly what `endStep` and `startStep` would, in the same
   * order of floating-point operations, without the event queue round trip. Returns false when the step end at
   * `now` is not such an iteration (the caller runs `endStep`).
   */
  const decodeStretch = (s: ReplicaState): boolean => {
    const nextKnown =
      knownHead < known.length ? (table.arrivalSeconds[known[knownHead] as number] as number) : Infinity;
    const nextOther = events.size > 0 ? events.peekKey() : Infinity;
    // Worth it only when another event is at least two iterations away (replicas of a fleet take turns, and a
    // stretch of one iteration costs more than endStep does): the last iteration's duration is the guess.
    if (Math.min(nextKnown, nextOther) <= now + 2 * (now - s.stepStart)) return false;
    if (!decodesOn(s)) return false;
    // Within the stretch only the step count, the context and (on-demand) the used KV change: the other
    // conditions of `decodesOn` keep holding, and no event or arrival joins the queue. The replica's counters
    // live in locals meanwhile (each gets the same additions in the same order) and are stored when it ends.
    const m = s.model;
    const accepted = m.acceptedTokensPerStep;
    const onDemand = m.kvAdmission === "on-demand";
    const capacity = m.kvCapacityTokens;
    const decoding = s.decoding;
    const heap = s.decodeHeap;
    const nextFinish = heap.size > 0 ? heap.peekKey() : Infinity;
    const extra = s.pendingSeconds;
    let step = s.step;
    let contextSum = s.contextSum;
    let usedTokens = s.usedTokens;
    let stepDecoding = s.stepDecoding;
    let busySeconds = s.busySeconds;
    let occupancyIntegral = s.occupancyIntegral;
    let decodeBatchIntegral = s.decodeBatchIntegral;
    let iterations = s.iterations;
    let t = now;
    // The step time holds until the mean context reaches `validBelow` (the context only grows here); equal
    // inter-token latencies are added to the histogram together.
    let seconds = 0;
    let validBelow = Number.NEGATIVE_INFINITY;
    let itlValue = Number.NaN;
    let itlRepeats = 0;
    for (;;) {
      // endStep: the batch advances by one step; nothing finishes.
      step += 1;
      contextSum += stepDecoding * accepted;
      if (onDemand) usedTokens += stepDecoding * accepted;
      if (s.cache !== undefined) {
        s.usedTokens = usedTokens;
        trimCache(s);
      }
      // startStep: no admission, no prompt chunk; pendingSeconds is 0, added as startStep adds it.
      const meanContext = contextSum / decoding;
      if (!(meanContext < validBelow)) {
        seconds = m.stepSeconds(decoding, meanContext, 0, 0);
        validBelow =
          m.decodeStepLimit === undefined ? Number.NEGATIVE_INFINITY : m.decodeStepLimit(decoding, meanContext);
      }
      const duration = seconds + extra;
      // recordStep
      stepDecoding = decoding;
      busySeconds += duration;
      occupancyIntegral += (usedTokens / capacity) * duration;
      decodeBatchIntegral += decoding * duration;
      iterations += 1;
      const itl = duration / accepted;
      if (itl !== itlValue) {
        if (itlRepeats > 0) interTokenLatency.addRepeated(itlValue, decoding * accepted, itlRepeats);
        itlValue = itl;
        itlRepeats = 0;
      }
      itlRepeats += 1;
      const end = t + duration;
      // The next step end is handled here only if it is the next event the loop below would take, and only decodes.
      if (
        nextOther <= end ||
        nextKnown < end ||
        nextFinish <= step + 1 ||
        (onDemand && usedTokens + decoding * accepted > capacity)
      ) {
        interTokenLatency.addRepeated(itlValue, decoding * accepted, itlRepeats);
        s.step = step;
        s.contextSum = contextSum;
        s.usedTokens = usedTokens;
        s.busy = true;
        s.stepStart = t;
        s.stepDecoding = stepDecoding;
        s.busySeconds = busySeconds;
        s.occupancyIntegral = occupancyIntegral;
        s.decodeBatchIntegral = decodeBatchIntegral;
        s.iterations = iterations;
        now = t;
        events.push(end, EVENT_STEP_END, s.index);
        return true;
      }
      eventCount += 1;
      if (eventCount > MAX_EVENTS) throw tooManyEvents();
      t = end;
    }
  };

  const finishRequest = (s: ReplicaState, req: number, t: number): void => {
    state[req] = DONE;
    finish[req] = t;
    s.outstanding -= 1;
    done += 1;
    if (s.cache !== undefined && s.model.role !== "decode") cacheAnswer(s, req);
    afterFinish(req, t);
  };

  /** The answer's blocks as the next turn of the conversation will read them. */
  const cacheAnswer = (s: ReplicaState, req: number): void => {
    const next = table.successor[req] as number;
    if (next < 0) return;
    const cache = s.cache as PrefixCache;
    const from = table.blockCount[req] as number;
    const total = Math.min(
      table.blockCount[next] as number,
      Math.floor(((table.inputTokens[req] as number) + (table.outputTokens[req] as number)) / bt),
    );
    const start = table.blockStart[next] as number;
    for (let b = from; b < total; b++) cache.insert(table.blockIds[start + b] as number);
  };

  /** A completed prompt's blocks enter the cache (the prefix it hit at admission was touched then). */
  const insertBlocks = (s: ReplicaState, req: number): void => {
    const cache = s.cache as PrefixCache;
    const start = table.blockStart[req] as number;
    const count = table.blockCount[req] as number;
    for (let b = hitBlocks[req] as number; b < count; b++) cache.insert(table.blockIds[start + b] as number);
  };

  const endStep = (s: ReplicaState, t: number): void => {
    const m = s.model;
    s.step += 1;
    const accepted = m.acceptedTokensPerStep;
    s.contextSum += s.stepDecoding * accepted;
    if (m.kvAdmission === "on-demand") s.usedTokens += s.stepDecoding * accepted;
    // Decoding sequences that produced their last token.
    const heap = s.decodeHeap;
    while (heap.size > 0 && heap.peekKey() <= s.step) {
      const req = heap.peekValue();
      const key = heap.peekKey();
      heap.pop();
      if (state[req] !== DECODING || finishStep[req] !== key) continue;
      const isl = table.inputTokens[req] as number;
      const grown = (s.step - (joinStep[req] as number)) * accepted;
      s.decoding -= 1;
      s.contextSum -= isl + (generatedAtJoin[req] as number) + grown;
      s.usedTokens -= (alloc[req] as number) + (m.kvAdmission === "on-demand" ? grown : 0);
      finishRequest(s, req, t);
    }
    // Prompt chunks of this iteration.
    for (let i = 0; i < s.stepCount; i++) {
      const req = s.stepRequests[i] as number;
      const chunk = s.stepChunks[i] as number;
      if (state[req] !== PREFILLING) continue;
      prefillLeft[req] = (prefillLeft[req] as number) - chunk;
      prefillDone[req] = (prefillDone[req] as number) + chunk;
      if (m.kvAdmission === "on-demand") {
        alloc[req] = (alloc[req] as number) + chunk;
        s.usedTokens += chunk;
      }
      if ((prefillLeft[req] as number) > 0) continue;
      s.prefillingCount -= 1;
      const osl = table.outputTokens[req] as number;
      const resumedGenerated = generatedAtJoin[req] as number;
      if (Number.isNaN(firstToken[req] as number)) firstToken[req] = t;
      if (s.cache !== undefined) insertBlocks(s, req);
      if (m.role === "prefill") {
        // Hand over to a decode replica after the KV transfer.
        s.usedTokens -= alloc[req] as number;
        alloc[req] = 0;
        state[req] = TRANSFERRING;
        s.outstanding -= 1;
        if (central) dispatchCentral(t);
        if (osl <= 1) {
          state[req] = DONE;
          finish[req] = t;
          done += 1;
          afterFinish(req, t);
          continue;
        }
        const isl = table.inputTokens[req] as number;
        events.push(
          t + options.kvTransferLatencySeconds + (isl * m.kvBytesPerToken) / m.kvTransferBytesPerSecond,
          EVENT_READY,
          req,
        );
        continue;
      }
      const generated = Math.max(1, resumedGenerated);
      if (generated >= osl) {
        s.usedTokens -= alloc[req] as number;
        finishRequest(s, req, t);
        continue;
      }
      joinDecode(s, req, generated);
    }
    // Advance the prefilling queue past finished entries.
    while (s.prefillingHead < s.prefilling.length) {
      const head = s.prefilling[s.prefillingHead] as number;
      if (state[head] === PREFILLING && prefillSlot[head] === s.prefillingHead) break;
      s.prefillingHead += 1;
    }
    if (s.prefillingHead > 4096 && s.prefillingHead * 2 > s.prefilling.length) {
      const old = s.prefilling.splice(0);
      for (let j = s.prefillingHead; j < old.length; j++) {
        const r = old[j] as number;
        if (state[r] === PREFILLING && prefillSlot[r] === j) {
          prefillSlot[r] = s.prefilling.length;
          s.prefilling.push(r);
        }
      }
      s.prefillingHead = 0;
    }
    if (s.waitingHead > 4096 && s.waitingHead * 2 > s.waiting.length) {
      s.waiting.splice(0, s.waitingHead);
      s.waitingHead = 0;
    }
    // Out of KV (on-demand): preempt the newest running requests.
    if (m.kvAdmission === "on-demand") {
      while (s.usedTokens > m.kvCapacityTokens && s.running.length > 0) {
        const victim = s.running.pop() as number;
        const st = state[victim];
        if ((st !== DECODING && st !== PREFILLING) || replicaOf[victim] !== s.index) continue;
        if (s.decoding + s.prefillingCount <= 1) {
          s.running.push(victim);
          break;
        }
        preempt(s, victim);
      }
      if (s.running.length > 4 * (s.decoding + s.prefillingCount) + 64) {
        const live = [
          ...new Set(
            s.running.filter((r) => (state[r] === DECODING || state[r] === PREFILLING) && replicaOf[r] === s.index),
          ),
        ];
        s.running.length = 0;
        for (const r of live) s.running.push(r);
      }
    }
    trimCache(s);
    startStep(s, t);
  };

  const preempt = (s: ReplicaState, req: number): void => {
    const m = s.model;
    const isl = table.inputTokens[req] as number;
    s.preemptions += 1;
    if (state[req] === DECODING) {
      const grown = (s.step - (joinStep[req] as number)) * m.acceptedTokensPerStep;
      const generated = Math.min((table.outputTokens[req] as number) - 1, (generatedAtJoin[req] as number) + grown);
      s.decoding -= 1;
      s.contextSum -= isl + (generatedAtJoin[req] as number) + grown;
      s.usedTokens -= (alloc[req] as number) + grown;
      generatedAtJoin[req] = generated;
      if (m.preemption === "swap") alloc[req] = isl + generated;
      else alloc[req] = 0;
    } else {
      s.prefillingCount -= 1;
      s.usedTokens -= alloc[req] as number;
      alloc[req] = 0;
    }
    finishStep[req] = Number.NaN;
    state[req] = WAITING;
    s.resumed.push(req);
  };

  const ready = (req: number, t: number): void => {
    // A prefilled request joins the least-loaded decode replica.
    let target = decodeTargets[0] as ReplicaState;
    for (const s of decodeTargets) if (s.load() < target.load()) target = s;
    replicaOf[req] = target.index;
    state[req] = WAITING;
    target.waiting.push(req);
    target.outstanding += 1;
    if (!target.busy) startStep(target, t);
  };

  while (done < n) {
    const nextKnown =
      knownHead < known.length ? (table.arrivalSeconds[known[knownHead] as number] as number) : Infinity;
    const nextEvent = events.size > 0 ? events.peekKey() : Infinity;
    if (nextKnown === Infinity && nextEvent === Infinity) break;
    eventCount += 1;
    if (eventCount > MAX_EVENTS) throw tooManyEvents();
    if (nextKnown < nextEvent) {
      now = nextKnown;
      arrive(known[knownHead++] as number, now);
      continue;
    }
    now = nextEvent;
    const kind = events.peekKind();
    const value = events.peekValue();
    events.pop();
    if (kind === EVENT_ARRIVAL) arrive(value, now);
    else if (kind === EVENT_STEP_END) {
      const s = states[value] as ReplicaState;
      if (!decodeStretch(s)) endStep(s, now);
    } else ready(value, now);
  }
  if (done < n) {
    warnings.push(`${n - done} requests never completed (a replica could not admit them)`);
  }

  // Statistics.
  let firstArrival = Infinity;
  let lastFinish = 0;
  let rejectedCount = 0;
  let arrived = 0;
  for (let i = 0; i < n; i++) {
    if (rejected[i] === 1) rejectedCount += 1;
    const a = arrival[i] as number;
    if (!Number.isNaN(a)) {
      if (a < firstArrival) firstArrival = a;
      arrived += 1;
    }
    const f = finish[i] as number;
    if (!Number.isNaN(f) && f > lastFinish) lastFinish = f;
  }
  // The warm-up: the first `warmupRequests` arrivals (ties broken by request index).
  const warmup = Math.min(options.warmupRequests, arrived);
  let cutoff = -Infinity;
  let tiesAllowed = 0;
  if (warmup > 0) {
    const times = new Float64Array(arrived);
    let k = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(arrival[i] as number)) times[k++] = arrival[i] as number;
    times.sort();
    cutoff = warmup < arrived ? (times[warmup] as number) : Infinity;
    // Requests at exactly the cutoff time that still belong to the warm-up.
    let before = 0;
    for (let j = 0; j < arrived && (times[j] as number) < cutoff; j++) before += 1;
    tiesAllowed = warmup - before;
  }
  const measured: number[] = [];
  for (let i = 0; i < n; i++) {
    const a = arrival[i] as number;
    if (Number.isNaN(a) || a < cutoff) continue;
    if (a === cutoff && tiesAllowed > 0) {
      tiesAllowed -= 1;
      continue;
    }
    if (rejected[i] === 0) measured.push(i);
  }
  const ttft = new Float64Array(measured.length);
  const tpot = new Float64Array(measured.length);
  const e2e = new Float64Array(measured.length);
  const queue = new Float64Array(measured.length);
  let inputTokens = 0;
  let outputTokens = 0;
  let meeting = 0;
  const slo = options.slo;
  for (let k = 0; k < measured.length; k++) {
    const i = measured[k] as number;
    const a = arrival[i] as number;
    const osl = table.outputTokens[i] as number;
    ttft[k] = ((firstToken[i] as number) - a) * 1e3;
    tpot[k] = osl > 1 ? (((finish[i] as number) - (firstToken[i] as number)) / (osl - 1)) * 1e3 : Number.NaN;
    e2e[k] = ((finish[i] as number) - a) * 1e3;
    queue[k] = ((admitted[i] as number) - a) * 1e3;
    inputTokens += table.inputTokens[i] as number;
    outputTokens += osl;
    const ok =
      (slo.ttftMs === undefined || (ttft[k] as number) <= slo.ttftMs) &&
      (slo.tpotMs === undefined || Number.isNaN(tpot[k] as number) || (tpot[k] as number) <= slo.tpotMs) &&
      (slo.e2eMs === undefined || (e2e[k] as number) <= slo.e2eMs);
    if (ok) meeting += 1;
  }
  const simulatedSeconds = Math.max(0, lastFinish - (firstArrival === Infinity ? 0 : firstArrival));
  let measuredStart = Infinity;
  for (const i of measured) if ((arrival[i] as number) < measuredStart) measuredStart = arrival[i] as number;
  if (measuredStart === Infinity) measuredStart = 0;
  const window = Math.max(1e-12, lastFinish - measuredStart);
  const pools: FleetPoolStats[] = [];
  const poolNames = [...new Set(replicas.map((r) => r.pool))];
  let prompt = 0;
  let cachedAll = 0;
  let preemptions = 0;
  for (const name of poolNames) {
    const members = states.filter((s) => s.model.pool === name);
    const first = members[0] as ReplicaState;
    let busy = 0;
    let occupancy = 0;
    let batch = 0;
    let iterations = 0;
    let pre = 0;
    let promptTokens = 0;
    let cachedTokens = 0;
    let recomputed = 0;
    for (const s of members) {
      busy += s.busySeconds;
      occupancy += s.occupancyIntegral;
      batch += s.decodeBatchIntegral;
      iterations += s.iterations;
      pre += s.preemptions;
      promptTokens += s.promptTokens;
      cachedTokens += s.cachedTokens;
      recomputed += s.recomputedTokens;
    }
    prompt += promptTokens;
    cachedAll += cachedTokens;
    preemptions += pre;
    const span = Math.max(1e-12, simulatedSeconds) * members.length;
    pools.push({
      pool: name,
      role: first.model.role,
      replicas: members.length,
      acceleratorCount: members.reduce((g, s) => g + s.model.acceleratorCount, 0),
      busyRatio: Math.min(1, busy / span),
      meanKvOccupancyRatio: Math.min(1, occupancy / span),
      meanDecodeBatch: busy > 0 ? batch / busy : 0,
      iterations,
      preemptions: pre,
      prefixHitRatio: promptTokens > 0 ? cachedTokens / promptTokens : 0,
      recomputedTokens: recomputed,
    });
  }
  if (rejectedCount > 0) {
    warnings.push(
      `${rejectedCount} requests need more KV than a replica holds (prompt + output over its capacity) and were rejected`,
    );
  }
  if (preemptions > 0) {
    warnings.push(`${preemptions} preemptions: the KV cache ran out under this load`);
  }
  if (measured.length > 0 && measured.length < 1000) {
    warnings.push(`${measured.length} measured requests: P99 rests on few samples (see p99Interval)`);
  }
  const result: FleetSimulationResult = {
    requests: n,
    measuredRequests: measured.length,
    rejectedRequests: rejectedCount,
    simulatedSeconds,
    ttftMs: summarizePercentiles(ttft),
    tpotMs: summarizePercentiles(tpot),
    itlMs: {
      mean: interTokenLatency.mean() * 1e3,
      p50: interTokenLatency.quantile(0.5) * 1e3,
      p90: interTokenLatency.quantile(0.9) * 1e3,
      p99: interTokenLatency.quantile(0.99) * 1e3,
      max: interTokenLatency.max() * 1e3,
    },
    e2eMs: summarizePercentiles(e2e),
    queueMs: summarizePercentiles(queue),
    requestsPerSecond: measured.length / window,
    outputTokensPerSecond: outputTokens / window,
    inputTokensPerSecond: inputTokens / window,
    sloAttainmentRatio: measured.length > 0 ? meeting / measured.length : 0,
    goodputRequestsPerSecond: meeting / window,
    prefixHitRatio: prompt > 0 ? cachedAll / prompt : 0,
    preemptions,
    pools,
    events: eventCount,
    warnings,
  };
  if (options.perRequest) {
    const perArrival = new Float64Array(n).fill(Number.NaN);
    const perTtft = new Float64Array(n).fill(Number.NaN);
    const perTpot = new Float64Array(n).fill(Number.NaN);
    const perE2e = new Float64Array(n).fill(Number.NaN);
    for (let i = 0; i < n; i++) {
      if (rejected[i] === 1) continue;
      const a = arrival[i] as number;
      perArrival[i] = a;
      perTtft[i] = ((firstToken[i] as number) - a) * 1e3;
      const osl = table.outputTokens[i] as number;
      perTpot[i] = osl > 1 ? (((finish[i] as number) - (firstToken[i] as number)) / (osl - 1)) * 1e3 : Number.NaN;
      perE2e[i] = ((finish[i] as number) - a) * 1e3;
    }
    result.perRequest = { arrivalSeconds: perArrival, ttftMs: perTtft, tpotMs: perTpot, e2eMs: perE2e };
  }
  void now;
  return result;
}
