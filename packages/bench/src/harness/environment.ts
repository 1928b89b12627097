import os from "node:os";
import { NVIDIA_SMI_INVENTORY_FIELDS, parseNvidiaSmiInventory } from "../parsers/nvidia-smi";
import { runCommand } from "../runners/run-command";
import type { BenchEnvironment } from "./result-schema";

/**
 * Options of {@link captureEnvironment}.
 *
 * @example
 * ```ts
 * import { type CaptureEnvironmentOptions, captureEnvironment } from "@aifactory/bench";
 * const options: CaptureEnvironmentOptions = { nvidiaSmi: false };
 * (await captureEnvironment(options)).gpus; // []
 * ```
 * @since 0.1.0
 * @category Harness
 */
export interface CaptureEnvironmentOptions {
  /** Query nvidia-smi for GPUs (skipped silently when it is missing); default true. */
  nvidiaSmi?: boolean;
  /** nvidia-smi timeout in seconds; default 10. */
  timeoutSeconds?: number;
}

/**
 * Captures where a benchmark runs: host, OS, CPU model and count, memory, Node version, and GPUs (name, driver,
 * memory, max clocks, power limit) when `nvidia-smi` is available. Never throws for a missing GPU tool.
 *
 * @param options - whether to query nvidia-smi
 * @returns the environment for a result set
 * @example
 * ```ts
 * import { captureEnvironment } from "@aifactory/bench";
 * const environment = await captureEnvironment();
 * environment.cpuModel;
 * ```
 * @since 0.1.0
 * @category Harness
 */
export async function captureEnvironment(options: CaptureEnvironmentOptions = {}): Promise<BenchEnvironment> {
  const cpus = os.cpus();
  const environment: BenchEnvironment = {
    hostname: os.hostname(),
    platform: process.platform,
    arch: process.arch,
    osRelease: os.release(),
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    cpuCount: cpus.length,
    memoryBytes: os.totalmem(),
    nodeVersion: process.version,
    gpus: [],
  };
  if (options.nvidiaSmi ?? true) {
    try {
      const result = await runCommand(
        "nvidia-smi",
        [`--query-gpu=${NVIDIA_SMI_INVENTORY_FIELDS.join(",")}`, "--format=csv,noheader,nounits"],
        { timeoutSeconds: options.timeoutSeconds ?? 10 },
      );
      if (result.exitCode === 0) {
        environment.gpus = parseNvidiaSmiInventory(result.stdout).map((gpu) => ({ ...gpu, source: "nvidia-smi" }));
      }
    } catch {
      // No nvidia-smi: a CPU-only machine.
    }
  }
  return environment;
}
