import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type TrainingConfigInput, trainingConfigSchema } from "../training/training-config";
import { flagProblems, keyProblems, loadFixture, parseTomlSubset } from "./__fixtures__/engine-fixture";
import { DEPLOY_ENGINE_VERSIONS } from "./launch-config";
import {
  emitTrainingLaunch,
  megatronArgs,
  TORCHTITAN_CONFIG_FILE,
  torchtitanJob,
  trainingLaunchOptionsSchema,
} from "./training-launch";

const megatron = loadFixture("megatron");
const torchtitan = loadFixture("torchtitan");

const CONFIGS: Record<string, { config: TrainingConfigInput; architecture: string }> = {
  "llama 70b tp8 pp4 vpp": {
    architecture: "llama-3.1-70b",
    config: { acceleratorCount: 512, tp: 8, pp: 4, vpp: 5, globalBatch: 1024, sequenceTokens: 8192, microBatch: 1 },
  },
  "llama 8b fsdp fp8": {
    architecture: "llama-3.1-8b",
    config: {
      acceleratorCount: 64,
      zeroStage: 3,
      precision: "fp8",
      fp8PrimaryWeights: true,
      globalBatch: 512,
      sequenceTokens: 8192,
      recompute: "full",
    },
  },
  "deepseek-v3 ep64 deepep": {
    architecture: "deepseek-v3",
    config: {
      acceleratorCount: 2048,
      tp: 1,
      pp: 16,
      ep: 64,
      globalBatch: 15360,
      sequenceTokens: 4096,
      precision: "fp8",
      recomputeModules: ["moe_act", "layernorm", "mla_up_proj"],
      mtpLayers: 1,
      optimizerMoments: "bf16",
      fp8ActivationCache: "gemm-and-swiglu-inputs",
      pipelineSchedule: "dualpipe",
      moe: { dispatcher: "deepep", maxNodesPerToken: 4, routing: "forced-balanced" },
      overlap: { expertParallel: true },
    },
  },
  "mixtral zero0 cp": {
    architecture: "mixtral-8x22b",
    config: {
      acceleratorCount: 128,
      tp: 4,
      cp: 2,
      ep: 8,
      zeroStage: 0,
      globalBatch: 256,
      sequenceTokens: 16384,
      moe: { dispatcher: "allgather", capacityFactor: 1.25, padToCapacity: true },
    },
  },
  "qwen3 offload zero2": {
    architecture: "qwen3-32b",
    config: {
      acceleratorCount: 16,
      tp: 2,
      zeroStage: 2,
      offloadOptimizer: true,
      globalBatch: 64,
      sequenceTokens: 4096,
      overlap: { tensorParallel: true },
    },
  },
};

describe("Megatron-LM arguments: every flag exists in arguments.py at the pinned commit, value in range", () => {
  it("pins the fixture's commit", () => {
    expect(megatron.version).toBe(DEPLOY_ENGINE_VERSIONS.megatron.version);
    expect(DEPLOY_ENGINE_VERSIONS.megatron.sources.join(" ")).toContain(megatron.source.commit);
  });

  it.each(Object.entries(CONFIGS))("%s", (_name, { config, architecture }) => {
    const launch = emitTrainingLaunch(config, "megatron", { architecture });
    const start = launch.command.indexOf("pretrain_gpt.py") + 1;
    expect(start).toBeGreaterThan(0);
    expect(flagProblems(launch.command, start, megatron.flags ?? {}).problems).toEqual([]);
  });

  it("maps parallelism, batch, precision, recompute and the optimizer", () => {
    const line = emitTrainingLaunch(CONFIGS["llama 70b tp8 pp4 vpp"]?.config as TrainingConfigInput, "megatron", {
      architecture: "llama-3.1-70b",
    }).command.join(" ");
    expect(line).toContain("--nproc-per-node=8 --nnodes=64 pretrain_gpt.py");
    expect(line).toContain(
      "--tensor-model-parallel-size 8 --pipeline-model-parallel-size 4 --num-virtual-stages-per-pipeline-rank 5",
    );
    expect(line).toContain(
      "--sequence-parallel --micro-batch-size 1 --global-batch-size 1024 --seq-length 8192 --bf16",
    );
    expect(line).toContain("--recompute-granularity selective");
    expect(line).toContain("--use-distributed-optimizer");
    expect(line).toContain("--overlap-grad-reduce --overlap-param-gather");
    expect(line).toContain("--num-layers 80 --hidden-size 8192 --ffn-hidden-size 28672 --num-attention-heads 64");
    expect(line).toContain("--group-query-attention --num-query-groups 8 --swiglu --normalization RMSNorm");
  });

  it("DeepSeek-V3: MLA, MoE with DeepEP and node-limited routing, MTP, BF16 moments; DualPipe is unsupported", () => {
    const launch = emitTrainingLaunch(CONFIGS["deepseek-v3 ep64 deepep"]?.config as TrainingConfigInput, "megatron", {
      architecture: "deepseek-v3",
    });
    const line = launch.command.join(" ");
    expect(line).toContain("--multi-latent-attention --kv-lora-rank 512 --q-lora-rank 1536");
    expect(line).toContain("--moe-token-dispatcher-type flex --moe-enable-deepep");
    expect(line).toContain("--moe-router-num-groups 8 --moe-router-group-topk 4");
    expect(line).toContain("--moe-layer-freq ([0]*3+[1]*58)");
    expect(line).toContain("--mtp-num-layers 1");
    expect(line).toContain("--use-precision-aware-optimizer --exp-avg-dtype bf16 --exp-avg-sq-dtype bf16");
    expect(line).toContain("--recompute-modules moe_act layernorm mla_up_proj");
    expect(line).toContain("--overlap-moe-expert-parallel-comm");
    expect(launch.unsupported.join("\n")).toMatch(/^pipelineSchedule=dualpipe/m);
    expect(launch.unsupported.join("\n")).toMatch(/^fp8ActivationCache=gemm-and-swiglu-inputs/m);
  });

  it("ZeRO 2/3 go to Megatron FSDP sharding strategies; a dp that does not fill the GPUs is unsupported", () => {
    const options = trainingLaunchOptionsSchema.parse({});
    const z3 = megatronArgs(
      trainingConfigSchema.parse({ acceleratorCount: 8, zeroStage: 3, globalBatch: 8, sequenceTokens: 1024 }),
      undefined,
      options,
      "t",
    );
    expect(z3.args.join(" ")).toContain("--use-megatron-fsdp --data-parallel-sharding-strategy optim_grads_params");
    const odd = megatronArgs(
      trainingConfigSchema.parse({ acceleratorCount: 16, dp: 4, globalBatch: 8, sequenceTokens: 1024 }),
      undefined,
      options,
      "t",
    );
    expect(odd.unsupported.join("\n")).toMatch(/^dp=4/m);
  });

  it("random valid configurations emit only known flags with values in range (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          architecture: fc.constantFrom(
            "llama-3.1-8b",
            "deepseek-v3",
            "mixtral-8x22b",
            "qwen3-30b-a3b",
            "gpt-oss-120b",
          ),
          tp: fc.constantFrom(1, 2, 4, 8),
          pp: fc.constantFrom(1, 2, 4),
          vpp: fc.constantFrom(1, 2),
          cp: fc.constantFrom(1, 2),
          ep: fc.constantFrom(1, 4, 8),
          zeroStage: fc.constantFrom(0, 1, 2, 3),
          precision: fc.constantFrom("bf16", "fp8"),
          recompute: fc.constantFrom("none", "selective", "full"),
          dispatcher: fc.constantFrom("alltoall", "allgather", "deepep"),
          fp8Recipe: fc.constantFrom("delayed", "tensorwise", "mxfp8", "blockwise", "rowwise"),
          offload: fc.boolean(),
          moments: fc.constantFrom("fp32", "bf16"),
        }),
        (r) => {
          const config: TrainingConfigInput = {
            acceleratorCount: r.tp * r.pp * r.cp * 8,
            tp: r.tp,
            pp: r.pp,
            vpp: r.vpp,
            cp: r.cp,
            ep: r.ep,
            zeroStage: r.zeroStage as 0 | 1 | 2 | 3,
            precision: r.precision as "bf16" | "fp8",
            recompute: r.recompute as "none" | "selective" | "full",
            globalBatch: 64,
            sequenceTokens: 4096,
            offloadOptimizer: r.offload,
            optimizerMoments: r.moments as "fp32" | "bf16",
            moe: { dispatcher: r.dispatcher as "alltoall" | "allgather" | "deepep" },
          };
          const m = emitTrainingLaunch(config, "megatron", {
            architecture: r.architecture,
            fp8Recipe: r.fp8Recipe as "tensorwise",
          });
          expect(
            flagProblems(m.command, m.command.indexOf("pretrain_gpt.py") + 1, megatron.flags ?? {}).problems,
          ).toEqual([]);
          const t = emitTrainingLaunch(config, "torchtitan", {
            architecture: r.architecture,
            fp8Recipe: r.fp8Recipe as "tensorwise",
          });
          const doc = parseTomlSubset(t.configFiles[0]?.content ?? "");
          const known = Object.fromEntries(Object.entries(doc).filter(([section]) => section !== "model"));
          expect(keyProblems(known as Record<string, unknown>, torchtitan.keys ?? {})).toEqual([]);
        },
      ),
      { numRuns: 120 },
    );
  });
});

describe("torchtitan job TOML: parses, every key exists in job_config.py at the pinned commit", () => {
  it("pins the fixture's commit", () => {
    expect(torchtitan.version).toBe(DEPLOY_ENGINE_VERSIONS.torchtitan.version);
    expect(DEPLOY_ENGINE_VERSIONS.torchtitan.sources.join(" ")).toContain(torchtitan.source.commit);
  });

  it.each(Object.entries(CONFIGS))("%s", (_name, { config, architecture }) => {
    const launch = emitTrainingLaunch(config, "torchtitan", { architecture });
    expect(launch.configFiles[0]?.path).toBe(TORCHTITAN_CONFIG_FILE);
    expect(launch.command).toContain(TORCHTITAN_CONFIG_FILE);
    const doc = parseTomlSubset(launch.configFiles[0]?.content ?? "");
    const model = doc.model as Record<string, unknown>;
    const rest = Object.fromEntries(Object.entries(doc).filter(([section]) => section !== "model"));
    expect(keyProblems(rest as Record<string, unknown>, torchtitan.keys ?? {})).toEqual([]);
    if (typeof model.name === "string" && !model.name.startsWith("<")) {
      expect(keyProblems({ model }, torchtitan.keys ?? {})).toEqual([]);
    } else {
      expect(launch.unsupported.some((item) => item.startsWith("model:"))).toBe(true);
    }
  });

  it("maps ZeRO to FSDP degrees, PP micro-batches, recompute and FP8", () => {
    const options = trainingLaunchOptionsSchema.parse({});
    const config = trainingConfigSchema.parse(CONFIGS["llama 70b tp8 pp4 vpp"]?.config);
    const { job } = torchtitanJob(config, undefined, options);
    expect(job.parallelism).toMatchObject({
      data_parallel_replicate_degree: 1,
      data_parallel_shard_degree: 16,
      fsdp_reshard_after_forward: "never",
      tensor_parallel_degree: 8,
      pipeline_parallel_degree: 4,
      pipeline_parallel_schedule: "Interleaved1F1B",
      pipeline_parallel_microbatch_size: 1,
    });
    expect(job.training).toMatchObject({ local_batch_size: 64, global_batch_size: 1024, seq_len: 8192 });
    const fp8 = torchtitanJob(trainingConfigSchema.parse(CONFIGS["llama 8b fsdp fp8"]?.config), undefined, options).job;
    expect(fp8.model?.converters).toEqual(["float8"]);
    expect(fp8.float8).toEqual({
      recipe_name: "tensorwise",
      enable_fsdp_float8_all_gather: true,
      precompute_float8_dynamic_scale_for_fsdp: true,
    });
    expect(fp8.activation_checkpoint).toEqual({ mode: "full" });
    expect(fp8.parallelism?.fsdp_reshard_after_forward).toBe("always");
  });

  it("names what torchtitan cannot express", () => {
    const launch = emitTrainingLaunch(CONFIGS["deepseek-v3 ep64 deepep"]?.config as TrainingConfigInput, "torchtitan", {
      architecture: "deepseek-v3",
    });
    const text = launch.unsupported.join("\n");
    for (const field of [
      "mtpLayers=1",
      "optimizerMoments=bf16",
      "moe.dispatcher=deepep",
      "recomputeModules",
      "zeroStage=1",
      "pipelineSchedule=dualpipe",
    ]) {
      expect(text).toContain(field);
    }
  });

  it("rejects bad input naming the field", () => {
    expect(() => emitTrainingLaunch({ acceleratorCount: 0, globalBatch: 1, sequenceTokens: 1 }, "megatron")).toThrow(
      /acceleratorCount/,
    );
    expect(() =>
      emitTrainingLaunch({ acceleratorCount: 8, globalBatch: 8, sequenceTokens: 8 }, "deepspeed" as "megatron"),
    ).toThrow(/training engine/);
    expect(() =>
      emitTrainingLaunch({ acceleratorCount: 8, globalBatch: 8, sequenceTokens: 8 }, "megatron", {
        acceleratorsPerNode: 0,
      }),
    ).toThrow(/acceleratorsPerNode/);
  });
});
