// Look up accelerators in the sourced catalog and derive roofline metrics.
// Run: pnpm exec tsx --conditions=source examples/basics/src/hardware-catalog.ts
import { getAccelerator, ridgePointFlopsPerByte, tflopsPerWatt } from "@aifactory/hardware";

export function main() {
  const h100 = getAccelerator("nvidia-h100-sxm");
  const mi300x = getAccelerator("amd-mi300x");
  return {
    h100: {
      bf16DenseTflops: h100.denseTflops.bf16,
      memoryBandwidthGBps: h100.memoryBandwidthGBps,
      ridgeFlopsPerByte: ridgePointFlopsPerByte(h100, "bf16"),
      tflopsPerWatt: tflopsPerWatt(h100, "bf16"),
      firstSource: h100.sources[0]?.title,
    },
    mi300x: { memoryGB: mi300x.memoryGB, memoryBandwidthGBps: mi300x.memoryBandwidthGBps },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main());
