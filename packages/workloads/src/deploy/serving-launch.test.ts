import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ServingConfigInput } from "../inference/serving-config";
import { servingConfigSchema } from "../inference/serving-config";
import { flagProblems, keyProblems, loadFixture } from "./__fixtures__/engine-fixture";
import { DEPLOY_ENGINE_VERSIONS, type ServingEngine } from "./launch-config";
import {
  emitServingLaunch,
  type ModelTraits,
  servingLaunchOptionsSchema,
  sglangArgs,
  TRTLLM_EXTRA_OPTIONS_FILE,
  trtllmArgs,
  vllmArgs,
} from "./serving-launch";

const CONFIGS: Record<string, ServingConfigInput> = {
  dense: { tp: 4, inputTokens: 1000, outputTokens: 1000, concurrency: 64 },
  "dense bf16 pp": {
    tp: 8,
    pp: 2,
    weights: "bf16",
    kv: "bf16",
    inputTokens: 8000,
    outputTokens: 500,
    maxThroughput: true,
  },
  "moe wide ep": {
    tp: 16,
    ep: 16,
    attentionDp: true,
    weights: "fp8-block",
    inputTokens: 4000,
    outputTokens: 1000,
    concurrency: 2048,
    mtpAcceptance: 0.8,
    mtpDraftTokens: 2,
    redundantExperts: 32,
    microBatchOverlap: true,
    prefixHitRatio: 0.5,
    maxBatchSize: 256,
  },
  "moe allgather": {
    tp: 8,
    ep: 8,
    attentionDp: true,
    moeDispatch: "allgather",
    inputTokens: 1000,
    outputTokens: 1000,
    maxThroughput: true,
  },
  "partial ep": { tp: 8, ep: 4, inputTokens: 1000, outputTokens: 1000, maxThroughput: true },
  fp4: { tp: 4, weights: "fp4", inputTokens: 1000, outputTokens: 2000, concurrency: 128 },
  int4: { tp: 1, weights: "int4", kv: "bf16", inputTokens: 500, outputTokens: 500, concurrency: 8 },
};

const ENGINES: ServingEngine[] = ["vllm", "sglang", "trtllm"];
const fixtures = { vllm: loadFixture("vllm"), sglang: loadFixture("sglang"), trtllm: loadFixture("trtllm") };
const PREFIX = { vllm: 3, sglang: 3, trtllm: 2 } as const;

function checkLaunch(
  engine: ServingEngine,
  config: ServingConfigInput,
  options: Parameters<typeof emitServingLaunch>[2] = {},
) {
  const launch = emitServingLaunch(config, engine, options);
  const fixture = fixtures[engine];
  const flags = fixture.flags ?? {};
  const { problems, seen } = flagProblems(launch.command, PREFIX[engine], flags);
  return { launch, problems, seen };
}

describe.each(ENGINES)("%s launch: every flag exists at the pinned version, with a value in its range", (engine) => {
  it("pins the version the fixture was extracted from", () => {
    expect(fixtures[engine].version).toBe(DEPLOY_ENGINE_VERSIONS[engine].version);
    expect(fixtures[engine].source.commit).toMatch(/^[0-9a-f]{40}$/);
    expect(DEPLOY_ENGINE_VERSIONS[engine].sources.join(" ")).toContain(fixtures[engine].source.commit);
  });

  it.each(Object.entries(CONFIGS))("%s", (_name, config) => {
    const { launch, problems } = checkLaunch(engine, config, { architecture: "deepseek-v3" });
    expect(problems).toEqual([]);
    expect(launch.engine).toBe(engine);
    for (const file of launch.configFiles) expect(file.content.length).toBeGreaterThan(0);
  });

  it("explicit CUDA-graph sizes, chunked prefill off, another port", () => {
    const { problems, seen } = checkLaunch(engine, CONFIGS.dense as ServingConfigInput, {
      cudaGraphBatchSizes: [1, 2, 4, 8, 16, 32, 64],
      chunkedPrefill: false,
      portNumber: 9000,
    });
    expect(problems).toEqual([]);
    expect(seen.length).toBeGreaterThan(5);
  });

  it("random valid configurations emit only known flags with values in range (property)", () => {
    fc.assert(
      fc.property(
        fc.record({
          tp: fc.constantFrom(1, 2, 4, 8, 16),
          pp: fc.constantFrom(1, 2),
          epShare: fc.constantFrom(0, 1),
          attentionDp: fc.boolean(),
          weights: fc.constantFrom("bf16", "fp8", "fp8-block", "fp4", "int4"),
          kv: fc.constantFrom("bf16", "fp8"),
          inputTokens: fc.integer({ min: 1, max: 100_000 }),
          outputTokens: fc.integer({ min: 1, max: 20_000 }),
          concurrency: fc.option(fc.integer({ min: 1, max: 4096 }), { nil: undefined }),
          prefixHitRatio: fc.double({ min: 0, max: 1, noNaN: true }),
          mtpAcceptance: fc.constantFrom(0, 0.7),
          mtpDraftTokens: fc.integer({ min: 1, max: 4 }),
          maxBatchSize: fc.integer({ min: 1, max: 4096 }),
          maxNumTokens: fc.integer({ min: 1, max: 65_536 }),
          redundantExperts: fc.constantFrom(0, 32),
          microBatchOverlap: fc.boolean(),
          chunkedPrefill: fc.boolean(),
          memory: fc.double({ min: 0.05, max: 1, noNaN: true }),
        }),
        (r) => {
          const config: ServingConfigInput = {
            tp: r.tp,
            pp: r.pp,
            ep: r.epShare === 1 ? r.tp : 1,
            attentionDp: r.attentionDp,
            weights: r.weights,
            kv: r.kv,
            inputTokens: r.inputTokens,
            outputTokens: r.outputTokens,
            ...(r.concurrency === undefined ? { maxThroughput: true } : { concurrency: r.concurrency }),
            prefixHitRatio: r.prefixHitRatio,
            mtpAcceptance: r.mtpAcceptance,
            mtpDraftTokens: r.mtpDraftTokens,
            maxBatchSize: r.maxBatchSize,
            maxNumTokens: r.maxNumTokens,
            redundantExperts: r.redundantExperts,
            microBatchOverlap: r.microBatchOverlap,
          };
          const { launch, problems } = checkLaunch(engine, config, {
            chunkedPrefill: r.chunkedPrefill,
            gpuMemoryUtilizationRatio: r.memory,
            kvCacheFreeMemoryRatio: r.memory,
          });
          expect(problems).toEqual([]);
          expect(launch.command.every((word) => word.length > 0)).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });
});

const traitsMtp: ModelTraits = { mtpModules: 1, moe: true };
const options = servingLaunchOptionsSchema.parse({});
const wide = servingConfigSchema.parse(CONFIGS["moe wide ep"]);

describe("vLLM 0.11.1 mapping", () => {
  it("attention-DP + EP: dp ranks of tp 1 with expert parallelism, DBO, EPLB and MTP", () => {
    const out = vllmArgs(wide, traitsMtp, options);
    const line = out.args.join(" ");
    expect(line).toContain("--tensor-parallel-size 1 --data-parallel-size 16");
    expect(line).toContain("--enable-expert-parallel");
    expect(line).toContain("--enable-dbo");
    expect(line).toContain('--eplb-config {"num_redundant_experts":32}');
    expect(line).toContain('--speculative-config {"method":"mtp","num_speculative_tokens":2}');
    expect(line).toContain("--max-num-seqs 256");
    expect(line).toContain("--kv-cache-dtype fp8");
    expect(line).toContain("--enable-prefix-caching");
    // 2048 sequences over 16 ranks, capped at the max batch 256: 128 per rank.
    expect(line).toContain("--max-cudagraph-capture-size 128");
  });

  it("names what it cannot express", () => {
    const partial = vllmArgs(servingConfigSchema.parse(CONFIGS["partial ep"]), traitsMtp, options);
    expect(partial.unsupported.join("\n")).toMatch(/^ep=4: /m);
    const noMtp = vllmArgs(wide, { mtpModules: 0, moe: true }, options);
    expect(noMtp.unsupported.join("\n")).toMatch(/mtpAcceptance: the model has no MTP modules/);
    expect(noMtp.args).not.toContain("--speculative-config");
  });
});

describe("SGLang 0.5.x mapping", () => {
  it("DP attention, DeepEP all-to-all, NEXTN speculation, redundant experts", () => {
    const line = sglangArgs(wide, traitsMtp, options).args.join(" ");
    expect(line).toContain("--tp-size 16 --enable-dp-attention --dp-size 16 --ep-size 16 --moe-a2a-backend deepep");
    expect(line).toContain("--max-running-requests 4096");
    expect(line).toContain(
      "--speculative-algorithm NEXTN --speculative-num-steps 2 --speculative-eagle-topk 1 --speculative-num-draft-tokens 3",
    );
    expect(line).toContain("--ep-num-redundant-experts 32 --enable-eplb");
    expect(line).toContain("--kv-cache-dtype fp8_e4m3");
    expect(line).toContain("--enable-two-batch-overlap");
  });

  it("allgather MoE exchange is SGLang's non-DeepEP path; chunked prefill off is -1", () => {
    const config = servingConfigSchema.parse(CONFIGS["moe allgather"]);
    const line = sglangArgs(config, traitsMtp, { ...options, chunkedPrefill: false }).args.join(" ");
    expect(line).toContain("--moe-a2a-backend none");
    expect(line).toContain("--chunked-prefill-size -1");
  });
});

describe("TensorRT-LLM 1.1 mapping", () => {
  it("CLI flags plus the extra LLM API options YAML, every key known", () => {
    const out = trtllmArgs(wide, traitsMtp, options);
    expect(out.args.join(" ")).toContain(`--tp_size 16 --pp_size 1 --ep_size 16`);
    expect(out.args.join(" ")).toContain(`--extra_llm_api_options ${TRTLLM_EXTRA_OPTIONS_FILE}`);
    const file = out.files[0];
    expect(file?.path).toBe(TRTLLM_EXTRA_OPTIONS_FILE);
    expect(file?.data).toEqual({
      enable_attention_dp: true,
      kv_cache_config: { dtype: "fp8", enable_block_reuse: true, free_gpu_memory_fraction: 0.9 },
      cuda_graph_config: { enable_padding: true, max_batch_size: 128 },
      speculative_config: { decoding_type: "MTP", num_nextn_predict_layers: 2 },
    });
    expect(keyProblems(file?.data ?? {}, fixtures.trtllm.configKeys ?? {})).toEqual([]);
    expect(out.unsupported.join("\n")).toMatch(/microBatchOverlap/);
    expect(out.unsupported.join("\n")).toMatch(/redundantExperts=32/);
  });

  it("explicit graph sizes go to cuda_graph_config.batch_sizes", () => {
    const out = trtllmArgs(servingConfigSchema.parse(CONFIGS.dense), traitsMtp, {
      ...options,
      cudaGraphBatchSizes: [1, 8, 64],
    });
    expect(out.files[0]?.data.cuda_graph_config).toEqual({ enable_padding: true, batch_sizes: [1, 8, 64] });
    expect(keyProblems(out.files[0]?.data ?? {}, fixtures.trtllm.configKeys ?? {})).toEqual([]);
  });
});

describe("emitServingLaunch", () => {
  it("takes the weights repository from the architecture's sources, or leaves a placeholder", () => {
    const llama = emitServingLaunch({ tp: 8, inputTokens: 1000, outputTokens: 1000, maxThroughput: true }, "vllm", {
      architecture: "llama-3.1-70b",
    });
    expect(llama.command.slice(0, 3)).toEqual(["vllm", "serve", "meta-llama/Llama-3.1-70B"]);
    const none = emitServingLaunch({ tp: 8, inputTokens: 1000, outputTokens: 1000, maxThroughput: true }, "sglang");
    expect(none.command).toContain("<model>");
    expect(none.notes.join("\n")).toMatch(/replace <model>/);
    const given = emitServingLaunch({ tp: 8, inputTokens: 1000, outputTokens: 1000, maxThroughput: true }, "trtllm", {
      model: "/models/x",
    });
    expect(given.command.slice(0, 2)).toEqual(["trtllm-serve", "/models/x"]);
    expect(given.configFiles[0]?.content).toContain('kv_cache_config:\n  dtype: "fp8"');
  });

  it("rejects an unknown engine, a bad configuration and a bad option, naming the field", () => {
    expect(() => emitServingLaunch({ inputTokens: 1, outputTokens: 1 }, "tgi" as ServingEngine)).toThrow(
      /serving engine/,
    );
    expect(() => emitServingLaunch({ tp: 0, inputTokens: 1, outputTokens: 1 }, "vllm")).toThrow(/tp/);
    expect(() =>
      emitServingLaunch({ inputTokens: 1, outputTokens: 1 }, "vllm", { gpuMemoryUtilizationRatio: 1.5 }),
    ).toThrow(/gpuMemoryUtilizationRatio/);
  });

  it("a model without MTP modules lists MTP as unsupported on every engine", () => {
    for (const engine of ENGINES) {
      const launch = emitServingLaunch(
        { tp: 8, inputTokens: 1000, outputTokens: 1000, maxThroughput: true, mtpAcceptance: 0.7 },
        engine,
        {
          architecture: "llama-3.1-70b",
        },
      );
      expect(launch.unsupported.some((item) => item.startsWith("mtpAcceptance"))).toBe(true);
    }
  });
});
