import { describe, expect, it } from "vitest";
import { flagProblems, loadFixture, type ValueSpec } from "./__fixtures__/engine-fixture";
import { DYNAMO_MANIFEST_FILE, emitDisaggregatedLaunch } from "./disaggregated-launch";
import { DEPLOY_ENGINE_VERSIONS } from "./launch-config";

const dynamo = loadFixture("dynamo");
const vllm = loadFixture("vllm");
const workerFlags: Record<string, ValueSpec> = {
  ...(vllm.flags ?? {}),
  ...((vllm.dynamo as { flags: Record<string, ValueSpec> }).flags ?? {}),
};

const DSR1 = {
  prefill: { instances: 3, tp: 8, ep: 8, attentionDp: true },
  decode: { instances: 1, tp: 16, ep: 16, attentionDp: true, redundantExperts: 32, concurrency: 2048 },
  inputTokens: 4000,
  outputTokens: 1000,
  mtpAcceptance: 0.8,
};

/** The worker services' args, read back from the manifest text by the same YAML shape the emitter writes. */
function workerArgs(content: string, service: string): string[] {
  const start = content.indexOf(`    ${service}:`);
  const section = content.slice(
    start,
    content.indexOf("\n    Vllm", start + 1) === -1 ? undefined : content.indexOf("\n    Vllm", start + 1),
  );
  const args = section.slice(section.indexOf("args:") + "args:".length);
  return [...args.matchAll(/^ {12}- (".*")$/gm)].map((m) => JSON.parse(m[1] ?? '""') as string);
}

describe("Dynamo 0.6.1 disaggregated deployment", () => {
  it("pins the fixture's commit", () => {
    expect(dynamo.version).toBe(DEPLOY_ENGINE_VERSIONS.dynamo.version);
    expect(DEPLOY_ENGINE_VERSIONS.dynamo.sources.join(" ")).toContain(dynamo.source.commit);
  });

  it("a DynamoGraphDeployment with prefill and decode worker services sized as the pools", () => {
    const launch = emitDisaggregatedLaunch(DSR1, "dynamo", { architecture: "deepseek-v3" });
    expect(launch.command).toEqual(["kubectl", "apply", "-f", DYNAMO_MANIFEST_FILE]);
    const yaml = launch.configFiles[0]?.content ?? "";
    expect(yaml).toContain(`apiVersion: ${JSON.stringify(dynamo.apiVersion)}`);
    expect(yaml).toContain(`kind: ${JSON.stringify(dynamo.kind)}`);
    expect(yaml).toMatch(/VllmPrefillWorker:\n(?: {6}.*\n)*? {6}replicas: 3\n/);
    expect(yaml).toMatch(/VllmDecodeWorker:\n(?: {6}.*\n)*? {6}multinode:\n {8}nodeCount: 2\n/);
    expect(yaml).toContain('subComponentType: "prefill"');
    expect(yaml).toContain('subComponentType: "decode"');
  });

  it("worker args are vLLM 0.11.1 engine flags plus Dynamo's --model/--is-prefill-worker, each known and in range", () => {
    const launch = emitDisaggregatedLaunch(DSR1, "dynamo", { architecture: "deepseek-v3" });
    const yaml = launch.configFiles[0]?.content ?? "";
    const prefill = workerArgs(yaml, "VllmPrefillWorker");
    const decode = workerArgs(yaml, "VllmDecodeWorker");
    expect(prefill).toContain("--is-prefill-worker");
    expect(decode).not.toContain("--is-prefill-worker");
    expect(flagProblems(prefill, 0, workerFlags).problems).toEqual([]);
    expect(flagProblems(decode, 0, workerFlags).problems).toEqual([]);
    // MTP drafts on the decode pool only; EPLB where the pool has redundant experts.
    expect(decode.join(" ")).toContain("--speculative-config");
    expect(prefill.join(" ")).not.toContain("--speculative-config");
    expect(decode.join(" ")).toContain("--enable-eplb");
    expect(decode.join(" ")).toContain("--data-parallel-size 16");
  });

  it("names pools it cannot place and rejects bad input", () => {
    const odd = emitDisaggregatedLaunch(
      { prefill: { tp: 12 }, decode: { tp: 8 }, inputTokens: 100, outputTokens: 100 },
      "dynamo",
    );
    expect(odd.unsupported.join("\n")).toMatch(/^prefill\.tp=12/m);
    expect(() =>
      emitDisaggregatedLaunch(
        { prefill: { tp: 1 }, decode: { tp: 1 }, inputTokens: 1, outputTokens: 1 },
        "llm-d" as "dynamo",
      ),
    ).toThrow(/disaggregated engine/);
    expect(() =>
      emitDisaggregatedLaunch({ prefill: { tp: 1 }, decode: { tp: 1 }, inputTokens: 1, outputTokens: 1 }, "dynamo", {
        name: "Bad_Name",
      }),
    ).toThrow(/name/);
  });
});
