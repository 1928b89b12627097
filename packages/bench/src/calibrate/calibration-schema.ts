import { ratio } from "@aifactory/core";
import { z } from "zod";

/**
 * The version of the calibration-file format.
 *
 * @example
 * ```ts
 * import { CALIBRATION_SCHEMA_VERSION } from "@aifactory/bench";
 * CALIBRATION_SCHEMA_VERSION; // 1
 * ```
 * @since 0.1.0
 * @category Calibration
 */
export const CALIBRATION_SCHEMA_VERSION = 1;

/**
 * A calibration file: efficiency factors measured on real hardware, ready to replace the workload models'
 * defaults. `efficiency` uses the field names of `@aifactory/workloads`' `trainingEfficiencySchema`
 * (`matmulRatio`, `memoryBandwidthRatio`, `scaleUpBusBandwidthRatio`, `scaleOutBusBandwidthRatio`), so it can be
 * passed as the `efficiency` input directly; `measurements` keeps the per-dtype, per-shape and per-size detail
 * behind each factor.
 *
 * @example
 * ```ts
 * import { calibrationFileSchema } from "@aifactory/bench";
 * // const calibration = calibrationFileSchema.parse(JSON.parse(readFileSync("calibration.json", "utf8")));
 * // trainingStep({ ..., efficiency: calibration.efficiency })
 * calibrationFileSchema.safeParse({ schemaVersion: 1, kind: "aifactory-calibration" }).success; // false: no acceleratorId, ...
 * ```
 * @since 0.1.0
 * @category Calibration
 */
export const calibrationFileSchema = z.object({
  schemaVersion: z.literal(CALIBRATION_SCHEMA_VERSION),
  kind: z.literal("aifactory-calibration"),
  createdAt: z.string(),
  /** Catalog accelerator the ratios are relative to. */
  acceleratorId: z.string(),
  /** Device names as the tools reported them. */
  deviceNames: z.array(z.string()).default([]),
  /** Efficiency factors (achieved / peak, 0..1), named as the workload models name them. */
  efficiency: z
    .object({
      matmulRatio: ratio.optional(),
      memoryBandwidthRatio: ratio.optional(),
      scaleUpBusBandwidthRatio: ratio.optional(),
      scaleOutBusBandwidthRatio: ratio.optional(),
    })
    .strict(),
  /** Best achieved / dense peak per catalog dtype (`fp32`, `fp16`, `bf16`, ...). */
  matmulRatioByDtype: z.record(z.string(), ratio).default({}),
  measurements: z.object({
    matmul: z.array(
      z.object({
        dtype: z.string(),
        m: z.number().int().positive().optional(),
        n: z.number().int().positive().optional(),
        k: z.number().int().positive().optional(),
        achievedTflops: z.number().nonnegative(),
        peakTflops: z.number().positive().optional(),
        ratio: z.number().nonnegative().optional(),
      }),
    ),
    memoryBandwidth: z.array(
      z.object({
        kernel: z.string(),
        achievedGBps: z.number().nonnegative(),
        peakGBps: z.number().positive(),
        ratio: z.number().nonnegative(),
      }),
    ),
    collectives: z.array(
      z.object({
        collective: z.string(),
        scope: z.enum(["scale-up", "scale-out"]),
        sizeBytes: z.number().int().nonnegative(),
        ranks: z.number().int().positive().optional(),
        busBandwidthGBps: z.number().nonnegative(),
        linkGBps: z.number().positive().optional(),
        ratio: z.number().nonnegative().optional(),
      }),
    ),
  }),
  /** Result sets the file was computed from. */
  sources: z.array(z.object({ label: z.string(), createdAt: z.string().optional(), hostname: z.string().optional() })),
  warnings: z.array(z.string()).default([]),
});

/**
 * A calibration file; see {@link calibrationFileSchema}.
 *
 * @example
 * ```ts
 * import type { CalibrationFile } from "@aifactory/bench";
 * const matmulRatio = (file: CalibrationFile) => file.efficiency.matmulRatio ?? file.matmulRatioByDtype.bf16;
 * ```
 * @since 0.1.0
 * @category Calibration
 */
export type CalibrationFile = z.infer<typeof calibrationFileSchema>;
