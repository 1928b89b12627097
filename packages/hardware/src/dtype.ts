import { finitePositive } from "@aifactory/core";
import { z } from "zod";

/**
 * Every numeric format the catalog lists peaks for, from the widest to the narrowest floating-point format,
 * then `int8` (whose peak is in TOPS, not TFLOPS).
 *
 * @example
 * ```ts
 * import { DTYPES } from "@aifactory/hardware";
 * DTYPES.includes("bf16"); // true
 * ```
 * @since 0.1.0
 * @category Accelerators
 */
export const DTYPES = ["fp64", "fp32", "tf32", "bf16", "fp16", "fp8", "fp6", "fp4", "int8"] as const;

/**
 * A numeric format: `fp64`, `fp32`, `tf32`, `bf16`, `fp16`, `fp8`, `fp6`, `fp4` or `int8`.
 *
 * @example
 * ```ts
 * import { dtypeSchema } from "@aifactory/hardware";
 * dtypeSchema.parse("fp8"); // "fp8"
 * ```
 * @since 0.1.0
 * @category Accelerators
 */
export const dtypeSchema = z.enum(DTYPES, {
  message: `must be one of ${DTYPES.join(", ")}`,
});

/**
 * A numeric format.
 *
 * @since 0.1.0
 * @category Accelerators
 */
export type Dtype = z.infer<typeof dtypeSchema>;

/**
 * Peak throughput per format in TFLOPS (1e12 FLOP/s); the `int8` key holds TOPS. A key is present only where
 * a source publishes that format's peak.
 *
 * Conventions: `fp64` is the FP64 matrix (tensor-core) rate where one exists, `fp32` the vector FP32 rate unless
 * the entry's notes say otherwise, and `tf32` ... `fp4` are matrix-engine rates. `fp16` is never assumed equal
 * to `bf16` unless a source lists it.
 *
 * @example
 * ```ts
 * import { tflopsByDtypeSchema } from "@aifactory/hardware";
 * tflopsByDtypeSchema.parse({ bf16: 989, fp8: 1979 });
 * ```
 * @since 0.1.0
 * @category Accelerators
 */
export const tflopsByDtypeSchema = z
  .object({
    fp64: finitePositive.optional(),
    fp32: finitePositive.optional(),
    tf32: finitePositive.optional(),
    bf16: finitePositive.optional(),
    fp16: finitePositive.optional(),
    fp8: finitePositive.optional(),
    fp6: finitePositive.optional(),
    fp4: finitePositive.optional(),
    int8: finitePositive.optional(),
  })
  .strict();

/**
 * Peak TFLOPS (TOPS for `int8`) per format.
 *
 * @since 0.1.0
 * @category Accelerators
 */
export type TflopsByDtype = z.infer<typeof tflopsByDtypeSchema>;

/**
 * Bytes one element of a format occupies (fp6 and fp4 are packed: 0.75 and 0.5 bytes).
 *
 * @example
 * ```ts
 * import { BYTES_PER_ELEMENT } from "@aifactory/hardware";
 * BYTES_PER_ELEMENT.bf16; // 2
 * ```
 * @since 0.1.0
 * @category Accelerators
 */
export const BYTES_PER_ELEMENT: Readonly<Record<Dtype, number>> = Object.freeze({
  fp64: 8,
  fp32: 4,
  tf32: 4,
  bf16: 2,
  fp16: 2,
  fp8: 1,
  fp6: 0.75,
  fp4: 0.5,
  int8: 1,
});
