import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(packageDir, "../..");
// The file the `aif` bin of package.json runs.
const binPath = join(packageDir, packageJson.bin.aif);

function aif(cache: string, ...args: string[]) {
  return aifIn(process.cwd(), cache, ...args);
}

function aifIn(cwd: string, cache: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [binPath, ...args], {
    cwd,
    encoding: "utf8",
    timeout: 30_000,
    env: { ...process.env, AIF_COMPILE_CACHE: cache },
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the binary's compile cache (AIF_COMPILE_CACHE)", () => {
  beforeAll(() => {
    if (!existsSync(binPath)) {
      const build = spawnSync(
        join(repoRoot, "node_modules/.bin/turbo"),
        ["run", "build", "--filter=@aifactory/cli..."],
        { cwd: repoRoot, encoding: "utf8" },
      );
      if (build.status !== 0) throw new Error(`building the CLI failed:\n${build.stdout}${build.stderr}`);
    }
  }, 180_000);

  it("writes one cache per command group, and a start with it prints the same", () => {
    const folder = mkdtempSync(join(tmpdir(), "aif-cache-test-"));
    const first = aif(folder, "--json", "units", "list");
    expect(first.exitCode).toBe(0);
    const files = readdirSync(folder);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^units-v\d+\.\d+\.\d+-/);
    expect(aif(folder, "--json", "units", "list")).toEqual(first);
    expect(aif("off", "--json", "units", "list")).toEqual(first);
  });

  it("a damaged cache is rejected by V8 and written again; the output does not change", () => {
    const folder = mkdtempSync(join(tmpdir(), "aif-cache-test-"));
    const first = aif(folder, "--json", "units", "list");
    const file = join(folder, readdirSync(folder)[0] as string);
    writeFileSync(file, Buffer.alloc(4096, 7));
    expect(aif(folder, "--json", "units", "list")).toEqual(first);
    expect(readFileSync(file).equals(Buffer.alloc(4096, 7))).toBe(false);
  });

  it("a failed command writes no cache", () => {
    const folder = mkdtempSync(join(tmpdir(), "aif-cache-test-"));
    expect(aif(folder, "trian").exitCode).toBe(2);
    expect(readdirSync(folder)).toEqual([]);
  });

  it.skipIf(process.platform === "win32")("a folder that other users may write to is not used", () => {
    const folder = mkdtempSync(join(tmpdir(), "aif-cache-test-"));
    chmodSync(folder, 0o777);
    expect(aif(folder, "--json", "units", "list").exitCode).toBe(0);
    expect(readdirSync(folder)).toEqual([]);
  });

  it("a pack package (an ES module loaded with import()) works through the binary, with or without a cache", () => {
    const project = mkdtempSync(join(tmpdir(), "aif-pack-project-"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "scratch", private: true }));
    const pack = join(project, "node_modules", "my-pack");
    mkdirSync(pack, { recursive: true });
    writeFileSync(join(pack, "package.json"), JSON.stringify({ name: "my-pack", version: "1.0.0", type: "module" }));
    writeFileSync(join(pack, "index.js"), 'export default { name: "my-pack", version: "1.0.0" };\n');
    const folder = mkdtempSync(join(tmpdir(), "aif-cache-test-"));
    const withPack = aifIn(project, folder, "--pack", "my-pack", "--json", "hw", "list");
    expect(withPack.stderr).toBe("");
    expect(withPack.exitCode).toBe(0);
    expect(aifIn(project, folder, "--pack", "my-pack", "--json", "hw", "list")).toEqual(withPack);
    expect(aifIn(project, folder, "--json", "hw", "list").stdout).toBe(withPack.stdout);
  });
});
