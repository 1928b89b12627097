// Runs `turbo run build --filter=<filter>` and shows progress on stderr while people wait (used by start.mjs and
// aif.mjs). Never writes to stdout. On a terminal: one status line, redrawn every second, naming the package
// building and the seconds elapsed; cleared at the end. Elsewhere: at most `plainLine`, once, and only when a
// package actually has to be built (a cached build prints nothing). The whole turbo output goes to `logFile`
// when given; when the build fails, the output of the tasks that failed is written to stderr.
import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";

const TASK_LINE = /^(\S+):build: (.*)$/;

/** What a line of turbo's output says: `{ total }`, `{ task, started, executing }`, or `{ task }`. */
export function parseTurboLine(line) {
  const total = line.match(/Running build in (\d+) packages?/);
  if (total) return { total: Number(total[1]) };
  const task = line.match(TASK_LINE);
  if (!task) return {};
  const text = task[2];
  if (text.startsWith("cache hit")) return { task: task[1], started: true, executing: false };
  if (text.startsWith("cache miss")) return { task: task[1], started: true, executing: true };
  return { task: task[1] };
}

/** The status line: `building the CLI: @aifactory/cli (7 of 12 packages started, 23 s)`. */
export function statusLine({ label, current, started, total, seconds }) {
  const count = total > 0 ? `${started} of ${total} packages started, ` : "";
  return `${label}: ${current ?? "starting turbo"} (${count}${seconds} s)`;
}

/** The lines of the tasks that failed (from turbo's `Failed:` lines) and turbo's own error lines. */
export function failureOutput(output) {
  const lines = output.split("\n");
  const failed = new Set();
  for (const line of lines) {
    const match = line.match(/Failed:\s+(\S+)#build/);
    if (match) failed.add(match[1]);
  }
  if (failed.size === 0) return output;
  return lines
    .filter((line) => {
      const task = line.match(TASK_LINE);
      return task ? failed.has(task[1]) : /ERROR|Failed:|Tasks:/.test(line);
    })
    .join("\n");
}

/**
 * @param {{ root: string, filter: string, label: string, plainLine?: string, logFile?: string,
 *   env?: NodeJS.ProcessEnv, tty?: boolean, summary?: boolean }} options
 *   `summary`: on a terminal, leave one line `<label>: built N of M packages in S s` when something was built.
 * @returns {Promise<{ ok: boolean, status: number, output: string, seconds: number }>}
 */
export function buildWithProgress({ root, filter, label, plainLine, logFile, env = process.env, tty, summary }) {
  const interactive = tty ?? process.stderr.isTTY === true;
  const started = Date.now();
  const seconds = () => Math.round((Date.now() - started) / 1000);
  const state = { total: 0, started: 0, executing: 0, current: undefined };
  let output = "";
  let pending = "";
  let shown = false;
  let printedPlain = false;

  const draw = () => {
    if (!interactive || state.executing === 0) return;
    const line = statusLine({ label, ...state, seconds: seconds() });
    const width = process.stderr.columns > 10 ? process.stderr.columns - 1 : 100;
    process.stderr.write(`\r\x1b[K${line.slice(0, width)}`);
    shown = true;
  };
  const onLine = (line) => {
    const parsed = parseTurboLine(line);
    if (parsed.total !== undefined) state.total = parsed.total;
    if (parsed.started) state.started += 1;
    if (parsed.executing) {
      state.executing += 1;
      if (!interactive && plainLine !== undefined && !printedPlain) {
        process.stderr.write(`${plainLine}\n`);
        printedPlain = true;
      }
    }
    if (parsed.task !== undefined && (parsed.executing || !parsed.started)) state.current = parsed.task;
    if (parsed.executing) draw();
  };
  const onData = (chunk) => {
    const text = chunk.toString("utf8");
    output += text;
    pending += text;
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) onLine(line.replace(/\r$/, ""));
  };

  return new Promise((resolvePromise) => {
    const child = spawn(
      join(root, "node_modules/.bin/turbo"),
      ["run", "build", `--filter=${filter}`, "--output-logs=new-only", "--log-order=stream", "--no-color"],
      { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    const timer = setInterval(draw, 1000);
    let finished = false;
    const finish = (status) => {
      if (finished) return;
      finished = true;
      clearInterval(timer);
      if (pending !== "") onLine(pending);
      if (shown) process.stderr.write("\r\x1b[K");
      if (logFile !== undefined) writeFileSync(logFile, output);
      const ok = status === 0;
      if (ok && summary === true && interactive && state.executing > 0)
        process.stderr.write(`${label}: built ${state.executing} of ${state.total} packages in ${seconds()} s\n`);
      resolvePromise({ ok, status, output, seconds: seconds() });
    };
    child.on("error", (error) => {
      output += `${error.message}\n`;
      finish(1);
    });
    child.on("close", (code) => finish(code ?? 1));
  });
}
