import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../run";
import { defaultImportId } from "./model";

/** Real config.json files kept with the workloads package's importer tests. */
const HF_FIXTURES = join(__dirname, "..", "..", "..", "workloads", "src", "architecture", "__fixtures__", "hf");

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

describe("aif model import", () => {
  const dir = mkdtempSync(join(tmpdir(), "aif-model-import-"));

  it("imports a real config.json with its parameter counts, and the --out file works as --model", async () => {
    const out = join(dir, "deepseek.json");
    const result = await aif(["--json", "model", "import", join(HF_FIXTURES, "deepseek-v3.json"), "--out", out]);
    expect(result.exitCode, result.stderr).toBe(0);
    const imported = JSON.parse(result.stdout) as {
      family: string;
      architecture: { id: string; moe: { denseLayers: number } };
      summary: { totalParams: number; mtpParams: number };
    };
    expect(imported.family).toBe("deepseek_v3");
    expect(imported.architecture.id).toBe("deepseek-v3");
    expect(imported.architecture.moe.denseLayers).toBe(3);
    expect(imported.summary.totalParams / 1e9).toBeCloseTo(671, 0);
    expect(JSON.parse(readFileSync(out, "utf8")).id).toBe("deepseek-v3");
    const shown = await aif(["--json", "model", "show", out]);
    expect(shown.exitCode, shown.stderr).toBe(0);
    expect((JSON.parse(shown.stdout) as { totalParams: number }).totalParams).toBe(imported.summary.totalParams);
  });

  it("prints the architecture, its counts and the mapping's notes; takes --id and --name", async () => {
    const result = await aif([
      "model",
      "import",
      join(HF_FIXTURES, "gemma-2-2b-it.json"),
      "--id",
      "my-gemma",
      "--name",
      "My Gemma",
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/id\s+my-gemma/);
    expect(result.stdout).toMatch(/sliding window\s+4096 tokens on 50% of layers/);
    expect(result.stdout).toMatch(/total params\s+2\.61B/);
    expect(result.stdout).toMatch(/note: tie_word_embeddings not given: gemma2's default \(tied\)/);
  });

  it("names the id after the folder of a config.json", async () => {
    const folder = join(dir, "Qwen3-30B-A3B");
    mkdirSync(folder);
    copyFileSync(join(HF_FIXTURES, "qwen3-30b-a3b.json"), join(folder, "config.json"));
    const result = await aif(["--json", "model", "import", join(folder, "config.json")]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { architecture: { id: string } }).architecture.id).toBe("qwen3-30b-a3b");
    expect(defaultImportId("models/Llama_3.1 8B.json")).toBe("llama-3.1-8b");
  });

  it("exits 2 with the field, the value and the supported families, never a stack trace", async () => {
    const unknown = join(dir, "mamba.json");
    writeFileSync(unknown, JSON.stringify({ model_type: "mamba", hidden_size: 768 }));
    const family = await aif(["model", "import", unknown]);
    expect(family.exitCode).toBe(2);
    expect(family.stderr).toMatch(/model_type: is not a supported family; supported model_types: llama,/);
    expect(family.stderr).toMatch(/received "mamba"/);
    const badType = join(dir, "bad.json");
    writeFileSync(
      badType,
      JSON.stringify({
        ...JSON.parse(readFileSync(join(HF_FIXTURES, "llama-3.1-8b.json"), "utf8")),
        hidden_size: "4096",
      }),
    );
    const typed = await aif(["model", "import", badType]);
    expect(typed.exitCode).toBe(2);
    expect(typed.stderr).toMatch(/hidden_size: must be a positive integer \(received "4096"\)/);
    for (const output of [family.stderr, typed.stderr]) expect(output).not.toMatch(/\bat .*\.ts:\d+|NaN/);
  });
});
