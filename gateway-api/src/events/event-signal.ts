/** Tells listeners (the webhook dispatcher, open SSE streams) that the outbox grew. */
export class EventSignal {
  readonly #listeners = new Set<() => void>();

  /**
   * Calls `listener` after every addition to the outbox until unsubscribed.
   * @returns unsubscribes.
   */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Wakes every subscriber. */
  notify(): void {
    for (const listener of [...this.#listeners]) listener();
  }
}

/**
 * A pause that ends after `ms` or when woken, whichever comes first.
 * @returns the pause and its wake-up.
 */
export function wakeablePause(ms: number): { readonly done: Promise<void>; readonly wake: () => void } {
  let wake = (): void => undefined;
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    wake = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, wake };
}

/**
 * Exponential backoff with jitter: the n-th retry (1-based) waits between half and all of
 * `baseMs * 2^(n-1)`, capped at `maxMs`.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, retry - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
