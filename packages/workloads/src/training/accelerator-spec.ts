import { finitePositive, parseInput, positiveInt } from "@aifactory/core";
import { type AcceleratorId, getAccelerator } from "@aifactory/hardware";
import { z } from "zod";
import type { LeafGroupFabric } from "../collectives/collective-time";

/**
 * The accelerator figures the training model reads, as plain data. Any `Accelerator` from
 * `@aifactory/hardware` satisfies it, and so does an unlisted part a user describes by hand.
 *
 * Units: `denseTflops` in TFLOPS (1e12 FLOP/s, dense, no sparsity); `memoryGB` as the vendor states it (see
 * {@link acceleratorMemoryBytes} for how it is turned into bytes); `memoryBandwidthGBps` and
 * `scaleUp.bandwidthGBpsPerDirection` in decimal GB/s, per direction; `scaleOutGbitpsPerAccelerator` in Gb/s (bits).
 *
 * @example
 * ```ts
 * import { acceleratorSpecSchema } from "@aifactory/workloads";
 * acceleratorSpecSchema.parse({
 *   id: "nvidia-a100-sxm-80gb", denseTflops: { bf16: 312 }, memoryGB: 80, memoryBandwidthGBps: 2039,
 *   scaleUp: { bandwidthGBpsPerDirection: 300, scaleUpDomainSize: 8 }, scaleOutGbitpsPerAccelerator: 200,
 * });
 * ```
 * @since 0.1.0
 * @category Training
 */
export const acceleratorSpecSchema = z.looseObject({
  /** Id (any string; used in messages). */
  id: z.string().min(1),
  /** Display name. */
  name: z.string().optional(),
  /** Dense peaks per format, TFLOPS. */
  denseTflops: z.looseObject({
    bf16: finitePositive.optional(),
    fp16: finitePositive.optional(),
    fp8: finitePositive.optional(),
  }),
  /** Memory as the vendor states it, GB. */
  memoryGB: finitePositive,
  /** Memory the runtime exposes, GB, where a source gives it (preferred over memoryGB). */
  memoryUsableGB: finitePositive.optional(),
  /** Peak HBM bandwidth, decimal GB/s. */
  memoryBandwidthGBps: finitePositive,
  /** Scale-up domain. */
  scaleUp: z.looseObject({
    bandwidthGBpsPerDirection: z.number().finite().nonnegative(),
    scaleUpDomainSize: positiveInt,
  }),
  /** NIC rate per accelerator, Gb/s. */
  scaleOutGbitpsPerAccelerator: finitePositive.optional(),
  /**
   * The scale-out fabric the accelerators sit on, where it is not non-blocking: accelerators under one leaf group
   * (a rail group: leaf down ports x accelerators per node) and the leaf down:up ratio. All-to-all traffic that
   * leaves a leaf group shares the uplinks (`allToAllFabricFactor`); `scaleOutFabricProfile` in
   * `@aifactory/hardware` derives both from a `designFabric` result. Undefined: non-blocking.
   */
  scaleOutFabric: z
    .object({
      leafGroupAccelerators: positiveInt,
      leafOversubscriptionRatio: z.number().finite().min(1),
    })
    .strict()
    .optional(),
  /**
   * Host link (second memory tier) per accelerator, per direction, decimal GB/s (PCIe 5 x16: 64; NVLink-C2C on
   * GH200: 450). Optimizer offload is priced and searched only when it is given.
   */
  hostLinkGBps: finitePositive.optional(),
});

/**
 * The accelerator figures the training model reads. See {@link acceleratorSpecSchema}.
 *
 * @example
 * ```ts
 * import { type AcceleratorSpec } from "@aifactory/workloads";
 * const mine: AcceleratorSpec = { id: "my-gpu", denseTflops: { bf16: 500 }, memoryGB: 96,
 *   memoryBandwidthGBps: 4000, scaleUp: { bandwidthGBpsPerDirection: 400, scaleUpDomainSize: 8 } };
 * ```
 * @since 0.1.0
 * @category Training
 */
export type AcceleratorSpec = z.infer<typeof acceleratorSpecSchema>;

/**
 * Bytes of one GiB: HBM capacity convention of this package.
 *
 * @example
 * ```ts
 * import { HBM_BYTES_PER_VENDOR_GB } from "@aifactory/workloads";
 * 80 * HBM_BYTES_PER_VENDOR_GB; // 85899345920
 * ```
 * @since 0.1.0
 * @category Training
 */
export const HBM_BYTES_PER_VENDOR_GB = 2 ** 30;

/**
 * Device memory the model may fill, in bytes.
 *
 * Convention (documented, explicit): HBM is sold in binary stack sizes, so a vendor's "80 GB" HBM is read as
 * 80 GiB = 85.9e9 B, as NVIDIA's AIConfigurator models it (see the reference README's "Decimal GB vs GiB"
 * paragraph). Where a source gives the runtime-visible capacity (`memoryUsableGB`, e.g. B200 180 of 192), that
 * figure is used instead, with the same GiB reading. Nothing is subtracted here: the CUDA context, NCCL and
 * allocator reserve are a separate `buffersBytes` term of the memory breakdown.
 *
 * @param accelerator - the accelerator
 * @returns capacity in bytes
 * @example
 * ```ts
 * import { acceleratorMemoryBytes } from "@aifactory/workloads";
 * acceleratorMemoryBytes({ id: "x", denseTflops: {}, memoryGB: 80, memoryBandwidthGBps: 3350,
 *   scaleUp: { bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 } }); // 85899345920
 * ```
 * @since 0.1.0
 * @category Training
 */
export function acceleratorMemoryBytes(accelerator: AcceleratorSpec): number {
  return (accelerator.memoryUsableGB ?? accelerator.memoryGB) * HBM_BYTES_PER_VENDOR_GB;
}

/**
 * Resolves an accelerator given as a catalog id (looked up in `@aifactory/hardware`) or as plain data (an
 * `Accelerator`, or an unlisted part described by hand), and validates the figures the models read.
 *
 * @param value - an accelerator id such as `"nvidia-h100-sxm"`, or accelerator data
 * @returns the accelerator figures
 * @throws NotFoundError for an unknown id (with the nearest ids); InvalidInputError for bad data
 * @example
 * ```ts
 * import { resolveAccelerator } from "@aifactory/workloads";
 * resolveAccelerator("nvidia-h100-sxm").denseTflops.bf16; // 989
 * ```
 * @since 0.1.0
 * @category Training
 */
export function resolveAccelerator(value: AcceleratorId | AcceleratorSpec): AcceleratorSpec {
  if (typeof value === "string") return getAccelerator(value);
  return parseInput(acceleratorSpecSchema, value, "accelerator");
}

/**
 * The scale-out fabric of an accelerator spec in the collectives' terms: scale-up domains per leaf group and the
 * leaf oversubscription (undefined when the spec gives no fabric: non-blocking).
 *
 * @param accelerator - the spec
 * @returns the leaf-group fabric, or undefined
 * @example
 * ```ts
 * import { leafGroupFabric } from "@aifactory/workloads";
 * leafGroupFabric({ scaleUp: { bandwidthGBpsPerDirection: 450, scaleUpDomainSize: 8 },
 *   scaleOutFabric: { leafGroupAccelerators: 256, leafOversubscriptionRatio: 2 } })?.leafGroupDomains; // 32
 * ```
 * @since 0.5.0
 * @category Training
 */
export function leafGroupFabric(
  accelerator: Pick<AcceleratorSpec, "scaleUp" | "scaleOutFabric">,
): LeafGroupFabric | undefined {
  const fabric = accelerator.scaleOutFabric;
  if (fabric === undefined) return undefined;
  return {
    leafGroupDomains: Math.max(
      1,
      Math.floor(fabric.leafGroupAccelerators / Math.max(1, accelerator.scaleUp.scaleUpDomainSize)),
    ),
    leafOversubscriptionRatio: fabric.leafOversubscriptionRatio,
  };
}
