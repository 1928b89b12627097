import { parseInput, positiveInt } from "@aifactory/core";
import { z } from "zod";
import type { Architecture, ArchitectureInput } from "../architecture/architecture";
import type { ArchitectureId } from "../architecture/catalog";
import { disaggregatedServingSchema, type servingPoolSchema } from "../inference/disaggregated-serving";
import { type ServingConfig, servingConfigSchema } from "../inference/serving-config";
import { type ConfigValue, toYaml } from "./config-text";
import {
  DEPLOY_ENGINE_VERSIONS,
  type DisaggregatedEngine,
  disaggregatedEngineSchema,
  type LaunchConfig,
} from "./launch-config";
import { resolveLaunchModel, servingLaunchOptionsSchema, vllmArgs } from "./serving-launch";

/**
 * Options of {@link emitDisaggregatedLaunch}: the serving launch options plus the Kubernetes side.
 *
 * - `name`: the `DynamoGraphDeployment`'s name and Dynamo namespace (default `aif-disagg`).
 * - `image`: the worker image (default `nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.6.1`, as Dynamo 0.6.1's examples).
 * - `acceleratorsPerNode`: GPUs per Kubernetes node; an instance wider than this spans `multinode.nodeCount` nodes.
 *   Default 8.
 * - `hfTokenSecret`: the secret holding `HF_TOKEN` (default `hf-token-secret`, as the examples).
 *
 * @example
 * ```ts
 * import { disaggregatedLaunchOptionsSchema } from "@aifactory/workloads";
 * disaggregatedLaunchOptionsSchema.parse({}).acceleratorsPerNode; // 8
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const disaggregatedLaunchOptionsSchema = servingLaunchOptionsSchema
  .extend({
    name: z
      .string()
      .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: "must be a Kubernetes name (lowercase, digits, -)" })
      .default("aif-disagg"),
    image: z.string().min(1).default("nvcr.io/nvidia/ai-dynamo/vllm-runtime:0.6.1"),
    acceleratorsPerNode: positiveInt.default(8),
    hfTokenSecret: z.string().min(1).default("hf-token-secret"),
  })
  .strict();

/**
 * Disaggregated launch options as a user writes them. See {@link disaggregatedLaunchOptionsSchema}.
 *
 * @example
 * ```ts
 * import { type DisaggregatedLaunchOptionsInput } from "@aifactory/workloads";
 * const options: DisaggregatedLaunchOptionsInput = { name: "dsr1", acceleratorsPerNode: 4 };
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export type DisaggregatedLaunchOptionsInput = z.input<typeof disaggregatedLaunchOptionsSchema>;

/**
 * The manifest file an emitted Dynamo launch applies with `kubectl apply -f`.
 *
 * @example
 * ```ts
 * import { DYNAMO_MANIFEST_FILE } from "@aifactory/workloads";
 * DYNAMO_MANIFEST_FILE; // "dynamo-disagg.yaml"
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export const DYNAMO_MANIFEST_FILE = "dynamo-disagg.yaml";

type Pool = z.infer<typeof servingPoolSchema>;

function poolConfig(pool: Pool, config: z.infer<typeof disaggregatedServingSchema>, decode: boolean): ServingConfig {
  return servingConfigSchema.parse({
    tp: pool.tp,
    ep: pool.ep,
    attentionDp: pool.attentionDp,
    redundantExperts: pool.redundantExperts,
    microBatchOverlap: pool.microBatchOverlap,
    moeDispatch: pool.moeDispatch,
    weights: config.weights,
    kv: config.kv,
    inputTokens: config.inputTokens,
    outputTokens: config.outputTokens,
    prefixHitRatio: config.prefixHitRatio,
    // Prefill instances draft nothing; MTP runs on the decode pool.
    mtpAcceptance: decode ? config.mtpAcceptance : 0,
    mtpDraftTokens: config.mtpDraftTokens,
    maxBatchSize: config.maxBatchSize,
    maxNumTokens: config.maxNumTokens,
    ...(decode && pool.concurrency !== undefined ? { concurrency: pool.concurrency } : { maxThroughput: true }),
  });
}

/**
 * Emits an NVIDIA Dynamo 0.6.1 `DynamoGraphDeployment` for a disaggregated (xPyD) deployment: a frontend, a
 * `VllmPrefillWorker` service with x replicas (`--is-prefill-worker`) and a `VllmDecodeWorker` service with y
 * replicas, each worker running `python3 -m dynamo.vllm` with its pool's vLLM 0.11.1 engine arguments (Dynamo's
 * vLLM worker passes them to vLLM's `AsyncEngineArgs`; KV moves between pools over NIXL). Instances wider than a
 * node get `multinode.nodeCount`. Structure from Dynamo's `components/backends/vllm/deploy/disagg.yaml` and
 * `disagg-multinode.yaml` (0.6.1). Pure: the manifest is returned, not applied.
 *
 * @param config - the deployment (as for `estimateDisaggregatedServing`)
 * @param engine - `dynamo`
 * @param options - `architecture` and the {@link disaggregatedLaunchOptionsSchema} options
 * @returns `kubectl apply` and the manifest, with notes and unsupported settings (prefixed `prefill.`/`decode.`)
 * @throws InvalidInputError for an invalid deployment, engine or option
 * @example
 * ```ts
 * import { emitDisaggregatedLaunch } from "@aifactory/workloads";
 * const launch = emitDisaggregatedLaunch(
 *   { prefill: { instances: 2, tp: 4 }, decode: { instances: 1, tp: 8 }, inputTokens: 4000, outputTokens: 500 },
 *   "dynamo",
 *   { architecture: "llama-3.1-70b" },
 * );
 * launch.configFiles[0]?.content.includes("kind: DynamoGraphDeployment"); // true
 * ```
 * @since 0.6.0
 * @category Deploy
 */
export function emitDisaggregatedLaunch(
  config: z.input<typeof disaggregatedServingSchema>,
  engine: DisaggregatedEngine,
  options: DisaggregatedLaunchOptionsInput & { architecture?: ArchitectureId | ArchitectureInput | Architecture } = {},
): LaunchConfig {
  const { architecture, ...rest } = options;
  const parsedEngine = parseInput(disaggregatedEngineSchema, engine, "disaggregated engine");
  const parsed = parseInput(disaggregatedServingSchema, config, "disaggregated serving configuration");
  const opts = parseInput(disaggregatedLaunchOptionsSchema, rest, "disaggregated launch options");
  const notes: string[] = [];
  const unsupported: string[] = [];
  const model = resolveLaunchModel(architecture, opts.model, notes);
  const services: { [key: string]: ConfigValue } = {
    Frontend: {
      dynamoNamespace: opts.name,
      componentType: "frontend",
      replicas: 1,
      extraPodSpec: {
        mainContainer: {
          image: opts.image,
          workingDir: "/workspace/components/backends/vllm",
          command: ["python3", "-m", "dynamo.frontend"],
          args: ["--http-port", String(opts.portNumber)],
        },
      },
    },
  };
  for (const role of ["prefill", "decode"] as const) {
    const pool = parsed[role];
    const poolServing = poolConfig(pool, parsed, role === "decode");
    const engineArgs = vllmArgs(poolServing, model.traits, opts);
    // The worker registers with Dynamo instead of serving HTTP: drop vLLM's --host/--port.
    const args = engineArgs.args.slice(4);
    const gpus = pool.tp;
    const nodes = Math.ceil(gpus / opts.acceleratorsPerNode);
    if (gpus > opts.acceleratorsPerNode && gpus % opts.acceleratorsPerNode !== 0) {
      unsupported.push(
        `${role}.tp=${gpus}: a multinode worker takes the same GPU count on each of its nodes; ${gpus} is not a multiple of ${opts.acceleratorsPerNode} per node`,
      );
    }
    services[role === "prefill" ? "VllmPrefillWorker" : "VllmDecodeWorker"] = {
      dynamoNamespace: opts.name,
      envFromSecret: opts.hfTokenSecret,
      componentType: "worker",
      subComponentType: role,
      replicas: pool.instances,
      ...(nodes > 1 ? { multinode: { nodeCount: nodes } } : {}),
      resources: { limits: { gpu: String(Math.min(gpus, opts.acceleratorsPerNode)) } },
      extraPodSpec: {
        mainContainer: {
          image: opts.image,
          workingDir: "/workspace/components/backends/vllm",
          command: ["python3", "-m", "dynamo.vllm"],
          args: ["--model", model.path, ...(role === "prefill" ? ["--is-prefill-worker"] : []), ...args],
        },
      },
    };
    notes.push(...engineArgs.notes.map((note) => `${role}: ${note}`));
    unsupported.push(...engineArgs.unsupported.map((item) => `${role}.${item}`));
  }
  notes.push(
    "Dynamo's vLLM worker sets kv_transfer_config to NixlConnector (KV moves from prefill to decode workers over NIXL)",
  );
  const manifest = {
    apiVersion: "nvidia.com/v1alpha1",
    kind: "DynamoGraphDeployment",
    metadata: { name: opts.name },
    spec: { services },
  };
  const pinned = DEPLOY_ENGINE_VERSIONS[parsedEngine];
  return {
    engine: parsedEngine,
    version: pinned.version,
    sources: [...pinned.sources, ...DEPLOY_ENGINE_VERSIONS.vllm.sources],
    command: ["kubectl", "apply", "-f", DYNAMO_MANIFEST_FILE],
    configFiles: [{ path: DYNAMO_MANIFEST_FILE, content: toYaml(manifest) }],
    notes,
    unsupported,
  };
}
