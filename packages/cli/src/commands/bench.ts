import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  achievedVsPeak,
  type BenchResultSet,
  type BenchRunnerV1,
  benchResultSetSchema,
  builtInRunners,
  CHECK_KERNEL_SWEEP,
  type CollectiveId,
  calibrate,
  captureEnvironment,
  collectiveFromName,
  compareResults,
  createResultSet,
  DEFAULT_KERNEL_SWEEP,
  formatMeasuredServing,
  generateClusterLaunch,
  measuredRunToTrace,
  mergeResultSets,
  ncclTestsToResults,
  nvbandwidthToResults,
  parseMllog,
  parseNcclTests,
  parseNvbandwidth,
  parseTelemetryCsv,
  parseTorchKernelsOutput,
  QUICK_KERNEL_SWEEP,
  runServingLoad,
  runServingSweep,
  runTorchKernelSweep,
  type ServingLoadOptions,
  servingLoadOptionsSchema,
  servingSweepHtml,
  servingSweepMarkdown,
  servingSweepOptionsSchema,
  startTelemetrySampler,
  summarizeMllog,
  TORCH_KERNELS_SCRIPT,
  type TorchKernelSweepSpec,
  toMeasuredServingRun,
  torchKernelSweepSpecSchema,
} from "@aifactory/bench";
import {
  AifError,
  formatRequestTrace,
  formatSignificant,
  InvalidInputError,
  NotFoundError,
  parseInput,
  parseRequestTrace,
} from "@aifactory/core";
import { getAccelerator } from "@aifactory/hardware";
import type { Command } from "commander";
import type { CliContext } from "../context";
import { withFlagNames } from "../flag-names";
import { parseChoiceOption, parseNumberOption, readJsonFile } from "../options";
import { renderKeyValues, renderTable } from "../table";
import { compareKernelTablesReport, renderKernelComparison } from "./kernel";

function num(value: number | undefined, digits = 4): string {
  return value === undefined || !Number.isFinite(value) ? "-" : formatSignificant(value, digits);
}

function readText(path: string, label: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (cause) {
    throw new AifError("INVALID_INPUT", `cannot read ${label} "${path}"`, { hint: "check the path", cause });
  }
}

/** `aif bench serve`: load-test option fields and the flags that set them. */
const BENCH_SERVE_FLAG_NAMES: Readonly<Record<string, string>> = Object.freeze({
  baseUrl: "--url",
  model: "--model",
  api: "--api",
  requests: "--requests",
  "inputTokens.tokens": "--isl",
  "outputTokens.tokens": "--osl",
  dataset: "--dataset",
  sessions: "--session-turns",
  "sessions.turns.tokens": "--session-turns",
  "sessions.newInputTokens.tokens": "--session-isl",
  "sessions.idleSeconds": "--session-idle-s",
  "slo.ttftMs": "--slo-ttft-ms",
  "slo.tpotMs": "--slo-tpot-ms",
  "slo.e2eMs": "--slo-e2e-ms",
  "arrival.ratePerSecond": "--rate",
  "arrival.concurrency": "--concurrency",
  "arrival.trace": "--trace",
  "arrival.timeScale": "--time-scale",
  "sweep.ratesPerSecond": "--rates",
  "sweep.concurrencies": "--concurrencies",
  minSloAttainmentRatio: "--min-slo-attainment",
  requestTimeoutSeconds: "--request-timeout-s",
  seed: "--seed",
});

function readResultSet(path: string): BenchResultSet {
  return parseInput(benchResultSetSchema, readJsonFile(path, "bench result file"), `bench result file ${path}`);
}

function writeOut(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function findRunner(
  runners: BenchRunnerV1[],
  suite: string,
  backend: string | undefined,
): { runner: BenchRunnerV1; suite: string; filter?: string } {
  const candidates = backend === undefined ? runners : runners.filter((r) => r.id === backend);
  for (const runner of candidates) {
    if (runner.suites().some((s) => s.id === suite)) return { runner, suite };
  }
  // `aif bench run matmul --backend webgpu`: a benchmark id of the backend's suite.
  for (const runner of candidates) {
    for (const info of runner.suites()) {
      if (info.benchmarks.includes(suite)) return { runner, suite: info.id, filter: suite };
    }
  }
  throw new NotFoundError(
    "bench suite",
    suite,
    candidates.flatMap((r) => r.suites().flatMap((s) => [s.id, ...s.benchmarks])),
  );
}

function resultRows(set: BenchResultSet): Array<Record<string, unknown>> {
  return set.results.map((r) => {
    const metric = r.metrics[0];
    return {
      benchmark: `${r.suite}/${r.benchmark}`,
      parameters: Object.entries(r.parameters)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(" "),
      status: r.status,
      median: r.summary === undefined ? "-" : `${num(r.summary.median * 1e3)} ms`,
      metric: metric === undefined ? (r.failure?.message ?? "-") : `${num(metric.value)} ${metric.unit}`,
      ci95: metric?.lower === undefined ? "-" : `${num(metric.lower)}..${num(metric.upper)}`,
      cv: r.summary === undefined ? "-" : `${num(r.summary.coefficientOfVariation * 100, 2)} %`,
      samples: r.samplesSeconds.length,
      stop: r.stopReason,
      ...(r.energy === undefined
        ? {}
        : { energyJ: num(r.energy.energyJoules), powerW: num(r.energy.averagePowerWatts) }),
    };
  });
}

type KernelTables = Awaited<ReturnType<typeof runTorchKernelSweep>>["tables"];

function span(values: readonly number[]): string {
  const first = values[0];
  const last = values.at(-1);
  return values.length === 1 || first === last ? String(first) : `${first}..${last} (${values.length})`;
}

/** One summary row per kernel table: what it holds, its grid, how much of it was measured, its latency range. */
function kernelTableRows(tables: KernelTables): Array<Record<string, string>> {
  const row = (kind: string, what: string, grid: string, latencyUs: unknown) => {
    const values = Array.isArray(latencyUs) ? (latencyUs as Array<number | null>) : [];
    const measured = values.filter((v): v is number => v !== null);
    return {
      table: kind,
      what,
      grid,
      measured: `${measured.length}/${values.length}`,
      latencyUs: measured.length === 0 ? "-" : `${num(Math.min(...measured))}..${num(Math.max(...measured))}`,
    };
  };
  return [
    ...tables.gemm.map((t) => row("gemm", t.dtype, `m ${span(t.m)} x n ${span(t.n)} x k ${span(t.k)}`, t.latencyUs)),
    ...tables.contextAttention.map((t) =>
      row(
        "context attention",
        `heads ${t.heads}/${t.kvHeads} dim ${t.headDim} ${t.dtype}`,
        `batch ${span(t.batch)} x tokens ${span(t.sequenceTokens)}`,
        t.latencyUs,
      ),
    ),
    ...tables.generationAttention.map((t) =>
      row(
        "generation attention",
        `heads ${t.heads}/${t.kvHeads} dim ${t.headDim} kv ${t.kvDtype}`,
        `batch ${span(t.batch)} x context ${span(t.contextTokens)}`,
        t.latencyUs,
      ),
    ),
    ...tables.moe.map((t) =>
      row(
        "moe",
        `${t.experts} experts top-${t.topK} hidden ${t.hiddenSize} ffn ${t.expertFfnSize} ${t.dtype}`,
        `${t.series.map((s) => `tp${s.tp}/ep${s.ep}/a${s.routingAlpha}`).join(",")} x tokens ${span(t.tokens)}`,
        t.latencyUs,
      ),
    ),
    ...tables.collectives.map((t) =>
      row(
        "collective",
        `${t.operation} ${t.implementation} ${t.dtype}`,
        `gpus ${span(t.acceleratorCount)} x bytes ${span(t.messageBytes)}`,
        t.latencyUs,
      ),
    ),
  ];
}

function listFiles(paths: readonly string[]): string[] {
  return paths.flatMap((path) => {
    let stat: ReturnType<typeof statSync>;
    try {
      stat = statSync(path);
    } catch (cause) {
      throw new AifError("INVALID_INPUT", `cannot read "${path}"`, { hint: "check the path", cause });
    }
    return stat.isDirectory()
      ? readdirSync(path)
          .filter((f) => f.endsWith(".json"))
          .sort()
          .map((f) => join(path, f))
      : [path];
  });
}

/**
 * Writes the PyTorch kernel sweep as plain files, for a GPU machine without Node.js: the script, the spec it
 * reads and a `run.sh` that runs it with `$PYTHON` (default python3). Its stdout goes back through
 * `aif bench kernels --from-output`.
 */
function emitKernelSweep(dir: string, gpu: string, sweep: string, spec: TorchKernelSweepSpec): string[] {
  const parsed = torchKernelSweepSpecSchema.parse(spec);
  const files = [join(dir, "torch_kernels.py"), join(dir, "spec.json"), join(dir, "run.sh")];
  const [script, specFile, run] = files as [string, string, string];
  writeOut(script, TORCH_KERNELS_SCRIPT);
  writeOut(specFile, `${JSON.stringify(parsed, null, 2)}\n`);
  writeOut(
    run,
    [
      "#!/bin/sh",
      `# aifactory kernel sweep "${sweep}" for ${gpu}: JSON lines on stdout, progress on stderr.`,
      `# Then, where aif runs: aif bench kernels --gpu ${gpu} --from-output <captured stdout> --compare`,
      'here="$(dirname "$0")"',
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell parameter expansion, not a template
      'exec "${PYTHON:-python3}" "$here/torch_kernels.py" "$(cat "$here/spec.json")"',
      "",
    ].join("\n"),
  );
  chmodSync(run, 0o755);
  return files;
}

/**
 * Registers `aif bench`: run suites, sweep GPU kernels into kernel tables, list runners, parse tool output,
 * load-test a serving endpoint, compare result sets, calibrate efficiency factors, and generate cluster launch
 * files.
 *
 * @param program - the root command
 * @param context - output helpers
 * @example
 * ```sh
 * aif bench run cpu --time-budget-s 2 --json > results.json
 * aif bench kernels --gpu nvidia-h100-sxm --out h100-kernel-tables.json
 * ```
 * @since 0.1.0
 * @category CLI
 */
export function registerBenchCommands(program: Command, context: CliContext): void {
  const bench = program.command("bench").description("measure hardware and serving stacks, compare, calibrate");

  bench
    .command("list")
    .description("list benchmark runners, their suites and whether they can run here")
    .action(async () => {
      const rows: Array<Record<string, string>> = [];
      for (const runner of builtInRunners()) {
        const availability = await runner.isAvailable();
        for (const suite of runner.suites()) {
          rows.push({
            runner: runner.id,
            suite: suite.id,
            benchmarks: suite.benchmarks.join(", "),
            available: availability.available ? "yes" : "no",
            note: availability.reason ?? "",
          });
        }
      }
      context.print({ suites: rows }, () => renderTable(rows));
    });

  bench
    .command("run")
    .description("run a suite (cpu, webgpu, torch-matmul) or one benchmark of it, with adaptive sampling")
    .argument("<suite>", "suite id (cpu, webgpu, torch-matmul) or a benchmark id (matmul, triad, copy)")
    .option("--backend <backend>", "runner: cpu, webgpu or torch")
    .option("--time-budget-s <seconds>", "sampling time budget per benchmark", "5")
    .option("--filter <text>", "only benchmarks whose id contains this")
    .option("--matmul-sizes <list>", "webgpu matmul sizes, comma-separated multiples of 16", "256")
    .option("--stream-elements <n>", "webgpu copy/triad f32 elements", String(2 ** 22))
    .option("--out <file>", "also write the result set to this file")
    .option("--telemetry", "sample nvidia-smi power alongside and report energy per benchmark")
    .action(async (suiteArg: string, options: Record<string, string | boolean | undefined>) => {
      const timeBudgetSeconds = parseNumberOption("--time-budget-s", String(options.timeBudgetS ?? "5"), { min: 0.01 });
      const backend =
        options.backend === undefined
          ? undefined
          : parseChoiceOption("--backend", String(options.backend), ["cpu", "webgpu", "torch"]);
      const matmulSizes = String(options.matmulSizes ?? "256")
        .split(",")
        .map((s) => parseNumberOption("--matmul-sizes", s, { int: true, min: 16 }));
      const notTiled = matmulSizes.find((size) => size % 16 !== 0);
      if (notTiled !== undefined) {
        throw new InvalidInputError("option --matmul-sizes", [
          {
            path: "--matmul-sizes",
            message: "every size must be a multiple of 16 (the WebGPU kernel's tile)",
            received: notTiled,
            hint: `e.g. --matmul-sizes ${Math.max(16, Math.round(notTiled / 16) * 16)}`,
          },
        ]);
      }
      const streamElements = parseNumberOption("--stream-elements", String(options.streamElements ?? "4194304"), {
        int: true,
        min: 4,
      });
      const runners = builtInRunners({ matmulSizes, streamElements });
      const target = findRunner(runners, suiteArg, backend);
      const availability = await target.runner.isAvailable();
      if (!availability.available) {
        throw new AifError(
          "UNSUPPORTED",
          `runner "${target.runner.id}" cannot run here: ${availability.reason ?? "unavailable"}`,
          {
            hint: "see `aif bench list`; for WebGPU without a GPU install Mesa (see docs/benchmarking.md)",
          },
        );
      }
      if (availability.reason !== undefined) context.note(`note: ${availability.reason}`);
      const environment = await captureEnvironment();
      const filter = typeof options.filter === "string" ? options.filter : target.filter;
      const telemetry = options.telemetry === true ? await startTelemetrySampler({ intervalMs: 100 }) : undefined;
      const total = target.runner.suites().find((s) => s.id === target.suite)?.benchmarks.length ?? 1;
      const progress = context.progress(`bench ${target.suite}`, total);
      let results: Awaited<ReturnType<BenchRunnerV1["run"]>>;
      try {
        results = await target.runner.run({
          suite: target.suite,
          timeBudgetSeconds,
          ...(filter === undefined ? {} : { filter }),
          onProgress: (done) => progress.update(done),
          ...(telemetry === undefined ? {} : { telemetry }),
        });
      } finally {
        progress.stop();
        await telemetry?.stop();
      }
      const set = createResultSet(environment, results);
      if (typeof options.out === "string") writeOut(options.out, `${JSON.stringify(set, null, 2)}\n`);
      context.print(set, () => renderTable(resultRows(set)));
      const failed = results.filter((r) => r.status === "failed");
      if (failed.length > 0) {
        throw new AifError(
          "VERIFICATION_FAILED",
          `${failed.length} benchmark(s) failed: ${failed.map((r) => `${r.benchmark}: ${r.failure?.message}`).join("; ")}`,
          {
            hint: "a failed benchmark produced no numbers; see the failure messages",
          },
        );
      }
    });

  bench
    .command("kernels")
    .description(
      "sweep GEMM, attention, MoE and collective kernels on this GPU with PyTorch and write kernel tables (format v1)",
    )
    .requiredOption("--gpu <id>", "catalog accelerator the sweep runs on, e.g. nvidia-h100-sxm")
    .option("--out <file>", "write the kernel tables here (default kernel-tables-<gpu>.json)")
    .option("--python <python>", "python with a CUDA or ROCm build of torch", "python3")
    .option("--quick", "a few points of each kind (about a minute) to check the setup (same as --sweep quick)")
    .option(
      "--sweep <name>",
      "full (default: GEMM, attention, MoE, collectives), check (20 GEMM and attention shapes on the built-in grid, for --compare) or quick",
    )
    .option("--compare", "after the sweep, set the measured tables against the built-in tables of this GPU")
    .option("--title <text>", "source title written into the tables")
    .option("--timeout-s <seconds>", "stop the sweep after this long", "1800")
    .option(
      "--emit-script <dir>",
      "write the sweep (torch_kernels.py, spec.json, run.sh) to a folder instead of running it, for a GPU machine without Node.js",
    )
    .option(
      "--from-output <file>",
      "build the tables from the captured stdout of an emitted run.sh instead of sweeping",
    )
    .action(async (options: Record<string, string | boolean | undefined>) => {
      const gpu = getAccelerator(String(options.gpu ?? "") as Parameters<typeof getAccelerator>[0]).id;
      const timeoutSeconds = parseNumberOption("--timeout-s", String(options.timeoutS ?? "1800"), { min: 1 });
      const out = typeof options.out === "string" ? options.out : `kernel-tables-${gpu}.json`;
      const sweep =
        options.sweep === undefined
          ? options.quick === true
            ? "quick"
            : "full"
          : parseChoiceOption("--sweep", String(options.sweep), ["full", "check", "quick"]);
      const spec = { full: DEFAULT_KERNEL_SWEEP, check: CHECK_KERNEL_SWEEP, quick: QUICK_KERNEL_SWEEP }[sweep];
      if (typeof options.emitScript === "string" && typeof options.fromOutput === "string") {
        throw new InvalidInputError("option --emit-script", [
          {
            path: "--emit-script",
            message: "pass either --emit-script (write the sweep) or --from-output (read its output), not both",
            received: options.emitScript,
          },
        ]);
      }
      if (typeof options.emitScript === "string") {
        const files = emitKernelSweep(options.emitScript, gpu, sweep, spec);
        context.print({ files }, () =>
          [
            `wrote ${files.join(", ")}`,
            `on the GPU machine: sh ${join(options.emitScript as string, "run.sh")} > sweep.jsonl`,
            `then here: aif bench kernels --gpu ${gpu} --from-output sweep.jsonl --compare`,
          ].join("\n"),
        );
        return;
      }
      let progress: ReturnType<CliContext["progress"]> | undefined;
      let result: Awaited<ReturnType<typeof runTorchKernelSweep>>;
      if (typeof options.fromOutput === "string") {
        const title = typeof options.title === "string" ? { title: options.title } : {};
        result = {
          tables: parseTorchKernelsOutput(readText(options.fromOutput, "sweep output (--from-output)"), {
            acceleratorId: gpu,
            ...title,
          }),
          skipped: [],
        };
      } else
        try {
          result = await runTorchKernelSweep(
            {
              acceleratorId: gpu,
              python: String(options.python ?? "python3"),
              spec,
              ...(typeof options.title === "string" ? { title: options.title } : {}),
              onProgress: (done, total) => {
                progress ??= context.progress("bench kernels", total);
                progress.update(done);
              },
            },
            { timeoutSeconds },
          );
        } finally {
          progress?.stop();
        }
      const { tables, skipped } = result;
      writeOut(out, `${JSON.stringify(tables, null, 2)}\n`);
      if (skipped.length > 0) {
        context.note(`skipped ${skipped.length} case(s):`);
        for (const reason of skipped) context.note(`  ${reason}`);
      }
      const comparison = options.compare === true ? compareKernelTablesReport(tables, out, "builtin") : undefined;
      context.print(comparison === undefined ? tables : { tables, comparison }, () =>
        [
          renderTable(kernelTableRows(tables)),
          `device: ${tables.device ?? "unknown"}`,
          `wrote ${out}`,
          ...(comparison === undefined ? [] : ["", renderKernelComparison(comparison, false)]),
        ].join("\n"),
      );
    });

  bench
    .command("parse")
    .description("parse nccl-tests, nvbandwidth, mllog or nvidia-smi output into results")
    .argument("<tool>", "nccl-tests | nvbandwidth | mllog | nvidia-smi")
    .argument("<file>", "the tool's captured stdout")
    .option(
      "--collective <name>",
      "nccl-tests collective when the output does not name it (all-reduce, all_gather_perf, ...)",
    )
    .option("--report", "print the parsed report instead of a result set")
    .action(async (toolArg: string, file: string, options: { collective?: string; report?: boolean }) => {
      const tool = parseChoiceOption("tool", toolArg, ["nccl-tests", "nvbandwidth", "mllog", "nvidia-smi"]);
      const text = readText(file, `${tool} output`);
      if (tool === "mllog") {
        const parsed = parseMllog(text);
        const summary = summarizeMllog(parsed.events);
        context.print({ summary, malformedLines: parsed.malformedLines, events: parsed.events }, () =>
          renderKeyValues([
            ["events", summary.eventCount],
            ["benchmark", summary.benchmark ?? "-"],
            ["status", summary.status ?? "-"],
            ["time to train", summary.runDurationSeconds === undefined ? "-" : `${num(summary.runDurationSeconds)} s`],
            ["last eval accuracy", num(summary.lastEvalAccuracy)],
            ["throughput samples", summary.throughputSamples.map((v) => num(v)).join(", ") || "-"],
            ["malformed lines", parsed.malformedLines.join(", ") || "none"],
          ]),
        );
        return;
      }
      if (tool === "nvidia-smi") {
        const samples = parseTelemetryCsv(text);
        context.print({ samples }, () =>
          renderTable(
            samples.map((s) => ({
              gpu: s.index,
              time: new Date(s.timeMs).toISOString(),
              powerW: num(s.powerWatts),
              smMHz: num(s.smClockMHz),
              memMHz: num(s.memoryClockMHz),
              tempC: num(s.temperatureCelsius),
              throttle: s.throttleReasons.join(",") || "-",
            })),
          ),
        );
        return;
      }
      const environment = await captureEnvironment({ nvidiaSmi: false });
      if (tool === "nccl-tests") {
        let collective: CollectiveId | undefined;
        if (options.collective !== undefined) {
          collective = collectiveFromName(options.collective);
          if (collective === undefined) {
            throw new InvalidInputError("option --collective", [
              {
                path: "--collective",
                message: "unknown collective",
                received: options.collective,
                hint: "use all-reduce, all-gather, reduce-scatter, all-to-all, broadcast, reduce, gather, scatter, send-recv",
              },
            ]);
          }
        }
        const report = parseNcclTests(text, collective);
        const set = createResultSet(environment, ncclTestsToResults(report));
        context.print(options.report ? report : set, () =>
          [
            renderKeyValues([
              ["collective", report.collective ?? "unknown"],
              ["ranks", report.ranks ?? "-"],
              ["valid", report.valid ? "yes" : `NO: ${report.problems.join("; ")}`],
              [
                "avg bus bandwidth",
                report.averageBusBandwidthGBps === undefined ? "-" : `${report.averageBusBandwidthGBps} GB/s`,
              ],
            ]),
            renderTable(
              report.rows.map((r) => ({
                sizeBytes: r.sizeBytes,
                type: r.dataType,
                timeUs: r.outOfPlace.timeUs,
                algbwGBps: r.outOfPlace.algorithmBandwidthGBps,
                busbwGBps: r.outOfPlace.busBandwidthGBps,
              })),
            ),
          ].join("\n"),
        );
        return;
      }
      const report = parseNvbandwidth(text);
      const set = createResultSet(environment, nvbandwidthToResults(report));
      context.print(options.report ? report : set, () =>
        renderTable(
          report.tests.map((t) => ({ test: t.name, sumGBps: num(t.sumGBps), cells: t.matrixGBps.flat().length })),
        ),
      );
    });

  bench
    .command("serve")
    .description(
      "load-test an OpenAI-compatible endpoint (TTFT, TPOT, ITL, E2E, throughput, goodput): one rate, a sweep, or a trace replay",
    )
    .requiredOption("--url <base>", "base URL, e.g. http://127.0.0.1:8000/v1")
    .requiredOption("--model <name>", "model name the server expects")
    .option("--rate <r>", "Poisson arrival rate, requests per second")
    .option("--concurrency <c>", "fixed number of requests in flight")
    .option("--rates <list>", "sweep Poisson rates in order, e.g. 1,2,4,8 (stops below --min-slo-attainment)")
    .option("--concurrencies <list>", "sweep concurrencies in order, e.g. 1,4,16,64")
    .option("--min-slo-attainment <ratio>", "a sweep stops after the first point below this SLO attainment", "0.9")
    .option("--trace <file>", "replay a request trace (Mooncake JSONL, Azure CSV or aif JSONL) at its arrival times")
    .option("--trace-format <format>", "aif-jsonl, mooncake or azure-csv (default: detected)")
    .option("--time-scale <x>", "replay the trace this many times faster", "1")
    .option("--requests <n>", "number of requests per run or sweep point (a trace: its first n records)")
    .option("--isl <tokens>", "input tokens per request (synthetic prompts; a session's first turn)", "128")
    .option("--osl <tokens>", "output tokens per request", "128")
    .option("--dataset <file>", "JSON array of { prompt, outputTokens? } used instead of synthetic prompts")
    .option("--session-turns <n>", "multi-turn sessions: turns per session (each turn's prompt extends the last)")
    .option("--session-isl <tokens>", "new input tokens each later turn adds (default --isl)")
    .option("--session-idle-s <seconds>", "mean idle time between a turn's answer and the next turn", "0")
    .option("--api <api>", "completions or chat", "completions")
    .option("--slo-ttft-ms <ms>", "TTFT bound for goodput")
    .option("--slo-tpot-ms <ms>", "TPOT bound for goodput")
    .option("--slo-e2e-ms <ms>", "end-to-end latency bound for goodput")
    .option("--api-key <key>", "bearer token")
    .option("--seed <n>", "seed for arrivals and lengths", "0")
    .option("--request-timeout-s <seconds>", "give up on a request after this long", "600")
    .option("--out <file>", "write every request's measurements and the summary as JSON (a measured-serving file)")
    .option("--out-trace <file>", "write the measured arrivals and lengths as an aif JSONL trace (one run)")
    .option("--report <file>", "write a sweep's report: HTML with a chart (.html) or a Markdown table (other names)")
    .action(async (options: Record<string, string | undefined>) => {
      const modes = (["rate", "concurrency", "rates", "concurrencies", "trace"] as const).filter(
        (key) => options[key] !== undefined,
      );
      if (modes.length !== 1) {
        throw new InvalidInputError("aif bench serve", [
          {
            path: "--rate/--concurrency/--rates/--concurrencies/--trace",
            message: `pass exactly one of --rate, --concurrency, --rates, --concurrencies and --trace${modes.length > 1 ? ` (got ${modes.map((m) => `--${m}`).join(", ")})` : ""}`,
            hint: "e.g. --rate 4, --concurrency 16, --rates 1,2,4,8 or --trace mooncake.jsonl",
          },
        ]);
      }
      const mode = modes[0] as (typeof modes)[number];
      const sweeping = mode === "rates" || mode === "concurrencies";
      const onlyWith = (flag: string, given: boolean, allowed: boolean, needs: string) => {
        if (given && !allowed) {
          throw new InvalidInputError(`option ${flag}`, [
            { path: flag, message: `only applies with ${needs}`, hint: `remove ${flag} or add ${needs}` },
          ]);
        }
      };
      onlyWith("--trace-format", options.traceFormat !== undefined, mode === "trace", "--trace");
      onlyWith("--time-scale", (options.timeScale ?? "1") !== "1", mode === "trace", "--trace");
      onlyWith("--report", options.report !== undefined, sweeping, "--rates or --concurrencies");
      onlyWith("--out-trace", options.outTrace !== undefined, !sweeping, "--rate, --concurrency or --trace");
      const sessionFlags = options.sessionIsl !== undefined || (options.sessionIdleS ?? "0") !== "0";
      onlyWith("--session-isl/--session-idle-s", sessionFlags, options.sessionTurns !== undefined, "--session-turns");
      const isl = parseNumberOption("--isl", options.isl ?? "128", { int: true, min: 1 });
      const dataset =
        options.dataset === undefined
          ? undefined
          : (readJsonFile(options.dataset, "dataset") as Array<{ prompt: string; outputTokens?: number }>);
      const common = {
        baseUrl: options.url ?? "",
        model: options.model ?? "",
        api: parseChoiceOption("--api", options.api ?? "completions", ["completions", "chat"]),
        ...(options.requests !== undefined
          ? { requests: parseNumberOption("--requests", options.requests, { int: true, min: 1 }) }
          : mode === "trace"
            ? {}
            : { requests: 100 }),
        inputTokens: { kind: "fixed" as const, tokens: isl },
        outputTokens: {
          kind: "fixed" as const,
          tokens: parseNumberOption("--osl", options.osl ?? "128", { int: true, min: 1 }),
        },
        ...(dataset === undefined ? {} : { dataset }),
        ...(options.sessionTurns === undefined
          ? {}
          : {
              sessions: {
                turns: {
                  kind: "fixed" as const,
                  tokens: parseNumberOption("--session-turns", options.sessionTurns, { int: true, min: 1 }),
                },
                newInputTokens: {
                  kind: "fixed" as const,
                  tokens:
                    options.sessionIsl === undefined
                      ? isl
                      : parseNumberOption("--session-isl", options.sessionIsl, { int: true, min: 1 }),
                },
                idleSeconds: parseNumberOption("--session-idle-s", options.sessionIdleS ?? "0", { min: 0 }),
              },
            }),
        slo: {
          ...(options.sloTtftMs === undefined
            ? {}
            : { ttftMs: parseNumberOption("--slo-ttft-ms", options.sloTtftMs, { min: Number.MIN_VALUE }) }),
          ...(options.sloTpotMs === undefined
            ? {}
            : { tpotMs: parseNumberOption("--slo-tpot-ms", options.sloTpotMs, { min: Number.MIN_VALUE }) }),
          ...(options.sloE2eMs === undefined
            ? {}
            : { e2eMs: parseNumberOption("--slo-e2e-ms", options.sloE2eMs, { min: Number.MIN_VALUE }) }),
        },
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
        seed: parseNumberOption("--seed", options.seed ?? "0", { int: true }),
        requestTimeoutSeconds: parseNumberOption("--request-timeout-s", options.requestTimeoutS ?? "600", {
          min: 0.001,
        }),
      };
      const written: string[] = [];
      const write = (path: string | undefined, content: () => string) => {
        if (path === undefined) return;
        writeOut(path, content());
        written.push(`wrote ${path}`);
      };
      if (sweeping) {
        const parsedList = (flag: string, raw: string, int: boolean) => {
          const items = raw.split(",").map((item) => item.trim());
          if (items.length === 0 || items.some((item) => item === "")) {
            throw new InvalidInputError(`option ${flag}`, [
              {
                path: flag,
                message: "must be a comma-separated list of numbers",
                received: raw,
                hint: `e.g. ${flag} ${int ? "1,4,16" : "1,2,4"}`,
              },
            ]);
          }
          return items.map((item) =>
            parseNumberOption(flag, item, int ? { int: true, min: 1 } : { min: Number.MIN_VALUE }),
          );
        };
        const sweepOptions = withFlagNames(BENCH_SERVE_FLAG_NAMES, () =>
          parseInput(
            servingSweepOptionsSchema,
            {
              ...common,
              sweep:
                mode === "rates"
                  ? { kind: "poisson", ratesPerSecond: parsedList("--rates", options.rates ?? "", false) }
                  : {
                      kind: "concurrency",
                      concurrencies: parsedList("--concurrencies", options.concurrencies ?? "", true),
                    },
              minSloAttainmentRatio: parseNumberOption("--min-slo-attainment", options.minSloAttainment ?? "0.9", {
                min: 0,
                max: 1,
              }),
            },
            "aif bench serve options",
          ),
        );
        let progress: ReturnType<CliContext["progress"]> | undefined;
        let point = -1;
        let sweep: Awaited<ReturnType<typeof runServingSweep>>;
        try {
          sweep = await runServingSweep(sweepOptions, (p) => {
            if (p.point !== point) {
              progress?.stop();
              point = p.point;
              const offered = p.kind === "poisson" ? `${num(p.offered)} req/s` : `concurrency ${p.offered}`;
              progress = context.progress(`bench serve ${offered} (${p.point + 1}/${p.points})`, p.total);
            }
            progress?.update(p.finished);
          });
        } finally {
          progress?.stop();
        }
        write(options.out, () => formatMeasuredServing(sweep));
        write(options.report, () =>
          /\.html?$/i.test(options.report ?? "")
            ? servingSweepHtml(sweep, { title: `aif bench serve: ${options.model}` })
            : servingSweepMarkdown(sweep),
        );
        if (sweep.points.every((p) => p.report.succeeded === 0)) {
          const reasons = [...new Set(sweep.points.flatMap((p) => p.report.errors))].slice(0, 3).join("; ");
          throw new AifError("VERIFICATION_FAILED", `every request to ${options.url} failed (${reasons})`, {
            hint: "check the URL, the model name and the server's logs; no throughput is reported for a failed run",
          });
        }
        const points = sweep.points.map(({ report: { records: _records, ...summary }, ...point }) => ({
          ...point,
          report: summary,
        }));
        context.print({ ...sweep, points }, () =>
          [
            renderTable(
              sweep.points.map((p) => ({
                [sweep.kind === "poisson" ? "rate" : "concurrency"]: num(p.offered),
                achievedRps: num(p.achievedRequestsPerSecond),
                ttftP50: num(p.ttftMs.p50),
                ttftP99: num(p.ttftMs.p99),
                tpotP50: num(p.tpotMs.p50),
                itlP50: num(p.itlMs.p50),
                e2eP99: num(p.e2eMs.p99),
                outputTps: num(p.outputTokensPerSecond),
                goodputRps: num(p.goodputRequestsPerSecond),
                attainment: `${num(p.sloAttainmentRatio * 100, 3)} %`,
                failed: p.failed,
              })),
            ),
            ...(sweep.stoppedEarly
              ? [
                  `stopped below ${num(sweep.minSloAttainmentRatio * 100, 3)} % SLO attainment; not run: ${sweep.notRun.map((v) => num(v)).join(", ")}`,
                ]
              : []),
            `highest passing: ${sweep.highestPassingOffered === undefined ? "none" : num(sweep.highestPassingOffered)}`,
            ...written,
          ].join("\n"),
        );
        return;
      }
      let arrival: ServingLoadOptions["arrival"];
      if (mode === "trace") {
        const path = options.trace ?? "";
        const format =
          options.traceFormat === undefined
            ? undefined
            : parseChoiceOption("--trace-format", options.traceFormat, ["aif-jsonl", "mooncake", "azure-csv"]);
        let trace: ReturnType<typeof parseRequestTrace>;
        try {
          trace = parseRequestTrace(readText(path, "trace"), format);
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          const label = (error.details as { label?: string } | undefined)?.label ?? "request trace";
          throw new InvalidInputError(`--trace ${path} (${label})`, error.problems, error.hint);
        }
        arrival = {
          kind: "trace",
          trace,
          timeScale: parseNumberOption("--time-scale", options.timeScale ?? "1", { min: Number.MIN_VALUE }),
        };
      } else if (mode === "rate") {
        arrival = { kind: "poisson", ratePerSecond: parseNumberOption("--rate", options.rate ?? "", { min: 1e-6 }) };
      } else {
        arrival = {
          kind: "concurrency",
          concurrency: parseNumberOption("--concurrency", options.concurrency ?? "", { int: true, min: 1 }),
        };
      }
      const loadOptions = withFlagNames(BENCH_SERVE_FLAG_NAMES, () =>
        parseInput(servingLoadOptionsSchema, { ...common, arrival }, "aif bench serve options"),
      );
      let progress: ReturnType<CliContext["progress"]> | undefined;
      let report: Awaited<ReturnType<typeof runServingLoad>>;
      try {
        report = await runServingLoad(loadOptions, (done, total) => {
          progress ??= context.progress("bench serve", total);
          progress.update(done);
        });
      } finally {
        progress?.stop();
      }
      write(options.out, () => formatMeasuredServing(report));
      write(options.outTrace, () => formatRequestTrace(measuredRunToTrace(toMeasuredServingRun(report))));
      const { records: _records, ...summary } = report;
      if (report.succeeded === 0) {
        const reasons = [...new Set(report.records.map((r) => r.error ?? "unknown"))].slice(0, 3).join("; ");
        throw new AifError("VERIFICATION_FAILED", `every request to ${options.url} failed (${reasons})`, {
          hint: "check the URL, the model name and the server's logs; no throughput is reported for a failed run",
        });
      }
      const latencyRow = (name: string, p: { p50: number; p90: number; p99: number; mean: number }) => ({
        latency: name,
        p50: num(p.p50),
        p90: num(p.p90),
        p99: num(p.p99),
        mean: num(p.mean),
      });
      context.print(summary, () =>
        [
          renderTable([
            latencyRow("ttftMs", report.ttftMs),
            latencyRow("tpotMs", report.tpotMs),
            latencyRow("itlMs", report.itlMs),
            latencyRow("e2eMs", report.e2eMs),
          ]),
          renderKeyValues([
            ["requests", `${report.succeeded} ok, ${report.failed} failed`],
            ["duration", `${num(report.durationSeconds)} s`],
            ["output tokens/s", num(report.outputTokensPerSecond)],
            ["requests/s", num(report.requestsPerSecond)],
            ["goodput requests/s", num(report.goodputRequestsPerSecond)],
            ["goodput ratio", num(report.goodputRatio)],
            ["errors", report.errors.join("; ") || "none"],
          ]),
          ...written,
        ].join("\n"),
      );
    });

  bench
    .command("compare")
    .description("compare two result files: relative change, its CI, Mann-Whitney p-value, verdict")
    .argument("<baseline>", "baseline result file")
    .argument("<candidate>", "candidate result file")
    .option("--alpha <p>", "significance level", "0.01")
    .option("--min-change <ratio>", "smallest relative change that counts", "0.02")
    .option("--fail-on-regression", "exit 1 when a benchmark regressed or failed")
    .action(
      async (baselinePath: string, candidatePath: string, options: Record<string, string | boolean | undefined>) => {
        const comparison = compareResults(readResultSet(baselinePath), readResultSet(candidatePath), {
          alpha: parseNumberOption("--alpha", String(options.alpha ?? "0.01"), { min: 0, max: 1 }),
          minRelativeChange: parseNumberOption("--min-change", String(options.minChange ?? "0.02"), { min: 0 }),
        });
        context.print(comparison, () =>
          renderTable(
            comparison.rows.map((r) => ({
              benchmark: r.key,
              verdict: r.verdict,
              change: r.relativeChange === undefined ? "-" : `${num(r.relativeChange * 100, 3)} %`,
              ci95:
                r.relativeChangeCi === undefined
                  ? "-"
                  : `${num(r.relativeChangeCi.lower * 100, 3)}..${num(r.relativeChangeCi.upper * 100, 3)} %`,
              p: num(r.pValue, 2),
            })),
          ),
        );
        if (options.failOnRegression === true && comparison.hasRegression) {
          throw new AifError(
            "VERIFICATION_FAILED",
            `${comparison.regressions} regression(s) or failure(s) against ${baselinePath}`,
          );
        }
      },
    );

  bench
    .command("calibrate")
    .description("turn result files into a calibration file of efficiency factors (achieved / catalog peak)")
    .argument("<results...>", "result files")
    .requiredOption("--accelerator <id>", "catalog accelerator the results were measured on, e.g. nvidia-h100-sxm")
    .option("--scope <scope>", "collectives ran inside one scale-up domain or across nodes", "scale-up")
    .option("--out <file>", "write the calibration file here")
    .action(async (files: string[], options: Record<string, string | undefined>) => {
      const scope = parseChoiceOption("--scope", options.scope ?? "scale-up", ["scale-up", "scale-out"]);
      const sets = files.map((file) => ({ ...readResultSet(file), label: file }));
      const calibration = calibrate(sets, options.accelerator ?? "", { collectiveScope: scope });
      const rows = achievedVsPeak(
        sets.flatMap((s) => s.results),
        options.accelerator ?? "",
        { collectiveScope: scope },
      );
      if (options.out !== undefined) writeOut(options.out, `${JSON.stringify(calibration, null, 2)}\n`);
      for (const warning of calibration.warnings) context.note(`warning: ${warning}`);
      context.print(calibration, () =>
        [
          renderTable(
            rows.map((r) => ({
              benchmark: r.benchmark,
              metric: r.metric,
              achieved: `${num(r.achieved)} ${r.unit}`,
              peak: `${num(r.peak)} (${r.peakField})`,
              ratio: `${num(r.ratio * 100, 3)} %`,
            })),
          ),
          renderKeyValues(Object.entries(calibration.efficiency).map(([k, v]) => [k, num(v)] as const)),
          ...(options.out === undefined ? [] : [`wrote ${options.out}`]),
        ].join("\n"),
      );
    });

  bench
    .command("cluster")
    .description("generate Slurm or Kubernetes launch files for a suite across N nodes, or merge their results")
    .option("--scheduler <scheduler>", "slurm or kubernetes")
    .option("--nodes <n>", "number of nodes")
    .option("--gpus-per-node <g>", "GPUs per node")
    .option("--suite <suite>", "nccl (nccl-tests across nodes) or a suite run once per node", "nccl")
    .option("--out <path>", "directory for the generated files (or the merged result file with --merge)")
    .option("--image <image>", "container image (kubernetes)")
    .option("--partition <name>", "Slurm partition")
    .option("--account <name>", "Slurm account")
    .option("--results-dir <path>", "where jobs write results on the cluster", "/results")
    .option("--results-claim <pvc>", "PersistentVolumeClaim for results (kubernetes)")
    .option("--time-limit-min <minutes>", "job time limit", "60")
    .option("--merge <paths...>", "merge per-node result files (or directories of them) into one result set")
    .action(async (options: Record<string, string | string[] | undefined>) => {
      if (options.merge !== undefined) {
        const files = listFiles(options.merge as string[]);
        const merged = mergeResultSets(files.map(readResultSet));
        if (typeof options.out === "string") writeOut(options.out, `${JSON.stringify(merged, null, 2)}\n`);
        context.print(merged, () => `${renderTable(resultRows(merged))}\nmerged ${files.length} file(s)`);
        return;
      }
      const scheduler = parseChoiceOption("--scheduler", String(options.scheduler ?? ""), ["slurm", "kubernetes"]);
      const launch = generateClusterLaunch({
        scheduler,
        nodes: parseNumberOption("--nodes", String(options.nodes ?? ""), { int: true, min: 1 }),
        acceleratorsPerNode: parseNumberOption("--gpus-per-node", String(options.gpusPerNode ?? ""), {
          int: true,
          min: 1,
        }),
        suite: String(options.suite ?? "nccl"),
        resultsDirectory: String(options.resultsDir ?? "/results"),
        timeLimitMinutes: parseNumberOption("--time-limit-min", String(options.timeLimitMin ?? "60"), {
          int: true,
          min: 1,
        }),
        ...(typeof options.image === "string" ? { image: options.image } : {}),
        ...(typeof options.partition === "string" ? { partition: options.partition } : {}),
        ...(typeof options.account === "string" ? { account: options.account } : {}),
        ...(typeof options.resultsClaim === "string" ? { resultsClaim: options.resultsClaim } : {}),
      });
      const outDir = typeof options.out === "string" ? options.out : undefined;
      if (outDir !== undefined) for (const file of launch.files) writeOut(join(outDir, file.path), file.content);
      context.print(
        {
          files: launch.files.map((f) => ({ ...f, path: outDir === undefined ? f.path : join(outDir, f.path) })),
          instructions: launch.instructions,
        },
        () =>
          [
            ...(outDir === undefined
              ? launch.files.map((f) => `# ${f.path}\n${f.content}`)
              : launch.files.map((f) => `wrote ${join(outDir, f.path)}`)),
            ...launch.instructions.map((i) => `- ${i}`),
          ].join("\n"),
      );
    });
}
