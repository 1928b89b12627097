import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif grid", () => {
  it("lists regions with intensity, year and basis as JSON", async () => {
    const result = await aif(["grid", "list", "--json"]);
    expect(result.exitCode).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<{ id: string; gCo2ePerKWh: number; year: number; basis: string }>;
    expect(rows.map((row) => row.id)).toEqual(
      expect.arrayContaining(["world", "us", "us-va", "us-tx", "fr", "de", "no"]),
    );
    expect(rows.find((row) => row.id === "fr")).toMatchObject({ gCo2ePerKWh: 56, year: 2023, basis: "location" });
  });

  it("shows one region with every figure", async () => {
    const result = await aif(["grid", "show", "no", "--json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).intensities.length).toBe(2);
    const text = await aif(["grid", "show", "no"]);
    expect(text.stdout).toMatch(/Norway/);
  });

  it("suggests the nearest region for an unknown id", async () => {
    const result = await aif(["grid", "show", "us-vaa"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/us-va/);
  });
});
