import { evidenceSchema, finitePositive, kebabId, rangeSchema, sourcesSchema } from "@aifactory/core";
import { z } from "zod";

/**
 * A tier of the storage hierarchy an AI system reads from and writes to: accelerator memory (HBM), host DRAM,
 * local NVMe, a parallel or network file system, object storage.
 *
 * Capacity and bandwidth refer to `scope`: one accelerator, one system, or one object-store prefix. Every
 * figure is decimal (GB = 1e9 B, GB/s = 1e9 B/s). Where sources give a spread, the `...Range` field holds it.
 *
 * @example
 * ```ts
 * import { storageTierSchema } from "@aifactory/hardware";
 * storageTierSchema.safeParse({ id: "x" }).success; // false
 * ```
 * @since 0.1.0
 * @category Storage
 */
export const storageTierSchema = z
  .object({
    /** Kebab-case id. */
    id: kebabId.describe("Kebab-case id."),
    /** Display name. */
    name: z.string().min(1).describe("Display name."),
    /** Which level of the hierarchy. */
    kind: z
      .enum(["hbm", "host-dram", "local-nvme", "parallel-file-system", "object-storage"])
      .describe("Which level of the hierarchy."),
    /** What the figures are per: one accelerator, one system, one cluster, or one object-store prefix. */
    scope: z
      .enum(["per-accelerator", "per-system", "per-cluster", "per-prefix"])
      .describe("What the figures are per: one accelerator, one system, one cluster, or one object-store prefix."),
    /** The system or product the figures describe, e.g. `"NVIDIA DGX H100"`. */
    example: z
      .string()
      .min(1)
      .optional()
      .describe('The system or product the figures describe, e.g. `"NVIDIA DGX H100"`.'),
    /** Capacity, decimal GB. */
    capacityGB: finitePositive.optional().describe("Capacity, decimal GB."),
    /** Capacity range across products, decimal GB. */
    capacityGBRange: rangeSchema.optional().describe("Capacity range across products, decimal GB."),
    /** Sequential read bandwidth, decimal GB/s. */
    readBandwidthGBps: finitePositive.optional().describe("Sequential read bandwidth, decimal GB/s."),
    /** Read bandwidth range across products, decimal GB/s. */
    readBandwidthGBpsRange: rangeSchema.optional().describe("Read bandwidth range across products, decimal GB/s."),
    /** Sequential write bandwidth, decimal GB/s. */
    writeBandwidthGBps: finitePositive.optional().describe("Sequential write bandwidth, decimal GB/s."),
    /** Read requests per second (object storage: GET/HEAD). */
    readRequestsPerSecond: finitePositive.optional().describe("Read requests per second (object storage: GET/HEAD)."),
    /** Write requests per second (object storage: PUT/COPY/POST/DELETE). */
    writeRequestsPerSecond: finitePositive
      .optional()
      .describe("Write requests per second (object storage: PUT/COPY/POST/DELETE)."),
    /** Source disagreements and conventions. */
    notes: z.array(z.string().min(1)).optional().describe("Source disagreements and conventions."),
    /** Evidence of individual fields where it differs from the sources' (dotted path -> tag). */
    fieldEvidence: z
      .record(z.string().min(1), evidenceSchema)
      .optional()
      .describe("Evidence of individual fields where it differs from the sources' (dotted path -> tag)."),
    /** Where every figure comes from. */
    sources: sourcesSchema.describe("Where every figure comes from."),
  })
  .strict();

/**
 * A storage tier catalog entry (see {@link storageTierSchema}).
 *
 * @since 0.1.0
 * @category Storage
 */
export type StorageTier = z.infer<typeof storageTierSchema>;
