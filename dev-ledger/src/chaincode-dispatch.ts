import { JSONSerializer, type Contract } from 'fabric-contract-api';
import type { ChaincodeStub } from 'fabric-shim-api';

/** A contract class as fabric-contract-api instantiates it (no constructor arguments). */
export type ContractClass = new () => Contract;

/** The raw response of the chaincode's `Invoke`, as fabric-shim's `success`/`error` build it. */
export interface RawChaincodeResponse {
  /** 200 on success, 500 on error. */
  readonly status: number;
  /** Error message, when the transaction failed. */
  readonly message?: string;
  /** Serialized return value, when it succeeded. */
  readonly payload?: Uint8Array;
}

/** Anything with the chaincode entry point the peer calls; `ChaincodeFromContract` is one. */
export interface ChaincodeInvoker {
  /** Runs one transaction against the stub. */
  Invoke(stub: ChaincodeStub): Promise<RawChaincodeResponse>;
}

/** Serializer configuration in the shape fabric-shim's bootstrap builds it. */
export interface SerializerConfig {
  /** Name of the serializer used for transactions. */
  readonly transaction: string;
  /** Serializer classes by name. */
  readonly serializers: Record<string, unknown>;
}

/** Options of {@link createContractChaincode}. */
export interface ContractChaincodeOptions {
  /** The contract classes, as a chaincode's `index.ts` exports them in `contracts`. */
  readonly contracts: readonly ContractClass[];
  /** Chaincode title (package.json `name` on a peer); defaults to `''`. */
  readonly title?: string;
  /** Chaincode version (package.json `version` on a peer); defaults to `''`. */
  readonly version?: string;
  /** Contract metadata (META-INF/metadata.json on a peer); defaults to introspection. */
  readonly metadata?: Record<string, unknown>;
  /** Serializers; defaults to fabric-contract-api's JSONSerializer, as bootstrap does. */
  readonly serializers?: SerializerConfig;
}

type ChaincodeFromContractClass = new (
  contracts: ContractClass[],
  serializers: SerializerConfig,
  metadata: Record<string, unknown>,
  title: string,
  version: string,
) => ChaincodeInvoker;

interface BootstrapModule {
  getInfoFromContract(modulePath: string): {
    contracts: ContractClass[];
    serializers: SerializerConfig;
    title: string;
    version: string;
  };
  getMetadata(modulePath: string): Promise<Record<string, unknown>>;
}

// Internal fabric-shim modules (no typings): pinned with fabric-shim 2.5.8 and covered by tests.
/* eslint-disable @typescript-eslint/no-require-imports */
const loadChaincodeFromContract = (): ChaincodeFromContractClass =>
  require('fabric-shim/lib/contract-spi/chaincodefromcontract') as ChaincodeFromContractClass;
const loadBootstrap = (): BootstrapModule =>
  require('fabric-shim/lib/contract-spi/bootstrap') as BootstrapModule;
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * Builds the chaincode exactly as fabric-chaincode-node does on a peer, from contract classes:
 * fabric-shim's `ChaincodeFromContract` routes `contract:function` names, marshals arguments
 * and results, runs the before/after hooks and answers `org.hyperledger.fabric:GetMetadata`.
 *
 * @param options - Contract classes and optional title, version, metadata and serializers.
 * @returns The chaincode, whose `Invoke(stub)` runs one transaction.
 */
export function createContractChaincode(options: Readonly<ContractChaincodeOptions>): ChaincodeInvoker {
  const ChaincodeFromContract = loadChaincodeFromContract();
  const serializers = options.serializers ?? {
    transaction: 'jsonSerializer',
    serializers: { jsonSerializer: JSONSerializer },
  };
  // ChaincodeFromContract appends its system contract to the array and augments the metadata
  // in place, so both are fresh copies.
  return new ChaincodeFromContract(
    [...options.contracts],
    serializers,
    structuredClone(options.metadata ?? {}),
    options.title ?? '',
    options.version ?? '',
  );
}

/**
 * Loads a chaincode package the way `fabric-chaincode-node` does: package.json `main`, its
 * `contracts` and `serializers` exports, and META-INF (or contract-metadata) metadata.json,
 * all through fabric-shim's own bootstrap functions.
 *
 * @param modulePath - Folder holding the chaincode's package.json (relative to the cwd or absolute).
 * @returns The chaincode, whose `Invoke(stub)` runs one transaction.
 * @throws Error from fabric-shim's bootstrap when package.json has no `main` or the metadata is invalid.
 */
export async function loadContractChaincode(modulePath: string): Promise<ChaincodeInvoker> {
  const bootstrap = loadBootstrap();
  const { contracts, serializers, title, version } = bootstrap.getInfoFromContract(modulePath);
  const metadata = await bootstrap.getMetadata(modulePath);
  const ChaincodeFromContract = loadChaincodeFromContract();
  return new ChaincodeFromContract([...contracts], serializers, metadata, title, version);
}
