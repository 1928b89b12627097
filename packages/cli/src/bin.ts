#!/usr/bin/env node
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Script } from "node:vm";
import packageJson from "../package.json" with { type: "json" };

const argv = process.argv.slice(2);
// A reader that closes the pipe early (`aif hw list --json | head -1`) is not an error: stop quietly.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
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
  const file = fileURLToPath(new URL("./bin-main.cjs", import.meta.url));
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
  const { main } = createRequire(import.meta.url)("./bin-main.cjs") as {
    main: (argv: string[], version: string) => Promise<number>;
  };
  process.exitCode = await main(argv, packageJson.version);
} else {
  // One cache per command group: each holds the code that group ran. Other first words (options only, a typo)
  // share one.
  const word = argv.find((arg) => !arg.startsWith("-"));
  const group = word !== undefined && /^[a-z][a-z-]{0,31}$/.test(word) ? word : "other";
  const { main, save } = loadMain(group);
  process.exitCode = await main(argv, packageJson.version);
  if (process.exitCode === 0) save();
}
