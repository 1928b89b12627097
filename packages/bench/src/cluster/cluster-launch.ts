import { parseInput } from "@aifactory/core";
import { z } from "zod";
import { COLLECTIVE_IDS, type CollectiveId, NCCL_COLLECTIVES } from "../parsers/collectives";

/**
 * Options for generating cluster launch files.
 *
 * @example
 * ```ts
 * import { clusterLaunchOptionsSchema } from "@aifactory/bench";
 * clusterLaunchOptionsSchema.parse({ scheduler: "slurm", nodes: 4, acceleratorsPerNode: 8, suite: "nccl" }).maxBytes; // "8G"
 * ```
 * @since 0.1.0
 * @category Cluster
 */
// Everything below ends up in a shell script, a #SBATCH line, a file name or a Kubernetes manifest: each field is
// allow-listed so that no value can add a line, a command or a path component.
const SUITE_ID = /^[a-z0-9][a-z0-9._-]*$/i;
const SLURM_NAME = /^[A-Za-z0-9][A-Za-z0-9_.,-]*$/;
const SAFE_PATH = /^[A-Za-z0-9_. /-]+$/;
const SIZE = /^\d+[KMGT]?$/;
const DNS_LABEL = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** No white space and no control character (code points below 32 and 127). */
function printableToken(value: string): boolean {
  if (value.length === 0) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code <= 32 || code === 127) return false;
  }
  return true;
}

export const clusterLaunchOptionsSchema = z.object({
  scheduler: z.enum(["slurm", "kubernetes"]),
  nodes: z.number().int().positive(),
  acceleratorsPerNode: z.number().int().positive(),
  /** `nccl` runs nccl-tests across all nodes; any other suite id runs `aif bench run <suite>` once per node. */
  suite: z.string().regex(SUITE_ID, "must be a suite id (letters, digits, '.', '_', '-'; see `aif bench list`)"),
  jobName: z
    .string()
    .regex(/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/)
    .default("aif-bench"),
  /** Where the job writes results on the cluster (shared filesystem or mounted volume). */
  resultsDirectory: z
    .string()
    .regex(SAFE_PATH, "must be a plain path (letters, digits, space, . _ - /)")
    .default("/results"),
  /** Directory of the nccl-tests binaries inside the job's environment. */
  ncclTestsDirectory: z
    .string()
    .regex(SAFE_PATH, "must be a plain path (letters, digits, space, . _ - /)")
    .default("/opt/nccl-tests/build"),
  collectives: z
    .array(z.enum(COLLECTIVE_IDS as [CollectiveId, ...CollectiveId[]]))
    .default(["all-reduce", "all-gather", "reduce-scatter", "all-to-all"]),
  minBytes: z.string().regex(SIZE, "must be a size like 8, 64K, 8G").default("8"),
  maxBytes: z.string().regex(SIZE, "must be a size like 8, 64K, 8G").default("8G"),
  /** Slurm partition and account. */
  partition: z.string().regex(SLURM_NAME, "must be a Slurm partition name").optional(),
  account: z.string().regex(SLURM_NAME, "must be a Slurm account name").optional(),
  timeLimitMinutes: z.number().int().positive().default(60),
  /** Container image (Kubernetes; required there) with nccl-tests and/or the `aif` CLI. */
  image: z
    .string()
    .refine(printableToken, "must be an image reference without spaces or control characters")
    .optional(),
  namespace: z.string().regex(DNS_LABEL, "must be a Kubernetes namespace name").default("default"),
  /** PersistentVolumeClaim mounted at `resultsDirectory` (Kubernetes); without it results stay in pod logs. */
  resultsClaim: z.string().regex(DNS_LABEL, "must be a PersistentVolumeClaim name").optional(),
  /** Extra environment variables (NCCL_DEBUG, NCCL_IB_HCA, ...). */
  env: z
    .record(
      z.string().regex(ENV_NAME, "must be an environment variable name"),
      z
        .string()
        .refine(
          (value) => !value.includes("\n") && !value.includes("\r") && !value.includes("\0"),
          "must be one line without NUL",
        ),
    )
    .default({}),
});

/**
 * Cluster launch options as accepted; see {@link clusterLaunchOptionsSchema}.
 *
 * @example
 * ```ts
 * import type { ClusterLaunchOptions } from "@aifactory/bench";
 * const options: ClusterLaunchOptions = { scheduler: "kubernetes", nodes: 2, acceleratorsPerNode: 8, suite: "nccl" };
 * ```
 * @since 0.1.0
 * @category Cluster
 */
export type ClusterLaunchOptions = z.input<typeof clusterLaunchOptionsSchema>;

/**
 * Generated files and how to use them.
 *
 * @example
 * ```ts
 * import { type ClusterLaunch, generateClusterLaunch } from "@aifactory/bench";
 * const launch: ClusterLaunch = generateClusterLaunch({ scheduler: "slurm", nodes: 2, acceleratorsPerNode: 8, suite: "nccl" });
 * launch.instructions.length > 0; // true
 * ```
 * @since 0.1.0
 * @category Cluster
 */
export interface ClusterLaunch {
  files: Array<{ path: string; content: string }>;
  instructions: string[];
}

function shellQuote(value: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(value) ? value : `'${value.replace(/'/g, "'\\''")}'`;
}

function ncclArgs(options: z.infer<typeof clusterLaunchOptionsSchema>): string[] {
  return ["-b", options.minBytes, "-e", options.maxBytes, "-f", "2", "-g", "1", "-c", "1", "-n", "20", "-w", "5"];
}

function slurmScript(options: z.infer<typeof clusterLaunchOptionsSchema>): string {
  const minutes = options.timeLimitMinutes;
  const time = `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}:00`;
  const lines = [
    "#!/bin/bash",
    `#SBATCH --job-name=${options.jobName}-${options.suite}`,
    `#SBATCH --nodes=${options.nodes}`,
    `#SBATCH --ntasks-per-node=${options.suite === "nccl" ? options.acceleratorsPerNode : 1}`,
    `#SBATCH --gpus-per-node=${options.acceleratorsPerNode}`,
    "#SBATCH --exclusive",
    `#SBATCH --time=${time}`,
    `#SBATCH --output=${options.resultsDirectory}/slurm-%j.out`,
    ...(options.partition ? [`#SBATCH --partition=${options.partition}`] : []),
    ...(options.account ? [`#SBATCH --account=${options.account}`] : []),
    "# Generated by `aif bench cluster`; results are merged with `aif bench cluster --merge <dir>`.",
    "set -euo pipefail",
    `RESULTS=${shellQuote(options.resultsDirectory)}/${options.jobName}-\${SLURM_JOB_ID}`,
    'mkdir -p "$RESULTS"',
    ...Object.entries(options.env).map(([key, value]) => `export ${key}=${shellQuote(value)}`),
  ];
  if (options.suite === "nccl") {
    lines.push(`NCCL_TESTS=${shellQuote(options.ncclTestsDirectory)}`);
    for (const collective of options.collectives) {
      const binary = NCCL_COLLECTIVES[collective];
      lines.push(
        `srun --mpi=pmix "$NCCL_TESTS/${binary}" ${ncclArgs(options).join(" ")} > "$RESULTS/nccl-${collective}.log"`,
        `if command -v aif >/dev/null; then aif bench parse nccl-tests "$RESULTS/nccl-${collective}.log" --collective ${collective} --json > "$RESULTS/nccl-${collective}.json"; fi`,
      );
    }
  } else {
    lines.push(
      // The suite goes in as an argument ($1), never spliced into the inner command.
      `srun --ntasks-per-node=1 bash -c 'aif bench run "$1" --json > "$0/results-$(hostname).json"' "$RESULTS" ${shellQuote(options.suite)}`,
    );
  }
  lines.push('echo "results in $RESULTS"');
  return `${lines.join("\n")}\n`;
}

function kubernetesManifests(options: z.infer<typeof clusterLaunchOptionsSchema>): unknown {
  const image = options.image ?? "REPLACE-WITH-IMAGE";
  const env = Object.entries(options.env).map(([name, value]) => ({ name, value }));
  const volumes =
    options.resultsClaim === undefined
      ? [{ name: "results", emptyDir: {} }]
      : [{ name: "results", persistentVolumeClaim: { claimName: options.resultsClaim } }];
  const volumeMounts = [{ name: "results", mountPath: options.resultsDirectory }];
  const labels = { "app.kubernetes.io/name": options.jobName, "app.kubernetes.io/component": `bench-${options.suite}` };
  if (options.suite === "nccl") {
    const ranks = options.nodes * options.acceleratorsPerNode;
    const commands = options.collectives.map(
      (c) =>
        `mpirun --allow-run-as-root -np ${ranks} -npernode ${options.acceleratorsPerNode} -bind-to none ${options.ncclTestsDirectory}/${NCCL_COLLECTIVES[c]} ${ncclArgs(options).join(" ")} | tee ${options.resultsDirectory}/nccl-${c}.log`,
    );
    // nccl-tests across pods needs an MPI launcher: the Kubeflow MPI Operator's MPIJob (v2beta1) is the standard way.
    return {
      apiVersion: "kubeflow.org/v2beta1",
      kind: "MPIJob",
      metadata: { name: `${options.jobName}-nccl`, namespace: options.namespace, labels },
      spec: {
        slotsPerWorker: options.acceleratorsPerNode,
        runPolicy: { cleanPodPolicy: "Running", activeDeadlineSeconds: options.timeLimitMinutes * 60 },
        mpiReplicaSpecs: {
          Launcher: {
            replicas: 1,
            template: {
              metadata: { labels },
              spec: {
                restartPolicy: "OnFailure",
                containers: [
                  {
                    name: "launcher",
                    image,
                    command: ["/bin/bash", "-c", `set -euo pipefail; ${commands.join("; ")}`],
                    env,
                    volumeMounts,
                  },
                ],
                volumes,
              },
            },
          },
          Worker: {
            replicas: options.nodes,
            template: {
              metadata: { labels },
              spec: {
                containers: [
                  {
                    name: "worker",
                    image,
                    env,
                    resources: { limits: { "nvidia.com/gpu": options.acceleratorsPerNode } },
                    volumeMounts,
                  },
                ],
                volumes,
              },
            },
          },
        },
      },
    };
  }
  return {
    apiVersion: "batch/v1",
    kind: "Job",
    metadata: { name: `${options.jobName}-${options.suite}`, namespace: options.namespace, labels },
    spec: {
      completionMode: "Indexed",
      completions: options.nodes,
      parallelism: options.nodes,
      backoffLimit: 0,
      activeDeadlineSeconds: options.timeLimitMinutes * 60,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: "Never",
          // One pod per node, so that every node is measured.
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: labels }, topologyKey: "kubernetes.io/hostname" },
              ],
            },
          },
          containers: [
            {
              name: "bench",
              image,
              command: [
                "/bin/sh",
                "-c",
                `aif bench run ${shellQuote(options.suite)} --json > ${options.resultsDirectory}/results-$(NODE_NAME)-$(JOB_COMPLETION_INDEX).json`,
              ],
              env: [...env, { name: "NODE_NAME", valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } } }],
              resources: { limits: { "nvidia.com/gpu": options.acceleratorsPerNode } },
              volumeMounts,
            },
          ],
          volumes,
        },
      },
    },
  };
}

/**
 * Generates the files that run a suite on an existing cluster: a Slurm batch script (`sbatch`), or a Kubernetes
 * manifest (an Indexed Job with one pod per node; for `nccl`, a Kubeflow MPIJob, since nccl-tests across pods
 * needs an MPI launcher). Manifests are JSON, which is valid YAML for `kubectl apply -f`. Every job writes one
 * result file per node (or per collective) into `resultsDirectory`; merge them with {@link mergeResultSets}.
 *
 * @param input - scheduler, nodes, GPUs per node, suite and site details
 * @returns files (relative paths) and instructions
 * @throws InvalidInputError for invalid options
 * @example
 * ```ts
 * import { generateClusterLaunch } from "@aifactory/bench";
 * const { files } = generateClusterLaunch({ scheduler: "slurm", nodes: 4, acceleratorsPerNode: 8, suite: "nccl" });
 * files[0]?.path; // "aif-bench-nccl.sbatch"
 * ```
 * @since 0.1.0
 * @category Cluster
 */
export function generateClusterLaunch(input: ClusterLaunchOptions): ClusterLaunch {
  const options = parseInput(clusterLaunchOptionsSchema, input, "cluster launch options");
  if (options.scheduler === "slurm") {
    const path = `${options.jobName}-${options.suite}.sbatch`;
    return {
      files: [{ path, content: slurmScript(options) }],
      instructions: [
        `sbatch ${path}`,
        `when it finishes, copy ${options.resultsDirectory}/${options.jobName}-<jobid>/ back and run: aif bench cluster --merge <that dir> --out merged.json`,
      ],
    };
  }
  const path = `${options.jobName}-${options.suite}.k8s.json`;
  return {
    files: [{ path, content: `${JSON.stringify(kubernetesManifests(options), null, 2)}\n` }],
    instructions: [
      ...(options.image === undefined ? ["set the container image: replace REPLACE-WITH-IMAGE (or pass --image)"] : []),
      ...(options.suite === "nccl"
        ? ["needs the Kubeflow MPI Operator (MPIJob v2beta1) installed in the cluster"]
        : []),
      `kubectl apply -f ${path}`,
      options.resultsClaim === undefined
        ? "results are written to an emptyDir: pass --results-claim <pvc> to keep them"
        : `results land in PVC ${options.resultsClaim}; copy them out and run: aif bench cluster --merge <dir> --out merged.json`,
    ],
  };
}
