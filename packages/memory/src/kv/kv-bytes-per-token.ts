import type { Source } from "@aifactory/core";

/**
 * KV-cache bytes per token of a transformer with grouped-query or multi-head attention:
 * `2 (K and V) x layers x kvHeads x headDim x bytesPerElement` (the size PagedAttention stores per token;
 * Kwon et al., SOSP 2023). MLA models (DeepSeek-V3) store a compressed latent instead: pass their own figure.
 *
 * @param shape - `layers`, `kvHeads` (key-value heads), `headDim`, `bytesPerElement` (2 for BF16/FP16, 1 for FP8)
 * @returns bytes per token
 * @example
 * ```ts
 * import { kvBytesPerToken } from "@aifactory/memory";
 * // Llama 3.1 8B (config.json: 32 layers, 8 KV heads, head dim 4096/32 = 128), BF16:
 * kvBytesPerToken({ layers: 32, kvHeads: 8, headDim: 128, bytesPerElement: 2 }); // 131072
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function kvBytesPerToken(shape: {
  layers: number;
  kvHeads: number;
  headDim: number;
  bytesPerElement: number;
}): number {
  return 2 * shape.layers * shape.kvHeads * shape.headDim * shape.bytesPerElement;
}

/**
 * A reference KV size for examples and the CLI default: Llama 3.1 8B in BF16, 131,072 B (128 KiB) per token,
 * derived with {@link kvBytesPerToken} from its published shape (32 layers, 8 KV heads, head dim 128). Pass your
 * own model's figure for real studies.
 *
 * @example
 * ```ts
 * import { LLAMA_3_1_8B_BF16_KV } from "@aifactory/memory";
 * LLAMA_3_1_8B_BF16_KV.kvBytesPerToken; // 131072
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export const LLAMA_3_1_8B_BF16_KV: {
  modelId: string;
  precision: string;
  kvBytesPerToken: number;
  sources: Source[];
} = {
  modelId: "llama-3.1-8b",
  precision: "bf16",
  kvBytesPerToken: kvBytesPerToken({ layers: 32, kvHeads: 8, headDim: 128, bytesPerElement: 2 }),
  sources: [
    {
      title:
        "meta-llama/Llama-3.1-8B config.json (num_hidden_layers 32, num_key_value_heads 8, hidden_size 4096, num_attention_heads 32)",
      url: "https://huggingface.co/meta-llama/Llama-3.1-8B/blob/main/config.json",
      publisher: "Meta",
      evidence: "secondary",
      note: "read through the oumi Llama 3.1 recipe README and Ollama's GGUF metadata, which agree; 2 x 32 x 8 x 128 x 2 B = 131,072 B/token",
    },
    {
      title: "Efficient Memory Management for Large Language Model Serving with PagedAttention",
      url: "https://arxiv.org/abs/2309.06180",
      publisher: "SOSP 2023",
      evidence: "derived",
      note: "KV cache per token = 2 (K, V) x layers x KV heads x head dim x bytes per element",
    },
  ],
};
