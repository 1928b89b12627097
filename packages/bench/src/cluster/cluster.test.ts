import { describe, expect, it } from "vitest";
import type { BenchEnvironment, BenchmarkResult } from "../harness/result-schema";
import { createResultSet } from "../harness/run-benchmark";
import { comparePeersInResults } from "../runners/peer-comparison";
import { generateClusterLaunch } from "./cluster-launch";
import { mergeResultSets } from "./merge-results";

describe("cluster launch generation", () => {
  it("writes a Slurm script running every collective across N nodes", () => {
    const { files, instructions } = generateClusterLaunch({
      scheduler: "slurm",
      nodes: 4,
      acceleratorsPerNode: 8,
      suite: "nccl",
      partition: "gpu",
      env: { NCCL_DEBUG: "WARN" },
    });
    const script = files[0]?.content ?? "";
    expect(files[0]?.path).toBe("aif-bench-nccl.sbatch");
    expect(script).toMatch(/^#!\/bin\/bash\n/);
    expect(script).toContain("#SBATCH --nodes=4");
    expect(script).toContain("#SBATCH --ntasks-per-node=8");
    expect(script).toContain("#SBATCH --gpus-per-node=8");
    expect(script).toContain("#SBATCH --partition=gpu");
    expect(script).toContain("#SBATCH --time=01:00:00");
    expect(script).toContain("export NCCL_DEBUG=WARN");
    for (const binary of ["all_reduce_perf", "all_gather_perf", "reduce_scatter_perf", "alltoall_perf"]) {
      expect(script).toContain(`srun --mpi=pmix "$NCCL_TESTS/${binary}" -b 8 -e 8G -f 2 -g 1 -c 1`);
    }
    expect(instructions[0]).toBe("sbatch aif-bench-nccl.sbatch");
  });

  it("writes a per-node Slurm step for other suites and quotes values", () => {
    const { files } = generateClusterLaunch({
      scheduler: "slurm",
      nodes: 2,
      acceleratorsPerNode: 4,
      suite: "webgpu",
      resultsDirectory: "/shared/my results",
    });
    const script = files[0]?.content ?? "";
    expect(script).toContain("#SBATCH --ntasks-per-node=1");
    expect(script).toContain(`RESULTS='/shared/my results'/aif-bench-$\{SLURM_JOB_ID}`);
    expect(script).toMatch(/aif bench run "\$1" --json .* '?webgpu'?$/m);
  });

  it("writes a Kubeflow MPIJob for nccl and an Indexed Job with one pod per node otherwise", () => {
    const nccl = JSON.parse(
      generateClusterLaunch({
        scheduler: "kubernetes",
        nodes: 2,
        acceleratorsPerNode: 8,
        suite: "nccl",
        image: "ghcr.io/x/nccl:1",
      }).files[0]?.content ?? "{}",
    );
    expect(nccl.kind).toBe("MPIJob");
    expect(nccl.spec.slotsPerWorker).toBe(8);
    expect(nccl.spec.mpiReplicaSpecs.Worker.replicas).toBe(2);
    expect(nccl.spec.mpiReplicaSpecs.Worker.template.spec.containers[0].resources.limits["nvidia.com/gpu"]).toBe(8);
    expect(nccl.spec.mpiReplicaSpecs.Launcher.template.spec.containers[0].command[2]).toContain(
      "mpirun --allow-run-as-root -np 16 -npernode 8",
    );
    const job = generateClusterLaunch({
      scheduler: "kubernetes",
      nodes: 3,
      acceleratorsPerNode: 1,
      suite: "webgpu",
      resultsClaim: "bench-pvc",
    });
    const manifest = JSON.parse(job.files[0]?.content ?? "{}");
    expect(manifest).toMatchObject({
      apiVersion: "batch/v1",
      kind: "Job",
      spec: { completionMode: "Indexed", completions: 3, parallelism: 3 },
    });
    expect(
      manifest.spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0]
        .topologyKey,
    ).toBe("kubernetes.io/hostname");
    expect(manifest.spec.template.spec.volumes[0].persistentVolumeClaim.claimName).toBe("bench-pvc");
    expect(job.instructions.join(" ")).toContain("REPLACE-WITH-IMAGE");
  });

  it("rejects invalid options", () => {
    expect(() =>
      generateClusterLaunch({ scheduler: "slurm", nodes: 0, acceleratorsPerNode: 8, suite: "nccl" }),
    ).toThrow(/nodes/);
  });
});

describe("cluster launch generation refuses injection", () => {
  const base = { scheduler: "slurm" as const, nodes: 2, acceleratorsPerNode: 8 };
  it.each([
    ["suite with a command", { suite: "cpu;touch$" + "{IFS}PWNED;true" }],
    ["suite with a quote", { suite: "cpu' ; rm -rf ~ ; '" }],
    ["suite escaping the output directory", { suite: "../../../x" }],
    ["partition adding a line", { suite: "cpu", partition: "gpu\n#SBATCH --uid=0" }],
    ["account adding a line", { suite: "cpu", account: "acct\nrm -rf /" }],
    ["results directory with a newline", { suite: "cpu", resultsDirectory: "/r\nrm -rf /" }],
    ["size with a command", { suite: "nccl", maxBytes: "8G; reboot" }],
    ["environment name with a command", { suite: "cpu", env: { "X=1; reboot; Y": "v" } }],
    ["environment value with a newline", { suite: "cpu", env: { NCCL_DEBUG: "INFO\nreboot" } }],
  ])("%s is an input error", (_name, extra) => {
    expect(() => generateClusterLaunch({ ...base, ...extra })).toThrow(/invalid cluster launch options/);
  });

  it("passes the suite to the per-node command as an argument, not inside its quotes", () => {
    const { files } = generateClusterLaunch({ ...base, suite: "cpu" });
    const script = files[0]?.content ?? "";
    expect(script).toMatch(
      /bash -c 'aif bench run "\$1" --json > "\$0\/results-\$\(hostname\)\.json"' "\$RESULTS" '?cpu'?$/m,
    );
  });
});

describe("merging per-node results", () => {
  const env = (hostname: string): BenchEnvironment => ({
    hostname,
    platform: "linux",
    arch: "x64",
    osRelease: "",
    cpuModel: "",
    cpuCount: 1,
    memoryBytes: 0,
    nodeVersion: "v20",
    gpus: [{ name: "H100", source: "nvidia-smi" }],
  });
  const result = (tflops: number): BenchmarkResult => ({
    suite: "webgpu",
    benchmark: "matmul",
    parameters: { n: 4096 },
    status: "passed",
    samplesSeconds: [1],
    iterationsPerSample: 1,
    warmupIterations: 0,
    stopReason: "ci-target",
    metrics: [{ name: "matmulTflops", unit: "TFLOP/s", value: tflops, higherIsBetter: true }],
    device: { backend: "webgpu", index: 0 },
    notes: [],
  });

  it("tags results with their node, and peer comparison flags the slow node", () => {
    const merged = mergeResultSets([
      createResultSet(env("node1"), [result(50)]),
      createResultSet(env("node2"), [result(51)]),
      createResultSet(env("node3"), [result(17)]),
    ]);
    expect(merged.results.map((r) => r.device?.node)).toEqual(["node1", "node2", "node3"]);
    expect(merged.environment.gpus).toHaveLength(3);
    const verdicts = comparePeersInResults(merged.results, "matmulTflops")["webgpu/matmul{n=4096}"];
    expect(verdicts?.filter((v) => v.flagged).map((v) => v.device)).toEqual(["node3/0"]);
    expect(() => mergeResultSets([])).toThrow(/no result sets/);
  });
});
