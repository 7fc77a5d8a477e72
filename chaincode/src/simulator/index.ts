/**
 * The Fabric simulator: one ChaincodeStub implementation for the chaincode's unit tests and,
 * later, the embedded dev ledger. See `simulated-stub.ts` for the Fabric semantics it keeps.
 */
export { BlockCommitter } from './block-committer';
export type { CommitResult, EndorsedTransaction, TxValidationCode } from './block-committer';
export { createContractChaincode, loadContractChaincode } from './chaincode-dispatch';
export type {
  ChaincodeInvoker,
  ContractChaincodeOptions,
  ContractClass,
  RawChaincodeResponse,
  SerializerConfig,
} from './chaincode-dispatch';
export { createCompositeKey, splitCompositeKey } from './composite-keys';
export type { CompositeKeyParts } from './composite-keys';
export { DevCertificateAuthority, FABRIC_ATTRIBUTES_OID } from './dev-identities';
export type { DevCertificateAuthorityOptions, DevIdentity, DevIdentityRequest } from './dev-identities';
export { compareKeys } from './key-order';
export type {
  BlockWrites,
  CommittedEvent,
  HistoryEntry,
  LedgerStore,
  LedgerTimestamp,
  PrivateHistoryEntry,
  PrivateValue,
  PrivateWrite,
  PublicWrite,
  StoredEntry,
  TransactionWrites,
  ValidationParameterWrite,
  Version,
  VersionedValue,
} from './ledger-store';
export { MemoryLedgerStore } from './memory-ledger-store';
export type { KeyRead, PrivateKeyRead, RangeQueryRead, ReadWriteSet } from './read-write-set';
export { SimulatedLedger, toLedgerTimestamp } from './simulated-ledger';
export type {
  PendingTransaction,
  ProposalOptions,
  SimulatedLedgerOptions,
  SubmitResult,
  SubmitterIdentity,
  TransientInput,
} from './simulated-ledger';
export { SimulatedStub } from './simulated-stub';
export type { ChaincodeEventRecord, CreatorIdentity, ShimTimestamp, SimulatedStubOptions } from './simulated-stub';
export { SimulatorError, SIMULATOR_ERROR_CODES } from './simulator-errors';
export type { SimulatorErrorCode, SimulatorErrorOptions } from './simulator-errors';
export type {
  IterablePromise,
  KeyModificationResult,
  QueryIteratorResult,
  QueryPage,
  QueryPageMetadata,
  StateQueryResult,
} from './state-iterators';
export { SimulatedQueryIterator } from './state-iterators';
export { TransactionSimulator } from './transaction-simulator';
export type {
  ChaincodeResponse,
  SimulationResult,
  TransactionProposal,
  TransactionSimulatorOptions,
} from './transaction-simulator';
