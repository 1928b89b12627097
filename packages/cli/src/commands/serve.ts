import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import {
  AifError,
  assertFiniteResult,
  formatBytes,
  formatCount,
  formatSignificant,
  InvalidInputError,
  parseInput,
} from "@aifactory/core";
import type { FactoryCatalog } from "@aifactory/planner";
import {
  type AcceleratorSpec,
  type Architecture,
  acceleratorSpecSchema,
  type DisaggregatedServingResult,
  emitDisaggregatedLaunch,
  emitServingLaunch,
  estimateDisaggregatedServing,
  estimateServing,
  type InferenceEfficiencyInput,
  type IterationBreakdown,
  type LaunchConfig,
  type OfflineRunResult,
  resolveAccelerator,
  resolveServingArchitecture,
  type ServingConfigInput,
  type ServingPoolInput,
  type ServingResult,
  searchServingConfigs,
  shellCommand,
  simulateOfflineRun,
  TRTLLM_PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES,
  trtllmBenchEngineLimits,
} from "@aifactory/workloads";
import { type Command, Option } from "commander";
import type { CliContext } from "../context";
import { SERVE_FLAG_NAMES, withFlagNames } from "../flag-names";
import { loadKernelTablesFlag } from "../kernel-tables-flag";
import { parseChoiceOption, parseNumberOption, parseRatioOption, readDataFile, requiredOption } from "../options";
import { packAccelerator, packArchitecture } from "../packs";
import { renderKeyValues, renderTable } from "../table";

const WEIGHTS = ["bf16", "fp8", "fp8-block", "fp4", "int4"] as const;
const KV = ["bf16", "fp8"] as const;

type KernelSources = IterationBreakdown["kernelSources"];

/**
 * Loads a model for the serving, RL and agent commands: a catalog id (core catalog or the serving additions
 * such as `llama-4-scout`) or a JSON/YAML architecture file.
 *
 * @param value - an id or a file path
 * @param catalog - the `--pack` catalog, whose architectures are found first
 * @returns the architecture
 * @throws NotFoundError for an unknown id; InvalidInputError for a bad file
 * @example
 * ```ts
 * import { loadServingModel } from "./serve";
 * loadServingModel("llama-4-maverick").moe?.experts; // 128
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function loadServingModel(value: string, catalog?: FactoryCatalog): Architecture {
  const fromPack = packArchitecture(catalog, value);
  if (fromPack !== undefined) return fromPack;
  if (/\.(json|ya?ml)$/i.test(value))
    return resolveServingArchitecture(readDataFile(value, "architecture file") as never);
  return resolveServingArchitecture(value);
}

/**
 * Loads an accelerator: a catalog id or a JSON/YAML file with the figures the models read.
 *
 * @param value - an id or a file path
 * @param catalog - the `--pack` catalog, whose accelerators are found first
 * @returns the accelerator figures
 * @throws NotFoundError for an unknown id; InvalidInputError for a bad file
 * @example
 * ```ts
 * import { loadServingAccelerator } from "./serve";
 * loadServingAccelerator("nvidia-h200-sxm").memoryGB; // 141
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function loadServingAccelerator(value: string, catalog?: FactoryCatalog): AcceleratorSpec {
  const fromPack = packAccelerator(catalog, value);
  if (fromPack !== undefined) return fromPack;
  if (/\.(json|ya?ml)$/i.test(value)) {
    return parseInput(acceleratorSpecSchema, readDataFile(value, "accelerator file"), `accelerator file ${value}`);
  }
  return resolveAccelerator(value);
}

const SERVING_ENGINES = ["vllm", "sglang", "trtllm"] as const;

/**
 * Prints an emitted launch configuration (`--emit`): the command and each file under a header, then the notes and
 * the settings the engine cannot express; `--json` prints the `LaunchConfig` (plus `written` with `--emit-out`).
 * With `outDir`, writes the files and a `launch.sh` holding the command there (the one I/O step; the emitters are
 * pure).
 *
 * @param context - output helpers
 * @param launch - what the emitter returned
 * @param outDir - directory to write the files to, if any
 * @example
 * ```ts
 * // not run in tests: writes launch.sh and the engine's files under ./deploy
 * import type { CliContext } from "../context";
 * import { printLaunch } from "./serve";
 * import { emitServingLaunch } from "@aifactory/workloads";
 * declare const context: CliContext;
 * printLaunch(context, emitServingLaunch({ tp: 8, inputTokens: 1000, outputTokens: 1000 }, "vllm"), "./deploy");
 * ```
 * @since 0.6.0
 * @category CLI
 */
export function printLaunch(context: CliContext, launch: LaunchConfig, outDir: string | undefined): void {
  const written: string[] = [];
  if (outDir !== undefined) {
    const root = resolve(outDir);
    const files = [
      ...launch.configFiles,
      {
        path: "launch.sh",
        content: `#!/bin/sh\n# ${launch.engine} ${launch.version}\n${shellCommand(launch.command)}\n`,
      },
    ];
    for (const file of files) {
      const path = join(root, file.path);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, file.content);
      written.push(path);
    }
  }
  const result = outDir === undefined ? launch : { ...launch, written };
  context.print(result, () => {
    const parts = [`# ${launch.engine} ${launch.version}`, shellCommand(launch.command)];
    for (const file of launch.configFiles) parts.push("", `# file: ${file.path}`, file.content.trimEnd());
    if (launch.notes.length > 0) parts.push("", ...launch.notes.map((note) => `note: ${note}`));
    if (launch.unsupported.length > 0) parts.push("", ...launch.unsupported.map((item) => `unsupported: ${item}`));
    parts.push("", `sources: ${launch.sources.join("; ")}`);
    if (written.length > 0) parts.push(`written: ${written.join(", ")}`);
    return parts.join("\n");
  });
}

function int(flag: string, raw: string, min = 1): number {
  return parseNumberOption(flag, raw, { int: true, min });
}

interface ServeFlags {
  model?: string;
  gpu?: string;
  /** Not an option of `aif serve` (hidden): given, it is an input error that points at --tp and `serve search`. */
  gpus?: string;
  tp: string;
  ep: string;
  pp: string;
  attentionDp?: boolean;
  weights: string;
  kv: string;
  isl?: string;
  osl?: string;
  concurrency?: string;
  maxThroughput?: boolean;
  prefixHitRatio?: string;
  mtpAcceptance?: string;
  efficiency?: string;
  kernels?: string;
  redundantExperts?: string;
  attentionDpBalance?: boolean;
  twoBatchOverlap?: boolean;
  moeDispatch?: string;
  emit?: string;
  emitOut?: string;
  modelPath?: string;
}

const POOL_KEYS = [
  "instances",
  "tp",
  "ep",
  "attention-dp",
  "redundant-experts",
  "two-batch-overlap",
  "allgather",
  "concurrency",
] as const;

/**
 * Parses a pool spec such as `instances=2,tp=8,ep=8,attention-dp,redundant-experts=32` (switches without a value:
 * `attention-dp`, `two-batch-overlap`, `allgather`).
 *
 * @param flag - the flag, for errors
 * @param raw - the spec
 * @param allowed - keys this flag takes
 * @returns the pool
 * @throws InvalidInputError naming the flag, the key and the keys it takes
 */
function parsePoolSpec(flag: string, raw: string, allowed: readonly string[] = POOL_KEYS): ServingPoolInput {
  const pool: ServingPoolInput = {};
  for (const part of raw
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p.length > 0)) {
    const [key = "", value] = part.split("=", 2).map((p) => p.trim());
    if (!allowed.includes(key)) {
      throw new InvalidInputError(`option ${flag}`, [
        {
          path: flag,
          message: `unknown key "${key}"`,
          received: raw,
          hint: `use comma-separated ${allowed.join(", ")} (e.g. instances=2,tp=8,ep=8,attention-dp)`,
        },
      ]);
    }
    const number = () => int(`${flag} ${key}`, value ?? "", key === "redundant-experts" ? 0 : 1);
    if (key === "instances") pool.instances = number();
    else if (key === "tp") pool.tp = number();
    else if (key === "ep") pool.ep = number();
    else if (key === "redundant-experts") pool.redundantExperts = number();
    else if (key === "concurrency") pool.concurrency = number();
    else if (key === "attention-dp") pool.attentionDp = true;
    else if (key === "two-batch-overlap") pool.microBatchOverlap = true;
    else if (key === "allgather") pool.moeDispatch = "allgather";
  }
  return pool;
}

interface OfflineFlags extends ServeFlags {
  requests?: string;
  chunkedPrefill?: boolean;
  maxBatchSize?: string;
  maxNumTokens?: string;
  trtllmBenchLimits?: boolean;
  cudaGraphBatchSizes?: string;
}

/**
 * `aif serve` defines the shared flags too and, being the parent, parses them first: a flag the user typed lands
 * on the parent. Merge: the subcommand's flags typed on the command line, else the parent's, else defaults.
 */
function mergeParentFlags(own: object, command: Command): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...own };
  const parent = command.parent;
  if (parent === null) return merged;
  for (const [key, value] of Object.entries(parent.opts())) {
    if (value === undefined || parent.getOptionValueSource(key) === "default") continue;
    if (command.getOptionValueSource(key) === "cli") continue;
    merged[key] = value;
  }
  return merged;
}

function servingConfigFromFlags(flags: ServeFlags): ServingConfigInput & { inputTokens: number; outputTokens: number } {
  return {
    tp: int("--tp", flags.tp),
    ep: int("--ep", flags.ep),
    pp: int("--pp", flags.pp),
    attentionDp: flags.attentionDp === true,
    weights: parseChoiceOption("--weights", flags.weights, WEIGHTS),
    kv: parseChoiceOption("--kv", flags.kv, KV),
    inputTokens: int("--isl", requiredOption("--isl", flags.isl)),
    outputTokens: int("--osl", requiredOption("--osl", flags.osl)),
    ...(flags.concurrency === undefined ? {} : { concurrency: int("--concurrency", flags.concurrency) }),
    maxThroughput: flags.maxThroughput === true,
    ...(flags.prefixHitRatio === undefined
      ? {}
      : { prefixHitRatio: parseRatioOption("--prefix-hit-ratio", flags.prefixHitRatio) }),
    ...(flags.mtpAcceptance === undefined
      ? {}
      : { mtpAcceptance: parseRatioOption("--mtp-acceptance", flags.mtpAcceptance) }),
    ...(flags.redundantExperts === undefined
      ? {}
      : { redundantExperts: int("--redundant-experts", flags.redundantExperts, 0) }),
    ...(flags.attentionDpBalance === false ? { attentionDpBalance: false } : {}),
    ...(flags.twoBatchOverlap === true ? { microBatchOverlap: true } : {}),
    ...(flags.moeDispatch === undefined
      ? {}
      : { moeDispatch: parseChoiceOption("--moe-dispatch", flags.moeDispatch, ["all-to-all", "allgather"] as const) }),
  };
}

/** A fixed pool layout for `aif serve search` (no instance count, no concurrency: the search picks those). */
function fixedPool(flag: string, raw: string) {
  const pool = parsePoolSpec(flag, raw, ["tp", "ep", "attention-dp", "redundant-experts", "two-batch-overlap"]);
  return {
    tp: pool.tp ?? 1,
    ep: pool.ep ?? 1,
    attentionDp: pool.attentionDp ?? false,
    redundantExperts: pool.redundantExperts ?? 0,
    microBatchOverlap: pool.microBatchOverlap ?? false,
  };
}

function renderDisaggregated(result: DisaggregatedServingResult): string {
  const c = result.config;
  const ms = (value: number) => `${formatSignificant(value, 3)} ms`;
  const pool = (p: typeof c.prefill) =>
    `tp ${p.tp} ep ${p.ep}${p.attentionDp ? " attention-DP" : ""}${p.redundantExperts > 0 ? ` +${p.redundantExperts} redundant experts` : ""}${p.microBatchOverlap ? " two-batch overlap" : ""}`;
  const lines: (readonly [string, unknown])[] = [
    ["model / accelerator", `${result.architectureId} on ${result.acceleratorCount} x ${result.acceleratorId}`],
    ["prefill pool", `${c.prefill.instances} x (${pool(c.prefill)}) = ${c.prefill.instances * c.prefill.tp} GPUs`],
    ["decode pool", `${c.decode.instances} x (${pool(c.decode)}) = ${c.decode.instances * c.decode.tp} GPUs`],
    ["isl / osl", `${c.inputTokens} / ${c.outputTokens}, weights ${c.weights}, KV ${c.kv}`],
    [
      "bound by",
      `${result.boundBy} (prefill ${(result.prefill.utilizationRatio * 100).toFixed(0)}% busy, decode ${(result.decode.utilizationRatio * 100).toFixed(0)}% busy)`,
    ],
    ["requests/s", formatCount(result.requestsPerSecond)],
    ["output tokens/s", formatCount(result.outputTokensPerSecond)],
    ["output tokens/s per GPU", formatCount(result.outputTokensPerSecondPerGpu)],
    [
      "TTFT (prefill + KV transfer) / TPOT",
      `${ms(result.ttftMs)} (${ms(result.prefillMs)} + ${ms(result.kvTransferMs)}) / ${ms(result.tpotMs)}`,
    ],
    ["decode concurrency", `${result.decodeConcurrency} per instance (max ${result.decodeMaxConcurrency})`],
    [
      "kernels",
      `gemm ${result.kernelSources.gemm}, moe ${result.kernelSources.moe}, attention ${result.kernelSources.attention}, collective ${result.kernelSources.collective}`,
    ],
  ];
  const warnings = result.warnings.map((w) => `warning: ${w}`).join("\n");
  return renderKeyValues(lines) + (warnings ? `\n${warnings}` : "");
}

/**
 * "gemm measured, moe analytic, ...": where each kernel class's time came from; "n/a" for a class that does not
 * apply (took no time, or no experts in a dense model).
 */
function renderKernelSources(sources: KernelSources, applies: Record<keyof KernelSources, boolean>): string {
  return (Object.keys(sources) as (keyof KernelSources)[])
    .map((kind) => `${kind} ${applies[kind] ? sources[kind] : "n/a"}`)
    .join(", ");
}

function kernelClassesWithTime(b: Omit<IterationBreakdown, "iterationSeconds" | "kernelSources">) {
  return {
    gemm: b.denseMatmulSeconds + b.headSeconds > 0,
    moe: b.expertMatmulSeconds > 0,
    attention: b.decodeAttentionSeconds + b.prefillAttentionSeconds > 0,
    collective: b.communicationSeconds > 0,
  };
}

function renderOffline(result: OfflineRunResult): string {
  const c = result.config;
  const ms = (value: number) => `${formatSignificant(value, 3)} ms`;
  const lines: (readonly [string, unknown])[] = [
    ["model / accelerator", `${result.architectureId} on ${result.acceleratorCount} x ${result.acceleratorId}`],
    [
      "layout",
      `tp ${c.tp} pp ${c.pp} ep ${c.ep}${c.attentionDp ? " attention-DP" : ""}, weights ${c.weights}, KV ${c.kv}`,
    ],
    [
      "requests",
      `${result.requests} x ${c.inputTokens} / ${c.outputTokens} tokens (${result.chunkedPrefill ? "chunked" : "whole-prompt"} prefill)`,
    ],
    [
      "engine limits",
      `${result.maxConcurrency} sequences admitted at most; max batch ${c.maxBatchSize}, max tokens ${c.maxNumTokens}`,
    ],
    [
      "makespan",
      `${formatSignificant(result.makespanSeconds, 3)} s over ${result.iterations} iterations (${result.prefillIterations} with prefill)`,
    ],
    ["output tokens/s", formatCount(result.outputTokensPerSecond)],
    ["output tokens/s per GPU", formatCount(result.outputTokensPerSecondPerGpu)],
    ["steady-state max throughput", formatCount(result.steadyStateOutputTokensPerSecond)],
    ["mean TTFT (queueing included) / TPOT", `${ms(result.meanTtftMs)} / ${ms(result.meanTpotMs)}`],
    ["mean sequences decoding", formatSignificant(result.meanDecodingSequences, 3)],
    ["kernels", renderKernelSources(result.kernelSources, kernelClassesWithTime(result.seconds))],
  ];
  const warnings = result.warnings.map((w) => `warning: ${w}`).join("\n");
  return renderKeyValues(lines) + (warnings ? `\n${warnings}` : "");
}

interface SearchFlags {
  model?: string;
  gpu?: string;
  gpus?: string;
  isl?: string;
  osl?: string;
  ttftMs?: string;
  tpotMs?: string;
  weights?: string;
  kv?: string;
  disaggregated?: boolean;
  prefillPool?: string;
  decodePool?: string;
  maxEp?: string;
  prefixHitRatio?: string;
  limit: string;
  efficiency?: string;
  kernels?: string;
}

function renderServing(result: ServingResult): string {
  const c = result.config;
  const b = result.breakdown;
  const ms = (value: number) => `${formatSignificant(value, 3)} ms`;
  const lines: (readonly [string, unknown])[] = [
    ["model / accelerator", `${result.architectureId} on ${result.acceleratorCount} x ${result.acceleratorId}`],
    [
      "layout",
      `tp ${c.tp} pp ${c.pp} ep ${c.ep}${c.attentionDp ? " attention-DP" : ""}, weights ${c.weights} (GEMMs at ${b.matmulPeak}), KV ${c.kv}`,
    ],
    ["isl / osl", `${c.inputTokens} / ${c.outputTokens}`],
    ["concurrency", `${result.concurrency} (max ${result.maxConcurrency})`],
    ["TTFT / TPOT", `${ms(result.ttftMs)} / ${ms(result.tpotMs)} (steady state; TTFT = one request's prefill)`],
    ...(result.closedLoop === undefined
      ? []
      : ([
          [
            `closed loop at ${result.closedLoop.concurrency}`,
            `TTFT mean ${ms(result.closedLoop.meanTtftMs)}, p50 ${ms(result.closedLoop.p50TtftMs)}, p99 ${ms(result.closedLoop.p99TtftMs)}; TPOT ${ms(result.closedLoop.meanTpotMs)}; ${formatCount(result.closedLoop.outputTokensPerSecond)} output tokens/s (${result.closedLoop.measuredRequests} requests after a warm-up wave)`,
          ],
        ] as const)),
    ["output tokens/s", formatCount(result.outputTokensPerSecond)],
    ["output tokens/s per GPU", formatCount(result.outputTokensPerSecondPerGpu)],
    ["input tokens/s", formatCount(result.inputTokensPerSecond)],
    [
      "KV cache",
      `${formatCount(result.kvCacheCapacityTokens)} tokens (${formatBytes(b.memory.kvCacheBytes)} per GPU); weights ${formatBytes(b.memory.weightsBytes)} per GPU`,
    ],
    [
      "iteration",
      `${ms(b.iterationSeconds * 1e3)}: dense GEMM ${ms(b.denseMatmulSeconds * 1e3)}, experts ${ms(b.expertMatmulSeconds * 1e3)}, decode attention ${ms(b.decodeAttentionSeconds * 1e3)}, prefill attention ${ms(b.prefillAttentionSeconds * 1e3)}, elementwise ${ms(b.elementwiseSeconds * 1e3)}, comm ${ms(b.communicationSeconds * 1e3)}`,
    ],
    ["kernels", renderKernelSources(b.kernelSources, kernelClassesWithTime(b))],
  ];
  const warnings = result.warnings.map((w) => `warning: ${w}`).join("\n");
  const note = result.closedLoop === undefined ? "" : `\nnote: ${result.closedLoop.explanation}`;
  return renderKeyValues(lines) + note + (warnings ? `\n${warnings}` : "");
}

/**
 * Registers `aif serve` (one serving deployment in steady state) and `aif serve search` (the SLO search).
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif serve --model llama-3.1-70b --gpu nvidia-h100-sxm --tp 2 --isl 1000 --osl 1000 --max-throughput --json
 * aif serve search --model llama-3.1-70b --gpu nvidia-h100-sxm --gpus 16 --isl 2000 --osl 500 --ttft-ms 2000 --tpot-ms 50
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerServeCommands(program: Command, context: CliContext): void {
  const serve = program
    .command("serve")
    .description("serving throughput, TTFT and TPOT of a model on a GPU (steady-state continuous batching)")
    .option("--model <id|file>", "architecture id or JSON/YAML file")
    .option("--gpu <id|file>", "accelerator id or JSON/YAML file")
    .option("--tp <n>", "GPUs per pipeline stage (tensor parallel)", "1")
    .option("--ep <n>", "expert parallel size (divides tp)", "1")
    .option("--pp <n>", "pipeline stages", "1")
    .option("--attention-dp", "attention data-parallel across the tp GPUs (MoE deployments)")
    .option("--weights <format>", "bf16 | fp8 | fp4 | int4", "fp8")
    .option("--kv <format>", "bf16 | fp8", "fp8")
    .option("--isl <tokens>", "input tokens per request")
    .option("--osl <tokens>", "output tokens per request")
    .option("--concurrency <n>", "sequences in flight per instance")
    .option("--max-throughput", "use the largest concurrency that fits")
    .option("--prefix-hit-ratio <r>", "share of each prompt in the prefix cache (0..1)")
    .option("--mtp-acceptance <r>", "speculative / MTP per-token acceptance rate (0..1)")
    .option("--redundant-experts <n>", "redundant expert replicas (EPLB): ep may then divide experts + n")
    .option("--no-attention-dp-balance", "attention-DP ranks prefill on their own: a prompt chunk stalls the EP group")
    .option("--two-batch-overlap", "split each iteration in two micro-batches to hide the EP/TP exchange")
    .option("--moe-dispatch <d>", "all-to-all | allgather (MoE exchange under attention-DP)")
    .option("--efficiency <file>", "efficiency factors (JSON/YAML)")
    .option(
      "--kernels <file|builtin|none>",
      "measured kernel tables: builtin (default; A100..GB300), none (analytic roofline), or a JSON file from aif bench kernels",
    )
    .option("--emit <engine>", "print the launch command and files for vllm | sglang | trtllm instead of estimating")
    .option("--emit-out <dir>", "with --emit: also write the files and launch.sh to this directory")
    .option("--model-path <path>", "with --emit: weights path or Hugging Face repository (default: from --model)")
    // Hidden: `--gpus` belongs to `serve search` and the other commands; here it would otherwise get commander's
    // "(Did you mean --gpu?)", which points at the wrong flag.
    .addOption(new Option("--gpus <n>").hideHelp())
    .action((flags: ServeFlags) => {
      if (flags.gpus !== undefined) {
        throw new InvalidInputError("option --gpus", [
          {
            path: "--gpus",
            message: "aif serve estimates one instance, whose GPUs are --tp x --pp (--ep divides --tp)",
            received: flags.gpus,
            hint: `one instance on ${flags.gpus} GPUs: --tp ${flags.gpus} (MoE: with --ep); to spread ${flags.gpus} GPUs over instances and layouts for an SLO: aif serve search --gpus ${flags.gpus}`,
          },
        ]);
      }
      if (flags.emit !== undefined) {
        const engine = parseChoiceOption("--emit", flags.emit, SERVING_ENGINES);
        const launch = emitServingLaunch(servingConfigFromFlags(flags), engine, {
          ...(flags.model === undefined ? {} : { architecture: loadServingModel(flags.model, context.catalog) }),
          ...(flags.modelPath === undefined ? {} : { model: flags.modelPath }),
        });
        printLaunch(context, launch, flags.emitOut);
        return;
      }
      if (flags.emitOut !== undefined) {
        throw new InvalidInputError("option --emit-out", [
          {
            path: "--emit-out",
            message: "needs --emit",
            received: flags.emitOut,
            hint: "e.g. --emit vllm --emit-out ./deploy",
          },
        ]);
      }
      if (flags.concurrency === undefined && !flags.maxThroughput) {
        throw new InvalidInputError("option --concurrency", [
          {
            path: "--concurrency",
            message: "give --concurrency N or --max-throughput",
            received: undefined,
            hint: "e.g. --concurrency 64",
          },
        ]);
      }
      const efficiency =
        flags.efficiency === undefined
          ? undefined
          : (readDataFile(flags.efficiency, "efficiency file") as InferenceEfficiencyInput);
      const accelerator = loadServingAccelerator(requiredOption("--gpu", flags.gpu), context.catalog);
      const result = withFlagNames(SERVE_FLAG_NAMES, () =>
        estimateServing({
          architecture: loadServingModel(requiredOption("--model", flags.model), context.catalog),
          accelerator,
          config: servingConfigFromFlags(flags),
          ...(efficiency === undefined ? {} : { efficiency }),
          kernels: loadKernelTablesFlag(flags.kernels, accelerator.id).option,
        }),
      );
      context.print(assertFiniteResult(result, "serving estimate"), () => renderServing(result));
      if (result.maxConcurrency === 0) {
        throw new AifError(
          "INVALID_CONFIGURATION",
          result.breakdown.memory.fits
            ? "this deployment cannot hold one sequence of inputTokens + outputTokens tokens in its KV cache"
            : `this deployment does not fit: the weights need ${formatBytes(result.breakdown.memory.weightsBytes)} per GPU of ${formatBytes(result.breakdown.memory.capacityBytes)}`,
          { hint: "raise tp/pp/ep, use smaller weights (fp8, fp4) or an fp8 KV cache, or run `aif serve search`" },
        );
      }
    });

  serve
    .command("offline")
    .description(
      "simulate an offline benchmark (trtllm-bench throughput style): N requests queued at once, iteration by iteration",
    )
    .option("--model <id|file>", "architecture id or JSON/YAML file")
    .option("--gpu <id|file>", "accelerator id or JSON/YAML file")
    .option("--tp <n>", "GPUs per pipeline stage (tensor parallel)", "1")
    .option("--ep <n>", "expert parallel size (divides tp)", "1")
    .option("--pp <n>", "pipeline stages", "1")
    .option("--attention-dp", "attention data-parallel across the tp GPUs (MoE deployments)")
    .option("--weights <format>", "bf16 | fp8 | fp4 | int4", "fp8")
    .option("--kv <format>", "bf16 | fp8", "fp8")
    .option("--isl <tokens>", "input tokens per request")
    .option("--osl <tokens>", "output tokens per request")
    .option("--requests <n>", "requests queued at time zero")
    .option("--chunked-prefill", "split prompts across iterations (default: whole prompts, as trtllm-bench)")
    .option("--max-batch-size <n>", "engine limit on sequences per iteration (default 2048)")
    .option("--max-num-tokens <n>", "engine limit on tokens per iteration (default 8192)")
    .option("--trtllm-bench-limits", "use the limits trtllm-bench's heuristic picks for this model and GPU")
    .option(
      "--cuda-graph-batch-sizes <list>",
      "comma-separated CUDA-graph batch sizes decode-only iterations are padded to, or 'trtllm' for the TensorRT-LLM perf overview's list (default: no padding)",
    )
    .option("--prefix-hit-ratio <r>", "share of each prompt in the prefix cache (0..1)")
    .option("--mtp-acceptance <r>", "speculative / MTP per-token acceptance rate (0..1)")
    .option("--efficiency <file>", "efficiency factors (JSON/YAML)")
    .option(
      "--kernels <file|builtin|none>",
      "measured kernel tables: builtin (default; A100..GB300), none (analytic roofline), or a JSON file from aif bench kernels",
    )
    .action((own: OfflineFlags, command: Command) => {
      const flags = mergeParentFlags(own, command) as unknown as OfflineFlags;
      const efficiency =
        flags.efficiency === undefined
          ? undefined
          : (readDataFile(flags.efficiency, "efficiency file") as InferenceEfficiencyInput);
      const architecture = loadServingModel(requiredOption("--model", flags.model), context.catalog);
      const accelerator = loadServingAccelerator(requiredOption("--gpu", flags.gpu), context.catalog);
      const kernels = loadKernelTablesFlag(flags.kernels, accelerator.id).option;
      const config = servingConfigFromFlags({ ...flags, maxThroughput: true });
      const chunkedPrefill = flags.chunkedPrefill === true;
      if (flags.trtllmBenchLimits === true) {
        const limits = trtllmBenchEngineLimits({
          architecture,
          accelerator,
          tp: config.tp ?? 1,
          pp: config.pp ?? 1,
          weights: config.weights === "int4" ? "bf16" : config.weights,
          kv: config.kv,
          inputTokens: config.inputTokens,
          outputTokens: config.outputTokens,
          chunkedPrefill,
        });
        config.maxBatchSize = limits.maxBatchSize;
        config.maxNumTokens = limits.maxNumTokens;
      }
      if (flags.maxBatchSize !== undefined) config.maxBatchSize = int("--max-batch-size", flags.maxBatchSize);
      if (flags.maxNumTokens !== undefined) config.maxNumTokens = int("--max-num-tokens", flags.maxNumTokens);
      const graphFlag = flags.cudaGraphBatchSizes;
      const cudaGraphBatchSizes =
        graphFlag === undefined
          ? undefined
          : graphFlag.trim() === "trtllm"
            ? [...TRTLLM_PERF_OVERVIEW_CUDA_GRAPH_BATCH_SIZES]
            : graphFlag.split(",").map((part) => int("--cuda-graph-batch-sizes", part.trim()));
      const result = simulateOfflineRun({
        architecture,
        accelerator,
        config,
        run: {
          requests: int("--requests", requiredOption("--requests", flags.requests)),
          chunkedPrefill,
          ...(cudaGraphBatchSizes === undefined ? {} : { cudaGraphBatchSizes }),
        },
        ...(efficiency === undefined ? {} : { efficiency }),
        kernels,
      });
      context.print(assertFiniteResult(result, "serving estimate"), () => renderOffline(result));
    });

  serve
    .command("disaggregated")
    .description(
      "a fixed xPyD deployment: x prefill and y decode instances with their own layouts, KV transfer between",
    )
    .option("--prefill <spec>", "prefill pool, e.g. instances=3,tp=8,ep=8,attention-dp")
    .option("--decode <spec>", "decode pool, e.g. instances=1,tp=16,ep=16,attention-dp,redundant-experts=32")
    .option("--max-num-tokens <n>", "prefill token budget per iteration and rank (default 8192)")
    .option("--emit <engine>", "print the deployment for dynamo (a DynamoGraphDeployment) instead of estimating")
    .option("--emit-out <dir>", "with --emit: also write the manifest and launch.sh to this directory")
    .option("--model-path <path>", "with --emit: weights path or Hugging Face repository (default: from --model)")
    .action((own: { prefill?: string; decode?: string; maxNumTokens?: string }, command: Command) => {
      const flags = mergeParentFlags(own, command) as unknown as Partial<ServeFlags> & typeof own;
      const config = () => ({
        prefill: parsePoolSpec(
          "--prefill",
          requiredOption("--prefill", flags.prefill),
          POOL_KEYS.filter((k) => k !== "concurrency"),
        ),
        decode: parsePoolSpec("--decode", requiredOption("--decode", flags.decode)),
        weights: parseChoiceOption("--weights", flags.weights ?? "fp8", WEIGHTS),
        kv: parseChoiceOption("--kv", flags.kv ?? "fp8", KV),
        inputTokens: int("--isl", requiredOption("--isl", flags.isl)),
        outputTokens: int("--osl", requiredOption("--osl", flags.osl)),
        ...(flags.prefixHitRatio === undefined
          ? {}
          : { prefixHitRatio: parseRatioOption("--prefix-hit-ratio", flags.prefixHitRatio) }),
        ...(flags.mtpAcceptance === undefined
          ? {}
          : { mtpAcceptance: parseRatioOption("--mtp-acceptance", flags.mtpAcceptance) }),
        ...(flags.maxNumTokens === undefined ? {} : { maxNumTokens: int("--max-num-tokens", flags.maxNumTokens) }),
      });
      if (flags.emit !== undefined) {
        const engine = parseChoiceOption("--emit", flags.emit, ["dynamo"] as const);
        const launch = emitDisaggregatedLaunch(config(), engine, {
          ...(flags.model === undefined ? {} : { architecture: loadServingModel(flags.model, context.catalog) }),
          ...(flags.modelPath === undefined ? {} : { model: flags.modelPath }),
        });
        printLaunch(context, launch, flags.emitOut);
        return;
      }
      const efficiency =
        flags.efficiency === undefined
          ? undefined
          : (readDataFile(flags.efficiency, "efficiency file") as InferenceEfficiencyInput);
      const accelerator = loadServingAccelerator(requiredOption("--gpu", flags.gpu), context.catalog);
      const result = estimateDisaggregatedServing({
        architecture: loadServingModel(requiredOption("--model", flags.model), context.catalog),
        accelerator,
        config: config(),
        ...(efficiency === undefined ? {} : { efficiency }),
        kernels: loadKernelTablesFlag(flags.kernels, accelerator.id).option,
      });
      context.print(assertFiniteResult(result, "serving estimate"), () => renderDisaggregated(result));
    });

  serve
    .command("search")
    .description("serving configurations meeting TTFT/TPOT SLOs for a GPU budget, best tokens/s per GPU first")
    .option("--model <id|file>", "architecture id or JSON/YAML file")
    .option("--gpu <id|file>", "accelerator id or JSON/YAML file")
    .option("--gpus <n>", "GPU budget")
    .option("--isl <tokens>", "input tokens per request")
    .option("--osl <tokens>", "output tokens per request")
    .option("--ttft-ms <ms>", "TTFT ceiling")
    .option("--tpot-ms <ms>", "TPOT ceiling")
    .option("--weights <format>", "bf16 | fp8 | fp4 | int4 (default fp8)")
    .option("--kv <format>", "bf16 | fp8 (default fp8)")
    .option("--disaggregated", "also search disaggregated prefill/decode deployments")
    .option(
      "--prefill-pool <spec>",
      "fix the prefill instance layout, e.g. tp=8,ep=8,attention-dp (implies --disaggregated)",
    )
    .option(
      "--decode-pool <spec>",
      "fix the decode instance layout, e.g. tp=32,ep=32,attention-dp,redundant-experts=32",
    )
    .option("--max-ep <n>", "largest EP size tried for MoE models (wide EP across nodes; default one scale-up domain)")
    .option("--prefix-hit-ratio <r>", "share of each prompt in the prefix cache (0..1)")
    .option("--limit <n>", "results to show", "10")
    .option("--efficiency <file>", "efficiency factors (JSON/YAML)")
    .option(
      "--kernels <file|builtin|none>",
      "measured kernel tables: builtin (default; A100..GB300), none (analytic roofline), or a JSON file from aif bench kernels",
    )
    .action((own: SearchFlags, command: Command) => {
      // `aif serve` defines the shared flags too and, being the parent, parses them first: merge both.
      const given = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined));
      const flags = { ...(command.parent?.opts() ?? {}), ...given } as SearchFlags;
      const efficiency =
        flags.efficiency === undefined
          ? undefined
          : (readDataFile(flags.efficiency, "efficiency file") as InferenceEfficiencyInput);
      const architecture = loadServingModel(requiredOption("--model", flags.model), context.catalog);
      const accelerator = loadServingAccelerator(requiredOption("--gpu", flags.gpu), context.catalog);
      const report = searchServingConfigs({
        architecture,
        accelerator,
        space: {
          acceleratorCount: int("--gpus", requiredOption("--gpus", flags.gpus)),
          inputTokens: int("--isl", requiredOption("--isl", flags.isl)),
          outputTokens: int("--osl", requiredOption("--osl", flags.osl)),
          ttftMs: parseNumberOption("--ttft-ms", requiredOption("--ttft-ms", flags.ttftMs), { min: 0.001 }),
          tpotMs: parseNumberOption("--tpot-ms", requiredOption("--tpot-ms", flags.tpotMs), { min: 0.001 }),
          weights: parseChoiceOption("--weights", flags.weights ?? "fp8", WEIGHTS),
          kv: parseChoiceOption("--kv", flags.kv ?? "fp8", KV),
          disaggregated: flags.disaggregated === true,
          ...(flags.prefillPool === undefined ? {} : { prefillPool: fixedPool("--prefill-pool", flags.prefillPool) }),
          ...(flags.decodePool === undefined ? {} : { decodePool: fixedPool("--decode-pool", flags.decodePool) }),
          ...(flags.maxEp === undefined ? {} : { maxEp: int("--max-ep", flags.maxEp) }),
          ...(flags.prefixHitRatio === undefined
            ? {}
            : { prefixHitRatio: parseRatioOption("--prefix-hit-ratio", flags.prefixHitRatio) }),
        },
        limit: int("--limit", flags.limit),
        ...(efficiency === undefined ? {} : { efficiency }),
        kernels: loadKernelTablesFlag(flags.kernels, accelerator.id).option,
      });
      context.print(assertFiniteResult(report, "serving estimate"), () => {
        const kernels = `kernels: ${renderKernelSources(report.kernelSources, {
          gemm: true,
          moe: architecture.moe !== undefined,
          attention: true,
          collective: true,
        })}`;
        if (report.results.length === 0) {
          return `evaluated ${report.evaluatedCount} operating points; ${report.warnings.join("; ")}\n${kernels}`;
        }
        const table = renderTable(
          report.results.map((r) => ({
            mode: r.mode,
            layout: `tp ${r.tp} ep ${r.ep}${r.attentionDp ? " adp" : ""}`,
            "P:D": r.prefill
              ? `${r.prefill.instances}x tp${r.prefill.tp} : ${r.decode?.instances ?? 0}x tp${r.tp}`
              : "",
            concurrency: r.concurrency,
            "TTFT ms": formatSignificant(r.ttftMs, 3),
            "TPOT ms": formatSignificant(r.tpotMs, 3),
            "tok/s/GPU": formatCount(r.outputTokensPerSecondPerGpu),
            GPUs: r.gpusUsed,
          })),
        );
        return `${table}\nevaluated ${report.evaluatedCount} operating points\n${kernels}`;
      });
    });
}
