import { isAifError } from "@aifactory/core";
import { listCloudPrices } from "@aifactory/economics";
import { describe, expect, it } from "vitest";
import { getDefaultScenario } from "./defaults";
import { plan } from "./plan";
import { solve } from "./solve";

const pretraining = getDefaultScenario("llama-3.1-70b-pretraining-1024-h100");
const serving = getDefaultScenario("deepseek-v3-serving-h200-slo");

describe("solve: finish a run within a deadline", () => {
  const answer = solve({
    base: pretraining,
    goal: { kind: "deadline", days: 30 },
    accelerators: ["nvidia-h100-sxm", "nvidia-b200"],
  });

  it("answers the 30-day question per accelerator type with a configuration that meets it", () => {
    expect(answer.results.map((r) => r.accelerator).sort()).toEqual(["nvidia-b200", "nvidia-h100-sxm"]);
    for (const entry of answer.results) {
      const cheapest = entry.cheapest;
      expect(cheapest, entry.accelerator).not.toBeNull();
      if (!cheapest) continue;
      expect(cheapest.meetsGoal).toBe(true);
      expect(cheapest.fits).toBe(true);
      expect(cheapest.wallClockDays).toBeLessThanOrEqual(30);
      expect(cheapest.configuration).toMatch(/^TP \d+ x PP \d+/);
      expect(cheapest.searched).toBe(true);
      // Cheapest among every meeting point evaluated; no smaller evaluated count meets the goal.
      for (const point of entry.evaluated) {
        if (point.meetsGoal) expect(cheapest.workloadCostUsd).toBeLessThanOrEqual(point.workloadCostUsd as number);
      }
      const smaller = entry.evaluated.filter((p) => p.count < cheapest.count && p.wallClockDays !== null);
      expect(smaller.length, `${entry.accelerator}: a smaller count was tried`).toBeGreaterThan(0);
      // Fastest is at least as fast as cheapest.
      expect(entry.fastest?.wallClockDays).toBeLessThanOrEqual(cheapest.wallClockDays as number);
    }
  });

  it("orders accelerator types by the objective and names the best", () => {
    const costs = answer.results.map((r) => r.chosen?.workloadCostUsd ?? Number.POSITIVE_INFINITY);
    expect([...costs].sort((a, b) => a - b)).toEqual(costs);
    expect(answer.best).toBe(answer.results[0]?.chosen);
    expect(answer.costBasisMixed).toBe(false);
  });

  it("reports what a plan of the same scenario reports (one model, no second estimate)", () => {
    const best = answer.best;
    if (!best) throw new Error("no best point");
    const again = plan({
      ...pretraining,
      hardware: { accelerator: best.accelerator, count: best.count },
      workload: { ...pretraining.workload, parallelism: undefined } as typeof pretraining.workload,
    });
    expect(again.timeline.wallClockHours / 24).toBeCloseTo(best.wallClockDays as number, 9);
    expect(again.cost.workloadCostUsd).toBeCloseTo(best.workloadCostUsd as number, 3);
  });

  it("the fastest objective picks a shorter run, and a budget filters", () => {
    const fastest = solve({
      base: pretraining,
      goal: { kind: "deadline", days: 30 },
      accelerators: ["nvidia-h100-sxm"],
      objective: "fastest",
      maxCount: 16_384,
    });
    const chosen = fastest.best;
    expect(chosen?.count).toBeLessThanOrEqual(16_384);
    expect(chosen?.wallClockDays).toBeLessThan(
      answer.results.find((r) => r.accelerator === "nvidia-h100-sxm")?.cheapest?.wallClockDays as number,
    );
    const broke = solve({
      base: pretraining,
      goal: { kind: "deadline", days: 30 },
      accelerators: ["nvidia-h100-sxm"],
      maxCostUsd: 1000,
    });
    expect(broke.best).toBeNull();
    expect(broke.results[0]?.note).toMatch(/no count up to/);
    expect(broke.results[0]?.evaluated.some((p) => /costs more than 1000 USD/.test(p.reason ?? ""))).toBe(true);
  });

  it("an unknown accelerator or a count limit below one domain is a note, not a failure", () => {
    const answer2 = solve({
      base: pretraining,
      goal: { kind: "deadline", days: 3650, tokens: 1e11 },
      accelerators: ["nvidia-h100-sxm", "not-a-gpu"],
      maxCount: 64,
    });
    const unknown = answer2.results.find((r) => r.accelerator === "not-a-gpu");
    expect(unknown?.chosen).toBeNull();
    expect(unknown?.note).toMatch(/not-a-gpu/);
    expect(answer2.best?.accelerator).toBe("nvidia-h100-sxm");
    const tiny = solve({ base: pretraining, goal: { kind: "deadline", days: 30 }, maxCount: 4 });
    expect(tiny.results[0]?.note).toMatch(/below one scale-up domain/);
  });
});

/** An accelerator able to serve DeepSeek-V3 that has no on-demand cloud price in the catalog (costed owned). */
const unpriced = ["nvidia-b200", "nvidia-b300", "nvidia-gb200", "amd-mi355x", "amd-mi325x"].find(
  (id) => listCloudPrices({ acceleratorId: id }).filter((p) => p.pricing === "on-demand").length === 0,
);

describe("solve: serve a rate under the SLO", () => {
  it("finds the smallest fleet per accelerator type serving the rate, and flags mixed cost bases", () => {
    const other = unpriced ?? "nvidia-b200";
    const answer = solve({
      base: serving,
      goal: { kind: "throughput", outputTokensPerSecond: 150_000 },
      accelerators: ["nvidia-h200-sxm", other],
    });
    for (const entry of answer.results) {
      const chosen = entry.chosen;
      expect(chosen, entry.accelerator).not.toBeNull();
      if (!chosen) continue;
      expect(chosen.outputTokensPerSecond).toBeGreaterThanOrEqual(150_000);
      // One scale-up domain fewer (when it was tried) does not serve the rate.
      const fewer = entry.evaluated.filter((p) => p.count < chosen.count);
      for (const point of fewer) expect(point.meetsGoal).toBe(false);
      expect(entry.fastest).toBeNull();
    }
    // The scenario rents: H200 has a cloud list price in the catalog, the other type (when one is unpriced) not.
    if (unpriced === undefined) {
      expect(answer.costBasisMixed).toBe(false);
      return;
    }
    expect(answer.costBasisMixed).toBe(true);
    expect(answer.warnings.join(" ")).toContain(`cost bases differ: ${unpriced}`);
    // Ranked on the basis both share (owned TCO), never a rental price against a purchase.
    const [first, second] = answer.results.map((r) => r.chosen?.ownedCostUsd as number);
    expect(first).toBeLessThanOrEqual(second as number);
  });
});

describe("solve: input errors", () => {
  it("refuses a goal the workload cannot take, with a hint", () => {
    const attempt = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const deadlineForServing = attempt(() => solve({ base: serving, goal: { kind: "deadline", days: 3 } }));
    expect(isAifError(deadlineForServing) && deadlineForServing.code).toBe("INVALID_INPUT");
    const rateForTraining = attempt(() =>
      solve({ base: pretraining, goal: { kind: "throughput", outputTokensPerSecond: 10 } }),
    );
    expect(isAifError(rateForTraining) && rateForTraining.hint).toMatch(/--days/);
    const fleet = attempt(() =>
      solve({ base: getDefaultScenario("llama-3.1-8b-fleet-h100-poisson"), goal: { kind: "deadline", days: 3 } }),
    );
    expect(isAifError(fleet) && fleet.hint).toMatch(/sizeAndPriceFleet/);
    const negative = attempt(() => solve({ base: pretraining, goal: { kind: "deadline", days: -1 } }));
    expect(isAifError(negative) && negative.message).toMatch(/goal\.days/);
  });
});
