/**
 * Read-only questions to the ledger: a case, a page of cases, the history of a case, its private
 * fields, its endorsement policy, the transaction behind a request id. Every reader must be a known authority with a valid role,
 * and reads a case only within its read scope (domain/src/read-scope.ts).
 */
import type { Context } from 'fabric-contract-api';
import {
  type Actor,
  ChaincodeError,
  GetCaseInput,
  GetRequestInput,
  ListCasesInput,
  type CaseHistory,
  type CaseHistoryEntry,
  type CaseRecord,
  mayReadCase,
  mayReadHistory,
  landCollectionMembers,
  mayReadPrivateFields,
  privateWriteEndorsers,
  type PrivateWriteEndorsers,
  parseJsonInput,
  type RequestMarker,
  resolveActor,
} from '@asylum-ledger/domain';
import { canonicalJson } from '@asylum-ledger/domain';
import { CaseStore, PrivateDataNotHeld, type StoredHistoryEntry } from '../ledger/case-store';
import { decodePolicy } from '../ledger/endorsement-policy';
import { submitterOf } from '../ledger/transaction-io';
import { requireDirectory } from './run-transition';

async function reader(ctx: Context, store: CaseStore): Promise<Actor> {
  const submitter = submitterOf(ctx);
  return resolveActor(await requireDirectory(store), submitter.mspId, submitter.role);
}

async function requireCase(store: CaseStore, caseRef: string): Promise<CaseRecord> {
  const record = await store.getCase(caseRef);
  if (!record) throw new ChaincodeError('CASE_NOT_FOUND', 'no case with this caseRef', { caseRef });
  return record;
}

/** The case, if the reader's org may read it (read-scope.ts). */
async function requireReadableCase(store: CaseStore, caseRef: string, actor: Actor): Promise<CaseRecord> {
  const record = await requireCase(store, caseRef);
  if (!mayReadCase(actor, record)) {
    throw new ChaincodeError('FORBIDDEN_READ', "this case is outside the reader's Land and the reader took no part in it", { mspId: actor.mspId });
  }
  return record;
}

/** The current public record of a case. */
export async function queryCase(ctx: Context, inputJson: string): Promise<string> {
  const store = new CaseStore(ctx);
  const { caseRef } = parseJsonInput(GetCaseInput, inputJson, 'input of getCase');
  const actor = await reader(ctx, store);
  return canonicalJson(await requireReadableCase(store, caseRef, actor));
}

/**
 * One page of cases in a state, or of cases a given org is responsible for, holding only the cases
 * the reader may read (so a page may hold fewer than pageSize cases while a bookmark follows).
 */
export async function queryCaseList(ctx: Context, inputJson: string): Promise<string> {
  const store = new CaseStore(ctx);
  const input = parseJsonInput(ListCasesInput, inputJson, 'input of listCases');
  const actor = await reader(ctx, store);
  const page =
    input.state !== undefined
      ? await store.listCases('state', input.state, input.pageSize, input.bookmark)
      : await store.listCases('responsible', input.responsible ?? '', input.pageSize, input.bookmark);
  return canonicalJson({ ...page, cases: page.cases.filter((record) => mayReadCase(actor, record)) });
}

function historyEntry(entry: StoredHistoryEntry): Omit<CaseHistoryEntry, 'correctedBy'> {
  const record = entry.record;
  return {
    txId: entry.txId,
    timestamp: entry.timestamp,
    type: record ? record.lastTransaction : null,
    seq: record ? record.seq : null,
    state: record ? record.state : null,
    responsible: record ? record.responsible : null,
    holds: record ? record.holds : [],
    mspId: record ? record.updatedByMsp : null,
    role: record ? record.updatedByRole : null,
    correctsTxId: record ? record.correctsTxId : null,
    reasonCode: record ? record.reasonCode : null,
  };
}


/**
 * Every change of a case with txId, time, org, role and correction links. Only auditors and
 * organisations that took part in the case may read it.
 */
export async function queryHistory(ctx: Context, inputJson: string): Promise<string> {
  const store = new CaseStore(ctx);
  const { caseRef } = parseJsonInput(GetCaseInput, inputJson, 'input of getHistory');
  const actor = await reader(ctx, store);
  const current = await requireCase(store, caseRef);
  if (!mayReadHistory(actor, current)) {
    throw new ChaincodeError('FORBIDDEN_READ', "only auditors within their read scope and participants of the case may read its history", {
      mspId: actor.mspId,
    });
  }
  const stored = await store.getHistory(caseRef);
  const entries = stored.map(historyEntry);
  const withLinks = entries.map((entry) => ({
    ...entry,
    correctedBy: entries.filter((later) => later.correctsTxId === entry.txId).map((later) => later.txId),
  }));
  const history: CaseHistory = { caseRef, entries: withLinks };
  return canonicalJson(history);
}

/**
 * The case's private fields (without salts), for the case's participants. Only member peers of the
 * Land's collection keep them; another peer (an Ausländerbehörde's) answers PRIVATE_DATA_NOT_HELD
 * with the members to ask instead (ADR 0009).
 */
export async function queryPrivateFields(ctx: Context, inputJson: string): Promise<string> {
  const store = new CaseStore(ctx);
  const { caseRef } = parseJsonInput(GetCaseInput, inputJson, 'input of getPrivateFields');
  const directory = await requireDirectory(store);
  const submitter = submitterOf(ctx);
  const actor = resolveActor(directory, submitter.mspId, submitter.role);
  const record = await requireCase(store, caseRef);
  if (!mayReadPrivateFields(actor, record) || !record.landCode) {
    throw new ChaincodeError('FORBIDDEN_READ', 'only participants of the case may read its private fields', {
      mspId: actor.mspId,
    });
  }
  const landCode = record.landCode;
  const fields = await store.getPrivateFields(caseRef, landCode).catch((error: unknown) => {
    if (!(error instanceof PrivateDataNotHeld)) throw error;
    // the reader may read them, this peer cannot: name the peers that can (ADR 0009)
    throw new ChaincodeError('PRIVATE_DATA_NOT_HELD', `this peer keeps no copy of ${error.collection}`, {
      collection: error.collection,
      members: landCollectionMembers(directory.authorities, landCode),
    });
  });
  return canonicalJson(fields ?? { caseRef });
}

/**
 * The orgs whose peers should endorse the submitter's next write with private fields of a case
 * (domain privateWriteEndorsers over the case key's policy; ADR 0009), for the submitter's
 * gateway to name them: with transient data Fabric's gateway would let discovery pick collection
 * members only, and an Ausländerbehörde's peer, no member, is often required. Empty when the case
 * key has no policy. Same read scope as getCase.
 */
export async function queryPrivateWriteEndorsers(ctx: Context, inputJson: string): Promise<string> {
  const store = new CaseStore(ctx);
  const { caseRef } = parseJsonInput(GetCaseInput, inputJson, 'input of getPrivateWriteEndorsers');
  const directory = await requireDirectory(store);
  const submitter = submitterOf(ctx);
  const actor = resolveActor(directory, submitter.mspId, submitter.role);
  const record = await requireReadableCase(store, caseRef, actor);
  const policy = decodePolicy(await store.getCaseEndorsement(caseRef));
  const endorsers = 'outOf' in policy && policy.of.length === 0 ? [] : privateWriteEndorsers(policy, { submitter: actor.mspId, record, authorities: directory.authorities });
  const answer: PrivateWriteEndorsers = { caseRef, endorsers };
  return canonicalJson(answer);
}

/** The key-level endorsement policy of a case, as a policy tree. */
export async function queryEndorsementPolicy(ctx: Context, inputJson: string): Promise<string> {
  const store = new CaseStore(ctx);
  const { caseRef } = parseJsonInput(GetCaseInput, inputJson, 'input of getEndorsementPolicy');
  const actor = await reader(ctx, store);
  await requireReadableCase(store, caseRef, actor);
  return canonicalJson(decodePolicy(await store.getCaseEndorsement(caseRef)));
}

/**
 * The transaction that used a request id on a case, or `txId: null` when none has. Any known
 * authority may ask: the answer holds a transaction id and nothing of the case.
 */
export async function queryRequest(ctx: Context, inputJson: string): Promise<string> {
  const store = new CaseStore(ctx);
  const { caseRef, requestId } = parseJsonInput(GetRequestInput, inputJson, 'input of getRequest');
  await reader(ctx, store);
  await requireCase(store, caseRef);
  const marker: RequestMarker = { caseRef, requestId, txId: (await store.getRequestTx(caseRef, requestId)) ?? null };
  return canonicalJson(marker);
}
