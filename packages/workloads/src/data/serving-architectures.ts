import { catalogEntries } from "@aifactory/core";
import type { ArchitectureInput } from "../architecture/architecture";

const HF = "Hugging Face";

// The entries with their literal ids (for `ServingArchitectureId`); exported below as `readonly ArchitectureInput[]`.
const SERVING_ARCHITECTURES_ENTRIES = catalogEntries<ArchitectureInput>()([
  {
    id: "llama-3.3-70b",
    name: "Llama 3.3 70B",
    layers: 80,
    hiddenSize: 8192,
    attentionHeads: 64,
    kvHeads: 8,
    ffnHiddenSize: 28672,
    vocabSize: 128256,
    ffnActivation: "swiglu",
    maxSequenceTokens: 131072,
    publishedParameters: { totalCount: 70e9 },
    sources: [
      {
        title: "meta-llama/Llama-3.3-70B-Instruct config.json",
        url: "https://huggingface.co/meta-llama/Llama-3.3-70B-Instruct/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
        note: "Same shape as Llama 3.1 70B (80 layers, 8192 hidden, 64/8 heads, FFN 28,672, vocabulary 128,256).",
      },
      {
        title: "Dubey et al. 2024, The Llama 3 Herd of Models",
        url: "https://arxiv.org/abs/2407.21783",
        locator: "Table 3 (70B shape)",
        evidence: "verified",
      },
    ],
  },
  {
    id: "llama-4-scout",
    name: "Llama 4 Scout 17B-16E",
    layers: 48,
    hiddenSize: 5120,
    attentionHeads: 40,
    kvHeads: 8,
    headDim: 128,
    ffnHiddenSize: 16384,
    vocabSize: 202048,
    ffnActivation: "swiglu",
    moe: { experts: 16, topK: 1, sharedExperts: 1, expertFfnHiddenSize: 8192, denseLayers: 0 },
    slidingWindow: { windowTokens: 8192, layerShareRatio: 0.75 },
    publishedParameters: { totalCount: 109e9, activeCount: 17e9 },
    sources: [
      {
        title: "meta-llama/Llama-4-Scout-17B-16E-Instruct config.json (text_config)",
        url: "https://huggingface.co/meta-llama/Llama-4-Scout-17B-16E-Instruct/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
        note: "hidden_size 5120, num_hidden_layers 48, 40 heads, 8 KV heads, head_dim 128, intermediate_size 8192, intermediate_size_mlp 16384, num_local_experts 16, num_experts_per_tok 1, vocab_size 202048, attention_chunk_size 8192.",
      },
      {
        title: "Meta AI, The Llama 4 herd (2025-04-05)",
        url: "https://ai.meta.com/blog/llama-4-multimodal-intelligence/",
        locator: "17B active, 16 experts, 109B total",
        evidence: "secondary",
      },
    ],
  },
  {
    id: "llama-4-maverick",
    name: "Llama 4 Maverick 17B-128E",
    layers: 48,
    hiddenSize: 5120,
    attentionHeads: 40,
    kvHeads: 8,
    headDim: 128,
    ffnHiddenSize: 16384,
    vocabSize: 202048,
    ffnActivation: "swiglu",
    moe: { experts: 128, topK: 1, sharedExperts: 1, expertFfnHiddenSize: 8192, denseLayers: 24 },
    slidingWindow: { windowTokens: 8192, layerShareRatio: 0.75 },
    publishedParameters: { totalCount: 400e9, activeCount: 17e9 },
    sources: [
      {
        title: "meta-llama/Llama-4-Maverick-17B-128E-Instruct config.json (text_config)",
        url: "https://huggingface.co/meta-llama/Llama-4-Maverick-17B-128E-Instruct/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
        note: "As Scout with num_local_experts 128 and interleave_moe_layer_step 2 (Megatron-LM's Maverick recipe writes --moe-layer-freq ([0,1]*24)); dense layers use intermediate_size_mlp 16384.",
      },
      {
        title: "Meta AI, The Llama 4 herd (2025-04-05)",
        url: "https://ai.meta.com/blog/llama-4-multimodal-intelligence/",
        locator: "17B active, 128 experts, 400B total",
        evidence: "secondary",
      },
    ],
  },
]);

/**
 * Architectures first added for the serving calibration set, each with its source. They are part of the one
 * architecture catalog (`listArchitectures`, `getArchitecture`) for training, serving, RL and agents.
 *
 * - `llama-3.3-70b`: the Llama 3.1 70B shape (Meta's model card: same architecture, new post-training).
 * - `llama-4-scout` (109B total, 17B active): 48 layers, every one MoE with 16 routed experts (top-1) plus one
 *   shared expert of width 8192; hidden 5120, 40 query / 8 KV heads of 128, vocabulary 202,048.
 * - `llama-4-maverick` (400B total, 17B active): the same block, 128 routed experts, MoE on every other layer
 *   (`interleave_moe_layer_step` 2); the other 24 layers use a dense SwiGLU FFN of width 16,384. Part 1's schema
 *   has only leading dense layers (`denseLayers`), which gives the same parameter counts and per-token costs.
 *   Llama 4's chunked attention (8,192-token chunks on 3 of 4 layers) is written as a sliding window of 8,192
 *   on 75% of the layers, an upper bound on the chunked cost.
 *
 * @example
 * ```ts
 * import { SERVING_ARCHITECTURES } from "@aifactory/workloads";
 * SERVING_ARCHITECTURES.map((a) => a.id); // ["llama-3.3-70b", "llama-4-scout", "llama-4-maverick"]
 * ```
 * @since 0.1.0
 * @category Inference
 */
export const SERVING_ARCHITECTURES: readonly ArchitectureInput[] = SERVING_ARCHITECTURES_ENTRIES;

/**
 * Ids of the architectures added for serving, read from {@link SERVING_ARCHITECTURES}.
 *
 * @example
 * ```ts
 * import type { ServingArchitectureId } from "@aifactory/workloads";
 * const id: ServingArchitectureId = "llama-4-scout";
 * ```
 * @useDeclaredType
 * @since 0.8.0
 * @category Architectures
 */
export type ServingArchitectureId = (typeof SERVING_ARCHITECTURES_ENTRIES)[number]["id"];
