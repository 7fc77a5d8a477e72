import { createHash } from 'node:crypto';
import Long from 'long';
import type { ChaincodeProposal } from 'fabric-shim-api';
import {
  createCompositeKey,
  EMPTY_KEY_SUBSTITUTE,
  MAX_UNICODE_RUNE,
  splitCompositeKey,
  type CompositeKeyParts,
} from './composite-keys';
import type { LedgerStore, LedgerTimestamp, StoredEntry } from './ledger-store';
import { ReadWriteSetBuilder, type ReadWriteSet } from './read-write-set';
import { SimulatorError } from './simulator-errors';
import {
  SimulatedQueryIterator,
  toIterablePromise,
  type IterablePromise,
  type KeyModificationResult,
  type QueryPage,
  type StateQueryResult,
} from './state-iterators';

/** The submitting identity as `getCreator()` returns it: MSP id and PEM certificate bytes. */
export interface CreatorIdentity {
  /** MSP id of the submitter's organization. */
  readonly mspid: string;
  /** The submitter's X.509 certificate, PEM, as bytes. */
  readonly idBytes: Uint8Array;
}

/** A chaincode event as `setEvent` records it. */
export interface ChaincodeEventRecord {
  /** Event name. */
  readonly eventName: string;
  /** Event payload. */
  readonly payload: Uint8Array;
}

/** Inputs of one simulated transaction. */
export interface SimulatedStubOptions {
  /** Committed state to read; the stub never writes to it. */
  readonly store: LedgerStore;
  /** Channel name returned by `getChannelID()`. */
  readonly channelId: string;
  /** Transaction id returned by `getTxID()`. */
  readonly txId: string;
  /** Chaincode arguments, the function name first, as on the wire. */
  readonly args: readonly Uint8Array[];
  /** The submitter. */
  readonly creator: CreatorIdentity;
  /** Transient data; empty when not given. */
  readonly transient?: ReadonlyMap<string, Uint8Array>;
  /** The proposal timestamp. */
  readonly timestamp: LedgerTimestamp;
  /**
   * The endorsing peer's clock while it simulates (what the host clock is on a peer); the proposal
   * timestamp when omitted. Read by the chaincode only to refuse a proposal dated too far off.
   */
  readonly endorserTime?: Date;
  /** The endorsing peer's MSP id for `getMspID()`; unset makes it throw, as the shim does. */
  readonly peerMspId?: string;
}

/** The `{seconds, nanos}` timestamp fabric-shim's `getTxTimestamp()` returns, seconds as a Long. */
export interface ShimTimestamp {
  /** Seconds since the epoch, an unsigned Long as in fabric-shim. */
  readonly seconds: Long;
  /** Nanoseconds inside the second. */
  readonly nanos: number;
}

const VALIDATION_PARAMETER = 'VALIDATION_PARAMETER';

/**
 * A Fabric `ChaincodeStub` over a {@link LedgerStore}, for the subset of the API the contract
 * uses. It behaves as the peer's transaction simulator does:
 *
 * - reads return committed state only; a transaction does not see its own pending writes
 *   (Fabric documents "read-your-writes semantics are not supported");
 * - reads are recorded with their versions, range queries with their results, for MVCC and
 *   phantom checks at commit; writes are collected and never touch the store;
 * - `putState`/`putPrivateData` with an empty value is a delete: the peer turns an empty value
 *   into a nil write, which its write set marks `IsDelete`;
 * - a paginated query after a write, or a write after a paginated query, fails as on the peer
 *   ("Paginated queries are supported only in a read-only transaction");
 * - only the last `setEvent` is kept.
 *
 * Not supported (they throw `NOT_SUPPORTED`): rich queries (`getQueryResult*`,
 * `getPrivateDataQueryResult`), `invokeChaincode`, private range queries and private-data
 * validation parameters. `getSignedProposal()` returns undefined.
 */
export class SimulatedStub {
  readonly #store: LedgerStore;
  readonly #options: Readonly<SimulatedStubOptions>;
  readonly #bufferArgs: Buffer[];
  readonly #transient: Map<string, Uint8Array>;
  readonly #rwSet = new ReadWriteSetBuilder();
  #event: ChaincodeEventRecord | undefined;
  #writePerformed = false;
  #paginatedQueryPerformed = false;

  /**
   * Creates a stub for one transaction.
   *
   * @param options - Store, ids, arguments, creator, transient data and timestamp.
   */
  constructor(options: Readonly<SimulatedStubOptions>) {
    this.#store = options.store;
    this.#options = options;
    this.#bufferArgs = options.args.map((arg) => Buffer.from(arg));
    this.#transient = new Map(
      [...(options.transient ?? new Map<string, Uint8Array>())].map(([k, v]) => [k, Buffer.from(v)]),
    );
  }

  /** The reads and pending writes collected so far. */
  readWriteSet(): ReadWriteSet {
    return this.#rwSet.build();
  }

  /** The event set by the last `setEvent` call, if any. */
  event(): ChaincodeEventRecord | undefined {
    return this.#event;
  }

  /** Arguments as strings, the function name first. */
  getArgs(): string[] {
    return this.#bufferArgs.map((arg) => arg.toString());
  }

  /** Arguments as strings, the function name first. */
  getStringArgs(): string[] {
    return this.getArgs();
  }

  /** Arguments as Buffers, the function name first (what the contract dispatch reads). */
  getBufferArgs(): Buffer[] {
    return this.#bufferArgs.map((arg) => Buffer.from(arg));
  }

  /** The function name and the remaining arguments; `{fcn: '', params: []}` without arguments. */
  getFunctionAndParameters(): { fcn: string; params: string[] } {
    const [fcn = '', ...params] = this.getStringArgs();
    return { fcn, params };
  }

  /** The transaction id. */
  getTxID(): string {
    return this.#options.txId;
  }

  /** The channel name. */
  getChannelID(): string {
    return this.#options.channelId;
  }

  /** The submitter: MSP id and PEM certificate bytes. */
  getCreator(): { mspid: string; idBytes: Uint8Array } {
    return { mspid: this.#options.creator.mspid, idBytes: Buffer.from(this.#options.creator.idBytes) };
  }

  /**
   * The endorsing peer's MSP id.
   *
   * @throws Error when no `peerMspId` was configured, as the shim throws without CORE_PEER_LOCALMSPID.
   */
  getMspID(): string {
    if (this.#options.peerMspId === undefined) {
      throw new Error('CORE_PEER_LOCALMSPID is unset in chaincode process');
    }
    return this.#options.peerMspId;
  }

  /** The transient data map (a copy; values are Buffers). */
  getTransient(): Map<string, Uint8Array> {
    return new Map(this.#transient);
  }

  /** Always undefined: no signed proposal exists in the simulator. */
  getSignedProposal(): ChaincodeProposal.SignedProposal | undefined {
    return undefined;
  }

  /** The proposal timestamp, seconds as an unsigned Long, as fabric-shim returns it. */
  getTxTimestamp(): ShimTimestamp {
    const { seconds, nanos } = this.#options.timestamp;
    return { seconds: Long.fromNumber(seconds, true), nanos };
  }

  /** The proposal timestamp as a Date (millisecond precision). */
  getDateTimestamp(): Date {
    const { seconds, nanos } = this.#options.timestamp;
    return new Date(seconds * 1000 + Math.floor(nanos / 1_000_000));
  }

  /**
   * The endorsing peer's clock (not a fabric-shim method: on a peer the chaincode reads its host's
   * clock; see chaincode/src/ledger/endorsement-clock.ts).
   */
  endorserTime(): Date {
    return this.#options.endorserTime ?? this.getDateTimestamp();
  }

  /** A deterministic stand-in for the proposal binding: SHA-256 over txId, creator and epoch 0. */
  getBinding(): string {
    return createHash('sha256')
      .update(this.#options.txId)
      .update(this.#options.creator.idBytes)
      .update(Buffer.alloc(8))
      .digest('hex');
  }

  /**
   * The committed value of a key, recording the read; an empty Buffer when absent.
   *
   * @param key - The key.
   */
  async getState(key: string): Promise<Buffer> {
    const stored = this.#store.getState(key);
    this.#rwSet.addRead(key, stored?.version);
    return Buffer.from(stored?.value ?? []);
  }

  /**
   * Stages a write; an empty value stages a delete, as on the peer.
   *
   * @param key - Non-empty key.
   * @param value - The value (a string is UTF-8 encoded, as the shim does).
   * @throws {@link SimulatorError} `INVALID_ARGUMENT` for an empty key, `UNSUPPORTED_TRANSACTION`
   * after a paginated query.
   */
  async putState(key: string, value: Uint8Array | string): Promise<void> {
    this.#checkWrite(key);
    const bytes = Buffer.from(value);
    this.#rwSet.addWrite(bytes.length === 0 ? { key, isDelete: true } : { key, isDelete: false, value: bytes });
  }

  /**
   * Stages a delete.
   *
   * @param key - Non-empty key.
   * @throws {@link SimulatorError} as {@link SimulatedStub.putState}.
   */
  async deleteState(key: string): Promise<void> {
    this.#checkWrite(key);
    this.#rwSet.addWrite({ key, isDelete: true });
  }

  /**
   * Stages a key-level endorsement policy; an empty value removes it at commit.
   *
   * @param key - The key.
   * @param ep - Serialized policy bytes.
   * @throws {@link SimulatorError} as {@link SimulatedStub.putState}.
   */
  async setStateValidationParameter(key: string, ep: Uint8Array): Promise<void> {
    this.#checkWrite(key);
    this.#rwSet.addValidationParameterWrite({ key, parameter: Buffer.from(ep) });
  }

  /**
   * The committed key-level endorsement policy of a key, recording a read of the key.
   *
   * @param key - The key.
   * @returns The policy bytes, or undefined when the key has none (as the shim's metadata lookup).
   */
  async getStateValidationParameter(key: string): Promise<Uint8Array | undefined> {
    this.#rwSet.addRead(key, this.#store.getState(key)?.version);
    const parameter = this.#store.getValidationParameter(key);
    return parameter ? Buffer.from(parameter) : undefined;
  }

  /**
   * Scans committed simple keys with `startKey <= key < endKey` (empty start: from the first
   * simple key; empty end: unbounded). Composite keys are never included, as on Fabric.
   *
   * @param startKey - Inclusive start, or `''`.
   * @param endKey - Exclusive end, or `''`.
   * @returns A promise of the iterator that is also async-iterable.
   */
  getStateByRange(startKey: string, endKey: string): IterablePromise<SimulatedQueryIterator<StateQueryResult>, StateQueryResult> {
    const start = startKey || EMPTY_KEY_SUBSTITUTE;
    const promise = (async (): Promise<SimulatedQueryIterator<StateQueryResult>> => {
      validateSimpleKeys(start, endKey);
      return new SimulatedQueryIterator(this.#scan(start, endKey));
    })();
    return toIterablePromise(promise);
  }

  /**
   * One page of {@link SimulatedStub.getStateByRange}; the bookmark is the key the next page
   * starts at, `''` after the last page.
   *
   * @param startKey - Inclusive start, or `''`.
   * @param endKey - Exclusive end, or `''`.
   * @param pageSize - Positive page size.
   * @param bookmark - Bookmark of the previous page, or `''`/undefined for the first.
   * @returns A promise of `{iterator, metadata}` that is also async-iterable.
   */
  getStateByRangeWithPagination(
    startKey: string,
    endKey: string,
    pageSize: number,
    bookmark?: string,
  ): IterablePromise<QueryPage<StateQueryResult>, StateQueryResult> {
    const start = startKey || EMPTY_KEY_SUBSTITUTE;
    const promise = (async (): Promise<QueryPage<StateQueryResult>> => {
      validateSimpleKeys(start, endKey);
      return this.#page(start, endKey, pageSize, bookmark);
    })();
    return toIterablePromise(promise);
  }

  /**
   * Scans committed composite keys of a type whose leading attributes match.
   *
   * @param objectType - Object type of the composite keys.
   * @param attributes - Leading attributes, possibly none.
   * @returns A promise of the iterator that is also async-iterable.
   * @throws Error synchronously for an empty object type or attribute, as the shim does.
   */
  getStateByPartialCompositeKey(
    objectType: string,
    attributes: string[],
  ): IterablePromise<SimulatedQueryIterator<StateQueryResult>, StateQueryResult> {
    const partialKey = createCompositeKey(objectType, attributes);
    const promise = (async (): Promise<SimulatedQueryIterator<StateQueryResult>> =>
      new SimulatedQueryIterator(this.#scan(partialKey, partialKey + MAX_UNICODE_RUNE)))();
    return toIterablePromise(promise);
  }

  /**
   * One page of {@link SimulatedStub.getStateByPartialCompositeKey}.
   *
   * @param objectType - Object type of the composite keys.
   * @param attributes - Leading attributes, possibly none.
   * @param pageSize - Positive page size.
   * @param bookmark - Bookmark of the previous page, or `''`/undefined for the first.
   * @returns A promise of `{iterator, metadata}` that is also async-iterable.
   */
  getStateByPartialCompositeKeyWithPagination(
    objectType: string,
    attributes: string[],
    pageSize: number,
    bookmark?: string,
  ): IterablePromise<QueryPage<StateQueryResult>, StateQueryResult> {
    const partialKey = createCompositeKey(objectType, attributes);
    const promise = (async (): Promise<QueryPage<StateQueryResult>> =>
      this.#page(partialKey, partialKey + MAX_UNICODE_RUNE, pageSize, bookmark))();
    return toIterablePromise(promise);
  }

  /**
   * The committed changes of a key, newest first (Fabric 2.x order). Not recorded in the read set.
   *
   * @param key - The key.
   * @returns A promise of the iterator that is also async-iterable.
   */
  getHistoryForKey(key: string): IterablePromise<SimulatedQueryIterator<KeyModificationResult>, KeyModificationResult> {
    const promise = (async (): Promise<SimulatedQueryIterator<KeyModificationResult>> => {
      const history = this.#store.getHistory(key).reverse();
      return new SimulatedQueryIterator(
        history.map((entry) => ({
          txId: entry.txId,
          value: Buffer.from(entry.value),
          isDelete: entry.isDelete,
          timestamp: { seconds: entry.timestamp.seconds, nanos: entry.timestamp.nanos },
        })),
      );
    })();
    return toIterablePromise(promise);
  }

  /**
   * Records the transaction's event; a later call replaces it (one event per transaction).
   *
   * @param name - Non-empty event name.
   * @param payload - Event payload.
   * @throws Error `Event name must be a non-empty string` (the shim's message).
   */
  setEvent(name: string, payload: Uint8Array): void {
    if (typeof name !== 'string' || name === '') {
      throw new Error('Event name must be a non-empty string');
    }
    this.#event = { eventName: name, payload: Buffer.from(payload) };
  }

  /**
   * Builds a composite key with fabric-shim's own logic.
   *
   * @param objectType - Non-empty object type.
   * @param attributes - Non-empty attributes.
   */
  createCompositeKey(objectType: string, attributes: string[]): string {
    return createCompositeKey(objectType, attributes);
  }

  /**
   * Splits a composite key with fabric-shim's own logic.
   *
   * @param compositeKey - The key.
   */
  splitCompositeKey(compositeKey: string): CompositeKeyParts {
    return splitCompositeKey(compositeKey);
  }

  /**
   * The committed private value, recording a private read; an empty Buffer when absent.
   *
   * @param collection - The collection.
   * @param key - The key.
   */
  async getPrivateData(collection: string, key: string): Promise<Buffer> {
    validatePrivateArgs(collection, key);
    const stored = this.#store.getPrivateData(collection, key);
    this.#rwSet.addPrivateRead(collection, key, stored?.version);
    return Buffer.from(stored?.value ?? []);
  }

  /**
   * The SHA-256 hash of the committed private value, recording a private read; empty when absent.
   *
   * @param collection - The collection.
   * @param key - The key.
   */
  async getPrivateDataHash(collection: string, key: string): Promise<Buffer> {
    validatePrivateArgs(collection, key);
    const stored = this.#store.getPrivateData(collection, key);
    this.#rwSet.addPrivateRead(collection, key, stored?.version);
    return Buffer.from(stored?.hash ?? []);
  }

  /**
   * Stages a private write; an empty value stages a delete, as on the peer.
   *
   * @param collection - The collection (not checked against a collection config).
   * @param key - The key.
   * @param value - The value.
   */
  async putPrivateData(collection: string, key: string, value: Uint8Array | string): Promise<void> {
    validatePrivateArgs(collection, key);
    if (!value) {
      throw new Error('value must be valid');
    }
    this.#checkWrite(key);
    const bytes = Buffer.from(value);
    this.#rwSet.addPrivateWrite(
      bytes.length === 0 ? { collection, key, kind: 'delete' } : { collection, key, kind: 'put', value: bytes },
    );
  }

  /**
   * Stages a private delete (history of earlier values stays until purged).
   *
   * @param collection - The collection.
   * @param key - The key.
   */
  async deletePrivateData(collection: string, key: string): Promise<void> {
    validatePrivateArgs(collection, key);
    this.#checkWrite(key);
    this.#rwSet.addPrivateWrite({ collection, key, kind: 'delete' });
  }

  /**
   * Stages a purge: at commit the value, its hash and every earlier version are removed.
   *
   * @param collection - The collection.
   * @param key - The key.
   */
  async purgePrivateData(collection: string, key: string): Promise<void> {
    validatePrivateArgs(collection, key);
    this.#checkWrite(key);
    this.#rwSet.addPrivateWrite({ collection, key, kind: 'purge' });
  }

  /** @throws {@link SimulatorError} `NOT_SUPPORTED`: rich queries need CouchDB. */
  getQueryResult(): never {
    throw notSupported('getQueryResult');
  }

  /** @throws {@link SimulatorError} `NOT_SUPPORTED`: rich queries need CouchDB. */
  getQueryResultWithPagination(): never {
    throw notSupported('getQueryResultWithPagination');
  }

  /** @throws {@link SimulatorError} `NOT_SUPPORTED`: rich queries need CouchDB. */
  getPrivateDataQueryResult(): never {
    throw notSupported('getPrivateDataQueryResult');
  }

  /** @throws {@link SimulatorError} `NOT_SUPPORTED`. */
  getPrivateDataByRange(): never {
    throw notSupported('getPrivateDataByRange');
  }

  /** @throws {@link SimulatorError} `NOT_SUPPORTED`. */
  getPrivateDataByPartialCompositeKey(): never {
    throw notSupported('getPrivateDataByPartialCompositeKey');
  }

  /** @throws {@link SimulatorError} `NOT_SUPPORTED`. */
  setPrivateDataValidationParameter(): never {
    throw notSupported('setPrivateDataValidationParameter');
  }

  /** @throws {@link SimulatorError} `NOT_SUPPORTED`. */
  getPrivateDataValidationParameter(): never {
    throw notSupported('getPrivateDataValidationParameter');
  }

  /** @throws {@link SimulatorError} `NOT_SUPPORTED`: there is one chaincode in the simulator. */
  invokeChaincode(): never {
    throw notSupported('invokeChaincode');
  }

  /** Name of the key-level validation metadata, as the shim calls it. */
  get validationParameterMetakey(): string {
    return VALIDATION_PARAMETER;
  }

  #checkWrite(key: string): void {
    if (typeof key !== 'string' || key === '') {
      throw new SimulatorError({ code: 'INVALID_ARGUMENT', message: 'key must not be an empty string', txId: this.getTxID() });
    }
    if (this.#paginatedQueryPerformed) {
      throw new SimulatorError({
        code: 'UNSUPPORTED_TRANSACTION',
        message: `txid [${this.getTxID()}]: unsuppored transaction. Transaction has already performed a paginated query. Writes are not allowed`,
        txId: this.getTxID(),
      });
    }
    this.#writePerformed = true;
  }

  #scan(startKey: string, endKey: string): StateQueryResult[] {
    const entries = this.#store.getStateRange(startKey, endKey);
    this.#rwSet.addRangeQuery({ startKey, endKey, itrExhausted: true, reads: entries.map(toKeyRead) });
    return entries.map(toResult);
  }

  #page(startKey: string, endKey: string, pageSize: number, bookmark: string | undefined): QueryPage<StateQueryResult> {
    if (this.#writePerformed) {
      throw new SimulatorError({
        code: 'UNSUPPORTED_TRANSACTION',
        message: `txid [${this.getTxID()}]: unsuppored transaction. Paginated queries are supported only in a read-only transaction`,
        txId: this.getTxID(),
      });
    }
    if (!Number.isInteger(pageSize) || pageSize <= 0) {
      throw new SimulatorError({ code: 'INVALID_ARGUMENT', message: `pageSize must be a positive integer, got ${pageSize}` });
    }
    this.#paginatedQueryPerformed = true;
    const start = bookmark ? bookmark : startKey;
    const fetched = this.#store.getStateRange(start, endKey, pageSize + 1);
    const page = fetched.slice(0, pageSize);
    const next = fetched[pageSize];
    const last = page[page.length - 1];
    this.#rwSet.addRangeQuery({
      startKey: start,
      endKey: next && last ? last.key : endKey,
      itrExhausted: next === undefined,
      reads: page.map(toKeyRead),
    });
    // As Fabric's shim: the peer sends the metadata as a protobuf whose fields are all defaults
    // for an empty page (no records, no bookmark), which is zero bytes, and the shim then sets no
    // metadata at all (test/conformance/stub-conformance.test.ts).
    const metadata = page.length === 0 && next === undefined ? undefined : { fetchedRecordsCount: page.length, bookmark: next?.key ?? '' };
    return { iterator: new SimulatedQueryIterator(page.map(toResult)), metadata };
  }
}

function toKeyRead(entry: StoredEntry): { key: string; version: StoredEntry['version'] } {
  return { key: entry.key, version: entry.version };
}

function toResult(entry: StoredEntry): StateQueryResult {
  return { key: entry.key, value: Buffer.from(entry.value) };
}

/** Rejects range bounds in the composite-key namespace, with the shim's message. */
function validateSimpleKeys(...keys: string[]): void {
  for (const key of keys) {
    if (key.startsWith('\u0000')) {
      throw new Error(`first character of the key [${key}] contains a null character which is not allowed`);
    }
  }
}

function validatePrivateArgs(collection: string, key: string): void {
  if (!collection || typeof collection !== 'string') {
    throw new Error('collection must be a valid string');
  }
  if (!key || typeof key !== 'string') {
    throw new Error('key must be a valid string');
  }
}

function notSupported(method: string): SimulatorError {
  return new SimulatorError({ code: 'NOT_SUPPORTED', message: `${method} is not supported in the simulator` });
}
