import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CLI_VERSION, runCli } from "./run";

describe("aif conventions (in-process)", () => {
  it("prints the version", async () => {
    const result = await runCli(["--version"]);
    expect(result).toEqual({ exitCode: 0, stdout: `${CLI_VERSION}\n`, stderr: "" });
  });

  it("prints help with no arguments and for --help", async () => {
    const bare = await runCli([]);
    expect(bare.exitCode).toBe(0);
    expect(bare.stdout).toContain("Usage: aif");
    const help = await runCli(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--json");
  });

  it("exits 2 for an unknown command, with a suggestion when one is near", async () => {
    const far = await runCli(["nonsense"]);
    expect(far.exitCode).toBe(2);
    expect(far.stderr).toContain("unknown command 'nonsense'");
    expect(far.stderr).toContain("aif --help");
    const near = await runCli(["unit", "list"]);
    expect(near.exitCode).toBe(2);
    expect(near.stderr).toContain("(Did you mean units?)");
    expect(near.stdout).toBe("");
  });

  it("exits 2 for an unknown flag, suggesting the nearest", async () => {
    const result = await runCli(["units", "list", "--jsno"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("unknown option '--jsno'");
    expect(result.stderr).toContain("--json");
  });

  it("an unknown flag that other tools (or another aif command) use for the same quantity names this command's flag", async () => {
    const cases: Array<[string[], string]> = [
      [["site", "--power-mw", "50", "--date", "2027-Q1", "--grid", "us-tx"], "(aif site calls it --region)"],
      [["serve", "--model", "llama-3.1-8b", "--tensor-parallel-size", "2"], "(aif serve calls it --tp)"],
      [["train", "--model", "llama-3.1-8b", "--num-gpus=8"], "(aif train calls it --gpus)"],
      [["serve", "search", "--input-tokens", "100"], "(aif serve search calls it --isl)"],
    ];
    for (const [argv, hint] of cases) {
      const result = await runCli(argv);
      expect(result.exitCode, argv.join(" ")).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(
        `unknown option '${argv.find((a) => a.startsWith("--") && !["--power-mw", "--date", "--model"].includes(a))}'`,
      );
      expect(result.stderr).toContain(hint);
    }
    // No synonym on the command: the nearest of its own flags, never --version (only the bare aif takes it).
    const typo = await runCli(["energy", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--hours", "1", "--regoin", "fr"]);
    expect(typo.stderr).toContain("(Did you mean --region?)");
    const far = await runCli(["tco", "--gpu", "nvidia-h100-sxm", "--gpus", "10", "--years", "4", "--region", "us"]);
    expect(far.exitCode).toBe(2);
    expect(far.stderr).toContain("unknown option '--region'");
    expect(far.stderr).not.toContain("--version");
  });

  it("exits 2 for an invalid value, naming it and the fix, with no stack trace", async () => {
    const result = await runCli(["units", "convert", "80", "Gib", "GB"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('<from>: unknown unit (received "Gib")');
    expect(result.stderr).toContain('hint: did you mean "GiB"');
    expect(result.stderr).not.toMatch(/\n\s+at /);
    const notNumber = await runCli(["units", "convert", "eighty", "GiB", "GB"]);
    expect(notNumber.exitCode).toBe(2);
    expect(notNumber.stderr).toContain('(received "eighty")');
  });

  it("prints only JSON on stdout under --json, and errors as JSON on stderr", async () => {
    const ok = await runCli(["units", "convert", "80", "GiB", "GB", "--json"]);
    expect(ok.exitCode).toBe(0);
    expect(JSON.parse(ok.stdout)).toEqual({ value: 80, from: "GiB", to: "GB", converted: 85.89934592 });
    expect(ok.stderr).toBe("");
    const bad = await runCli(["--json", "units", "convert", "80", "GB", "kWh"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stdout).toBe("");
    expect(JSON.parse(bad.stderr).error.code).toBe("INVALID_INPUT");
  });

  it("shows stack traces only with --debug", async () => {
    const result = await runCli(["units", "convert", "80", "GB", "kWh", "--debug"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});

describe("flag values are read as typed", () => {
  it("numbers are decimal only: 0x40, 0b11 and Infinity are refused naming the flag", async () => {
    for (const value of ["0x40", "0b11", "Infinity", "1e400"]) {
      const out = await runCli(["train", "--model", "llama-3.1-8b", "--gpu", "nvidia-h100-sxm", "--gpus", value]);
      expect(out.exitCode).toBe(2);
      expect(out.stderr).toContain("--gpus");
    }
  });

  it("a positive-only flag says '> 0', not '>= 5e-324'", async () => {
    const out = await runCli(["energy", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--hours", "0"]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain("> 0");
    expect(out.stderr).not.toContain("5e-324");
  });

  it("an unknown vendor is a typo with a suggestion, not an empty list", async () => {
    const out = await runCli(["hw", "list", "--vendor", "nvidai"]);
    expect(out.exitCode).toBe(2);
    expect(out.stderr).toContain("did you mean --vendor nvidia?");
    const ok = await runCli(["--json", "hw", "list", "--vendor", "amd"]);
    expect(JSON.parse(ok.stdout).length).toBeGreaterThan(0);
  });
});

describe("errors under --json", () => {
  it("list at most 25 problems and count the others (a 1,000-item bad input gives a short error)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aif-json-error-"));
    const space = join(dir, "space.json");
    writeFileSync(space, JSON.stringify({ base: { id: "x" }, counts: Array.from({ length: 1000 }, () => -1) }));
    const result = await runCli(["plan", "explore", space, "--json"]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    const { error } = JSON.parse(result.stderr);
    expect(error.code).toBe("INVALID_INPUT");
    expect(error.details.problems).toHaveLength(25);
    expect(error.details.problemsNotShown).toBe(975);
    expect(result.stderr.length).toBeLessThan(10_000);
  });
});
