import { writeFileSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { formatBytes, formatFlops, formatSignificant } from "@aifactory/core";
import type { FactoryCatalog } from "@aifactory/planner";
import {
  type Architecture,
  type ArchitectureSummary,
  architectureFromHuggingFaceConfig,
  describeArchitecture,
  listArchitectures,
  resolveArchitecture,
} from "@aifactory/workloads";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { MODEL_FLAG_NAMES, withFlagNames } from "../flag-names";
import { parseNumberOption, readDataFile } from "../options";
import { packArchitecture } from "../packs";
import { renderKeyValues, renderTable } from "../table";

/**
 * Resolves `--model` / `<id>`: an architecture a `--pack` adds, a catalog id, or a path to a JSON/YAML
 * architecture file.
 *
 * @param value - id or path
 * @param catalog - the catalog of `--pack`, if any
 * @returns the validated architecture
 */
export function loadArchitecture(value: string, catalog?: FactoryCatalog): Architecture {
  const fromPack = packArchitecture(catalog, value);
  if (fromPack !== undefined) return fromPack;
  if (/\.(json|ya?ml)$/i.test(value)) return resolveArchitecture(readDataFile(value, "architecture file") as never);
  return resolveArchitecture(value);
}

function billions(params: number): string {
  return `${formatSignificant(params / 1e9, 3)}B`;
}

/**
 * Registers `aif model list`, `aif model show <id>` and `aif model import <config.json>`.
 *
 * @param program - the root command
 * @param context - output helpers
 */
export function registerModelCommands(program: Command, context: CliContext): void {
  const model = program.command("model").description("model architectures: shapes, parameters, FLOPs, KV cache");

  model
    .command("list")
    .description("list the built-in architectures (and those of any --pack)")
    .action(() => {
      const builtIn = listArchitectures();
      const fromPacks = (context.catalog?.architectures ?? []).filter((a) => !builtIn.some((b) => b.id === a.id));
      const rows = [...builtIn, ...fromPacks].map((arch) => {
        const summary = describeArchitecture(arch);
        return {
          id: arch.id,
          name: summary.name,
          kind: summary.kind,
          attention: summary.attention,
          layers: arch.layers,
          hiddenSize: arch.hiddenSize,
          totalParams: summary.totalParams,
          activeParams: summary.activeParams,
          kvBytesPerToken: summary.kvBytesPerToken,
        };
      });
      context.print(rows, () =>
        renderTable(
          rows.map((row) => ({
            ...row,
            totalParams: billions(row.totalParams),
            activeParams: billions(row.activeParams),
            kvBytesPerToken: formatBytes(row.kvBytesPerToken),
          })),
          [
            { key: "id" },
            { key: "kind" },
            { key: "attention" },
            { key: "layers", align: "right" },
            { key: "hiddenSize", header: "hidden", align: "right" },
            { key: "totalParams", header: "total", align: "right" },
            { key: "activeParams", header: "active", align: "right" },
            { key: "kvBytesPerToken", header: "KV/token (bf16)", align: "right" },
          ],
        ),
      );
    });

  model
    .command("show")
    .description("show one architecture: parameters, FLOPs per token, KV bytes per token")
    .argument("<id>", "architecture id (aif model list) or a JSON/YAML architecture file")
    .option("--seq <tokens>", "sequence length for the attention FLOPs term", "4096")
    .action((id: string, flags: { seq: string }) => {
      const seq = parseNumberOption("--seq", flags.seq, { int: true, min: 1 });
      const arch = loadArchitecture(id, context.catalog);
      const summary: ArchitectureSummary = withFlagNames(MODEL_FLAG_NAMES, () => describeArchitecture(arch, seq));
      const result = { ...summary, architecture: arch };
      context.print(result, () => {
        const f = summary.flopsPerToken;
        return renderKeyValues([
          ["id", arch.id],
          ["name", summary.name],
          ["kind", `${summary.kind}, ${summary.attention}`],
          ["layers x hidden", `${arch.layers} x ${arch.hiddenSize}`],
          ["heads (q / kv)", `${arch.attentionHeads} / ${arch.mla ? "MLA" : arch.kvHeads}`],
          ["total params", billions(summary.totalParams)],
          ["active params", billions(summary.activeParams)],
          ...(summary.mtpParams > 0 ? [["MTP params", billions(summary.mtpParams)] as const] : []),
          ["KV bytes/token (bf16)", formatBytes(summary.kvBytesPerToken)],
          ["KV bytes/token (fp8)", formatBytes(summary.kvBytesPerTokenByPrecision.fp8)],
          [
            `training FLOPs/token (seq ${seq})`,
            `${formatFlops(f.trainingFlops)} (causal: ${formatFlops(f.trainingFlopsCausal)}, 6N: ${formatFlops(f.trainingFlopsWithoutAttention)})`,
          ],
          ["sources", (arch.sources ?? []).map((s) => s.title).join("; ")],
        ]);
      });
    });

  model
    .command("import")
    .description(
      "import a Hugging Face config.json as an architecture: Llama, Mistral/Mixtral, Qwen2/2.5/3 (and MoE), DeepSeek-V2/V3, gpt-oss, Gemma 1/2/3, Phi-3, GPT-2 (then use the --out file with --model)",
    )
    .argument("<config>", "the model's config.json")
    .option(
      "--id <id>",
      "kebab-case id for the architecture (default: from the file name, or its folder for config.json)",
    )
    .option("--name <name>", "display name")
    .option("--out <file>", "write the architecture as JSON, for aif train/serve/model show --model <file>")
    .action((file: string, flags: { id?: string; name?: string; out?: string }) => {
      const config = readDataFile(file, "Hugging Face config") as Record<string, unknown>;
      const id = flags.id ?? defaultImportId(file);
      const imported = withFlagNames(MODEL_FLAG_NAMES, () =>
        architectureFromHuggingFaceConfig(config, {
          id,
          ...(flags.name === undefined ? {} : { name: flags.name }),
        }),
      );
      if (flags.out !== undefined) {
        writeFileSync(flags.out, `${JSON.stringify(imported.architecture, null, 2)}\n`);
        context.note(`wrote ${flags.out}`);
      }
      const arch = imported.architecture;
      const summary = describeArchitecture(arch);
      context.print({ ...imported, summary }, () =>
        [
          renderKeyValues([
            ["id", arch.id],
            ["family (model_type)", imported.family],
            ["kind", `${summary.kind}, ${summary.attention}`],
            ["layers x hidden", `${arch.layers} x ${arch.hiddenSize}`],
            [
              "heads (q / kv) x dim",
              arch.mla
                ? `${arch.attentionHeads} / MLA x ${arch.mla.qkNopeHeadDim + arch.mla.qkRopeHeadDim}`
                : `${arch.attentionHeads} / ${arch.kvHeads} x ${arch.headDim ?? arch.hiddenSize / arch.attentionHeads}`,
            ],
            ["FFN", `${arch.ffnActivation} ${arch.ffnHiddenSize}`],
            ...(arch.moe
              ? [
                  [
                    "MoE",
                    `${arch.moe.experts} experts of ${arch.moe.expertFfnHiddenSize}, top-${arch.moe.topK}, ${arch.moe.sharedExperts} shared, ${arch.moe.denseLayers} dense layers`,
                  ] as const,
                ]
              : []),
            ...(arch.mla
              ? [
                  [
                    "MLA",
                    `kv rank ${arch.mla.kvLoraRank}, q rank ${arch.mla.qLoraRank}, rope dim ${arch.mla.qkRopeHeadDim}`,
                  ] as const,
                ]
              : []),
            ...(arch.slidingWindow
              ? [
                  [
                    "sliding window",
                    `${arch.slidingWindow.windowTokens} tokens on ${formatSignificant(arch.slidingWindow.layerShareRatio * 100, 3)}% of layers`,
                  ] as const,
                ]
              : []),
            ["vocab", `${arch.vocabSize}${arch.tiedEmbeddings ? " (tied)" : ""}`],
            ["total params", billions(summary.totalParams)],
            ["active params", billions(summary.activeParams)],
            ...(summary.mtpParams > 0 ? [["MTP params", billions(summary.mtpParams)] as const] : []),
            ["KV bytes/token (bf16)", formatBytes(summary.kvBytesPerToken)],
          ]),
          ...imported.notes.map((n) => `note: ${n}`),
          ...(imported.unmapped.length > 0 ? [`not mapped: ${imported.unmapped.join(", ")}`] : []),
        ].join("\n"),
      );
    });
}

/**
 * The id `aif model import` gives when `--id` is left out: the file name without its extension, or the folder's
 * name for a file called `config.json` (`Qwen3-8B/config.json` gives `qwen3-8b`), in kebab case.
 *
 * @param file - the config path
 * @returns a kebab-case id
 * @throws InvalidInputError (through the import) when nothing usable is left, naming --id
 */
export function defaultImportId(file: string): string {
  const base = basename(file).replace(/\.(json|ya?ml)$/i, "");
  const source = base.toLowerCase() === "config" ? basename(dirname(resolve(file))) : base;
  return source
    .toLowerCase()
    .replace(/[^a-z0-9.]+/g, "-")
    .replace(/[-.]{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}
