/**
 * Exponential retention with a half-life: `R(t) = 2^(−t/h)` (the form of Settles & Meeder 2016's half-life
 * regression; equivalent to Ebbinghaus-style `e^(−t/S)` with `S = h/ln 2`).
 *
 * @param elapsedHours - t ≥ 0
 * @param halfLifeHours - h > 0
 * @returns retention in (0, 1]
 * @example
 * ```ts
 * import { exponentialRetention } from "@aifactory/memory";
 * exponentialRetention(24, 24); // 0.5
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function exponentialRetention(elapsedHours: number, halfLifeHours: number): number {
  return 2 ** (-Math.max(0, elapsedHours) / halfLifeHours);
}

/**
 * Power-law retention written with a half-life: `R(t) = (1 + (2^(1/β) − 1)·t/h)^(−β)`, the Wickelgren
 * (1974) family `(1 + βt)^(−ψ)` rescaled so that `R(h) = 0.5`. Power laws fit human forgetting better than
 * exponentials at long delays (Wixted & Ebbesen 1991): old memories fade ever more slowly (Jost's law).
 *
 * @param elapsedHours - t ≥ 0
 * @param halfLifeHours - h > 0
 * @param exponent - β > 0 (default 0.5)
 * @returns retention in (0, 1]
 * @example
 * ```ts
 * import { powerLawRetention } from "@aifactory/memory";
 * powerLawRetention(24, 24); // 0.5
 * ```
 * @since 0.1.0
 * @category Scoring
 */
export function powerLawRetention(elapsedHours: number, halfLifeHours: number, exponent = 0.5): number {
  const scale = 2 ** (1 / exponent) - 1;
  return (1 + (scale * Math.max(0, elapsedHours)) / halfLifeHours) ** -exponent;
}
