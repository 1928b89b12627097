// Tests of tooling/scripts/chromium.mjs (node:test; `pnpm test` runs them, or `node --test tooling/scripts/`).
// Every machine here is described by the finder's arguments: nothing is installed or launched.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import {
  CHROMIUM_APT_PACKAGES,
  chromiumCandidates,
  chromiumInstallers,
  ensureMesaEgl,
  findChromium,
  findOrInstallChromium,
  MESA_EGL_APT_PACKAGES,
  NO_CHROMIUM,
  playwrightBrowsersDir,
} from "./chromium.mjs";

const home = "/home/u";
const cache = "/home/u/.cache/ms-playwright";

/** A machine whose executables are `files` and whose Playwright cache holds `cached` directories. */
function machine({ files = [], cached = [], env = {} } = {}) {
  const executables = new Set(files);
  return {
    env: { PATH: "/usr/local/bin:/usr/bin", ...env },
    platform: "linux",
    home,
    isExecutable: (path) => executables.has(path),
    listDir: (dir) => (dir === (env.PLAYWRIGHT_BROWSERS_PATH ?? cache) ? cached : []),
    executables,
  };
}

describe("findChromium: search order", () => {
  it("takes CHROMIUM_PATH first, then PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH, then CHROME_PATH", () => {
    const m = machine({
      files: ["/opt/a/chrome", "/opt/b/chrome", "/usr/bin/chromium"],
      env: { PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH: "/opt/a/chrome", CHROME_PATH: "/opt/b/chrome" },
    });
    assert.deepEqual(findChromium(m), { path: "/opt/a/chrome", source: "PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH" });
    assert.equal(findChromium({ ...m, env: { ...m.env, CHROMIUM_PATH: "/opt/b/chrome" } }).path, "/opt/b/chrome");
  });

  it("refuses an environment variable that names no executable, in one line", () => {
    const m = machine({ files: ["/usr/bin/chromium"], env: { CHROMIUM_PATH: "/nope/chrome" } });
    assert.throws(
      () => findChromium(m),
      (error) => {
        assert.match(error.message, /^CHROMIUM_PATH=\/nope\/chrome is not an executable file/);
        assert.doesNotMatch(error.message, /\n/);
        return true;
      },
    );
  });

  it("looks on PATH (in PATH order) before the usual paths, and those before Playwright's cache", () => {
    const cachedChrome = `${cache}/chromium-1255/chrome-linux64/chrome`;
    const m = machine({
      files: ["/usr/bin/chromium", "/usr/local/bin/google-chrome", "/snap/bin/chromium", cachedChrome],
      cached: ["chromium-1255"],
    });
    assert.deepEqual(findChromium(m), { path: "/usr/local/bin/google-chrome", source: "google-chrome on PATH" });
    m.executables.delete("/usr/local/bin/google-chrome");
    assert.equal(findChromium(m).path, "/usr/bin/chromium");
    m.executables.delete("/usr/bin/chromium");
    assert.deepEqual(findChromium(m), { path: "/snap/bin/chromium", source: "system" });
    m.executables.delete("/snap/bin/chromium");
    assert.deepEqual(findChromium(m), { path: cachedChrome, source: "Playwright cache" });
  });

  it("in Playwright's cache takes the newest revision, a full Chromium before the headless shell", () => {
    const m = machine({
      files: [
        `${cache}/chromium-1200/chrome-linux/chrome`,
        `${cache}/chromium-1255/chrome-linux64/chrome`,
        `${cache}/chromium_headless_shell-1300/chrome-headless-shell-linux64/chrome-headless-shell`,
        `${cache}/chromium_headless_shell-1100/chrome-linux/headless_shell`,
      ],
      cached: ["chromium_headless_shell-1100", "chromium-1200", "chromium_headless_shell-1300", "chromium-1255"],
    });
    assert.equal(findChromium(m).path, `${cache}/chromium-1255/chrome-linux64/chrome`);
    m.executables.delete(`${cache}/chromium-1255/chrome-linux64/chrome`);
    assert.equal(findChromium(m).path, `${cache}/chromium-1200/chrome-linux/chrome`);
    m.executables.delete(`${cache}/chromium-1200/chrome-linux/chrome`);
    assert.match(findChromium(m).path, /chromium_headless_shell-1300\/.*chrome-headless-shell$/);
    m.executables.clear();
    m.executables.add(`${cache}/chromium_headless_shell-1100/chrome-linux/headless_shell`);
    assert.match(findChromium(m).path, /headless_shell$/);
  });

  it("honours PLAYWRIGHT_BROWSERS_PATH and XDG_CACHE_HOME", () => {
    assert.equal(playwrightBrowsersDir({ env: { PLAYWRIGHT_BROWSERS_PATH: "/pw" }, platform: "linux", home }), "/pw");
    assert.equal(
      playwrightBrowsersDir({ env: { XDG_CACHE_HOME: "/xdg" }, platform: "linux", home }),
      "/xdg/ms-playwright",
    );
    assert.equal(playwrightBrowsersDir({ env: {}, platform: "linux", home }), cache);
    const m = machine({
      files: ["/pw/chromium-1/chrome-linux64/chrome"],
      cached: ["chromium-1"],
      env: { PLAYWRIGHT_BROWSERS_PATH: "/pw" },
    });
    assert.equal(findChromium(m).path, "/pw/chromium-1/chrome-linux64/chrome");
  });

  it("AIF_CHROMIUM_SEARCH (or systemPaths) replaces the system list; empty simulates a machine without one", () => {
    const m = machine({ files: ["/usr/bin/chromium", "/x/chrome"], env: { AIF_CHROMIUM_SEARCH: "/x/chrome" } });
    assert.equal(findChromium(m).path, "/x/chrome");
    assert.equal(findChromium({ ...m, env: { ...m.env, AIF_CHROMIUM_SEARCH: "" } }), undefined);
    assert.equal(findChromium({ ...machine({ files: ["/usr/bin/chromium"] }), systemPaths: [] }), undefined);
    const paths = chromiumCandidates({ ...machine(), systemPaths: [] }).map((c) => c.path);
    assert.deepEqual(paths, []);
  });
});

describe("findOrInstallChromium: when nothing is found", () => {
  it("throws the one-line fix when no installer is allowed, and logs nothing", () => {
    const lines = [];
    const m = machine({ files: [] });
    assert.throws(
      () => findOrInstallChromium({ ...m, installers: [], log: (line) => lines.push(line) }),
      (error) => error.message === NO_CHROMIUM,
    );
    assert.doesNotMatch(NO_CHROMIUM, /\n/);
    assert.match(NO_CHROMIUM, /apt-get install chromium.*CHROMIUM_PATH=/);
    assert.deepEqual(lines, []);
    // AIF_NO_INSTALL=1 allows no installer even as root with apt-get and Playwright at hand.
    const none = chromiumInstallers({
      env: { AIF_NO_INSTALL: "1" },
      platform: "linux",
      isRoot: true,
      hasCommand: () => true,
      playwrightCli: () => "/pw/cli.js",
    });
    assert.deepEqual(none, []);
  });

  it("as root with apt-get: Debian's package first (apt-get update, then install), then Playwright's download", () => {
    const calls = [];
    const installers = chromiumInstallers({
      env: {},
      platform: "linux",
      isRoot: true,
      hasCommand: (name) => name === "apt-get",
      playwrightCli: () => "/pw/cli.js",
      run: (command, args) => {
        calls.push([command, ...args].join(" "));
        return true;
      },
      log: () => undefined,
    });
    assert.deepEqual(
      installers.map((i) => i.name),
      ["apt-get", "playwright"],
    );
    installers[0].install();
    assert.deepEqual(calls, [
      "apt-get update -qq",
      `apt-get install -y -qq --no-install-recommends ${CHROMIUM_APT_PACKAGES.join(" ")}`,
    ]);
    installers[1].install();
    assert.match(calls[2], /cli\.js install chromium$/);
  });

  it("without root (or without apt-get) only Playwright's download is tried", () => {
    const names = (options) =>
      chromiumInstallers({ env: {}, platform: "linux", playwrightCli: () => "/pw/cli.js", ...options }).map(
        (i) => i.name,
      );
    assert.deepEqual(names({ isRoot: false, hasCommand: () => true }), ["playwright"]);
    assert.deepEqual(names({ isRoot: true, hasCommand: () => false }), ["playwright"]);
    assert.deepEqual(names({ isRoot: true, hasCommand: () => true, playwrightCli: () => undefined }), ["apt-get"]);
  });

  it("falls through a failed installer to the next and returns what the working one installed", () => {
    const m = machine({ files: [] });
    const tried = [];
    const installed = `${cache}/chromium-1255/chrome-linux64/chrome`;
    const path = findOrInstallChromium({
      ...m,
      log: () => undefined,
      installers: [
        { name: "apt-get", install: () => tried.push("apt-get") && false },
        {
          name: "playwright",
          install: () => {
            tried.push("playwright");
            m.executables.add(installed);
            return true;
          },
        },
      ],
      listDir: () => ["chromium-1255"],
    });
    assert.equal(path, installed);
    assert.deepEqual(tried, ["apt-get", "playwright"]);
  });

  it("an installer that succeeds without leaving a Chromium behind ends in the one-line fix", () => {
    assert.throws(
      () =>
        findOrInstallChromium({
          ...machine(),
          log: () => undefined,
          installers: [{ name: "apt-get", install: () => true }],
        }),
      (error) => error.message === NO_CHROMIUM,
    );
  });
});

describe("ensureMesaEgl", () => {
  const libs = "/usr/lib/x86_64-linux-gnu";
  const present = new Set([`${libs}/libEGL.so.1`, `${libs}/libEGL_mesa.so.0`]);
  const base = {
    env: {},
    platform: "linux",
    exists: (path) => present.has(path),
    listDir: (dir) => (dir === `${libs}/dri` ? ["swrast_dri.so"] : []),
    log: () => undefined,
  };

  it("is quiet when Mesa EGL and a DRI driver are installed, or off Linux", () => {
    assert.equal(ensureMesaEgl(base), undefined);
    assert.equal(ensureMesaEgl({ ...base, platform: "darwin", exists: () => false }), undefined);
  });

  it("without root, returns one note naming the packages (the WebGPU tests are skipped)", () => {
    const note = ensureMesaEgl({ ...base, exists: () => false, isRoot: false, hasCommand: () => true });
    assert.doesNotMatch(note, /\n/);
    assert.match(note, /skipped/);
    assert.match(note, new RegExp(`apt-get install ${MESA_EGL_APT_PACKAGES.join(" ")}`));
  });

  it("as root with apt-get, installs the packages", () => {
    const calls = [];
    let installed = false;
    const note = ensureMesaEgl({
      ...base,
      exists: (path) => installed && present.has(path),
      isRoot: true,
      hasCommand: () => true,
      run: (command, args) => {
        calls.push([command, ...args].join(" "));
        if (args[0] === "install") installed = true;
        return true;
      },
    });
    assert.equal(note, undefined);
    assert.equal(calls.at(-1), `apt-get install -y -qq --no-install-recommends ${MESA_EGL_APT_PACKAGES.join(" ")}`);
  });
});

describe("node tooling/scripts/chromium.mjs on a machine without Chromium", () => {
  it("exits 1 with the one line on stderr and nothing on stdout", () => {
    const empty = mkdtempSync(join(tmpdir(), "aif-no-chromium-"));
    try {
      const env = { ...process.env, AIF_CHROMIUM_SEARCH: "", AIF_NO_INSTALL: "1", PLAYWRIGHT_BROWSERS_PATH: empty };
      for (const name of ["CHROMIUM_PATH", "PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH", "CHROME_PATH"]) delete env[name];
      const script = fileURLToPath(new URL("./chromium.mjs", import.meta.url));
      const result = spawnSync(process.execPath, [script], { env, encoding: "utf8" });
      assert.equal(result.status, 1);
      assert.equal(result.stdout, "");
      assert.equal(result.stderr, `error: ${NO_CHROMIUM}\n`);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
