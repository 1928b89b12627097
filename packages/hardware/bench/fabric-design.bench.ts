/**
 * Fabric-design benchmark: microseconds per `designFabric()` call from 250 to 7,500 nodes (60,000 endpoints, three tiers) (8 endpoints per node,
 * 400 Gb/s NICs, Quantum-2 switches), with the load average, and each size's time as a ratio to the 250-node design
 * run in the same process (a design's cost should grow with its tiers, not with its endpoints). The planner asks for
 * a design on every edit of the cluster form; its budget is a few milliseconds.
 *
 * Run: `node --conditions=source --import tsx bench/fabric-design.bench.ts` (from packages/hardware).
 */
import { loadavg } from "node:os";
import { designFabric } from "../src/index";

const SIZES = [250, 2_000, 7_500];
const ROUNDS = 9;
const CALLS = 200;

/** Median microseconds per call over ROUNDS rounds of CALLS calls (node counts vary per call, as form edits do). */
function time(nodes: number): number {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    for (let i = 0; i < CALLS; i++)
      designFabric({ nodeCount: nodes + i, nicGbitps: 400, switch: "nvidia-quantum-2-qm9700" });
    samples.push(((performance.now() - started) * 1000) / CALLS);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

for (const nodes of SIZES) time(nodes); // warm the JIT on every size first
const baseline = time(SIZES[0] as number);
const rows = SIZES.map((nodes) => {
  const us = nodes === SIZES[0] ? baseline : time(nodes);
  return `designFabric ${String(nodes).padStart(6)} nodes  ${us.toFixed(1).padStart(8)} µs/call   ${(us / baseline).toFixed(2).padStart(5)}x the 250-node design`;
});
console.log(`fabric design (load average ${loadavg()[0]?.toFixed(2)})\n${rows.join("\n")}`);
