import { useEffect, useState } from "react";
import type { PlannerClient } from "../planner-client";
import type { QueryName, WorkerError, WorkerQueries } from "../worker-protocol";

/** A worker query's answer as a component sees it: the latest answer (kept while a newer one is on its way). */
export interface QueryState<Q extends QueryName> {
  result?: WorkerQueries[Q]["result"];
  error?: WorkerError;
  /** Whether the answer shown is for the current arguments. */
  current: boolean;
}

/**
 * Asks the plan worker a question (`PlannerClient.query`) whenever its arguments change (compared as JSON) and
 * returns the latest answer; the previous one stays until the new one arrives, so a chart does not blink.
 *
 * @param client - the page's planner client
 * @param query - the question
 * @param args - its arguments
 * @returns the latest answer or error
 */
export function useWorkerQuery<Q extends QueryName>(
  client: PlannerClient,
  query: Q,
  args: WorkerQueries[Q]["args"],
): QueryState<Q> {
  const key = JSON.stringify(args);
  const [state, setState] = useState<{ key?: string; result?: WorkerQueries[Q]["result"]; error?: WorkerError }>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: the arguments are compared by their JSON (key)
  useEffect(() => {
    let live = true;
    client.query(query, args).then(
      (result) => {
        if (live) setState({ key, result });
      },
      (error: WorkerError) => {
        if (live) setState({ key, error });
      },
    );
    return () => {
      live = false;
    };
  }, [client, query, key]);
  return {
    ...(state.result === undefined ? {} : { result: state.result }),
    ...(state.error === undefined ? {} : { error: state.error }),
    current: state.key === key,
  };
}
