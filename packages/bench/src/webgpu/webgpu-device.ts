import { AifError } from "@aifactory/core";

/**
 * How to obtain a WebGPU adapter from Node.
 *
 * @example
 * ```ts
 * import type { OpenWebGpuOptions } from "@aifactory/bench";
 * const software: OpenWebGpuOptions = { backend: "opengles", requestOptionalFeatures: false };
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export interface OpenWebGpuOptions {
  /**
   * Dawn backend: `default` (Vulkan on Linux), or a named one (`vulkan`, `opengles`, `opengl`, `null`).
   * With `default`, when no adapter is found and `softwareFallback` is true, Dawn's OpenGL ES backend is tried
   * with `EGL_PLATFORM=surfaceless` (Mesa llvmpipe), which needs no GPU and no display.
   */
  backend?: "default" | "vulkan" | "opengles" | "opengl" | (string & {});
  /** Try the OpenGL ES software path when the default backend has no adapter; default true. */
  softwareFallback?: boolean;
  /** Ask for `timestamp-query` and `shader-f16` when the adapter has them; default true. */
  requestOptionalFeatures?: boolean;
  /** Extra Dawn flags (`enable-dawn-features=...`). */
  dawnFlags?: readonly string[];
}

/**
 * What was opened: adapter identity, features, and whether it is a software rasteriser (numbers from a
 * software adapter prove plumbing, not hardware speed).
 *
 * @example
 * ```ts
 * import type { WebGpuAdapterSummary } from "@aifactory/bench";
 * const trustworthy = (adapter: WebGpuAdapterSummary) => !adapter.isSoftware && adapter.hasTimestampQuery;
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export interface WebGpuAdapterSummary {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  /** Dawn backend used (`default`, `opengles`, ...). */
  backend: string;
  /** `core` or `compatibility` (OpenGL ES). */
  featureLevel: "core" | "compatibility";
  features: string[];
  hasTimestampQuery: boolean;
  hasShaderF16: boolean;
  isSoftware: boolean;
  maxComputeInvocationsPerWorkgroup: number;
  maxStorageBufferBindingSize: number;
}

/**
 * An open WebGPU device with its adapter summary (internal: it is not exported, so that this package's public
 * types never require `@webgpu/types`).
 *
 * @example
 * ```ts
 * import type { WebGpuHandle } from "./webgpu-device";
 * const describe = (gpu: WebGpuHandle) => `${gpu.summary.description} (${gpu.summary.backend})`;
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export interface WebGpuHandle {
  readonly device: GPUDevice;
  readonly summary: WebGpuAdapterSummary;
  /** Set when the device was lost. */
  lostReason: string | undefined;
  close(): void;
}

type WebGpuModule = { create: (flags: string[]) => GPU };
let modulePromise: Promise<WebGpuModule> | undefined;

/**
 * Loads the optional `webgpu` package (Dawn for Node) lazily. Importing `@aifactory/bench` never loads it.
 *
 * @returns the module
 * @throws AifError `UNSUPPORTED` when `webgpu` is not installed
 * @example
 * ```ts
 * // not run in tests: needs the optional webgpu package (Dawn)
 * import { loadWebGpu } from "./webgpu-device";
 * const { create } = await loadWebGpu();
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export function loadWebGpu(): Promise<WebGpuModule> {
  modulePromise ??= import("webgpu")
    .then((module) => module as unknown as WebGpuModule)
    .catch((error: unknown) => {
      modulePromise = undefined;
      throw new AifError("UNSUPPORTED", 'the optional peer dependency "webgpu" is not installed', {
        hint: "npm install webgpu@^0.6 to run WebGPU kernels from Node",
        cause: error,
      });
    });
  return modulePromise;
}

// Dawn's GPU instance must outlive every adapter and device made from it: a collected instance crashes the
// process. One instance per flag set is created and kept for the life of the process.
const instances = new Map<string, GPU>();

const SOFTWARE_PATTERN = /llvmpipe|lavapipe|swiftshader|softpipe|software/i;

async function tryAdapter(
  create: WebGpuModule["create"],
  backend: string,
  flags: readonly string[],
): Promise<{ adapter: GPUAdapter; featureLevel: "core" | "compatibility" } | undefined> {
  const allFlags = [...(backend === "default" ? [] : [`backend=${backend}`]), ...flags];
  const cacheKey = allFlags.join("\u0000");
  let gpu = instances.get(cacheKey);
  if (gpu === undefined) {
    gpu = create(allFlags);
    instances.set(cacheKey, gpu);
  }
  const core = await gpu.requestAdapter();
  if (core) return { adapter: core, featureLevel: "core" };
  const compat = await gpu.requestAdapter({ featureLevel: "compatibility" } as GPURequestAdapterOptions);
  if (compat) return { adapter: compat, featureLevel: "compatibility" };
  return undefined;
}

/**
 * Opens a WebGPU device from Node through Dawn: the default backend first, then (optionally) the OpenGL ES
 * software path. Requests `timestamp-query` (with Dawn's timestamp quantization disabled) and `shader-f16`
 * where the adapter offers them.
 *
 * @param options - backend and features
 * @returns an open device; call `close()` when done
 * @throws AifError `UNSUPPORTED` when no adapter is available or `webgpu` is missing
 * @example
 * ```ts
 * // not run in tests: needs a WebGPU adapter (a GPU, or Mesa's software rasterizer)
 * import { openWebGpu } from "./webgpu-device";
 * const gpu = await openWebGpu();
 * gpu.summary.description; // e.g. "NVIDIA H100 80GB HBM3" or "llvmpipe (LLVM 15.0.6, 256 bits)"
 * gpu.close();
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export async function openWebGpu(options: OpenWebGpuOptions = {}): Promise<WebGpuHandle> {
  const { create } = await loadWebGpu();
  // Dawn's pending promises do not keep Node's event loop alive; hold it open while the device is in use.
  const keepAlive = setInterval(() => undefined, 1000);
  try {
    return await openWithKeepAlive(create, options, keepAlive);
  } catch (error) {
    clearInterval(keepAlive);
    throw error;
  }
}

async function openWithKeepAlive(
  create: WebGpuModule["create"],
  options: OpenWebGpuOptions,
  keepAlive: ReturnType<typeof setInterval>,
): Promise<WebGpuHandle> {
  const flags = ["disable-dawn-features=timestamp_quantization", ...(options.dawnFlags ?? [])];
  const requested = options.backend ?? process.env.AIF_WEBGPU_BACKEND ?? "default";
  let backend = requested;
  let found = await tryAdapter(create, backend, flags);
  if (found === undefined && requested === "default" && (options.softwareFallback ?? true)) {
    // Mesa's EGL needs a platform without a display; set only when the user has not chosen one.
    process.env.EGL_PLATFORM ??= "surfaceless";
    backend = "opengles";
    found = await tryAdapter(create, backend, flags);
  }
  if (found === undefined) {
    throw new AifError("UNSUPPORTED", `no WebGPU adapter found (backend ${requested})`, {
      hint: "install a Vulkan driver (Mesa 25 lavapipe from bookworm-backports for software) or Mesa EGL (libegl-mesa0) for the OpenGL ES path with EGL_PLATFORM=surfaceless",
    });
  }
  const { adapter, featureLevel } = found;
  const wanted: GPUFeatureName[] = [];
  if (options.requestOptionalFeatures ?? true) {
    for (const feature of ["timestamp-query", "shader-f16"] as const)
      if (adapter.features.has(feature)) wanted.push(feature);
  }
  const device = await adapter.requestDevice({
    requiredFeatures: wanted,
    requiredLimits: {
      maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
      maxBufferSize: adapter.limits.maxBufferSize,
      maxComputeInvocationsPerWorkgroup: adapter.limits.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: adapter.limits.maxComputeWorkgroupSizeX,
      maxComputeWorkgroupSizeY: adapter.limits.maxComputeWorkgroupSizeY,
    },
  });
  const info = adapter.info;
  const names = [info.device, info.description].filter((s): s is string => s !== undefined && s !== "");
  const description = names.length === 0 ? info.vendor || "unknown" : [...new Set(names)].join(" / ");
  const summary: WebGpuAdapterSummary = {
    vendor: info.vendor ?? "",
    architecture: info.architecture ?? "",
    device: info.device ?? "",
    description,
    backend,
    featureLevel,
    features: [...device.features].map(String).sort(),
    hasTimestampQuery: device.features.has("timestamp-query"),
    hasShaderF16: device.features.has("shader-f16"),
    isSoftware:
      (info as { isFallbackAdapter?: boolean }).isFallbackAdapter === true ||
      SOFTWARE_PATTERN.test(`${info.vendor} ${info.architecture} ${info.device} ${info.description}`),
    maxComputeInvocationsPerWorkgroup: device.limits.maxComputeInvocationsPerWorkgroup,
    maxStorageBufferBindingSize: device.limits.maxStorageBufferBindingSize,
  };
  const handle: WebGpuHandle = {
    device,
    summary,
    lostReason: undefined,
    close() {
      clearInterval(keepAlive);
      device.destroy();
    },
  };
  void device.lost.then((lost) => {
    handle.lostReason = `${lost.reason}: ${lost.message}`;
  });
  return handle;
}

/**
 * Runs `body` inside validation, out-of-memory and internal error scopes and throws the first error any of
 * them caught. An invalid pipeline or dispatch does not throw in WebGPU; without this, a timing loop would
 * time nothing.
 *
 * @param device - the device
 * @param body - work to check (may be async)
 * @returns what `body` returned
 * @throws AifError `VERIFICATION_FAILED` with the WebGPU error message
 * @example
 * ```ts
 * // not run in tests: needs a WebGPU adapter (a GPU, or Mesa's software rasterizer)
 * import { openWebGpu, withErrorScopes } from "./webgpu-device";
 * const gpu = await openWebGpu();
 * await withErrorScopes(gpu.device, () => gpu.device.createBuffer({ size: 16, usage: 0x80 }));
 * ```
 * @since 0.1.0
 * @category WebGPU
 */
export async function withErrorScopes<T>(device: GPUDevice, body: () => T | Promise<T>): Promise<T> {
  device.pushErrorScope("internal");
  device.pushErrorScope("out-of-memory");
  device.pushErrorScope("validation");
  let value: T;
  try {
    value = await body();
  } finally {
    const errors = [await device.popErrorScope(), await device.popErrorScope(), await device.popErrorScope()];
    const first = errors.find((error) => error !== null);
    if (first) {
      // biome-ignore lint/correctness/noUnsafeFinally: the WebGPU error is the real failure
      throw new AifError("VERIFICATION_FAILED", `WebGPU error: ${first.message}`, {
        hint: "the kernel did not run as written; its timing would be meaningless",
      });
    }
  }
  return value;
}
