import * as devLedger from './index';

describe('the dev ledger package', () => {
  it('exports one ledger and what its users need, by name, and nothing of its inner workings', () => {
    expect(Object.keys(devLedger).sort()).toEqual([
      'DEFAULT_DEV_AUTHORITIES',
      'DEFAULT_IDENTITY_DIR',
      'DEFAULT_LEDGER_PATH',
      'DEV_LEDGER_BANNER',
      'DEV_LEDGER_DETAIL',
      'DevCertificateAuthority',
      'DevLedger',
      'IN_MEMORY_IDENTITIES',
      'createContractChaincode',
      'loadContractChaincode',
    ]);
  });
});
