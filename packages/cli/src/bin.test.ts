import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import packageJson from "../package.json" with { type: "json" };

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoRoot = join(packageDir, "../..");
// The file the `aif` bin of package.json runs.
const binPath = join(packageDir, packageJson.bin.aif);

function aif(...args: string[]) {
  const result = spawnSync(process.execPath, [binPath, ...args], { encoding: "utf8", timeout: 30_000 });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("the built aif binary (spawned)", () => {
  beforeAll(() => {
    if (!existsSync(binPath)) {
      const build = spawnSync(
        join(repoRoot, "node_modules/.bin/turbo"),
        ["run", "build", "--filter=@aifactory/cli..."],
        {
          cwd: repoRoot,
          encoding: "utf8",
        },
      );
      if (build.status !== 0) throw new Error(`building the CLI failed:\n${build.stdout}${build.stderr}`);
    }
  }, 180_000);

  it("prints the package version", () => {
    expect(aif("--version")).toEqual({ exitCode: 0, stdout: `${packageJson.version}\n`, stderr: "" });
  });

  it("exits 2 on an unknown command with a pointer to help", () => {
    const result = aif("nonsense");
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("unknown command 'nonsense'");
  });

  it("keeps stdout pure JSON under --json", () => {
    const result = aif("units", "list", "--json");
    expect(result.exitCode).toBe(0);
    const parsed = JSON.parse(result.stdout) as Array<{ unit: string }>;
    expect(parsed.some((row) => row.unit === "GiB")).toBe(true);
  });

  it("exits 2 with a readable error for bad input", () => {
    const result = aif("units", "convert", "1", "MWh", "kwh");
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('hint: did you mean "kWh"');
  });
});

describe("the binary's lazy command loading", () => {
  it("registers the same commands, subcommands and options as the in-process program", async () => {
    const { createProgram } = await import("./run");
    const { createBareProgram } = await import("./run-core");
    const { lazyRegistrar, LAZY_COMMAND_NAMES } = await import("./commands/lazy");
    const io = { stdout: () => {}, stderr: () => {}, stderrIsTty: false };
    const shape = (command: import("commander").Command): unknown => ({
      name: command.name(),
      options: command.options.map((o) => o.flags).sort(),
      commands: command.commands.map(shape),
    });
    const eager = createProgram(io).program;
    const lazy = createBareProgram(io, packageJson.version);
    await lazyRegistrar([])(lazy.program, lazy.context);
    expect(shape(lazy.program)).toEqual(shape(eager));
    expect([...LAZY_COMMAND_NAMES].sort()).toEqual(eager.commands.map((c) => c.name()).sort());
    // One named group loads only that group.
    const train = createBareProgram(io, packageJson.version);
    await lazyRegistrar(["--json", "train", "search"])(train.program, train.context);
    expect(train.program.commands.map((c) => c.name())).toEqual(["train"]);
  }, 60_000);

  it("is dist/bin.cjs, and dist/bin.js (its former path) runs it", () => {
    expect(packageJson.bin.aif).toBe("./dist/bin.cjs");
    const viaOldPath = spawnSync(process.execPath, [join(packageDir, "dist", "bin.js"), "units", "list", "--json"], {
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(viaOldPath.status).toBe(0);
    expect(viaOldPath.stdout).toBe(aif("units", "list", "--json").stdout);
  });

  it("finds the built-in kernel tables where the exports map of @aifactory/kernels puts them (tsup.config.ts)", () => {
    const kernels = JSON.parse(readFileSync(join(repoRoot, "packages/kernels/package.json"), "utf8")) as {
      exports: Record<string, { require?: { default?: string } }>;
    };
    expect(kernels.exports["./builtin"]?.require?.default).toBe("./dist/builtin.cjs");
    const serve = aif(
      "serve",
      "--json",
      "--model",
      "llama-3.1-8b",
      "--gpu",
      "nvidia-h100-sxm",
      "--isl",
      "100",
      "--osl",
      "100",
      "--concurrency",
      "8",
    );
    expect(serve.exitCode).toBe(0);
    expect(serve.stdout).toContain("kernel");
  });

  it("a slow reader still gets the whole output (the binary exits early only once it is flushed)", () => {
    const whole = aif("hw", "list", "--json").stdout;
    const result = spawnSync(`"${process.execPath}" "${binPath}" hw list --json | (sleep 0.3; cat)`, {
      shell: true,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.stdout.length).toBeGreaterThan(10_000);
    expect(result.stdout).toBe(whole);
  });

  it("a command, its help and a typo suggestion work through the binary", () => {
    const help = aif("train", "--help");
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--moe-dispatcher");
    const typo = aif("trian");
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain("train");
  });
});

describe("the binary on hostile input and closed pipes", () => {
  it("a reader that closes the pipe early gets no stack trace", () => {
    const result = spawnSync(`"${process.execPath}" "${binPath}" hw list --json | head -c 20`, {
      shell: true,
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.stdout.length).toBe(20);
    expect(result.stderr).not.toContain("EPIPE");
    expect(result.stderr).not.toContain("at ");
  });

  it("a file nested 10,000 levels deep is an input error (exit 2), not a stack overflow", () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-deep-"));
    const file = join(dir, "deep.json");
    writeFileSync(file, `${"[".repeat(10_000)}${"]".repeat(10_000)}`);
    for (const json of [[], ["--json"]]) {
      const result = aif(...json, "plan", file);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain("nested more than 64 levels");
      expect(result.stderr).not.toContain("RangeError");
    }
  });
});
