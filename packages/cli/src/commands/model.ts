import { writeFileSync } from "node:fs";
import { formatBytes, formatFlops, formatSignificant } from "@aifactory/core";
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
import { renderKeyValues, renderTable } from "../table";

/**
 * Resolves `--model` / `<id>`: a catalog id, or a path to a JSON/YAML architecture file.
 *
 * @param value - id or path
 * @returns the validated architecture
 */
export function loadArchitecture(value: string): Architecture {
  if (/\.(json|ya?ml)$/i.test(value)) return resolveArchitecture(readDataFile(value, "architecture file") as never);
  return resolveArchitecture(value);
}

function billions(params: number): string {
  return `${formatSignificant(params / 1e9, 3)}B`;
}

/**
 * Registers `aif model list` and `aif model show <id>`.
 *
 * @param program - the root command
 * @param context - output helpers
 */
export function registerModelCommands(program: Command, context: CliContext): void {
  const model = program.command("model").description("model architectures: shapes, parameters, FLOPs, KV cache");

  model
    .command("list")
    .description("list the built-in architectures")
    .action(() => {
      const rows = listArchitectures().map((arch) => {
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
      const arch = loadArchitecture(id);
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
    .description("import a Hugging Face config.json as an architecture (then use the file with --model)")
    .argument("<config>", "the model's config.json")
    .requiredOption("--id <id>", "kebab-case id for the architecture")
    .option("--name <name>", "display name")
    .option("--out <file>", "write the architecture as JSON (for --model <file>)")
    .action((file: string, flags: { id: string; name?: string; out?: string }) => {
      const config = readDataFile(file, "Hugging Face config") as Record<string, unknown>;
      const imported = withFlagNames(MODEL_FLAG_NAMES, () =>
        architectureFromHuggingFaceConfig(config, {
          id: flags.id,
          ...(flags.name === undefined ? {} : { name: flags.name }),
        }),
      );
      if (flags.out !== undefined) {
        writeFileSync(flags.out, `${JSON.stringify(imported.architecture, null, 2)}\n`);
        context.note(`wrote ${flags.out}`);
      }
      const summary = describeArchitecture(imported.architecture);
      context.print({ ...imported, summary }, () =>
        [
          renderKeyValues([
            ["id", imported.architecture.id],
            ["kind", `${summary.kind}, ${summary.attention}`],
            ["layers x hidden", `${imported.architecture.layers} x ${imported.architecture.hiddenSize}`],
            ["total params", billions(summary.totalParams)],
            ["active params", billions(summary.activeParams)],
          ]),
          ...imported.notes.map((n) => `note: ${n}`),
          ...(imported.unmapped.length > 0 ? [`not mapped: ${imported.unmapped.join(", ")}`] : []),
        ].join("\n"),
      );
    });
}
