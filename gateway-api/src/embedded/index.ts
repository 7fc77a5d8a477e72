/**
 * The embedded dev ledger (no Fabric): see docs/ledger-modes.md for what differs from the real network.
 */
export { computeDataHash, computeHeaderHash, summarizeReadWriteSet } from './block-chain';
export type { BlockTransactionRecord, ReadWriteSummary } from './block-chain';
export { DEFAULT_IDENTITY_DIR, DevIdentityStore, loadDevIdentities } from './dev-identity-store';
export type { DevIdentityStoreOptions, EmbeddedIdentity } from './dev-identity-store';
export { EMBEDDED_LEDGER_BANNER, EMBEDDED_LEDGER_DETAIL } from './embedded-banner';
export { DEFAULT_EMBEDDED_AUTHORITIES, DEFAULT_LEDGER_PATH, EmbeddedLedger } from './embedded-ledger';
export type { EmbeddedLedgerOptions } from './embedded-ledger';
export { EmbeddedLedgerPort } from './embedded-ledger-port';
export { SqliteLedgerStore } from './sqlite-ledger-store';
export type { ChainVerification, PendingBlockTransaction, SqliteLedgerStoreOptions } from './sqlite-ledger-store';
export type { StoredBlock, StoredBlockHeader, StoredTransaction } from './sqlite-block-log';
