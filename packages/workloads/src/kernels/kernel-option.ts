import { InvalidInputError } from "@aifactory/core";
import { indexKernelTables, type KernelIndex, type KernelSource, type KernelTablesInput } from "@aifactory/kernels";
import { builtinKernelIndex } from "@aifactory/kernels/builtin";

/**
 * Which measured kernel tables a model uses: `"builtin"` (default: the tables shipped with
 * `@aifactory/kernels` for A100, H100, H200, B200, GB200, B300 and GB300, derived from NVIDIA AIConfigurator's
 * database), `"none"` (the analytic path: roofline x efficiency factors), or your own table set (from
 * `aif bench kernels`, or an index built with `indexKernelTables`).
 *
 * @example
 * ```ts
 * import { type KernelTablesOption } from "@aifactory/workloads";
 * const analyticOnly: KernelTablesOption = "none";
 * ```
 * @since 0.4.0
 * @category Kernels
 */
export type KernelTablesOption = "builtin" | "none" | KernelTablesInput | KernelIndex;

const userIndexes = new WeakMap<object, KernelIndex>();

function isIndex(value: KernelTablesInput | KernelIndex): value is KernelIndex {
  return (value as KernelIndex).gemm instanceof Map;
}

/**
 * Resolves a {@link KernelTablesOption} for one accelerator into a lookup index (or undefined for the analytic
 * path). User tables are validated and decoded once per object.
 *
 * @internal
 * @param option - `"builtin"`, `"none"`, a table set or an index
 * @param acceleratorId - the accelerator the model runs on
 * @returns the index, or undefined when no tables apply
 * @throws InvalidInputError when user tables are malformed or belong to another accelerator
 * @example
 * ```ts
 * import { resolveKernelIndex } from "@aifactory/workloads/internal";
 * resolveKernelIndex("builtin", "nvidia-h100-sxm")?.acceleratorId; // "nvidia-h100-sxm"
 * resolveKernelIndex("builtin", "amd-mi300x"); // undefined
 * ```
 * @since 0.4.0
 * @category Kernels
 */
export function resolveKernelIndex(
  option: KernelTablesOption | undefined,
  acceleratorId: string,
): KernelIndex | undefined {
  if (option === undefined || option === "builtin") return builtinKernelIndex(acceleratorId);
  if (option === "none") return undefined;
  let index: KernelIndex | undefined;
  if (isIndex(option)) index = option;
  else {
    index = userIndexes.get(option);
    if (index === undefined) {
      index = indexKernelTables(option);
      userIndexes.set(option, index);
    }
  }
  if (index.acceleratorId !== acceleratorId) {
    throw new InvalidInputError(
      "kernel tables",
      [
        {
          path: "kernels.acceleratorId",
          message: `the tables are for ${index.acceleratorId} but the model runs on ${acceleratorId}`,
          received: index.acceleratorId,
        },
      ],
      "pass tables measured on the same accelerator (aif bench kernels --gpu <id>), or omit them",
    );
  }
  return index;
}

/**
 * Which source each kernel class of a model evaluation used (the most approximate one seen, in the order
 * measured < interpolated < scaled < extrapolated < composed < analytic).
 *
 * @example
 * ```ts
 * import { type KernelSources } from "@aifactory/workloads";
 * const sources: KernelSources = { gemm: "measured", moe: "analytic", attention: "interpolated", collective: "analytic" };
 * ```
 * @since 0.4.0
 * @category Kernels
 */
export interface KernelSources {
  gemm: KernelSource;
  moe: KernelSource;
  attention: KernelSource;
  collective: KernelSource;
}

const RANK: Record<KernelSource, number> = {
  measured: 0,
  interpolated: 1,
  scaled: 2,
  extrapolated: 3,
  composed: 4,
  analytic: 5,
};

/**
 * The more approximate of two kernel sources.
 *
 * @internal
 * @param a - one source
 * @param b - another
 * @returns the one ranked further from a measurement
 * @example
 * ```ts
 * import { worseKernelSource } from "@aifactory/workloads/internal";
 * worseKernelSource("measured", "interpolated"); // "interpolated"
 * ```
 * @since 0.4.0
 * @category Kernels
 */
export function worseKernelSource(a: KernelSource, b: KernelSource): KernelSource {
  return RANK[a] >= RANK[b] ? a : b;
}
