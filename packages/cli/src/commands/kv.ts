import { readFileSync } from "node:fs";
import {
  AifError,
  formatBytes,
  formatCount,
  formatDuration,
  formatSignificant,
  InvalidInputError,
} from "@aifactory/core";
import {
  generateAgenticTrace,
  generateSharedPrefixTrace,
  type KvCacheSimulationResult,
  type KvTraceRequest,
  kvEvictionPolicies,
  LLAMA_3_1_8B_BF16_KV,
  parseKvTierList,
  parseKvTraceJsonl,
  simulateKvCache,
} from "@aifactory/memory";
import { KV_CACHE_BYTES_PER_ELEMENT, type KvCachePrecision, kvCacheBytesPerToken } from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { parseChoiceOption, parseNumberOption } from "../options";
import { renderKeyValues, renderTable } from "../table";
import { loadArchitecture } from "./model";

const SYNTHETIC_TRACES = ["synthetic:agentic", "synthetic:shared-prefix"] as const;
const WRITE_MODES = ["demote-on-evict", "write-through"] as const;
const KV_DTYPES = Object.keys(KV_CACHE_BYTES_PER_ELEMENT) as KvCachePrecision[];
/** Progress is reported every this many requests (cheap next to a request's block work). */
const PROGRESS_EVERY_REQUESTS = 2_000;

interface SimulateFlags {
  trace: string;
  tiers: string;
  blockTokens: string;
  kvBytesPerToken?: string;
  model?: string;
  kvDtype?: string;
  policy: string;
  writeMode: string;
  prefillTokensPerSecond?: string;
  seed: string;
  sessions?: string;
  requests?: string;
}

function loadTrace(flags: SimulateFlags): { trace: KvTraceRequest[]; source: string } {
  const seed = parseNumberOption("--seed", flags.seed, { int: true, min: 0 });
  if (flags.trace === "synthetic:agentic") {
    const sessions =
      flags.sessions === undefined ? undefined : parseNumberOption("--sessions", flags.sessions, { int: true, min: 1 });
    return {
      trace: generateAgenticTrace({ seed, ...(sessions === undefined ? {} : { sessions }) }),
      source: flags.trace,
    };
  }
  if (flags.trace === "synthetic:shared-prefix") {
    const requests =
      flags.requests === undefined ? undefined : parseNumberOption("--requests", flags.requests, { int: true, min: 1 });
    return {
      trace: generateSharedPrefixTrace({ seed, ...(requests === undefined ? {} : { requests }) }),
      source: flags.trace,
    };
  }
  if (flags.trace.startsWith("synthetic:")) {
    parseChoiceOption("--trace", flags.trace, SYNTHETIC_TRACES);
  }
  let text: string;
  try {
    text = readFileSync(flags.trace, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new AifError(
      code === "ENOENT" ? "INVALID_INPUT" : "IO_FAILURE",
      `cannot read trace "${flags.trace}"${code ? ` (${code})` : ""}`,
      { hint: `give a JSONL trace file or one of ${SYNTHETIC_TRACES.join(", ")}`, cause },
    );
  }
  return { trace: parseKvTraceJsonl(text, { label: `trace "${flags.trace}"` }), source: flags.trace };
}

/** Where the simulation's KV bytes per token came from. */
interface KvSize {
  bytesPerToken: number;
  from: "--kv-bytes-per-token" | "--model" | "default";
  modelId?: string;
  kvDtype?: string;
}

/**
 * `--kv-bytes-per-token` (raw), or `--model` (+ `--kv-dtype`) through the architecture catalog's
 * `kvCacheBytesPerToken` (GQA/MHA: 2 x KV heads x head dim x layers; MLA: latent + RoPE key, per layer), or the
 * Llama 3.1 8B BF16 default with a note.
 */
function resolveKvSize(flags: SimulateFlags, context: CliContext): KvSize {
  if (flags.model !== undefined && flags.kvBytesPerToken !== undefined) {
    throw new InvalidInputError("options --model and --kv-bytes-per-token", [
      {
        path: "--model",
        message: "give either --model (KV bytes derived from the architecture) or --kv-bytes-per-token, not both",
      },
    ]);
  }
  if (flags.kvDtype !== undefined && flags.model === undefined) {
    throw new InvalidInputError("option --kv-dtype", [
      {
        path: "--kv-dtype",
        message: "--kv-dtype applies to --model; with --kv-bytes-per-token give the bytes of the format you mean",
      },
    ]);
  }
  if (flags.model !== undefined) {
    const kvDtype = parseChoiceOption("--kv-dtype", flags.kvDtype ?? "bf16", KV_DTYPES);
    const architecture = loadArchitecture(flags.model, context.catalog);
    return {
      bytesPerToken: kvCacheBytesPerToken(architecture, kvDtype),
      from: "--model",
      modelId: architecture.id,
      kvDtype,
    };
  }
  if (flags.kvBytesPerToken !== undefined) {
    return {
      bytesPerToken: parseNumberOption("--kv-bytes-per-token", flags.kvBytesPerToken, { min: 1 }),
      from: "--kv-bytes-per-token",
    };
  }
  const bytesPerToken = LLAMA_3_1_8B_BF16_KV.kvBytesPerToken;
  context.note(
    `note: --kv-bytes-per-token not given; using ${bytesPerToken} (${LLAMA_3_1_8B_BF16_KV.modelId}, ${LLAMA_3_1_8B_BF16_KV.precision}); pass --model <id> [--kv-dtype fp8] for another model`,
  );
  return {
    bytesPerToken,
    from: "default",
    modelId: LLAMA_3_1_8B_BF16_KV.modelId,
    kvDtype: LLAMA_3_1_8B_BF16_KV.precision,
  };
}

function kvSizeText(kv: KvSize): string {
  const bytes = `${kv.bytesPerToken.toLocaleString("en-US")} B (${formatBytes(kv.bytesPerToken)}) per token`;
  if (kv.from === "--kv-bytes-per-token") return `${bytes} (--kv-bytes-per-token)`;
  return `${bytes} (${kv.modelId}, ${kv.kvDtype}${kv.from === "default" ? ", default" : ""})`;
}

function ratioText(value: number): string {
  return `${formatSignificant(value * 100, 3)}%`;
}

function render(result: KvCacheSimulationResult & { trace: { source: string }; kv: KvSize }): string {
  const summary = renderKeyValues([
    [
      "trace",
      `${result.trace.source} (${formatCount(result.requests)} requests, ${formatCount(result.inputTokens)} prompt tokens)`,
    ],
    ["KV cache", kvSizeText(result.kv)],
    ["hit ratio", ratioText(result.hitRatio)],
    [
      "prefill tokens saved",
      `${formatCount(result.prefillTokensSaved)} (${ratioText(result.prefillTokensSavedRatio)})`,
    ],
    ["block", `${formatBytes(result.blockBytes)}`],
    ["load time from lower tiers", formatDuration(result.loadSeconds)],
    ...(result.recomputeSecondsAvoided === null
      ? []
      : [["recompute time avoided", formatDuration(result.recomputeSecondsAvoided)] as const]),
  ]);
  const table = renderTable(
    result.perTier.map((tier) => ({
      tier: tier.id,
      capacity: formatBytes(tier.capacityBytes),
      "hit ratio": ratioText(tier.hitRatio),
      read: formatBytes(tier.bytesRead),
      written: formatBytes(tier.bytesWritten),
      moved: formatBytes(tier.bytesMoved),
      transfer:
        tier.readSeconds === null && tier.writeSeconds === null
          ? "no bandwidth given"
          : formatDuration((tier.readSeconds ?? 0) + (tier.writeSeconds ?? 0)),
    })),
  );
  const warnings = result.warnings.map((warning) => `warning: ${warning}`);
  return [summary, "", table, ...(warnings.length > 0 ? ["", ...warnings] : [])].join("\n");
}

/**
 * Registers `aif kv simulate`: replays a JSONL trace (or a synthetic one) through a tiered KV cache with
 * `simulateKvCache` from `@aifactory/memory` and prints the hit ratio, per-tier traffic and prefill tokens saved.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```ts
 * import { runCli } from "@aifactory/cli";
 * await runCli(["kv", "simulate", "--trace", "synthetic:agentic", "--tiers", "hbm:80GB,dram:1TB", "--model", "llama-3.1-70b", "--kv-dtype", "fp8", "--json"]);
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerKvCommands(program: Command, context: CliContext): void {
  const kv = program.command("kv").description("KV cache as a memory hierarchy: tiered prefix-cache simulation");
  kv.command("simulate")
    .description("replay a trace through tiered KV-cache storage: hit ratio per tier, bytes moved, prefill saved")
    .requiredOption("--trace <source>", `a JSONL trace file, or ${SYNTHETIC_TRACES.join(" or ")}`)
    .requiredOption(
      "--tiers <list>",
      "tiers fastest first, id:capacity[@readGBps[/writeGBps]], e.g. hbm:80GB,dram:1TB@64,ssd:30TB@7/3",
    )
    .option("--block-tokens <n>", "tokens per KV block (vLLM: 16; Mooncake traces: 512)", "16")
    .option(
      "--model <id|file>",
      "architecture id or JSON/YAML file: KV bytes per token from its shape (aif model list); tier capacities are for the whole model instance",
    )
    .option("--kv-dtype <dtype>", `KV-cache format with --model: ${KV_DTYPES.join(" | ")} (default bf16)`)
    .option(
      "--kv-bytes-per-token <n>",
      "raw KV bytes per token instead of --model (default without either: Llama 3.1 8B in BF16, noted on stderr)",
    )
    .option("--policy <name>", "eviction policy: lru, lfu or fifo", "lru")
    .option("--write-mode <mode>", `tier relation: ${WRITE_MODES.join(" or ")}`, "demote-on-evict")
    .option("--prefill-tokens-per-second <n>", "prefill throughput, to compare loading with recomputing")
    .option("--seed <n>", "seed of a synthetic trace", "1")
    .option("--sessions <n>", "sessions of synthetic:agentic")
    .option("--requests <n>", "requests of synthetic:shared-prefix")
    .action((flags: SimulateFlags) => {
      const tiers = parseKvTierList(flags.tiers);
      const blockTokens = parseNumberOption("--block-tokens", flags.blockTokens, { int: true, min: 1 });
      const policy = parseChoiceOption("--policy", flags.policy, Object.keys(kvEvictionPolicies));
      const writeMode = parseChoiceOption("--write-mode", flags.writeMode, WRITE_MODES);
      const kv = resolveKvSize(flags, context);
      const prefillTokensPerSecond =
        flags.prefillTokensPerSecond === undefined
          ? undefined
          : parseNumberOption("--prefill-tokens-per-second", flags.prefillTokensPerSecond, { min: 1 });
      const { trace, source } = loadTrace(flags);
      const progress = context.progress(`KV cache ${source}`, trace.length);
      let result: KvCacheSimulationResult;
      try {
        result = simulateKvCache(
          trace,
          {
            tiers,
            blockTokens,
            kvBytesPerToken: kv.bytesPerToken,
            policy,
            writeMode,
            ...(prefillTokensPerSecond === undefined ? {} : { prefillTokensPerSecond }),
          },
          { onProgress: (done) => progress.update(done), progressEveryRequests: PROGRESS_EVERY_REQUESTS },
        );
      } finally {
        progress.stop();
      }
      const output = { ...result, trace: { source, requests: result.requests }, kv };
      context.print(output, () => render(output));
    });
}
