import { ALLOCATION_SHARE_DEFAULT } from "@aifactory/economics";
import { DEFAULT_PUE_BY_COOLING } from "@aifactory/energy";
import { describe, expect, it } from "vitest";
import { runCli } from "../run";

/** Issue #18: one set of defaults, stated once in the library that owns it, and said where it applied. */
describe("one set of defaults", () => {
  const pueOf = (output: { assumptions: { name: string; value: unknown; basis: string; text?: string }[] }) =>
    output.assumptions.find((a) => a.name === "pue");

  it("aif energy, aif tco and aif supply take the same default PUE for the same accelerator, and say why", async () => {
    const energy = JSON.parse(
      (await runCli(["energy", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--hours", "1", "--json"])).stdout,
    );
    const tco = JSON.parse(
      (await runCli(["tco", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--years", "5", "--json"])).stdout,
    );
    const supply = JSON.parse(
      (await runCli(["supply", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--start", "2027-Q1", "--json"])).stdout,
    );
    for (const output of [energy, tco, supply]) {
      expect(pueOf(output)?.value).toBe(DEFAULT_PUE_BY_COOLING.air);
      expect(pueOf(output)?.basis).toBe("default");
      expect(pueOf(output)?.text).toMatch(/air cooling \(nvidia-dgx-h100 is air-cooled\)/);
    }
    const given = JSON.parse(
      (await runCli(["tco", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--years", "5", "--pue", "1.2", "--json"]))
        .stdout,
    );
    expect(pueOf(given)).toMatchObject({ value: 1.2, basis: "given", text: "--pue" });
  });

  it("the help states the defaults from the constants", async () => {
    for (const command of ["energy", "tco", "supply"]) {
      const help = (await runCli([command, "--help"])).stdout.replace(/\s+/g, " ");
      expect(help).toContain(`air ${DEFAULT_PUE_BY_COOLING.air}`);
      expect(help).toContain(`liquid ${DEFAULT_PUE_BY_COOLING.liquid}`);
    }
    const supply = (await runCli(["supply", "--help"])).stdout.replace(/\s+/g, " ");
    expect(supply).toContain(`default ${ALLOCATION_SHARE_DEFAULT.value}`);
  });

  it("aif supply defaults the allocation share to the library's constant, with a warning", async () => {
    const plan = JSON.parse(
      (await runCli(["supply", "--gpu", "nvidia-h100-sxm", "--gpus", "8", "--start", "2027-Q1", "--json"])).stdout,
    );
    expect(plan.assumptions.find((a: { name: string }) => a.name === "allocationShareRatio")?.value).toBe(
      ALLOCATION_SHARE_DEFAULT.value,
    );
    expect(plan.warnings.join("\n")).toMatch(/allocationShareRatio defaults to 0.05/);
  });
});
