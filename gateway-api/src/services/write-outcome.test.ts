import { LedgerError } from '@asylum-ledger/domain';
import { fromStoredOutcome, toStoredOutcome } from './write-outcome';

describe('the stored form of a write outcome', () => {
  it('keeps a receipt as it is', () => {
    const receipt = { caseRef: 'c'.repeat(32), state: 'DISTRIBUTED', seq: 2, txId: 'a'.repeat(64), blockNumber: 7 } as const;
    expect(toStoredOutcome(receipt)).toEqual({ ok: true, receipt });
    expect(fromStoredOutcome(toStoredOutcome(receipt))).toEqual(receipt);
  });

  it('serialises a refusal as its code, message and details, and restores the same LedgerError without the refused proposal\'s txId', () => {
    const refusal = new LedgerError('INVALID_TRANSITION', 'not from REGISTERED', { details: { state: 'REGISTERED' }, txId: 'b'.repeat(64) });
    const stored = toStoredOutcome(refusal);
    expect(stored).toEqual({ ok: false, code: 'INVALID_TRANSITION', message: 'not from REGISTERED', details: { state: 'REGISTERED' } });
    const restored = fromStoredOutcome(JSON.parse(JSON.stringify(stored)) as typeof stored);
    expect(restored).toBeInstanceOf(LedgerError);
    expect(restored).toMatchObject({ code: 'INVALID_TRANSITION', message: 'not from REGISTERED', details: { state: 'REGISTERED' }, txId: undefined });
  });
});
