import { createSeededRandom as coreSeededRandom } from "@aifactory/core";

/**
 * A seeded pseudo-random number generator: returns floats uniform in [0, 1).
 *
 * @example
 * ```ts
 * import { createRandom, type Random } from "@aifactory/bench";
 * const random: Random = createRandom(7);
 * random() < 1; // true: uniform on [0, 1)
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export type Random = () => number;

/**
 * Creates a seeded PRNG (mulberry32, a 32-bit generator by Tommy Ettinger) so that bootstrap intervals, Poisson
 * arrivals and synthetic lengths are reproducible run to run.
 *
 * @param seed - any integer; the same seed gives the same sequence
 * @returns a function returning uniform floats in [0, 1)
 * @example
 * ```ts
 * import { createRandom } from "@aifactory/bench";
 * const random = createRandom(42);
 * random(); // same value every run
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function createRandom(seed: number): Random {
  // The same mulberry32 generator as @aifactory/core (one implementation, one sequence per seed).
  return coreSeededRandom(seed);
}

/**
 * Draws an exponentially distributed value (inter-arrival time of a Poisson process).
 *
 * @param random - a PRNG from {@link createRandom}
 * @param ratePerSecond - events per second (> 0)
 * @returns seconds until the next event
 * @example
 * ```ts
 * import { createRandom, exponentialSample } from "@aifactory/bench";
 * exponentialSample(createRandom(1), 10); // about 0.1 s on average
 * ```
 * @since 0.1.0
 * @category Statistics
 */
export function exponentialSample(random: Random, ratePerSecond: number): number {
  return -Math.log(1 - random()) / ratePerSecond;
}
