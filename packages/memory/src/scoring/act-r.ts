/**
 * ACT-R base-level activation from the ages of every use: `B = ln Σ_j t_j^(−d)` (Anderson & Lebiere 1998;
 * Anderson et al. 2004, Psychological Review 111:1036). Ages below one time unit count as one unit (a
 * memory used this instant has the activation of one used a unit ago), so B stays finite.
 *
 * When older uses were dropped from the log (`totalUses` > ages given), their contribution is added with
 * Petrov's (2006) hybrid approximation `(n−k)·(t_n^(1−d) − t_k^(1−d)) / ((1−d)·(t_n − t_k))`, where t_k is
 * the age of the oldest kept use and t_n the lifetime.
 *
 * @param ageUnits - age of each logged use, in time units (seconds in ACT-R), any order
 * @param decay - d (ACT-R default 0.5)
 * @param totalUses - every use ever, logged or not (defaults to the ages given)
 * @param lifetimeUnits - age of the first use, needed when `totalUses` exceeds the log
 * @returns B (−Infinity when there is no use)
 * @example
 * ```ts
 * import { baseLevelActivation } from "@aifactory/memory";
 * baseLevelActivation([10, 100, 1000]); // ln(10^-0.5 + 100^-0.5 + 1000^-0.5)
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function baseLevelActivation(
  ageUnits: readonly number[],
  decay = 0.5,
  totalUses = ageUnits.length,
  lifetimeUnits?: number,
): number {
  let sum = 0;
  let oldest = 0;
  for (const age of ageUnits) {
    const t = Math.max(1, age);
    if (t > oldest) oldest = t;
    sum += t ** -decay;
  }
  const dropped = totalUses - ageUnits.length;
  if (dropped > 0 && lifetimeUnits !== undefined && lifetimeUnits > oldest && decay !== 1) {
    const tn = lifetimeUnits;
    const tk = oldest;
    sum += (dropped * (tn ** (1 - decay) - tk ** (1 - decay))) / ((1 - decay) * (tn - tk));
  }
  return sum > 0 ? Math.log(sum) : Number.NEGATIVE_INFINITY;
}

/**
 * ACT-R's optimised-learning approximation of base-level activation: `B ≈ ln(n/(1−d)) − d·ln(L)`, which
 * needs only the number of uses and the lifetime (Anderson & Lebiere 1998).
 *
 * @param uses - n, number of uses (≥ 1)
 * @param lifetimeUnits - L, age of the first use in time units
 * @param decay - d (< 1; default 0.5)
 * @returns approximate B
 * @example
 * ```ts
 * import { optimizedLearningActivation } from "@aifactory/memory";
 * optimizedLearningActivation(5, 3600);
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function optimizedLearningActivation(uses: number, lifetimeUnits: number, decay = 0.5): number {
  return Math.log(uses / (1 - decay)) - decay * Math.log(Math.max(1, lifetimeUnits));
}

/**
 * ACT-R base-level activation with the spacing effect of Pavlik & Anderson (2005, Cognitive Science 29):
 * each use i gets its own decay `d_i = c·e^(m_(i−1)) + α`, where `m_(i−1)` is the activation at the moment of
 * that use from the earlier uses. Uses made while a memory is still highly active decay faster, so spaced
 * uses leave a more durable trace than massed ones.
 *
 * @param useTimes - time of each use in time units (any origin), any order
 * @param now - the time to evaluate at, same units
 * @param c - decay scale
 * @param alpha - minimum decay α
 * @returns B at `now` (−Infinity when there is no use before `now`)
 * @example
 * ```ts
 * import { spacedActivation } from "@aifactory/memory";
 * const massed = spacedActivation([0, 1, 2], 86_400, 0.217, 0.177);
 * const spaced = spacedActivation([0, 20_000, 40_000], 86_400, 0.217, 0.177);
 * spaced > massed; // true
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function spacedActivation(useTimes: readonly number[], now: number, c: number, alpha: number): number {
  const times = useTimes.filter((t) => t <= now).sort((a, b) => a - b);
  const decays: number[] = [];
  for (let i = 0; i < times.length; i++) {
    const ti = times[i] as number;
    let sum = 0;
    for (let j = 0; j < i; j++) sum += Math.max(1, ti - (times[j] as number)) ** -(decays[j] as number);
    const m = sum > 0 ? Math.log(sum) : Number.NEGATIVE_INFINITY;
    decays.push(c * Math.exp(m) + alpha);
  }
  let total = 0;
  for (let j = 0; j < times.length; j++) total += Math.max(1, now - (times[j] as number)) ** -(decays[j] as number);
  return total > 0 ? Math.log(total) : Number.NEGATIVE_INFINITY;
}

/**
 * ACT-R recall probability: `P = 1 / (1 + e^(−(A − τ)/s))`, a logistic in the activation A around the
 * retrieval threshold τ with noise scale s (Anderson & Lebiere 1998).
 *
 * @param activation - A (−Infinity gives 0)
 * @param threshold - τ (default 0)
 * @param noise - s (default 0.25)
 * @returns a probability in [0, 1]
 * @example
 * ```ts
 * import { recallProbability } from "@aifactory/memory";
 * recallProbability(0, 0, 0.25); // 0.5
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function recallProbability(activation: number, threshold = 0, noise = 0.25): number {
  if (activation === Number.NEGATIVE_INFINITY) return 0;
  return 1 / (1 + Math.exp(-(activation - threshold) / noise));
}
