// Launch configurations for a plan: the serving or pretraining configuration the plan settled on, emitted
// for each engine by @aifactory/workloads. Run in the planner worker (a "deploy" query, see worker-protocol.ts), so
// the emitters and zod stay off the page's main thread; ExportLinks asks for them once a plan is on screen.
import type { Plan } from "@aifactory/planner";
import {
  type ArchitectureInput,
  emitServingLaunch,
  emitTrainingLaunch,
  type LaunchConfig,
  type ServingConfigInput,
  type ServingEngine,
  shellCommand,
  type TrainingConfigInput,
  type TrainingEngine,
} from "@aifactory/workloads";

/** One downloadable launch script. */
export interface DeployFile {
  label: string;
  name: string;
  text: string;
}

const SERVING: { engine: ServingEngine; label: string }[] = [
  { engine: "vllm", label: "vLLM" },
  { engine: "sglang", label: "SGLang" },
  { engine: "trtllm", label: "TRT-LLM" },
];
const TRAINING: { engine: TrainingEngine; label: string }[] = [
  { engine: "megatron", label: "Megatron" },
  { engine: "torchtitan", label: "torchtitan" },
];

/**
 * A launch configuration as one POSIX shell script: the engine and its pinned version, sources, notes and the
 * settings it cannot express as comments, each config file written with a here-document, then the command.
 *
 * @param launch - what an emitter returned
 * @param extraNotes - notes from the plan side
 * @returns the script
 */
export function launchScript(launch: LaunchConfig, extraNotes: readonly string[] = []): string {
  const comment = (text: string) => `# ${text.replaceAll("\n", "\n# ")}`;
  const lines = [
    "#!/bin/sh",
    comment(`${launch.engine} ${launch.version}: launch configuration emitted by aifactory`),
    ...launch.sources.map((source) => comment(`source: ${source}`)),
    ...[...extraNotes, ...launch.notes].map((note) => comment(`note: ${note}`)),
    ...launch.unsupported.map((item) => comment(`unsupported: ${item}`)),
    "set -e",
  ];
  for (const file of launch.configFiles) {
    lines.push(`cat > ${file.path} <<'AIF_EOF'`, file.content.trimEnd(), "AIF_EOF");
  }
  lines.push(shellCommand(launch.command));
  return `${lines.join("\n")}\n`;
}

type Workload = Plan["scenario"]["workload"];

/** The parts of a plan the launch scripts are made from (what the page sends to the worker). */
export type DeployPlan = Pick<Plan, "scenario" | "performance">;

function architectureOf(workload: Workload): string | ArchitectureInput {
  return workload.model as string | ArchitectureInput;
}

/**
 * The launch scripts for a plan: vLLM, SGLang and TensorRT-LLM for a serving plan (the instance layout the plan
 * chose), Megatron-LM and torchtitan for a pretraining plan; none for other workloads. An engine the configuration
 * cannot be emitted for (e.g. an inline model the emitters reject) is left out.
 *
 * @param plan - the plan
 * @param scenarioId - file name stem
 * @returns the files
 */
export function deployFiles(plan: DeployPlan, scenarioId: string): DeployFile[] {
  const { workload } = plan.scenario;
  const files: DeployFile[] = [];
  if (workload.kind === "serving" && plan.performance.kind === "serving") {
    const p = plan.performance;
    const config: ServingConfigInput = {
      tp: p.tp,
      ep: p.ep,
      attentionDp: workload.parallelism?.attentionDp ?? false,
      weights: workload.weights,
      kv: workload.kv,
      inputTokens: workload.inputTokens,
      outputTokens: workload.outputTokens,
      concurrency: p.concurrency,
      prefixHitRatio: workload.prefixHitRatio,
      mtpAcceptance: workload.mtpAcceptance,
    };
    const notes = [
      `plan: ${p.instances} instance(s) of ${p.tp} GPU(s) at ${p.concurrency} sequences in flight`,
      ...(workload.parallelism === undefined && p.ep > 1
        ? ["attention data parallelism: the plan does not record the search's choice; set it if the layout used it"]
        : []),
      ...(p.mode === "disaggregated"
        ? [
            "the plan is disaggregated: this is one instance at the decode layout; `aif serve disaggregated --emit dynamo` emits both pools",
          ]
        : []),
    ];
    for (const { engine, label } of SERVING) {
      try {
        const launch = emitServingLaunch(config, engine, { architecture: architectureOf(workload) });
        files.push({ label, name: `${scenarioId}.${engine}.sh`, text: launchScript(launch, notes) });
      } catch {
        // An engine the configuration cannot be emitted for gets no link.
      }
    }
  } else if (workload.kind === "pretraining" && plan.performance.kind === "pretraining") {
    const p = plan.performance.parallelism;
    const given = workload.parallelism;
    const config: TrainingConfigInput = {
      acceleratorCount: plan.scenario.hardware.count,
      tp: p.tp,
      pp: p.pp,
      vpp: p.vpp,
      cp: p.cp,
      ep: p.ep,
      dp: p.dp,
      zeroStage: p.zeroStage as 0 | 1 | 2 | 3,
      microBatch: p.microBatch,
      recompute: p.recompute as "none" | "selective" | "full",
      globalBatch: workload.globalBatchSequences,
      sequenceTokens: workload.sequenceTokens,
      precision: workload.precision,
      ...(given?.etp === undefined ? {} : { etp: given.etp }),
      ...(given?.recomputeModules === undefined ? {} : { recomputeModules: given.recomputeModules }),
      ...(given?.pipelineSchedule === undefined ? {} : { pipelineSchedule: given.pipelineSchedule }),
      ...(given?.mtpLayers === undefined ? {} : { mtpLayers: given.mtpLayers }),
      ...(given?.moe === undefined ? {} : { moe: given.moe }),
      ...(given?.overlapExpertParallel === true ? { overlap: { expertParallel: true } } : {}),
    };
    for (const { engine, label } of TRAINING) {
      try {
        const launch = emitTrainingLaunch(config, engine, { architecture: architectureOf(workload) });
        files.push({ label, name: `${scenarioId}.${engine}.sh`, text: launchScript(launch) });
      } catch {
        // As above.
      }
    }
  }
  return files;
}
