import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { validationFamilies, validationFamiliesMarkdown } from "./validation-families";

const families = validationFamilies();

describe("validation by family (measured kernels vs the analytic path)", () => {
  it("covers dense and MoE x training and serving, and says where there are no rows", () => {
    expect(families.map((f) => f.family)).toEqual([
      "serving, dense, Hopper",
      "serving, MoE, Hopper",
      "serving, Blackwell",
      "training, dense, Ampere",
      "training, MoE, Hopper",
      "training, MoE, Blackwell",
    ]);
    expect(families.find((f) => f.family === "serving, Blackwell")?.rows).toBe(0);
  });

  it("the measured kernels do not make the serving families worse, and improve MoE serving", () => {
    const dense = families[0];
    const moe = families[1];
    expect(dense?.measuredKernelsPercent).toBeLessThanOrEqual((dense?.analyticPercent ?? 0) + 0.5);
    expect(moe?.measuredKernelsPercent).toBeLessThan((moe?.analyticPercent ?? 0) - 5);
  });

  it("the kernel methodology page carries the generated table", () => {
    const page = readFileSync(fileURLToPath(new URL("../../docs/kernel-methodology.md", import.meta.url)), "utf8");
    const block = page.split("<!-- validation-families:start -->\n")[1]?.split("\n<!-- validation-families:end -->")[0];
    expect(block).toBe(validationFamiliesMarkdown(families));
  });
});
