/**
 * Mean waiting time in queue of an M/D/1 system (Poisson arrivals, one server, constant service time):
 * `Wq = rho / (2 mu (1 - rho))` with `rho = lambda / mu` (Pollaczek-Khinchine with zero service variance).
 *
 * @param arrivalRatePerSecond - lambda
 * @param serviceSeconds - the constant service time 1 / mu
 * @returns mean wait before service, seconds (Infinity at or above capacity)
 * @example
 * ```ts
 * import { md1MeanWaitSeconds } from "@aifactory/workloads";
 * md1MeanWaitSeconds(5, 0.1); // 0.05 (rho 0.5)
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function md1MeanWaitSeconds(arrivalRatePerSecond: number, serviceSeconds: number): number {
  const rho = arrivalRatePerSecond * serviceSeconds;
  if (rho >= 1) return Number.POSITIVE_INFINITY;
  return (rho * serviceSeconds) / (2 * (1 - rho));
}

/**
 * Erlang C: the probability that an arrival waits in an M/M/c queue with offered load `a = lambda / mu` Erlangs.
 *
 * @param servers - c
 * @param offeredLoadErlangs - a = lambda / mu (< c for a stable queue)
 * @returns probability of waiting (1 at or above capacity)
 * @example
 * ```ts
 * import { erlangC } from "@aifactory/workloads";
 * erlangC(1, 0.5); // 0.5 (M/M/1: P(wait) = rho)
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function erlangC(servers: number, offeredLoadErlangs: number): number {
  const c = servers;
  const a = offeredLoadErlangs;
  if (a >= c) return 1;
  // Erlang B by the stable recursion B(k) = a B(k-1) / (k + a B(k-1)), then C = B / (1 - rho (1 - B)).
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  const rho = a / c;
  return b / (1 - rho * (1 - b));
}

/**
 * Mean waiting time in queue of an M/M/c system: `Wq = C(c, a) / (c mu - lambda)`.
 *
 * @param servers - c
 * @param arrivalRatePerSecond - lambda
 * @param meanServiceSeconds - 1 / mu
 * @returns mean wait, seconds (Infinity at or above capacity)
 * @example
 * ```ts
 * import { mmcMeanWaitSeconds } from "@aifactory/workloads";
 * mmcMeanWaitSeconds(1, 5, 0.1); // 0.1 (M/M/1 at rho 0.5: rho / (mu - lambda))
 * ```
 * @since 0.3.0
 * @category Fleet
 */
export function mmcMeanWaitSeconds(servers: number, arrivalRatePerSecond: number, meanServiceSeconds: number): number {
  const mu = 1 / meanServiceSeconds;
  const a = arrivalRatePerSecond / mu;
  if (a >= servers) return Number.POSITIVE_INFINITY;
  return erlangC(servers, a) / (servers * mu - arrivalRatePerSecond);
}
