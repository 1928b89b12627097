import { formatSignificant } from "@aifactory/core";
import type { LatencyPercentiles } from "./load-generator";
import type { ServingSweepPoint, ServingSweepReport } from "./serving-sweep";

function num(value: number | undefined, digits = 3): string {
  return value === undefined || !Number.isFinite(value) ? "-" : formatSignificant(value, digits);
}

function triple(p: LatencyPercentiles): string {
  return `${num(p.p50)} / ${num(p.p90)} / ${num(p.p99)}`;
}

function offeredLabel(kind: ServingSweepReport["kind"]): string {
  return kind === "poisson" ? "offered rate (req/s)" : "concurrency";
}

function sloText(report: ServingSweepReport): string {
  const bounds = [
    report.slo.ttftMs === undefined ? undefined : `TTFT <= ${num(report.slo.ttftMs)} ms`,
    report.slo.tpotMs === undefined ? undefined : `TPOT <= ${num(report.slo.tpotMs)} ms`,
    report.slo.e2eMs === undefined ? undefined : `E2E <= ${num(report.slo.e2eMs)} ms`,
  ].filter((b): b is string => b !== undefined);
  return bounds.length === 0 ? "no SLO (every successful request counts)" : bounds.join(", ");
}

function summaryLines(report: ServingSweepReport): string[] {
  const lines = [
    `SLO: ${sloText(report)}; the sweep stops below ${num(report.minSloAttainmentRatio * 100)} % attainment.`,
    report.highestPassingOffered === undefined
      ? "No point met the attainment threshold."
      : `Highest ${report.kind === "poisson" ? "rate" : "concurrency"} meeting it: ${num(report.highestPassingOffered)}${report.kind === "poisson" ? " req/s" : ""}.`,
  ];
  if (report.stoppedEarly) lines.push(`Stopped early; not run: ${report.notRun.map((v) => num(v)).join(", ")}.`);
  return lines;
}

/** The sweep table's header and rows, shared by the Markdown and HTML writers. */
function tableRows(report: ServingSweepReport): { header: string[]; rows: string[][] } {
  return {
    header: [
      offeredLabel(report.kind),
      "achieved (req/s)",
      "TTFT p50/p90/p99 (ms)",
      "TPOT p50/p90/p99 (ms)",
      "ITL p50/p90/p99 (ms)",
      "E2E p50/p90/p99 (ms)",
      "output (tok/s)",
      "goodput (req/s)",
      "SLO attainment",
      "failed",
    ],
    rows: report.points.map((p: ServingSweepPoint) => [
      num(p.offered),
      num(p.achievedRequestsPerSecond),
      triple(p.ttftMs),
      triple(p.tpotMs),
      triple(p.itlMs),
      triple(p.e2eMs),
      num(p.outputTokensPerSecond),
      num(p.goodputRequestsPerSecond),
      `${num(p.sloAttainmentRatio * 100)} %`,
      String(p.failed),
    ]),
  };
}

/**
 * A sweep as a Markdown table (one row per point: offered and achieved rate, P50/P90/P99 TTFT, TPOT, ITL and
 * E2E, output throughput, goodput, SLO attainment, failures) followed by the SLO and where the sweep stopped.
 *
 * @param report - what {@link runServingSweep} returned
 * @returns Markdown text
 * @example
 * ```ts
 * import { runServingSweep, servingSweepMarkdown, startBatchingTestServer } from "@aifactory/bench";
 * const server = await startBatchingTestServer();
 * const sweep = await runServingSweep({ baseUrl: server.baseUrl, model: "m", requests: 4,
 *   outputTokens: { kind: "fixed", tokens: 4 }, sweep: { kind: "concurrency", concurrencies: [1, 2] } });
 * servingSweepMarkdown(sweep).startsWith("| concurrency |"); // true
 * await server.close();
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function servingSweepMarkdown(report: ServingSweepReport): string {
  const { header, rows } = tableRows(report);
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replaceAll("|", "\\|")).join(" | ")} |`;
  return [
    line(header),
    line(header.map((_, i) => (i === 0 ? "---" : "---:"))),
    ...rows.map(line),
    "",
    ...summaryLines(report),
    "",
  ].join("\n");
}

function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

/** Round numbers for axis ticks: 1, 2, 5 x 10^k steps covering [0, max]. */
function ticks(max: number): number[] {
  if (!(max > 0) || !Number.isFinite(max)) return [0, 1];
  const rough = max / 4;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= rough) ?? 10 * magnitude;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  if ((out.at(-1) ?? 0) < max) out.push(Number(((out.at(-1) ?? 0) + step).toPrecision(12)));
  return out;
}

interface Panel {
  title: string;
  unit: string;
  color: string;
  values: Array<{ x: number; y: number | undefined }>;
  /** A horizontal reference line (the SLO bound). */
  reference?: { y: number; label: string };
}

function panelSvg(panel: Panel, xs: number[], xLabel: string, top: number, widthPx: number, heightPx: number) {
  const left = 64;
  const right = 16;
  const plotWidth = widthPx - left - right;
  const plotHeight = heightPx - 56;
  const y0 = top + 24;
  const xTicks = ticks(Math.max(...xs));
  const xMax = xTicks.at(-1) ?? 1;
  const finite = panel.values.flatMap((v) => (v.y === undefined || !Number.isFinite(v.y) ? [] : [v.y]));
  const yTicks = ticks(Math.max(...finite, panel.reference?.y ?? 0, 0));
  const yMax = yTicks.at(-1) ?? 1;
  const px = (x: number) => left + (x / xMax) * plotWidth;
  const py = (y: number) => y0 + plotHeight - (y / yMax) * plotHeight;
  const parts: string[] = [
    `<text x="${left}" y="${top + 14}" font-size="13" font-weight="600">${escapeHtml(panel.title)}</text>`,
    `<rect x="${left}" y="${y0}" width="${plotWidth}" height="${plotHeight}" fill="none" stroke="#ccc"/>`,
  ];
  for (const t of yTicks) {
    parts.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${py(t)}" y2="${py(t)}" stroke="#eee"/>`,
      `<text x="${left - 6}" y="${py(t) + 4}" font-size="11" text-anchor="end">${num(t)}</text>`,
    );
  }
  for (const t of xTicks) {
    parts.push(`<text x="${px(t)}" y="${y0 + plotHeight + 14}" font-size="11" text-anchor="middle">${num(t)}</text>`);
  }
  parts.push(
    `<text x="${left + plotWidth / 2}" y="${y0 + plotHeight + 30}" font-size="11" text-anchor="middle">${escapeHtml(xLabel)}</text>`,
    `<text x="14" y="${y0 + plotHeight / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 14 ${y0 + plotHeight / 2})">${escapeHtml(panel.unit)}</text>`,
  );
  if (panel.reference !== undefined) {
    const y = py(panel.reference.y);
    parts.push(
      `<line x1="${left}" x2="${left + plotWidth}" y1="${y}" y2="${y}" stroke="#d62728" stroke-dasharray="6 4"/>`,
      `<text x="${left + plotWidth - 4}" y="${y - 4}" font-size="11" text-anchor="end" fill="#d62728">${escapeHtml(panel.reference.label)}</text>`,
    );
  }
  const points = [...panel.values]
    .filter((v): v is { x: number; y: number } => v.y !== undefined && Number.isFinite(v.y))
    .sort((a, b) => a.x - b.x);
  if (points.length > 1) {
    const path = points.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(" ");
    parts.push(`<polyline points="${path}" fill="none" stroke="${panel.color}" stroke-width="2"/>`);
  }
  for (const p of points) {
    parts.push(
      `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="3.5" fill="${panel.color}"><title>${escapeHtml(`${num(p.x)}: ${num(p.y)} ${panel.unit}`)}</title></circle>`,
    );
  }
  return parts.join("\n");
}

/**
 * A sweep as an SVG chart (no scripts, no external resources): goodput and P99 TTFT against the offered rate
 * (or concurrency), one panel each, the TTFT SLO as a dashed line.
 *
 * @param report - what {@link runServingSweep} returned
 * @param size - the chart's size in px (default 640 x 520)
 * @returns an `<svg>` element as text
 * @example
 * ```ts
 * import { runServingSweep, servingSweepSvg, startBatchingTestServer } from "@aifactory/bench";
 * const server = await startBatchingTestServer();
 * const sweep = await runServingSweep({ baseUrl: server.baseUrl, model: "m", requests: 4,
 *   outputTokens: { kind: "fixed", tokens: 4 }, sweep: { kind: "poisson", ratesPerSecond: [10, 20] } });
 * servingSweepSvg(sweep).startsWith("<svg"); // true
 * await server.close();
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function servingSweepSvg(
  report: ServingSweepReport,
  size: { widthPx?: number; heightPx?: number } = {},
): string {
  const widthPx = size.widthPx ?? 640;
  const heightPx = size.heightPx ?? 520;
  const panelHeight = heightPx / 2;
  const xs = report.points.map((p) => p.offered);
  const xLabel = offeredLabel(report.kind);
  const goodput: Panel = {
    title: "Goodput (requests/s meeting the SLO)",
    unit: "req/s",
    color: "#1f77b4",
    values: report.points.map((p) => ({ x: p.offered, y: p.goodputRequestsPerSecond })),
  };
  const ttft: Panel = {
    title: "P99 time to first token",
    unit: "ms",
    color: "#ff7f0e",
    values: report.points.map((p) => ({ x: p.offered, y: p.ttftMs.p99 })),
    ...(report.slo.ttftMs === undefined
      ? {}
      : { reference: { y: report.slo.ttftMs, label: `SLO ${num(report.slo.ttftMs)} ms` } }),
  };
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}" viewBox="0 0 ${widthPx} ${heightPx}" font-family="system-ui, sans-serif" role="img" aria-label="goodput and P99 TTFT against ${escapeHtml(xLabel)}">`,
    panelSvg(goodput, xs, xLabel, 0, widthPx, panelHeight),
    panelSvg(ttft, xs, xLabel, panelHeight, widthPx, panelHeight),
    "</svg>",
  ].join("\n");
}

/**
 * A sweep as a self-contained HTML page: the SLO and where the sweep stopped, the chart of
 * {@link servingSweepSvg} inline, and the table of {@link servingSweepMarkdown}.
 *
 * @param report - what {@link runServingSweep} returned
 * @param options - `title` of the page (default "Serving sweep")
 * @returns HTML text
 * @example
 * ```ts
 * import { runServingSweep, servingSweepHtml, startBatchingTestServer } from "@aifactory/bench";
 * const server = await startBatchingTestServer();
 * const sweep = await runServingSweep({ baseUrl: server.baseUrl, model: "m", requests: 4,
 *   outputTokens: { kind: "fixed", tokens: 4 }, sweep: { kind: "poisson", ratesPerSecond: [10, 20] } });
 * servingSweepHtml(sweep, { title: "vLLM on 1x H100" }).includes("<svg"); // true
 * await server.close();
 * ```
 * @since 0.6.0
 * @category Serving
 */
export function servingSweepHtml(report: ServingSweepReport, options: { title?: string } = {}): string {
  const title = options.title ?? "Serving sweep";
  const { header, rows } = tableRows(report);
  const setup = report.points[0]?.report.setup;
  return [
    "<!doctype html>",
    '<html lang="en">',
    "<head>",
    '<meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title>`,
    "<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#222}table{border-collapse:collapse;font-size:13px}" +
      "th,td{border:1px solid #ddd;padding:4px 8px;text-align:right}th:first-child,td:first-child{text-align:left}" +
      "th{background:#f5f5f5}</style>",
    "</head>",
    "<body>",
    `<h1>${escapeHtml(title)}</h1>`,
    ...(setup === undefined
      ? []
      : [
          `<p>${escapeHtml(`${setup.model} at ${setup.baseUrl} (${setup.api}), ${report.points[0]?.report.requests ?? 0} requests per point`)}</p>`,
        ]),
    ...summaryLines(report).map((l) => `<p>${escapeHtml(l)}</p>`),
    servingSweepSvg(report),
    "<table>",
    `<thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>`,
    "<tbody>",
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`),
    "</tbody>",
    "</table>",
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
