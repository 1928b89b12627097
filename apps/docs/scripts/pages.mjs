// Pages generated from the packages' own code and data, so the docs never drift from what the SDK does.
// Each generator imports the built packages (the docs task runs after `turbo run build`).

function escapeCell(value) {
  return String(value ?? "")
    .replaceAll("|", "\\|")
    .replaceAll("\n", " ");
}

/** A markdown table from rows and columns. */
export function markdownTable(rows, columns) {
  const head = `| ${columns.map((c) => c.header).join(" | ")} |`;
  const rule = `|${columns.map((c) => (c.align === "right" ? "---:" : "---")).join("|")}|`;
  const body = rows.map((row) => `| ${columns.map((c) => escapeCell(c.value(row))).join(" | ")} |`);
  return [head, rule, ...body].join("\n");
}

const number = (value, digits = 4) =>
  value === undefined || value === null || !Number.isFinite(value)
    ? ""
    : Number(value.toPrecision(digits)).toLocaleString("en-US");
const percent = (ratio) => (Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : "");
const signedPercent = (ratio) => (Number.isFinite(ratio) ? `${ratio >= 0 ? "+" : ""}${(ratio * 100).toFixed(1)}%` : "");
/** The study part of a long source title, e.g. "Narayanan et al. 2021, Table 1". */
const shortSource = (source) => {
  const text = String(source ?? "");
  const table = text.match(/Table \d+/)?.[0];
  const study = text.split(/[,(]/)[0].trim();
  return table && !study.includes(table) ? `${study}, ${table}` : study;
};

function sourceLinks(sources = []) {
  return sources
    .map(
      (source) =>
        `${source.url ? `[${source.title}](${source.url})` : source.title}${source.locator ? ` (${source.locator})` : ""} *${source.evidence}*`,
    )
    .join("; ");
}

async function cliReference() {
  const { createProgram } = await import("@aifactory/cli");
  const { program } = createProgram({ stdout: () => {}, stderr: () => {}, stderrIsTty: false });
  const sections = [];
  const visit = (command, path) => {
    const name = [...path, command.name()].join(" ");
    const options = command.options.map((o) => `| \`${o.flags}\` | ${escapeCell(o.description)} |`);
    const args = command.registeredArguments.map((a) => `\`${a.required ? `<${a.name()}>` : `[${a.name()}]`}\``);
    sections.push(
      [
        `## \`${name}${args.length > 0 ? ` ${args.join(" ")}` : ""}\``,
        "",
        command.description() || "",
        "",
        ...(options.length > 0 ? ["| option | description |", "|---|---|", ...options, ""] : []),
      ].join("\n"),
    );
    for (const sub of command.commands) visit(sub, [...path, command.name()]);
  };
  visit(program, []);
  return {
    file: "cli-reference.md",
    markdown: `# CLI reference\n\nGenerated from the \`aif\` command definitions. Every command accepts \`--json\` (only JSON on stdout) and \`--debug\` (stack traces). Exit codes: 0 success, 1 failure, 2 bad input.\n\n${sections.join("\n")}`,
  };
}

async function hardwareCatalog() {
  const { listAccelerators, listSystems } = await import("@aifactory/hardware");
  const accelerators = listAccelerators();
  const systems = listSystems();
  const acceleratorTable = markdownTable(accelerators, [
    { header: "id", value: (a) => `\`${a.id}\`` },
    { header: "year", value: (a) => a.launchYear, align: "right" },
    { header: "bf16 dense TFLOPS", value: (a) => number(a.denseTflops.bf16), align: "right" },
    { header: "fp8 dense TFLOPS", value: (a) => number(a.denseTflops.fp8), align: "right" },
    { header: "fp4 dense TFLOPS", value: (a) => number(a.denseTflops.fp4), align: "right" },
    { header: "memory GB", value: (a) => number(a.memoryGB), align: "right" },
    { header: "HBM GB/s", value: (a) => number(a.memoryBandwidthGBps), align: "right" },
    { header: "TDP W", value: (a) => number(a.tdpWatts), align: "right" },
    {
      header: "scale-up GB/s per direction (domain)",
      value: (a) => `${number(a.scaleUp.bandwidthGBpsPerDirection)} (${a.scaleUp.scaleUpDomainSize})`,
    },
    { header: "sources", value: (a) => sourceLinks(a.sources) },
  ]);
  const systemTable = markdownTable(systems, [
    { header: "id", value: (s) => `\`${s.id}\`` },
    { header: "accelerators", value: (s) => `${s.acceleratorCount} x \`${s.acceleratorId}\`` },
    { header: "system power W", value: (s) => number(s.systemPowerWatts), align: "right" },
    { header: "sources", value: (s) => sourceLinks(s.sources) },
  ]);
  return {
    file: "hardware-catalog.md",
    markdown: `# Hardware catalog\n\nGenerated from \`@aifactory/hardware\`'s built-in data. TFLOPS are dense peaks (no structured sparsity), memory is decimal GB as the vendor states it, scale-up bandwidth is per direction. Evidence tags: *verified* (primary source), *secondary*, *derived*, *estimate*. See each entry's notes (\`aif hw show <id>\`) for source disagreements.\n\n## Accelerators (${accelerators.length})\n\n${acceleratorTable}\n\n## Systems (${systems.length})\n\n${systemTable}\n`,
  };
}

async function architectures() {
  const { listArchitectures, describeArchitecture } = await import("@aifactory/workloads");
  const rows = listArchitectures().map((arch) => ({ arch, summary: describeArchitecture(arch) }));
  const table = markdownTable(rows, [
    { header: "id", value: (r) => `\`${r.arch.id}\`` },
    { header: "kind", value: (r) => `${r.summary.kind}, ${r.summary.attention}` },
    { header: "layers", value: (r) => r.arch.layers, align: "right" },
    { header: "hidden", value: (r) => r.arch.hiddenSize, align: "right" },
    { header: "total params (B)", value: (r) => number(r.summary.totalParams / 1e9), align: "right" },
    { header: "active params (B)", value: (r) => number(r.summary.activeParams / 1e9), align: "right" },
    { header: "KV bytes/token (bf16)", value: (r) => number(r.summary.kvBytesPerToken), align: "right" },
    { header: "sources", value: (r) => sourceLinks(r.arch.sources) },
  ]);
  return {
    file: "architectures.md",
    markdown: `# Model architectures\n\nGenerated from \`@aifactory/workloads\`'s catalog and its derived-metric functions (\`describeArchitecture\`).\n\n${table}\n`,
  };
}

async function gridRegions() {
  const { listGridRegions } = await import("@aifactory/energy");
  const rows = listGridRegions().flatMap((region) => region.intensities.map((intensity) => ({ region, intensity })));
  const table = markdownTable(rows, [
    { header: "region", value: (r) => `\`${r.region.id}\` ${r.region.name}` },
    { header: "gCO2e/kWh", value: (r) => number(r.intensity.gCo2ePerKWh), align: "right" },
    { header: "year", value: (r) => r.intensity.year, align: "right" },
    { header: "basis", value: (r) => r.intensity.basis },
    { header: "method", value: (r) => r.intensity.method },
    { header: "sources", value: (r) => sourceLinks(r.intensity.sources) },
  ]);
  return {
    file: "grid-regions.md",
    markdown: `# Grid carbon intensity by region\n\nGenerated from \`@aifactory/energy\`'s grid catalog. Location-based and market-based figures are kept separate; each row has its data year and method.\n\n${table}\n`,
  };
}

async function validationReport() {
  const { validateTrainingModel } = await import("@aifactory/workloads");
  const { validatePatterson2021 } = await import("@aifactory/energy");
  const training = validateTrainingModel();
  const trainingTable = markdownTable(training.rows, [
    { header: "row", value: (r) => (r.url ? `[${r.id}](${r.url})` : r.id) },
    { header: "source", value: (r) => shortSource(r.source) },
    { header: "model", value: (r) => r.model },
    { header: "GPUs", value: (r) => r.acceleratorCount, align: "right" },
    { header: "parallelism", value: (r) => r.parallelism },
    { header: "published step s", value: (r) => number(r.publishedStepSeconds), align: "right" },
    { header: "predicted step s", value: (r) => number(r.predictedStepSeconds), align: "right" },
    { header: "error", value: (r) => signedPercent(r.errorRatio), align: "right" },
  ]);
  const { validateServingModel } = await import("@aifactory/workloads");
  const serving = validateServingModel();
  const servingTable = markdownTable(serving.rows, [
    { header: "row", value: (r) => (r.url ? `[${r.id}](${r.url})` : r.id) },
    { header: "model", value: (r) => r.model },
    { header: "GPU", value: (r) => r.gpu },
    { header: "GPUs", value: (r) => r.acceleratorCount, align: "right" },
    { header: "ISL/OSL", value: (r) => `${r.inputTokens}/${r.outputTokens}` },
    { header: "metric", value: (r) => r.metric },
    { header: "published", value: (r) => number(r.published), align: "right" },
    { header: "predicted", value: (r) => number(r.predicted), align: "right" },
    { header: "error", value: (r) => signedPercent(r.errorRatio), align: "right" },
    { header: "in median", value: (r) => (r.inMedian ? "yes" : "no") },
  ]);
  const { validateMoeTrainingModel, validationFamiliesMarkdown } = await import("@aifactory/workloads");
  const moeTraining = validateMoeTrainingModel();
  const moeTrainingTable = markdownTable(moeTraining.rows, [
    { header: "row", value: (r) => (r.url ? `[${r.id}](${r.url})` : r.id) },
    { header: "model", value: (r) => r.model },
    { header: "GPU", value: (r) => r.gpu },
    { header: "GPUs", value: (r) => r.acceleratorCount, align: "right" },
    { header: "parallelism", value: (r) => r.parallelism },
    { header: "published tokens/s/GPU", value: (r) => number(r.publishedTokensPerSecondPerGpu), align: "right" },
    {
      header: "predicted tokens/s/GPU",
      value: (r) =>
        Number.isFinite(r.predictedTokensPerSecondPerGpu) ? number(r.predictedTokensPerSecondPerGpu) : "-",
      align: "right",
    },
    {
      header: "error",
      value: (r) => (Number.isFinite(r.errorRatio) ? signedPercent(r.errorRatio) : "-"),
      align: "right",
    },
    { header: "left out because", value: (r) => r.excludedBecause ?? "" },
  ]);
  const energy = validatePatterson2021();
  const energyTable = markdownTable(energy, [
    { header: "row", value: (r) => r.id },
    { header: "model", value: (r) => r.model },
    { header: "published MWh", value: (r) => number(r.publishedEnergyMWh), align: "right" },
    { header: "predicted MWh", value: (r) => number(r.predictedEnergyMWh), align: "right" },
    { header: "energy error", value: (r) => `${number(r.energyErrorPercent, 3)}%`, align: "right" },
    { header: "published tCO2e", value: (r) => number(r.publishedCo2eTonnes), align: "right" },
    { header: "predicted tCO2e", value: (r) => number(r.predictedCo2eTonnes), align: "right" },
    { header: "CO2e error", value: (r) => `${number(r.co2eErrorPercent, 3)}%`, align: "right" },
  ]);
  const sections = [
    "# Validation report",
    "",
    "Published measurements vs the models' predictions, generated from the same functions and data the test suite asserts on. One set of default efficiency factors serves every row.",
    "",
    "## By family: measured kernel tables (the default) vs the analytic path",
    "",
    validationFamiliesMarkdown(),
    "",
    "See the kernel methodology page for what the measured tables cover.",
    "",
    `## Training step time (\`validateTrainingModel\`): mean absolute error ${percent(training.meanAbsolutePercentError / 100)}, max ${percent(training.maxAbsolutePercentError / 100)}`,
    "",
    trainingTable,
    "",
    `## Serving throughput (\`validateServingModel\`): median absolute error ${serving.medianAbsolutePercentError.toFixed(1)}% (dense ${serving.denseMedianAbsolutePercentError.toFixed(1)}%, MoE ${serving.moeMedianAbsolutePercentError.toFixed(1)}%), max ${serving.maxAbsolutePercentError.toFixed(1)}%`,
    "",
    "TensorRT-LLM max-throughput tables (H100, H200) and DeepSeek's production figures, with the measured kernel tables. The Llama 4 H100 rows stay optimistic (see the serving methodology page).",
    "",
    servingTable,
    "",
    `## MoE training throughput (\`validateMoeTrainingModel\`, Megatron-Core runs): median absolute error ${moeTraining.medianAbsolutePercentError.toFixed(1)}% (Hopper ${moeTraining.hopperMedianAbsolutePercentError.toFixed(1)}%, Blackwell ${moeTraining.blackwellMedianAbsolutePercentError.toFixed(1)}%)`,
    "",
    "Tokens per second per GPU (the sources' TFLOP/s converted with their own FLOPs formula). Rows the model cannot express yet are listed with the reason and left out of the medians.",
    "",
    moeTrainingTable,
    "",
    "## Training energy and carbon (`validatePatterson2021`, Patterson et al. 2021 Table 4)",
    "",
    energyTable,
    "",
  ];
  return { file: "validation-report.md", markdown: sections.join("\n") };
}

/** Every generated page. */
export async function generatedPages(_repoRoot) {
  return Promise.all([cliReference(), hardwareCatalog(), architectures(), gridRegions(), validationReport()]);
}
