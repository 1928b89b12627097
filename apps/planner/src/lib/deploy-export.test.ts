import { getDefaultScenario, listDefaultScenarioIds, plan } from "@aifactory/planner";
import { describe, expect, it } from "vitest";
import { deployFiles } from "./deploy-export";

describe("deployFiles", () => {
  it.each(listDefaultScenarioIds())("%s: launch scripts for serving and pretraining plans only", (id) => {
    const result = plan(getDefaultScenario(id));
    const files = deployFiles(result, id);
    const kind = result.scenario.workload.kind;
    if (kind === "serving") expect(files.map((f) => f.label)).toEqual(["vLLM", "SGLang", "TRT-LLM"]);
    else if (kind === "pretraining") expect(files.map((f) => f.label)).toEqual(["Megatron", "torchtitan"]);
    else expect(files).toEqual([]);
    for (const file of files) {
      expect(file.name).toMatch(new RegExp(`^${id}\\.[a-z]+\\.sh$`));
      expect(file.text.startsWith("#!/bin/sh\n")).toBe(true);
      // Every here-document is closed, and the command is the last line.
      expect(file.text.split("<<'AIF_EOF'").length).toBe(file.text.split("\nAIF_EOF\n").length);
      expect(file.text.trimEnd().split("\n").at(-1)).toMatch(/^(vllm|python3|trtllm-serve|torchrun) /);
    }
  });
});
