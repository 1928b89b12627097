import { NotFoundError } from "@aifactory/core";
import type { BenchmarkSuite } from "../harness/define-benchmark";
import type { BenchmarkResult } from "../harness/result-schema";
import { runSuite } from "../harness/run-benchmark";
import { runTorchMatmulSweep, type TorchMatmulOptions, torchAvailable } from "../runners/torch-matmul-runner";
import { cpuSuite } from "../suites/cpu-suite";
import { openWebGpu } from "../webgpu/webgpu-device";
import { createWebGpuSuite, type WebGpuSuiteOptions } from "../webgpu/webgpu-suite";
import type { BenchRunnerV1, BenchRunRequestV1 } from "./bench-runner-v1";

function suiteRunner(
  id: string,
  description: string,
  suites: () => BenchmarkSuite[],
  isAvailable: () => Promise<{ available: boolean; reason?: string }>,
): BenchRunnerV1 {
  return {
    specificationVersion: "v1",
    id,
    description,
    isAvailable,
    suites: () =>
      suites().map((s) => ({
        id: s.id,
        description: s.description,
        benchmarks: [...new Set(s.benchmarks.map((b) => b.id))],
      })),
    async run(request: BenchRunRequestV1): Promise<BenchmarkResult[]> {
      const list = suites();
      const suite = list.find((s) => s.id === request.suite);
      if (suite === undefined)
        throw new NotFoundError(
          "suite",
          request.suite,
          list.map((s) => s.id),
        );
      const set = await runSuite(suite, {
        ...(request.filter === undefined ? {} : { filter: request.filter }),
        ...(request.timeBudgetSeconds === undefined
          ? {}
          : { sampling: { timeBudgetSeconds: request.timeBudgetSeconds } }),
        ...(request.signal === undefined ? {} : { signal: request.signal }),
        ...(request.telemetry === undefined ? {} : { telemetry: request.telemetry }),
        environment: {
          hostname: "",
          platform: "",
          arch: "",
          osRelease: "",
          cpuModel: "",
          cpuCount: 0,
          memoryBytes: 0,
          nodeVersion: "",
          gpus: [],
        },
        onProgress: (event) => {
          if (event.result !== undefined) request.onProgress?.(event.index, event.total);
        },
      });
      return set.results;
    },
  };
}

/**
 * The built-in CPU runner: the `cpu` suite (f32 matmul, STREAM triad).
 *
 * @example
 * ```ts
 * import { cpuRunner } from "@aifactory/bench";
 * const results = await cpuRunner.run({ suite: "cpu", filter: "triad", timeBudgetSeconds: 0.2 });
 * results.every((r) => r.suite === "cpu"); // true
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export const cpuRunner: BenchRunnerV1 = suiteRunner(
  "cpu",
  "CPU reference kernels in JavaScript",
  () => [cpuSuite],
  async () => ({ available: true }),
);

/**
 * Creates the WebGPU runner (the `webgpu` suite on Dawn; software adapter where no GPU exists).
 *
 * @param options - suite sizes and how to open the device
 * @returns the runner
 * @example
 * ```ts
 * import { createWebGpuRunner } from "@aifactory/bench";
 * const runner = createWebGpuRunner({ matmulSizes: [4096], streamElements: 2 ** 26 });
 * (await runner.isAvailable()).available;
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function createWebGpuRunner(options: WebGpuSuiteOptions = {}): BenchRunnerV1 {
  return suiteRunner(
    "webgpu",
    "WebGPU kernels through Dawn (matmul f32/f16, copy, triad)",
    () => [createWebGpuSuite(options)],
    async () => {
      try {
        const handle = await openWebGpu(options.open);
        const reason = handle.summary.isSoftware ? `software adapter ${handle.summary.description}` : undefined;
        handle.close();
        return { available: true, ...(reason === undefined ? {} : { reason }) };
      } catch (error) {
        return { available: false, reason: error instanceof Error ? error.message : String(error) };
      }
    },
  );
}

/**
 * Creates the PyTorch runner: the mamf-style `torch-matmul` sweep (bf16/fp16 `torch.mm` on the GPU), available
 * when python3 imports torch and torch sees a GPU.
 *
 * @param options - python, shapes, dtypes, iterations
 * @returns the runner
 * @example
 * ```ts
 * // not run in tests: runs torch.mm sweeps on a CUDA GPU when torch sees one
 * import { createTorchRunner } from "@aifactory/bench";
 * const runner = createTorchRunner({ dtypes: ["bf16"] });
 * if ((await runner.isAvailable()).available) await runner.run({ suite: "torch-matmul" });
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function createTorchRunner(options: TorchMatmulOptions = {}): BenchRunnerV1 {
  return {
    specificationVersion: "v1",
    id: "torch",
    description: "PyTorch matmul sweep on the GPU (mamf-finder style)",
    isAvailable: () => torchAvailable(options.python),
    suites: () => [
      { id: "torch-matmul", description: "torch.mm over shapes and dtypes, CUDA-event timed", benchmarks: ["matmul"] },
    ],
    async run(request) {
      if (request.suite !== "torch-matmul") throw new NotFoundError("suite", request.suite, ["torch-matmul"]);
      const results = await runTorchMatmulSweep(
        options,
        request.signal === undefined ? {} : { signal: request.signal },
      );
      request.onProgress?.(1, 1);
      return results;
    },
  };
}

/**
 * The built-in runners, in listing order.
 *
 * @param options - options of the WebGPU runner
 * @returns the runners
 * @example
 * ```ts
 * import { builtInRunners } from "@aifactory/bench";
 * builtInRunners().map((r) => r.id); // ["cpu", "webgpu", "torch"]
 * ```
 * @since 0.1.0
 * @category Plugins
 */
export function builtInRunners(options: WebGpuSuiteOptions = {}): BenchRunnerV1[] {
  return [cpuRunner, createWebGpuRunner(options), createTorchRunner()];
}
