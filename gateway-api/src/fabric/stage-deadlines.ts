/**
 * Per-stage gRPC deadlines of the Fabric adapter, as fabric-gateway takes them: a supplier per
 * stage, called once per call so that every call gets a fresh deadline.
 */
import type { CallOptions } from '@grpc/grpc-js';

/** A supplier of gRPC call options, called at the start of each call of a stage. */
export type CallOptionsSupplier = () => CallOptions;

/** The call options of every stage a transaction passes through. */
export interface StageCallOptions {
  /** Evaluating a query on the org's own peer (also the qscc queries). */
  readonly evaluate: CallOptionsSupplier;
  /** Collecting endorsements from the peers the policy needs. */
  readonly endorse: CallOptionsSupplier;
  /** Handing the endorsed transaction to the ordering service. */
  readonly submit: CallOptionsSupplier;
  /** One wait for the commit status; the adapter polls it a few times before giving up. */
  readonly commitStatus: CallOptionsSupplier;
  /** The readiness probe (a short query). */
  readonly ready: CallOptionsSupplier;
}

/**
 * Makes a supplier whose every call is due `milliseconds` after it is made.
 * @param milliseconds time allowed for the call.
 * @returns a supplier for {@link StageCallOptions}.
 */
export function deadlineAfter(milliseconds: number): CallOptionsSupplier {
  if (!Number.isFinite(milliseconds) || milliseconds <= 0) {
    throw new RangeError(`a deadline must be a positive number of milliseconds, got ${milliseconds}`);
  }
  return () => ({ deadline: Date.now() + milliseconds });
}

/**
 * The defaults: evaluate 5 s, endorse 15 s, submit 5 s, each commit-status wait 10 s, ready 2 s.
 * @returns a fresh set of suppliers.
 */
export function defaultStageCallOptions(): StageCallOptions {
  return {
    evaluate: deadlineAfter(5_000),
    endorse: deadlineAfter(15_000),
    submit: deadlineAfter(5_000),
    commitStatus: deadlineAfter(10_000),
    ready: deadlineAfter(2_000),
  };
}

/**
 * Fills the stages a caller left out with the defaults.
 * @param overrides the stages the caller set.
 */
export function resolveStageCallOptions(overrides: Readonly<Partial<StageCallOptions>> = {}): StageCallOptions {
  const defaults = defaultStageCallOptions();
  return {
    evaluate: overrides.evaluate ?? defaults.evaluate,
    endorse: overrides.endorse ?? defaults.endorse,
    submit: overrides.submit ?? defaults.submit,
    commitStatus: overrides.commitStatus ?? defaults.commitStatus,
    ready: overrides.ready ?? defaults.ready,
  };
}
