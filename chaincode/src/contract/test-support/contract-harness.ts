/**
 * Runs the real contracts through fabric-shim's dispatch on the dev ledger (an in-memory SQLite
 * store), with real X.509 identities carrying the `role` attribute: what a peer would do, minus
 * endorsement and ordering. Identities of any org and role can be made, known to the directory or not.
 */
import { createContractChaincode, DevCertificateAuthority, DevLedger, IN_MEMORY_IDENTITIES, type DevIdentity, type SequencedTransaction, type SimulatedProposal } from '@asylum-ledger/dev-ledger';
import { decodeError, type DecodedError } from '@asylum-ledger/domain';
import { CaseContract } from '../case-contract';
import { DirectoryContract } from '../directory-contract';

export const REFERENCE_AUTHORITIES = [
  { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE', active: true },
  { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN', active: true },
  { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: true },
  { mspId: 'AUDMSP', kind: 'AUDIT', landCode: 'DE', active: true },
];

/** The time the harness's proposals carry (and its peer's clock shows) unless a test moves it. */
export const HARNESS_TIME = new Date('2026-11-25T10:00:00Z');

/** A transaction's outcome as a client sees it. */
export type Outcome<T = Record<string, unknown>> =
  | { ok: true; value: T; txId: string; blockNumber: number | undefined; validationCode: string | undefined }
  | { ok: false; error: DecodedError | { code: 'UNCODED'; message: string; details: object } };

/** Identities are costly to make and never change: one authority for every harness of a test file. */
const authority = new DevCertificateAuthority();
const identities = new Map<string, Promise<DevIdentity>>();

/** The contracts on a fresh in-memory dev ledger. */
export class ContractHarness {
  readonly ledger: DevLedger;
  readonly #time: { now: Date };

  private constructor(ledger: DevLedger, time: { now: Date }) {
    this.ledger = ledger;
    this.#time = time;
  }

  /** A harness on a fresh ledger whose directory is not bootstrapped yet. */
  static async create(): Promise<ContractHarness> {
    // one time for the proposals and the peer's clock, so only a proposal dated on purpose is off
    const time = { now: HARNESS_TIME };
    const ledger = await DevLedger.open({
      databasePath: ':memory:',
      identityDir: IN_MEMORY_IDENTITIES,
      authorities: [],
      bootstrap: false,
      chaincode: createContractChaincode({ contracts: [CaseContract, DirectoryContract] }),
      clock: () => time.now,
      endorserClock: () => time.now,
      synchronous: 'NORMAL',
    });
    return new ContractHarness(ledger, time);
  }

  /** Moves the time later proposals carry (and the peer's clock with it). */
  setTime(now: Date): void {
    this.#time.now = new Date(now.getTime());
  }

  /** A (cached) identity of a role in an org. */
  async identity(mspId: string, role: string): Promise<DevIdentity> {
    const key = `${mspId}/${role}`;
    let identity = identities.get(key);
    if (!identity) {
      identity = authority.createDevIdentity({ mspId, role, enrollmentId: `${role.toLowerCase()}@${mspId}` });
      identities.set(key, identity);
    }
    return identity;
  }

  /** Simulates a transaction without committing it; `commit()` orders it. */
  async simulate(mspId: string, role: string, fn: string, input: unknown, options: { transient?: Record<string, string>; timestamp?: Date } = {}): Promise<SimulatedProposal> {
    const identity = await this.identity(mspId, role);
    const args = input === undefined ? [] : [typeof input === 'string' ? input : JSON.stringify(input)];
    const transient = options.transient ? Object.fromEntries(Object.entries(options.transient).map(([k, v]) => [k, Buffer.from(v)])) : undefined;
    return this.ledger.simulate({
      submitter: { mspId, certificatePem: identity.certificatePem, role },
      fn,
      args,
      ...(transient ? { transient } : {}),
      ...(options.timestamp ? { timestamp: options.timestamp } : {}),
    });
  }

  /** Submits a transaction; the input object is sent as the one JSON argument. */
  async submit(mspId: string, role: string, fn: string, input: unknown, transient?: Record<string, string>, timestamp?: Date): Promise<Outcome> {
    const proposal = await this.simulate(mspId, role, fn, input, { ...(transient ? { transient } : {}), ...(timestamp ? { timestamp } : {}) });
    const { response } = proposal.simulation;
    if (response.status !== 200) return { ok: false, error: toError(response.message) };
    const committed: SequencedTransaction = await proposal.commit();
    return {
      ok: true,
      value: JSON.parse(Buffer.from(response.payload).toString('utf8')) as Record<string, unknown>,
      txId: proposal.txId,
      blockNumber: committed.blockNumber,
      validationCode: committed.validationCode,
    };
  }

  /** Evaluates a query. */
  async evaluate(mspId: string, role: string, fn: string, input?: unknown): Promise<Outcome> {
    const { response } = (await this.simulate(mspId, role, fn, input)).simulation;
    if (response.status !== 200) return { ok: false, error: toError(response.message) };
    return {
      ok: true,
      value: JSON.parse(Buffer.from(response.payload).toString('utf8')) as Record<string, unknown>,
      txId: '',
      blockNumber: undefined,
      validationCode: undefined,
    };
  }

  /** Events of valid committed transactions from block 0, in commit order. */
  events(): { eventName: string; payload: Uint8Array }[] {
    return this.ledger.store.getEvents(0);
  }

  /** Adds a Bavarian Land authority by proposal (LDS) and approval (BAMF). */
  async addBavaria(): Promise<void> {
    const proposalId = '00000000-0000-4000-8000-00000000b4b4';
    const bavaria = { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true };
    const proposed = await this.submit('LDSMSP', 'ADMIN', 'directory:proposeAuthorityChange', { proposalId, authority: bavaria });
    const approved = await this.submit('BAMFMSP', 'ADMIN', 'directory:approveAuthorityChange', { proposalId });
    if (!proposed.ok || !approved.ok) throw new Error('adding LBYMSP failed');
  }

  /** Bootstraps the reference directory as the BAMF admin. */
  async bootstrap(): Promise<void> {
    const outcome = await this.submit('BAMFMSP', 'ADMIN', 'directory:bootstrap', { authorities: REFERENCE_AUTHORITIES });
    if (!outcome.ok) throw new Error(`bootstrap failed: ${outcome.error.message}`);
  }

  /** Closes the ledger. */
  async close(): Promise<void> {
    await this.ledger.close();
  }
}

function toError(message: string): DecodedError | { code: 'UNCODED'; message: string; details: object } {
  return decodeError(message) ?? { code: 'UNCODED', message, details: {} };
}

/** Expects a failed outcome and returns its code. */
export function codeOf(outcome: Outcome): string {
  return outcome.ok ? 'OK' : outcome.error.code;
}
