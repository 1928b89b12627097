import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatAssumption } from "@aifactory/core";
import { getAccelerator } from "@aifactory/hardware";
import { estimateServing } from "@aifactory/workloads";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { InMemoryTransport } from "@modelcontextprotocol/sdk/inMemory.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AIFACTORY_TOOL_NAMES, createAifactoryServer } from "./server";
import { startHttpServer } from "./transports";

void spawn;
const here = dirname(fileURLToPath(import.meta.url));

interface Payload {
  result: unknown;
  sources: Array<{ title: string }>;
  assumptions: string[];
  warnings: string[];
}

let client: Client;

beforeAll(async () => {
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  const server = createAifactoryServer();
  await server.connect(serverSide);
  client = new Client({ name: "test", version: "0" });
  await client.connect(clientSide);
});

afterAll(async () => {
  await client.close();
});

async function call(
  name: string,
  args: Record<string, unknown>,
): Promise<{ isError: boolean; payload: Payload; text: string }> {
  const result = await client.callTool({ name, arguments: args });
  const content = result.content as Array<{ type: string; text: string }>;
  return {
    isError: result.isError === true,
    payload: result.structuredContent as unknown as Payload,
    text: content[0]?.text ?? "",
  };
}

describe("aifactory MCP server (in-memory transport, the SDK's own client)", () => {
  it("lists every tool with an input schema, the resources and the prompts", async () => {
    const { tools } = await client.listTools();
    expect(tools.map((t) => t.name).sort()).toEqual([...AIFACTORY_TOOL_NAMES].sort());
    for (const tool of tools) {
      expect(tool.description?.length ?? 0).toBeGreaterThan(20);
      expect(tool.inputSchema.type).toBe("object");
    }
    const { resources } = await client.listResources();
    expect(resources.some((r) => r.uri === "aifactory://hardware/nvidia-h100-sxm")).toBe(true);
    expect(resources.some((r) => r.uri === "aifactory://docs/workloads-fleet-methodology")).toBe(true);
    const { prompts } = await client.listPrompts();
    expect(prompts.map((p) => p.name).sort()).toEqual([
      "compare-accelerators",
      "size-inference-fleet",
      "size-training-run",
    ]);
  });

  it("answers catalog look-ups with the catalog's figures and their sources", async () => {
    const shown = await call("hardware_show", { id: "nvidia-h100-sxm" });
    expect(shown.isError).toBe(false);
    expect(shown.payload.result).toEqual(JSON.parse(JSON.stringify(getAccelerator("nvidia-h100-sxm"))));
    expect(shown.payload.sources.length).toBeGreaterThan(0);
    const compared = await call("hardware_compare", { ids: ["nvidia-h100-sxm", "nvidia-b200"], dtype: "fp8" });
    const rows = compared.payload.result as Array<{ id: string; denseTflopsRatio: number }>;
    expect(rows[0]?.denseTflopsRatio).toBe(1);
    expect(rows[1]?.denseTflopsRatio).toBeGreaterThan(2);
    const listed = await call("hardware_list", { vendor: "amd" });
    expect((listed.payload.result as Array<{ vendor: string }>).every((a) => a.vendor === "amd")).toBe(true);
    const imported = await call("architecture_import", {
      id: "my-llama",
      config: {
        model_type: "llama",
        hidden_size: 4096,
        intermediate_size: 14336,
        num_hidden_layers: 32,
        num_attention_heads: 32,
        num_key_value_heads: 8,
        vocab_size: 128256,
        hidden_act: "silu",
        rms_norm_eps: 1e-5,
        tie_word_embeddings: false,
      },
    });
    const architecture = (imported.payload.result as { architecture: Record<string, unknown> }).architecture;
    const served = await call("serve_estimate", {
      model: architecture,
      accelerator: "nvidia-h100-sxm",
      config: { inputTokens: 500, outputTokens: 100, concurrency: 4 },
    });
    expect(served.isError, served.text).toBe(false);
    const arch = await call("architecture_show", { id: "llama-3.1-8b" });
    expect(
      (arch.payload.result as { parameterCounts: { totalParams: number } }).parameterCounts.totalParams,
    ).toBeGreaterThan(7e9);
  });

  it("returns the library's numbers for the models, with assumptions", async () => {
    const config = { inputTokens: 1000, outputTokens: 200, concurrency: 16 };
    const served = await call("serve_estimate", { model: "llama-3.1-8b", accelerator: "nvidia-h100-sxm", config });
    const direct = estimateServing({ architecture: "llama-3.1-8b", accelerator: "nvidia-h100-sxm", config });
    expect((served.payload.result as { tpotMs: number }).tpotMs).toBeCloseTo(direct.tpotMs, 9);
    expect(served.payload.assumptions).toEqual(direct.assumptions.map(formatAssumption));
    expect(served.payload.assumptions.join("\n")).not.toContain("[object Object]");
    const step = await call("train_estimate", {
      model: "llama-3.1-8b",
      accelerator: "nvidia-h100-sxm",
      config: { acceleratorCount: 64, tp: 1, pp: 1, globalBatch: 256, sequenceTokens: 4096 },
    });
    expect(step.isError).toBe(false);
    expect((step.payload.result as { mfuRatio: number }).mfuRatio).toBeGreaterThan(0.2);
    const fleet = await call("fleet_simulate", {
      model: "llama-3.1-8b",
      pools: [{ accelerator: "nvidia-h100-sxm", count: 2 }],
      traffic: {
        arrival: { kind: "poisson", ratePerSecond: 10 },
        requests: 300,
        inputTokens: { kind: "fixed", tokens: 500 },
        outputTokens: { kind: "fixed", tokens: 100 },
      },
    });
    expect((fleet.payload.result as { ttftMs: { p99: number } }).ttftMs.p99).toBeGreaterThan(0);
    for (const [name, args] of [
      ["energy_estimate", { accelerator: "nvidia-h100-sxm", acceleratorCount: 8, hours: 24 }],
      ["tco_estimate", { accelerator: "nvidia-h100-sxm", acceleratorCount: 8 }],
      ["supply_plan", { accelerator: "nvidia-b200", acceleratorCount: 10_000 }],
      [
        "train_search",
        {
          model: "llama-3.1-8b",
          accelerator: "nvidia-h100-sxm",
          acceleratorCount: 64,
          globalBatch: 256,
          sequenceTokens: 4096,
          top: 2,
        },
      ],
      [
        "serve_search",
        {
          model: "llama-3.1-8b",
          accelerator: "nvidia-h100-sxm",
          space: { acceleratorCount: 8, inputTokens: 1000, outputTokens: 200, ttftMs: 1000, tpotMs: 50 },
        },
      ],
      ["scenario_list", {}],
      [
        "kv_simulate",
        {
          trace: "shared-prefix",
          traceOptions: { requests: 200 },
          tiers: "hbm:8GB,dram:64GB@64",
          model: "llama-3.1-8b",
        },
      ],
      [
        "deploy_serving",
        {
          model: "llama-3.1-70b",
          engine: "vllm",
          config: { tp: 4, inputTokens: 1000, outputTokens: 200, maxThroughput: true },
        },
      ],
      [
        "deploy_training",
        {
          model: "llama-3.1-8b",
          engine: "megatron",
          config: { acceleratorCount: 64, tp: 2, pp: 1, globalBatch: 256, sequenceTokens: 4096 },
        },
      ],
      ["architecture_list", {}],
    ] as const) {
      const out = await call(name, args);
      expect(out.isError, `${name}: ${out.text}`).toBe(false);
      expect(out.payload.assumptions).toBeDefined();
    }
  });

  it("plans and compares scenarios", async () => {
    const list = await call("scenario_list", {});
    const scenarios = list.payload.result as Array<{ id: string; scenario: Record<string, unknown> }>;
    const pretraining = scenarios.find((s) => s.id.includes("pretraining"))?.scenario;
    const planned = await call("plan_scenario", { scenario: pretraining });
    expect(planned.isError).toBe(false);
    expect(planned.payload.sources.length).toBeGreaterThan(0);
    const compared = await call("plan_compare", { scenarios: [pretraining, { id: "bad", name: "bad" }] });
    expect((compared.payload.result as Array<{ error?: unknown }>)[1]?.error).toBeDefined();
    const solved = await call("plan_solve", {
      scenario: pretraining,
      goal: { kind: "deadline", days: 30 },
      accelerators: ["nvidia-h100-sxm"],
    });
    expect(solved.isError, solved.text).toBe(false);
    const best = (solved.payload.result as { best: { count: number; wallClockDays: number } }).best;
    expect(best.wallClockDays).toBeLessThanOrEqual(30);
    expect(best.count).toBeGreaterThan(1024);
  });

  it("returns bad input as a tool error naming the field, not a crash", async () => {
    const unknownGpu = await call("hardware_show", { id: "nvidia-h1000" });
    expect(unknownGpu.isError).toBe(true);
    expect(unknownGpu.text).toMatch(/NOT_FOUND/);
    expect(unknownGpu.text).toMatch(/did you mean/);
    const badConfig = await call("serve_estimate", {
      model: "llama-3.1-8b",
      accelerator: "nvidia-h100-sxm",
      config: { inputTokens: -1, outputTokens: 10, concurrency: 1 },
    });
    expect(badConfig.isError).toBe(true);
    expect(badConfig.text).toMatch(/inputTokens/);
    // Schema violations are refused by the SDK before the tool runs.
    const schema = await client.callTool({ name: "hardware_compare", arguments: { ids: "nvidia-h100-sxm" } });
    expect(schema.isError).toBe(true);
  });

  it("serves catalog entries and methodology pages as resources, and prompts", async () => {
    const entry = await client.readResource({ uri: "aifactory://hardware/nvidia-b200" });
    expect(JSON.parse((entry.contents[0] as { text: string }).text).id).toBe("nvidia-b200");
    const page = await client.readResource({ uri: "aifactory://docs/workloads-serving-methodology" });
    expect((page.contents[0] as { text: string }).text).toMatch(/^# Serving methodology/);
    const prompt = await client.getPrompt({
      name: "size-inference-fleet",
      arguments: {
        model: "llama-3.1-8b",
        ratePerSecond: "20",
        ttftP99Ms: "1000",
        tpotP99Ms: "30",
        accelerators: "nvidia-h100-sxm",
      },
    });
    expect(JSON.stringify(prompt.messages[0]?.content)).toMatch(/fleet_size/);
  });
});

describe("aifactory MCP server over real transports", () => {
  it("answers over stdio (a child process, as MCP clients launch it)", { timeout: 60_000 }, async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ["--conditions=source", "--import", "tsx", join(here, "bin.ts")],
      cwd: join(here, ".."),
      stderr: "pipe",
    });
    const stdio = new Client({ name: "stdio-test", version: "0" });
    await stdio.connect(transport);
    const { tools } = await stdio.listTools();
    expect(tools.length).toBe(AIFACTORY_TOOL_NAMES.length);
    const result = await stdio.callTool({ name: "hardware_show", arguments: { id: "amd-mi300x" } });
    expect((result.structuredContent as { result: { id: string } }).result.id).toBe("amd-mi300x");
    await stdio.close();
  });

  it("answers over Streamable HTTP on 127.0.0.1", { timeout: 30_000 }, async () => {
    const endpoint = await startHttpServer(0);
    try {
      const http = new Client({ name: "http-test", version: "0" });
      await http.connect(new StreamableHTTPClientTransport(new URL(endpoint.url)));
      const result = await http.callTool({ name: "hardware_show", arguments: { id: "nvidia-gb200" } });
      expect((result.structuredContent as { result: { id: string } }).result.id).toBe("nvidia-gb200");
      await http.close();
    } finally {
      await endpoint.close();
    }
  });
});
