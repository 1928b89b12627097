import {
  evidenceSchema,
  finiteNonNegative,
  finitePositive,
  kebabId,
  positiveInt,
  rangeSchema,
  sourcesSchema,
} from "@aifactory/core";
import { z } from "zod";
import type { BuiltInAcceleratorId } from "./data/accelerators";
import { tflopsByDtypeSchema } from "./dtype";

/**
 * An accelerator or system vendor: a known lower-case name or any other string.
 *
 * @example
 * ```ts
 * import { vendorSchema } from "@aifactory/hardware";
 * vendorSchema.parse("nvidia");
 * ```
 * @since 0.1.0
 * @category Accelerators
 */
export const vendorSchema = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, {
  message: "must be a lower-case vendor name such as nvidia, amd, intel, google or aws",
}) as z.ZodType<Vendor, string>;

/**
 * A vendor: `"nvidia" | "amd" | "intel" | "google" | "aws"` or another lower-case name.
 *
 * @since 0.1.0
 * @category Accelerators
 */
export type Vendor = "nvidia" | "amd" | "intel" | "google" | "aws" | (string & {});

/**
 * The scale-up domain of an accelerator: the fast fabric (NVLink, Infinity Fabric, ICI, NeuronLink, on-die
 * Ethernet) that links a small group of accelerators.
 *
 * `bandwidthGBpsPerDirection` is the per-accelerator aggregate over all scale-up links in ONE direction, in
 * decimal GB/s: what nccl-tests bus bandwidth should be compared with. Vendors usually quote the sum of both
 * directions (NVLink 4: "900 GB/s" = 450 per direction); their wording is kept in `bandwidthAsStated`.
 *
 * @example
 * ```ts
 * import { scaleUpSchema } from "@aifactory/hardware";
 * scaleUpSchema.parse({ technology: "NVLink 4", bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 });
 * ```
 * @since 0.1.0
 * @category Accelerators
 */
export const scaleUpSchema = z
  .object({
    /** The link technology, e.g. `"NVLink 4 via NVSwitch gen 3"`. */
    technology: z.string().min(1).describe('The link technology, e.g. `"NVLink 4 via NVSwitch gen 3"`.'),
    /** Per-accelerator aggregate bandwidth in one direction, decimal GB/s (0 when there is no scale-up link). */
    bandwidthGBpsPerDirection: finiteNonNegative.describe(
      "Per-accelerator aggregate bandwidth in one direction, decimal GB/s (0 when there is no scale-up link).",
    ),
    /** The vendor's own wording of the bandwidth (often bidirectional). */
    bandwidthAsStated: z
      .string()
      .min(1)
      .optional()
      .describe("The vendor's own wording of the bandwidth (often bidirectional)."),
    /** Accelerators in one scale-up domain (8 for an HGX board, 72 for an NVL72 rack, 1 when none). */
    scaleUpDomainSize: positiveInt.describe(
      "Accelerators in one scale-up domain (8 for an HGX board, 72 for an NVL72 rack, 1 when none).",
    ),
    /** The catalog fabric this domain uses, if listed (see `listFabrics()`). */
    fabricId: kebabId.optional().describe("The catalog fabric this domain uses, if listed (see `listFabrics()`)."),
  })
  .strict();

/**
 * A scale-up domain.
 *
 * @since 0.1.0
 * @category Accelerators
 */
export type ScaleUp = z.infer<typeof scaleUpSchema>;

/**
 * One AI accelerator (GPU, TPU, Gaudi, Trainium) with its peak figures and the sources of every figure.
 *
 * Units are in the names: `denseTflops` per format (TFLOPS = 1e12 FLOP/s; `int8` holds TOPS), `memoryGB` in
 * decimal GB as the vendor states it (converted when the vendor states GiB), `memoryBandwidthGBps` in decimal
 * GB/s, `tdpWatts` in W, `scaleOutGbitpsPerAccelerator` in Gb/s (bits). Dense and sparse (2:4 structured sparsity) peaks
 * are separate fields; compute MFU against the dense peak.
 *
 * `fieldEvidence` maps dotted field paths (e.g. `"denseTflops.tf32"`) to an evidence tag where a field is less
 * certain than the entry's sources say; `notes` record disagreements between sources.
 *
 * @example
 * ```ts
 * import { acceleratorSchema } from "@aifactory/hardware";
 * const result = acceleratorSchema.safeParse({ id: "x" });
 * result.success; // false: name, figures and sources are missing
 * ```
 * @since 0.1.0
 * @category Accelerators
 */
export const acceleratorSchema = z
  .object({
    /** Kebab-case id, e.g. `"nvidia-h100-sxm"`. */
    id: kebabId.describe('Kebab-case id, e.g. `"nvidia-h100-sxm"`.'),
    /** Display name, e.g. `"NVIDIA H100 SXM 80GB"`. */
    name: z.string().min(1).describe('Display name, e.g. `"NVIDIA H100 SXM 80GB"`.'),
    /** Lower-case vendor. */
    vendor: vendorSchema.describe("Lower-case vendor."),
    /** Year of first availability. */
    launchYear: z.number().int().min(2010).max(2100).describe("Year of first availability."),
    /** Dense peak per format (TFLOPS; TOPS for int8). */
    denseTflops: tflopsByDtypeSchema.describe("Dense peak per format (TFLOPS; TOPS for int8)."),
    /** 2:4 structured-sparsity peak per format, only where a source gives it. */
    sparseTflops: tflopsByDtypeSchema
      .optional()
      .describe("2:4 structured-sparsity peak per format, only where a source gives it."),
    /** Memory capacity as the vendor states it, decimal GB (1e9 B). */
    memoryGB: finitePositive.describe("Memory capacity as the vendor states it, decimal GB (1e9 B)."),
    /** The vendor's wording of the capacity, e.g. `"80 GB HBM3"` or `"96 GiB HBM"`. */
    memoryAsStated: z
      .string()
      .min(1)
      .optional()
      .describe('The vendor\'s wording of the capacity, e.g. `"80 GB HBM3"` or `"96 GiB HBM"`.'),
    /** Capacity software sees (nvidia-smi total), decimal GB, where a source gives it. */
    memoryUsableGB: finitePositive
      .optional()
      .describe("Capacity software sees (nvidia-smi total), decimal GB, where a source gives it."),
    /** Physical capacity where it differs from the stated one, decimal GB. */
    memoryPhysicalGB: finitePositive
      .optional()
      .describe("Physical capacity where it differs from the stated one, decimal GB."),
    /** Peak memory (HBM/GDDR) bandwidth, decimal GB/s. */
    memoryBandwidthGBps: finitePositive.describe("Peak memory (HBM/GDDR) bandwidth, decimal GB/s."),
    /** Where sources disagree on the memory bandwidth: the range they span, GB/s. */
    memoryBandwidthGBpsRange: rangeSchema
      .optional()
      .describe("Where sources disagree on the memory bandwidth: the range they span, GB/s."),
    /**
     * Board/module power (TDP) in W. Left out where the vendor publishes none (Google TPUs): use
     * `measuredPowerWatts` or pass a power figure explicitly to energy models.
     */
    tdpWatts: finitePositive.optional(),
    /** Configurable TDP range in W (e.g. H100 PCIe 300-350 W). */
    tdpWattsRange: rangeSchema.optional().describe("Configurable TDP range in W (e.g. H100 PCIe 300-350 W)."),
    /** Measured power in W where the vendor publishes that instead of a TDP (TPU v4). */
    measuredPowerWatts: z
      .object({ min: finitePositive, mean: finitePositive, max: finitePositive })
      .strict()
      .optional(),
    /** The scale-up domain. */
    scaleUp: scaleUpSchema.describe("The scale-up domain."),
    /** NIC rate per accelerator in the usual reference system, Gb/s (bits). */
    scaleOutGbitpsPerAccelerator: finitePositive
      .optional()
      .describe("NIC rate per accelerator in the usual reference system, Gb/s (bits)."),
    /** Source disagreements and conventions a reader should know. */
    notes: z.array(z.string().min(1)).optional().describe("Source disagreements and conventions a reader should know."),
    /** Evidence of individual fields where it differs from the sources' (dotted path -> tag). */
    fieldEvidence: z
      .record(z.string().min(1), evidenceSchema)
      .optional()
      .describe("Evidence of individual fields where it differs from the sources' (dotted path -> tag)."),
    /** Where every figure comes from (at least one). */
    sources: sourcesSchema.describe("Where every figure comes from (at least one)."),
  })
  .strict();

/**
 * An accelerator catalog entry (see {@link acceleratorSchema}).
 *
 * @since 0.1.0
 * @category Accelerators
 */
export type Accelerator = z.infer<typeof acceleratorSchema>;

/**
 * What a hardware pack may write for an accelerator (the schema's input type).
 *
 * @since 0.1.0
 * @category Accelerators
 */
export type AcceleratorInput = z.input<typeof acceleratorSchema>;

/**
 * Ids of the built-in accelerators (read from the catalog data, `BuiltInAcceleratorId`), plus any string: plugins
 * and packs add more.
 *
 * @since 0.1.0
 * @category Accelerators
 */
export type AcceleratorId = BuiltInAcceleratorId | (string & {});
