import * as simulator from './index';

describe('simulator public surface', () => {
  it('exports the runtime API by name', () => {
    expect(Object.keys(simulator).sort()).toEqual([
      'BlockCommitter',
      'DevCertificateAuthority',
      'FABRIC_ATTRIBUTES_OID',
      'MemoryLedgerStore',
      'SIMULATOR_ERROR_CODES',
      'SimulatedLedger',
      'SimulatedQueryIterator',
      'SimulatedStub',
      'SimulatorError',
      'TransactionSimulator',
      'compareKeys',
      'createCompositeKey',
      'createContractChaincode',
      'loadContractChaincode',
      'splitCompositeKey',
      'toLedgerTimestamp',
    ]);
  });
});
