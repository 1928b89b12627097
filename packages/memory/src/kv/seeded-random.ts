import { createSeededRandom as coreSeededRandom } from "@aifactory/core";

/**
 * A seeded pseudo-random number generator: a function returning floats in [0, 1).
 *
 * @example
 * ```ts
 * import { createSeededRandom, type SeededRandom } from "@aifactory/memory";
 * const random: SeededRandom = createSeededRandom(7);
 * random(); // a float in [0, 1)
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export type SeededRandom = () => number;

/**
 * Creates a seeded pseudo-random number generator (mulberry32, a 32-bit generator by Tommy Ettinger, public
 * domain), so synthetic traces are reproducible: the same seed always gives the same sequence, in Node and in
 * the browser. Not for cryptography.
 *
 * @param seed - any finite number; it is reduced to 32 bits (`seed >>> 0`)
 * @returns a function that returns the next float in [0, 1)
 * @example
 * ```ts
 * import { createSeededRandom } from "@aifactory/memory";
 * const random = createSeededRandom(42);
 * const a = random();
 * createSeededRandom(42)() === a; // true
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function createSeededRandom(seed: number): SeededRandom {
  // The same mulberry32 generator as @aifactory/core (one implementation, one sequence per seed).
  return coreSeededRandom(seed);
}

/**
 * Draws an integer uniformly from `[min, max]` (both inclusive) with a seeded generator.
 *
 * @param random - a generator from {@link createSeededRandom}
 * @param min - the smallest value (integer)
 * @param max - the largest value (integer, `>= min`)
 * @returns an integer in `[min, max]`
 * @example
 * ```ts
 * import { createSeededRandom, randomInt } from "@aifactory/memory";
 * randomInt(createSeededRandom(1), 10, 20); // an integer between 10 and 20
 * ```
 * @since 0.1.0
 * @category KV cache
 */
export function randomInt(random: SeededRandom, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}
