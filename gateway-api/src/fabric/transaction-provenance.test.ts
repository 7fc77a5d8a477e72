import { common, peer } from '@hyperledger/fabric-protos';
import { CERTIFICATE_WITH_ROLE, CERTIFICATE_WITHOUT_ATTRIBUTES } from './test-support/certificates';
import { buildProcessedTransaction } from './test-support/ledger-builders';
import { decodeTransactionProvenance } from './transaction-provenance';

describe('transaction provenance', () => {
  it('names creator MSP and role, endorsing orgs (each once, sorted), validation code and time', () => {
    const bytes = buildProcessedTransaction(
      { txId: 'c'.repeat(64), creatorMspId: 'LDSMSP', creatorCertificate: CERTIFICATE_WITH_ROLE, endorserMspIds: ['LDSMSP', 'ABHMSP', 'LDSMSP'], seconds: 1_764_072_000, nanos: 123_456_789 },
      peer.TxValidationCode.VALID,
    );
    expect(decodeTransactionProvenance(bytes, 42n)).toEqual({
      txId: 'c'.repeat(64),
      blockNumber: 42n,
      validationCode: 'VALID',
      creatorMspId: 'LDSMSP',
      creatorRole: 'LAND_RECEPTION',
      endorsingOrgs: ['ABHMSP', 'LDSMSP'],
      timestamp: '2025-11-25T12:00:00.123Z',
    });
  });

  it('reports an invalidated transaction by its code name, and no role for a certificate without one', () => {
    const bytes = buildProcessedTransaction(
      { txId: 'd'.repeat(64), creatorMspId: 'BAMFMSP', creatorCertificate: CERTIFICATE_WITHOUT_ATTRIBUTES, endorserMspIds: ['BAMFMSP'] },
      peer.TxValidationCode.ENDORSEMENT_POLICY_FAILURE,
    );
    expect(decodeTransactionProvenance(bytes, 7n)).toMatchObject({
      validationCode: 'ENDORSEMENT_POLICY_FAILURE',
      creatorRole: null,
      endorsingOrgs: ['BAMFMSP'],
      timestamp: '',
    });
  });

  it('has no endorsers for a config transaction', () => {
    const bytes = buildProcessedTransaction(
      { txId: '', creatorMspId: 'BAMFMSP', creatorCertificate: CERTIFICATE_WITHOUT_ATTRIBUTES, endorserMspIds: ['BAMFMSP'], headerType: common.HeaderType.CONFIG },
      peer.TxValidationCode.VALID,
    );
    expect(decodeTransactionProvenance(bytes, 0n).endorsingOrgs).toEqual([]);
  });

  it('refuses a processed transaction without an envelope', () => {
    expect(() => decodeTransactionProvenance(new peer.ProcessedTransaction().serializeBinary(), 1n)).toThrow('no envelope');
  });
});
