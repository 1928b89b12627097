import * as memory from "@aifactory/memory";
import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { clearPlanCaches } from "./agentic";
import { getDefaultScenario } from "./defaults";
import { plan } from "./plan";
import type { ScenarioInput } from "./scenario";

// Count the KV-cache replays while keeping the real simulator.
vi.mock("@aifactory/memory", async (importOriginal) => {
  const actual = await importOriginal<typeof import("@aifactory/memory")>();
  return { ...actual, simulateKvCache: vi.fn(actual.simulateKvCache) };
});
const replays = vi.mocked(memory.simulateKvCache);

const AGENTIC_ID = "gpt-oss-120b-agentic-fleet-h100";
type AgenticInput = Extract<ScenarioInput["workload"], { kind: "agentic" }>;

function agentic(edit: (scenario: ScenarioInput & { workload: AgenticInput }) => void = () => {}): ScenarioInput {
  const scenario = getDefaultScenario(AGENTIC_ID) as ScenarioInput & { workload: AgenticInput };
  edit(scenario);
  return scenario;
}

/** The plan with an empty replay memo (the uncached path). */
function uncachedPlan(scenario: ScenarioInput) {
  clearPlanCaches();
  return plan(scenario);
}

describe("agentic plans: the KV-cache replay memo", () => {
  beforeEach(() => {
    clearPlanCaches();
    replays.mockClear();
  });

  it("returns a plan deep-equal to the uncached plan, for the default and for edits around it", () => {
    const edits: Array<(scenario: ScenarioInput & { workload: AgenticInput }) => void> = [
      () => {},
      (s) => {
        s.hardware.count = 512;
      },
      (s) => {
        s.site = { ...s.site, region: "us-tx" };
      },
      (s) => {
        s.workload.tasksPerDay = 900_000;
      },
      (s) => {
        s.workload.turns = 12;
      },
      (s) => {
        s.workload.concurrency = 4;
      },
    ];
    // Warm the memo with every variant first, then compare each cached plan with a fresh uncached one.
    for (const edit of edits) plan(agentic(edit));
    for (const edit of edits) {
      const cached = plan(agentic(edit));
      expect(cached).toEqual(uncachedPlan(agentic(edit)));
    }
  });

  it("replays once per trace shape: edits outside the trace reuse the replay", () => {
    plan(agentic());
    expect(replays).toHaveBeenCalledTimes(1);
    plan(
      agentic((s) => {
        s.hardware.count = 1024;
        s.site = { ...s.site, region: "us-tx" };
        s.workload.tasksPerDay = 2_000_000;
        s.workload.toolLatencyMs = 500;
        s.workload.days = 7;
      }),
    );
    expect(replays).toHaveBeenCalledTimes(1);
    // Changing what the trace is made of (turns) or the HBM it replays against (the accelerator) replays again.
    plan(
      agentic((s) => {
        s.workload.turns = 20;
      }),
    );
    expect(replays).toHaveBeenCalledTimes(2);
    plan(
      agentic((s) => {
        s.hardware.accelerator = "nvidia-h200-sxm";
        s.hardware.system = "nvidia-dgx-h200";
      }),
    );
    expect(replays).toHaveBeenCalledTimes(3);
    clearPlanCaches();
    plan(agentic());
    expect(replays).toHaveBeenCalledTimes(4);
  });

  it("hands out copies: editing one plan's KV section leaves the next plan unchanged", () => {
    const first = plan(agentic());
    const expected = structuredClone(first.kvCache);
    if (first.kvCache) {
      first.kvCache.hitRatio = -1;
      const tier = first.kvCache.tiers[0];
      if (tier) tier.hitRatio = -1;
    }
    expect(plan(agentic()).kvCache).toEqual(expected);
  });

  it("property: for random edits, memoised plans equal uncached plans", () => {
    fc.assert(
      fc.property(
        fc.record({
          count: fc.integer({ min: 8, max: 4096 }),
          turns: fc.integer({ min: 2, max: 12 }),
          tokensPerTurn: fc.integer({ min: 100, max: 2000 }),
          concurrency: fc.integer({ min: 1, max: 64 }),
          tasksPerDay: fc.integer({ min: 1000, max: 5_000_000 }),
        }),
        (edit) => {
          const scenario = agentic((s) => {
            s.hardware.count = edit.count;
            s.workload.turns = edit.turns;
            s.workload.tokensPerTurn = edit.tokensPerTurn;
            s.workload.concurrency = edit.concurrency;
            s.workload.tasksPerDay = edit.tasksPerDay;
          });
          const uncached = uncachedPlan(scenario);
          const cached = plan(scenario);
          expect(cached).toEqual(uncached);
          expect(replays.mock.calls.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 12 },
    );
  });
});
