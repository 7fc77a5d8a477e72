/**
 * The Fabric adapter of the ledger port. The gateway's composition root calls
 * {@link createFabricLedgerForOrg} (or builds a {@link FabricLedger} from its own connection).
 */
export { blockDataHash, blockHeaderBytes, blockHeaderHash, type BlockHeaderFields } from './block-hashes';
export { decodeBlockProvenance, verifyHashChain, type HashChainCheck } from './block-provenance';
export { readCertificateAttributes, readRoleAttribute } from './certificate-attributes';
export { NODE_OU_TYPES, readNodeOuTypes, readSubjectOrganizationalUnits, type NodeOuType } from './certificate-node-ou';
export {
  DEFAULT_EVENT_RECONNECT,
  ReconnectingEventStream,
  newCheckpoint,
  type ChaincodeEventSource,
  type EventReconnectOptions,
} from './chaincode-event-stream';
export { awaitCommitStatus, type CommitStatusPolling, type CommitStatusSource } from './commit-status';
export { createFabricLedgerForOrg, type FabricOrgLedgerOptions } from './create-fabric-ledger';
export { judgeRefusals, type RefusalVerdict } from './endorser-refusals';
export { isGrpcStatus, newInvalidTransactionError, toLedgerError, validationCodeName, type ErrorContext, type PlainStage } from './fabric-errors';
export { FabricLedger, type FabricLedgerOptions, type StageTiming } from './fabric-ledger';
export {
  findOrgRunFolder,
  identityNameForRole,
  loadNetworkTable,
  type NetworkTable,
  type OrgRunFolder,
} from './org-run-folder';
export { loadRoleIdentity, type MspFiles, type RoleIdentity } from './role-identities';
export { RoleIdentityError, type RoleIdentityErrorCode } from './role-identity-error';
export {
  deadlineAfter,
  defaultStageCallOptions,
  resolveStageCallOptions,
  type CallOptionsSupplier,
  type StageCallOptions,
} from './stage-deadlines';
export { decodeTransactionProvenance } from './transaction-provenance';
