/**
 * The time a transaction may rely on. Guards that protect legal periods (appeal period, "not in the
 * future", retention) read the transaction's timestamp, which the submitting client sets. Each
 * endorsing peer therefore refuses a proposal whose timestamp lies more than a tolerance away from
 * its own clock, so the day the guards use is bounded by the clocks of the endorsing orgs' peers.
 * This check reads a clock, but only to refuse: it never enters the read-write set, so peers that
 * agree on the outcome produce the same result (see docs/adr/0005-bounded-transaction-time.md).
 */
import { ChaincodeError } from './chaincode-error';

/** How far a proposal's timestamp may lie from an endorsing peer's clock, in seconds. */
export const PROPOSAL_TIME_TOLERANCE_SECONDS = 300;

/**
 * Refuses a proposal dated too far from the endorser's clock.
 * @param proposalMs the transaction timestamp, ms since the epoch.
 * @param endorserMs the endorsing peer's clock, ms since the epoch.
 * @throws {ChaincodeError} TIMESTAMP_OUT_OF_RANGE with the tolerance and the skew in whole seconds.
 */
export function checkProposalTime(proposalMs: number, endorserMs: number): void {
  const skewSeconds = Math.round((proposalMs - endorserMs) / 1000);
  if (Math.abs(skewSeconds) > PROPOSAL_TIME_TOLERANCE_SECONDS) {
    throw new ChaincodeError(
      'TIMESTAMP_OUT_OF_RANGE',
      `the transaction is dated ${skewSeconds} s from the endorsing peer's clock; at most ${PROPOSAL_TIME_TOLERANCE_SECONDS} s are accepted`,
      { skewSeconds, toleranceSeconds: PROPOSAL_TIME_TOLERANCE_SECONDS },
    );
  }
}
