/**
 * Limits failed token verifications, per client address and in all, so that guessing or replaying
 * tokens costs the caller time: once a client (or everyone together) used up the failures of a
 * minute, the gateway answers 429 before it verifies anything. Successful verifications cost nothing.
 */
import { SubjectRateLimiter, type RateDecision } from './subject-rate-limiter';

/** The key of the bucket shared by all clients. */
const EVERYONE = '*';

/** Settings of the limiter. */
export interface FailedAuthenticationLimits {
  /** Failed verifications a minute one client address may cause (also its burst). */
  readonly perClientPerMinute: number;
  /** Failed verifications a minute all clients together may cause. */
  readonly perMinute: number;
}

/** Per-client and global buckets of failed verifications. */
export class FailedAuthenticationLimiter {
  readonly #perClient: SubjectRateLimiter;
  readonly #everyone: SubjectRateLimiter;

  /**
   * @param limits failures a minute, per client and in all.
   * @param nowMs clock in milliseconds (injectable for tests).
   */
  constructor(limits: FailedAuthenticationLimits, nowMs?: () => number) {
    const clock = nowMs ? { nowMs } : {};
    this.#perClient = new SubjectRateLimiter({ perMinute: limits.perClientPerMinute, ...clock });
    this.#everyone = new SubjectRateLimiter({ perMinute: limits.perMinute, maxSubjects: 1, ...clock });
  }

  /** Whether `client` may present a token now (refused once its failures, or everyone's, are used up). */
  check(client: string): RateDecision {
    const own = this.#perClient.peek(client);
    return own.allowed ? this.#everyone.peek(EVERYONE) : own;
  }

  /** Counts one failed verification of `client`. */
  recordFailure(client: string): void {
    this.#perClient.take(client);
    this.#everyone.take(EVERYONE);
  }
}
