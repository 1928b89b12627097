// Energy, carbon and water of a month on 1,024 H100 in Virginia, and what a GPU-hour and a million tokens cost.
// Run: pnpm exec tsx --conditions=source examples/basics/src/energy-and-cost.ts
import { computeAcceleratorTco, tokenCost } from "@aifactory/economics";
import { estimateAcceleratorEnergy } from "@aifactory/energy";

export function main() {
  const energy = estimateAcceleratorEnergy({
    acceleratorId: "nvidia-h100-sxm",
    acceleratorCount: 1024,
    hours: 720,
    utilizationRatio: 0.9,
    includeHost: true,
    grid: { regionId: "us-va" },
  });
  const tco = computeAcceleratorTco({ acceleratorId: "nvidia-h100-sxm", acceleratorCount: 1024, regionId: "us-va" });
  const perToken = tokenCost({ costUsdPerAcceleratorHour: tco.costPerGpuHourUsd, tokensPerSecondPerAccelerator: 2500 });
  return {
    facilityMWh: energy.energyMWh,
    operationalCo2eTonnes: energy.co2eTonnes.operational,
    waterLiters: energy.waterLiters,
    costPerGpuHourUsd: tco.costPerGpuHourUsd,
    usdPerMillionTokens: perToken.usdPerMillionTokens,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(main());
