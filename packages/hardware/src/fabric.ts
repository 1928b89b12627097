import { evidenceSchema, finitePositive, kebabId, positiveInt, rangeSchema, sourcesSchema } from "@aifactory/core";
import { z } from "zod";
import { vendorSchema } from "./accelerator";
import type { BuiltInFabricId } from "./data/fabrics";

/**
 * How a fabric's switches or links are arranged.
 *
 * - `switched-full-bisection`: every endpoint reaches every other through non-blocking switches (NVSwitch).
 * - `fat-tree`: a folded Clos of leaf and spine switches; full bisection unless oversubscribed.
 * - `rail-optimized`: a fat tree where NIC k of every server goes to leaf group k (rail k).
 * - `torus-2d`, `torus-3d`: direct links to neighbours with wrap-around (TPU ICI).
 * - `full-mesh`: a direct link between every pair (AMD Infinity Fabric in an 8-GPU platform).
 * - `point-to-point`: a bridge between a pair of devices (NVLink bridge).
 *
 * @example
 * ```ts
 * import { topologySchema } from "@aifactory/hardware";
 * topologySchema.parse("rail-optimized");
 * ```
 * @since 0.1.0
 * @category Fabrics
 */
export const topologySchema = z.enum([
  "switched-full-bisection",
  "fat-tree",
  "rail-optimized",
  "torus-2d",
  "torus-3d",
  "full-mesh",
  "point-to-point",
]);

/**
 * A fabric topology.
 *
 * @since 0.1.0
 * @category Fabrics
 */
export type Topology = z.infer<typeof topologySchema>;

/**
 * A scale-up or scale-out fabric: NVLink generations, TPU ICI, Infinity Fabric, NeuronLink, InfiniBand, RoCE
 * Ethernet, EFA.
 *
 * Scale-up fabrics carry `perAcceleratorBandwidthGBpsPerDirection` (decimal GB/s, one direction, all links of
 * one accelerator) and `linkBandwidthGBpsPerDirection`; scale-out fabrics carry `portGbitps`, the line rate of one
 * port in Gb/s (bits), which is per direction.
 *
 * @example
 * ```ts
 * import { fabricSchema } from "@aifactory/hardware";
 * fabricSchema.safeParse({ id: "x" }).success; // false
 * ```
 * @since 0.1.0
 * @category Fabrics
 */
export const fabricSchema = z
  .object({
    /** Kebab-case id, e.g. `"infiniband-ndr"`. */
    id: kebabId.describe('Kebab-case id, e.g. `"infiniband-ndr"`.'),
    /** Display name. */
    name: z.string().min(1).describe("Display name."),
    /** Vendor or standards body, where one owns it. */
    vendor: vendorSchema.optional().describe("Vendor or standards body, where one owns it."),
    /** Whether it links accelerators inside a domain (`scale-up`) or systems to each other (`scale-out`). */
    tier: z
      .enum(["scale-up", "scale-out"])
      .describe("Whether it links accelerators inside a domain (`scale-up`) or systems to each other (`scale-out`)."),
    /** Technology family: `nvlink`, `ici`, `infinity-fabric`, `neuronlink`, `infiniband`, `ethernet`, `efa`. */
    family: z
      .string()
      .min(1)
      .describe(
        "Technology family: `nvlink`, `ici`, `infinity-fabric`, `neuronlink`, `infiniband`, `ethernet`, `efa`.",
      ),
    /** Generation or speed grade, e.g. `"4"`, `"NDR"`. */
    generation: z.string().min(1).optional().describe('Generation or speed grade, e.g. `"4"`, `"NDR"`.'),
    /** Bandwidth of one link in one direction, decimal GB/s (scale-up). */
    linkBandwidthGBpsPerDirection: finitePositive
      .optional()
      .describe("Bandwidth of one link in one direction, decimal GB/s (scale-up)."),
    /** Links per accelerator (scale-up). */
    linksPerAccelerator: positiveInt.optional().describe("Links per accelerator (scale-up)."),
    /** All links of one accelerator, one direction, decimal GB/s (scale-up). */
    perAcceleratorBandwidthGBpsPerDirection: finitePositive
      .optional()
      .describe("All links of one accelerator, one direction, decimal GB/s (scale-up)."),
    /** Line rate of one port, Gb/s (bits), per direction (scale-out). */
    portGbitps: finitePositive.optional().describe("Line rate of one port, Gb/s (bits), per direction (scale-out)."),
    /** Ports of one switch ASIC/box at `portGbitps`, where published. */
    switchRadix: positiveInt.optional().describe("Ports of one switch ASIC/box at `portGbitps`, where published."),
    /** Largest domain (accelerators) one fabric instance spans, where published. */
    maxDomainSize: positiveInt
      .optional()
      .describe("Largest domain (accelerators) one fabric instance spans, where published."),
    /** Switch port-to-port latency in ns as published (a range where sources differ). */
    portToPortLatencyNsRange: rangeSchema
      .optional()
      .describe("Switch port-to-port latency in ns as published (a range where sources differ)."),
    /** Whether switches can reduce data in the network (NVIDIA SHARP). */
    inNetworkReduction: z
      .boolean()
      .optional()
      .describe("Whether switches can reduce data in the network (NVIDIA SHARP)."),
    /** Topologies the fabric is deployed in. */
    topologies: z.array(topologySchema).min(1).describe("Topologies the fabric is deployed in."),
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
  .strict()
  .superRefine((fabric, context) => {
    if (fabric.tier === "scale-out" && fabric.portGbitps === undefined) {
      context.addIssue({ code: "custom", path: ["portGbitps"], message: "a scale-out fabric needs portGbitps" });
    }
    if (fabric.tier === "scale-up" && fabric.perAcceleratorBandwidthGBpsPerDirection === undefined) {
      context.addIssue({
        code: "custom",
        path: ["perAcceleratorBandwidthGBpsPerDirection"],
        message: "a scale-up fabric needs perAcceleratorBandwidthGBpsPerDirection",
      });
    }
  });

/**
 * A fabric catalog entry (see {@link fabricSchema}).
 *
 * @since 0.1.0
 * @category Fabrics
 */
export type Fabric = z.infer<typeof fabricSchema>;

/**
 * Ids of the built-in fabrics (read from the catalog data, `BuiltInFabricId`), plus any string.
 *
 * @since 0.1.0
 * @category Fabrics
 */
export type FabricId = BuiltInFabricId | (string & {});
