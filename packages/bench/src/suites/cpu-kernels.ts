import { createRandom } from "../harness/prng";

/**
 * Row-major single-precision matmul C = A·B on the CPU (i-k-j loop order), the reference that GPU kernels are
 * verified against.
 *
 * @param a - M×K values, row-major
 * @param b - K×N values, row-major
 * @param m - rows of A
 * @param n - columns of B
 * @param k - columns of A = rows of B
 * @returns C, M×N row-major
 * @example
 * ```ts
 * import { cpuMatmul } from "@aifactory/bench";
 * cpuMatmul(Float32Array.of(1, 2), Float32Array.of(3, 4), 1, 1, 2); // Float32Array [11]
 * ```
 * @since 0.1.0
 * @category Kernels
 */
export function cpuMatmul(a: Float32Array, b: Float32Array, m: number, n: number, k: number): Float32Array {
  const c = new Float32Array(m * n);
  for (let i = 0; i < m; i += 1) {
    const rowA = i * k;
    const rowC = i * n;
    for (let p = 0; p < k; p += 1) {
      const aValue = a[rowA + p] as number;
      const rowB = p * n;
      for (let j = 0; j < n; j += 1) c[rowC + j] = (c[rowC + j] as number) + aValue * (b[rowB + j] as number);
    }
  }
  return c;
}

/**
 * Deterministic pseudo-random inputs in [-1, 1) for kernels.
 *
 * @param length - number of values
 * @param seed - PRNG seed
 * @returns the values
 * @example
 * ```ts
 * import { randomFloat32 } from "@aifactory/bench";
 * randomFloat32(4, 1).length; // 4
 * ```
 * @since 0.1.0
 * @category Kernels
 */
export function randomFloat32(length: number, seed: number): Float32Array {
  const random = createRandom(seed);
  const values = new Float32Array(length);
  for (let i = 0; i < length; i += 1) values[i] = random() * 2 - 1;
  return values;
}

/**
 * The largest relative error between two arrays, scaled by the reference's largest magnitude (robust to
 * entries near zero).
 *
 * @param actual - computed values
 * @param expected - reference values
 * @returns max |actual - expected| / max(|expected|, tiny); Infinity for different lengths or any NaN
 * @example
 * ```ts
 * import { maxRelativeError } from "@aifactory/bench";
 * maxRelativeError(Float32Array.of(1, 2.001), Float32Array.of(1, 2)); // 0.0005
 * ```
 * @since 0.1.0
 * @category Kernels
 */
export function maxRelativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  if (actual.length !== expected.length) return Number.POSITIVE_INFINITY;
  let scale = 1e-30;
  for (let i = 0; i < expected.length; i += 1) scale = Math.max(scale, Math.abs(expected[i] as number));
  let worst = 0;
  for (let i = 0; i < actual.length; i += 1) {
    const diff = Math.abs((actual[i] as number) - (expected[i] as number));
    if (!Number.isFinite(diff)) return Number.POSITIVE_INFINITY;
    worst = Math.max(worst, diff / scale);
  }
  return worst;
}
