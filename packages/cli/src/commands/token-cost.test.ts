import { describe, expect, it } from "vitest";
import { runCli } from "../run";

const aif = (argv: string[]) => runCli(argv);

describe("aif token-cost", () => {
  it("prints usdPerMillionTokens", async () => {
    const result = await aif(["token-cost", "--gpu-hour-usd", "3.6", "--tokens-per-second-per-gpu", "1000", "--json"]);
    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout).usdPerMillionTokens).toBeCloseTo(1, 12);
  });

  it("exits 2 for a zero throughput", async () => {
    const result = await aif(["token-cost", "--gpu-hour-usd", "2", "--tokens-per-second-per-gpu", "0"]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/tokens-per-second-per-gpu/);
  });
});
