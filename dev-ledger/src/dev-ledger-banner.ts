/**
 * What the gateway prints at start-up in embedded mode, so nobody mistakes the dev ledger for Fabric.
 */

/** One line for `/readyz` and {@link LedgerReadiness.detail} in embedded mode. */
export const DEV_LEDGER_DETAIL = 'embedded dev ledger (no Fabric): single process, no endorsement policy, no consensus';

/** The start-up banner of embedded mode (multi-line, no trailing newline). */
export const DEV_LEDGER_BANNER = [
  '==========================================================================',
  ' LEDGER MODE: embedded -- a development ledger, NOT Hyperledger Fabric',
  ' - one process, one SQLite file, one sequencer: no ordering service, no consensus',
  ' - no multi-org endorsement: endorsement and key-level policies are stored, never enforced',
  ' - identities come from a local dev CA (.run/embedded/identities), not from the orgs\' CAs',
  ' - private data lives in this one process\'s store, not on member peers only',
  ' The chaincode itself runs unchanged through fabric-contract-api\'s dispatch.',
  ' Not for real case data. See docs/ledger-modes.md; LEDGER=fabric selects the real network.',
  '==========================================================================',
].join('\n');
