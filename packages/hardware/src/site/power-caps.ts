import { InvalidInputError, kebabId, rangeSchema, sourcesSchema } from "@aifactory/core";
import { z } from "zod";

/**
 * One published point of throughput under a power cap: the cap, W, and the throughput relative to the curve's
 * reference cap (1 = as fast as at the reference). `measured` points come from a published measurement;
 * `derived` ones by arithmetic from published figures (the note gives it); the reference point is `reference`.
 *
 * @example
 * ```ts
 * import { powerCapPointSchema } from "@aifactory/hardware";
 * powerCapPointSchema.parse({ capWatts: 600, throughputRatio: 0.875, basis: "measured" }).capWatts; // 600
 * ```
 * @since 0.3.0
 * @category Site
 */
export const powerCapPointSchema = z
  .object({
    capWatts: z.number().finite().positive(),
    /** Throughput relative to the reference cap's (0..1]. */
    throughputRatio: z.number().finite().positive().max(1),
    /** Range across the source's runs or wording, where it gives one. */
    throughputRatioRange: rangeSchema.optional(),
    basis: z.enum(["reference", "measured", "derived"]),
    note: z.string().min(1).optional(),
  })
  .strict();

/**
 * A power-cap point.
 *
 * @since 0.3.0
 * @category Site
 */
export type PowerCapPoint = z.infer<typeof powerCapPointSchema>;

/**
 * Published throughput-vs-power-cap points of one accelerator for one kind of work (`training`, `serving`, or
 * `decode` for the decode phase of serving alone). Points are sorted by cap; the highest is the reference cap.
 *
 * @example
 * ```ts
 * import { powerCapCurveSchema } from "@aifactory/hardware";
 * powerCapCurveSchema.safeParse({ acceleratorId: "x" }).success; // false
 * ```
 * @since 0.3.0
 * @category Site
 */
export const powerCapCurveSchema = z
  .object({
    acceleratorId: kebabId,
    workload: z.enum(["training", "serving", "decode"]),
    /** The cap every ratio is relative to, W (the accelerator's TDP where the study ran at TDP). */
    referenceCapWatts: z.number().finite().positive(),
    points: z.array(powerCapPointSchema).min(2),
    notes: z.array(z.string().min(1)).default([]),
    sources: sourcesSchema,
  })
  .strict();

/**
 * A power-cap curve.
 *
 * @since 0.3.0
 * @category Site
 */
export type PowerCapCurve = z.output<typeof powerCapCurveSchema>;

// Parsed on first use, not on import: programs that never look at power caps (most `aif` commands) do not pay
// for validating these curves on every start.
const CURVE_DATA: readonly z.input<typeof powerCapCurveSchema>[] = [
  {
    acceleratorId: "nvidia-h100-sxm",
    workload: "training",
    referenceCapWatts: 700,
    points: [
      {
        capWatts: 600,
        throughputRatio: 0.875,
        throughputRatioRange: { min: 0.85, max: 0.9 },
        basis: "measured",
        note: "'capping an H100 at 600 W typically loses 10 to 15 % step throughput' on transformer pretraining (FP8 loses 15-20%)",
      },
      { capWatts: 700, throughputRatio: 1, basis: "reference", note: "H100 SXM TDP, the default power limit" },
    ],
    notes: [
      "One secondary source; the 10-15% range is kept. FP8 runs lose more (15-20%) according to the same source.",
    ],
    sources: [
      {
        title: "Power Capping (Factryze Scale Atlas)",
        url: "https://factryze.ai/scale-atlas/power/power-capping",
        publisher: "Factryze",
        evidence: "secondary",
        note: "H100 SXM5 default cap 700 W; 600 W costs 10-15% step throughput on transformer pretraining",
      },
    ],
  },
  {
    acceleratorId: "nvidia-h100-sxm",
    workload: "serving",
    referenceCapWatts: 700,
    points: [
      {
        capWatts: 600,
        throughputRatio: 0.935,
        throughputRatioRange: { min: 0.92, max: 0.95 },
        basis: "derived",
        note: "'reducing an H100 from 700W to 600W (14% power cut) typically yields only a 5-8% throughput decrease for memory-bound LLM inference': ratio 1 - 0.065 (midpoint), range 0.92-0.95",
      },
      { capWatts: 700, throughputRatio: 1, basis: "reference", note: "H100 SXM TDP, the default power limit" },
    ],
    notes: [
      "One secondary source (a GPU-monitoring vendor's glossary), 'typically', without the model, batch or engine; the 5-8% range is kept.",
      "Memory-bound serving loses less than training at the same cap (10-15%, the training curve): decode is HBM-bound.",
    ],
    sources: [
      {
        title: "Power Capping (Factryze GPU glossary)",
        url: "https://factryze.ai/glossary/power-capping",
        publisher: "Factryze",
        evidence: "secondary",
        note: "H100 700 W -> 600 W: typically a 5-8% throughput decrease for memory-bound LLM inference",
      },
    ],
  },
  {
    acceleratorId: "nvidia-b200",
    workload: "training",
    referenceCapWatts: 1000,
    points: [
      {
        capWatts: 825,
        throughputRatio: 0.97,
        basis: "derived",
        note: "NVIDIA's data-center power profiles: up to 15% energy saved at >= 97% performance; power = 0.85 x 0.97 = 0.825 of the uncapped draw (taken as the 1000 W TDP)",
      },
      { capWatts: 1000, throughputRatio: 1, basis: "reference", note: "B200 TDP" },
    ],
    notes: [
      "A workload-aware power profile (Max-Q), not a plain power limit; 'up to' figures, so the point is an optimistic bound.",
    ],
    sources: [
      {
        title: "Optimize Data Center Efficiency for AI and HPC Workloads with Power Profiles",
        url: "https://developer.nvidia.com/blog/optimize-data-center-efficiency-for-ai-and-hpc-workloads-with-power-profiles",
        publisher: "NVIDIA",
        evidence: "verified",
        note: "Blackwell B200 power profiles: up to 15% energy savings while maintaining performance above 97%",
      },
    ],
  },
  {
    acceleratorId: "nvidia-h200-sxm",
    workload: "decode",
    referenceCapWatts: 700,
    points: [
      {
        capWatts: 300,
        throughputRatio: 1,
        basis: "measured",
        note: "decode draws 137-300 W on a 700 W H200 across GQA, MLA, Gated DeltaNet and Mamba2; no cap at or above 300 W ever triggers",
      },
      { capWatts: 700, throughputRatio: 1, basis: "reference", note: "H200 SXM TDP" },
    ],
    notes: ["Decode phase only: prefill is compute-bound and does slow under a cap. Below 300 W there is no point."],
    sources: [
      {
        title:
          "Ma, Afzal, Eitzinger and Wellein 2026, The Illusion of Power Capping in LLM Decode: A Phase-Aware Energy Characterisation Across Attention Architectures",
        url: "https://arxiv.org/html/2605.11999v1",
        publisher: "arXiv",
        date: "2026-05-12",
        evidence: "verified",
        locator: "Abstract",
      },
    ],
  },
  {
    acceleratorId: "nvidia-a100-sxm-80gb",
    workload: "serving",
    referenceCapWatts: 250,
    points: [
      {
        capWatts: 175,
        throughputRatio: 0.939,
        throughputRatioRange: { min: 0.935, max: 0.943 },
        basis: "derived",
        note: "LLaMA 65B inference: capping 250 W -> 175 W added about 6-7% latency (throughput 1/1.065) and saved about 23% energy",
      },
      { capWatts: 250, throughputRatio: 1, basis: "reference", note: "the study's baseline limit (not the 400 W TDP)" },
    ],
    notes: [
      "The study's A100s ran at a 250 W baseline limit; the ratio is relative to 250 W, not to the 400 W TDP, so a site design does not use this curve for caps above 250 W.",
      "Read from a summary of the paper; the A100 variant is not stated there.",
    ],
    sources: [
      {
        title:
          "Samsi et al. 2023, From Words to Watts: Benchmarking the Energy Costs of Large Language Model Inference (summary)",
        url: "https://app.argminai.com/arxiv-dashboard/papers/2310.03003v1",
        publisher: "arXiv (summary by ArgMin AI)",
        date: "2023-10-04",
        evidence: "secondary",
        note: "Power capping (250->175W) cut total energy ~23% while adding ~6-7% latency",
      },
    ],
  },
];
let parsedCurves: readonly PowerCapCurve[] | undefined;
function builtInCurves(): readonly PowerCapCurve[] {
  parsedCurves ??= CURVE_DATA.map((curve) => powerCapCurveSchema.parse(curve));
  return parsedCurves;
}

/**
 * The built-in power-cap curves: only published points, no fitted curve.
 *
 * @returns the curves
 * @example
 * ```ts
 * import { listPowerCapCurves } from "@aifactory/hardware";
 * listPowerCapCurves().map((curve) => `${curve.acceleratorId}/${curve.workload}`).includes("nvidia-h100-sxm/training"); // true
 * ```
 * @since 0.3.0
 * @category Site
 */
export function listPowerCapCurves(): readonly PowerCapCurve[] {
  return builtInCurves();
}

/**
 * What a power cap does to one accelerator.
 *
 * @since 0.3.0
 * @category Site
 */
export interface PowerCapEffect {
  acceleratorId: string;
  workload: PowerCapCurve["workload"];
  capWatts: number;
  /** Throughput relative to the curve's reference cap. */
  throughputRatio: number;
  /** The highest power the accelerator can draw: `min(cap, nominal)`. */
  maxDrawWatts: number;
  /** `reference`/`measured`/`derived`: a published point; `interpolated`: linear between two; `uncapped`: at or above the reference. */
  basis: "reference" | "measured" | "derived" | "interpolated" | "uncapped";
  /** The published points it used. */
  points: PowerCapPoint[];
}

/**
 * The throughput ratio and maximum draw of an accelerator under a power cap, interpolated linearly between
 * published points (never extrapolated below the lowest point). A cap at or above the reference cap changes
 * nothing. Draw is `min(cap, nominalWatts)`, so a tighter cap never raises it.
 *
 * @param input - accelerator id, workload, cap in W and the nominal (uncapped) power in W
 * @param curves - curves to search (default the built-in ones)
 * @returns the effect
 * @throws InvalidInputError when no curve exists for that accelerator and workload, or the cap is below its lowest point
 * @example
 * ```ts
 * import { powerCapEffect } from "@aifactory/hardware";
 * const capped = powerCapEffect({ acceleratorId: "nvidia-h100-sxm", workload: "training", capWatts: 650, nominalWatts: 700 });
 * capped.throughputRatio; // 0.9375
 * capped.basis; // "interpolated"
 * capped.maxDrawWatts; // 650
 * ```
 * @since 0.3.0
 * @category Site
 */
export function powerCapEffect(
  input: { acceleratorId: string; workload: PowerCapCurve["workload"]; capWatts: number; nominalWatts: number },
  curves: readonly PowerCapCurve[] = builtInCurves(),
): PowerCapEffect {
  const { acceleratorId, workload, capWatts, nominalWatts } = input;
  if (!(Number.isFinite(capWatts) && capWatts > 0)) {
    throw new InvalidInputError("power cap", [
      { path: "capWatts", message: "must be a positive number of watts", received: capWatts },
    ]);
  }
  const curve = curves.find((entry) => entry.acceleratorId === acceleratorId && entry.workload === workload);
  if (curve === undefined) {
    const known = curves.map((entry) => `${entry.acceleratorId} (${entry.workload})`).join(", ");
    throw new InvalidInputError("power cap", [
      {
        path: "acceleratorId",
        message: `no published power-cap points for ${acceleratorId} (${workload}); known: ${known}`,
        received: acceleratorId,
        hint: "run uncapped, or add a curve with published points",
      },
    ]);
  }
  const points = [...curve.points].sort((a, b) => a.capWatts - b.capWatts);
  const maxDrawWatts = Math.min(capWatts, nominalWatts);
  const lowest = points[0]!;
  const highest = points[points.length - 1]!;
  if (capWatts >= highest.capWatts) {
    return {
      acceleratorId,
      workload,
      capWatts,
      throughputRatio: 1,
      maxDrawWatts,
      basis: "uncapped",
      points: [highest],
    };
  }
  if (capWatts < lowest.capWatts) {
    throw new InvalidInputError("power cap", [
      {
        path: "capWatts",
        message: `${capWatts} W is below the lowest published point (${lowest.capWatts} W) for ${acceleratorId} (${workload}); no extrapolation`,
        received: capWatts,
        hint: `use a cap between ${lowest.capWatts} and ${highest.capWatts} W`,
      },
    ]);
  }
  for (let index = 0; index < points.length - 1; index += 1) {
    const low = points[index]!;
    const high = points[index + 1]!;
    if (capWatts === low.capWatts) {
      return {
        acceleratorId,
        workload,
        capWatts,
        throughputRatio: low.throughputRatio,
        maxDrawWatts,
        basis: low.basis,
        points: [low],
      };
    }
    if (capWatts > low.capWatts && capWatts < high.capWatts) {
      const t = (capWatts - low.capWatts) / (high.capWatts - low.capWatts);
      const ratio = low.throughputRatio + t * (high.throughputRatio - low.throughputRatio);
      return {
        acceleratorId,
        workload,
        capWatts,
        throughputRatio: ratio,
        maxDrawWatts,
        basis: "interpolated",
        points: [low, high],
      };
    }
  }
  return { acceleratorId, workload, capWatts, throughputRatio: 1, maxDrawWatts, basis: "uncapped", points: [highest] };
}
