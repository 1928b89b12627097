import { spawn } from "node:child_process";
import { AifError } from "@aifactory/core";
import {
  type EnergyEstimate,
  energyFromTelemetry,
  NVIDIA_SMI_TELEMETRY_FIELDS,
  parseTelemetryCsv,
  type TelemetrySample,
} from "../parsers/nvidia-smi";

/**
 * Options of {@link startTelemetrySampler}.
 *
 * @example
 * ```ts
 * import type { TelemetrySamplerOptions } from "@aifactory/bench";
 * const options: TelemetrySamplerOptions = { intervalMs: 200, gpuIndices: [0, 1] };
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export interface TelemetrySamplerOptions {
  /** Sampling interval in milliseconds (nvidia-smi `-lms`); default 100. */
  intervalMs?: number;
  /** GPU indices to sample (`-i`); default all. */
  gpuIndices?: readonly number[];
  /** Program to run; default `nvidia-smi` (tests pass a fake). */
  program?: string;
  /** Arguments placed before the generated ones (tests: the fake script path). */
  programArgs?: readonly string[];
}

/**
 * A running telemetry sampler.
 *
 * @example
 * ```ts
 * import type { TelemetrySampler } from "@aifactory/bench";
 * const averageWatts = (sampler: TelemetrySampler, startMs: number, endMs: number) =>
 *   sampler.energyBetween(startMs, endMs).averagePowerWatts;
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export interface TelemetrySampler {
  /** Samples received so far. */
  readonly samples: readonly TelemetrySample[];
  /** Stops sampling and returns every sample. */
  stop(): Promise<TelemetrySample[]>;
  /** Energy between two epoch-ms instants from the samples so far. */
  energyBetween(startMs: number, endMs: number): EnergyEstimate;
}

/**
 * Starts `nvidia-smi --query-gpu=<telemetry fields> --format=csv,noheader,nounits -lms <interval>` alongside a
 * benchmark (argument array, no shell). Each line is stamped with its arrival time, so the samples line up with
 * `Date.now()` windows even when nvidia-smi's own clock differs.
 *
 * @param options - interval, GPUs, program
 * @returns a sampler; call `stop()` when the benchmark ends
 * @throws AifError `UNSUPPORTED` when nvidia-smi is missing
 * @example
 * ```ts
 * // not run in tests: needs nvidia-smi and an NVIDIA GPU
 * import { startTelemetrySampler } from "@aifactory/bench";
 * const sampler = await startTelemetrySampler({ intervalMs: 100 });
 * const start = Date.now();
 * // ... run the workload ...
 * const end = Date.now();
 * await sampler.stop();
 * sampler.energyBetween(start, end).energyJoules;
 * ```
 * @since 0.1.0
 * @category nvidia-smi
 */
export function startTelemetrySampler(options: TelemetrySamplerOptions = {}): Promise<TelemetrySampler> {
  const intervalMs = options.intervalMs ?? 100;
  const args = [
    ...(options.programArgs ?? []),
    `--query-gpu=${NVIDIA_SMI_TELEMETRY_FIELDS.join(",")}`,
    "--format=csv,noheader,nounits",
    `-lms`,
    String(intervalMs),
    ...(options.gpuIndices === undefined ? [] : ["-i", options.gpuIndices.join(",")]),
  ];
  const program = options.program ?? "nvidia-smi";
  const samples: TelemetrySample[] = [];
  let buffer = "";
  const child = spawn(program, args, { shell: false, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk: string) => {
    buffer += chunk;
    const lines = buffer.split("\n");
    buffer = lines.pop() ?? "";
    const now = Date.now();
    for (const line of lines) {
      if (line.trim() === "") continue;
      try {
        for (const sample of parseTelemetryCsv(line, NVIDIA_SMI_TELEMETRY_FIELDS, now)) {
          samples.push({ ...sample, timeMs: now });
        }
      } catch {
        // A malformed line (driver warning) is skipped; energy needs only the good ones.
      }
    }
  });
  const closed = new Promise<void>((resolve) => child.on("close", () => resolve()));
  return new Promise((resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new AifError("UNSUPPORTED", `telemetry needs "${program}", which was not found`, {
              hint: "install the NVIDIA driver utilities or run without --telemetry",
              cause: error,
            })
          : error,
      );
    });
    child.once("spawn", () => {
      resolve({
        samples,
        async stop() {
          if (child.exitCode === null) child.kill("SIGTERM");
          await closed;
          return [...samples];
        },
        energyBetween(startMs: number, endMs: number) {
          return energyFromTelemetry(samples, startMs, endMs);
        },
      });
    });
  });
}
