/**
 * Types a catalog's entries as `T` while keeping each entry's literal `id`, so that the catalog's id union can be
 * read from the data (`(typeof ENTRIES)[number]["id"]`) instead of being kept by hand beside it. Curried so that
 * `T` is given and the ids are inferred. The built-in accelerator, system, fabric and architecture catalogs use
 * it; a plugin's own catalog can too.
 *
 * @returns a function that returns its entries unchanged, typed with their literal ids
 * @example
 * ```ts
 * import { catalogEntries } from "@aifactory/core";
 * const GPUS = catalogEntries<{ id: string; memoryGB: number }>()([
 *   { id: "gpu-a", memoryGB: 80 },
 *   { id: "gpu-b", memoryGB: 141 },
 * ]);
 * type GpuId = (typeof GPUS)[number]["id"]; // "gpu-a" | "gpu-b"
 * const id: GpuId = "gpu-b";
 * GPUS.find((entry) => entry.id === id)?.memoryGB; // 141
 * ```
 * @since 0.8.0
 * @category Schema
 */
export function catalogEntries<T extends { id: string }>(): <Id extends string>(
  entries: ReadonlyArray<T & { id: Id }>,
) => ReadonlyArray<T & { id: Id }> {
  return (entries) => entries;
}
