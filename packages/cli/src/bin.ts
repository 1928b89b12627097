#!/usr/bin/env node
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";
import packageJson from "../package.json" with { type: "json" };

// The launcher is built as CommonJS (dist/bin.cjs, the `aif` bin): an ES module entry costs a start the ESM
// loader and a module facade per built-in it imports (node:fs's alone loads fs streams), about 10 ms here.
// dist/bin.js, for callers that run that path, loads this file.
const binFile = __filename;
const argv = process.argv.slice(2);
// A reader that closes the pipe early (`aif hw list --json | head -1`) is not an error: stop quietly.
function stopOnBrokenPipe(stream: NodeJS.WriteStream): void {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}
/** The output streams this run made (see `finish`). */
const outputStreams = new Set<NodeJS.WriteStream>();
// Each stream gets that handler when it is first used, not at start: Node makes `process.stdout`/`stderr` on first
// access, and for a pipe that loads the net module (3-4 ms of CPU each); a command that prints nothing on stderr
// then never makes it.
for (const name of ["stdout", "stderr"] as const) {
  const descriptor = Object.getOwnPropertyDescriptor(process, name);
  const get = descriptor?.get;
  if (get === undefined || descriptor?.configurable !== true) {
    stopOnBrokenPipe(process[name]);
    outputStreams.add(process[name]);
    continue;
  }
  let handled = false;
  Object.defineProperty(process, name, {
    configurable: true,
    enumerable: descriptor.enumerable,
    get() {
      const stream = get.call(process) as NodeJS.WriteStream;
      if (!handled) {
        handled = true;
        stopOnBrokenPipe(stream);
        outputStreams.add(stream);
      }
      return stream;
    },
  });
}

/**
 * Ends the process with `code` once the command is done. When nothing but stdout and stderr is left (no server,
 * timer, pending request or `beforeExit` listener), it exits as soon as their output is flushed: a normal exit
 * first tears V8 down, which waits for its background compile jobs (10-40 ms here, more on a loaded machine).
 * Otherwise the process ends as it always did, when the event loop is empty.
 */
function finish(code: number): void {
  process.exitCode = code;
  const internals = process as unknown as { _getActiveHandles?: () => unknown[]; _getActiveRequests?: () => unknown[] };
  const handles = internals._getActiveHandles?.();
  const requests = internals._getActiveRequests?.();
  if (handles === undefined || requests === undefined || requests.length > 0) return;
  if (process.listenerCount("beforeExit") > 0) return;
  // Every active handle is listed among the resources: as many of each, and all of them ours, leaves nothing else.
  if (process.getActiveResourcesInfo().length !== handles.length) return;
  if (!handles.every((handle) => outputStreams.has(handle as NodeJS.WriteStream))) return;
  let pending = 1;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit(code);
  };
  for (const stream of outputStreams) {
    if (stream.writableLength > 0) {
      pending += 1;
      // Called once everything written before it is flushed (a pipe can be asynchronous on macOS).
      stream.write("", done);
    }
  }
  done();
}

/**
 * Where compiled code is cached: `AIF_COMPILE_CACHE` names a folder, or turns the cache off with `0`/`off`;
 * by default a folder of this user's in the temporary directory. A folder that another user owns or could
 * write to is not used: V8 runs the bytecode it finds there.
 */
function cacheFolder(): string | undefined {
  const setting = process.env.AIF_COMPILE_CACHE;
  if (setting === "0" || setting === "off" || setting === "false") return undefined;
  const uid = process.getuid?.();
  const folder = setting || join(tmpdir(), uid === undefined ? "aif-compile-cache" : `aif-compile-cache-${uid}`);
  try {
    mkdirSync(folder, { recursive: true, mode: 0o700 });
    const info = statSync(folder);
    if (uid !== undefined && (info.uid !== uid || (info.mode & 0o022) !== 0)) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

/**
 * Loads `bin-main.cjs` (the whole CLI, bundled) through `vm.Script` with V8's code cache, the way Node 22's
 * `module.enableCompileCache()` does for modules (Node 20 has no such API, and none for ES modules): a start
 * that finds a cache made by an earlier run of the same command group skips parsing and compiling the ~2 MB
 * bundle and the functions that run used. The cache is keyed by command group, package and Node versions and
 * the bundle's size and modification time; V8 rejects one that does not fit (another V8 or other flags), and it is then
 * written again.
 */
function loadMain(group: string): { main: (argv: string[], version: string) => Promise<number>; save(): void } {
  const file = join(dirname(binFile), "bin-main.cjs");
  // The bundle is ASCII (esbuild escapes everything else, tsup.config.ts): read as latin1 it is the same text,
  // copied instead of decoded (UTF-8 decoding of the 2 MB took 25-50 ms here).
  const source = readFileSync(file, "latin1");
  const folder = cacheFolder();
  const built = statSync(file);
  // npm gives every installed file the same modification time: the package version tells releases apart.
  const key = `${group}-v${packageJson.version}-node${process.version}-${process.arch}-${built.size}-${Math.trunc(built.mtimeMs)}`;
  const cacheFile = folder === undefined ? undefined : join(folder, `${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    if (cacheFile !== undefined) cachedData = readFileSync(cacheFile);
  } catch {
    // No cache yet.
  }
  // The CommonJS wrapper on a line of its own, so that stack traces keep the bundle's line numbers.
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {\n${source}\n})`, {
    filename: file,
    lineOffset: -1,
    cachedData,
  });
  const module = { exports: {} as { main: (argv: string[], version: string) => Promise<number> } };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return {
    main: module.exports.main,
    save() {
      if (folder === undefined || cacheFile === undefined) return;
      if (cachedData !== undefined && !script.cachedDataRejected) return;
      try {
        // Older caches of this group (another build or Node) are dropped; a new one is renamed into place, so
        // that a concurrent start never reads half a file.
        for (const name of readdirSync(folder)) {
          if (name.startsWith(`${group}-v`) && name !== `${key}.bin`) rmSync(join(folder, name), { force: true });
        }
        const partial = `${cacheFile}.${process.pid}`;
        writeFileSync(partial, script.createCachedData(), { mode: 0o600 });
        renameSync(partial, cacheFile);
      } catch {
        // A cache that cannot be written only costs the next start its compile time.
      }
    },
  };
}

// `aif --version` answers before anything else is loaded.
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${packageJson.version}\n`);
} else if (argv.some((arg) => arg === "--pack" || arg.startsWith("--pack="))) {
  // A pack package is loaded with `import()`, which code compiled by `vm.Script` can only do through an
  // experimental Node API (and not at all from a code cache on Node 20): such runs load the bundle as a plain
  // CommonJS module, without the cache.
  const { main } = createRequire(binFile)("./bin-main.cjs") as {
    main: (argv: string[], version: string) => Promise<number>;
  };
  void main(argv, packageJson.version).then(finish);
} else {
  // One cache per command group: each holds the code that group ran. Other first words (options only, a typo)
  // share one.
  const word = argv.find((arg) => !arg.startsWith("-"));
  const group = word !== undefined && /^[a-z][a-z-]{0,31}$/.test(word) ? word : "other";
  const { main, save } = loadMain(group);
  void main(argv, packageJson.version).then((code) => {
    if (code === 0) save();
    finish(code);
  });
}
