/**
 * A seeded pseudo-random number generator: a function returning floats uniform in [0, 1).
 *
 * @example
 * ```ts
 * import { createSeededRandom, type SeededRandom } from "@aifactory/core";
 * const random: SeededRandom = createSeededRandom(7);
 * random(); // a float in [0, 1)
 * ```
 * @since 0.2.0
 * @category Random
 */
export type SeededRandom = () => number;

/**
 * Creates a seeded pseudo-random number generator (mulberry32, a 32-bit generator by Tommy Ettinger, public
 * domain): the same seed gives the same sequence, in Node and in the browser, so simulations, synthetic traces
 * and bootstrap intervals are reproducible. Not for cryptography.
 *
 * @param seed - any finite number; it is reduced to 32 bits (`seed >>> 0`)
 * @returns a function that returns the next float in [0, 1)
 * @example
 * ```ts
 * import { createSeededRandom } from "@aifactory/core";
 * const a = createSeededRandom(42)();
 * createSeededRandom(42)() === a; // true
 * ```
 * @since 0.2.0
 * @category Random
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Draws a standard normal variate (Box-Muller transform, one of the pair).
 *
 * @param random - a generator from {@link createSeededRandom}
 * @returns a sample of N(0, 1)
 * @example
 * ```ts
 * import { createSeededRandom, standardNormalSample } from "@aifactory/core";
 * Number.isFinite(standardNormalSample(createSeededRandom(1))); // true
 * ```
 * @since 0.2.0
 * @category Random
 */
export function standardNormalSample(random: SeededRandom): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Draws a Gamma(shape, 1) variate (Marsaglia and Tsang 2000; for shape < 1 the boost
 * `Gamma(shape + 1) * U^(1/shape)`).
 *
 * @param random - a generator from {@link createSeededRandom}
 * @param shape - the shape k (> 0)
 * @returns a sample with mean `shape`
 * @example
 * ```ts
 * import { createSeededRandom, gammaSample } from "@aifactory/core";
 * gammaSample(createSeededRandom(3), 2) > 0; // true
 * ```
 * @since 0.2.0
 * @category Random
 */
export function gammaSample(random: SeededRandom, shape: number): number {
  if (shape < 1) return gammaSample(random, shape + 1) * (1 - random()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = standardNormalSample(random);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = 1 - random();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
