import { AifError } from "@aifactory/core";
import {
  type BenchmarkDefinition,
  type BenchmarkSuite,
  defineBenchmark,
  defineSuite,
} from "../harness/define-benchmark";
import { throughputMetric } from "../harness/metrics";
import { createRandom } from "../harness/prng";
import { randomFloat32 } from "../suites/cpu-kernels";
import { float16BitsToFloat32, float32ToFloat16Bits, matmulShader, streamShader } from "./shaders";
import {
  type OpenWebGpuOptions,
  openWebGpu,
  type WebGpuAdapterSummary,
  type WebGpuHandle,
  withErrorScopes,
} from "./webgpu-device";

// WebGPU usage flags and map modes are fixed by the specification; using the numbers avoids needing Dawn's globals.
const STORAGE = 0x80;
const COPY_SRC = 0x4;
const COPY_DST = 0x8;
const MAP_READ_USAGE = 0x1;
const UNIFORM = 0x40;
const QUERY_RESOLVE = 0x200;
const MAP_READ = 0x1;

/**
 * Options of {@link createWebGpuSuite}.
 *
 * @example
 * ```ts
 * import { createWebGpuSuite, type WebGpuSuiteOptions } from "@aifactory/bench";
 * const small: WebGpuSuiteOptions = { matmulSizes: [256], streamElements: 2 ** 20 };
 * createWebGpuSuite(small).id; // "webgpu"
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export interface WebGpuSuiteOptions {
  /** Square matmul sizes (multiples of 16); default [256] (software adapters) - use [2048, 4096] on a GPU. */
  matmulSizes?: readonly number[];
  /** Matmul data types; f16 is skipped where the adapter lacks `shader-f16`. Default ["f32", "f16"]. */
  dtypes?: ReadonlyArray<"f32" | "f16">;
  /** f32 elements per stream array (multiple of 4); default 2^22 (16 MB). Use 2^26 or more on a GPU. */
  streamElements?: number;
  /** Sampled output entries checked against float64 dot products; default 256. */
  verifyEntries?: number;
  /** How to open the device. */
  open?: OpenWebGpuOptions;
}

interface GpuTimer {
  querySet: GPUQuerySet | undefined;
  resolve: GPUBuffer | undefined;
  read: GPUBuffer | undefined;
}

function createTimer(handle: WebGpuHandle): GpuTimer {
  if (!handle.summary.hasTimestampQuery) return { querySet: undefined, resolve: undefined, read: undefined };
  const { device } = handle;
  return {
    querySet: device.createQuerySet({ type: "timestamp", count: 2 }),
    resolve: device.createBuffer({ size: 16, usage: QUERY_RESOLVE | COPY_SRC }),
    read: device.createBuffer({ size: 16, usage: MAP_READ_USAGE | COPY_DST }),
  };
}

/**
 * Encodes `repeats` dispatches in one compute pass, submits, waits, and returns seconds per dispatch from GPU
 * timestamps where available (else wall clock around submit + onSubmittedWorkDone).
 */
async function timeDispatches(
  handle: WebGpuHandle,
  timer: GpuTimer,
  pipeline: GPUComputePipeline,
  bindGroup: GPUBindGroup,
  workgroups: readonly [number, number],
  repeats: number,
): Promise<{ seconds: number; source: "timestamp" | "wall" }> {
  const { device } = handle;
  if (handle.lostReason !== undefined) {
    throw new AifError("VERIFICATION_FAILED", `WebGPU device lost: ${handle.lostReason}`);
  }
  return withErrorScopes(device, async () => {
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass(
      timer.querySet === undefined
        ? {}
        : { timestampWrites: { querySet: timer.querySet, beginningOfPassWriteIndex: 0, endOfPassWriteIndex: 1 } },
    );
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    for (let r = 0; r < repeats; r += 1) pass.dispatchWorkgroups(workgroups[0], workgroups[1]);
    pass.end();
    if (timer.querySet !== undefined && timer.resolve !== undefined && timer.read !== undefined) {
      encoder.resolveQuerySet(timer.querySet, 0, 2, timer.resolve, 0);
      encoder.copyBufferToBuffer(timer.resolve, 0, timer.read, 0, 16);
    }
    const start = performance.now();
    device.queue.submit([encoder.finish()]);
    await device.queue.onSubmittedWorkDone();
    const wallSeconds = (performance.now() - start) / 1000;
    if (timer.read !== undefined) {
      await timer.read.mapAsync(MAP_READ);
      const [begin, end] = new BigInt64Array(timer.read.getMappedRange().slice(0));
      timer.read.unmap();
      const ns = begin !== undefined && end !== undefined ? Number(end - begin) : 0;
      if (ns > 0) return { seconds: ns / 1e9 / repeats, source: "timestamp" as const };
    }
    return { seconds: wallSeconds / repeats, source: "wall" as const };
  });
}

async function readBuffer(handle: WebGpuHandle, source: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  const { device } = handle;
  return withErrorScopes(device, async () => {
    const staging = device.createBuffer({ size: bytes, usage: MAP_READ_USAGE | COPY_DST });
    const encoder = device.createCommandEncoder();
    encoder.copyBufferToBuffer(source, 0, staging, 0, bytes);
    device.queue.submit([encoder.finish()]);
    await staging.mapAsync(MAP_READ);
    const copy = staging.getMappedRange().slice(0);
    staging.unmap();
    staging.destroy();
    return copy;
  });
}

function upload(device: GPUDevice, data: ArrayBufferView, usage: number): GPUBuffer {
  const size = Math.ceil(data.byteLength / 4) * 4;
  const buffer = device.createBuffer({ size, usage: usage | COPY_DST });
  device.queue.writeBuffer(buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  return buffer;
}

async function calibrateRepeats(run: (repeats: number) => Promise<{ seconds: number }>): Promise<number> {
  await run(1);
  const { seconds } = await run(1);
  return Math.max(1, Math.min(200, Math.ceil(0.002 / Math.max(seconds, 1e-7))));
}

interface MatmulState {
  handle: WebGpuHandle;
  timer: GpuTimer;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  buffers: GPUBuffer[];
  c: GPUBuffer;
  a: Float32Array;
  b: Float32Array;
  n: number;
  tile: number;
  repeats: number;
  timingSource: string;
}

function matmulBenchmark(
  n: number,
  dtype: "f32" | "f16",
  options: WebGpuSuiteOptions,
): BenchmarkDefinition<MatmulState, undefined> {
  const verifyEntries = options.verifyEntries ?? 256;
  return defineBenchmark<MatmulState, undefined>({
    id: "matmul",
    description: `tiled ${dtype} matmul ${n}x${n}x${n}`,
    parameters: { m: n, n, k: n, dtype },
    timing: "manual",
    sampling: { minSamples: 10, timeBudgetSeconds: 5 },
    setup: async () => {
      if (n % 16 !== 0)
        throw new AifError("INVALID_INPUT", `matmul size ${n} is not a multiple of 16`, {
          hint: "use 256, 1024, 4096, ...",
        });
      const handle = await openWebGpu(options.open);
      try {
        if (dtype === "f16" && !handle.summary.hasShaderF16) {
          throw new AifError("UNSUPPORTED", `adapter "${handle.summary.description}" lacks shader-f16`);
        }
        const { device } = handle;
        const tile = handle.summary.maxComputeInvocationsPerWorkgroup >= 256 ? 16 : 8;
        let a = randomFloat32(n * n, 11);
        let b = randomFloat32(n * n, 12);
        let aData: ArrayBufferView = a;
        let bData: ArrayBufferView = b;
        if (dtype === "f16") {
          const a16 = Uint16Array.from(a, float32ToFloat16Bits);
          const b16 = Uint16Array.from(b, float32ToFloat16Bits);
          // The reference uses the rounded inputs the GPU actually sees.
          a = Float32Array.from(a16, float16BitsToFloat32);
          b = Float32Array.from(b16, float16BitsToFloat32);
          aData = a16;
          bData = b16;
        }
        const bytesPerElement = dtype === "f16" ? 2 : 4;
        const { pipeline, buffers, c, bindGroup } = await withErrorScopes(device, async () => {
          const module = device.createShaderModule({ code: matmulShader(dtype, tile) });
          const pipeline = await device.createComputePipelineAsync({
            layout: "auto",
            compute: { module, entryPoint: "main" },
          });
          const aBuffer = upload(device, aData, STORAGE);
          const bBuffer = upload(device, bData, STORAGE);
          const c = device.createBuffer({ size: n * n * bytesPerElement, usage: STORAGE | COPY_SRC });
          const dims = upload(device, Uint32Array.of(n, n, n, 0), UNIFORM);
          const bindGroup = device.createBindGroup({
            layout: pipeline.getBindGroupLayout(0),
            entries: [aBuffer, bBuffer, c, dims].map((buffer, binding) => ({ binding, resource: { buffer } })),
          });
          return { pipeline, buffers: [aBuffer, bBuffer, c, dims], c, bindGroup };
        });
        const timer = createTimer(handle);
        const workgroups = [n / tile, n / tile] as const;
        const repeats = await calibrateRepeats((r) =>
          timeDispatches(handle, timer, pipeline, bindGroup, workgroups, r),
        );
        return { handle, timer, pipeline, bindGroup, buffers, c, a, b, n, tile, repeats, timingSource: "" };
      } catch (error) {
        handle.close();
        throw error;
      }
    },
    run: async (state) => {
      const { seconds, source } = await timeDispatches(
        state.handle,
        state.timer,
        state.pipeline,
        state.bindGroup,
        [state.n / state.tile, state.n / state.tile],
        state.repeats,
      );
      state.timingSource = source;
      return { durationSeconds: seconds, output: undefined };
    },
    verify: async (_output, state) => {
      const bytes = state.n * state.n * (dtype === "f16" ? 2 : 4);
      const raw = await readBuffer(state.handle, state.c, bytes);
      const read =
        dtype === "f16"
          ? (i: number) => float16BitsToFloat32(new Uint16Array(raw)[i] as number)
          : (i: number) => new Float32Array(raw)[i] as number;
      const random = createRandom(99);
      const tolerance = dtype === "f16" ? 1e-2 : 1e-4;
      for (let e = 0; e < verifyEntries; e += 1) {
        const row = Math.floor(random() * state.n);
        const col = Math.floor(random() * state.n);
        let expected = 0;
        let magnitude = 0;
        for (let p = 0; p < state.n; p += 1) {
          const product = (state.a[row * state.n + p] as number) * (state.b[p * state.n + col] as number);
          expected += product;
          magnitude += Math.abs(product);
        }
        const actual = read(row * state.n + col);
        if (!Number.isFinite(actual) || Math.abs(actual - expected) > tolerance * Math.max(magnitude, 1e-6)) {
          return `C[${row}][${col}] = ${actual}, expected ${expected.toPrecision(6)}`;
        }
      }
      return true;
    },
    teardown: (state) => {
      for (const buffer of state.buffers) buffer.destroy();
      state.handle.close();
    },
    metrics: ({ summary }) => [throughputMetric("matmulTflops", "TFLOP/s", (2 * n ** 3) / 1e12, summary)],
    device: (state) => ({ backend: "webgpu", name: state.handle.summary.description }),
    notes: (state) => [
      `adapter: ${state.handle.summary.description} (${state.handle.summary.backend}, ${state.handle.summary.featureLevel})`,
      `timing: ${state.timingSource === "timestamp" ? "GPU timestamp queries" : "wall clock around submit"}, ${state.repeats} dispatches per sample, tile ${state.tile}`,
      ...(state.handle.summary.isSoftware ? ["software adapter: proves the plumbing, not hardware speed"] : []),
    ],
  });
}

interface StreamState {
  handle: WebGpuHandle;
  timer: GpuTimer;
  pipeline: GPUComputePipeline;
  bindGroup: GPUBindGroup;
  buffers: GPUBuffer[];
  dst: GPUBuffer;
  workgroups: readonly [number, number];
  repeats: number;
  timingSource: string;
}

function streamBenchmark(
  kind: "copy" | "triad",
  elements: number,
  options: WebGpuSuiteOptions,
): BenchmarkDefinition<StreamState, undefined> {
  const workgroupSize = 64;
  const arrays = kind === "copy" ? 2 : 3;
  return defineBenchmark<StreamState, undefined>({
    id: kind,
    description: `${kind} over ${elements} f32 (${arrays} arrays moved per element)`,
    parameters: { elements, dtype: "f32" },
    timing: "manual",
    sampling: { minSamples: 10, timeBudgetSeconds: 5 },
    setup: async () => {
      if (elements % 4 !== 0) throw new AifError("INVALID_INPUT", `stream elements ${elements} is not a multiple of 4`);
      const handle = await openWebGpu(options.open);
      try {
        const { device } = handle;
        const first = new Float32Array(elements);
        for (let i = 0; i < elements; i += 1) first[i] = i % 1024;
        const { pipeline, buffers, dst, bindGroup } = await withErrorScopes(device, async () => {
          const module = device.createShaderModule({ code: streamShader(kind, workgroupSize) });
          const pipeline = await device.createComputePipelineAsync({
            layout: "auto",
            compute: { module, entryPoint: "main" },
          });
          const inputs =
            kind === "copy"
              ? [upload(device, first, STORAGE)]
              : [upload(device, first, STORAGE), upload(device, new Float32Array(elements).fill(2), STORAGE)];
          const dst = device.createBuffer({ size: elements * 4, usage: STORAGE | COPY_SRC });
          const bindGroup = device.createBindGroup({
            layout: pipeline.getBindGroupLayout(0),
            entries: [...inputs, dst].map((buffer, binding) => ({ binding, resource: { buffer } })),
          });
          return { pipeline, buffers: [...inputs, dst], dst, bindGroup };
        });
        const groups = Math.ceil(elements / 4 / workgroupSize);
        const maxX = 65535;
        const workgroups = [Math.min(groups, maxX), Math.ceil(groups / maxX)] as const;
        const timer = createTimer(handle);
        const repeats = await calibrateRepeats((r) =>
          timeDispatches(handle, timer, pipeline, bindGroup, workgroups, r),
        );
        return { handle, timer, pipeline, bindGroup, buffers, dst, workgroups, repeats, timingSource: "" };
      } catch (error) {
        handle.close();
        throw error;
      }
    },
    run: async (state) => {
      const { seconds, source } = await timeDispatches(
        state.handle,
        state.timer,
        state.pipeline,
        state.bindGroup,
        state.workgroups,
        state.repeats,
      );
      state.timingSource = source;
      return { durationSeconds: seconds, output: undefined };
    },
    verify: async (_output, state) => {
      const values = new Float32Array(await readBuffer(state.handle, state.dst, elements * 4));
      for (let i = 0; i < elements; i += 1) {
        const expected = kind === "copy" ? i % 1024 : (i % 1024) + 6;
        if (values[i] !== expected) return `dst[${i}] = ${values[i]}, expected ${expected}`;
      }
      return true;
    },
    teardown: (state) => {
      for (const buffer of state.buffers) buffer.destroy();
      state.handle.close();
    },
    metrics: ({ summary }) => [throughputMetric(`${kind}GBps`, "GB/s", (arrays * elements * 4) / 1e9, summary)],
    device: (state) => ({ backend: "webgpu", name: state.handle.summary.description }),
    notes: (state) => [
      `adapter: ${state.handle.summary.description} (${state.handle.summary.backend}, ${state.handle.summary.featureLevel})`,
      `timing: ${state.timingSource === "timestamp" ? "GPU timestamp queries" : "wall clock around submit"}, ${state.repeats} dispatches per sample`,
      ...(state.handle.summary.isSoftware ? ["software adapter: proves the plumbing, not hardware speed"] : []),
    ],
  });
}

/**
 * The `webgpu` suite: tiled matmul (f32, and f16 where `shader-f16` exists) and STREAM copy/triad, each
 * verified against a CPU reference, timed with GPU timestamp queries where available, inside WebGPU error
 * scopes. Runs on a real GPU or on a software adapter (which proves the plumbing in CI).
 *
 * @param options - sizes, dtypes, how to open the device
 * @returns the suite
 * @example
 * ```ts
 * // not run in tests: needs a WebGPU adapter and runs for minutes on a software one
 * import { createWebGpuSuite, runSuite } from "@aifactory/bench";
 * const results = await runSuite(createWebGpuSuite({ matmulSizes: [4096], streamElements: 2 ** 26 }));
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export function createWebGpuSuite(options: WebGpuSuiteOptions = {}): BenchmarkSuite {
  const sizes = options.matmulSizes ?? [256];
  const dtypes = options.dtypes ?? ["f32", "f16"];
  const elements = options.streamElements ?? 2 ** 22;
  return defineSuite({
    id: "webgpu",
    description: "WebGPU kernels: tiled matmul (f32/f16) and STREAM copy/triad, verified",
    benchmarks: [
      ...sizes.flatMap((n) => dtypes.map((dtype) => matmulBenchmark(n, dtype, options))),
      streamBenchmark("copy", elements, options),
      streamBenchmark("triad", elements, options),
    ],
  });
}

/**
 * Opens the WebGPU adapter once and reports what it is (name, backend, features, software or not) without
 * running anything.
 *
 * @param options - how to open it
 * @returns the adapter summary
 * @throws AifError `UNSUPPORTED` when none is available
 * @example
 * ```ts
 * import { probeWebGpu } from "@aifactory/bench";
 * (await probeWebGpu()).hasTimestampQuery;
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export async function probeWebGpu(options: OpenWebGpuOptions = {}): Promise<WebGpuAdapterSummary> {
  const handle = await openWebGpu(options);
  const summary = handle.summary;
  handle.close();
  return summary;
}
