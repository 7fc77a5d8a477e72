/** Tracks the writes in progress, so a second request under the same key waits its turn and shutdown can drain. */

/** The set of Idempotency-Keys (or anonymous writes) being submitted right now. */
export class InFlight {
  readonly #keys = new Set<string>();
  #anonymous = 0;
  #waiters: (() => void)[] = [];

  /** Whether a key is being processed. */
  has(key: string): boolean {
    return this.#keys.has(key);
  }

  /** Runs `work` as in flight under `key` (or anonymously when undefined). */
  async run<T>(key: string | undefined, work: () => Promise<T>): Promise<T> {
    if (key === undefined) this.#anonymous += 1;
    else this.#keys.add(key);
    try {
      return await work();
    } finally {
      if (key === undefined) this.#anonymous -= 1;
      else this.#keys.delete(key);
      if (this.size === 0) this.#wake();
    }
  }

  /** How many writes are in flight. */
  get size(): number {
    return this.#keys.size + this.#anonymous;
  }

  /** Resolves once nothing is in flight. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}
