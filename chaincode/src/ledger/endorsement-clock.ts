/**
 * The endorsing peer's clock, read once per write to bound the transaction's timestamp
 * (domain/proposal-time.ts). On a peer this is the chaincode server's host clock; the stub
 * simulator of the dev ledger offers its own clock through `endorserTime()`.
 */
import type { Context } from 'fabric-contract-api';
import { checkProposalTime } from '@asylum-ledger/domain';

interface ClockedStub {
  endorserTime?: () => Date;
}

/** The endorser's clock in ms since the epoch. */
function endorserNow(ctx: Context): number {
  const stub = ctx.stub as unknown as ClockedStub;
  return typeof stub.endorserTime === 'function' ? stub.endorserTime().getTime() : Date.now();
}

/**
 * Refuses a write whose proposal is dated too far from this endorser's clock.
 * @throws {ChaincodeError} TIMESTAMP_OUT_OF_RANGE.
 */
export function checkEndorsementTime(ctx: Context): void {
  checkProposalTime(ctx.stub.getDateTimestamp().getTime(), endorserNow(ctx));
}
