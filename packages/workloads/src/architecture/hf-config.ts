import { InvalidInputError, kebabId, parseInput } from "@aifactory/core";
import { z } from "zod";
import { type Architecture, type ArchitectureInput, architectureSchema } from "./architecture";

/**
 * The result of {@link architectureFromHuggingFaceConfig}: the architecture, what the mapping decided, and the
 * fields of the config it did not use.
 *
 * @since 0.3.0
 * @category Architectures
 */
export interface HuggingFaceImport {
  architecture: Architecture;
  /** Decisions the mapping made (activation, shared experts, windows), to check against the model card. */
  notes: string[];
  /** Config fields that describe the shape but have no place in the architecture schema. */
  unmapped: string[];
}

const GATED_SILU_FAMILIES =
  /llama|mistral|mixtral|qwen|deepseek|phi3|granite|olmo|gpt_oss|glm|internlm|yi|baichuan|minimax|kimi/i;

/** Fields read as numbers (some configs write them as strings or nest them). */
function num(config: Record<string, unknown>, ...keys: string[]): number | undefined {
  for (const key of keys) {
    const value = config[key];
    if (typeof value === "number" && Number.isFinite(value)) return value;
  }
  return undefined;
}

/**
 * Maps a Hugging Face `config.json` (transformers' model configuration: Llama, Mistral/Mixtral, Qwen2/3 and their
 * MoE variants, DeepSeek-V2/V3 with MLA, gpt-oss, GPT-2 and others using the same field names) onto the
 * architecture schema, so that an unlisted model can be estimated. Multimodal configs are read from their
 * `text_config`. The result is validated; anything the schema cannot express is listed.
 *
 * @param config - the parsed `config.json`
 * @param options - the id to give the architecture (kebab-case), and a display name
 * @returns the architecture, notes and unmapped fields
 * @throws InvalidInputError naming the config field that is missing or out of range
 * @example
 * ```ts
 * import { architectureFromHuggingFaceConfig, parameterCounts } from "@aifactory/workloads";
 * const { architecture } = architectureFromHuggingFaceConfig({ model_type: "llama", hidden_size: 4096,
 *   num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, intermediate_size: 14336,
 *   vocab_size: 128256, hidden_act: "silu", rms_norm_eps: 1e-5, max_position_embeddings: 131072,
 *   tie_word_embeddings: false }, { id: "my-llama" });
 * Math.round(parameterCounts(architecture).totalParams / 1e9); // 8
 * ```
 * @since 0.3.0
 * @category Architectures
 */
export function architectureFromHuggingFaceConfig(
  config: Record<string, unknown>,
  options: { id: string; name?: string },
): HuggingFaceImport {
  const id = parseInput(kebabId, options.id, "architecture id");
  const parsed = parseInput(z.record(z.string(), z.unknown()), config, "Hugging Face config");
  const text =
    typeof parsed.text_config === "object" && parsed.text_config !== null && !Array.isArray(parsed.text_config)
      ? { ...parsed, ...(parsed.text_config as Record<string, unknown>) }
      : parsed;
  const notes: string[] = [];
  const modelType = String(text.model_type ?? "");
  const required = (field: string, ...keys: string[]): number => {
    const value = num(text, ...keys);
    if (value === undefined) {
      throw new InvalidInputError("Hugging Face config", [
        {
          path: keys[0] ?? field,
          message: `is missing (needed for ${field})`,
          hint: "pass the model's config.json as published",
        },
      ]);
    }
    return value;
  };
  const hiddenSize = required("hiddenSize", "hidden_size", "n_embd", "d_model");
  const attentionHeads = required("attentionHeads", "num_attention_heads", "n_head");
  const act = String(text.hidden_act ?? text.hidden_activation ?? text.activation_function ?? "");
  const gated =
    /silu|swiglu/.test(act) || (GATED_SILU_FAMILIES.test(modelType) && act !== "gelu") || /gemma/.test(modelType);
  if (/gemma/.test(modelType)) notes.push("GeGLU FFN counted as gated (three matrices, like SwiGLU)");
  const learned = /^gpt2$|^gpt_neo$|^opt$/.test(modelType);
  const experts = num(text, "num_local_experts", "num_experts", "n_routed_experts");
  const intermediate = num(text, "intermediate_size", "n_inner", "ffn_dim") ?? 4 * hiddenSize;
  const architecture: ArchitectureInput = {
    id,
    ...(options.name === undefined ? {} : { name: options.name }),
    layers: required("layers", "num_hidden_layers", "n_layer", "num_layers"),
    hiddenSize,
    attentionHeads,
    kvHeads: num(text, "num_key_value_heads", "num_kv_heads") ?? attentionHeads,
    ffnHiddenSize: intermediate,
    vocabSize: required("vocabSize", "vocab_size"),
    ffnActivation: gated ? "swiglu" : "gelu",
    tiedEmbeddings: typeof text.tie_word_embeddings === "boolean" ? text.tie_word_embeddings : learned,
    normalization:
      num(text, "layer_norm_epsilon", "layer_norm_eps") !== undefined && num(text, "rms_norm_eps") === undefined
        ? "layernorm"
        : "rmsnorm",
    linearBias: learned || text.attention_bias === true,
    positionEmbedding: learned ? "learned" : "rope",
    qkNorm: /qwen3/.test(modelType),
    mtpModules: num(text, "num_nextn_predict_layers") ?? 0,
  };
  const headDim = num(text, "head_dim");
  if (headDim !== undefined && headDim !== hiddenSize / attentionHeads) architecture.headDim = headDim;
  const maxSequence = num(text, "max_position_embeddings", "n_positions", "max_sequence_length");
  if (maxSequence !== undefined) architecture.maxSequenceLength = maxSequence;
  if (experts !== undefined && experts > 1) {
    const sharedExperts = num(text, "n_shared_experts") ?? (num(text, "shared_expert_intermediate_size") ? 1 : 0);
    const expertFfn = num(text, "moe_intermediate_size") ?? intermediate;
    architecture.moe = {
      experts,
      topK: required("moe.topK", "num_experts_per_tok", "num_experts_per_token", "moe_top_k"),
      sharedExperts,
      expertFfnHiddenSize: expertFfn,
      denseLayers: num(text, "first_k_dense_replace") ?? 0,
    };
    const sharedSize = num(text, "shared_expert_intermediate_size");
    if (sharedSize !== undefined && sharedSize !== expertFfn) {
      notes.push(
        `the shared expert is ${sharedSize} wide, routed experts ${expertFfn}: the schema gives shared experts the routed width, so ${sharedSize / expertFfn} shared experts' worth is counted as 1 (adjust moe.sharedExperts)`,
      );
    }
  }
  const kvLora = num(text, "kv_lora_rank");
  if (kvLora !== undefined) {
    architecture.mla = {
      kvLoraRank: kvLora,
      qLoraRank: num(text, "q_lora_rank") ?? 0,
      qkNopeHeadDim: required("mla.qkNopeHeadDim", "qk_nope_head_dim"),
      qkRopeHeadDim: required("mla.qkRopeHeadDim", "qk_rope_head_dim"),
      vHeadDim: required("mla.vHeadDim", "v_head_dim"),
    };
  }
  const window = num(text, "sliding_window");
  if (window !== undefined && text.use_sliding_window !== false) {
    const layerTypes = Array.isArray(text.layer_types) ? (text.layer_types as unknown[]) : undefined;
    const share = layerTypes
      ? layerTypes.filter((t) => t === "sliding_attention").length / Math.max(1, layerTypes.length)
      : 1;
    if (share > 0) {
      architecture.slidingWindow = { windowTokens: window, layerShareRatio: share };
      if (layerTypes === undefined)
        notes.push(`sliding window of ${window} tokens on every layer (no layer_types given)`);
    }
  }
  const known = new Set([
    "model_type",
    "hidden_size",
    "n_embd",
    "d_model",
    "num_attention_heads",
    "n_head",
    "hidden_act",
    "hidden_activation",
    "activation_function",
    "num_local_experts",
    "num_experts",
    "n_routed_experts",
    "intermediate_size",
    "n_inner",
    "ffn_dim",
    "num_hidden_layers",
    "n_layer",
    "num_layers",
    "num_key_value_heads",
    "num_kv_heads",
    "vocab_size",
    "tie_word_embeddings",
    "layer_norm_epsilon",
    "layer_norm_eps",
    "rms_norm_eps",
    "attention_bias",
    "num_nextn_predict_layers",
    "head_dim",
    "max_position_embeddings",
    "n_positions",
    "max_sequence_length",
    "n_shared_experts",
    "shared_expert_intermediate_size",
    "moe_intermediate_size",
    "num_experts_per_tok",
    "num_experts_per_token",
    "moe_top_k",
    "first_k_dense_replace",
    "kv_lora_rank",
    "q_lora_rank",
    "qk_nope_head_dim",
    "qk_rope_head_dim",
    "v_head_dim",
    "sliding_window",
    "use_sliding_window",
    "layer_types",
    "text_config",
  ]);
  const shapeLike = /layers|heads|size|dim|experts|window|rank|vocab|moe|expert|lora|kv/i;
  const unmapped = Object.keys(text).filter(
    (key) => !known.has(key) && shapeLike.test(key) && typeof text[key] === "number",
  );
  return {
    architecture: parseInput(
      architectureSchema,
      architecture,
      `architecture imported from ${modelType || "a Hugging Face config"}`,
    ),
    notes,
    unmapped,
  };
}
