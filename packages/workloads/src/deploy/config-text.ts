/**
 * A value the configuration writers take: scalars, arrays and string-keyed tables (JSON data without null).
 *
 * @example
 * ```ts
 * import { type ConfigValue } from "@aifactory/workloads";
 * const value: ConfigValue = { kv_cache_config: { dtype: "fp8", free_gpu_memory_fraction: 0.9 } };
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export type ConfigValue = string | number | boolean | ConfigValue[] | { [key: string]: ConfigValue };

/** A table: a plain object whose values are config values. */
type ConfigTable = { [key: string]: ConfigValue };

function isTable(value: ConfigValue): value is ConfigTable {
  return typeof value === "object" && !Array.isArray(value);
}

function scalar(value: string | number | boolean, where: string): string {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new RangeError(`${where}: ${value} is not a finite number`);
    return String(value);
  }
  // A JSON string is a valid double-quoted scalar in both YAML 1.2 and TOML (same escapes for what JSON emits:
  // \" \\ \n \t \uXXXX).
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

function key(name: string): string {
  return BARE_KEY.test(name) ? name : JSON.stringify(name);
}

function yamlLines(value: ConfigValue, indent: string, where: string): string[] {
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}[]`];
    return value.flatMap((item, index) => {
      if (isTable(item) || Array.isArray(item)) {
        const inner = yamlLines(item, `${indent}  `, `${where}[${index}]`);
        return [`${indent}- ${(inner[0] ?? "").trimStart()}`, ...inner.slice(1)];
      }
      return [`${indent}- ${scalar(item, `${where}[${index}]`)}`];
    });
  }
  if (isTable(value)) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [`${indent}{}`];
    return entries.flatMap(([name, item]) => {
      const path = `${where}.${name}`;
      if ((isTable(item) && Object.keys(item).length > 0) || (Array.isArray(item) && item.length > 0)) {
        return [`${indent}${key(name)}:`, ...yamlLines(item, `${indent}  `, path)];
      }
      if (isTable(item)) return [`${indent}${key(name)}: {}`];
      if (Array.isArray(item)) return [`${indent}${key(name)}: []`];
      return [`${indent}${key(name)}: ${scalar(item, path)}`];
    });
  }
  return [`${indent}${scalar(value, where)}`];
}

/**
 * Writes a table as block-style YAML 1.2: nested tables indented by two spaces, lists with `- `, strings
 * double-quoted (JSON escapes), keys bare when they are `[A-Za-z0-9_-]+`. No anchors, tags or flow style: what
 * TensorRT-LLM's `--extra_llm_api_options` and Kubernetes manifests read.
 *
 * @param value - the document (a table)
 * @returns the YAML text, ending with a newline
 * @throws RangeError for a non-finite number
 * @example
 * ```ts
 * import { toYaml } from "@aifactory/workloads";
 * toYaml({ kv_cache_config: { dtype: "fp8" }, enable_attention_dp: true });
 * // 'kv_cache_config:\n  dtype: "fp8"\nenable_attention_dp: true\n'
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export function toYaml(value: { [key: string]: ConfigValue }): string {
  return `${yamlLines(value, "", "$").join("\n")}\n`;
}

function tomlInline(value: ConfigValue, where: string): string {
  if (Array.isArray(value)) return `[${value.map((item, i) => tomlInline(item, `${where}[${i}]`)).join(", ")}]`;
  if (isTable(value)) {
    const parts = Object.entries(value).map(([name, item]) => `${key(name)} = ${tomlInline(item, `${where}.${name}`)}`);
    return `{ ${parts.join(", ")} }`;
  }
  return scalar(value, where);
}

/**
 * Writes a two-level document as TOML 1.0: top-level scalars first, then one `[section]` per nested table, its
 * values scalars, arrays or inline tables. Enough for torchtitan's job configuration (`[training]`,
 * `[parallelism]`, ...), with no dependency.
 *
 * @param value - the document: scalars and tables of values
 * @returns the TOML text, ending with a newline
 * @throws RangeError for a non-finite number
 * @example
 * ```ts
 * import { toToml } from "@aifactory/workloads";
 * toToml({ training: { seq_len: 8192, mixed_precision_param: "bfloat16" } });
 * // '[training]\nseq_len = 8192\nmixed_precision_param = "bfloat16"\n'
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export function toToml(value: { [key: string]: ConfigValue }): string {
  const lines: string[] = [];
  const sections: [string, ConfigTable][] = [];
  for (const [name, item] of Object.entries(value)) {
    if (isTable(item)) sections.push([name, item]);
    else lines.push(`${key(name)} = ${tomlInline(item, name)}`);
  }
  for (const [name, table] of sections) {
    if (lines.length > 0) lines.push("");
    lines.push(`[${key(name)}]`);
    for (const [field, item] of Object.entries(table)) {
      lines.push(`${key(field)} = ${tomlInline(item, `${name}.${field}`)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}

const SHELL_SAFE = /^[A-Za-z0-9_./:=@%+,-]+$/;

/**
 * Joins a command's words into one POSIX shell line, single-quoting the words that need it (JSON values, spaces).
 *
 * @param command - the words
 * @returns the shell line
 * @example
 * ```ts
 * import { shellCommand } from "@aifactory/workloads";
 * shellCommand(["vllm", "serve", "m", "--speculative-config", '{"method":"mtp"}']);
 * // `vllm serve m --speculative-config '{"method":"mtp"}'`
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export function shellCommand(command: readonly string[]): string {
  return command.map((word) => (SHELL_SAFE.test(word) ? word : `'${word.replaceAll("'", `'"'"'`)}'`)).join(" ");
}
