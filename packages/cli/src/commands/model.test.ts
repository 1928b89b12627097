import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif model", () => {
  it("lists the catalog as JSON", async () => {
    const result = await aif(["--json", "model", "list"]);
    expect(result.exitCode).toBe(0);
    const rows = JSON.parse(result.stdout) as { id: string; totalParams: number }[];
    expect(rows.map((r) => r.id)).toContain("deepseek-v3");
  });

  it("shows totalParams, activeParams and kvBytesPerToken", async () => {
    const result = await aif(["--json", "model", "show", "deepseek-v3"]);
    expect(result.exitCode).toBe(0);
    const shown = JSON.parse(result.stdout) as { totalParams: number; activeParams: number; kvBytesPerToken: number };
    expect(shown.kvBytesPerToken).toBe((512 + 64) * 61 * 2);
    expect(shown.totalParams / 1e9).toBeCloseTo(671, 0);
    expect(shown.activeParams).toBeLessThan(shown.totalParams);
  });

  it("prints a human summary and exits 2 with a suggestion for an unknown id", async () => {
    const human = await aif(["model", "show", "llama-3.1-405b"]);
    expect(human.stdout).toMatch(/total params\s+406B/);
    const unknown = await aif(["model", "show", "llama-3.1-406b"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toMatch(/did you mean "llama-3.1-405b"/);
  });
});
