/**
 * World-state access of the case contract: the only module that touches ctx.stub. It stores
 * records as canonical JSON, keeps the secondary indexes in step, and sets key-level policies.
 */
import type { Context } from 'fabric-contract-api';
import {
  type AuthorityChangeProposal,
  AuthorityChangeProposal as AuthorityChangeProposalSchema,
  type AuthorityDirectory,
  type CaseRecord,
  CaseRecord as CaseRecordSchema,
  ChaincodeError,
  PRIVATE_FIELD_NAMES,
  PrivateCaseRecord,
  type PrivateCaseView,
  type PrivateFieldName,
  type PrivateInput,
  caseEndorsementPolicy,
  directoryEndorsementPolicy,
  germanDayOf,
  type RecordedEvent,
} from '@asylum-ledger/domain';
import { canonicalBytes } from '@asylum-ledger/domain';
import { directoryFromBytes } from './directory-memo';
import { encodePolicy } from './endorsement-policy';
import { KEY_TYPES, landCollection } from './ledger-keys';

/** One page of a listing. */
export interface CasePage {
  readonly cases: CaseRecord[];
  readonly bookmark: string;
  readonly fetchedRecordsCount: number;
}

/** A private read on a peer that keeps no copy of the collection (its org is no member). */
export class PrivateDataNotHeld extends Error {
  constructor(readonly collection: string) {
    super(`this peer keeps no copy of ${collection}`);
    this.name = 'PrivateDataNotHeld';
  }
}

/** One entry of a case's history as stored by the peer. */
export interface StoredHistoryEntry {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly record: CaseRecord | undefined;
}

const MARKER = Uint8Array.of(0);

function decodeJson(bytes: Uint8Array | undefined): unknown {
  if (!bytes || bytes.length === 0) return undefined;
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
}

/** Case, index, request, directory and private-data storage on one transaction context. */
export class CaseStore {
  readonly #ctx: Context;

  constructor(ctx: Context) {
    this.#ctx = ctx;
  }

  #key(type: string, attributes: string[]): string {
    return this.#ctx.stub.createCompositeKey(type, attributes);
  }

  /** Reads a case, or undefined. */
  async getCase(caseRef: string): Promise<CaseRecord | undefined> {
    const raw = decodeJson(await this.#ctx.stub.getState(this.#key(KEY_TYPES.case, [caseRef])));
    return raw === undefined ? undefined : CaseRecordSchema.parse(raw);
  }

  /**
   * Writes a case and moves its index entries from the previous version. An erased case (a
   * tombstone) has no responsible org any more: it leaves the responsible index.
   */
  async putCase(record: CaseRecord, previous: CaseRecord | undefined): Promise<void> {
    const stub = this.#ctx.stub;
    await stub.putState(this.#key(KEY_TYPES.case, [record.caseRef]), canonicalBytes(record));
    if (previous?.state !== record.state) {
      if (previous) await stub.deleteState(this.#key(KEY_TYPES.stateIndex, [previous.state, record.caseRef]));
      await stub.putState(this.#key(KEY_TYPES.stateIndex, [record.state, record.caseRef]), MARKER);
    }
    await this.#moveFollowUpEntry(record, previous);
    const before = previous && previous.state !== 'ERASED' ? previous.responsible : undefined;
    const after = record.state !== 'ERASED' ? record.responsible : undefined;
    if (before !== after) {
      if (before !== undefined) await stub.deleteState(this.#key(KEY_TYPES.responsibleIndex, [before, record.caseRef]));
      if (after !== undefined) await stub.putState(this.#key(KEY_TYPES.responsibleIndex, [after, record.caseRef]), MARKER);
    }
  }

  /** Keeps the follow-up index in step with the case's previousCaseRef (an erased case leaves it). */
  async #moveFollowUpEntry(record: CaseRecord, previous: CaseRecord | undefined): Promise<void> {
    const before = previous?.previousCaseRef ?? null;
    const after = record.previousCaseRef;
    if (before === after) return;
    const stub = this.#ctx.stub;
    if (before !== null) await stub.deleteState(this.#key(KEY_TYPES.followUpIndex, [before, record.caseRef]));
    if (after !== null) await stub.putState(this.#key(KEY_TYPES.followUpIndex, [after, record.caseRef]), MARKER);
  }

  /**
   * The follow-up cases whose previousCaseRef is this case, in key order. A range query over the
   * follow-up index plus one read per case, reads only: Fabric re-checks the range at commit, so a
   * follow-up registered concurrently invalidates the transaction (phantom read).
   */
  async getFollowUps(caseRef: string): Promise<CaseRecord[]> {
    const iterator = await this.#ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.followUpIndex, [caseRef]);
    const refs: string[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        refs.push(this.#ctx.stub.splitCompositeKey(next.value.key).attributes[1] ?? '');
      }
    } finally {
      await iterator.close();
    }
    const cases: CaseRecord[] = [];
    for (const ref of refs) {
      const record = await this.getCase(ref);
      if (record) cases.push(record);
    }
    return cases;
  }

  /**
   * Whether an org is responsible for any case that is not erased. A range query: Fabric re-checks
   * it at commit, so a case handed to the org concurrently invalidates the transaction (phantom read).
   */
  async hasCasesResponsible(mspId: string): Promise<boolean> {
    const iterator = await this.#ctx.stub.getStateByPartialCompositeKey(KEY_TYPES.responsibleIndex, [mspId]);
    try {
      return !(await iterator.next()).done;
    } finally {
      await iterator.close();
    }
  }

  /** The txId that already used this request id for this case, if any. */
  async getRequestTx(caseRef: string, requestId: string): Promise<string | undefined> {
    const bytes = await this.#ctx.stub.getState(this.#key(KEY_TYPES.request, [caseRef, requestId]));
    return bytes.length > 0 ? Buffer.from(bytes).toString('utf8') : undefined;
  }

  /** Remembers that this request id was used for this case, by this transaction. */
  async putRequest(caseRef: string, requestId: string, txId: string): Promise<void> {
    await this.#ctx.stub.putState(this.#key(KEY_TYPES.request, [caseRef, requestId]), Buffer.from(txId, 'utf8'));
  }

  /** Every event that wrote a version of a case, oldest first, as a correction replays them. */
  async getRecordedEvents(caseRef: string): Promise<RecordedEvent[]> {
    const history = await this.getHistory(caseRef);
    return history.flatMap(({ txId, timestamp, record }) =>
      record
        ? [{
            txId,
            type: record.lastTransaction,
            input: record.lastInput,
            actorMsp: record.updatedByMsp,
            actorRole: record.updatedByRole,
            day: germanDayOf(Math.floor(Date.parse(timestamp) / 1000)),
          }]
        : [],
    );
  }

  /**
   * Sets the case key's endorsement policy: the responsible org AND the federal office, AND each
   * co-endorser (the two Länder of a pending redistribution; see caseEndorsementPolicy).
   */
  async setCaseEndorsement(caseRef: string, directory: AuthorityDirectory, responsible: string, coEndorsers: readonly string[] = []): Promise<void> {
    await this.#ctx.stub.setStateValidationParameter(
      this.#key(KEY_TYPES.case, [caseRef]),
      encodePolicy(caseEndorsementPolicy(directory, responsible, coEndorsers)),
    );
  }

  /** The raw key-level policy of a case key (empty when none is set). */
  async getCaseEndorsement(caseRef: string): Promise<Uint8Array> {
    return this.#ctx.stub.getStateValidationParameter(this.#key(KEY_TYPES.case, [caseRef]));
  }

  /** Reads the authority directory, or undefined before bootstrap. */
  async getDirectory(): Promise<AuthorityDirectory | undefined> {
    const bytes = await this.#ctx.stub.getState(this.#key(KEY_TYPES.directory, []));
    return bytes.length === 0 ? undefined : directoryFromBytes(bytes);
  }

  /** Writes the directory and protects it with its key-level policy: a federal peer AND a LAND authority's peer (directoryEndorsementPolicy). */
  async putDirectory(directory: AuthorityDirectory): Promise<void> {
    const key = this.#key(KEY_TYPES.directory, []);
    await this.#ctx.stub.putState(key, canonicalBytes(directory));
    await this.#ctx.stub.setStateValidationParameter(key, encodePolicy(directoryEndorsementPolicy(directory)));
  }

  /** Reads an open directory change proposal. */
  async getProposal(proposalId: string): Promise<AuthorityChangeProposal | undefined> {
    const raw = decodeJson(await this.#ctx.stub.getState(this.#key(KEY_TYPES.proposal, [proposalId])));
    return raw === undefined ? undefined : AuthorityChangeProposalSchema.parse(raw);
  }

  /** Stores an open proposal, or removes it once applied. */
  async putProposal(proposal: AuthorityChangeProposal, open: boolean): Promise<void> {
    const key = this.#key(KEY_TYPES.proposal, [proposal.proposalId]);
    if (open) await this.#ctx.stub.putState(key, canonicalBytes(proposal));
    else await this.#ctx.stub.deleteState(key);
  }

  /**
   * Lists cases through an index, one page at a time.
   * @throws {ChaincodeError} VALIDATION_FAILED for a bookmark that is not a key of this listing
   *   (Fabric would start the range at any key it is given, inside the listing or not).
   */
  async listCases(index: 'state' | 'responsible', value: string, pageSize: number, bookmark: string): Promise<CasePage> {
    const type = index === 'state' ? KEY_TYPES.stateIndex : KEY_TYPES.responsibleIndex;
    if (bookmark !== '' && !this.#isListingKey(bookmark, type, value)) {
      throw new ChaincodeError('VALIDATION_FAILED', 'bookmark is not a bookmark of this listing; start again without one', { field: 'bookmark' });
    }
    const { iterator, metadata } = await this.#ctx.stub.getStateByPartialCompositeKeyWithPagination(
      type,
      [value],
      pageSize,
      bookmark,
    );
    const cases: CaseRecord[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const { attributes } = this.#ctx.stub.splitCompositeKey(next.value.key);
        const record = await this.getCase(attributes[1] ?? '');
        if (record) cases.push(record);
      }
    } finally {
      await iterator.close();
    }
    // Fabric's shim sets no metadata for an empty last page (see test/conformance)
    const page = metadata as typeof metadata | undefined;
    return { cases, bookmark: page?.bookmark ?? '', fetchedRecordsCount: page?.fetchedRecordsCount ?? 0 };
  }

  /** Whether a key is an entry of the given index for the given value: type, value, caseRef. */
  #isListingKey(key: string, type: string, value: string): boolean {
    if (!key.startsWith(this.#key(type, [value]))) return false;
    try {
      const { objectType, attributes } = this.#ctx.stub.splitCompositeKey(key);
      return objectType === type && attributes.length === 2 && attributes[0] === value && /^[0-9a-f]{32}$/.test(attributes[1] ?? '');
    } catch {
      return false;
    }
  }

  /** Every stored version of a case, oldest first. */
  async getHistory(caseRef: string): Promise<StoredHistoryEntry[]> {
    const iterator = await this.#ctx.stub.getHistoryForKey(this.#key(KEY_TYPES.case, [caseRef]));
    const entries: StoredHistoryEntry[] = [];
    try {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
        const { txId, isDelete, timestamp, value } = next.value;
        const seconds = typeof timestamp.seconds === 'number' ? timestamp.seconds : Number(timestamp.seconds.toString());
        const raw = isDelete ? undefined : decodeJson(value);
        entries.push({
          txId,
          isDelete,
          timestamp: new Date(seconds * 1000 + Math.floor(timestamp.nanos / 1e6)).toISOString(),
          record: raw === undefined ? undefined : CaseRecordSchema.parse(raw),
        });
      }
    } finally {
      await iterator.close();
    }
    return entries.sort((a, b) => (a.record?.seq ?? 0) - (b.record?.seq ?? 0));
  }

  /**
   * Writes private fields to the case's Land collection, each under its own key with the write's
   * salt, without reading anything: a peer that holds no copy of the collection (an
   * Ausländerbehörde's) computes the same write set as a member's (ADR 0009).
   */
  async putPrivateFields(caseRef: string, landCode: string, input: PrivateInput): Promise<void> {
    const collection = landCollection(landCode);
    const { salt, ...fields } = input;
    for (const field of PRIVATE_FIELD_NAMES) {
      const value = fields[field];
      if (value === undefined) continue;
      const entry = PrivateCaseRecord.parse({ caseRef, salt, [field]: value });
      await this.#ctx.stub.putPrivateData(collection, this.#privateFieldKey(caseRef, field), canonicalBytes(entry));
    }
  }

  /**
   * Reads the case's private fields (only a member peer of the Land's collection holds them): a
   * record of an earlier version under the case's own key first, then each field's own key.
   * @returns undefined when no private field was ever written for the case.
   * @throws {PrivateDataNotHeld} on a peer that keeps no copy of the collection (a value exists,
   *   its hash is in this peer's state, the value is not: Fabric answers the read with an error).
   */
  async getPrivateFields(caseRef: string, landCode: string): Promise<PrivateCaseView | undefined> {
    const collection = landCollection(landCode);
    const keys = [caseRef, ...PRIVATE_FIELD_NAMES.map((field) => this.#privateFieldKey(caseRef, field))];
    let view: PrivateCaseView | undefined;
    for (const key of keys) {
      const raw = decodeJson(await this.#readPrivate(collection, key));
      if (raw === undefined) continue;
      view = { ...view, ...withoutSalt(PrivateCaseRecord.parse(raw)), caseRef };
    }
    return view;
  }

  async #readPrivate(collection: string, key: string): Promise<Uint8Array> {
    try {
      return await this.#ctx.stub.getPrivateData(collection, key);
    } catch (error) {
      const hash = await this.#ctx.stub.getPrivateDataHash(collection, key);
      if (hash.length > 0) throw new PrivateDataNotHeld(collection);
      throw error;
    }
  }

  /** Purges every private key of the case (and its history) from every member peer; needs no read either. */
  async purgePrivateFields(caseRef: string, landCode: string): Promise<void> {
    const collection = landCollection(landCode);
    await this.#ctx.stub.purgePrivateData(collection, caseRef);
    for (const field of PRIVATE_FIELD_NAMES) await this.#ctx.stub.purgePrivateData(collection, this.#privateFieldKey(caseRef, field));
  }

  #privateFieldKey(caseRef: string, field: PrivateFieldName): string {
    return this.#key(KEY_TYPES.privateField, [caseRef, field]);
  }
}

/** A stored private record as its reader sees it: the salt hides the value's hash in the block, it is nobody's business on reading. */
function withoutSalt(record: PrivateCaseRecord): PrivateCaseView {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== 'salt')) as PrivateCaseView;
}
