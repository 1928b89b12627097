import type { InferenceEfficiency } from "../inference/inference-efficiency";
import type { ServingConfig } from "../inference/serving-config";
import type { ServingHardware, ServingTerms } from "../inference/serving-terms";
import { fleetReplicaModel } from "./fleet";
import { simulateFleetReplicas } from "./fleet-simulator";
import { buildRequestTable, syntheticTrafficSchema } from "./traffic";

/**
 * What a closed-loop benchmark at a fixed concurrency measures on one serving instance (trtllm-bench, genai-perf,
 * vLLM's and SGLang's serving benchmarks with `--max-concurrency`): N clients start together and each sends its
 * next request the moment the previous one finishes, so prefills queue behind each other and interleave with
 * decodes. TTFT here includes that wait; the serving estimate's `ttftMs` is one request's prefill at the load.
 *
 * @since 0.3.0
 * @category Fleet
 */
export interface ClosedLoopServing {
  concurrency: number;
  /** Requests simulated; the first `concurrency` (the wave that starts together) are the warm-up. */
  requests: number;
  /** Requests measured (after the warm-up wave). */
  measuredRequests: number;
  meanTtftMs: number;
  p50TtftMs: number;
  p99TtftMs: number;
  meanTpotMs: number;
  meanE2eMs: number;
  outputTokensPerSecond: number;
  /** Why TTFT differs from the single-request prefill time. */
  explanation: string;
}

/** Engine iterations a default closed-loop simulation aims to stay within. */
const MAX_DEFAULT_ITERATIONS = 500_000;

/**
 * Requests a closed-loop simulation runs by default: a warm-up wave of the concurrency and five more, at least
 * 100 measured.
 *
 * @internal
 * @param concurrency - clients
 * @returns requests
 * @example
 * ```ts
 * import { defaultClosedLoopRequests } from "@aifactory/workloads/internal";
 * defaultClosedLoopRequests(64); // 384
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function defaultClosedLoopRequests(concurrency: number): number {
  return Math.min(60_000, concurrency + Math.max(100, 5 * concurrency));
}

/**
 * Simulates a closed-loop benchmark of one serving instance at the configuration's concurrency, with fixed
 * `inputTokens`/`outputTokens` (a `prefixHitRatio` becomes a prompt prefix every request shares), chunked prefill and reserved KV
 * (TensorRT-LLM's defaults), on the fleet simulator.
 *
 * @internal
 * @param terms - serving terms
 * @param hw - achievable rates
 * @param config - a parsed configuration with `concurrency`
 * @param efficiency - efficiency factors
 * @param requests - requests to simulate (default {@link defaultClosedLoopRequests})
 * @returns the closed-loop figures
 * @example
 * ```ts
 * import { DEFAULT_INFERENCE_EFFICIENCY, resolveAccelerator, resolveServingArchitecture, servingConfigSchema
 *   } from "@aifactory/workloads";
 * import { servingHardware, servingTerms, simulateClosedLoopResolved } from "@aifactory/workloads/internal";
 * const config = servingConfigSchema.parse({ inputTokens: 1000, outputTokens: 200, concurrency: 32 });
 * const terms = servingTerms(resolveServingArchitecture("llama-3.1-8b"), "fp8", "fp8");
 * const hw = servingHardware(resolveAccelerator("nvidia-h100-sxm"), DEFAULT_INFERENCE_EFFICIENCY, "fp8");
 * simulateClosedLoopResolved(terms, hw, config, DEFAULT_INFERENCE_EFFICIENCY).meanTtftMs > 0; // true
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function simulateClosedLoopResolved(
  terms: ServingTerms,
  hw: ServingHardware,
  config: ServingConfig,
  efficiency: InferenceEfficiency,
  requests?: number,
): ClosedLoopServing {
  const concurrency = config.concurrency ?? 1;
  // About one iteration per output token per wave: keep a default run within ~500k iterations (well under a second);
  // at least the warm-up wave and as many requests again are simulated.
  const perWave = Math.max(1, config.outputTokens);
  const affordable = Math.max(2 * concurrency, Math.floor((MAX_DEFAULT_ITERATIONS / perWave) * concurrency));
  const count = requests ?? Math.min(defaultClosedLoopRequests(concurrency), affordable);
  const engine = {
    ...config,
    chunkedPrefill: true,
    kvAdmission: "reserve" as const,
    preemption: "recompute" as const,
    prefixCaching: config.prefixHitRatio > 0,
    kvTiers: [],
  };
  const replica = fleetReplicaModel(terms, hw, engine, efficiency, "instance", "mixed");
  const shared = Math.min(config.inputTokens - 1, Math.floor(config.inputTokens * config.prefixHitRatio));
  const table = buildRequestTable(
    syntheticTrafficSchema.parse({
      arrival: { kind: "closed-loop", concurrency },
      requests: count,
      // The shared prefix comes in front of the drawn prompt: together they make isl tokens.
      inputTokens: { kind: "fixed", tokens: Math.max(1, config.inputTokens - shared) },
      outputTokens: { kind: "fixed", tokens: config.outputTokens },
      sharedPrefixTokens: shared,
    }),
  );
  const run = simulateFleetReplicas([replica], table, {
    router: "least-loaded",
    prefixAffinityImbalanceRatio: 0,
    slo: {},
    warmupRequests: Math.min(concurrency, count - 1),
    kvTransferLatencySeconds: 0,
    perRequest: false,
  });
  return {
    concurrency,
    requests: count,
    measuredRequests: run.measuredRequests,
    meanTtftMs: run.ttftMs.mean,
    p50TtftMs: run.ttftMs.p50,
    p99TtftMs: run.ttftMs.p99,
    meanTpotMs: run.tpotMs.mean,
    meanE2eMs: run.e2eMs.mean,
    outputTokensPerSecond: run.outputTokensPerSecond,
    explanation:
      "In a closed-loop benchmark each client sends its next request as soon as the last one finishes; requests that finish together come back together, so their prompts queue for the iteration token budget (maxNumTokens) and the last of them waits for the chunks of the others before its first token. The closed-loop TTFT includes that wait (measured after the first wave, in which all clients start at once); ttftMs is one request's own prefill chunks at this load.",
  };
}
