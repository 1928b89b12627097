import { describe, expect, it } from "vitest";
import { getArchitecture } from "./catalog";
import { parameterCounts } from "./derived";
import { architectureFromHuggingFaceConfig } from "./hf-config";

// config.json fields as the model repositories on the Hugging Face Hub publish them.
const LLAMA_31_8B = {
  architectures: ["LlamaForCausalLM"],
  model_type: "llama",
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  vocab_size: 128256,
  hidden_act: "silu",
  rms_norm_eps: 1e-5,
  max_position_embeddings: 131072,
  tie_word_embeddings: false,
  rope_theta: 500000,
};
const DEEPSEEK_V3 = {
  model_type: "deepseek_v3",
  hidden_size: 7168,
  intermediate_size: 18432,
  moe_intermediate_size: 2048,
  num_hidden_layers: 61,
  num_attention_heads: 128,
  num_key_value_heads: 128,
  n_shared_experts: 1,
  n_routed_experts: 256,
  num_experts_per_tok: 8,
  first_k_dense_replace: 3,
  kv_lora_rank: 512,
  q_lora_rank: 1536,
  qk_rope_head_dim: 64,
  qk_nope_head_dim: 128,
  v_head_dim: 128,
  vocab_size: 129280,
  num_nextn_predict_layers: 1,
  max_position_embeddings: 163840,
  tie_word_embeddings: false,
  hidden_act: "silu",
  rms_norm_eps: 1e-6,
};
const MIXTRAL = {
  model_type: "mixtral",
  hidden_size: 4096,
  intermediate_size: 14336,
  num_hidden_layers: 32,
  num_attention_heads: 32,
  num_key_value_heads: 8,
  num_local_experts: 8,
  num_experts_per_tok: 2,
  vocab_size: 32000,
  hidden_act: "silu",
  rms_norm_eps: 1e-5,
  sliding_window: null,
  tie_word_embeddings: false,
};

describe("architectureFromHuggingFaceConfig", () => {
  it("imports dense, MoE and MLA configs with the catalog's parameter counts", () => {
    for (const [config, id] of [
      [LLAMA_31_8B, "llama-3.1-8b"],
      [DEEPSEEK_V3, "deepseek-v3"],
      [MIXTRAL, "mixtral-8x7b"],
    ] as const) {
      const { architecture } = architectureFromHuggingFaceConfig(config, { id: `imported-${id}` });
      const catalog = getArchitecture(id as never);
      const imported = parameterCounts(architecture);
      const expected = parameterCounts(catalog);
      expect(imported.totalParams / expected.totalParams, id).toBeCloseTo(1, 3);
      expect(imported.activeParams / expected.activeParams, id).toBeCloseTo(1, 3);
      expect(architecture.mla === undefined, id).toBe(catalog.mla === undefined);
      expect(architecture.moe?.experts, id).toBe(catalog.moe?.experts);
    }
  });

  it("reads a multimodal config's text_config, and names a missing field", () => {
    const { architecture } = architectureFromHuggingFaceConfig(
      { model_type: "llava", text_config: LLAMA_31_8B, vision_config: { hidden_size: 1024 } },
      { id: "my-vlm" },
    );
    expect(architecture.layers).toBe(32);
    const { num_hidden_layers: _layers, ...missing } = LLAMA_31_8B;
    expect(() => architectureFromHuggingFaceConfig(missing, { id: "broken" })).toThrow(/num_hidden_layers/);
    expect(() => architectureFromHuggingFaceConfig(LLAMA_31_8B, { id: "Not Kebab" })).toThrow(/architecture id/);
  });

  it("notes a shared expert wider than the routed ones, and alternating sliding windows", () => {
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
        hidden_act: "silu",
        rms_norm_eps: 1e-6,
      },
      { id: "qwen-moe" },
    );
    expect(qwenMoe.architecture.moe?.sharedExperts).toBe(1);
    expect(qwenMoe.notes.join(" ")).toMatch(/shared expert is 5632 wide/);
    const windows = architectureFromHuggingFaceConfig(
      {
        ...LLAMA_31_8B,
        sliding_window: 128,
        layer_types: Array.from({ length: 32 }, (_, i) => (i % 2 ? "full_attention" : "sliding_attention")),
      },
      { id: "windowed" },
    );
    expect(windows.architecture.slidingWindow).toEqual({ windowTokens: 128, layerShareRatio: 0.5 });
  });
});
