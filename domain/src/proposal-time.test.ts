import { ChaincodeError } from './chaincode-error';
import { checkProposalTime, PROPOSAL_TIME_TOLERANCE_SECONDS } from './proposal-time';

const NOW = Date.parse('2026-11-25T10:00:00Z');

function skewCode(seconds: number): string {
  try {
    checkProposalTime(NOW + seconds * 1000, NOW);
    return 'OK';
  } catch (error) {
    return (error as ChaincodeError).code;
  }
}

describe('the time a transaction may rely on', () => {
  it.each([
    [0, 'OK'],
    [PROPOSAL_TIME_TOLERANCE_SECONDS, 'OK'],
    [-PROPOSAL_TIME_TOLERANCE_SECONDS, 'OK'],
    [PROPOSAL_TIME_TOLERANCE_SECONDS + 1, 'TIMESTAMP_OUT_OF_RANGE'],
    [-PROPOSAL_TIME_TOLERANCE_SECONDS - 1, 'TIMESTAMP_OUT_OF_RANGE'],
    [30 * 86_400, 'TIMESTAMP_OUT_OF_RANGE'],
  ])('a proposal %i s from the peer clock: %s', (seconds, expected) => {
    expect(skewCode(seconds)).toBe(expected);
  });

  it('says by how much, never more', () => {
    try {
      checkProposalTime(NOW + 3_600_000, NOW);
    } catch (error) {
      expect((error as ChaincodeError).details).toEqual({ skewSeconds: 3600, toleranceSeconds: 300 });
      return;
    }
    throw new Error('not refused');
  });
});
