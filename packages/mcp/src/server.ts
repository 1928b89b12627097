import { type Assumption, formatAssumption, InvalidInputError, type Source } from "@aifactory/core";
import { computeAcceleratorTco, planAcceleratorSupply } from "@aifactory/economics";
import { defaultAcceleratorPue, estimateAcceleratorEnergy } from "@aifactory/energy";
import { getAccelerator, listAccelerators } from "@aifactory/hardware";
import { generateAgenticTrace, generateSharedPrefixTrace, parseKvTierList, simulateKvCache } from "@aifactory/memory";
import { compare, getDefaultScenario, listDefaultScenarioIds, plan, solve, solveGoalSchema } from "@aifactory/planner";
import {
  type ArchitectureInput,
  architectureFromHuggingFaceConfig,
  emitServingLaunch,
  emitTrainingLaunch,
  estimateServing,
  estimateTrainingStep,
  getArchitecture,
  kvCacheBytesPerToken,
  listArchitectures,
  parameterCounts,
  resolveServingArchitecture,
  searchServingConfigs,
  searchTrainingConfigs,
  simulateFleet,
  sizeFleet,
} from "@aifactory/workloads";
import { McpServer, ResourceTemplate } from "@modelcontextprotocol/sdk/server/mcp.js";
import { z } from "zod";
import { listMethodologyPages, readMethodologyPage } from "./docs";
import { toolResult } from "./results";

/** Package version reported to clients. */
const VERSION = "0.1.0";

const acceleratorId = z.string().min(1).describe("accelerator id from hardware_list, e.g. nvidia-h100-sxm");
const modelRef = z
  .union([z.string().min(1), z.record(z.string(), z.unknown())])
  .describe("architecture id from architecture_list (e.g. llama-3.1-70b) or a full architecture object");
const object = (description: string) => z.record(z.string(), z.unknown()).describe(description);

/** The public sources of the accelerator a model used (the figures an answer rests on). */
function acceleratorSources(id: string): Source[] {
  try {
    return getAccelerator(id).sources;
  } catch {
    return [];
  }
}

function architectureSources(model: unknown): Source[] {
  if (typeof model !== "string") return [];
  try {
    return resolveServingArchitecture(model).sources ?? [];
  } catch {
    return [];
  }
}

/** The models' structured assumptions as sentences (`name = value unit (basis: text)`, or `name: text` for a method). */
function describeAssumptions(list: readonly Assumption[]): string[] {
  return list.map(formatAssumption);
}

function dedupe(sources: Source[]): Source[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    const key = `${s.title}|${s.url ?? ""}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The tools the aifactory MCP server exposes, with what each does (the names clients list).
 *
 * @since 0.1.0
 * @category MCP
 */
export const AIFACTORY_TOOL_NAMES: readonly string[] = Object.freeze([
  "hardware_list",
  "hardware_show",
  "hardware_compare",
  "architecture_list",
  "architecture_show",
  "architecture_import",
  "train_estimate",
  "train_search",
  "serve_estimate",
  "serve_search",
  "fleet_simulate",
  "fleet_size",
  "energy_estimate",
  "tco_estimate",
  "supply_plan",
  "kv_simulate",
  "deploy_serving",
  "deploy_training",
  "plan_scenario",
  "plan_compare",
  "plan_solve",
  "scenario_list",
]);

/**
 * Creates the aifactory MCP server: tools over the catalog, the performance, fleet, energy, cost and supply models
 * and the planner (zod input schemas; every result carries its sources, assumptions and warnings; bad input comes
 * back as a tool error with the field and a hint), resources for catalog entries, architectures and methodology
 * pages, and prompts for common analyses. Connect it to a transport (`StdioServerTransport`,
 * `StreamableHTTPServerTransport`) or use {@link startStdioServer}.
 *
 * @returns the server, not yet connected
 * @example
 * ```ts
 * import { createAifactoryServer } from "@aifactory/mcp";
 * const server = createAifactoryServer();
 * server.isConnected(); // false
 * ```
 * @since 0.1.0
 * @category MCP
 */
export function createAifactoryServer(): McpServer {
  const server = new McpServer(
    { name: "aifactory", version: VERSION },
    {
      instructions:
        "aifactory: sourced figures and models for AI infrastructure. Look accelerators up with hardware_list/hardware_show (every figure cites its public source), estimate training (train_estimate, train_search), serving (serve_estimate, serve_search), fleets under traffic (fleet_simulate, fleet_size), energy, TCO and supply, or plan a whole scenario (plan_scenario). Cite the sources and state the assumptions each result returns.",
    },
  );

  server.registerTool(
    "hardware_list",
    {
      title: "List accelerators",
      description:
        "Accelerators in the sourced catalog with their headline figures (dense TFLOPS per format, memory, bandwidth, TDP). Filter by vendor, format or memory.",
      inputSchema: {
        vendor: z.string().optional().describe("nvidia, amd, google, intel, aws"),
        dtype: z.enum(["fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8"]).optional(),
        memoryGBMin: z.number().positive().optional(),
      },
    },
    (args) =>
      toolResult(() => {
        const entries = listAccelerators({
          ...(args.vendor === undefined ? {} : { vendor: args.vendor }),
          ...(args.dtype === undefined ? {} : { dtype: args.dtype as never }),
          ...(args.memoryGBMin === undefined ? {} : { memoryGBMin: args.memoryGBMin }),
        });
        return {
          result: entries.map((a) => ({
            id: a.id,
            name: a.name,
            vendor: a.vendor,
            launchYear: a.launchYear,
            denseTflops: a.denseTflops,
            memoryGB: a.memoryGB,
            memoryBandwidthGBps: a.memoryBandwidthGBps,
            tdpWatts: a.tdpWatts ?? null,
          })),
          sources: [],
          assumptions: ["Headline figures only; hardware_show gives every figure with its sources and evidence tags."],
          warnings: [],
        };
      }),
  );

  server.registerTool(
    "hardware_show",
    {
      title: "Show an accelerator",
      description: "One accelerator's full catalog entry: every figure with its public source and evidence tag.",
      inputSchema: { id: acceleratorId },
    },
    (args) =>
      toolResult(() => {
        const entry = getAccelerator(args.id);
        return { result: entry, sources: entry.sources, assumptions: [], warnings: [] };
      }),
  );

  server.registerTool(
    "hardware_compare",
    {
      title: "Compare accelerators",
      description:
        "Side-by-side figures of several accelerators, with ratios to the first (dense TFLOPS for a format, memory, bandwidth, TDP, scale-up).",
      inputSchema: {
        ids: z.array(acceleratorId).min(2).max(12),
        dtype: z.enum(["bf16", "fp16", "fp8", "fp4", "int8"]).default("bf16"),
      },
    },
    (args) =>
      toolResult(() => {
        const entries = args.ids.map((id) => getAccelerator(id));
        const base = entries[0];
        const ratio = (a: number | undefined, b: number | undefined) =>
          a === undefined || b === undefined || b === 0 ? null : a / b;
        return {
          result: entries.map((a) => ({
            id: a.id,
            denseTflops: a.denseTflops[args.dtype] ?? null,
            denseTflopsRatio: ratio(a.denseTflops[args.dtype], base?.denseTflops[args.dtype]),
            memoryGB: a.memoryGB,
            memoryRatio: ratio(a.memoryGB, base?.memoryGB),
            memoryBandwidthGBps: a.memoryBandwidthGBps,
            bandwidthRatio: ratio(a.memoryBandwidthGBps, base?.memoryBandwidthGBps),
            tdpWatts: a.tdpWatts ?? null,
            scaleUpDomain: a.scaleUp.scaleUpDomainSize,
          })),
          sources: dedupe(entries.flatMap((a) => a.sources)),
          assumptions: [`Dense ${args.dtype} peaks as published (no sparsity); ratios against ${base?.id}.`],
          warnings: entries
            .filter((a) => a.denseTflops[args.dtype] === undefined)
            .map((a) => `${a.id} has no published dense ${args.dtype} peak`),
        };
      }),
  );

  server.registerTool(
    "architecture_list",
    { title: "List model architectures", description: "Model architectures in the catalog with parameter counts." },
    () =>
      toolResult(() => ({
        result: listArchitectures().map((a) => {
          const counts = parameterCounts(a);
          return {
            id: a.id,
            name: a.name,
            totalParams: counts.totalParams,
            activeParams: counts.activeParams,
            moe: a.moe !== undefined,
          };
        }),
        sources: [],
        assumptions: [],
        warnings: [],
      })),
  );

  server.registerTool(
    "architecture_show",
    {
      title: "Show a model architecture",
      description: "One architecture: layers, dimensions, attention, MoE, and its parameter counts.",
      inputSchema: { id: z.string().min(1) },
    },
    (args) =>
      toolResult(() => {
        const arch = getArchitecture(args.id as never);
        return {
          result: { ...arch, parameterCounts: parameterCounts(arch) },
          sources: arch.sources ?? [],
          assumptions: [],
          warnings: [],
        };
      }),
  );

  server.registerTool(
    "architecture_import",
    {
      title: "Import a model from its Hugging Face config",
      description:
        "Maps a Hugging Face config.json (Llama, Mistral/Mixtral, Qwen2/2.5, Qwen3 and Qwen3-MoE, DeepSeek-V2/V3 MLA/MoE, gpt-oss, Gemma 1/2/3, Phi-3, GPT-2; an unknown model_type is an error listing the supported ones) to an architecture the other tools accept as `model`, with its parameter counts and the mapping's notes.",
      inputSchema: {
        config: object("the model's config.json"),
        id: z.string().min(1).describe("kebab-case id to give it"),
      },
    },
    (args) =>
      toolResult(() => {
        const imported = architectureFromHuggingFaceConfig(args.config, { id: args.id });
        return {
          result: {
            architecture: imported.architecture,
            parameterCounts: parameterCounts(imported.architecture),
            unmapped: imported.unmapped,
          },
          sources: [],
          assumptions: imported.notes,
          warnings: imported.unmapped.length > 0 ? [`not mapped: ${imported.unmapped.join(", ")}`] : [],
        };
      }),
  );

  server.registerTool(
    "train_estimate",
    {
      title: "Estimate a training step",
      description:
        "Step time, MFU, memory per GPU and the time breakdown of one training configuration (parallelism, batch, sequence, precision, recompute, MoE options).",
      inputSchema: {
        model: modelRef,
        accelerator: acceleratorId,
        config: object("training configuration: gpus, tp, pp, cp, ep, globalBatch, sequenceTokens, precision, ..."),
      },
    },
    (args) =>
      toolResult(() => {
        const result = estimateTrainingStep({
          architecture: args.model as string | ArchitectureInput,
          accelerator: args.accelerator,
          config: args.config as never,
        });
        return {
          result,
          sources: dedupe([...acceleratorSources(args.accelerator), ...architectureSources(args.model)]),
          assumptions: describeAssumptions(result.assumptions),
          warnings: result.warnings,
        };
      }),
  );

  server.registerTool(
    "train_search",
    {
      title: "Search training configurations",
      description: "The fastest parallel configurations that fit for a model on a number of GPUs.",
      inputSchema: {
        model: modelRef,
        accelerator: acceleratorId,
        acceleratorCount: z.number().int().positive(),
        globalBatch: z.number().int().positive().describe("sequences per step"),
        sequenceTokens: z.number().int().positive(),
        top: z.number().int().positive().max(50).default(5),
      },
    },
    (args) =>
      toolResult(() => {
        const result = searchTrainingConfigs({
          architecture: args.model as string | ArchitectureInput,
          accelerator: args.accelerator,
          acceleratorCount: args.acceleratorCount,
          globalBatch: args.globalBatch,
          sequenceTokens: args.sequenceTokens,
          top: args.top,
        });
        return {
          result,
          sources: dedupe([...acceleratorSources(args.accelerator), ...architectureSources(args.model)]),
          assumptions: describeAssumptions(result.results[0]?.assumptions ?? []),
          warnings: result.results.length === 0 ? ["no configuration fits"] : [],
        };
      }),
  );

  server.registerTool(
    "serve_estimate",
    {
      title: "Estimate a serving deployment",
      description:
        "TTFT, TPOT, tokens/s per GPU, KV capacity and the iteration breakdown of one serving configuration; with an explicit concurrency also the closed-loop TTFT a benchmark at that concurrency reports.",
      inputSchema: {
        model: modelRef,
        accelerator: acceleratorId,
        config: object(
          "serving configuration: tp, ep, attentionDp, weights, kv, inputTokens, outputTokens, concurrency or maxThroughput, ...",
        ),
      },
    },
    (args) =>
      toolResult(() => {
        const result = estimateServing({
          architecture: args.model as string | ArchitectureInput,
          accelerator: args.accelerator,
          config: args.config as never,
        });
        return {
          result,
          sources: dedupe([...acceleratorSources(args.accelerator), ...architectureSources(args.model)]),
          assumptions: describeAssumptions(result.assumptions),
          warnings: result.warnings,
        };
      }),
  );

  server.registerTool(
    "serve_search",
    {
      title: "Search serving configurations under SLOs",
      description:
        "Layouts (TP/EP/attention-DP, aggregated or disaggregated) and batch sizes meeting TTFT and TPOT bounds, best tokens/s per GPU first.",
      inputSchema: {
        model: modelRef,
        accelerator: acceleratorId,
        space: object("search space: gpus, inputTokens, outputTokens, ttftMs, tpotMs, weights, kv, disaggregated, ..."),
        limit: z.number().int().positive().max(50).default(5),
      },
    },
    (args) =>
      toolResult(() => {
        const result = searchServingConfigs({
          architecture: args.model as string | ArchitectureInput,
          accelerator: args.accelerator,
          space: args.space as never,
          limit: args.limit,
        });
        return {
          result,
          sources: dedupe([...acceleratorSources(args.accelerator), ...architectureSources(args.model)]),
          assumptions: [],
          warnings: result.results.length === 0 ? ["no configuration meets the SLOs"] : [],
        };
      }),
  );

  server.registerTool(
    "fleet_simulate",
    {
      title: "Simulate an inference fleet under traffic",
      description:
        "Request-by-request simulation of replicas behind a router under a traffic (Poisson, bursty, closed loop, sessions, traces): P50/P99 TTFT, TPOT, E2E with confidence intervals, goodput, utilisation, prefix hits.",
      inputSchema: {
        model: modelRef,
        pools: z.array(object("a pool: accelerator, count, role (mixed|prefill|decode), engine")).min(1).max(16),
        traffic: object(
          "traffic: arrival {kind, ratePerSecond|concurrency}, requests, inputTokens, outputTokens, sessions?",
        ),
        options: object("router, slo {ttftMs, tpotMs}, warmupRequests").optional(),
      },
    },
    (args) =>
      toolResult(() => {
        const result = simulateFleet({
          architecture: args.model as string | ArchitectureInput,
          pools: args.pools as never,
          traffic: args.traffic as never,
          ...(args.options === undefined ? {} : { options: args.options as never }),
        });
        const accelerators = args.pools.map((p) => String(p.accelerator));
        return {
          result,
          sources: dedupe([...accelerators.flatMap(acceleratorSources), ...architectureSources(args.model)]),
          assumptions: describeAssumptions(result.assumptions),
          warnings: result.warnings,
        };
      }),
  );

  server.registerTool(
    "fleet_size",
    {
      title: "Size an inference fleet for P99 SLOs",
      description:
        "The smallest scale of each design (one accelerator, mixed, or prefill+decode pools) meeting P99 TTFT/TPOT at the traffic's rate, with a headroom curve.",
      inputSchema: {
        model: modelRef,
        designs: z
          .array(z.object({ name: z.string().optional(), pools: z.array(object("a pool")).min(1) }))
          .min(1)
          .max(8),
        traffic: object("open-loop traffic at the target rate"),
        sizing: object("ttftP99Ms, tpotP99Ms, e2eP99Ms, maxScaleMultiplier, headroomFactors"),
      },
    },
    (args) =>
      toolResult(() => {
        const result = sizeFleet({
          architecture: args.model as string | ArchitectureInput,
          designs: args.designs as never,
          traffic: args.traffic as never,
          sizing: args.sizing as never,
        });
        const accelerators = args.designs.flatMap((d) => d.pools.map((p) => String(p.accelerator)));
        return {
          result: {
            fewestGpus: result.fewestGpus,
            designs: result.designs.map((d) => ({
              name: d.name,
              meetsSlo: d.meetsSlo,
              scale: d.scale,
              acceleratorCount: d.acceleratorCount,
              ttftP99Ms: d.result.ttftMs.p99,
              tpotP99Ms: d.result.tpotMs.p99,
              headroom: d.headroom,
            })),
          },
          sources: dedupe(accelerators.flatMap(acceleratorSources)),
          assumptions: describeAssumptions(result.assumptions),
          warnings: result.warnings,
        };
      }),
  );

  server.registerTool(
    "energy_estimate",
    {
      title: "Estimate energy, carbon and water",
      description:
        "Facility energy, power, operational and embodied carbon and water of accelerators running for some hours at a utilisation in a grid region.",
      inputSchema: {
        accelerator: acceleratorId,
        acceleratorCount: z.number().int().positive(),
        hours: z.number().positive(),
        utilizationRatio: z.number().min(0).max(1).default(0.7),
        regionId: z.string().default("us").describe("grid region id, e.g. us, us-va, fr, world"),
        includeHost: z.boolean().default(true),
      },
    },
    (args) =>
      toolResult(() => {
        const result = estimateAcceleratorEnergy({
          acceleratorId: args.accelerator,
          acceleratorCount: args.acceleratorCount,
          hours: args.hours,
          utilizationRatio: args.utilizationRatio,
          includeHost: args.includeHost,
          grid: { regionId: args.regionId },
        });
        return {
          result,
          sources: acceleratorSources(args.accelerator),
          assumptions: describeAssumptions(result.assumptions),
          warnings: result.warnings,
        };
      }),
  );

  server.registerTool(
    "tco_estimate",
    {
      title: "Estimate total cost of ownership",
      description:
        "Capex, opex and cost per GPU-hour of owning accelerators (default prices and power from the catalogs, sourced).",
      inputSchema: {
        accelerator: acceleratorId,
        acceleratorCount: z.number().int().positive(),
        regionId: z.string().default("us"),
        depreciationYears: z.number().positive().default(5),
        utilizationRatio: z.number().min(0).max(1).default(0.8),
        acceleratorPriceUsd: z.number().nonnegative().optional(),
        pue: z
          .number()
          .min(1)
          .max(5)
          .optional()
          .describe("facility PUE (default: by the system's cooling, as aif tco and aif energy)"),
      },
    },
    (args) =>
      toolResult(() => {
        // The same default as the CLI: the PUE of the accelerator's catalog system's cooling.
        const pueDefault = args.pue === undefined ? defaultAcceleratorPue(args.accelerator) : undefined;
        const result = computeAcceleratorTco({
          acceleratorId: args.accelerator,
          acceleratorCount: args.acceleratorCount,
          regionId: args.regionId,
          depreciationYears: args.depreciationYears,
          utilizationRatio: args.utilizationRatio,
          pue: pueDefault?.pue ?? (args.pue as number),
          ...(args.acceleratorPriceUsd === undefined ? {} : { acceleratorPriceUsd: args.acceleratorPriceUsd }),
        });
        return {
          result,
          sources: acceleratorSources(args.accelerator),
          assumptions: [
            ...(pueDefault === undefined ? [] : [`pue: ${pueDefault.pue} (${pueDefault.basis})`]),
            ...describeAssumptions(result.assumptions),
          ],
          warnings: result.warnings,
        };
      }),
  );

  server.registerTool(
    "supply_plan",
    {
      title: "Plan accelerator supply",
      description:
        "The earliest quarter a number of accelerators can be online given CoWoS, HBM and wafer capacity and power lead times.",
      inputSchema: {
        accelerator: acceleratorId,
        acceleratorCount: z.number().int().positive(),
        startQuarter: z
          .string()
          .regex(/^\d{4}-Q[1-4]$/)
          .default("2027-Q1"),
        allocationShareRatio: z.number().min(0).max(1).default(0.05),
        availablePowerMW: z.number().nonnegative().optional(),
      },
    },
    (args) =>
      toolResult(() => {
        const result = planAcceleratorSupply({
          acceleratorId: args.accelerator,
          acceleratorCount: args.acceleratorCount,
          startQuarter: args.startQuarter,
          allocationShareRatio: args.allocationShareRatio,
          ...(args.availablePowerMW === undefined ? {} : { availablePowerMW: args.availablePowerMW }),
        });
        return {
          result,
          sources: acceleratorSources(args.accelerator),
          assumptions: describeAssumptions(result.assumptions),
          warnings: result.warnings,
        };
      }),
  );

  server.registerTool(
    "kv_simulate",
    {
      title: "Simulate a tiered KV cache",
      description:
        "Replays a synthetic agentic or shared-prefix trace against KV-cache tiers (HBM, DRAM, SSD, remote) and reports the prefix-hit ratio, tokens saved, per-tier traffic and transfer times. KV bytes per token come from the model when given.",
      inputSchema: {
        trace: z.enum(["agentic", "shared-prefix"]).describe("synthetic trace kind (@aifactory/memory's generators)"),
        traceOptions: object("generator options, e.g. requests, sessions, turns").optional(),
        tiers: z.string().describe("tiers fastest first, e.g. hbm:80GB,dram:1TB@64,ssd:30TB@7/3"),
        model: modelRef.optional(),
        kvPrecision: z.enum(["bf16", "fp8"]).default("fp8"),
        kvBytesPerToken: z.number().positive().optional().describe("instead of model"),
        blockTokens: z.number().int().positive().default(16),
        policy: z.enum(["lru", "fifo", "lfu"]).default("lru"),
      },
    },
    (args) =>
      toolResult(() => {
        const bytesPerToken =
          args.kvBytesPerToken ??
          (args.model === undefined
            ? undefined
            : kvCacheBytesPerToken(resolveServingArchitecture(args.model as never), args.kvPrecision));
        if (bytesPerToken === undefined) {
          throw new InvalidInputError("kv_simulate", [
            { path: "model", message: "give model or kvBytesPerToken", hint: "e.g. model: llama-3.1-70b" },
          ]);
        }
        const options = (args.traceOptions ?? {}) as never;
        const trace = args.trace === "agentic" ? generateAgenticTrace(options) : generateSharedPrefixTrace(options);
        const result = simulateKvCache(trace, {
          tiers: parseKvTierList(args.tiers),
          blockTokens: args.blockTokens,
          kvBytesPerToken: bytesPerToken,
          policy: args.policy,
        });
        return {
          result,
          sources: architectureSources(args.model),
          assumptions: result.assumptions,
          warnings: result.warnings,
        };
      }),
  );

  server.registerTool(
    "deploy_serving",
    {
      title: "Launch configuration for a serving engine",
      description:
        "The launch command and files for vLLM, SGLang or TensorRT-LLM (trtllm-serve) from a serving configuration (TP/EP/attention-DP, batch and token limits, KV fraction and dtype, chunked prefill, CUDA graphs, MTP), checked against each engine's flags at a pinned version; what the engine cannot express is listed.",
      inputSchema: {
        model: modelRef,
        engine: z.enum(["vllm", "sglang", "trtllm"]),
        config: object("serving configuration, as for serve_estimate"),
        options: object("launch options, e.g. model (weights repository), portNumber").optional(),
      },
    },
    (args) =>
      toolResult(() => {
        const launch = emitServingLaunch(args.config as never, args.engine, {
          ...((args.options ?? {}) as object),
          architecture: args.model as string | ArchitectureInput,
        } as never);
        return { result: launch, sources: [], assumptions: launch.notes, warnings: launch.unsupported };
      }),
  );

  server.registerTool(
    "deploy_training",
    {
      title: "Launch configuration for a training framework",
      description:
        "Megatron-LM arguments or a torchtitan TOML for a training configuration (parallelism, batch, sequence, precision, recompute, optimizer), checked against the framework's arguments at a pinned version.",
      inputSchema: {
        model: modelRef,
        engine: z.enum(["megatron", "torchtitan"]),
        config: object("training configuration, as for train_estimate"),
        options: object("launch options, e.g. acceleratorsPerNode").optional(),
      },
    },
    (args) =>
      toolResult(() => {
        const launch = emitTrainingLaunch(args.config as never, args.engine, {
          ...((args.options ?? {}) as object),
          architecture: args.model as string | ArchitectureInput,
        } as never);
        return { result: launch, sources: [], assumptions: launch.notes, warnings: launch.unsupported };
      }),
  );

  server.registerTool(
    "scenario_list",
    {
      title: "List built-in scenarios",
      description: "Ids of the planner's built-in scenarios (a starting point for plan_scenario).",
    },
    () =>
      toolResult(() => ({
        result: listDefaultScenarioIds().map((id) => ({ id, scenario: getDefaultScenario(id) })),
        sources: [],
        assumptions: [],
        warnings: [],
      })),
  );

  server.registerTool(
    "plan_scenario",
    {
      title: "Plan a scenario",
      description:
        "The whole plan of one scenario (workload kind pretraining, serving, rl, agentic or fleet, on hardware at a site with its economics): performance, memory fit, time, energy, carbon, water, cost, $/token, supply timing.",
      inputSchema: { scenario: object("a scenario (see scenario_list for examples)") },
    },
    (args) =>
      toolResult(() => {
        const result = plan(args.scenario as never);
        return {
          result,
          sources: acceleratorSources(result.scenario.hardware.accelerator),
          assumptions: result.assumptions.map((a) => `${a.area}: ${a.text}`),
          warnings: result.warnings.map((w) => `${w.area}: ${w.text}`),
        };
      }),
  );

  server.registerTool(
    "plan_compare",
    {
      title: "Compare scenarios",
      description: "Plans several scenarios side by side (each plan or its error).",
      inputSchema: { scenarios: z.array(object("a scenario")).min(1).max(16) },
    },
    (args) =>
      toolResult(() => {
        const result = compare(args.scenarios as never);
        return {
          result: result.map((c) => ({
            id: c.id,
            name: c.name,
            ...(c.plan ? { metrics: c.plan.metrics, warnings: c.plan.warnings } : {}),
            ...(c.error ? { error: c.error } : {}),
          })),
          sources: [],
          assumptions: [],
          warnings: result.filter((c) => c.error !== undefined).map((c) => `${c.id}: ${c.error?.message}`),
        };
      }),
  );

  server.registerTool(
    "plan_solve",
    {
      title: "Goal seeking",
      description:
        "Per accelerator type, the cheapest (or fastest) count and parallelism that finishes a pretraining or RL scenario within a deadline (goal {kind:'deadline', days, tokens?}), or the smallest fleet serving a rate under a serving scenario's SLO (goal {kind:'throughput', outputTokensPerSecond}); each answer with its configuration, run cost, capex and cost basis.",
      inputSchema: {
        scenario: object("the base scenario (see scenario_list)"),
        goal: solveGoalSchema,
        accelerators: z.array(z.string().min(1)).min(1).max(16).optional().describe("accelerator ids to size"),
        objective: z.enum(["cheapest", "fastest"]).optional(),
        maxCount: z.number().int().positive().max(1_000_000).optional().describe("the most accelerators"),
        maxCostUsd: z.number().positive().optional().describe("the most the run may cost, USD"),
      },
    },
    (args) =>
      toolResult(() => {
        const { scenario, ...rest } = args;
        const result = solve({ base: scenario as Record<string, unknown>, ...rest });
        return {
          result: {
            ...result,
            // Every evaluated point is in the result; keep the answer short for the assistant.
            results: result.results.map(({ evaluated, ...entry }) => ({ ...entry, evaluatedCount: evaluated.length })),
          },
          sources: (args.accelerators ?? []).flatMap((id) => acceleratorSources(id)),
          assumptions: result.assumptions,
          warnings: result.warnings,
        };
      }),
  );

  // Resources: catalog entries, architectures, methodology pages.
  server.registerResource(
    "accelerator",
    new ResourceTemplate("aifactory://hardware/{id}", {
      list: () => ({
        resources: listAccelerators().map((a) => ({
          uri: `aifactory://hardware/${a.id}`,
          name: a.name,
          mimeType: "application/json",
        })),
      }),
    }),
    {
      title: "Accelerator catalog entry",
      description: "An accelerator with every figure's source",
      mimeType: "application/json",
    },
    (uri, variables) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: "application/json",
          text: JSON.stringify(getAccelerator(String(variables.id)), null, 1),
        },
      ],
    }),
  );
  server.registerResource(
    "architecture",
    new ResourceTemplate("aifactory://architectures/{id}", {
      list: () => ({
        resources: listArchitectures().map((a) => ({
          uri: `aifactory://architectures/${a.id}`,
          name: a.name ?? a.id,
          mimeType: "application/json",
        })),
      }),
    }),
    { title: "Model architecture", mimeType: "application/json" },
    (uri, variables) => ({
      contents: [
        {
          uri: uri.href,
          mimeType: "application/json",
          text: JSON.stringify(getArchitecture(String(variables.id) as never), null, 1),
        },
      ],
    }),
  );
  server.registerResource(
    "methodology",
    new ResourceTemplate("aifactory://docs/{page}", {
      list: () => ({
        resources: listMethodologyPages().map((p) => ({
          uri: `aifactory://docs/${p.page}`,
          name: p.title,
          mimeType: "text/markdown",
        })),
      }),
    }),
    {
      title: "Methodology page",
      description: "How a model works, its sources and its validation",
      mimeType: "text/markdown",
    },
    (uri, variables) => ({
      contents: [{ uri: uri.href, mimeType: "text/markdown", text: readMethodologyPage(String(variables.page)) }],
    }),
  );

  // Prompts for common analyses.
  server.registerPrompt(
    "compare-accelerators",
    {
      title: "Compare accelerators for a workload",
      description: "Which accelerator is best for a workload, with sourced figures, time, energy and cost.",
      argsSchema: {
        workload: z.string().describe("the workload, e.g. 'serve Llama 3.1 70B at 20 requests/s'"),
        accelerators: z.string().describe("comma-separated accelerator ids"),
      },
    },
    (args) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: `Compare these accelerators for this workload: ${args.workload}. Accelerators: ${args.accelerators}.\n1. Call hardware_compare with the ids for the figures and their sources.\n2. Estimate the workload on each with train_estimate/train_search (training), serve_search or fleet_size (serving), and tco_estimate and energy_estimate for cost and power.\n3. Answer with a table per accelerator (time or throughput, GPUs needed, $/hour or $/Mtoken, power), cite the sources the tools return and state their assumptions and warnings.`,
          },
        },
      ],
    }),
  );
  server.registerPrompt(
    "size-training-run",
    {
      title: "Size a training run",
      description: "GPUs, parallelism, time to train, energy and cost for a model and a token budget.",
      argsSchema: {
        model: z.string(),
        tokens: z.string().describe("training tokens, e.g. 15e12"),
        accelerator: z.string(),
        gpus: z.string().describe("GPU count to try"),
      },
    },
    (args) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: `Size a training run of ${args.model} on ${args.tokens} tokens with ${args.gpus} x ${args.accelerator}.\n1. train_search for the fastest configuration that fits (pick a global batch and sequence length typical for the model and say which).\n2. plan_scenario with a pretraining workload of that configuration for time, energy, carbon, cost and supply timing.\n3. Report step time, MFU, days to train, MWh, tCO2e, cost, the earliest online quarter; cite the sources and list the assumptions and warnings.`,
          },
        },
      ],
    }),
  );
  server.registerPrompt(
    "size-inference-fleet",
    {
      title: "Size an inference fleet",
      description: "How many GPUs of which type meet P99 latency SLOs for a traffic profile, at what cost.",
      argsSchema: {
        model: z.string(),
        ratePerSecond: z.string(),
        ttftP99Ms: z.string(),
        tpotP99Ms: z.string(),
        accelerators: z.string().describe("comma-separated ids"),
      },
    },
    (args) => ({
      messages: [
        {
          role: "user",
          content: {
            type: "text",
            text: `Size an inference fleet for ${args.model} at ${args.ratePerSecond} requests/s with P99 TTFT <= ${args.ttftP99Ms} ms and P99 TPOT <= ${args.tpotP99Ms} ms, on ${args.accelerators}.\n1. Describe the traffic (Poisson at the rate; log-normal prompt and answer lengths typical for the use; say which).\n2. Call fleet_size with one design per accelerator.\n3. plan_scenario with a fleet workload for cost and power, or tco_estimate per design.\n4. Report GPUs per accelerator, P99s, the headroom curve, cost; cite sources, state assumptions and warnings.`,
          },
        },
      ],
    }),
  );
  return server;
}
