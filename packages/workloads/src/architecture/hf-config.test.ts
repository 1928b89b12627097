import { readFileSync } from "node:fs";
import { join } from "node:path";
import { InvalidInputError } from "@aifactory/core";
import { describe, expect, it } from "vitest";
import { getArchitecture } from "./catalog";
import { describeArchitecture, parameterCounts } from "./derived";
import { architectureFromHuggingFaceConfig, SUPPORTED_HUGGING_FACE_MODEL_TYPES } from "./hf-config";

/** The real config.json files written out in __fixtures__/hf (their origin is in the README there). */
function fixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(__dirname, "__fixtures__", "hf", `${name}.json`), "utf8")) as Record<
    string,
    unknown
  >;
}

/** Relative tolerance for the published counts: they are rounded to 2-4 significant digits. */
const TOLERANCE = 0.02;

interface PublishedRow {
  file: string;
  family: string;
  /** Published total, billions. */
  totalB: number;
  /** Published active per token, billions (MoE only). */
  activeB?: number;
  /** Whether the publisher's active count leaves out the input-embedding lookup (the output head counts). */
  activeWithoutInputEmbedding?: boolean;
  source: string;
}

// Published parameter counts, from each model's card or report.
const PUBLISHED: PublishedRow[] = [
  { file: "llama-3.1-8b", family: "llama", totalB: 8, source: "meta-llama/Llama-3.1-8B model card (8B)" },
  {
    file: "qwen2.5-7b",
    family: "qwen2",
    totalB: 7.61,
    source: "Qwen/Qwen2.5-7B model card (Number of Parameters: 7.61B)",
  },
  { file: "qwen3-8b", family: "qwen3", totalB: 8.2, source: "Qwen/Qwen3-8B model card (Number of Parameters: 8.2B)" },
  {
    file: "qwen3-30b-a3b",
    family: "qwen3_moe",
    totalB: 30.5,
    activeB: 3.3,
    source: "Qwen/Qwen3-30B-A3B model card (30.5B in total, 3.3B activated)",
  },
  {
    file: "mixtral-8x7b",
    family: "mixtral",
    totalB: 46.7,
    activeB: 12.9,
    source: "Mistral AI, Mixtral of experts (46.7B total, 12.9B per token)",
  },
  {
    file: "deepseek-v3",
    family: "deepseek_v3",
    totalB: 671,
    activeB: 36.6,
    activeWithoutInputEmbedding: true,
    source: "deepseek-ai/DeepSeek-V3 README_WEIGHTS.md (671B main model, 36.6B activated including 0.9B output head)",
  },
  {
    file: "gpt-oss-120b",
    family: "gpt_oss",
    totalB: 116.8,
    activeB: 5.1,
    activeWithoutInputEmbedding: true,
    source: "OpenAI 2025, gpt-oss-120b & gpt-oss-20b Model Card, arXiv:2508.10925 (116.8B total, 5.1B active)",
  },
  {
    file: "gemma-2-2b-it",
    family: "gemma2",
    totalB: 2.6146368,
    source: "Gemma Team 2024, Gemma 2, arXiv:2408.00118 Table 2 (590,118,912 embedding + 2,024,517,888 non-embedding)",
  },
  {
    file: "gemma-3-4b-it",
    family: "gemma3_text",
    totalB: 3.880099328,
    source:
      "keras-team/keras-hub gemma3_presets.py, gemma3_4b_text (3,880,099,328; the model card's 4.3B adds the vision encoder)",
  },
];

describe("architectureFromHuggingFaceConfig on real config.json files", () => {
  for (const row of PUBLISHED) {
    it(`${row.file}: parameter counts within ${TOLERANCE * 100}% of ${row.source}`, () => {
      const imported = architectureFromHuggingFaceConfig(fixture(row.file), { id: row.file.replace(".", "-") });
      expect(imported.family).toBe(row.family);
      const counts = parameterCounts(imported.architecture);
      expect(Math.abs(counts.totalParams / 1e9 / row.totalB - 1)).toBeLessThan(TOLERANCE);
      if (row.activeB !== undefined) {
        const active = row.activeWithoutInputEmbedding
          ? counts.activeParams - imported.architecture.vocabSize * imported.architecture.hiddenSize
          : counts.activeParams;
        expect(Math.abs(active / 1e9 / row.activeB - 1)).toBeLessThan(TOLERANCE);
      }
    });
  }

  it("maps each family's distinctive fields", () => {
    const deepseek = architectureFromHuggingFaceConfig(fixture("deepseek-v3"), { id: "deepseek-v3-imported" });
    expect(deepseek.architecture.moe).toEqual({
      experts: 256,
      topK: 8,
      sharedExperts: 1,
      expertFfnHiddenSize: 2048,
      denseLayers: 3,
    });
    expect(deepseek.architecture.mla).toEqual({
      kvLoraRank: 512,
      qLoraRank: 1536,
      qkNopeHeadDim: 128,
      qkRopeHeadDim: 64,
      vHeadDim: 128,
    });
    expect(deepseek.architecture.mtpModules).toBe(1);
    expect(describeArchitecture(deepseek.architecture).kvBytesPerToken).toBe((512 + 64) * 61 * 2);

    const gptOss = architectureFromHuggingFaceConfig(fixture("gpt-oss-120b"), { id: "gpt-oss-imported" });
    expect(gptOss.architecture.slidingWindow).toEqual({ windowTokens: 128, layerShareRatio: 0.5 });
    expect(gptOss.architecture.linearBias).toBe(true);
    expect(gptOss.architecture.headDim).toBe(64);

    const qwen3 = architectureFromHuggingFaceConfig(fixture("qwen3-8b"), { id: "qwen3-imported" });
    expect(qwen3.architecture.qkNorm).toBe(true);
    expect(qwen3.architecture.slidingWindow).toBeUndefined();

    const qwen25 = architectureFromHuggingFaceConfig(fixture("qwen2.5-7b"), { id: "qwen25-imported" });
    // use_sliding_window false: the window in the config is not used.
    expect(qwen25.architecture.slidingWindow).toBeUndefined();
    expect(qwen25.notes.join(" ")).toMatch(/Q, K and V biases \(4608 per layer/);

    const gemma = architectureFromHuggingFaceConfig(fixture("gemma-2-2b-it"), { id: "gemma-imported" });
    expect(gemma.architecture.tiedEmbeddings).toBe(true);
    expect(gemma.architecture.headDim).toBe(256);
    expect(gemma.architecture.slidingWindow).toEqual({ windowTokens: 4096, layerShareRatio: 0.5 });
    expect(gemma.notes.join(" ")).toMatch(/tie_word_embeddings not given: gemma2's default \(tied\)/);

    // gemma-3-4b-it's text_config gives only widths and depth: heads, vocabulary and window placement are defaults.
    const gemma3 = architectureFromHuggingFaceConfig(fixture("gemma-3-4b-it"), { id: "gemma3-imported" });
    expect(gemma3.family).toBe("gemma3_text");
    expect(gemma3.architecture).toMatchObject({ attentionHeads: 8, kvHeads: 4, headDim: 256, vocabSize: 262208 });
    expect(gemma3.architecture.slidingWindow).toEqual({ windowTokens: 1024, layerShareRatio: 29 / 34 });

    const mixtral = architectureFromHuggingFaceConfig(fixture("mixtral-8x7b"), { id: "mixtral-imported" });
    expect(mixtral.architecture.moe).toMatchObject({ experts: 8, topK: 2, expertFfnHiddenSize: 14336 });
    expect(mixtral.architecture.slidingWindow).toBeUndefined();
  });

  it("gives the catalog's parameter counts for the models the catalog also lists", () => {
    for (const [file, id] of [
      ["llama-3.1-8b", "llama-3.1-8b"],
      ["deepseek-v3", "deepseek-v3"],
      ["mixtral-8x7b", "mixtral-8x7b"],
      ["qwen3-30b-a3b", "qwen3-30b-a3b"],
      ["gpt-oss-120b", "gpt-oss-120b"],
    ] as const) {
      const { architecture } = architectureFromHuggingFaceConfig(fixture(file), { id: `imported-${id}` });
      const imported = parameterCounts(architecture);
      const catalog = parameterCounts(getArchitecture(id));
      expect(imported.totalParams / catalog.totalParams, id).toBeCloseTo(1, 3);
      expect(imported.activeParams / catalog.activeParams, id).toBeCloseTo(1, 3);
    }
  });
});

describe("architectureFromHuggingFaceConfig dispatch and defaults", () => {
  it("dispatches on architectures[0] when model_type is absent", () => {
    const { model_type: _type, ...config } = fixture("llama-3.1-8b");
    expect(architectureFromHuggingFaceConfig(config, { id: "by-class" }).family).toBe("llama");
  });

  it("reads a multimodal config's text_config, with the text family's defaults", () => {
    const llava = architectureFromHuggingFaceConfig(
      { model_type: "llava", text_config: fixture("llama-3.1-8b"), vision_config: { hidden_size: 1024 } },
      { id: "my-vlm" },
    );
    expect(llava.architecture.layers).toBe(32);
    // Gemma 3's multimodal configs leave vocab_size and the window placement to Gemma3TextConfig's defaults.
    const gemma3 = architectureFromHuggingFaceConfig(
      {
        architectures: ["Gemma3ForConditionalGeneration"],
        model_type: "gemma3",
        text_config: {
          model_type: "gemma3_text",
          hidden_size: 2560,
          intermediate_size: 10240,
          num_attention_heads: 8,
          num_hidden_layers: 34,
          num_key_value_heads: 4,
          sliding_window: 1024,
        },
      },
      { id: "gemma3-shape" },
    );
    expect(gemma3.family).toBe("gemma3_text");
    expect(gemma3.architecture.vocabSize).toBe(262208);
    expect(gemma3.architecture.headDim).toBe(256);
    expect(gemma3.architecture.slidingWindow).toEqual({ windowTokens: 1024, layerShareRatio: (34 - 5) / 34 });
  });

  it("counts a wide Qwen2-MoE shared expert as that many routed-width experts", () => {
    const qwenMoe = architectureFromHuggingFaceConfig(
      {
        model_type: "qwen2_moe",
        hidden_size: 2048,
        intermediate_size: 5632,
        moe_intermediate_size: 1408,
        shared_expert_intermediate_size: 5632,
        num_hidden_layers: 24,
        num_attention_heads: 16,
        num_key_value_heads: 16,
        num_experts: 60,
        num_experts_per_tok: 4,
        vocab_size: 151936,
      },
      { id: "qwen-moe" },
    );
    expect(qwenMoe.architecture.moe?.sharedExperts).toBe(4);
    expect(qwenMoe.notes.join(" ")).toMatch(/shared expert \(5632 wide\) is counted as 4 experts of 1408/);
  });

  it("ignores fields it does not need and lists shape-like ones it did not read", () => {
    const imported = architectureFromHuggingFaceConfig(
      { ...fixture("llama-3.1-8b"), some_future_flag: "x", num_memory_layers: 4 },
      { id: "extra" },
    );
    expect(imported.unmapped).toEqual(["num_memory_layers"]);
  });
});

describe("architectureFromHuggingFaceConfig errors", () => {
  function problems(config: Record<string, unknown>): { path: string; message: string; received?: unknown }[] {
    try {
      architectureFromHuggingFaceConfig(config, { id: "broken" });
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidInputError);
      return (error as InvalidInputError).problems;
    }
    throw new Error("expected an InvalidInputError");
  }

  it("names an unknown model_type and lists the supported ones", () => {
    const [problem] = problems({
      ...fixture("llama-3.1-8b"),
      model_type: "mamba",
      architectures: ["MambaForCausalLM"],
    });
    expect(problem?.path).toBe("model_type");
    expect(problem?.received).toBe("mamba");
    expect(problem?.message).toMatch(/not a supported family \(architectures\[0\] is "MambaForCausalLM"\)/);
    for (const type of SUPPORTED_HUGGING_FACE_MODEL_TYPES) expect(problem?.message).toContain(type);
    expect(problems({ hidden_size: 4096 })[0]?.message).toMatch(/is missing, and so is architectures\[0\]/);
  });

  it("names a missing field and what it is needed for", () => {
    const { hidden_size: _hidden, ...config } = fixture("qwen3-8b");
    const [problem] = problems(config);
    expect(problem?.path).toBe("hidden_size");
    expect(problem?.message).toMatch(/is missing \(needed for hiddenSize; expected a positive integer\)/);
    const { kv_lora_rank: _rank, ...noRank } = fixture("deepseek-v3");
    expect(problems(noRank).map((p) => p.path)).toEqual(["kv_lora_rank"]);
  });

  it("names every field of the wrong type, with the value received", () => {
    const found = problems({
      ...fixture("llama-3.1-8b"),
      hidden_size: "4096",
      num_hidden_layers: 32.5,
      tie_word_embeddings: "false",
      vocab_size: -1,
    });
    expect(found.map((p) => [p.path, p.received])).toEqual([
      ["hidden_size", "4096"],
      ["num_hidden_layers", 32.5],
      ["vocab_size", -1],
      ["tie_word_embeddings", "false"],
    ]);
    expect(found[0]?.message).toBe("must be a positive integer");
    const [windows] = problems({ ...fixture("gpt-oss-120b"), layer_types: ["sliding_attention"] });
    expect(windows?.path).toBe("layer_types");
    expect(windows?.message).toBe("must list one entry per layer (36), has 1");
  });

  it("prefixes text_config fields in a multimodal config, and checks the id", () => {
    const { num_hidden_layers: _layers, ...text } = fixture("llama-3.1-8b");
    expect(problems({ model_type: "llava", text_config: text }).map((p) => p.path)).toEqual([
      "text_config.num_hidden_layers",
    ]);
    expect(() => architectureFromHuggingFaceConfig(fixture("llama-3.1-8b"), { id: "Not Kebab" })).toThrow(
      /architecture id/,
    );
  });
});
