import { defineBenchmark, defineSuite } from "../harness/define-benchmark";
import { throughputMetric } from "../harness/metrics";
import { cpuMatmul, maxRelativeError, randomFloat32 } from "./cpu-kernels";

const MATMUL_N = 128;
const TRIAD_ELEMENTS = 1 << 22;
const TRIAD_SCALAR = 3;

/**
 * The `cpu` suite: a single-threaded f32 matmul (128³) and a STREAM-style triad (a = b + s·c over 4 Mi
 * float64), both verified. It runs anywhere, so CI exercises the harness end to end, and it is the stable CPU
 * kernel used for the CV target.
 *
 * @example
 * ```ts
 * import { cpuSuite, runSuite } from "@aifactory/bench";
 * // the whole suite: runSuite(cpuSuite, { sampling: { timeBudgetSeconds: 1 } })
 * const { results } = await runSuite(cpuSuite, { filter: "matmul", sampling: { timeBudgetSeconds: 0.2 } });
 * results.every((r) => r.status === "passed"); // true
 * ```
 * @since 0.1.0
 * @category Suites
 */
export const cpuSuite = defineSuite({
  id: "cpu",
  description: "CPU reference kernels: f32 matmul and STREAM triad (single thread)",
  benchmarks: [
    defineBenchmark({
      id: "matmul",
      description: `f32 matmul ${MATMUL_N}x${MATMUL_N}x${MATMUL_N}, i-k-j loops`,
      parameters: { m: MATMUL_N, n: MATMUL_N, k: MATMUL_N, dtype: "f32" },
      setup: () => {
        const a = randomFloat32(MATMUL_N * MATMUL_N, 1);
        const b = randomFloat32(MATMUL_N * MATMUL_N, 2);
        // Reference from a different loop order (i-j-k dot products in float64).
        const reference = new Float64Array(MATMUL_N * MATMUL_N);
        for (let i = 0; i < MATMUL_N; i += 1) {
          for (let j = 0; j < MATMUL_N; j += 1) {
            let sum = 0;
            for (let p = 0; p < MATMUL_N; p += 1)
              sum += (a[i * MATMUL_N + p] as number) * (b[p * MATMUL_N + j] as number);
            reference[i * MATMUL_N + j] = sum;
          }
        }
        return { a, b, reference };
      },
      run: ({ a, b }) => cpuMatmul(a, b, MATMUL_N, MATMUL_N, MATMUL_N),
      verify: (c, { reference }) => {
        const error = maxRelativeError(c, reference);
        return error < 1e-4 || `max relative error ${error.toExponential(2)} exceeds 1e-4`;
      },
      metrics: ({ summary }) => [throughputMetric("matmulGflops", "GFLOP/s", (2 * MATMUL_N ** 3) / 1e9, summary)],
      device: { backend: "cpu" },
    }),
    defineBenchmark({
      id: "triad",
      description: "STREAM triad a = b + s*c over 4 Mi float64 (24 bytes moved per element)",
      parameters: { elements: TRIAD_ELEMENTS, dtype: "f64" },
      setup: () => {
        const a = new Float64Array(TRIAD_ELEMENTS);
        const b = new Float64Array(TRIAD_ELEMENTS).fill(1);
        const c = new Float64Array(TRIAD_ELEMENTS).fill(2);
        return { a, b, c };
      },
      run: ({ a, b, c }) => {
        for (let i = 0; i < TRIAD_ELEMENTS; i += 1) a[i] = (b[i] as number) + TRIAD_SCALAR * (c[i] as number);
        return a;
      },
      verify: (a) => {
        const expected = 1 + TRIAD_SCALAR * 2;
        for (const index of [0, TRIAD_ELEMENTS >> 1, TRIAD_ELEMENTS - 1]) {
          if (a[index] !== expected) return `a[${index}] = ${a[index]}, expected ${expected}`;
        }
        return true;
      },
      metrics: ({ summary }) => [throughputMetric("triadGBps", "GB/s", (TRIAD_ELEMENTS * 24) / 1e9, summary)],
      device: { backend: "cpu" },
    }),
  ],
});
