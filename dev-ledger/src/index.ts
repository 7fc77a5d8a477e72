/**
 * The dev ledger (no Fabric): runs a chaincode package as a peer would, over SQLite (a file, or
 * `:memory:`), for developers' laptops and for the chaincode's and the gateway's tests. See
 * docs/ledger-modes.md for what differs from the real network.
 */
export { DEFAULT_DEV_AUTHORITIES, DEFAULT_LEDGER_PATH, DevLedger, IN_MEMORY_IDENTITIES } from './dev-ledger';
export type { DevLedgerOptions, Proposal, SimulatedProposal, Submitter } from './dev-ledger';
export { DEV_LEDGER_BANNER, DEV_LEDGER_DETAIL } from './dev-ledger-banner';
export { DEFAULT_IDENTITY_DIR } from './dev-identity-store';
export { createContractChaincode, loadContractChaincode } from './chaincode-dispatch';
export type { ChaincodeInvoker, ContractClass } from './chaincode-dispatch';
export { DevCertificateAuthority } from './dev-identities';
export type { DevIdentity } from './dev-identities';
export type { SequencedTransaction } from './block-sequencer';
export type { ChaincodeResponse, SimulationResult } from './transaction-simulator';
export type { ChainVerification } from './sqlite-ledger-store';
export type { SqliteLedgerStore } from './sqlite-ledger-store';
