/**
 * A session of role clients on the real network, as several authorities use it at once: one client
 * per (org, role), an event recorder at each org's own peer, and helpers that register a case and
 * walk it through steps, waiting before each step until every org's peer has the case's latest
 * version (peers commit independently, on this machine up to 0.7 s apart, and the Gateway may pick
 * any org's peer as an endorser).
 */
import type { ChaincodeEvent } from '@hyperledger/fabric-gateway';
import type { Role } from '@asylum-ledger/network/layout';
import type { NetworkContext } from '../../network/src/network-context';
import { newRequestId, newSalt, registerCaseInput } from './case-fixtures';
import { connectAs, evaluateJson, eventPayload, recordEvents, submitJson, type EventRecorder, type OrgClient, type SubmitOptions } from './fabric-clients';

/** What a case transaction returns. */
export interface Receipt {
  readonly caseRef: string;
  readonly state: string;
  readonly seq: number;
  readonly txId: string;
}

/** The payload of a CaseEvent. */
export interface CaseEventPayload {
  readonly caseRef: string;
  readonly seq: number;
  readonly type: string;
  readonly from: string | null;
  readonly to: string;
  readonly targets: string[];
  readonly holds: string[];
  readonly txId: string;
}

/** One step of a path: who does what, and the state it leads to. */
export interface Step {
  readonly org: string;
  readonly role: Role;
  readonly fn: string;
  readonly input: Record<string, unknown>;
  readonly privateData?: Record<string, string>;
  readonly state: string;
}

/** The public record of a case, as far as these tests read it. */
export interface CaseView {
  readonly seq: number;
  readonly state: string;
  readonly holds: string[];
  readonly responsible: string;
  readonly [field: string]: unknown;
}

/** The orgs of the reference network. */
export const REFERENCE_ORGS = ['BAMFMSP', 'LDSMSP', 'ABHMSP'] as const;

/** Role clients and event recorders of the reference orgs. */
export class CaseSession {
  readonly #ctx: NetworkContext;
  readonly #clients = new Map<string, OrgClient>();
  readonly #recorders = new Map<string, EventRecorder>();

  constructor(ctx: NetworkContext) {
    this.#ctx = ctx;
  }

  /** Starts an event recorder at each reference org's peer. */
  async start(): Promise<void> {
    for (const org of REFERENCE_ORGS) this.#recorders.set(org, await recordEvents(this.client(org, 'AUDITOR')));
  }

  /** Stops the recorders and closes every client. */
  close(): void {
    for (const recorder of this.#recorders.values()) recorder.stop();
    for (const each of this.#clients.values()) each.close();
  }

  /** The (cached) client of an org's role identity. */
  client(org: string, role: Role): OrgClient {
    const key = `${org}/${role}`;
    let found = this.#clients.get(key);
    if (!found) {
      found = connectAs(this.#ctx, org, role);
      this.#clients.set(key, found);
    }
    return found;
  }

  /** Registers a case at the Landesdirektion and waits until every org's peer has committed it. */
  async register(): Promise<Receipt> {
    const receipt = await submitJson<Receipt>(this.client('LDSMSP', 'LAND_RECEPTION').contract(), 'case:registerCase', registerCaseInput());
    await this.committedEverywhere(receipt.caseRef, 1);
    return receipt;
  }

  /** Waits until every reference org's peer has committed the case at this seq. */
  async committedEverywhere(caseRef: string, seq: number): Promise<void> {
    await Promise.all(REFERENCE_ORGS.map((org) => this.committedAt(org, caseRef, seq)));
  }

  /** Waits until an org's own peer has committed the case at this seq (its event arrived there). */
  async committedAt(org: string, caseRef: string, seq: number): Promise<void> {
    await this.#recorder(org).waitFor((_event, payload) => {
      const event = payload as CaseEventPayload;
      return event.caseRef === caseRef && event.seq === seq;
    });
  }

  /** Submits one transaction of a case as an org's role, after every org's peer caught up with `seq`. */
  async submit(org: string, role: Role, fn: string, caseRef: string, seq: number, fields: Record<string, unknown>, options: SubmitOptions = {}): Promise<Receipt> {
    await this.committedEverywhere(caseRef, seq);
    return submitJson<Receipt>(this.client(org, role).contract(), `case:${fn}`, { caseRef, requestId: newRequestId(), ...fields }, options);
  }

  /**
   * Walks a case through steps from `seq`, checking the state after each; returns the receipts once
   * every org's peer has committed the last step.
   */
  async walk(caseRef: string, steps: readonly Step[], seq = 1): Promise<Receipt[]> {
    const receipts: Receipt[] = [];
    let current = seq;
    for (const step of steps) {
      // every private write carries a fresh salt, so the hash on the ledger cannot be guessed
      const options = step.privateData ? { privateData: { ...step.privateData, salt: newSalt() } } : {};
      const receipt = await this.submit(step.org, step.role, step.fn, caseRef, current, step.input, options).catch((error: unknown) => {
        const details = JSON.stringify((error as { details?: unknown }).details ?? []);
        throw new Error(`${step.org} ${step.role} ${step.fn} failed: ${String(error)} ${details}`);
      });
      expect({ fn: step.fn, state: receipt.state }).toEqual({ fn: step.fn, state: step.state });
      receipts.push(receipt);
      current = receipt.seq;
    }
    await this.committedEverywhere(caseRef, current);
    return receipts;
  }

  /** The case as an org's auditor reads it from that org's own peer. */
  async caseAt(org: string, caseRef: string): Promise<CaseView> {
    return evaluateJson<CaseView>(this.client(org, 'AUDITOR').contract(), 'case:getCase', { caseRef });
  }

  /** The CaseEvents of a case an org's peer delivered, once the one with `seq` arrived. */
  async caseEventsAt(org: string, caseRef: string, seq: number): Promise<CaseEventPayload[]> {
    const recorder = this.#recorder(org);
    const mine = (_event: ChaincodeEvent, payload: unknown): boolean =>
      (payload as CaseEventPayload).caseRef === caseRef && (payload as CaseEventPayload).seq === seq;
    await recorder.waitFor(mine);
    return recorder.events
      .filter((event) => event.eventName === 'CaseEvent')
      .map((event) => eventPayload(event) as CaseEventPayload)
      .filter((payload) => payload.caseRef === caseRef);
  }

  #recorder(org: string): EventRecorder {
    const recorder = this.#recorders.get(org);
    if (!recorder) throw new Error(`no event recorder for ${org}`);
    return recorder;
  }
}
