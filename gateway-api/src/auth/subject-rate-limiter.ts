/**
 * A token bucket per token subject: each clerk gets `perMinute` requests a minute, with bursts up
 * to the same number. In memory, per gateway process, for at most `maxSubjects` subjects: full
 * buckets go first, then the least recently used ones.
 */

/** The limiter's verdict for one request. */
export interface RateDecision {
  readonly allowed: boolean;
  /** Whole seconds until one more request is allowed (0 when allowed). */
  readonly retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

/** Per-subject token buckets. */
export class SubjectRateLimiter {
  readonly #perMinute: number;
  readonly #nowMs: () => number;
  readonly #buckets = new Map<string, Bucket>();
  readonly #maxSubjects: number;

  /**
   * @param options.perMinute requests per subject per minute (also the burst size).
   * @param options.nowMs clock in milliseconds (injectable for tests).
   * @param options.maxSubjects the most buckets kept (bounds memory): at the bound, full buckets are
   *   dropped, then the least recently used ones.
   */
  constructor(options: Readonly<{ perMinute: number; nowMs?: () => number; maxSubjects?: number }>) {
    this.#perMinute = options.perMinute;
    this.#nowMs = options.nowMs ?? Date.now;
    this.#maxSubjects = options.maxSubjects ?? 10_000;
  }

  /** How many subjects the limiter tracks now (never more than `maxSubjects`). */
  get size(): number {
    return this.#buckets.size;
  }

  /** Takes one request from the subject's bucket. */
  take(subject: string): RateDecision {
    const decision = this.peek(subject);
    const bucket = this.#buckets.get(subject);
    if (decision.allowed && bucket) bucket.tokens -= 1;
    return decision;
  }

  /** Whether the subject's bucket holds a request, without taking it. */
  peek(subject: string): RateDecision {
    const bucket = this.#refill(subject, this.#nowMs());
    if (bucket.tokens >= 1) return { allowed: true, retryAfterSeconds: 0 };
    const msPerToken = 60_000 / this.#perMinute;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((1 - bucket.tokens) * msPerToken) / 1000)) };
  }

  #refill(subject: string, now: number): Bucket {
    let bucket = this.#buckets.get(subject);
    if (!bucket) {
      if (this.#buckets.size >= this.#maxSubjects) this.#makeRoom(now);
      bucket = { tokens: this.#perMinute, updatedMs: now };
      this.#buckets.set(subject, bucket);
      return bucket;
    }
    // the map's order is the order of last use: the first entries are the least recently used
    this.#buckets.delete(subject);
    this.#buckets.set(subject, bucket);
    const elapsed = Math.max(0, now - bucket.updatedMs);
    bucket.tokens = Math.min(this.#perMinute, bucket.tokens + (elapsed * this.#perMinute) / 60_000);
    bucket.updatedMs = now;
    return bucket;
  }

  /** Drops full buckets (nothing is lost), then the least recently used ones until one more fits. */
  #makeRoom(now: number): void {
    this.#dropFullBuckets(now);
    for (const subject of this.#buckets.keys()) {
      if (this.#buckets.size < this.#maxSubjects) return;
      this.#buckets.delete(subject);
    }
  }

  #dropFullBuckets(now: number): void {
    for (const [subject, bucket] of this.#buckets) {
      if (bucket.tokens + ((now - bucket.updatedMs) * this.#perMinute) / 60_000 >= this.#perMinute) this.#buckets.delete(subject);
    }
  }
}
