import {
  formatBytes,
  formatDuration,
  formatSignificant,
  type InputProblem,
  InvalidInputError,
  ncclBusBandwidthFactor,
} from "@aifactory/core";
import {
  type AttentionQuery,
  type CollectiveOperation,
  type ComparedKernel,
  collectiveOperationSchema,
  compareKernelTables,
  createKernelResult,
  type GemmDtype,
  gemmDtypeSchema,
  type KernelResult,
  type KernelRoofline,
  type KernelSource,
  type KernelTablesComparison,
  kernelTablesSchema,
  lookupCollective,
  lookupContextAttention,
  lookupGemm,
  lookupGenerationAttention,
  lookupMoe,
  type MoeDtype,
  type MoeQuery,
  moeDtypeSchema,
} from "@aifactory/kernels";
import { type AcceleratorSpec, DEFAULT_INFERENCE_EFFICIENCY, type WeightPrecision } from "@aifactory/workloads";
import { type ServingHardware, servingHardware } from "@aifactory/workloads/internal";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { type KernelTablesFlag, loadKernelTablesFlag } from "../kernel-tables-flag";
import { parseBytesOption, parseChoiceOption, parseNumberOption, readJsonFile, requiredOption } from "../options";
import { renderKeyValues, renderTable } from "../table";
import { loadServingAccelerator, loadServingModel } from "./serve";

const GEMM_DTYPES = gemmDtypeSchema.options;
const MOE_DTYPES = moeDtypeSchema.options;
const ATTENTION_DTYPES = ["bf16", "fp8"] as const;
const PHASES = ["prefill", "decode"] as const;
const OPERATIONS = collectiveOperationSchema.options;
const IMPLEMENTATIONS = ["auto", "nccl", "trtllm-custom"] as const;

/**
 * One kernel lookup as `aif kernel` reports it (the `--json` contract). Latency in microseconds; rates per
 * GPU; `utilizationRatio` = achieved / dense peak of the kernel's precision; for collectives the nccl-tests bus
 * bandwidth (message bytes x 2(n-1)/n for all-reduce, x (n-1)/n otherwise, over the time) and its ratio to the
 * scale-up link rate per direction.
 *
 * @since 0.4.0
 * @category CLI
 */
export interface KernelLookupReport {
  kernel: "gemm" | "moe" | "context-attention" | "generation-attention" | "collective";
  acceleratorId: string;
  /** Where the tables came from (`built-in (...)`, `none (analytic roofline)`, or the file). */
  tables: string;
  /** The lookup's inputs. */
  query: Record<string, string | number | boolean>;
  latencyUs: number;
  source: KernelSource;
  /** Why a fallback was taken (empty when measured or interpolated). */
  note: string;
  /** FLOPs of the kernel on one GPU (GEMM, MoE, attention). */
  flops?: number;
  achievedTflops?: number;
  /** The dense peak the utilisation is relative to. */
  peakDtype?: string;
  peakTflops?: number;
  utilizationRatio?: number;
  /** Per-GPU buffer of a collective, bytes. */
  messageBytes?: number;
  /** nccl-tests bus-bandwidth factor of the collective. */
  busFactor?: number;
  busBandwidthGBps?: number;
  algorithmBandwidthGBps?: number;
  scaleUpGBpsPerDirection?: number;
  linkUtilizationRatio?: number;
  /** The achievable rates of the analytic path (peak x the serving model's default efficiency factors). */
  roofline: KernelRoofline;
  warnings: string[];
}

function int(flag: string, raw: string, min = 1): number {
  return parseNumberOption(flag, raw, { int: true, min });
}

/**
 * The analytic path's rates: the serving model's own (`servingHardware` with the default efficiency factors:
 * matmul 0.74 and attention 0.6 of peak, HBM at the accelerator's measured STREAM share or 0.8, scale-up bus
 * 0.8 of the link rate per direction, 10 µs per collective), so that `aif kernel` shows what `aif serve` prices.
 */
function rates(accelerator: AcceleratorSpec, weights: WeightPrecision): ServingHardware {
  return servingHardware(accelerator, DEFAULT_INFERENCE_EFFICIENCY, weights, "none");
}

/** The dense peak of a precision, falling back as the serving model does (fp4 -> fp8 -> bf16). */
function peakOf(accelerator: AcceleratorSpec, dtype: string): { peakDtype: string; peakTflops: number } | undefined {
  const peaks = accelerator.denseTflops as Record<string, number | undefined>;
  const order = dtype === "fp4" ? ["fp4", "fp8", "bf16"] : dtype === "fp8" ? ["fp8", "bf16"] : ["bf16"];
  for (const key of order) {
    const value = key === "bf16" ? (peaks.bf16 ?? peaks.fp16) : peaks[key];
    if (value !== undefined && value > 0) return { peakDtype: key, peakTflops: value };
  }
  return undefined;
}

function compute(
  accelerator: AcceleratorSpec,
  result: KernelResult,
  flops: number,
  peakDtype: string,
): Pick<KernelLookupReport, "flops" | "achievedTflops" | "peakDtype" | "peakTflops" | "utilizationRatio"> {
  const achievedTflops = result.seconds > 0 ? flops / result.seconds / 1e12 : 0;
  const peak = peakOf(accelerator, peakDtype);
  return {
    flops,
    achievedTflops,
    ...(peak === undefined ? {} : { ...peak, utilizationRatio: achievedTflops / peak.peakTflops }),
  };
}

interface CommonFlags {
  gpu?: string;
  kernels?: string;
}

function setup(flags: CommonFlags): { accelerator: AcceleratorSpec; tables: KernelTablesFlag; warnings: string[] } {
  const accelerator = loadServingAccelerator(requiredOption("--gpu", flags.gpu));
  const tables = loadKernelTablesFlag(flags.kernels, accelerator.id);
  return { accelerator, tables, warnings: [] };
}

function report(
  kernel: KernelLookupReport["kernel"],
  accelerator: AcceleratorSpec,
  tables: KernelTablesFlag,
  query: KernelLookupReport["query"],
  result: KernelResult,
  roofline: KernelRoofline,
  extra: Partial<KernelLookupReport>,
  warnings: string[],
): KernelLookupReport {
  let note = result.note;
  if (tables.index === undefined && note === "no kernel tables") {
    note =
      tables.option === "none"
        ? "--kernels none: roofline x the serving model's default efficiency factors"
        : `no kernel tables for ${accelerator.id}: roofline x the serving model's default efficiency factors (measure some with aif bench kernels --gpu ${accelerator.id})`;
  }
  return {
    kernel,
    acceleratorId: accelerator.id,
    tables: tables.description,
    query,
    latencyUs: result.seconds * 1e6,
    source: result.source,
    note,
    ...extra,
    roofline,
    warnings,
  };
}

const TITLES: Record<KernelLookupReport["kernel"], string> = {
  gemm: "GEMM",
  moe: "MoE layer",
  "context-attention": "prefill attention",
  "generation-attention": "decode attention",
  collective: "collective",
};

/** A shape dimension as people read it: an integer with thousands separators. */
function count(value: unknown): string {
  return typeof value === "number" ? value.toLocaleString("en-US") : String(value);
}

function renderReport(r: KernelLookupReport): string {
  const q = r.query;
  const shape: Record<KernelLookupReport["kernel"], () => string> = {
    gemm: () => `${q.dtype} ${count(q.m)} x ${count(q.n)} x ${count(q.k)} (m x n x k)`,
    moe: () =>
      `${q.dtype}, hidden ${q.hiddenSize}, expert FFN ${q.expertFfnSize}${q.gated ? " (gated)" : ""}, top-${q.topK} of ${q.experts}, tp ${q.tp} ep ${q.ep}, alpha ${q.routingAlpha}, ${q.tokens} tokens`,
    "context-attention": () =>
      `${q.heads}/${q.kvHeads} heads x ${q.headDim}, window ${q.windowTokens || "full"}, ${q.dtype}/${q.kvDtype} KV, batch ${q.batch} x ${q.tokens} prompt tokens`,
    "generation-attention": () =>
      `${q.heads}/${q.kvHeads} heads x ${q.headDim}, window ${q.windowTokens || "full"}, ${q.kvDtype} KV, batch ${q.batch} x ${q.tokens} cached tokens`,
    collective: () =>
      `${q.operation} on ${q.acceleratorCount} GPUs, ${formatBytes(Number(q.messageBytes))} per GPU, ${q.implementation}`,
  };
  const lines: (readonly [string, unknown])[] = [
    ["kernel", `${TITLES[r.kernel]}: ${shape[r.kernel]()}`],
    ["accelerator", r.acceleratorId],
    ["tables", r.tables],
    ["latency", formatDuration(r.latencyUs / 1e6)],
  ];
  if (r.achievedTflops !== undefined) lines.push(["achieved", `${formatSignificant(r.achievedTflops, 3)} TFLOP/s`]);
  if (r.utilizationRatio !== undefined && r.peakTflops !== undefined) {
    lines.push([
      "fraction of peak",
      `${formatSignificant(r.utilizationRatio, 3)} of dense ${r.peakDtype} (${formatSignificant(r.peakTflops, 3)} TFLOP/s)`,
    ]);
  }
  if (r.busBandwidthGBps !== undefined) {
    lines.push([
      "bus bandwidth",
      `${formatSignificant(r.busBandwidthGBps, 3)} GB/s (nccl-tests busbw, factor ${formatSignificant(r.busFactor ?? 0, 3)}; algbw ${formatSignificant(r.algorithmBandwidthGBps ?? 0, 3)} GB/s)`,
    ]);
  }
  if (r.linkUtilizationRatio !== undefined) {
    lines.push([
      "fraction of link",
      `${formatSignificant(r.linkUtilizationRatio, 3)} of ${formatSignificant(r.scaleUpGBpsPerDirection ?? 0, 3)} GB/s scale-up per direction`,
    ]);
  }
  lines.push(["source", r.source], ["note", r.note === "" ? "-" : r.note]);
  const warnings = r.warnings.map((w) => `warning: ${w}`).join("\n");
  return renderKeyValues(lines) + (warnings ? `\n${warnings}` : "");
}

interface GemmFlags extends CommonFlags {
  dtype: string;
  m?: string;
  n?: string;
  k?: string;
}

interface MoeFlags extends CommonFlags {
  dtype: string;
  model?: string;
  hidden?: string;
  expertFfn?: string;
  topK?: string;
  experts?: string;
  tp: string;
  ep: string;
  alpha?: string;
  tokens?: string;
  gated: boolean;
}

interface AttentionFlags extends CommonFlags {
  heads?: string;
  kvHeads?: string;
  headDim: string;
  window: string;
  dtype: string;
  kvDtype: string;
  batch: string;
  tokens?: string;
  phase: string;
}

interface CollectiveFlags extends CommonFlags {
  op: string;
  gpus?: string;
  bytes?: string;
  implementation: string;
}

/** Weight format whose peak and roofline the serving model uses for a GEMM or MoE precision. */
const WEIGHTS_OF: Record<MoeDtype, WeightPrecision> = {
  bf16: "bf16",
  fp8: "fp8",
  "fp8-block": "fp8-block",
  nvfp4: "fp4",
  mxfp4: "fp4",
  "w4a16-mxfp4": "bf16",
  "w4a8-mxfp4-mxfp8": "fp8",
};

function gemmReport(flags: GemmFlags): KernelLookupReport {
  const { accelerator, tables, warnings } = setup(flags);
  const dtype: GemmDtype = parseChoiceOption("--dtype", flags.dtype, GEMM_DTYPES);
  const m = int("--m", requiredOption("--m", flags.m));
  const n = int("--n", requiredOption("--n", flags.n));
  const k = int("--k", requiredOption("--k", flags.k));
  const hw = rates(accelerator, WEIGHTS_OF[dtype]);
  // The serving model prices BF16 GEMMs (output head, router) at the BF16 peak, the rest at the weights' peak.
  const roofline = dtype === "bf16" ? hw.bf16Roofline : hw.matmulRoofline;
  const result = lookupGemm(tables.index, dtype, m, n, k, roofline, createKernelResult());
  const peakDtype = dtype === "bf16" ? "bf16" : hw.matmulPeakKey;
  return report(
    "gemm",
    accelerator,
    tables,
    { dtype, m, n, k },
    result,
    roofline,
    compute(accelerator, result, 2 * m * n * k, peakDtype),
    warnings,
  );
}

function moeReport(flags: MoeFlags, command: Command): KernelLookupReport {
  const { accelerator, tables, warnings } = setup(flags);
  const dtype: MoeDtype = parseChoiceOption("--dtype", flags.dtype, MOE_DTYPES);
  let fromModel: { hidden: number; expertFfn: number; topK: number; experts: number; gated: boolean } | undefined;
  if (flags.model !== undefined) {
    const architecture = loadServingModel(flags.model);
    if (architecture.moe === undefined) {
      throw new InvalidInputError("option --model", [
        {
          path: "--model",
          message: `${architecture.id} is a dense model (no experts)`,
          received: flags.model,
          hint: "pick a MoE model (e.g. qwen3-30b-a3b, deepseek-v3) or pass --hidden --expert-ffn --top-k --experts",
        },
      ]);
    }
    fromModel = {
      hidden: architecture.hiddenSize,
      expertFfn: architecture.moe.expertFfnHiddenSize,
      topK: architecture.moe.topK,
      experts: architecture.moe.experts,
      gated: architecture.ffnActivation === "swiglu",
    };
  }
  const shape = (flag: string, raw: string | undefined, fallback: number | undefined) =>
    raw === undefined && fallback !== undefined ? fallback : int(flag, requiredOption(flag, raw));
  const experts = shape("--experts", flags.experts, fromModel?.experts);
  const topK = shape("--top-k", flags.topK, fromModel?.topK);
  const ep = int("--ep", flags.ep);
  const problems: InputProblem[] = [];
  if (topK > experts) {
    problems.push({ path: "--top-k", message: `must be at most --experts (${experts})`, received: topK });
  }
  if (ep > experts) {
    problems.push({
      path: "--ep",
      message: `must be at most --experts (${experts})`,
      received: ep,
      hint: "expert parallelism spreads the experts over ep GPUs",
    });
  }
  if (problems.length > 0) throw new InvalidInputError("MoE layer options", problems);
  const gatedFromCli = command.getOptionValueSource("gated") === "cli";
  const query: MoeQuery = {
    dtype,
    hiddenSize: shape("--hidden", flags.hidden, fromModel?.hidden),
    expertFfnSize: shape("--expert-ffn", flags.expertFfn, fromModel?.expertFfn),
    topK,
    experts,
    gated: gatedFromCli || fromModel === undefined ? flags.gated : fromModel.gated,
    tp: int("--tp", flags.tp),
    ep,
    routingAlpha:
      flags.alpha === undefined
        ? DEFAULT_INFERENCE_EFFICIENCY.moeRoutingSkewAlpha
        : parseNumberOption("--alpha", flags.alpha, { min: 0 }),
    tokens: int("--tokens", requiredOption("--tokens", flags.tokens)),
  };
  const hw = rates(accelerator, WEIGHTS_OF[dtype]);
  const result = lookupMoe(tables.index, query, hw.matmulRoofline, createKernelResult());
  // Useful FLOPs of this GPU with balanced routing: its share of the token-expert pairs through every matrix.
  const matrices = query.gated ? 3 : 2;
  const flops =
    (2 * ((query.tokens * query.topK) / query.ep) * matrices * query.hiddenSize * query.expertFfnSize) / query.tp;
  return report(
    "moe",
    accelerator,
    tables,
    { ...query, ...(flags.model === undefined ? {} : { model: flags.model }) },
    result,
    hw.matmulRoofline,
    compute(accelerator, result, flops, hw.matmulPeakKey),
    warnings,
  );
}

function attentionReport(flags: AttentionFlags): KernelLookupReport {
  const { accelerator, tables, warnings } = setup(flags);
  const phase = parseChoiceOption("--phase", flags.phase, PHASES);
  const heads = int("--heads", requiredOption("--heads", flags.heads));
  const kvHeads = flags.kvHeads === undefined ? heads : int("--kv-heads", flags.kvHeads);
  if (kvHeads > heads || heads % kvHeads !== 0) {
    throw new InvalidInputError("option --kv-heads", [
      {
        path: "--kv-heads",
        message: `must divide --heads (${heads})`,
        received: kvHeads,
        hint: "query heads are grouped over the KV heads (GQA): e.g. --heads 64 --kv-heads 8",
      },
    ]);
  }
  const query: AttentionQuery = {
    heads,
    kvHeads,
    headDim: int("--head-dim", flags.headDim),
    windowTokens: int("--window", flags.window, 0),
    dtype: parseChoiceOption("--dtype", flags.dtype, ATTENTION_DTYPES),
    kvDtype: parseChoiceOption("--kv-dtype", flags.kvDtype, ATTENTION_DTYPES),
    batch: int("--batch", flags.batch),
    tokens: int("--tokens", requiredOption("--tokens", flags.tokens)),
  };
  const hw = rates(accelerator, "bf16");
  const roofline = hw.attentionRoofline;
  const effective = query.windowTokens > 0 ? Math.min(query.tokens, query.windowTokens) : query.tokens;
  let result: KernelResult;
  let flops: number;
  let peakDtype = "bf16";
  if (phase === "prefill") {
    result = lookupContextAttention(tables.index, query, roofline, createKernelResult());
    // Causal: QK^T and PV, 2 FLOPs per multiply-add, each query against its mean visible context.
    const context = query.windowTokens > 0 && query.tokens > query.windowTokens ? effective : effective / 2;
    flops = query.batch * query.heads * 4 * query.headDim * query.tokens * context;
    peakDtype = query.dtype;
  } else {
    result = lookupGenerationAttention(tables.index, query, roofline, createKernelResult());
    flops = query.batch * query.heads * 4 * query.headDim * effective;
  }
  const shown =
    phase === "prefill"
      ? { ...query }
      : {
          heads: query.heads,
          kvHeads: query.kvHeads,
          headDim: query.headDim,
          windowTokens: query.windowTokens,
          kvDtype: query.kvDtype,
          batch: query.batch,
          tokens: query.tokens,
        };
  return report(
    phase === "prefill" ? "context-attention" : "generation-attention",
    accelerator,
    tables,
    shown,
    result,
    roofline,
    compute(accelerator, result, flops, peakDtype),
    warnings,
  );
}

function collectiveReport(flags: CollectiveFlags): KernelLookupReport {
  const { accelerator, tables, warnings } = setup(flags);
  const operation: CollectiveOperation = parseChoiceOption("--op", flags.op, OPERATIONS);
  const implementation = parseChoiceOption("--implementation", flags.implementation, IMPLEMENTATIONS);
  const gpus = int("--gpus", requiredOption("--gpus", flags.gpus), 2);
  const messageBytes = parseBytesOption("--bytes", requiredOption("--bytes", flags.bytes));
  const domain = accelerator.scaleUp.scaleUpDomainSize;
  if (gpus > domain) {
    warnings.push(
      `${gpus} GPUs exceed the scale-up domain of ${accelerator.id} (${domain}): the tables and the bus rate are those of one domain`,
    );
  }
  const hw = rates(accelerator, "bf16");
  const result = lookupCollective(
    tables.index,
    operation,
    gpus,
    messageBytes,
    hw.busRoofline,
    implementation,
    createKernelResult(),
  );
  // nccl-tests: algbw = size / time; busbw = algbw x 2(n-1)/n (all-reduce) or (n-1)/n (the others).
  const busFactor = ncclBusBandwidthFactor(operation, gpus);
  const algorithmBandwidthGBps = result.seconds > 0 ? messageBytes / result.seconds / 1e9 : 0;
  const busBandwidthGBps = algorithmBandwidthGBps * busFactor;
  const link = accelerator.scaleUp.bandwidthGBpsPerDirection;
  return report(
    "collective",
    accelerator,
    tables,
    { operation, gpus, messageBytes, implementation },
    result,
    hw.busRoofline,
    {
      messageBytes,
      busFactor,
      busBandwidthGBps,
      algorithmBandwidthGBps,
      ...(link > 0 ? { scaleUpGBpsPerDirection: link, linkUtilizationRatio: busBandwidthGBps / link } : {}),
    },
    warnings,
  );
}

/**
 * `aif kernel compare` (and `aif bench kernels --compare`) as JSON: the measured tables set against a reference
 * point by point, with the reference in words.
 *
 * @since 0.5.0
 * @category CLI
 */
export interface KernelComparisonReport extends KernelTablesComparison {
  /** The measured tables (a file name, or `this sweep`). */
  measuredFrom: string;
  /** What they were compared with (`built-in (...)`, `none (analytic roofline)`, or a file). */
  against: string;
}

/**
 * Sets measured kernel tables against a reference for their accelerator: the built-in tables (`builtin`, the
 * default), another table file, or the analytic roofline (`none`). The analytic fallback uses the serving
 * model's rates for the accelerator, as `aif serve` prices it.
 *
 * @param measured - the measured table set (unvalidated: checked here)
 * @param measuredFrom - where it came from, for the report
 * @param against - `builtin`, `none` or a kernel-table file
 * @returns the comparison report
 * @throws InvalidInputError naming the field when the tables are malformed or the accelerator is unknown
 * @example
 * ```sh
 * aif kernel compare h100-kernel-tables.json --json
 * ```
 * @since 0.5.0
 * @category CLI
 */
export function compareKernelTablesReport(
  measured: unknown,
  measuredFrom: string,
  against: string | undefined,
): KernelComparisonReport {
  const parsed = kernelTablesSchema.safeParse(measured);
  if (!parsed.success) {
    throw InvalidInputError.fromZod(`kernel tables "${measuredFrom}"`, parsed.error, measured);
  }
  const accelerator = loadServingAccelerator(parsed.data.acceleratorId);
  const reference = loadKernelTablesFlag(against, accelerator.id, "--against");
  const cache = new Map<string, KernelRoofline>();
  const rooflines = (kernel: ComparedKernel, dtype: string): KernelRoofline => {
    const key = `${kernel}/${dtype}`;
    let roofline = cache.get(key);
    if (roofline === undefined) {
      if (kernel === "collective") roofline = rates(accelerator, "bf16").busRoofline;
      else if (kernel === "context-attention" || kernel === "generation-attention") {
        roofline = rates(accelerator, "bf16").attentionRoofline;
      } else {
        const hw = rates(accelerator, WEIGHTS_OF[dtype as MoeDtype] ?? "bf16");
        roofline = kernel === "gemm" && dtype === "bf16" ? hw.bf16Roofline : hw.matmulRoofline;
      }
      cache.set(key, roofline);
    }
    return roofline;
  };
  const comparison = compareKernelTables(parsed.data, reference.index, rooflines);
  return { measuredFrom, against: reference.description, ...comparison };
}

/**
 * The comparison as people read it: per-class statistics, then the points furthest from the reference.
 *
 * @param r - the report
 * @param allRows - list every point (default: the 10 furthest)
 * @returns text
 * @example
 * ```sh
 * aif kernel compare h100-kernel-tables.json --rows
 * ```
 * @since 0.5.0
 * @category CLI
 */
export function renderKernelComparison(r: KernelComparisonReport, allRows: boolean): string {
  const ratio = (v: number) => (Number.isFinite(v) ? formatSignificant(v, 3) : "-");
  const lines = [
    `measured: ${r.measuredFrom} (${r.measured.title}${r.measured.device === undefined || r.measured.title.includes(r.measured.device) ? "" : `, ${r.measured.device}`})`,
    `against:  ${r.against} for ${r.acceleratorId}`,
    "ratio = measured / reference latency: above 1, the reference predicts a faster kernel than measured",
    "",
  ];
  if (r.rows.length === 0) {
    lines.push("no measured points to compare");
  } else {
    lines.push(
      renderTable(
        r.summaries.map((s) => ({
          kernel: s.kernel,
          points: String(s.points),
          "vs measured": String(s.pointsAgainstMeasured),
          "geomean ratio": ratio(s.geomeanRatio),
          "median ratio": ratio(s.medianRatio),
          "min ratio": ratio(s.minRatio),
          "max ratio": ratio(s.maxRatio),
          "typical spread": `${ratio(s.medianSpreadRatio)}x`,
        })),
      ),
    );
    const spread = (row: { ratio: number }) => Math.abs(Math.log(row.ratio));
    const shown = allRows ? r.rows : [...r.rows].sort((a, b) => spread(b) - spread(a)).slice(0, 10);
    lines.push(
      "",
      allRows ? "every point:" : `the ${shown.length} points furthest from the reference (--rows lists all):`,
      renderTable(
        shown.map((row) => ({
          kernel: row.kernel,
          shape: row.shape,
          measured: formatDuration(row.measuredUs / 1e6),
          reference: formatDuration(row.referenceUs / 1e6),
          ratio: ratio(row.ratio),
          "reference source": row.referenceSource,
        })),
      ),
    );
  }
  for (const reason of r.skipped) lines.push(`skipped: ${reason}`);
  return lines.join("\n");
}

function common(command: Command): Command {
  return command
    .option("--gpu <id|file>", "accelerator id (e.g. nvidia-h100-sxm) or JSON/YAML file")
    .option(
      "--kernels <file|builtin|none>",
      "measured kernel tables: builtin (shipped, A100..GB300), none (analytic roofline), or a JSON file from aif bench kernels",
      "builtin",
    );
}

/**
 * Registers `aif kernel gemm|moe|attention|collective`: one lookup in the measured kernel tables
 * (`@aifactory/kernels`), with its latency, achieved TFLOP/s (or bus GB/s for collectives), the fraction of the
 * accelerator's dense peak, and where the number came from (measured, interpolated, extrapolated, scaled,
 * composed or analytic). The analytic fallback uses the serving model's achievable rates.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif kernel gemm --gpu nvidia-h100-sxm --dtype bf16 --m 8192 --n 8192 --k 8192
 * aif kernel moe --gpu nvidia-h200-sxm --model qwen3-235b-a22b --dtype fp8 --ep 8 --tokens 512 --json
 * aif kernel attention --gpu nvidia-h100-sxm --heads 64 --kv-heads 8 --phase decode --batch 64 --tokens 4096
 * aif kernel collective --gpu nvidia-h100-sxm --op all-reduce --gpus 8 --bytes 16MiB
 * aif kernel compare h100-kernel-tables.json --against builtin
 * ```
 * @since 0.4.0
 * @category CLI
 */
export function registerKernelCommands(program: Command, context: CliContext): void {
  const kernel = program
    .command("kernel")
    .description(
      "one kernel's time from the measured kernel tables (GEMM, MoE layer, attention, collective), with its source",
    );

  common(kernel.command("gemm").description("one GEMM (m x k times k x n) at a precision"))
    .option("--dtype <dtype>", GEMM_DTYPES.join(" | "), "bf16")
    .option("--m <rows>", "rows of A and C (tokens)")
    .option("--n <columns>", "columns of B and C (output features)")
    .option("--k <depth>", "the reduction dimension (input features)")
    .action((flags: GemmFlags) => {
      const result = gemmReport(flags);
      context.print(result, () => renderReport(result));
    });

  common(kernel.command("moe").description("one whole MoE layer on one GPU (routing, grouped GEMMs, activation)"))
    .option("--dtype <dtype>", MOE_DTYPES.join(" | "), "bf16")
    .option("--model <id|file>", "take --hidden, --expert-ffn, --top-k and --experts from a MoE architecture")
    .option("--hidden <n>", "hidden size")
    .option("--expert-ffn <n>", "expert FFN hidden size")
    .option("--top-k <n>", "experts each token visits")
    .option("--experts <n>", "routed experts")
    .option("--tp <n>", "expert tensor parallelism (each expert's FFN split tp ways)", "1")
    .option("--ep <n>", "expert parallelism (experts spread over ep GPUs)", "1")
    .option("--alpha <a>", "power-law exponent of expert loads, 0 = balanced (default: the serving model's 1.2)")
    .option("--tokens <n>", "tokens entering the layer (the EP group's tokens)")
    .option("--no-gated", "two-matrix experts (default: gated SwiGLU, three matrices; --model decides when given)")
    .action((flags: MoeFlags, command: Command) => {
      const result = moeReport(flags, command);
      context.print(result, () => renderReport(result));
    });

  common(kernel.command("attention").description("prefill (context) or decode (generation) attention on one GPU"))
    .option("--phase <phase>", "prefill | decode", "prefill")
    .option("--heads <n>", "query heads on this GPU (after any tensor-parallel split)")
    .option("--kv-heads <n>", "KV heads on this GPU (default: --heads)")
    .option("--head-dim <n>", "head dimension", "128")
    .option("--window <tokens>", "sliding window, 0 = full attention", "0")
    .option("--dtype <dtype>", "Q/K/V format of prefill attention: bf16 | fp8", "bf16")
    .option("--kv-dtype <dtype>", "KV-cache format: bf16 | fp8", "bf16")
    .option("--batch <n>", "sequences", "1")
    .option("--tokens <n>", "prompt tokens per sequence (prefill) or cached tokens per sequence (decode)")
    .action((flags: AttentionFlags) => {
      const result = attentionReport(flags);
      context.print(result, () => renderReport(result));
    });

  kernel
    .command("compare")
    .description(
      "set measured kernel tables (aif bench kernels) against the built-in tables of their GPU, point by point",
    )
    .argument("<tables.json>", "kernel tables written by aif bench kernels (format v1)")
    .option(
      "--against <builtin|none|file>",
      "reference: builtin (shipped), none (analytic roofline), or a table file",
      "builtin",
    )
    .option("--rows", "list every point (default: the 10 furthest from the reference)")
    .action((file: string, flags: { against?: string; rows?: boolean }) => {
      const result = compareKernelTablesReport(readJsonFile(file, "kernel tables"), file, flags.against);
      context.print(result, () => renderKernelComparison(result, flags.rows === true));
    });

  common(kernel.command("collective").description("one collective inside a scale-up domain"))
    .option("--op <operation>", OPERATIONS.join(" | "), "all-reduce")
    .option("--gpus <n>", "participants (2 or more)")
    .option("--bytes <size>", "per-GPU buffer (nccl-tests size): bytes, or with a unit: 16MiB, 1GB")
    .option(
      "--implementation <name>",
      "auto | nccl | trtllm-custom (auto: TensorRT-LLM custom all-reduce first)",
      "auto",
    )
    .action((flags: CollectiveFlags) => {
      const result = collectiveReport(flags);
      context.print(result, () => renderReport(result));
    });
}
