import { NotFoundError } from "@aifactory/core";
import type { ScenarioInput } from "./scenario";

/**
 * The built-in example scenarios. They are illustrations for the app and the CLI, not published configurations:
 * where a figure comes from a public source, the scenario's description says so.
 *
 * @since 0.1.0
 * @category Scenario
 */
export const DEFAULT_SCENARIOS: readonly ScenarioInput[] = [
  {
    id: "llama-3.1-70b-pretraining-1024-h100",
    name: "Llama 3.1 70B pretraining on 1,024 H100",
    description:
      "15T training tokens as in Meta's Llama 3.1 model card; the batch of 1,024 x 8,192-token sequences (8.4M tokens) is illustrative, not Meta's configuration; the parallelism is searched (the fastest that fits) unless `parallelism` pins it.",
    workload: {
      kind: "pretraining",
      model: "llama-3.1-70b",
      tokens: 15e12,
      globalBatchSequences: 1024,
      sequenceTokens: 8192,
      precision: "bf16",
    },
    hardware: { accelerator: "nvidia-h100-sxm", count: 1024, system: "nvidia-dgx-h100" },
    site: { region: "us-va", cooling: "air" },
    economics: { ownership: "owned", depreciationYears: 5 },
    supply: { startQuarter: "2027-Q1", allocationShareRatio: 0.05 },
  },
  {
    id: "deepseek-v3-serving-h200-slo",
    name: "DeepSeek-V3 serving on 64 H200 under a TTFT/TPOT SLO",
    description:
      "FP8 weights and KV cache, 4,096 input / 1,024 output tokens, TTFT <= 2 s and TPOT <= 50 ms (an illustrative interactive SLO); TP/EP/batch searched, aggregated or disaggregated; 70% average load for 30 days.",
    workload: {
      kind: "serving",
      model: "deepseek-v3",
      weights: "fp8",
      kv: "fp8",
      inputTokens: 4096,
      outputTokens: 1024,
      ttftMs: 2000,
      tpotMs: 50,
      disaggregated: true,
      loadRatio: 0.7,
      days: 30,
    },
    hardware: { accelerator: "nvidia-h200-sxm", count: 64, system: "nvidia-dgx-h200" },
    site: { region: "us-tx", cooling: "air" },
    economics: { ownership: "cloud" },
    supply: { startQuarter: "2027-Q1", allocationShareRatio: 0.05 },
  },
  {
    id: "qwen3-32b-grpo-64-h100",
    name: "GRPO post-training of Qwen3 32B on 64 H100",
    description:
      "512 prompts x 16 responses per step, 1,024-token prompts, 4,096-token mean responses with a 16,384-token tail (illustrative, DAPO-like), colocated and synchronous, 500 steps.",
    workload: {
      kind: "rl",
      model: "qwen3-32b",
      algorithm: "grpo",
      promptsPerStep: 512,
      groupSize: 16,
      inputTokens: 1024,
      meanOutputTokens: 4096,
      maxOutputTokens: 16384,
      placement: "colocated",
      async: false,
      steps: 500,
    },
    hardware: { accelerator: "nvidia-h100-sxm", count: 64, system: "nvidia-dgx-h100" },
    site: { region: "us-va", cooling: "air" },
    economics: { ownership: "cloud" },
    supply: { startQuarter: "2027-Q1", allocationShareRatio: 0.05 },
  },
  {
    id: "gpt-oss-120b-agentic-fleet-h100",
    name: "Agentic fleet: gpt-oss-120b on 256 H100",
    description:
      "30-turn tasks with tool calls (1,000 tokens appended and 300 generated per turn, 2 s tools), KV held during tools, 1.5 million tasks a day for 30 days (illustrative); KV reuse from the tiered-cache simulator.",
    workload: {
      kind: "agentic",
      model: "gpt-oss-120b",
      turns: 30,
      systemPromptTokens: 2000,
      tokensPerTurn: 1000,
      outputTokensPerTurn: 300,
      toolLatencyMs: 2000,
      kvPolicy: "hold",
      tp: 1,
      weights: "fp4",
      kv: "fp8",
      concurrency: 32,
      tasksPerDay: 1_500_000,
      days: 30,
    },
    hardware: { accelerator: "nvidia-h100-sxm", count: 256, system: "nvidia-dgx-h100" },
    site: { region: "us-va", cooling: "air" },
    economics: { ownership: "owned", depreciationYears: 5 },
    supply: { startQuarter: "2027-Q1", allocationShareRatio: 0.05 },
  },
  {
    id: "llama-3.1-8b-fleet-h100-poisson",
    name: "Inference fleet: Llama 3.1 8B chat traffic, sized for P99 SLOs",
    description:
      "Poisson arrivals at 40 requests/s, log-normal prompts (median 1,000 tokens) and answers (median 200), P99 TTFT <= 1 s and P99 TPOT <= 30 ms (illustrative traffic), on 2 H100 simulated request by request; the smallest H100, B200 and A100 fleets that meet the SLOs, priced.",
    workload: {
      kind: "fleet",
      model: "llama-3.1-8b",
      engine: { tp: 1, weights: "fp8", kv: "fp8" },
      traffic: {
        arrival: { kind: "poisson", ratePerSecond: 40 },
        requests: 1500,
        inputTokens: { kind: "lognormal", medianTokens: 1000, sigma: 0.6, maxTokens: 16000 },
        outputTokens: { kind: "lognormal", medianTokens: 200, sigma: 0.6, maxTokens: 2000 },
      },
      ttftP99Ms: 1000,
      tpotP99Ms: 30,
      alsoAccelerators: ["nvidia-b200", "nvidia-a100-sxm-80gb"],
      days: 30,
    },
    hardware: { accelerator: "nvidia-h100-sxm", count: 2, system: "nvidia-dgx-h100" },
    site: { region: "us-va", cooling: "air" },
    economics: { ownership: "cloud" },
    supply: { startQuarter: "2027-Q1", allocationShareRatio: 0.05 },
  },
];

/**
 * The ids of the built-in scenarios.
 *
 * @returns ids, default first
 * @example
 * ```ts
 * import { listDefaultScenarioIds } from "@aifactory/planner";
 * listDefaultScenarioIds()[0]; // "llama-3.1-70b-pretraining-1024-h100"
 * ```
 * @since 0.1.0
 * @category Scenario
 */
export function listDefaultScenarioIds(): string[] {
  return DEFAULT_SCENARIOS.map((scenario) => scenario.id);
}

/**
 * A built-in scenario by id (a deep copy, safe to edit).
 *
 * @param id - a built-in scenario id
 * @returns the scenario as written
 * @throws NotFoundError with the nearest ids
 * @example
 * ```ts
 * import { getDefaultScenario } from "@aifactory/planner";
 * getDefaultScenario("llama-3.1-70b-pretraining-1024-h100").hardware.count; // 1024
 * ```
 * @since 0.1.0
 * @category Scenario
 */
export function getDefaultScenario(id: string): ScenarioInput {
  const found = DEFAULT_SCENARIOS.find((scenario) => scenario.id === id);
  if (!found) throw new NotFoundError("default scenario", id, listDefaultScenarioIds());
  return structuredClone(found) as ScenarioInput;
}
