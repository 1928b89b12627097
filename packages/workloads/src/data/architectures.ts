import { catalogEntries } from "@aifactory/core";
import type { ArchitectureInput } from "../architecture/architecture";

const HF = "Hugging Face";

// The entries with their literal ids (for `BuiltInArchitectureId`); exported below as `readonly ArchitectureInput[]`.
const BUILT_IN_ARCHITECTURES_ENTRIES = catalogEntries<ArchitectureInput>()([
  {
    id: "gpt-3-175b",
    name: "GPT-3 175B",
    layers: 96,
    hiddenSize: 12288,
    attentionHeads: 96,
    kvHeads: 96,
    ffnHiddenSize: 49152,
    vocabSize: 50257,
    ffnActivation: "gelu",
    tiedEmbeddings: true,
    normalization: "layernorm",
    linearBias: true,
    positionEmbedding: "learned",
    maxSequenceTokens: 2048,
    publishedParameters: { totalCount: 175e9 },
    sources: [
      {
        title: "Brown et al. 2020, Language Models are Few-Shot Learners",
        url: "https://arxiv.org/abs/2005.14165",
        locator:
          "Table 2.1 (n_layers 96, d_model 12288, n_heads 96, d_head 128, n_ctx 2048); section 2.1 (FFN = 4 x d_model)",
        evidence: "verified",
      },
      {
        title: "Radford et al. 2019, Language Models are Unsupervised Multitask Learners (GPT-2 BPE vocabulary 50,257)",
        url: "https://cdn.openai.com/better-language-models/language_models_are_unsupervised_multitask_learners.pdf",
        locator: "section 2.2",
        evidence: "verified",
      },
    ],
  },
  {
    id: "llama-2-7b",
    name: "Llama 2 7B",
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 32,
    ffnHiddenSize: 11008,
    vocabSize: 32000,
    ffnActivation: "swiglu",
    maxSequenceTokens: 4096,
    publishedParameters: { totalCount: 7e9 },
    sources: [
      {
        title: "meta-llama/Llama-2-7b-hf config.json",
        url: "https://huggingface.co/meta-llama/Llama-2-7b-hf/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
        note: "Shape cross-checked against public copies of the config (LLAMA_7B_CONFIG: 4096 / 11008 / 32 heads / 32 layers).",
      },
      {
        title: "Touvron et al. 2023, Llama 2: Open Foundation and Fine-Tuned Chat Models",
        url: "https://arxiv.org/abs/2307.09288",
        locator: "Table 1 (context 4k, GQA only for 34B/70B)",
        evidence: "verified",
      },
    ],
  },
  {
    id: "llama-2-13b",
    name: "Llama 2 13B",
    layers: 40,
    hiddenSize: 5120,
    attentionHeads: 40,
    kvHeads: 40,
    ffnHiddenSize: 13824,
    vocabSize: 32000,
    ffnActivation: "swiglu",
    maxSequenceTokens: 4096,
    publishedParameters: { totalCount: 13e9 },
    sources: [
      {
        title: "meta-llama/Llama-2-13b-hf config.json",
        url: "https://huggingface.co/meta-llama/Llama-2-13b-hf/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
        note: "Shape cross-checked against public copies of the config (LLAMA_13B_CONFIG: 5120 / 13824 / 40 heads / 40 layers).",
      },
      {
        title: "Touvron et al. 2023, Llama 2: Open Foundation and Fine-Tuned Chat Models",
        url: "https://arxiv.org/abs/2307.09288",
        locator: "Table 1",
        evidence: "verified",
      },
    ],
  },
  {
    id: "llama-2-70b",
    name: "Llama 2 70B",
    layers: 80,
    hiddenSize: 8192,
    attentionHeads: 64,
    kvHeads: 8,
    ffnHiddenSize: 28672,
    vocabSize: 32000,
    ffnActivation: "swiglu",
    maxSequenceTokens: 4096,
    publishedParameters: { totalCount: 70e9 },
    sources: [
      {
        title: "meta-llama/Llama-2-70b-hf config.json",
        url: "https://huggingface.co/meta-llama/Llama-2-70b-hf/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
      },
      {
        title: "Touvron et al. 2023, Llama 2: Open Foundation and Fine-Tuned Chat Models",
        url: "https://arxiv.org/abs/2307.09288",
        locator: "Table 1 (GQA for 70B)",
        evidence: "verified",
      },
    ],
  },
  {
    id: "llama-3.1-8b",
    name: "Llama 3.1 8B",
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    ffnHiddenSize: 14336,
    vocabSize: 128256,
    ffnActivation: "swiglu",
    maxSequenceTokens: 131072,
    publishedParameters: { totalCount: 8e9 },
    sources: [
      {
        title: "Dubey et al. 2024, The Llama 3 Herd of Models",
        url: "https://arxiv.org/abs/2407.21783",
        locator: "Table 3 (layers 32, model dim 4096, FFN 14,336, 32 heads, 8 KV heads, vocabulary 128,000)",
        evidence: "verified",
      },
      {
        title: "meta-llama/Llama-3.1-8B config.json (vocab_size 128256, tie_word_embeddings false)",
        url: "https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
      },
    ],
  },
  {
    id: "llama-3.1-70b",
    name: "Llama 3.1 70B",
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
        title: "Dubey et al. 2024, The Llama 3 Herd of Models",
        url: "https://arxiv.org/abs/2407.21783",
        locator: "Table 3 (layers 80, model dim 8192, FFN 28,672, 64 heads, 8 KV heads)",
        evidence: "verified",
      },
      {
        title: "meta-llama/Llama-3.1-70B config.json",
        url: "https://huggingface.co/meta-llama/Llama-3.1-70B/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
      },
    ],
  },
  {
    id: "llama-3.1-405b",
    name: "Llama 3.1 405B",
    layers: 126,
    hiddenSize: 16384,
    attentionHeads: 128,
    kvHeads: 8,
    ffnHiddenSize: 53248,
    vocabSize: 128256,
    ffnActivation: "swiglu",
    maxSequenceTokens: 131072,
    publishedParameters: { totalCount: 405e9 },
    sources: [
      {
        title: "Dubey et al. 2024, The Llama 3 Herd of Models",
        url: "https://arxiv.org/abs/2407.21783",
        locator: "Table 3 (layers 126, model dim 16,384, FFN 53,248, 128 heads, 8 KV heads)",
        evidence: "verified",
      },
      {
        title: "meta-llama/Llama-3.1-405B config.json",
        url: "https://huggingface.co/meta-llama/Llama-3.1-405B/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
      },
    ],
  },
  {
    id: "mixtral-8x7b",
    name: "Mixtral 8x7B",
    layers: 32,
    hiddenSize: 4096,
    attentionHeads: 32,
    kvHeads: 8,
    ffnHiddenSize: 14336,
    vocabSize: 32000,
    ffnActivation: "swiglu",
    maxSequenceTokens: 32768,
    moe: { experts: 8, topK: 2, expertFfnHiddenSize: 14336 },
    publishedParameters: { totalCount: 46.7e9, activeCount: 12.9e9 },
    sources: [
      {
        title: "Jiang et al. 2024, Mixtral of Experts",
        url: "https://arxiv.org/abs/2401.04088",
        locator:
          "Table 1 (dim 4096, 32 layers, head_dim 128, hidden_dim 14336, 32/8 heads, vocab 32000, 8 experts, top 2); section 2 (47B total, 13B active)",
        evidence: "verified",
      },
    ],
  },
  {
    id: "mixtral-8x22b",
    name: "Mixtral 8x22B",
    layers: 56,
    hiddenSize: 6144,
    attentionHeads: 48,
    kvHeads: 8,
    ffnHiddenSize: 16384,
    vocabSize: 32768,
    ffnActivation: "swiglu",
    maxSequenceTokens: 65536,
    moe: { experts: 8, topK: 2, expertFfnHiddenSize: 16384 },
    publishedParameters: { totalCount: 141e9, activeCount: 39e9 },
    sources: [
      {
        title: "mistralai/Mixtral-8x22B-v0.1 config.json",
        url: "https://huggingface.co/mistralai/Mixtral-8x22B-v0.1/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
      },
      {
        title: "Mistral AI, Cheaper, Better, Faster, Stronger (Mixtral 8x22B announcement: 141B total, 39B active)",
        url: "https://mistral.ai/news/mixtral-8x22b",
        date: "2024-04-17",
        evidence: "secondary",
      },
    ],
  },
  {
    id: "deepseek-v3",
    name: "DeepSeek-V3",
    layers: 61,
    hiddenSize: 7168,
    attentionHeads: 128,
    kvHeads: 128,
    ffnHiddenSize: 18432,
    vocabSize: 129280,
    ffnActivation: "swiglu",
    maxSequenceTokens: 163840,
    mla: { kvLoraRank: 512, qLoraRank: 1536, qkNopeHeadDim: 128, qkRopeHeadDim: 64, vHeadDim: 128 },
    moe: { experts: 256, topK: 8, sharedExperts: 1, expertFfnHiddenSize: 2048, denseLayers: 3 },
    mtpModules: 1,
    publishedParameters: { totalCount: 671e9, activeCount: 37e9 },
    sources: [
      {
        title: "DeepSeek-AI 2024, DeepSeek-V3 Technical Report",
        url: "https://arxiv.org/abs/2412.19437",
        locator:
          "section 4.2 (61 layers, hidden 7168, 128 heads of 128, KV compression 512, query compression 1536, RoPE dim 64, first 3 layers dense, 1 shared + 256 routed experts of 2048, 8 routed per token, MTP depth 1; 671B total, 37B activated)",
        evidence: "verified",
      },
      {
        title: "deepseek-ai/DeepSeek-V3 config.json (intermediate_size 18432, vocab_size 129280)",
        url: "https://huggingface.co/deepseek-ai/DeepSeek-V3/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
      },
    ],
  },
  {
    id: "qwen3-32b",
    name: "Qwen3 32B",
    layers: 64,
    hiddenSize: 5120,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 128,
    ffnHiddenSize: 25600,
    vocabSize: 151936,
    ffnActivation: "swiglu",
    qkNorm: true,
    maxSequenceTokens: 40960,
    publishedParameters: { totalCount: 32.8e9 },
    sources: [
      {
        title: "Qwen/Qwen3-32B config.json (head_dim 128, intermediate_size 25600, tie_word_embeddings false)",
        url: "https://huggingface.co/Qwen/Qwen3-32B/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
      },
      {
        title: "Qwen Team 2025, Qwen3 Technical Report",
        url: "https://arxiv.org/abs/2505.09388",
        locator: "Table 1 (64 layers, 64 / 8 heads, untied embeddings)",
        evidence: "verified",
      },
    ],
  },
  {
    id: "qwen3-30b-a3b",
    name: "Qwen3 30B-A3B",
    layers: 48,
    hiddenSize: 2048,
    attentionHeads: 32,
    kvHeads: 4,
    headDim: 128,
    ffnHiddenSize: 6144,
    vocabSize: 151936,
    ffnActivation: "swiglu",
    qkNorm: true,
    maxSequenceTokens: 40960,
    moe: { experts: 128, topK: 8, expertFfnHiddenSize: 768 },
    publishedParameters: { totalCount: 30.5e9, activeCount: 3.3e9 },
    sources: [
      {
        title: "Qwen/Qwen3-30B-A3B config.json",
        url: "https://huggingface.co/Qwen/Qwen3-30B-A3B/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
        note: "Cross-checked against THUDM/slime scripts/models/qwen3-30B-A3B.sh (48 layers, hidden 2048, 32/4 heads, kv-channels 128, 128 experts of 768, top-8).",
      },
      {
        title: "Qwen Team 2025, Qwen3 Technical Report",
        url: "https://arxiv.org/abs/2505.09388",
        locator: "Table 2 (48 layers, 32/4 heads, 128 experts, 8 activated)",
        evidence: "verified",
      },
    ],
  },
  {
    id: "qwen3-235b-a22b",
    name: "Qwen3 235B-A22B",
    layers: 94,
    hiddenSize: 4096,
    attentionHeads: 64,
    kvHeads: 4,
    headDim: 128,
    ffnHiddenSize: 12288,
    vocabSize: 151936,
    ffnActivation: "swiglu",
    qkNorm: true,
    maxSequenceTokens: 40960,
    moe: { experts: 128, topK: 8, expertFfnHiddenSize: 1536 },
    publishedParameters: { totalCount: 235e9, activeCount: 22e9 },
    sources: [
      {
        title: "Qwen/Qwen3-235B-A22B config.json",
        url: "https://huggingface.co/Qwen/Qwen3-235B-A22B/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
        note: "Cross-checked against THUDM/slime scripts/models/qwen3-235B-A22B.sh (94 layers, hidden 4096, 64/4 heads, kv-channels 128, 128 experts of 1536, top-8, vocab 151936).",
      },
      {
        title: "Qwen Team 2025, Qwen3 Technical Report",
        url: "https://arxiv.org/abs/2505.09388",
        locator: "Table 2",
        evidence: "verified",
      },
    ],
  },
  {
    id: "gpt-oss-120b",
    name: "gpt-oss-120b",
    layers: 36,
    hiddenSize: 2880,
    attentionHeads: 64,
    kvHeads: 8,
    headDim: 64,
    ffnHiddenSize: 2880,
    vocabSize: 201088,
    ffnActivation: "swiglu",
    linearBias: true,
    maxSequenceTokens: 131072,
    moe: { experts: 128, topK: 4, expertFfnHiddenSize: 2880 },
    slidingWindow: { windowTokens: 128, layerShareRatio: 0.5 },
    publishedParameters: { totalCount: 116.8e9, activeCount: 5.1e9 },
    sources: [
      {
        title: "OpenAI 2025, gpt-oss-120b & gpt-oss-20b Model Card",
        url: "https://arxiv.org/abs/2508.10925",
        locator:
          "section 2 (36 layers, 116.8B total / 5.1B active, 128 experts top-4, alternating banded window 128, GQA 64 query / 8 KV heads of 64, residual width 2880)",
        evidence: "verified",
      },
      {
        title: "openai/gpt-oss-120b config.json (vocab_size 201088, intermediate_size 2880, attention_bias true)",
        url: "https://huggingface.co/openai/gpt-oss-120b/blob/main/config.json",
        publisher: HF,
        evidence: "secondary",
      },
    ],
  },
]);

/**
 * The built-in architectures, with the source of every shape. Shapes are those of the released checkpoints'
 * `config.json` (cross-checked against the papers where they give a table); parameter counts are derived by
 * `parameterCounts`, and `publishedParameters` keeps the vendors' own figures for comparison.
 *
 * @example
 * ```ts
 * import { BUILT_IN_ARCHITECTURES } from "@aifactory/workloads";
 * BUILT_IN_ARCHITECTURES.length >= 14; // true
 * ```
 * @since 0.1.0
 * @category Architectures
 */
export const BUILT_IN_ARCHITECTURES: readonly ArchitectureInput[] = BUILT_IN_ARCHITECTURES_ENTRIES;

/**
 * Ids of the built-in training-and-serving architectures, read from {@link BUILT_IN_ARCHITECTURES}.
 *
 * @example
 * ```ts
 * import type { BuiltInArchitectureId } from "@aifactory/workloads";
 * const id: BuiltInArchitectureId = "deepseek-v3";
 * ```
 * @useDeclaredType
 * @since 0.8.0
 * @category Architectures
 */
export type BuiltInArchitectureId = (typeof BUILT_IN_ARCHITECTURES_ENTRIES)[number]["id"];
