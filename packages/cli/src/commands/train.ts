import {
  AifError,
  assertFiniteResult,
  formatBytes,
  formatCount,
  formatDuration,
  formatSignificant,
  InvalidInputError,
  parseInput,
} from "@aifactory/core";
import type { FactoryCatalog } from "@aifactory/planner";
import {
  type AcceleratorSpec,
  acceleratorSpecSchema,
  emitTrainingLaunch,
  estimateTrainingRun,
  estimateTrainingStep,
  resolveAccelerator,
  searchTrainingConfigs,
  type TrainingConfigInput,
  type TrainingEfficiencyInput,
  type TrainingRunResult,
  type TrainingStepResult,
} from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { TRAIN_FLAG_NAMES, withFlagNames } from "../flag-names";
import { loadKernelTablesFlag } from "../kernel-tables-flag";
import { parseChoiceOption, parseNumberOption, readDataFile } from "../options";
import { packAccelerator, packArchitecture } from "../packs";
import { renderKeyValues, renderTable } from "../table";
import { loadArchitecture } from "./model";
import { printLaunch } from "./serve";

const RECOMPUTE = ["none", "selective", "full"] as const;
const PRECISION = ["bf16", "fp8"] as const;
const DISPATCHERS = ["alltoall", "allgather", "deepep"] as const;
const SCHEDULES = ["1f1b", "interleaved", "dualpipe"] as const;
const ROUTING = ["learned", "forced-balanced"] as const;
const RECOMPUTE_MODULES = ["core_attn", "layernorm", "moe_act", "mla_up_proj", "mlp", "shared_experts", "moe"] as const;
const MOMENTS = ["fp32", "bf16"] as const;
const FP8_CACHE = ["gemm-inputs", "gemm-and-swiglu-inputs"] as const;
const TRAINING_ENGINES = ["megatron", "torchtitan"] as const;

/** A comma-separated list of choices (`--recompute-modules layernorm,moe_act`). */
function choiceList<const T extends string>(flag: string, raw: string, choices: readonly T[]): T[] {
  return raw
    .split(",")
    .map((item) => item.trim())
    .filter((item) => item.length > 0)
    .map((item) => parseChoiceOption(flag, item, choices));
}

/** The MoE, schedule and precision options shared by `aif train` and `aif train search`. */
function moeOptions(flags: TrainFlags) {
  return {
    moe: {
      ...(flags.nodeLimitedRouting === undefined
        ? {}
        : { maxNodesPerToken: int("--node-limited-routing", flags.nodeLimitedRouting) }),
      routing: parseChoiceOption("--routing", flags.routing, ROUTING),
      ...(flags.capacityFactor === undefined
        ? {}
        : { capacityFactor: parseNumberOption("--capacity-factor", flags.capacityFactor, { min: 1 }) }),
      padToCapacity: flags.padToCapacity === true,
    },
    ...(flags.recomputeModules === undefined
      ? {}
      : { recomputeModules: choiceList("--recompute-modules", flags.recomputeModules, RECOMPUTE_MODULES) }),
    mtpLayers: parseNumberOption("--mtp-layers", flags.mtpLayers, { int: true, min: 0 }),
    optimizerMoments: parseChoiceOption("--optimizer-moments", flags.optimizerMoments, MOMENTS),
    fp8PrimaryWeights: flags.fp8PrimaryWeights === true,
  };
}

interface TrainFlags {
  model: string;
  gpu: string;
  gpus: string;
  tp: string;
  pp: string;
  vpp: string;
  cp: string;
  ep: string;
  dp?: string;
  zero: string;
  microBatch: string;
  globalBatch: string;
  seq: string;
  recompute: string;
  precision: string;
  sequenceParallel: boolean;
  flashAttention: boolean;
  tokens?: string;
  efficiency?: string;
  kernels?: string;
  etp?: string;
  checkpointWriteGbps?: string;
  mtbfHours?: string;
  hostLinkGbps?: string;
  offloadOptimizer?: boolean;
  checkpointStorage?: string;
  moeDispatcher: string;
  nodeLimitedRouting?: string;
  moeA2aOverlap?: boolean;
  pipelineSchedule?: string;
  routing: string;
  capacityFactor?: string;
  padToCapacity?: boolean;
  mtpLayers: string;
  recomputeModules?: string;
  optimizerMoments: string;
  fp8PrimaryWeights?: boolean;
  fp8ActivationCache: string;
  emit?: string;
  emitOut?: string;
  gpusPerNode?: string;
}

function loadAccelerator(
  value: string,
  hostLinkGbps: string | undefined,
  catalog: FactoryCatalog | undefined,
): AcceleratorSpec {
  const accelerator = packAccelerator(catalog, value) ?? loadAcceleratorData(value);
  if (hostLinkGbps === undefined) return accelerator;
  return { ...accelerator, hostLinkGBps: parseNumberOption("--host-link-gbps", hostLinkGbps, { min: 0.001 }) };
}

function loadAcceleratorData(value: string): AcceleratorSpec {
  if (/\.(json|ya?ml)$/i.test(value)) {
    return parseInput(acceleratorSpecSchema, readDataFile(value, "accelerator file"), `accelerator file ${value}`);
  }
  return resolveAccelerator(value);
}

function requireFlags(command: string, missing: readonly string[]): void {
  if (missing.length === 0) return;
  throw new InvalidInputError(
    `${command} options`,
    missing.map((key) => {
      const flag = `--${key.replace(/[A-Z]/g, (x) => `-${x.toLowerCase()}`)}`;
      return { path: flag, message: "is required" };
    }),
    "give --model, --gpu, --gpus, --global-batch and --seq (see aif train --help)",
  );
}

function int(flag: string, raw: string, min = 1): number {
  return parseNumberOption(flag, raw, { int: true, min });
}

function percent(ratio: number): string {
  return `${formatSignificant(ratio * 100, 3)}%`;
}

function renderStep(result: TrainingStepResult | TrainingRunResult): string {
  const c = result.config;
  const b = result.breakdown;
  const m = result.memory;
  const size = (bytes: number) => formatBytes(bytes);
  const shown = m.weightsBytes + m.gradientsBytes + m.optimizerBytes + m.activationsBytes + m.buffersBytes;
  // What the named parts leave out of the total (e.g. MoE dispatch buffers), so that the line adds up.
  const other = m.totalBytes - shown;
  const lines: (readonly [string, unknown])[] = [
    ["model / accelerator", `${result.architectureId} on ${c.acceleratorCount} x ${result.acceleratorId}`],
    [
      "parallelism",
      `tp ${c.tp} pp ${c.pp}${c.vpp > 1 ? ` (vpp ${c.vpp})` : ""}${c.pipelineSchedule === "dualpipe" ? " DualPipe" : ""} cp ${c.cp} ep ${c.ep}${c.etp !== undefined && c.etp !== c.tp ? ` etp ${c.etp}` : ""} dp ${c.dp}, ZeRO ${c.zeroStage}, mb ${c.microBatch}, recompute ${c.recompute}${c.recomputeModules === undefined ? "" : ` (${c.recomputeModules.join(", ")})`}, ${c.precision}`,
    ],
    ...(c.ep > 1 || b.moeLoadRatio !== 1
      ? [
          [
            "MoE",
            `${c.moe.dispatcher} dispatcher${c.moe.maxNodesPerToken === undefined ? "" : `, at most ${c.moe.maxNodesPerToken} nodes per token`}, ${c.moe.routing} routing (busiest EP rank ${formatSignificant(b.moeLoadRatio, 3)} x the even share${b.moeDroppedShare > 0 ? `, ${percent(b.moeDroppedShare)} of copies dropped` : ""})${c.overlap.expertParallel || c.pipelineSchedule === "dualpipe" ? ", EP overlapped" : ""}, dispatch buffers ${size(m.moeBuffersBytes)}`,
          ] as const,
        ]
      : []),
    ["step time", formatDuration(result.stepTimeSeconds)],
    ["tokens/s", formatCount(result.tokensPerSecond)],
    [
      "model / hardware TFLOP/s per GPU",
      `${formatSignificant(result.modelTflopsPerGpu, 3)} / ${formatSignificant(result.hardwareTflopsPerGpu, 3)}`,
    ],
    ["MFU / HFU", `${percent(result.mfuRatio)} / ${percent(result.hfuRatio)}`],
    [
      "memory per GPU",
      `${size(m.totalBytes)} of ${size(m.capacityBytes)} (${m.fits ? "fits" : "DOES NOT FIT"}): weights ${size(m.weightsBytes)}, grads ${size(m.gradientsBytes)}, optimizer ${size(m.optimizerBytes)}, activations ${size(m.activationsBytes)}, buffers ${size(m.buffersBytes)}${Math.abs(other) > 0.005 * m.totalBytes ? `, other ${size(other)}` : ""}`,
    ],
    [
      "compute",
      `matmul ${formatDuration(b.matmulSeconds)}, attention ${formatDuration(b.attentionSeconds)}, elementwise ${formatDuration(b.elementwiseSeconds)}, recompute ${formatDuration(b.recomputeSeconds)}, output head ${formatDuration(b.logitsSeconds)}${b.mtpSeconds > 0 ? `, MTP ${formatDuration(b.mtpSeconds)}` : ""}`,
    ],
    [
      "exposed comms",
      `TP ${formatDuration(b.tensorParallelExposedSeconds)}, CP ${formatDuration(b.contextParallelExposedSeconds)}, EP ${formatDuration(b.expertParallelExposedSeconds)}, PP ${formatDuration(b.pipelineCommExposedSeconds)}, DP ${formatDuration(b.dataParallelExposedSeconds)}`,
    ],
    ["bubble / optimizer", `${formatDuration(b.pipelineBubbleSeconds)} / ${formatDuration(b.optimizerSeconds)}`],
    [
      "kernels",
      `gemm ${result.kernelSources.gemm}, attention ${result.kernelSources.attention}, TP all-reduce ${result.kernelSources.collective}`,
    ],
  ];
  if ("timeToTrainDays" in result) {
    lines.push(
      [
        "time to train",
        `${formatSignificant(result.timeToTrainDays, 3)} days (${result.steps.toLocaleString("en-US")} steps)`,
      ],
      ["GPU-hours", formatSignificant(result.gpuHours, 3)],
      [
        "goodput",
        `${percent(result.goodputRatio)} (checkpoint every ${formatDuration(result.checkpointIntervalSeconds)})`,
      ],
    );
  }
  const warnings = result.warnings.map((w) => `warning: ${w}`);
  return [renderKeyValues(lines), ...warnings].join("\n");
}

/**
 * A configuration that does not fit is not a result: after its figures are printed (they say what it would
 * need), the command fails with INVALID_CONFIGURATION (exit 2).
 */
function refuseIfNotFitting(result: TrainingStepResult | TrainingRunResult): void {
  if (result.memory.fits) return;
  throw new AifError(
    "INVALID_CONFIGURATION",
    `this configuration does not fit: it needs ${formatBytes(result.memory.totalBytes)} per GPU of ${formatBytes(result.memory.capacityBytes)}`,
    { hint: "raise tp/pp/ep, use ZeRO, recompute or a smaller micro-batch, or run `aif train search`" },
  );
}

/**
 * Registers `aif train` (one configuration, optionally a whole run with `--tokens`) and `aif train search`.
 *
 * @param program - the root command
 * @param context - output helpers
 */
export function registerTrainCommands(program: Command, context: CliContext): void {
  const train = program
    .command("train")
    .description("training step time, MFU, memory and (with --tokens) time to train")
    .option("--model <id|file>", "architecture id (aif model list) or JSON/YAML file")
    .option("--gpu <id|file>", "accelerator id (aif hw list) or JSON/YAML file")
    .option("--gpus <n>", "number of GPUs")
    .option("--tp <n>", "tensor parallel size", "1")
    .option("--pp <n>", "pipeline parallel size", "1")
    .option("--vpp <n>", "virtual pipeline stages per rank (interleaved 1F1B)", "1")
    .option("--cp <n>", "context parallel size", "1")
    .option("--ep <n>", "expert parallel size (may exceed dp x cp: parallel folding)", "1")
    .option("--etp <n>", "expert tensor parallel size (default: --tp)")
    .option("--dp <n>", "data parallel size (default: gpus / (tp x pp x cp))")
    .option("--zero <stage>", "ZeRO stage 0-3 (1 = distributed optimizer, 3 = FSDP)", "1")
    .option("--micro-batch <sequences>", "micro-batch size", "1")
    .option("--global-batch <sequences>", "global batch size in sequences")
    .option("--seq <tokens>", "sequence length")
    .option("--recompute <mode>", "none | selective | full", "selective")
    .option("--precision <p>", "bf16 | fp8", "bf16")
    .option("--no-sequence-parallel", "disable sequence parallelism")
    .option("--no-flash-attention", "unfused attention (s x s scores in memory)")
    .option("--tokens <n>", "train on this many tokens: adds timeToTrainDays, gpuHours, goodputRatio")
    .option("--efficiency <file>", "efficiency factors (JSON/YAML) replacing the defaults")
    .option(
      "--kernels <file|builtin|none>",
      "measured kernel tables: builtin (default; A100..GB300), none (analytic roofline), or a JSON file from aif bench kernels",
    )
    .option("--checkpoint-write-gbps <GBps>", "aggregate checkpoint write bandwidth, GB/s")
    .option("--checkpoint-storage <tier>", "storage tier id (aif hw storage) that holds the checkpoints")
    .option("--mtbf-hours <h>", "mean time between failures per GPU, hours")
    .option("--host-link-gbps <GBps>", "host link per GPU and direction (PCIe 5 x16: 64), enables optimizer offload")
    .option("--offload-optimizer", "keep optimizer states in host memory (needs --host-link-gbps)")
    .option(
      "--moe-dispatcher <d>",
      "MoE token dispatcher: alltoall (NCCL) | allgather | deepep (flex/DeepEP: one scale-out copy per node); search: a comma list",
      "alltoall",
    )
    .option("--node-limited-routing <nodes>", "route each token to experts on at most this many nodes (DeepSeek-V3: 4)")
    .option("--moe-a2a-overlap", "overlap EP dispatch/combine with another microbatch's compute (combined 1F1B)")
    .option(
      "--pipeline-schedule <s>",
      "1f1b | interleaved | dualpipe (default: interleaved when --vpp > 1); search: dualpipe adds DualPipe candidates",
    )
    .option("--routing <r>", "learned | forced-balanced (--moe-router-force-load-balancing benchmarks)", "learned")
    .option("--capacity-factor <x>", "expert capacity as a multiple of the even share (default: dropless)")
    .option("--pad-to-capacity", "pad every expert's tokens to its capacity (needs --capacity-factor)")
    .option("--mtp-layers <n>", "multi-token-prediction layers trained on the last stage", "0")
    .option(
      "--recompute-modules <list>",
      "selective recompute modules, comma-separated: core_attn,layernorm,moe_act,mla_up_proj,mlp,shared_experts,moe",
    )
    .option("--optimizer-moments <p>", "Adam moment precision: fp32 | bf16", "fp32")
    .option(
      "--fp8-primary-weights",
      "FP8 weights only, no bf16 copy (Megatron --fp8-param-gather; with --precision fp8)",
    )
    .option(
      "--fp8-activation-cache <c>",
      "with --precision fp8: gemm-inputs | gemm-and-swiglu-inputs (DeepSeek-V3)",
      "gemm-inputs",
    )
    .option(
      "--emit <framework>",
      "print the launch command (and files) for megatron | torchtitan instead of estimating",
    )
    .option("--emit-out <dir>", "with --emit: also write the files and launch.sh to this directory")
    .option("--gpus-per-node <n>", "with --emit: GPUs per node for torchrun (default 8)")
    .action((flags: TrainFlags) => {
      const emitting = flags.emit !== undefined;
      const missing = (
        emitting ? (["gpus", "globalBatch", "seq"] as const) : (["model", "gpu", "gpus", "globalBatch", "seq"] as const)
      ).filter((key) => flags[key] === undefined);
      requireFlags("aif train", missing);
      if (!emitting && flags.emitOut !== undefined) {
        throw new InvalidInputError("option --emit-out", [
          {
            path: "--emit-out",
            message: "needs --emit",
            received: flags.emitOut,
            hint: "e.g. --emit megatron --emit-out ./run",
          },
        ]);
      }
      const shared = moeOptions(flags);
      const config: TrainingConfigInput = {
        acceleratorCount: int("--gpus", flags.gpus),
        tp: int("--tp", flags.tp),
        pp: int("--pp", flags.pp),
        vpp: int("--vpp", flags.vpp),
        cp: int("--cp", flags.cp),
        ep: int("--ep", flags.ep),
        ...(flags.etp === undefined ? {} : { etp: int("--etp", flags.etp) }),
        ...(flags.dp === undefined ? {} : { dp: int("--dp", flags.dp) }),
        zeroStage: parseNumberOption("--zero", flags.zero, { int: true, min: 0, max: 3 }) as 0 | 1 | 2 | 3,
        microBatch: int("--micro-batch", flags.microBatch),
        globalBatch: int("--global-batch", flags.globalBatch),
        sequenceTokens: int("--seq", flags.seq),
        recompute: parseChoiceOption("--recompute", flags.recompute, RECOMPUTE),
        precision: parseChoiceOption("--precision", flags.precision, PRECISION),
        sequenceParallel: flags.sequenceParallel,
        flashAttention: flags.flashAttention,
        offloadOptimizer: flags.offloadOptimizer === true,
        ...shared,
        moe: {
          ...shared.moe,
          dispatcher: parseChoiceOption("--moe-dispatcher", flags.moeDispatcher, DISPATCHERS),
        },
        ...(flags.pipelineSchedule === undefined
          ? {}
          : { pipelineSchedule: parseChoiceOption("--pipeline-schedule", flags.pipelineSchedule, SCHEDULES) }),
        fp8ActivationCache: parseChoiceOption("--fp8-activation-cache", flags.fp8ActivationCache, FP8_CACHE),
        ...(flags.moeA2aOverlap === true
          ? {
              // The other overlap switches keep their defaults.
              overlap: { expertParallel: true },
            }
          : {}),
      };
      if (flags.emit !== undefined) {
        const engine = parseChoiceOption("--emit", flags.emit, TRAINING_ENGINES);
        const launch = emitTrainingLaunch(config, engine, {
          ...(flags.model === undefined
            ? {}
            : { architecture: packArchitecture(context.catalog, flags.model) ?? loadArchitecture(flags.model) }),
          ...(flags.gpusPerNode === undefined
            ? {}
            : { acceleratorsPerNode: int("--gpus-per-node", flags.gpusPerNode) }),
        });
        printLaunch(context, launch, flags.emitOut);
        return;
      }
      const efficiency =
        flags.efficiency === undefined
          ? undefined
          : (readDataFile(flags.efficiency, "efficiency file") as TrainingEfficiencyInput);
      const accelerator = loadAccelerator(flags.gpu, flags.hostLinkGbps, context.catalog);
      const input = {
        architecture: packArchitecture(context.catalog, flags.model) ?? loadArchitecture(flags.model),
        accelerator,
        config,
        kernels: loadKernelTablesFlag(flags.kernels, accelerator.id).option,
        ...(efficiency === undefined ? {} : { efficiency }),
      };
      if (flags.tokens === undefined) {
        const result = withFlagNames(TRAIN_FLAG_NAMES, () => estimateTrainingStep(input));
        context.print(assertFiniteResult(result, "training estimate"), () => renderStep(result));
        refuseIfNotFitting(result);
        return;
      }
      const reliability = {
        ...(flags.checkpointWriteGbps === undefined
          ? {}
          : {
              checkpointWriteGBps: parseNumberOption("--checkpoint-write-gbps", flags.checkpointWriteGbps, { min: 0 }),
            }),
        ...(flags.mtbfHours === undefined
          ? {}
          : { mtbfHoursPerAccelerator: parseNumberOption("--mtbf-hours", flags.mtbfHours, { min: 0 }) }),
      };
      const tokens = parseNumberOption("--tokens", flags.tokens, { min: 1 });
      const result = withFlagNames(TRAIN_FLAG_NAMES, () =>
        estimateTrainingRun({
          ...input,
          tokens,
          reliability,
          ...(flags.checkpointStorage === undefined ? {} : { checkpointStorage: flags.checkpointStorage }),
        }),
      );
      context.print(assertFiniteResult(result, "training estimate"), () => renderStep(result));
      refuseIfNotFitting(result);
    });

  train
    .command("search")
    .description("search every valid parallel configuration and list the fastest that fit")
    .option("--top <k>", "how many configurations to list", "10")
    .action((_flags: unknown, command: Command) => {
      const flags = command.optsWithGlobals() as TrainFlags & { top: string };
      const missing = (["model", "gpu", "gpus", "globalBatch", "seq"] as const).filter(
        (key) => flags[key] === undefined,
      );
      requireFlags("aif train search", missing);
      const accelerator = loadAccelerator(flags.gpu, flags.hostLinkGbps, context.catalog);
      const architecture = packArchitecture(context.catalog, flags.model) ?? loadArchitecture(flags.model);
      const kernels = loadKernelTablesFlag(flags.kernels, accelerator.id).option;
      const result = searchTrainingConfigs({
        architecture,
        accelerator,
        kernels: loadKernelTablesFlag(flags.kernels, accelerator.id).option,
        acceleratorCount: int("--gpus", flags.gpus),
        globalBatch: int("--global-batch", flags.globalBatch),
        sequenceTokens: int("--seq", flags.seq),
        top: int("--top", flags.top),
        space: (() => {
          const shared = moeOptions(flags);
          const schedule =
            flags.pipelineSchedule === undefined
              ? undefined
              : parseChoiceOption("--pipeline-schedule", flags.pipelineSchedule, SCHEDULES);
          return {
            precision: parseChoiceOption("--precision", flags.precision, PRECISION),
            moeDispatcher: choiceList("--moe-dispatcher", flags.moeDispatcher, DISPATCHERS),
            ...(flags.moeA2aOverlap === true ? { overlapExpertParallel: [true] } : {}),
            ...(schedule === "dualpipe" ? { dualPipe: [false, true] } : {}),
            moe: shared.moe,
            ...(shared.recomputeModules === undefined ? {} : { recomputeModules: shared.recomputeModules }),
            mtpLayers: shared.mtpLayers,
            optimizerMoments: shared.optimizerMoments,
            fp8PrimaryWeights: shared.fp8PrimaryWeights,
          };
        })(),
      });
      // With --tokens, each configuration found is also run to the token budget (estimateTrainingRun, as
      // `aif train --tokens`): days to train, GPU-hours and goodput.
      const tokens = flags.tokens === undefined ? undefined : parseNumberOption("--tokens", flags.tokens, { min: 1 });
      const runs =
        tokens === undefined
          ? undefined
          : result.results.map((r) =>
              estimateTrainingRun({ architecture, accelerator, config: r.config, tokens, kernels }),
            );
      const printed =
        runs === undefined
          ? result
          : {
              ...result,
              runs: runs.map((run) => ({
                timeToTrainDays: run.timeToTrainDays,
                gpuHours: run.gpuHours,
                goodputRatio: run.goodputRatio,
              })),
            };
      context.print(assertFiniteResult(printed, "training estimate"), () => {
        const rows = result.results.map((r, index) => ({
          rank: index + 1,
          tp: r.config.tp,
          pp: r.config.pp,
          vpp: r.config.vpp,
          cp: r.config.cp,
          ep: r.config.ep,
          etp: r.config.etp ?? r.config.tp,
          dp: r.config.dp,
          zero: r.config.zeroStage,
          mb: r.config.microBatch,
          recompute: r.config.recompute,
          sp: r.config.sequenceParallel ? "yes" : "no",
          ...(r.config.ep > 1
            ? {
                dispatch: `${r.config.moe.dispatcher}${r.config.overlap.expertParallel ? "+overlap" : ""}`,
                schedule: r.config.pipelineSchedule ?? (r.config.vpp > 1 ? "interleaved" : "1f1b"),
              }
            : {}),
          step: formatDuration(r.stepTimeSeconds),
          "tokens/s": formatCount(r.tokensPerSecond),
          MFU: percent(r.mfuRatio),
          ...(runs === undefined
            ? {}
            : {
                days: formatSignificant(runs[index]?.timeToTrainDays ?? 0, 3),
                "GPU-hours": formatSignificant(runs[index]?.gpuHours ?? 0, 3),
              }),
          memory: formatBytes(r.memory.totalBytes),
        }));
        const header = `${result.evaluatedCount} configurations evaluated in ${formatSignificant(result.elapsedMs, 3)} ms`;
        return rows.length === 0 ? `${header}; none fits in memory` : `${header}\n${renderTable(rows)}`;
      });
    });
}
