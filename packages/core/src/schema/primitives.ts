import { z } from "zod";

/**
 * A finite number strictly greater than zero (no NaN, no Infinity).
 *
 * @example
 * ```ts
 * import { finitePositive } from "@aifactory/core";
 * finitePositive.parse(700); // 700
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const finitePositive = z.number().finite().positive();

/**
 * A finite number greater than or equal to zero.
 *
 * @example
 * ```ts
 * import { finiteNonNegative } from "@aifactory/core";
 * finiteNonNegative.parse(0); // 0
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const finiteNonNegative = z.number().finite().nonnegative();

/**
 * A positive integer (counts: GPUs, layers, tokens).
 *
 * @example
 * ```ts
 * import { positiveInt } from "@aifactory/core";
 * positiveInt.parse(1024); // 1024
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const positiveInt = z.number().int().positive();

/**
 * A non-negative integer.
 *
 * @example
 * ```ts
 * import { nonNegativeInt } from "@aifactory/core";
 * nonNegativeInt.parse(0); // 0
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const nonNegativeInt = z.number().int().nonnegative();

/**
 * A ratio in [0, 1] (`...Ratio` fields: utilisation, efficiency, hit ratio).
 *
 * @example
 * ```ts
 * import { ratio } from "@aifactory/core";
 * ratio.parse(0.45); // 0.45
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const ratio = z.number().finite().min(0).max(1);

/**
 * A percentage in [0, 100] (`...Percent` fields).
 *
 * @example
 * ```ts
 * import { percent } from "@aifactory/core";
 * percent.parse(44); // 44
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const percent = z.number().finite().min(0).max(100);

/** The pattern every aifactory id matches: lower-case kebab-case, dots allowed inside (e.g. `llama-3.1-8b`). */
export const KEBAB_ID_PATTERN = /^[a-z0-9]+(?:[.-][a-z0-9]+)*$/;

/**
 * A kebab-case id: lower-case letters and digits separated by `-` (and `.` for version numbers such as
 * `llama-3.1-70b`).
 *
 * @example
 * ```ts
 * import { kebabId } from "@aifactory/core";
 * kebabId.parse("nvidia-h100-sxm"); // "nvidia-h100-sxm"
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const kebabId = z.string().regex(KEBAB_ID_PATTERN, {
  message: "must be a kebab-case id such as nvidia-h100-sxm (lower-case, digits, - and .)",
});

/**
 * A calendar date `YYYY-MM-DD` or month `YYYY-MM` or year `YYYY`, as sources give them.
 *
 * @example
 * ```ts
 * import { isoDate } from "@aifactory/core";
 * isoDate.parse("2024-03"); // "2024-03"
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const isoDate = z
  .string()
  .regex(/^\d{4}(?:-\d{2}(?:-\d{2})?)?$/, { message: "must be a date YYYY, YYYY-MM or YYYY-MM-DD" });

/**
 * A numeric range `{ min, max }` with `min <= max`, for uncertain figures.
 *
 * @example
 * ```ts
 * import { rangeSchema } from "@aifactory/core";
 * rangeSchema.parse({ min: 15, max: 575 });
 * ```
 * @since 0.1.0
 * @category Schemas
 */
export const rangeSchema = z
  .object({ min: z.number().finite(), max: z.number().finite() })
  .refine((range) => range.min <= range.max, { message: "min must not exceed max" });

/**
 * A `{ min, max }` range.
 *
 * @since 0.1.0
 * @category Schemas
 */
export type Range = z.infer<typeof rangeSchema>;
