import type { Source } from "@aifactory/core";

/**
 * A reference KV size for examples and the CLI default: Llama 3.1 8B in BF16, 131,072 B (128 KiB) per token,
 * `2 (K, V) x layers x KV heads x head dim x bytes` from its published shape (32 layers, 8 KV heads, head dim 128).
 * For other models take the figure from `kvCacheBytesPerToken` in `@aifactory/workloads` (which also knows MLA and
 * sliding-window layers); this package does not depend on the architecture catalog.
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
  // 2 (K, V) x 32 layers x 8 KV heads x 128 head dim x 2 bytes; `kvCacheBytesPerToken` in @aifactory/workloads
  // computes the same from the architecture catalog (the one home of the formula; tested equal in the CLI).
  kvBytesPerToken: 131_072,
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
