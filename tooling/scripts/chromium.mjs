#!/usr/bin/env node
// Finds the Chromium that the browser tests drive, and installs one where the platform allows; also checks for
// the Mesa EGL libraries that the WebGPU kernel tests need on a machine without a GPU.
//
// Chromium, in this order: the environment (CHROMIUM_PATH, PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, CHROME_PATH),
// the system's (chromium, chromium-browser, google-chrome, google-chrome-stable on PATH, then the usual paths),
// Playwright's browser cache (PLAYWRIGHT_BROWSERS_PATH or ~/.cache/ms-playwright). When none is found:
// as root with apt-get, Debian's package (`apt-get install chromium fonts-liberation`); otherwise Playwright's
// installer (`playwright-core install chromium`, a download from Playwright's CDN); otherwise one line naming
// the fix. AIF_NO_INSTALL=1 forbids installing (Chromium and Mesa); AIF_CHROMIUM_SEARCH (paths separated by ":") replaces the
// system search list (PATH names and usual paths), e.g. AIF_CHROMIUM_SEARCH= to simulate a machine without one.
//
// `node tooling/scripts/chromium.mjs` prints the path it found (installing if needed) or the one-line fix.
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { delimiter, dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/** Environment variables naming a Chromium, first wins. */
export const CHROMIUM_ENV_VARS = ["CHROMIUM_PATH", "PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH", "CHROME_PATH"];
/** Command names looked up on PATH. */
export const CHROMIUM_COMMANDS = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];
/** Usual install paths, checked after PATH. */
export const CHROMIUM_SYSTEM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/snap/bin/chromium",
  "/opt/google/chrome/chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
];
/** The one line printed when no Chromium is found and none could be installed. */
export const NO_CHROMIUM =
  "no Chromium found: install it (sudo apt-get install chromium) or set CHROMIUM_PATH=/path/to/chrome";
/** Debian packages that give the browser tests a Chromium. */
export const CHROMIUM_APT_PACKAGES = ["chromium", "fonts-liberation"];
/** Debian packages that give Dawn's OpenGL ES backend a software adapter (Mesa llvmpipe) without a GPU. */
export const MESA_EGL_APT_PACKAGES = ["libegl1", "libegl-mesa0", "libgl1-mesa-dri"];

// Executables inside one Playwright browser directory (chromium-<rev>, chromium_headless_shell-<rev>), newest
// layout first; a full Chromium is preferred to the headless shell.
const PLAYWRIGHT_LAYOUTS = [
  ["chromium-", ["chrome-linux64/chrome", "chrome-linux-arm64/chrome", "chrome-linux/chrome"]],
  [
    "chromium-",
    [
      "chrome-mac-arm64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
      "chrome-mac-x64/Google Chrome for Testing.app/Contents/MacOS/Google Chrome for Testing",
      "chrome-mac/Chromium.app/Contents/MacOS/Chromium",
    ],
  ],
  [
    "chromium_headless_shell-",
    [
      "chrome-headless-shell-linux64/chrome-headless-shell",
      "chrome-headless-shell-linux-arm64/chrome-headless-shell",
      "chrome-linux/headless_shell",
    ],
  ],
];

function defaultIsExecutable(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function defaultListDir(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** Playwright's browser directory: PLAYWRIGHT_BROWSERS_PATH, or its per-platform cache. */
export function playwrightBrowsersDir({ env = process.env, platform = process.platform, home = homedir() } = {}) {
  const fromEnv = env.PLAYWRIGHT_BROWSERS_PATH;
  if (fromEnv && fromEnv !== "0") return isAbsolute(fromEnv) ? fromEnv : resolve(fromEnv);
  if (platform === "darwin") return join(home, "Library", "Caches", "ms-playwright");
  if (platform === "win32") return join(env.LOCALAPPDATA || join(home, "AppData", "Local"), "ms-playwright");
  return join(env.XDG_CACHE_HOME || join(home, ".cache"), "ms-playwright");
}

/** Compares Playwright revision directories so that the newest comes first (chromium-1255 before chromium-1200). */
function byRevisionDescending(a, b) {
  const revision = (name) => Number(name.slice(name.lastIndexOf("-") + 1)) || 0;
  return revision(b) - revision(a);
}

/**
 * Where to look, in order: `[{ path, source }]`. Everything the search touches comes from the arguments, so a
 * test can describe any machine.
 */
export function chromiumCandidates({
  env = process.env,
  platform = process.platform,
  home = homedir(),
  listDir = defaultListDir,
  systemPaths,
} = {}) {
  const candidates = [];
  const search =
    systemPaths ?? (env.AIF_CHROMIUM_SEARCH === undefined ? undefined : splitList(env.AIF_CHROMIUM_SEARCH));
  if (search === undefined) {
    for (const dir of splitList(env.PATH ?? ""))
      for (const name of CHROMIUM_COMMANDS) candidates.push({ path: join(dir, name), source: `${name} on PATH` });
    for (const path of CHROMIUM_SYSTEM_PATHS) candidates.push({ path, source: "system" });
  } else {
    for (const path of search) candidates.push({ path, source: "AIF_CHROMIUM_SEARCH" });
  }
  const cache = playwrightBrowsersDir({ env, platform, home });
  const entries = listDir(cache);
  for (const [prefix, layouts] of PLAYWRIGHT_LAYOUTS) {
    const dirs = entries.filter((name) => name.startsWith(prefix)).sort(byRevisionDescending);
    for (const dir of dirs)
      for (const layout of layouts) candidates.push({ path: join(cache, dir, layout), source: "Playwright cache" });
  }
  return candidates;
}

function splitList(value) {
  return value.split(delimiter).filter((part) => part !== "");
}

/**
 * Finds a Chromium without installing anything. Returns `{ path, source }`, or undefined when there is none.
 * Throws when an environment variable names a file that is not an executable (a typo should not silently fall
 * back to another browser).
 */
export function findChromium(options = {}) {
  const { env = process.env, isExecutable = defaultIsExecutable } = options;
  for (const name of CHROMIUM_ENV_VARS) {
    const value = env[name];
    if (value === undefined || value === "") continue;
    if (isExecutable(value)) return { path: value, source: name };
    throw new Error(`${name}=${value} is not an executable file: point it at a Chromium, or unset it`);
  }
  for (const candidate of chromiumCandidates(options)) if (isExecutable(candidate.path)) return candidate;
  return undefined;
}

function defaultRun(command, args, { env } = {}) {
  const result = spawnSync(command, args, {
    stdio: ["ignore", 2, 2],
    env: { ...process.env, ...env },
    timeout: 15 * 60_000,
  });
  return result.status === 0;
}

function defaultHasCommand(name, env = process.env) {
  return splitList(env.PATH ?? "").some((dir) => defaultIsExecutable(join(dir, name)));
}

function defaultPlaywrightCli() {
  try {
    const require = createRequire(join(root, "apps/planner/package.json"));
    const cli = join(dirname(require.resolve("playwright-core/package.json")), "cli.js");
    return existsSync(cli) ? cli : undefined;
  } catch {
    return undefined;
  }
}

/**
 * How a missing Chromium can be installed on this machine, in the order to try: `[{ name, install() }]`.
 * Debian's package first where it can be installed (root and apt-get: it works where only Debian's mirror is
 * reachable, as in CI), then Playwright's download.
 */
export function chromiumInstallers({
  env = process.env,
  platform = process.platform,
  isRoot = typeof process.getuid === "function" && process.getuid() === 0,
  hasCommand = (name) => defaultHasCommand(name, env),
  playwrightCli = defaultPlaywrightCli,
  run = defaultRun,
  log = defaultLog,
} = {}) {
  if (env.AIF_NO_INSTALL === "1") return [];
  const installers = [];
  if (platform === "linux" && isRoot && hasCommand("apt-get"))
    installers.push({
      name: "apt-get",
      install: () => aptInstall(CHROMIUM_APT_PACKAGES, { run, log }),
    });
  const cli = playwrightCli();
  if (cli !== undefined)
    installers.push({
      name: "playwright",
      install: () => {
        log("chromium: downloading Playwright's Chromium (playwright-core install chromium, about 150 MB)...");
        return run(process.execPath, [cli, "install", "chromium"]);
      },
    });
  return installers;
}

function aptInstall(packages, { run, log }) {
  log(`installing ${packages.join(" ")} with apt-get (root, about a minute)...`);
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  if (!run("apt-get", ["update", "-qq"], { env })) return false;
  return run("apt-get", ["install", "-y", "-qq", "--no-install-recommends", ...packages], { env });
}

function defaultLog(line) {
  process.stderr.write(`${line}\n`);
}

/**
 * Finds a Chromium, installing one where the platform allows (see the top of this file). Returns its path.
 * Throws an Error whose message is one line naming the fix when there is none.
 *
 * Options (all optional; a test passes its own): `log(line)`, `env`, `platform`, `home`, `listDir(dir)`,
 * `isExecutable(path)`, `systemPaths` (replaces PATH names and usual paths), `isRoot`, `hasCommand(name)`,
 * `playwrightCli()`, `run(command, args, { env })` (true on success), or `installers` outright.
 */
export function findOrInstallChromium(options = {}) {
  const log = options.log ?? defaultLog;
  const found = findChromium(options);
  if (found !== undefined) return found.path;
  const installers = options.installers ?? chromiumInstallers({ ...options, log });
  for (const installer of installers) {
    if (!installer.install()) {
      log(`chromium: installing with ${installer.name} failed; trying the next way`);
      continue;
    }
    const installed = findChromium(options);
    if (installed !== undefined) {
      log(`chromium: installed ${installed.path}`);
      return installed.path;
    }
  }
  throw new Error(NO_CHROMIUM);
}

/** For a script's top level: the Chromium's path, or the one line on stderr and exit 1. */
export function chromiumPathOrExit(options = {}) {
  try {
    return findOrInstallChromium(options);
  } catch (error) {
    process.stderr.write(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mesa EGL (WebGPU kernel tests without a GPU)

const LIBRARY_DIRS = [
  "/usr/lib/x86_64-linux-gnu",
  "/usr/lib/aarch64-linux-gnu",
  "/usr/lib64",
  "/usr/lib",
  "/lib/x86_64-linux-gnu",
  "/lib/aarch64-linux-gnu",
];

/** Whether Mesa's EGL and a DRI driver (llvmpipe) are installed: the GL ES path Dawn falls back to. */
export function hasMesaEgl({ exists = existsSync, listDir = defaultListDir, libraryDirs = LIBRARY_DIRS } = {}) {
  const has = (file) => libraryDirs.some((dir) => exists(join(dir, file)));
  const hasDri = libraryDirs.some((dir) => listDir(join(dir, "dri")).some((name) => name.endsWith("_dri.so")));
  return has("libEGL.so.1") && has("libEGL_mesa.so.0") && hasDri;
}

/**
 * Makes sure the WebGPU kernel tests can run without a GPU: on Linux, finds Mesa EGL or installs it as root
 * with apt-get. Returns undefined when it is there (or not needed), otherwise the one-line note to print: those
 * tests then run only where Dawn finds a GPU adapter and are skipped otherwise.
 */
export function ensureMesaEgl(options = {}) {
  const {
    env = process.env,
    platform = process.platform,
    isRoot = typeof process.getuid === "function" && process.getuid() === 0,
    hasCommand = (name) => defaultHasCommand(name, env),
    run = defaultRun,
    log = defaultLog,
  } = options;
  if (platform !== "linux" || hasMesaEgl(options)) return undefined;
  if (env.AIF_NO_INSTALL !== "1" && isRoot && hasCommand("apt-get")) {
    if (aptInstall(MESA_EGL_APT_PACKAGES, { run, log }) && hasMesaEgl(options)) return undefined;
  }
  return `note: Mesa EGL not found, so the WebGPU kernel tests run only on a GPU and are skipped here (to run them on the CPU: sudo apt-get install ${MESA_EGL_APT_PACKAGES.join(" ")})`;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.stdout.write(`${chromiumPathOrExit()}\n`);
}
