import { evidenceSchema, finitePositive, kebabId, positiveInt, rangeSchema, sourcesSchema } from "@aifactory/core";
import { z } from "zod";
import { vendorSchema } from "./accelerator";
import type { BuiltInSystemId } from "./data/systems";

/**
 * The host CPUs of a system.
 *
 * @example
 * ```ts
 * import { hostCpusSchema } from "@aifactory/hardware";
 * hostCpusSchema.parse({ model: "Intel Xeon Platinum 8480C", count: 2, coresPerCpu: 56 });
 * ```
 * @since 0.1.0
 * @category Systems
 */
export const hostCpusSchema = z
  .object({
    /** CPU model, e.g. `"Intel Xeon Platinum 8480C"`. */
    model: z.string().min(1).describe('CPU model, e.g. `"Intel Xeon Platinum 8480C"`.'),
    /** Sockets (or CPU packages) per system. */
    count: positiveInt.describe("Sockets (or CPU packages) per system."),
    /** Cores per CPU, where published. */
    coresPerCpu: positiveInt.optional().describe("Cores per CPU, where published."),
  })
  .strict();

/**
 * A group of identical network adapters in a system.
 *
 * @example
 * ```ts
 * import { nicSchema } from "@aifactory/hardware";
 * nicSchema.parse({ model: "NVIDIA ConnectX-7", count: 8, gbitpsPerPort: 400, portsPerNic: 1, purpose: "compute" });
 * ```
 * @since 0.1.0
 * @category Systems
 */
export const nicSchema = z
  .object({
    /** Adapter model, e.g. `"NVIDIA ConnectX-7"`. */
    model: z.string().min(1).describe('Adapter model, e.g. `"NVIDIA ConnectX-7"`.'),
    /** Adapters of this model in the system. */
    count: positiveInt.describe("Adapters of this model in the system."),
    /** Line rate of one port, Gb/s (bits). */
    gbitpsPerPort: finitePositive.describe("Line rate of one port, Gb/s (bits)."),
    /** Ports per adapter (default 1). */
    portsPerNic: positiveInt.optional().describe("Ports per adapter (default 1)."),
    /** What the adapters carry: the GPU compute fabric, storage/in-band management, or out-of-band management. */
    purpose: z
      .enum(["compute", "storage", "management", "converged"])
      .optional()
      .describe(
        "What the adapters carry: the GPU compute fabric, storage/in-band management, or out-of-band management.",
      ),
  })
  .strict();

/**
 * A system: a server, board or rack-scale unit built around several accelerators of one kind, with its host,
 * network adapters, power and rack density.
 *
 * `systemPowerWatts` is the vendor's maximum system input power in W (e.g. DGX H100 10.2 kW); it is left out
 * where no vendor figure is published, in which case energy models need a power figure from the caller.
 *
 * @example
 * ```ts
 * import { systemSchema } from "@aifactory/hardware";
 * systemSchema.safeParse({ id: "x" }).success; // false
 * ```
 * @since 0.1.0
 * @category Systems
 */
export const systemSchema = z
  .object({
    /** Kebab-case id, e.g. `"nvidia-dgx-h100"`. */
    id: kebabId.describe('Kebab-case id, e.g. `"nvidia-dgx-h100"`.'),
    /** Display name. */
    name: z.string().min(1).describe("Display name."),
    /** Lower-case vendor. */
    vendor: vendorSchema.describe("Lower-case vendor."),
    /** The accelerator it is built on (an accelerator id of the catalog or of a plugin). */
    acceleratorId: kebabId.describe(
      "The accelerator it is built on (an accelerator id of the catalog or of a plugin).",
    ),
    /** Accelerators per system. */
    acceleratorCount: positiveInt.describe("Accelerators per system."),
    /** Host CPUs, where published. */
    hostCpus: hostCpusSchema.optional().describe("Host CPUs, where published."),
    /** Host (CPU) memory, decimal GB. */
    hostMemoryGB: finitePositive.optional().describe("Host (CPU) memory, decimal GB."),
    /** Network adapters. */
    nics: z.array(nicSchema).optional().describe("Network adapters."),
    /** Maximum system input power, W. */
    systemPowerWatts: finitePositive.optional().describe("Maximum system input power, W."),
    /** Range of published system power figures, W, where sources differ. */
    systemPowerWattsRange: rangeSchema
      .optional()
      .describe("Range of published system power figures, W, where sources differ."),
    /** Height in rack units (1U = 44.45 mm), for rack-mounted servers. */
    rackUnits: positiveInt.optional().describe("Height in rack units (1U = 44.45 mm), for rack-mounted servers."),
    /** Systems per rack in the vendor's reference rack, where published. */
    systemsPerRack: positiveInt
      .optional()
      .describe("Systems per rack in the vendor's reference rack, where published."),
    /** Power of the vendor's reference rack, W. */
    rackPowerWatts: finitePositive.optional().describe("Power of the vendor's reference rack, W."),
    /** Cooling of the reference configuration. */
    cooling: z.enum(["air", "liquid", "air-or-liquid"]).optional().describe("Cooling of the reference configuration."),
    /** Accelerators in one scale-up domain inside or across this system. */
    scaleUpDomainSize: positiveInt
      .optional()
      .describe("Accelerators in one scale-up domain inside or across this system."),
    /** Source disagreements and conventions. */
    notes: z.array(z.string().min(1)).optional().describe("Source disagreements and conventions."),
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
 * A system catalog entry (see {@link systemSchema}).
 *
 * @since 0.1.0
 * @category Systems
 */
export type System = z.infer<typeof systemSchema>;

/**
 * What a hardware pack may write for a system (the schema's input type).
 *
 * @since 0.1.0
 * @category Systems
 */
export type SystemInput = z.input<typeof systemSchema>;

/**
 * Ids of the built-in systems (read from the catalog data, `BuiltInSystemId`), plus any string: plugins and
 * packs add more.
 *
 * @since 0.1.0
 * @category Systems
 */
export type SystemId = BuiltInSystemId | (string & {});
