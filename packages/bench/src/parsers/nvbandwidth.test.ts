import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseNvbandwidth } from "./nvbandwidth";

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url), "utf8");

describe("nvbandwidth parser", () => {
  it("parses the v0.8 single-test output (A100 host_to_device_memcpy_sm)", () => {
    const report = parseNvbandwidth(fixture("nvbandwidth-v0.8-host-to-device.txt"));
    expect(report.version).toBe("v0.8");
    expect(report.driverVersion).toBe("560.35.05");
    expect(report.cudaRuntimeVersion).toBe("12060");
    expect(report.devices).toEqual([{ index: 0, name: "NVIDIA A100-SXM4-40GB", busId: "00000000:99:00" }]);
    expect(report.tests).toHaveLength(1);
    expect(report.tests[0]).toMatchObject({
      name: "host_to_device_memcpy_sm",
      description: "memcpy SM CPU(row) -> GPU(column) bandwidth (GB/s)",
      columnLabels: ["0"],
      rowLabels: ["0"],
      matrixGBps: [[25.13]],
      sumGBps: 25.13,
    });
  });

  it("parses an N/A diagonal in a device-to-device matrix", () => {
    const text = [
      "Running device_to_device_memcpy_write_ce.",
      "memcpy CE GPU(row) <- GPU(column) bandwidth (GB/s)",
      "           0         1",
      " 0       N/A    396.40",
      " 1    396.40       N/A",
      "",
      "SUM device_to_device_memcpy_write_ce 792.80",
    ].join("\n");
    const report = parseNvbandwidth(text);
    expect(report.tests[0]?.matrixGBps).toEqual([
      [null, 396.4],
      [396.4, null],
    ]);
    expect(report.tests[0]?.sumGBps).toBe(792.8);
  });

  it("rejects output without results", () => {
    expect(() => parseNvbandwidth("nvbandwidth Version: v0.8\n")).toThrow(/no nvbandwidth test result/);
  });
});

describe("nvbandwidth parser refuses what is not a bandwidth", () => {
  const text = fixture("nvbandwidth-v0.8-host-to-device.txt");
  it.each(["25,13", "1e400", "-25.13", "25.13GB"])("a cell %s is an input error naming the test and row", (cell) => {
    expect(text).toContain(" 0     25.13");
    expect(() => parseNvbandwidth(text.replace(" 0     25.13", ` 0     ${cell}`))).toThrow(
      /is not a bandwidth in GB\/s/,
    );
  });
});
