import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseMllog, summarizeMllog } from "./mllog";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

describe("mllog parser", () => {
  it("parses Slurm-prefixed BERT lines and ignores other output", () => {
    const { events, malformedLines } = parseMllog(fixture("mllog-bert-slurm-prefixed.log"));
    expect(malformedLines).toEqual([]);
    expect(events).toHaveLength(10);
    expect(events[0]?.rank).toBe(0);
    const summary = summarizeMllog(events);
    expect(summary.lastEvalAccuracy).toBeCloseTo(0.6973460912704468);
    expect(summary.status).toBe("aborted");
    expect(summary.throughputSamples).toEqual([14214.65962521748, 12792.219630021962]);
    expect(summary.trainSamples).toBe(799502);
  });

  it("parses unprefixed minigo lines", () => {
    const { events } = parseMllog(fixture("mllog-minigo.log"));
    expect(events.map((e) => e.key)).toEqual(["eval_stop", "eval_start", "eval_accuracy"]);
    expect(events[2]?.metadata.epoch_num).toBe(44);
  });

  it("reports malformed lines and computes time to train", () => {
    const text = [
      ':::MLLOG {"namespace": "", "time_ms": 1000, "event_type": "INTERVAL_START", "key": "run_start", "value": null, "metadata": {}}',
      ":::MLLOG {not json",
      '[3] :::MLLOG {"namespace": "", "time_ms": 61000, "event_type": "INTERVAL_END", "key": "run_stop", "value": null, "metadata": {"status": "success"}}',
    ].join("\n");
    const { events, malformedLines } = parseMllog(text);
    expect(malformedLines).toEqual([2]);
    expect(events[1]?.rank).toBe(3);
    expect(summarizeMllog(events)).toMatchObject({ runDurationSeconds: 60, status: "success" });
  });
});
