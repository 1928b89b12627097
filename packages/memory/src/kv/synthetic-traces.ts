import {
  finiteNonNegative,
  finitePositive,
  nonNegativeInt,
  parseInput,
  positiveInt,
  rangeSchema,
} from "@aifactory/core";
import { z } from "zod";
import type { KvTraceRequest } from "./kv-trace";
import { createSeededRandom, randomInt, type SeededRandom } from "./seeded-random";

const intRangeSchema = rangeSchema.refine((range) => Number.isInteger(range.min) && range.min >= 1, {
  message: "min must be a positive integer",
});

/**
 * Parameters of {@link generateAgenticTrace}. Every default is an illustrative workload shape, not a
 * measurement: set them from your own traffic.
 *
 * @example
 * ```ts
 * import { agenticTraceOptionsSchema } from "@aifactory/memory";
 * agenticTraceOptionsSchema.parse({ seed: 7, sessions: 50 });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const agenticTraceOptionsSchema = z
  .object({
    /** PRNG seed; the same seed gives the same trace. Default 1. */
    seed: nonNegativeInt.default(1),
    /** Agent sessions. Default 100. */
    sessions: positiveInt.default(100),
    /** Turns (model calls) per session, drawn uniformly. Default 4..16. */
    turnsPerSession: intRangeSchema.default({ min: 4, max: 16 }),
    /** Distinct system prompts (agent types with their tool definitions) shared across sessions. Default 4. */
    systemPrompts: positiveInt.default(4),
    /** Tokens of each system prompt. Default 4,096. */
    systemPromptTokens: positiveInt.default(4096),
    /** Tokens each turn appends before the call (user message or tool output). Default 200..2,000. */
    appendedTokensPerTurn: intRangeSchema.default({ min: 200, max: 2000 }),
    /** Tokens the model writes per turn (kept in the context of the next turn). Default 50..500. */
    outputTokensPerTurn: intRangeSchema.default({ min: 50, max: 500 }),
    /** Sessions running at once; their turns interleave. Default 16. */
    concurrentSessions: positiveInt.default(16),
    /** Mean time between requests, ms (exponential gaps). Default 100. */
    meanInterArrivalMs: finitePositive.default(100),
  })
  .strict();

/**
 * Parameters of {@link generateAgenticTrace} (all optional).
 *
 * @example
 * ```ts
 * import { generateAgenticTrace, type AgenticTraceOptions } from "@aifactory/memory";
 * const options: AgenticTraceOptions = { seed: 3, sessions: 10, turnsPerSession: { min: 2, max: 8 } };
 * generateAgenticTrace(options);
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type AgenticTraceOptions = z.input<typeof agenticTraceOptionsSchema>;

/**
 * Parameters of {@link generateSharedPrefixTrace}. Defaults are illustrative, not measurements.
 *
 * @example
 * ```ts
 * import { sharedPrefixTraceOptionsSchema } from "@aifactory/memory";
 * sharedPrefixTraceOptionsSchema.parse({ requests: 1000, systemPrompts: 10 });
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const sharedPrefixTraceOptionsSchema = z
  .object({
    /** PRNG seed. Default 1. */
    seed: nonNegativeInt.default(1),
    /** Requests. Default 10,000. */
    requests: positiveInt.default(10_000),
    /** Distinct users (each request is one user's single-turn question). Default 1,000. */
    users: positiveInt.default(1000),
    /** Distinct system prompts. Default 8. */
    systemPrompts: positiveInt.default(8),
    /** Tokens per system prompt. Default 2,048. */
    systemPromptTokens: positiveInt.default(2048),
    /** Zipf exponent of system-prompt popularity (0 = uniform). Default 1. */
    popularityZipfExponent: finiteNonNegative.default(1),
    /** Tokens of the user's question after the system prompt. Default 50..1,000. */
    userTokens: intRangeSchema.default({ min: 50, max: 1000 }),
    /** Tokens of the answer. Default 50..500. */
    outputTokens: intRangeSchema.default({ min: 50, max: 500 }),
    /** Mean time between requests, ms. Default 50. */
    meanInterArrivalMs: finitePositive.default(50),
  })
  .strict();

/**
 * Parameters of {@link generateSharedPrefixTrace} (all optional).
 *
 * @example
 * ```ts
 * import { generateSharedPrefixTrace, type SharedPrefixTraceOptions } from "@aifactory/memory";
 * const options: SharedPrefixTraceOptions = { requests: 500, popularityZipfExponent: 0 };
 * generateSharedPrefixTrace(options);
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type SharedPrefixTraceOptions = z.input<typeof sharedPrefixTraceOptionsSchema>;

function exponentialGap(random: SeededRandom, meanMs: number): number {
  return -meanMs * Math.log(1 - random());
}

/**
 * Generates an agentic multi-turn trace: sessions of an agent loop whose context grows turn by turn. Turn t of a
 * session sends its system prompt (shared by every session of that agent type), then every earlier turn's
 * appended input and model output, then this turn's new input (a user message or a tool result); the model's
 * output becomes part of the next turn's prompt. Sessions run `concurrentSessions` at a time and their turns
 * interleave, so blocks compete for the cache as in a busy server. Content is described by segments, so
 * hashing costs per block, not per token. Deterministic for a given seed.
 *
 * @param options - see {@link agenticTraceOptionsSchema}; all optional
 * @returns the requests in arrival order (`timestampMs` ascending)
 * @throws InvalidInputError for invalid options
 * @example
 * ```ts
 * import { generateAgenticTrace } from "@aifactory/memory";
 * const trace = generateAgenticTrace({ seed: 7, sessions: 20 });
 * trace[0]?.inputSegments?.[0]?.id; // "agent-system-0" .. "agent-system-3"
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function generateAgenticTrace(options: AgenticTraceOptions = {}): KvTraceRequest[] {
  const config = parseInput(agenticTraceOptionsSchema, options, "agentic trace options");
  const random = createSeededRandom(config.seed);
  interface Session {
    index: number;
    turnsLeft: number;
    turn: number;
    context: { id: string; tokens: number }[];
  }
  let nextSession = 0;
  const startSession = (): Session => {
    const index = nextSession++;
    const prompt = randomInt(random, 0, config.systemPrompts - 1);
    return {
      index,
      turn: 0,
      turnsLeft: randomInt(
        random,
        config.turnsPerSession.min,
        Math.max(config.turnsPerSession.min, config.turnsPerSession.max),
      ),
      context: [{ id: `agent-system-${prompt}`, tokens: config.systemPromptTokens }],
    };
  };
  const active: Session[] = [];
  while (active.length < config.concurrentSessions && nextSession < config.sessions) active.push(startSession());
  const trace: KvTraceRequest[] = [];
  let clockMs = 0;
  while (active.length > 0) {
    const slot = randomInt(random, 0, active.length - 1);
    const session = active[slot] as Session;
    session.turn += 1;
    const appended = {
      id: `session-${session.index}-input-${session.turn}`,
      tokens: randomInt(
        random,
        config.appendedTokensPerTurn.min,
        Math.max(config.appendedTokensPerTurn.min, config.appendedTokensPerTurn.max),
      ),
    };
    session.context.push(appended);
    const output = {
      id: `session-${session.index}-output-${session.turn}`,
      tokens: randomInt(
        random,
        config.outputTokensPerTurn.min,
        Math.max(config.outputTokensPerTurn.min, config.outputTokensPerTurn.max),
      ),
    };
    trace.push({
      timestampMs: Math.round(clockMs * 1000) / 1000,
      sessionId: `session-${session.index}`,
      inputSegments: session.context.slice(),
      outputSegments: [output],
      outputTokens: output.tokens,
    });
    clockMs += exponentialGap(random, config.meanInterArrivalMs);
    session.context.push(output);
    session.turnsLeft -= 1;
    if (session.turnsLeft <= 0) {
      if (nextSession < config.sessions) active[slot] = startSession();
      else active.splice(slot, 1);
    }
  }
  return trace;
}

/**
 * Generates a shared-system-prompt trace: many users send single-turn questions behind a few system prompts
 * whose popularity follows a Zipf law (exponent `popularityZipfExponent`; 0 is uniform). The reuse is all in
 * the system prompts, the pattern SGLang's RadixAttention paper and vLLM's prefix caching target.
 * Deterministic for a given seed.
 *
 * @param options - see {@link sharedPrefixTraceOptionsSchema}; all optional
 * @returns the requests in arrival order
 * @throws InvalidInputError for invalid options
 * @example
 * ```ts
 * import { generateSharedPrefixTrace } from "@aifactory/memory";
 * const trace = generateSharedPrefixTrace({ seed: 3, requests: 100 });
 * trace.length; // 100
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function generateSharedPrefixTrace(options: SharedPrefixTraceOptions = {}): KvTraceRequest[] {
  const config = parseInput(sharedPrefixTraceOptionsSchema, options, "shared-prefix trace options");
  const random = createSeededRandom(config.seed);
  const weights = Array.from({ length: config.systemPrompts }, (_, k) => 1 / (k + 1) ** config.popularityZipfExponent);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const cumulative: number[] = [];
  let running = 0;
  for (const weight of weights) {
    running += weight / total;
    cumulative.push(running);
  }
  // Ids repeat across requests: build each string once (a million requests would otherwise format two
  // million short strings; the trace keeps a reference per request).
  const systemIds = Array.from({ length: config.systemPrompts }, (_, k) => `system-${k}`);
  const userIds: string[] = [];
  const userMax = Math.max(config.userTokens.min, config.userTokens.max);
  const outputMax = Math.max(config.outputTokens.min, config.outputTokens.max);
  const trace: KvTraceRequest[] = new Array(config.requests);
  let clockMs = 0;
  for (let i = 0; i < config.requests; i++) {
    const draw = random();
    let prompt = 0;
    while (prompt < cumulative.length && !(draw < (cumulative[prompt] as number))) prompt++;
    if (prompt >= cumulative.length) prompt = config.systemPrompts - 1;
    const user = randomInt(random, 0, config.users - 1);
    const outputTokens = randomInt(random, config.outputTokens.min, outputMax);
    let userId = userIds[user];
    if (userId === undefined) {
      userId = `user-${user}`;
      userIds[user] = userId;
    }
    trace[i] = {
      timestampMs: Math.round(clockMs * 1000) / 1000,
      sessionId: userId,
      inputSegments: [
        { id: systemIds[prompt] as string, tokens: config.systemPromptTokens },
        { id: `${userId}-question-${i}`, tokens: randomInt(random, config.userTokens.min, userMax) },
      ],
      outputTokens,
    };
    clockMs += exponentialGap(random, config.meanInterArrivalMs);
  }
  return trace;
}
