/**
 * One case transition on the ledger: parse, de-duplicate, load, decide, persist, emit.
 */
import type { Context } from 'fabric-contract-api';
import {
  type AuthorityDirectory,
  type CaseRecord,
  type TransitionContext,
  type TransitionInputBase,
  ChaincodeError,
  TRANSITIONS,
  caseCoEndorsers,
  type TransitionReceipt,
  type TransitionType,
  decideTransition,
  linkedCaseRefOf,
  parseJsonText,
  readsFollowUps,
  parseTransitionInput,
  resolveActor,
} from '@asylum-ledger/domain';
import { canonicalJson } from '@asylum-ledger/domain';
import { CaseStore } from '../ledger/case-store';
import { checkEndorsementTime } from '../ledger/endorsement-clock';
import { emitCaseEvent, readPrivateInput, submitterOf, transactionDay, transactionId } from '../ledger/transaction-io';

/**
 * Reads the directory or fails.
 * @throws {ChaincodeError} DIRECTORY_ERROR before bootstrap.
 */
export async function requireDirectory(store: CaseStore): Promise<AuthorityDirectory> {
  const directory = await store.getDirectory();
  if (!directory) throw new ChaincodeError('DIRECTORY_ERROR', 'the authority directory is not bootstrapped', {});
  return directory;
}

/**
 * What a rule reads besides its case, each only for the rules that ask: the case's history (a
 * correction replays it), the earlier case a follow-up application names, and the follow-up cases
 * naming this case. Reads only, the same on every endorser.
 */
async function otherReads(
  store: CaseStore,
  type: TransitionType,
  current: CaseRecord | undefined,
  input: TransitionInputBase,
): Promise<Pick<TransitionContext, 'history' | 'linkedCase' | 'followUps'>> {
  const history = TRANSITIONS[type].needsHistory && current ? await store.getRecordedEvents(input.caseRef) : undefined;
  const linkedRef = linkedCaseRefOf(type, current, input);
  const linkedCase = linkedRef === null ? undefined : ((await store.getCase(linkedRef)) ?? null);
  const followUps = readsFollowUps(type) && current ? await store.getFollowUps(input.caseRef) : undefined;
  return {
    ...(history ? { history } : {}),
    ...(linkedCase === undefined ? {} : { linkedCase }),
    ...(followUps ? { followUps } : {}),
  };
}

/** Runs one case transition and returns its receipt as canonical JSON. */
export async function runTransition(ctx: Context, type: TransitionType, inputJson: string): Promise<string> {
  checkEndorsementTime(ctx);
  const store = new CaseStore(ctx);
  const input = parseTransitionInput(type, parseJsonText(inputJson, `input of ${type}`));
  const current = await store.getCase(input.caseRef);
  // Request ids are per case: without a case, none can have been used (one ledger read less).
  const originalTxId = current ? await store.getRequestTx(input.caseRef, input.requestId) : undefined;
  if (originalTxId !== undefined) {
    throw new ChaincodeError('DUPLICATE_REQUEST', 'this request id was already used for this case', {
      originalTxId,
    });
  }
  const directory = await requireDirectory(store);
  const submitter = submitterOf(ctx);
  const actor = resolveActor(directory, submitter.mspId, submitter.role);
  const reads = await otherReads(store, type, current, input);
  const txId = transactionId(ctx);
  const outcome = decideTransition(type, current, input, {
    actor,
    txId,
    today: transactionDay(ctx),
    directory,
    privateInput: readPrivateInput(ctx),
    ...reads,
  });
  const { record } = outcome;
  await store.putCase(record, current);
  await store.putRequest(record.caseRef, input.requestId, txId);
  // the responsible org, and while a redistribution is pending both Länder (caseCoEndorsers), must endorse the next write
  if (outcome.endorsementChanged) await store.setCaseEndorsement(record.caseRef, directory, record.responsible, caseCoEndorsers(record));
  if (outcome.privateFields && record.landCode) {
    await store.putPrivateFields(record.caseRef, record.landCode, outcome.privateFields);
  }
  if (outcome.purgePrivateData && record.landCode) await store.purgePrivateFields(record.caseRef, record.landCode);
  emitCaseEvent(ctx, outcome.event);
  const receipt: TransitionReceipt = { caseRef: record.caseRef, state: record.state, seq: record.seq, txId };
  return canonicalJson(receipt);
}
