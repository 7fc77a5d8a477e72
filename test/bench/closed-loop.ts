/**
 * The benchmarks' load generator: workers in a closed loop (each sends its next operation when the
 * previous one answered) until a count or a time bound, and percentiles of what they measured.
 */

/** What one run of a closed loop measured. */
export interface ClosedLoopRun<T> {
  /** Latency of each successful operation in ms, sorted ascending. */
  readonly latenciesMs: number[];
  /** What each successful operation returned, with the time it answered (performance.now()). */
  readonly results: { readonly value: T; readonly doneAt: number }[];
  readonly failed: number;
  /** Wall time of the run in seconds. */
  readonly seconds: number;
  /** The first failure's message (first line), if any. */
  readonly firstError: string | undefined;
}

/**
 * Runs `workers` closed-loop workers over operations 0, 1, 2, ... until `total` were started or
 * `maxSeconds` passed.
 */
export async function runClosedLoop<T>(workers: number, total: number, maxSeconds: number, operation: (index: number) => Promise<T>): Promise<ClosedLoopRun<T>> {
  const latenciesMs: number[] = [];
  const results: { value: T; doneAt: number }[] = [];
  let failed = 0;
  let next = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async (): Promise<void> => {
    while (next < total && performance.now() < deadline) {
      const index = next;
      next += 1;
      const t0 = performance.now();
      try {
        const value = await operation(index);
        const doneAt = performance.now();
        latenciesMs.push(doneAt - t0);
        results.push({ value, doneAt });
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: workers }, () => worker()));
  return { latenciesMs: latenciesMs.sort((a, b) => a - b), results, failed, seconds: (performance.now() - started) / 1000, firstError };
}

/** The p-th percentile (nearest rank) of ascending values; NaN for none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
