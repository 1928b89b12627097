import {
  createSeededRandom,
  finiteNonNegative,
  finitePositive,
  gammaSample,
  InvalidInputError,
  lengthDistributionSchema,
  nonNegativeInt,
  positiveInt,
  type SeededRandom,
  sampleLength,
  type TraceRecord,
  traceRecordSchema,
} from "@aifactory/core";
import { z } from "zod";

/**
 * How requests arrive.
 *
 * - `closed-loop`: `concurrency` clients, each sending its next request as soon as its previous one finishes
 *   (what trtllm-bench, genai-perf and vLLM's/SGLang's benchmarks with `--max-concurrency` run); all start at 0.
 * - `poisson`: exponential inter-arrival times at `ratePerSecond`.
 * - `gamma`: gamma inter-arrival times with mean `1 / ratePerSecond` and coefficient of variation `cv` (`cv` 1 is
 *   Poisson, above 1 bursty: vLLM's `--burstiness` is `1 / cv^2`).
 * - `weibull`: Weibull inter-arrival times with mean `1 / ratePerSecond` and shape `shape` (< 1 bursty).
 * - `on-off`: Poisson at `ratePerSecond` for `onSeconds`, silent for `offSeconds`, repeating (mean rate
 *   `ratePerSecond x on / (on + off)`).
 *
 * @example
 * ```ts
 * import { arrivalProcessSchema } from "@aifactory/workloads";
 * arrivalProcessSchema.parse({ kind: "gamma", ratePerSecond: 10, cv: 2 }).kind; // "gamma"
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const arrivalProcessSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("closed-loop"), concurrency: positiveInt }).strict(),
  z.object({ kind: z.literal("poisson"), ratePerSecond: finitePositive }).strict(),
  z.object({ kind: z.literal("gamma"), ratePerSecond: finitePositive, cv: finitePositive }).strict(),
  z.object({ kind: z.literal("weibull"), ratePerSecond: finitePositive, shape: finitePositive }).strict(),
  z
    .object({
      kind: z.literal("on-off"),
      ratePerSecond: finitePositive,
      onSeconds: finitePositive,
      offSeconds: finiteNonNegative,
    })
    .strict(),
]);

/**
 * An arrival process. See {@link arrivalProcessSchema}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export type ArrivalProcess = z.infer<typeof arrivalProcessSchema>;

/**
 * Multi-turn sessions (chat or agent loops): the arrival process gives each session's first turn; turn `k + 1`
 * arrives `idleSeconds` after turn `k` finished (a user reading, a tool call running), and its prompt is the whole
 * conversation so far (previous prompts and answers) plus `newInputTokens`, so consecutive turns share a growing
 * prefix that a prefix cache can serve. `inputTokens` of the traffic is the first turn's prompt.
 *
 * @example
 * ```ts
 * import { sessionSpecSchema } from "@aifactory/workloads";
 * sessionSpecSchema.parse({ turns: { kind: "fixed", tokens: 8 }, newInputTokens: { kind: "fixed", tokens: 300 },
 *   idleSeconds: 2 }).idleSeconds; // 2
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const sessionSpecSchema = z
  .object({
    /** Turns per session (a length distribution read as a count). */
    turns: lengthDistributionSchema,
    /** Tokens each later turn adds to the conversation (user message or tool result). */
    newInputTokens: lengthDistributionSchema,
    /** Mean idle time between a turn's last token and the next turn, seconds (exponentially distributed). */
    idleSeconds: finiteNonNegative.default(0),
    /** Draw idle times from an exponential distribution (true) or use the mean as is (false). */
    idleExponential: z.boolean().default(true),
  })
  .strict();

/**
 * A multi-turn session specification. See {@link sessionSpecSchema}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export type SessionSpec = z.infer<typeof sessionSpecSchema>;

/**
 * Synthetic traffic: an arrival process, length distributions, optional multi-turn sessions and a shared system
 * prompt, `requests` requests in all (turns of sessions count one each), reproducible for a `seed`.
 *
 * @example
 * ```ts
 * import { syntheticTrafficSchema } from "@aifactory/workloads";
 * const traffic = syntheticTrafficSchema.parse({ arrival: { kind: "poisson", ratePerSecond: 20 }, requests: 5000,
 *   inputTokens: { kind: "fixed", tokens: 1000 }, outputTokens: { kind: "fixed", tokens: 200 } });
 * traffic.seed; // 1
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const syntheticTrafficSchema = z
  .object({
    arrival: arrivalProcessSchema,
    /** Requests to simulate (each turn of a session is one). */
    requests: positiveInt.max(5_000_000),
    inputTokens: lengthDistributionSchema,
    outputTokens: lengthDistributionSchema,
    /**
     * Leading prompt tokens every request shares (a system prompt), served by a prefix cache once warm. They come
     * in front of the drawn `inputTokens`: a request's prompt is `sharedPrefixTokens + inputTokens`.
     */
    sharedPrefixTokens: nonNegativeInt.default(0),
    sessions: sessionSpecSchema.optional(),
    seed: z.number().int().default(1),
  })
  .strict();

/**
 * Trace replay: requests at recorded times. `timeScale` 2 replays twice as fast (arrival times halved), the usual
 * way to load a fleet harder with the same trace shape.
 *
 * @example
 * ```ts
 * import { traceTrafficSchema } from "@aifactory/workloads";
 * traceTrafficSchema.parse({ trace: [{ arrivalSeconds: 0, inputTokens: 100, outputTokens: 10 }] }).blockTokens;
 * // 512
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const traceTrafficSchema = z
  .object({
    trace: z.array(traceRecordSchema).min(1).max(5_000_000),
    /** Replay speed-up: arrival times are divided by it. */
    timeScale: finitePositive.default(1),
    /** Tokens per `hashIds` block (Mooncake's traces: 512). */
    blockTokens: positiveInt.default(512),
  })
  .strict();

/**
 * Traffic for the fleet simulator: synthetic ({@link syntheticTrafficSchema}) or a trace
 * ({@link traceTrafficSchema}).
 *
 * @example
 * ```ts
 * import { fleetTrafficSchema } from "@aifactory/workloads";
 * fleetTrafficSchema.parse({ arrival: { kind: "closed-loop", concurrency: 64 }, requests: 640,
 *   inputTokens: { kind: "fixed", tokens: 1000 }, outputTokens: { kind: "fixed", tokens: 1000 } });
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export const fleetTrafficSchema = z.union([syntheticTrafficSchema, traceTrafficSchema]);

/**
 * Fleet traffic as a user writes it. See {@link fleetTrafficSchema}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export type FleetTrafficInput = z.input<typeof fleetTrafficSchema>;

/**
 * Fleet traffic with defaults applied. See {@link fleetTrafficSchema}.
 *
 * @since 0.3.0
 * @category Fleet
 */
export type FleetTraffic = z.infer<typeof fleetTrafficSchema>;

/**
 * The requests of a traffic, as flat arrays the simulator reads (struct of arrays: no object per request).
 * `arrivalSeconds` is NaN for requests whose arrival depends on the simulation: closed-loop requests after the
 * first `concurrency`, and session turns after the first (they arrive `idleSeconds` after `previous` finishes).
 *
 * @internal
 * @since 0.3.0
 * @category Fleet
 */
export interface RequestTable {
  count: number;
  arrivalSeconds: Float64Array;
  inputTokens: Int32Array;
  outputTokens: Int32Array;
  /** The next turn of the same session (-1: none). */
  nextTurn: Int32Array;
  /** The next request of the same conversation, whose prompt holds this one's answer (-1: none). */
  successor: Int32Array;
  /** Idle time before the next turn, seconds. */
  idleAfterSeconds: Float64Array;
  /** Prompt blocks: `blockIds[blockStart[i] .. blockStart[i] + blockCount[i])`. */
  blockStart: Int32Array;
  blockCount: Int32Array;
  blockIds: Int32Array;
  /** Tokens per prompt block. */
  blockTokens: number;
  /** `closed-loop` concurrency (0 for open-loop traffic). */
  closedLoopConcurrency: number;
}

/** Prompt blocks of synthetic traffic: the cache granularity of the simulation, tokens. */
const SYNTHETIC_BLOCK_TOKENS = 256;
/** The most tokens (prompt and output) one request may have: the KV simulator's limit, and int32-safe. */
const MAX_REQUEST_TOKENS = 10_000_000;
/** The most prompt block ids a request table may hold (1 GiB of int32): past it, sessions grow without bound. */
const MAX_TABLE_BLOCK_IDS = 2 ** 28;
/** The largest block id (the table's ids are int32). */
const MAX_BLOCK_ID = 2_147_483_647;

function tooLarge(path: string, message: string, hint: string): InvalidInputError {
  return new InvalidInputError("fleet traffic", [{ path, message, hint }]);
}

/** Refuses a request whose prompt and output pass {@link MAX_REQUEST_TOKENS}. */
function checkRequestTokens(path: string, what: string, isl: number, osl: number, hint: string): void {
  if (isl + osl > MAX_REQUEST_TOKENS) {
    throw tooLarge(
      path,
      `${what} has ${isl} prompt + ${osl} output tokens, above the ${MAX_REQUEST_TOKENS} one request may have`,
      hint,
    );
  }
}

/** Refuses a table whose prompt blocks pass {@link MAX_TABLE_BLOCK_IDS}. */
function checkBlockIds(path: string, ids: number, hint: string): void {
  if (ids > MAX_TABLE_BLOCK_IDS) {
    throw tooLarge(path, `the prompts span more than ${MAX_TABLE_BLOCK_IDS} prompt blocks in all`, hint);
  }
}

/** A growable list of block ids (int32: small integers hash fast in a Map). */
class IdList {
  ids = new Int32Array(1024);
  length = 0;
  push(id: number): void {
    if (this.length === this.ids.length) {
      const grown = new Int32Array(this.ids.length * 2);
      grown.set(this.ids);
      this.ids = grown;
    }
    this.ids[this.length++] = id;
  }
  toArray(): Int32Array {
    return this.ids.slice(0, this.length);
  }
}

/** The natural log of the gamma function for x >= 0.5 (Lanczos, g = 7), for the Weibull scale. */
function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = x - 1;
  let a = c[0] as number;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += (c[i] as number) / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Gamma shapes above this (cv below 1e-6) are drawn as their mean: the gap is then `1 / ratePerSecond`. */
const MAX_GAMMA_SHAPE = 1e12;

/** Arrival times of `count` first requests (sessions' first turns) for an open-loop process. */
function openLoopArrivals(arrival: ArrivalProcess, count: number, random: SeededRandom): Float64Array {
  const times = new Float64Array(count);
  let t = 0;
  switch (arrival.kind) {
    case "closed-loop":
      return times;
    case "poisson":
      for (let i = 0; i < count; i++) {
        t += -Math.log(1 - random()) / arrival.ratePerSecond;
        times[i] = t;
      }
      return times;
    case "gamma": {
      const shape = 1 / (arrival.cv * arrival.cv);
      if (!(shape <= MAX_GAMMA_SHAPE)) {
        // A vanishing cv (its square may underflow to 0): regular arrivals, not Infinity x 0.
        for (let i = 0; i < count; i++) times[i] = (i + 1) / arrival.ratePerSecond;
        return times;
      }
      const scale = 1 / (arrival.ratePerSecond * shape);
      for (let i = 0; i < count; i++) {
        t += gammaSample(random, shape) * scale;
        times[i] = t;
      }
      return times;
    }
    case "weibull": {
      // In log space: for small shapes Gamma(1 + 1 / shape) overflows and the power of the exponential draw too,
      // and their quotient would be 0 or NaN.
      const inverseShape = 1 / arrival.shape;
      const logScale = -Math.log(arrival.ratePerSecond) - logGamma(1 + inverseShape);
      for (let i = 0; i < count; i++) {
        t += Math.exp(logScale + inverseShape * Math.log(-Math.log(1 - random())));
        times[i] = t;
      }
      return times;
    }
    case "on-off": {
      // Poisson during on-windows; time spent in off-windows is skipped.
      let onTime = 0;
      for (let i = 0; i < count; i++) {
        onTime += -Math.log(1 - random()) / arrival.ratePerSecond;
        const cycles = Math.floor(onTime / arrival.onSeconds);
        times[i] = onTime + cycles * arrival.offSeconds;
      }
      return times;
    }
  }
}

/**
 * Expands a traffic specification into the request table the simulator reads: lengths drawn, open-loop arrival
 * times drawn, sessions laid out turn by turn with their growing shared prefixes as prompt blocks.
 *
 * @internal
 * @param traffic - parsed traffic ({@link fleetTrafficSchema})
 * @returns the requests
 * @example
 * ```ts
 * import { fleetTrafficSchema } from "@aifactory/workloads";
 * import { buildRequestTable } from "@aifactory/workloads/internal";
 * const table = buildRequestTable(fleetTrafficSchema.parse({ arrival: { kind: "poisson", ratePerSecond: 5 },
 *   requests: 100, inputTokens: { kind: "fixed", tokens: 512 }, outputTokens: { kind: "fixed", tokens: 64 } }));
 * table.count; // 100
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function buildRequestTable(traffic: FleetTraffic): RequestTable {
  if ("trace" in traffic) return traceTable(traffic);
  const random = createSeededRandom(traffic.seed);
  const n = traffic.requests;
  const table = emptyTable(n, SYNTHETIC_BLOCK_TOKENS);
  table.closedLoopConcurrency = traffic.arrival.kind === "closed-loop" ? traffic.arrival.concurrency : 0;
  const shared = traffic.sharedPrefixTokens;
  const ids = new IdList();
  const sharedBlocks = Math.floor(shared / SYNTHETIC_BLOCK_TOKENS);
  // Ids 0 .. sharedBlocks - 1 are the shared prefix; each session's stream takes fresh ids as it grows.
  let nextId = sharedBlocks;
  const stream: number[] = [];
  const sessions = traffic.sessions;
  // Session starts get arrival times from the process; the rest of each session follows completions.
  const firstTurns: number[] = [];
  let i = 0;
  while (i < n) {
    const turns = sessions ? Math.max(1, sampleLength(sessions.turns, random)) : 1;
    let context = 0; // conversation tokens so far, shared prefix excluded
    stream.length = 0;
    for (let turn = 0; turn < turns && i < n; turn++) {
      const fresh =
        turn === 0
          ? sampleLength(traffic.inputTokens, random)
          : sampleLength(sessions?.newInputTokens ?? traffic.inputTokens, random);
      const isl = shared + context + fresh;
      const osl = sampleLength(traffic.outputTokens, random);
      if (turn > 0) {
        checkRequestTokens(
          "sessions",
          `turn ${turn + 1} of a session (request ${i})`,
          isl,
          osl,
          "fewer turns per session or fewer new tokens per turn: each turn's prompt holds the whole conversation",
        );
      } else {
        checkRequestTokens(
          shared >= fresh && shared >= osl ? "sharedPrefixTokens" : fresh >= osl ? "inputTokens" : "outputTokens",
          `request ${i}`,
          isl,
          osl,
          "shorter prompts or outputs (sharedPrefixTokens count in the prompt)",
        );
      }
      table.inputTokens[i] = isl;
      table.outputTokens[i] = osl;
      table.blockStart[i] = ids.length;
      for (let b = 0; b < sharedBlocks; b++) ids.push(b);
      // The session's own blocks, the same ids turn after turn. A single-turn request's own blocks are never
      // reused, so they are left out (the cache then holds only what can hit).
      const ownBlocks = sessions
        ? Math.floor((isl - sharedBlocks * SYNTHETIC_BLOCK_TOKENS) / SYNTHETIC_BLOCK_TOKENS)
        : 0;
      checkBlockIds(
        sessions ? "sessions" : "sharedPrefixTokens",
        ids.length + ownBlocks,
        "fewer requests, or shorter sessions or shared prefix",
      );
      while (stream.length < ownBlocks) stream.push(nextId++);
      for (let b = 0; b < ownBlocks; b++) ids.push(stream[b] as number);
      table.blockCount[i] = ids.length - (table.blockStart[i] as number);
      if (turn === 0) {
        firstTurns.push(i);
      } else {
        table.nextTurn[i - 1] = i;
        table.successor[i - 1] = i;
      }
      table.idleAfterSeconds[i] = sessions
        ? sessions.idleExponential
          ? -sessions.idleSeconds * Math.log(1 - random())
          : sessions.idleSeconds
        : 0;
      context += fresh + osl;
      // The answer extends the stream: the next turn's prompt holds it.
      if (sessions) {
        const total = Math.floor((isl + osl - sharedBlocks * SYNTHETIC_BLOCK_TOKENS) / SYNTHETIC_BLOCK_TOKENS);
        while (stream.length < total) stream.push(nextId++);
      }
      if (turn > 0) table.arrivalSeconds[i] = Number.NaN;
      i += 1;
    }
  }
  if (traffic.arrival.kind === "closed-loop") {
    const c = traffic.arrival.concurrency;
    for (let r = 0; r < n; r++) table.arrivalSeconds[r] = r < c && !sessions ? 0 : Number.NaN;
    if (sessions) {
      for (let s = 0; s < firstTurns.length; s++) {
        table.arrivalSeconds[firstTurns[s] as number] = s < c ? 0 : Number.NaN;
      }
    }
  } else {
    const times = openLoopArrivals(traffic.arrival, firstTurns.length, random);
    for (let s = 0; s < firstTurns.length; s++) table.arrivalSeconds[firstTurns[s] as number] = times[s] as number;
  }
  table.blockIds = ids.toArray();
  return table;
}

function emptyTable(n: number, blockTokens: number): RequestTable {
  return {
    count: n,
    arrivalSeconds: new Float64Array(n),
    inputTokens: new Int32Array(n),
    outputTokens: new Int32Array(n),
    nextTurn: new Int32Array(n).fill(-1),
    successor: new Int32Array(n).fill(-1),
    idleAfterSeconds: new Float64Array(n),
    blockStart: new Int32Array(n),
    blockCount: new Int32Array(n),
    blockIds: new Int32Array(0),
    blockTokens,
    closedLoopConcurrency: 0,
  };
}

function traceTable(traffic: z.infer<typeof traceTrafficSchema>): RequestTable {
  // File positions in arrival order (a stable sort: equal times keep the file's order), for error paths.
  const order = traffic.trace.map((_, k) => k);
  order.sort(
    (a, b) => (traffic.trace[a] as TraceRecord).arrivalSeconds - (traffic.trace[b] as TraceRecord).arrivalSeconds,
  );
  const records = order.map((k) => traffic.trace[k] as TraceRecord);
  const n = records.length;
  const table = emptyTable(n, traffic.blockTokens);
  const ids = new IdList();
  // Sessions without hash ids: a turn's prefix is the previous turn's whole context, in session-private blocks
  // numbered after the largest hash id.
  let nextId = 0;
  for (const r of records) for (const id of r.hashIds ?? []) nextId = Math.max(nextId, id + 1);
  const sessionStreams = new Map<string, number[]>();
  const lastOfSession = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = records[i] as TraceRecord;
    const path = `trace[${order[i] as number}]`;
    checkRequestTokens(path, `trace request ${order[i] as number}`, r.inputTokens, r.outputTokens, "fix the trace");
    table.arrivalSeconds[i] = r.arrivalSeconds / traffic.timeScale;
    table.inputTokens[i] = r.inputTokens;
    table.outputTokens[i] = r.outputTokens;
    table.blockStart[i] = ids.length;
    if (r.hashIds !== undefined) {
      checkBlockIds(`${path}.hashIds`, ids.length + r.hashIds.length, "replay a shorter trace");
      for (const id of r.hashIds) ids.push(id);
    } else if (r.sessionId !== undefined) {
      const previous = lastOfSession.get(r.sessionId);
      if (previous !== undefined) table.successor[previous] = i;
      lastOfSession.set(r.sessionId, i);
      let stream = sessionStreams.get(r.sessionId);
      if (stream === undefined) {
        stream = [];
        sessionStreams.set(r.sessionId, stream);
      }
      const blocks = Math.floor(r.inputTokens / traffic.blockTokens);
      checkBlockIds(`${path}.inputTokens`, ids.length + blocks, "replay a shorter trace, or give larger blockTokens");
      if (nextId + (blocks - stream.length) - 1 > MAX_BLOCK_ID) {
        throw tooLarge(
          `${path}.sessionId`,
          `the session's blocks are numbered after the largest hash id and would pass ${MAX_BLOCK_ID}`,
          "renumber the trace's hash ids from 0",
        );
      }
      while (stream.length < blocks) stream.push(nextId++);
      for (let b = 0; b < blocks; b++) ids.push(stream[b] as number);
    }
    table.blockCount[i] = ids.length - (table.blockStart[i] as number);
  }
  table.blockIds = ids.toArray();
  return table;
}
