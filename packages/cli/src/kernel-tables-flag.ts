import { AifError, InvalidInputError, isAifError } from "@aifactory/core";
import { indexKernelTables, type KernelIndex } from "@aifactory/kernels";
import { BUILTIN_KERNEL_ACCELERATORS, builtinKernelIndex } from "@aifactory/kernels/builtin";
import { readJsonFile } from "./options";

/**
 * What `--kernels` resolved to: the value the library takes as `kernels`, the index that applies to the
 * accelerator (undefined: the analytic path) and a description for people.
 *
 * @since 0.4.0
 * @category CLI
 */
export interface KernelTablesFlag {
  /** What to pass as `kernels` to `estimateServing`, `simulateOfflineRun` or `searchServingConfigs`. */
  option: "builtin" | "none" | KernelIndex;
  /** The decoded tables that apply to the accelerator, or undefined when none do. */
  index: KernelIndex | undefined;
  /** Where the tables came from, in words. */
  description: string;
}

function kernelsFlagError(flag: string, path: string, message: string, hint: string): InvalidInputError {
  return new InvalidInputError(`option ${flag}`, [{ path: flag, message, received: path, hint }], hint);
}

/**
 * Resolves a `--kernels <file|builtin|none>` flag for one accelerator. `builtin` (the default) is the measured
 * tables shipped with `@aifactory/kernels` (A100 to GB300), `none` the analytic roofline, anything else a JSON
 * table set (what `aif bench kernels` writes), validated here so that a bad file is an input error naming the
 * flag.
 *
 * @param value - the flag's value (undefined = `builtin`)
 * @param acceleratorId - the accelerator the tables must belong to
 * @param flag - the flag name for messages (default `--kernels`)
 * @returns the library option, the applicable index and a description
 * @throws InvalidInputError naming the flag when the file is unreadable, not JSON, not a valid table set, or
 *   measured on another accelerator
 * @example
 * ```ts
 * import { loadKernelTablesFlag } from "@aifactory/cli";
 * loadKernelTablesFlag("builtin", "nvidia-h100-sxm").index?.gemm.has("bf16"); // true
 * loadKernelTablesFlag("none", "nvidia-h100-sxm").index; // undefined
 * ```
 * @since 0.4.0
 * @category CLI
 */
export function loadKernelTablesFlag(
  value: string | undefined,
  acceleratorId: string,
  flag = "--kernels",
): KernelTablesFlag {
  if (value === undefined || value === "builtin") {
    const index = builtinKernelIndex(acceleratorId);
    return {
      option: "builtin",
      index,
      description:
        index === undefined
          ? `built-in: none for ${acceleratorId} (built in: ${BUILTIN_KERNEL_ACCELERATORS.join(", ")})`
          : `built-in (${index.tables.source.title})`,
    };
  }
  if (value === "none") return { option: "none", index: undefined, description: "none (analytic roofline)" };
  let data: unknown;
  try {
    data = readJsonFile(value, `kernel tables (${flag})`);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new AifError("INVALID_INPUT", message, {
      hint: `${isAifError(error) && error.hint ? `${error.hint}; or ` : ""}pass ${flag} builtin or ${flag} none`,
      cause: error,
    });
  }
  let index: KernelIndex;
  try {
    index = indexKernelTables(data as Parameters<typeof indexKernelTables>[0]);
  } catch (error) {
    const hint = "fix the tables (format version 1, as `aif bench kernels` writes them), or pass builtin or none";
    if (error instanceof InvalidInputError) {
      throw new InvalidInputError(`${flag} file "${value}"`, error.problems, hint);
    }
    throw kernelsFlagError(flag, value, error instanceof Error ? error.message : String(error), hint);
  }
  if (index.acceleratorId !== acceleratorId) {
    throw kernelsFlagError(
      flag,
      value,
      `the tables are for ${index.acceleratorId} but --gpu is ${acceleratorId}`,
      `pass tables measured on ${acceleratorId} (aif bench kernels --gpu ${acceleratorId}), or ${flag} builtin | none`,
    );
  }
  return { option: index, index, description: `${value} (${index.tables.source.title})` };
}
