import { type InputProblem, InvalidInputError, kebabId, parseInput } from "@aifactory/core";
import { z } from "zod";
import { type Architecture, type ArchitectureInput, architectureSchema } from "./architecture";

/**
 * The result of {@link architectureFromHuggingFaceConfig}: the architecture, the family it was read as, what the
 * mapping decided, and the fields of the config it did not use.
 *
 * @example
 * ```ts
 * import { architectureFromHuggingFaceConfig, type HuggingFaceImport } from "@aifactory/workloads";
 * const imported: HuggingFaceImport = architectureFromHuggingFaceConfig({ model_type: "qwen3", hidden_size: 1024,
 *   num_hidden_layers: 28, num_attention_heads: 16, num_key_value_heads: 8, head_dim: 128,
 *   intermediate_size: 3072, vocab_size: 151936, tie_word_embeddings: true }, { id: "my-qwen3" });
 * imported.family; // "qwen3"
 * ```
 * @since 0.3.0
 * @category Architectures
 */
export interface HuggingFaceImport {
  architecture: Architecture;
  /** The `model_type` the config was read as (the text model's, for a multimodal config). */
  family: string;
  /** Decisions the mapping made (defaults taken, parameters the schema does not count), to check against the card. */
  notes: string[];
  /** Config fields that describe the shape but have no place in the architecture schema. */
  unmapped: string[];
}

/** How a family's MoE block is written in its config. */
type MoeStyle = "mixtral" | "qwen" | "deepseek" | "gpt-oss";
/** How a family places sliding-window layers when the config has no `layer_types`. */
type WindowStyle = "none" | "all" | "qwen" | "alternate" | "gemma3";

interface Family {
  /** `architectures[0]` class names that mean this family. */
  classes: readonly string[];
  /** transformers' default for `tie_word_embeddings` in this family's config class. */
  tiedByDefault: boolean;
  /** GPT-2: learned positions, LayerNorm, biases everywhere, a two-matrix GELU FFN, `n_*` field names. */
  gpt2?: boolean;
  moe?: MoeStyle;
  mla?: boolean;
  window: WindowStyle;
  qkNorm?: boolean;
  /** Biases on Q, K and V only (Qwen2): counted as a note, the schema's `linearBias` means every linear layer. */
  qkvBias?: boolean;
  /** Gemma: GeGLU, two extra norms per block (Gemma 2/3). */
  gemma?: 1 | 2 | 3;
  /**
   * Defaults of the family's transformers configuration class for fields its published configs leave out (Gemma 3's
   * multimodal configs give only the widths and the layer count in `text_config`).
   */
  defaults?: Readonly<Record<string, number>>;
}

/** `Gemma2Config` / `Gemma3TextConfig` defaults (transformers) for the fields a Gemma config may leave out. */
const GEMMA2_DEFAULTS = { num_attention_heads: 8, num_key_value_heads: 4, head_dim: 256, sliding_window: 4096 };

/**
 * The families the importer knows, by `model_type`. Defaults follow transformers' configuration classes
 * (`LlamaConfig`, `Qwen2Config`, ... `GptOssConfig`), so a field a published config leaves out means what it means
 * to transformers.
 */
const FAMILIES: Record<string, Family> = {
  llama: { classes: ["LlamaForCausalLM"], tiedByDefault: false, window: "none" },
  mistral: { classes: ["MistralForCausalLM"], tiedByDefault: false, window: "all" },
  mixtral: { classes: ["MixtralForCausalLM"], tiedByDefault: false, moe: "mixtral", window: "all" },
  qwen2: { classes: ["Qwen2ForCausalLM"], tiedByDefault: false, window: "qwen", qkvBias: true },
  qwen2_moe: { classes: ["Qwen2MoeForCausalLM"], tiedByDefault: false, moe: "qwen", window: "qwen", qkvBias: true },
  qwen3: { classes: ["Qwen3ForCausalLM"], tiedByDefault: false, window: "qwen", qkNorm: true },
  qwen3_moe: { classes: ["Qwen3MoeForCausalLM"], tiedByDefault: false, moe: "qwen", window: "qwen", qkNorm: true },
  deepseek_v2: { classes: ["DeepseekV2ForCausalLM"], tiedByDefault: false, moe: "deepseek", mla: true, window: "none" },
  deepseek_v3: { classes: ["DeepseekV3ForCausalLM"], tiedByDefault: false, moe: "deepseek", mla: true, window: "none" },
  gpt_oss: { classes: ["GptOssForCausalLM"], tiedByDefault: false, moe: "gpt-oss", window: "alternate" },
  gemma: { classes: ["GemmaForCausalLM"], tiedByDefault: true, window: "none", gemma: 1, defaults: { head_dim: 256 } },
  gemma2: {
    classes: ["Gemma2ForCausalLM"],
    tiedByDefault: true,
    window: "alternate",
    gemma: 2,
    defaults: { ...GEMMA2_DEFAULTS, vocab_size: 256000 },
  },
  gemma3_text: {
    classes: ["Gemma3ForCausalLM"],
    tiedByDefault: true,
    window: "gemma3",
    qkNorm: true,
    gemma: 3,
    defaults: { ...GEMMA2_DEFAULTS, vocab_size: 262208 },
  },
  phi3: { classes: ["Phi3ForCausalLM"], tiedByDefault: false, window: "none" },
  gpt2: { classes: ["GPT2LMHeadModel"], tiedByDefault: true, window: "none", gpt2: true },
};

/**
 * The Hugging Face `model_type`s {@link architectureFromHuggingFaceConfig} maps (multimodal configs are read from
 * their `text_config`, whose `model_type` must be one of these).
 *
 * @example
 * ```ts
 * import { SUPPORTED_HUGGING_FACE_MODEL_TYPES } from "@aifactory/workloads";
 * SUPPORTED_HUGGING_FACE_MODEL_TYPES.includes("deepseek_v3"); // true
 * ```
 * @since 0.3.0
 * @category Architectures
 */
export const SUPPORTED_HUGGING_FACE_MODEL_TYPES: readonly string[] = Object.freeze(Object.keys(FAMILIES));

/** Multimodal wrappers whose text model is in `text_config` (Gemma 3 4B-27B, LLaVA, Mistral 3 ...). */
const WRAPPER_TEXT_TYPES: Record<string, string> = { gemma3: "gemma3_text" };

/** Config fields that are part of the shape; anything else of these forms left unused is reported as unmapped. */
const SHAPE_LIKE = /layers|heads|size|dim|experts|window|rank|vocab|moe|expert|lora|kv|n_embd|n_head|n_layer|n_inner/i;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Reads fields of the (text) config, recording every problem instead of stopping at the first. */
class ConfigReader {
  readonly problems: InputProblem[] = [];
  readonly used = new Set<string>();

  constructor(
    private readonly fields: Record<string, unknown>,
    private readonly prefix: string,
  ) {}

  path(key: string): string {
    return `${this.prefix}${key}`;
  }

  raw(key: string): unknown {
    this.used.add(key);
    return this.fields[key];
  }

  /** An integer >= min, or undefined when absent (or null, which configs write for "not used"). */
  int(key: string, min = 1): number | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      if (this.problems.some((p) => p.path === this.path(key))) return undefined;
      this.problems.push({
        path: this.path(key),
        message: `must be ${min === 0 ? "a non-negative" : "a positive"} integer`,
        received: value,
        hint: "pass the model's config.json as published",
      });
      return undefined;
    }
    return value;
  }

  /** A required integer; a missing one is a problem naming what it is needed for. */
  required(key: string, neededFor: string, min = 1): number {
    const value = this.int(key, min);
    if (value === undefined && !this.problems.some((p) => p.path === this.path(key))) {
      this.problems.push({
        path: this.path(key),
        message: `is missing (needed for ${neededFor}; expected ${min === 0 ? "a non-negative" : "a positive"} integer)`,
        hint: "pass the model's config.json as published",
      });
    }
    return value ?? 1;
  }

  /** An integer, or the family's default (noted) when the config leaves it out. */
  orDefault(key: string, defaults: Readonly<Record<string, number>> | undefined, notes: string[]): number | undefined {
    const fallback = defaults?.[key];
    if (fallback !== undefined && this.raw(key) === undefined) {
      notes.push(`${key} not given: the family's default of ${fallback}`);
      return fallback;
    }
    return this.int(key);
  }

  bool(key: string): boolean | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "boolean") {
      this.problems.push({ path: this.path(key), message: "must be true or false", received: value });
      return undefined;
    }
    return value;
  }

  string(key: string): string | undefined {
    const value = this.raw(key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "string") {
      this.problems.push({ path: this.path(key), message: "must be a string", received: value });
      return undefined;
    }
    return value;
  }

  /** Shape-like numeric fields nobody read. */
  unread(): string[] {
    return Object.keys(this.fields).filter(
      (key) => !this.used.has(key) && SHAPE_LIKE.test(key) && typeof this.fields[key] === "number",
    );
  }
}

/** Finds the family: `model_type` first, then `architectures[0]`; the text config of a multimodal one. */
function resolveFamily(
  root: Record<string, unknown>,
  text: Record<string, unknown>,
  prefix: string,
): { key: string; family: Family } {
  const supported = `${SUPPORTED_HUGGING_FACE_MODEL_TYPES.join(", ")} (a multimodal config is read from its text_config)`;
  const rawType = text.model_type ?? (prefix === "" ? undefined : root.model_type);
  const modelType = typeof rawType === "string" ? (WRAPPER_TEXT_TYPES[rawType] ?? rawType) : undefined;
  if (modelType !== undefined && FAMILIES[modelType] !== undefined)
    return { key: modelType, family: FAMILIES[modelType] };
  const classes = [text.architectures, root.architectures].find(Array.isArray) as unknown[] | undefined;
  const className = typeof classes?.[0] === "string" ? classes[0] : undefined;
  const byClass = Object.entries(FAMILIES).find(([, f]) => className !== undefined && f.classes.includes(className));
  if (byClass !== undefined) return { key: byClass[0], family: byClass[1] };
  if (rawType !== undefined && typeof rawType !== "string") {
    throw new InvalidInputError("Hugging Face config", [
      { path: `${prefix}model_type`, message: "must be a string", received: rawType },
    ]);
  }
  throw new InvalidInputError("Hugging Face config", [
    {
      path: `${prefix}model_type`,
      message:
        rawType === undefined && className === undefined
          ? `is missing, and so is architectures[0] (expected one of the supported model_types: ${supported})`
          : `is not a supported family${className === undefined ? "" : ` (architectures[0] is "${className}")`}; supported model_types: ${supported}`,
      received: rawType,
      hint: "describe the model with an architecture file instead (see aif model show --json for the fields)",
    },
  ]);
}

/** Layers that use the sliding window, out of `layers`, for a family's placement rule. */
function slidingLayerCount(style: WindowStyle, layers: number, read: ConfigReader, notes: string[]): number {
  const layerTypes = read.raw("layer_types");
  if (Array.isArray(layerTypes)) {
    if (layerTypes.length !== layers) {
      read.problems.push({
        path: read.path("layer_types"),
        message: `must list one entry per layer (${layers}), has ${layerTypes.length}`,
        received: layerTypes,
      });
    }
    return layerTypes.filter((t) => t === "sliding_attention").length;
  }
  switch (style) {
    case "all":
      return layers;
    case "qwen": {
      // Qwen2/3: layers from max_window_layers on use the window, and only with use_sliding_window.
      if (read.bool("use_sliding_window") !== true) return 0;
      const from = read.int("max_window_layers", 0) ?? layers;
      return Math.max(0, layers - from);
    }
    case "alternate":
      // gpt-oss and Gemma 2 without layer_types: even layers (0, 2, ...) are windowed (transformers' default).
      notes.push("no layer_types: sliding window on every other layer (0, 2, ...), as transformers does");
      return Math.ceil(layers / 2);
    case "gemma3": {
      const pattern = read.int("sliding_window_pattern") ?? 6;
      notes.push(`no layer_types: every ${pattern}th layer is global, the others use the window (Gemma 3)`);
      return layers - Math.floor(layers / pattern);
    }
    default:
      return 0;
  }
}

/**
 * Maps a Hugging Face `config.json` onto the architecture schema, so that a model outside the catalog can be
 * estimated. The family is chosen from `model_type` (or `architectures[0]`): Llama, Mistral, Mixtral, Qwen2 /
 * Qwen2.5, Qwen2-MoE, Qwen3, Qwen3-MoE, DeepSeek-V2/V3 (MLA, shared experts, leading dense layers, MTP), gpt-oss
 * (MoE with alternating sliding-window layers), Gemma 1/2/3, Phi-3 and GPT-2; a multimodal config is read from
 * its `text_config`. Fields a config leaves out take the default of transformers' configuration class for that
 * family (Gemma ties its embeddings, Llama does not). Fields it does not need are ignored; parameters the schema
 * has no place for (Qwen2's QKV biases, Gemma 2's extra norms, gpt-oss's attention sinks) are named in `notes`
 * with their size, and shape-like fields it did not read are listed in `unmapped`.
 *
 * @param config - the parsed `config.json`
 * @param options - the id to give the architecture (kebab-case), and a display name
 * @returns the validated architecture, the family, notes and unmapped fields
 * @throws InvalidInputError naming every field that is missing or of the wrong type (with the value received and
 *   what was expected), or `model_type` with the supported list for a family it does not know
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
  const root = parseInput(z.record(z.string(), z.unknown()), config, "Hugging Face config");
  const inner = isRecord(root.text_config) ? root.text_config : undefined;
  const prefix = inner === undefined ? "" : "text_config.";
  // A multimodal config keeps the text model in text_config; its own top-level fields are the wrapper's.
  const text = inner ?? root;
  const { key: familyKey, family } = resolveFamily(root, text, prefix);
  const read = new ConfigReader(text, prefix);
  for (const key of ["model_type", "architectures", "text_config"]) read.used.add(key);
  const notes: string[] = [];

  const f = (standard: string, gpt2: string) => (family.gpt2 ? gpt2 : standard);
  const hiddenSize = read.required(f("hidden_size", "n_embd"), "hiddenSize");
  const layers = read.required(f("num_hidden_layers", "n_layer"), "layers");
  const attentionHeads =
    read.orDefault("num_attention_heads", family.defaults, notes) ??
    read.required(f("num_attention_heads", "n_head"), "attentionHeads");
  let kvHeads = family.gpt2 ? attentionHeads : read.orDefault("num_key_value_heads", family.defaults, notes);
  if (kvHeads === undefined) {
    kvHeads = attentionHeads;
    notes.push("num_key_value_heads not given: one KV head per query head (MHA), as transformers assumes");
  }
  const vocabSize = read.orDefault("vocab_size", family.defaults, notes) ?? read.required("vocab_size", "vocabSize");
  const headDim = family.gpt2 ? undefined : read.orDefault("head_dim", family.defaults, notes);
  const shapeRead = read.problems.length === 0;
  if (shapeRead && headDim === undefined && hiddenSize % attentionHeads !== 0) {
    read.problems.push({
      path: read.path(f("num_attention_heads", "n_head")),
      message: `must divide ${f("hidden_size", "n_embd")} (${hiddenSize}) when head_dim is not given`,
      received: attentionHeads,
    });
  }

  // The FFN: every family but GPT-2 gates it (SwiGLU; Gemma's GeGLU has the same three matrices).
  const activation = read.string(family.gemma !== undefined ? "hidden_activation" : "hidden_act");
  read.used.add("hidden_act");
  read.used.add("activation_function");
  if (family.gemma !== undefined) {
    notes.push(`GeGLU FFN (${activation ?? "gelu_pytorch_tanh"}) counted as gated: three matrices, like SwiGLU`);
  }
  let ffnHiddenSize: number;
  if (family.gpt2) {
    ffnHiddenSize = read.int("n_inner") ?? 4 * hiddenSize;
  } else {
    ffnHiddenSize = read.required("intermediate_size", "ffnHiddenSize");
  }

  const tiedInConfig = read.bool("tie_word_embeddings");
  const tiedEmbeddings = tiedInConfig ?? family.tiedByDefault;
  if (tiedInConfig === undefined) {
    notes.push(`tie_word_embeddings not given: ${familyKey}'s default (${family.tiedByDefault ? "tied" : "untied"})`);
  }

  // Biases: gpt-oss and GPT-2 put them on every linear layer; Llama-style configs can switch them on.
  const attentionBias = read.bool("attention_bias") ?? false;
  const mlpBias = read.bool("mlp_bias") ?? false;
  const linearBias = family.gpt2 === true || familyKey === "gpt_oss" || (attentionBias && mlpBias);
  const d = headDim ?? hiddenSize / attentionHeads;
  if (!linearBias && (attentionBias || family.qkvBias)) {
    const qkv = attentionHeads * d + 2 * kvHeads * d + (family.qkvBias ? 0 : hiddenSize);
    notes.push(
      `${family.qkvBias ? "Q, K and V" : "attention"} biases (${qkv} per layer, ${qkv * layers} in all) are not counted: the schema's linearBias means every linear layer`,
    );
  }
  if (family.gemma === 2 || family.gemma === 3) {
    notes.push(
      `post-attention and post-FFN norms (${2 * hiddenSize} per layer, ${2 * hiddenSize * layers} in all) are not counted`,
    );
  }

  const architecture: ArchitectureInput = {
    id,
    ...(options.name === undefined ? {} : { name: options.name }),
    layers,
    hiddenSize,
    attentionHeads,
    kvHeads,
    ffnHiddenSize,
    vocabSize,
    ffnActivation: family.gpt2 ? "gelu" : "swiglu",
    tiedEmbeddings,
    normalization: family.gpt2 ? "layernorm" : "rmsnorm",
    linearBias,
    positionEmbedding: family.gpt2 ? "learned" : "rope",
    qkNorm: family.qkNorm === true,
    mtpModules: family.mla ? (read.int("num_nextn_predict_layers", 0) ?? 0) : 0,
  };
  if (headDim !== undefined && headDim * attentionHeads !== hiddenSize) architecture.headDim = headDim;
  const maxSequence = read.int(f("max_position_embeddings", "n_positions"));
  if (maxSequence !== undefined) architecture.maxSequenceTokens = maxSequence;
  // Deployment and numerics fields, not the shape.
  for (const ignored of ["n_ctx", "rms_norm_eps", "layer_norm_epsilon", "ep_size"]) read.used.add(ignored);

  if (family.moe !== undefined) {
    const moe = readMoe(family.moe, read, layers, ffnHiddenSize, hiddenSize, notes);
    if (moe !== undefined) architecture.moe = moe;
  }
  if (family.mla) {
    architecture.mla = {
      kvLoraRank: read.required("kv_lora_rank", "mla.kvLoraRank"),
      qLoraRank: read.int("q_lora_rank", 0) ?? 0,
      qkNopeHeadDim: read.required("qk_nope_head_dim", "mla.qkNopeHeadDim"),
      qkRopeHeadDim: read.required("qk_rope_head_dim", "mla.qkRopeHeadDim"),
      vHeadDim: read.required("v_head_dim", "mla.vHeadDim"),
    };
  }
  if (familyKey === "gpt_oss") {
    notes.push(
      `attention sinks (${attentionHeads} per layer) and router biases (${architecture.moe?.experts ?? 0} per layer) are not counted`,
    );
  }

  if (family.window !== "none") {
    const window = read.orDefault("sliding_window", family.defaults, notes);
    const windowed = window === undefined ? 0 : slidingLayerCount(family.window, layers, read, notes);
    if (window !== undefined && windowed > 0) {
      architecture.slidingWindow = { windowTokens: window, layerShareRatio: windowed / layers };
    }
  }
  for (const key of ["sliding_window_pattern", "max_window_layers", "use_sliding_window", "layer_types"]) {
    read.used.add(key);
  }

  if (read.problems.length > 0) throw new InvalidInputError("Hugging Face config", read.problems);
  return {
    architecture: parseInput(architectureSchema, architecture, `architecture imported from ${familyKey}`),
    family: familyKey,
    notes,
    unmapped: read.unread(),
  };
}

/** The MoE block of a family, from its config fields. */
function readMoe(
  style: MoeStyle,
  read: ConfigReader,
  layers: number,
  ffnHiddenSize: number,
  hiddenSize: number,
  notes: string[],
): ArchitectureInput["moe"] {
  switch (style) {
    case "mixtral":
    case "gpt-oss": {
      // The expert width is intermediate_size; there is no dense FFN.
      const experts = read.required("num_local_experts", "moe.experts");
      const topK =
        read.int("num_experts_per_tok") ??
        (style === "gpt-oss" ? read.int("experts_per_token") : undefined) ??
        read.required("num_experts_per_tok", "moe.topK");
      read.used.add("experts_per_token");
      return { experts, topK, expertFfnHiddenSize: ffnHiddenSize };
    }
    case "qwen": {
      const experts = read.required("num_experts", "moe.experts");
      const topK = read.required("num_experts_per_tok", "moe.topK");
      const expertFfn = read.required("moe_intermediate_size", "moe.expertFfnHiddenSize");
      // A layer is dense when listed in mlp_only_layers or off the decoder_sparse_step grid (Qwen2/3-MoE).
      const step = read.int("decoder_sparse_step") ?? 1;
      const onlyMlp = read.raw("mlp_only_layers");
      const listed = new Set(Array.isArray(onlyMlp) ? onlyMlp.filter((v) => typeof v === "number") : []);
      let dense = 0;
      for (let i = 0; i < layers; i += 1) if (listed.has(i) || (i + 1) % step !== 0) dense += 1;
      if (dense > 0) notes.push(`${dense} dense layers (mlp_only_layers / decoder_sparse_step) counted as leading`);
      let sharedExperts = 0;
      const shared = read.int("shared_expert_intermediate_size");
      if (shared !== undefined) {
        // The schema gives shared experts the routed width: a wider shared expert counts as that many.
        sharedExperts = Math.max(1, Math.round(shared / expertFfn));
        notes.push(
          shared % expertFfn === 0
            ? `the shared expert (${shared} wide) is counted as ${sharedExperts} experts of ${expertFfn}`
            : `the shared expert (${shared} wide) is counted as ${sharedExperts} experts of ${expertFfn} (rounded)`,
        );
        notes.push(`the shared expert's gate (${hiddenSize} per layer) is not counted`);
      }
      return { experts, topK, sharedExperts, expertFfnHiddenSize: expertFfn, denseLayers: dense };
    }
    case "deepseek": {
      const experts = read.required("n_routed_experts", "moe.experts");
      const topK = read.required("num_experts_per_tok", "moe.topK");
      const expertFfn = read.required("moe_intermediate_size", "moe.expertFfnHiddenSize");
      const leading = read.int("first_k_dense_replace", 0) ?? 0;
      const freq = read.int("moe_layer_freq") ?? 1;
      let dense = 0;
      for (let i = 0; i < layers; i += 1) if (i < leading || i % freq !== 0) dense += 1;
      if (freq !== 1) notes.push(`moe_layer_freq ${freq}: ${dense} dense layers counted as leading`);
      if (read.string("topk_method") === "noaux_tc") {
        notes.push(`the router's score-correction bias (${experts} per MoE layer) is not counted`);
      }
      return {
        experts,
        topK,
        sharedExperts: read.int("n_shared_experts", 0) ?? 0,
        expertFfnHiddenSize: expertFfn,
        denseLayers: dense,
      };
    }
  }
}
