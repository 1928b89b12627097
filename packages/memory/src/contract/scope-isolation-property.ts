import type { MemoryStoreV1 } from "../spec/memory-store-v1";

/**
 * One step of a scope-isolation scenario: which user writes or searches, with which words.
 *
 * @since 0.1.0
 * @category Contract
 */
export interface ScopeIsolationStep {
  user: number;
  agent?: number;
  words: string[];
  search: boolean;
}

/**
 * Replays a scenario of interleaved writes and searches by several users and agents, and throws when a
 * search, list or stats call returns anything outside its scope. Property tests feed it random scenarios
 * (see the package tests) so that store authors can check isolation with fast-check or any generator.
 *
 * @param store - an empty store
 * @param steps - the scenario
 * @returns resolves when no leak was seen
 * @throws Error naming the leaking call
 * @example
 * ```ts
 * import { checkScopeIsolation, createInMemoryStore } from "@aifactory/memory";
 * await checkScopeIsolation(createInMemoryStore(), [{ user: 0, words: ["a"], search: false }]);
 * ```
 * @since 0.1.0
 * @category Contract
 */
export async function checkScopeIsolation(store: MemoryStoreV1, steps: readonly ScopeIsolationStep[]): Promise<void> {
  const scopeOf = (step: ScopeIsolationStep) => ({
    userId: `user-${step.user}`,
    ...(step.agent === undefined ? {} : { agentId: `agent-${step.agent}` }),
  });
  const written = new Map<string, number>();
  for (const step of steps) {
    const scope = scopeOf(step);
    const text = step.words.join(" ");
    if (!step.search) {
      await store.add({ scope, content: `${text} ${scope.userId}` });
      written.set(scope.userId, (written.get(scope.userId) ?? 0) + 1);
      continue;
    }
    const { hits } = await store.search({ scope, text: `${text} user`, k: 50 });
    for (const hit of hits) {
      const s = hit.memory.scope;
      if (s.userId !== scope.userId || (scope.agentId !== undefined && s.agentId !== scope.agentId)) {
        throw new Error(`search in ${JSON.stringify(scope)} returned a memory of ${JSON.stringify(s)}`);
      }
    }
    const listed = await store.list({ scope: { userId: scope.userId }, limit: 10_000 });
    if (listed.some((r) => r.scope.userId !== scope.userId)) throw new Error(`list leaked into ${scope.userId}`);
    const stats = await store.stats({ scope: { userId: scope.userId } });
    if (stats.totalCount !== (written.get(scope.userId) ?? 0)) {
      throw new Error(`stats of ${scope.userId} count ${stats.totalCount}, expected ${written.get(scope.userId) ?? 0}`);
    }
  }
}
