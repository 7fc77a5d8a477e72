/**
 * Runs the real contracts through fabric-shim's dispatch on the simulator, with real X.509
 * identities carrying the `role` attribute: what a peer would do, minus endorsement and ordering.
 */
import { decodeError, type DecodedError } from '../../domain';
import { createContractChaincode, DevCertificateAuthority, type DevIdentity, SimulatedLedger } from '../../simulator';
import { CaseContract } from '../case-contract';
import { DirectoryContract } from '../directory-contract';

export const REFERENCE_AUTHORITIES = [
  { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE', active: true },
  { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN', active: true },
  { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: true },
  { mspId: 'AUDMSP', kind: 'AUDIT', landCode: 'DE', active: true },
];

/** A transaction's outcome as a client sees it. */
export type Outcome<T = Record<string, unknown>> =
  | { ok: true; value: T; txId: string; blockNumber: number | undefined; validationCode: string | undefined }
  | { ok: false; error: DecodedError | { code: 'UNCODED'; message: string; details: object } };

/** A ledger with the contracts deployed and the directory bootstrapped. */
export class ContractHarness {
  readonly ledger: SimulatedLedger;
  readonly #ca = new DevCertificateAuthority();
  readonly #identities = new Map<string, DevIdentity>();

  constructor() {
    this.ledger = new SimulatedLedger({
      chaincode: createContractChaincode({ contracts: [CaseContract, DirectoryContract] }),
      channelId: 'asylum',
    });
    this.ledger.setTime(new Date('2026-11-25T10:00:00Z'));
  }

  /** A (cached) identity of a role in an org. */
  async identity(mspId: string, role: string): Promise<DevIdentity> {
    const key = `${mspId}/${role}`;
    let identity = this.#identities.get(key);
    if (!identity) {
      identity = await this.#ca.createDevIdentity({ mspId, role, enrollmentId: `${role.toLowerCase()}@${mspId}` });
      this.#identities.set(key, identity);
    }
    return identity;
  }

  /** Submits a transaction; the input object is sent as the one JSON argument. */
  async submit(mspId: string, role: string, fn: string, input: unknown, transient?: Record<string, string>, timestamp?: Date): Promise<Outcome> {
    const identity = await this.identity(mspId, role);
    const args = input === undefined ? [] : [typeof input === 'string' ? input : JSON.stringify(input)];
    const result = await this.ledger.submit(fn, args, { identity, transient, ...(timestamp ? { timestamp } : {}) });
    if (result.response.status !== 200) return { ok: false, error: toError(result.response.message) };
    return {
      ok: true,
      value: JSON.parse(result.response.payload.toString('utf8')) as Record<string, unknown>,
      txId: result.txId,
      blockNumber: result.blockNumber,
      validationCode: result.validationCode,
    };
  }

  /** Evaluates a query. */
  async evaluate(mspId: string, role: string, fn: string, input?: unknown): Promise<Outcome> {
    const identity = await this.identity(mspId, role);
    const args = input === undefined ? [] : [JSON.stringify(input)];
    const response = await this.ledger.evaluate(fn, args, { identity });
    if (response.status !== 200) return { ok: false, error: toError(response.message) };
    return {
      ok: true,
      value: JSON.parse(response.payload.toString('utf8')) as Record<string, unknown>,
      txId: '',
      blockNumber: undefined,
      validationCode: undefined,
    };
  }

  /** Adds a Bavarian Land authority by proposal (LDS) and approval (BAMF). */
  async addBavaria(): Promise<void> {
    const proposalId = '00000000-0000-4000-8000-00000000b4b4';
    const authority = { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true };
    const proposed = await this.submit('LDSMSP', 'ADMIN', 'directory:proposeAuthorityChange', { proposalId, authority });
    const approved = await this.submit('BAMFMSP', 'ADMIN', 'directory:approveAuthorityChange', { proposalId });
    if (!proposed.ok || !approved.ok) throw new Error('adding LBYMSP failed');
  }

  /** Bootstraps the reference directory as the BAMF admin. */
  async bootstrap(): Promise<void> {
    const outcome = await this.submit('BAMFMSP', 'ADMIN', 'directory:bootstrap', { authorities: REFERENCE_AUTHORITIES });
    if (!outcome.ok) throw new Error(`bootstrap failed: ${outcome.error.message}`);
  }
}

function toError(message: string): DecodedError | { code: 'UNCODED'; message: string; details: object } {
  return decodeError(message) ?? { code: 'UNCODED', message, details: {} };
}

/** Expects a failed outcome and returns its code. */
export function codeOf(outcome: Outcome): string {
  return outcome.ok ? 'OK' : outcome.error.code;
}
