/**
 * Fabric Gateway clients acting as one org's role identity, as the gateway-api will: one gRPC
 * connection to the org's own peer, the identity enrolled at the org's CA for that role.
 */
import * as grpc from '@grpc/grpc-js';
import {
  connect,
  hash,
  signers,
  type ChaincodeEvent,
  type Contract,
  type Gateway,
  type Network,
} from '@hyperledger/fabric-gateway';
import { createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeError, type DecodedError, PrivateWriteEndorsers } from '@asylum-ledger/domain';
import type { NetworkContext } from '../../network/src/network-context';
import type { OrgConfig, Role } from '@asylum-ledger/network/layout';
import { hostNames, identityNameForRole, orgEndpoints } from '@asylum-ledger/network/layout';

/** A connected client of one org, signing as one of its identity folders. */
export interface IdentityClient {
  readonly org: OrgConfig;
  readonly gateway: Gateway;
  readonly network: Network;
  /** The case status chaincode, or another chaincode by name. */
  contract(chaincode?: string): Contract;
  close(): void;
}

/** A connected client of one org and role. */
export interface OrgClient extends IdentityClient {
  readonly role: Role;
}

/** Finds an org of the table by MSP ID or key. */
export function findOrg(ctx: NetworkContext, org: string): OrgConfig {
  const found = ctx.config.orgs.find((entry) => entry.mspId === org || entry.key === org);
  if (!found) throw new Error(`no org ${org} in the network table`);
  return found;
}

/** Opens a gRPC connection with TLS to an org's peer (certificate name checked against its host name). */
export function newPeerConnection(ctx: NetworkContext, org: OrgConfig): grpc.Client {
  const credentials = grpc.credentials.createSsl(readFileSync(ctx.layout.caCert(org)));
  return new grpc.Client(orgEndpoints(org).peer, credentials, {
    'grpc.ssl_target_name_override': hostNames(org, ctx.config.domain).peer,
  });
}

/**
 * Connects as one of an org's identity folders, e.g. its Fabric admin (`fabricAdminIdentity`).
 * @param org MSP ID or key, e.g. 'BAMFMSP'.
 * @param identityName the folder under the org's `identities/`.
 * @param via the org whose peer to connect to (default: the org itself).
 */
export function connectAsIdentity(ctx: NetworkContext, org: string, identityName: string, via?: string): IdentityClient {
  const orgConfig = findOrg(ctx, org);
  const identity = ctx.layout.identity(orgConfig, identityName);
  const keyFile = readdirSync(identity.keystore)[0];
  if (keyFile === undefined) throw new Error(`no private key in ${identity.keystore}`);
  const client = newPeerConnection(ctx, via ? findOrg(ctx, via) : orgConfig);
  const gateway = connect({
    client,
    identity: { mspId: orgConfig.mspId, credentials: readFileSync(identity.signcert) },
    signer: signers.newPrivateKeySigner(createPrivateKey(readFileSync(path.join(identity.keystore, keyFile)))),
    hash: hash.sha256,
    evaluateOptions: () => ({ deadline: Date.now() + 10_000 }),
    endorseOptions: () => ({ deadline: Date.now() + 30_000 }),
    submitOptions: () => ({ deadline: Date.now() + 10_000 }),
    commitStatusOptions: () => ({ deadline: Date.now() + 60_000 }),
  });
  const network = gateway.getNetwork(ctx.config.channel);
  return {
    org: orgConfig,
    gateway,
    network,
    contract: (chaincode = 'casestatus') => network.getContract(chaincode),
    close: () => {
      gateway.close();
      client.close();
    },
  };
}

/**
 * Connects as the identity an org's CA enrolled for a role.
 * @param org MSP ID or key, e.g. 'BAMFMSP'.
 * @param role e.g. 'BAMF_CASEWORKER'.
 * @param via the org whose peer to connect to (default: the org itself).
 */
export function connectAs(ctx: NetworkContext, org: string, role: Role, via?: string): OrgClient {
  const orgConfig = findOrg(ctx, org);
  if (!orgConfig.roles.includes(role)) throw new Error(`${orgConfig.mspId} has no ${role} identity`);
  return { ...connectAsIdentity(ctx, org, identityNameForRole(role), via), role };
}

/** Options of one submit. */
export interface SubmitOptions {
  /** Endorse only on the peers of these orgs (default: the gateway chooses by policy). */
  readonly endorsingOrgs?: readonly string[];
  /** Private fields, passed as transient data under the key `private`. */
  readonly privateData?: unknown;
}

/**
 * Submits a transaction with its one JSON argument and returns the parsed JSON result. A write
 * with private fields to an existing case names its endorsers as the gateway does (ADR 0009:
 * Fabric's gateway would let discovery pick only collection members, and an Ausländerbehörde is
 * none): the chaincode's getPrivateWriteEndorsers.
 */
export async function submitJson<T = unknown>(contract: Contract, fn: string, input: unknown, options: SubmitOptions = {}): Promise<T> {
  const endorsingOrgs = options.endorsingOrgs ?? (options.privateData === undefined ? undefined : await privateWriteEndorsers(contract, input));
  const result = await contract.submit(fn, {
    arguments: [JSON.stringify(input)],
    ...(endorsingOrgs ? { endorsingOrganizations: [...endorsingOrgs] } : {}),
    ...(options.privateData === undefined ? {} : { transientData: { private: JSON.stringify(options.privateData) } }),
  });
  return parseResult(result) as T;
}

/** The endorsers of a private write as the chaincode answers them (getPrivateWriteEndorsers), or undefined for a case the peer does not know yet. */
async function privateWriteEndorsers(contract: Contract, input: unknown): Promise<string[] | undefined> {
  const caseRef = (input as { caseRef?: unknown }).caseRef;
  if (typeof caseRef !== 'string') return undefined;
  try {
    const { endorsers } = PrivateWriteEndorsers.parse(await evaluateJson(contract, 'case:getPrivateWriteEndorsers', { caseRef }));
    return endorsers.length === 0 ? undefined : endorsers;
  } catch (error) {
    if (chaincodeErrorCode(error) === 'CASE_NOT_FOUND') return undefined;
    throw error;
  }
}

/** The chaincode error (code, message, details) carried by a failed submit or evaluate, from any endorser's message. */
export function chaincodeErrorOf(error: unknown): DecodedError | undefined {
  const texts: string[] = [];
  if (error instanceof Error) texts.push(error.message);
  const details = (error as { details?: { message?: string }[] } | undefined)?.details ?? [];
  for (const detail of details) texts.push(detail.message ?? '');
  return texts.map(decodeError).find((decoded) => decoded !== undefined);
}

/** The chaincode error code carried by a failed submit or evaluate (from any endorser's message). */
export function chaincodeErrorCode(error: unknown): string | undefined {
  return chaincodeErrorOf(error)?.code;
}

/**
 * Evaluates a query with its one JSON argument (none when input is undefined) and parses the
 * result; at the own org's peer, or at a peer of `targetOrgs` (an Ausländerbehörde's private reads
 * go to a member of its Land's collection, ADR 0009).
 */
export async function evaluateJson<T = unknown>(contract: Contract, fn: string, input?: unknown, targetOrgs?: readonly string[]): Promise<T> {
  const args = input === undefined ? [] : [JSON.stringify(input)];
  return parseResult(await contract.evaluate(fn, { arguments: args, ...(targetOrgs ? { endorsingOrganizations: [...targetOrgs] } : {}) })) as T;
}

function parseResult(bytes: Uint8Array): unknown {
  const text = Buffer.from(bytes).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/** Chaincode events of one chaincode from a block on, collected in the background until stop(). */
export interface EventRecorder {
  readonly events: ChaincodeEvent[];
  /** Resolves with the first event matching the predicate (waits up to timeoutMs). */
  waitFor(predicate: (event: ChaincodeEvent, payload: unknown) => boolean, timeoutMs?: number): Promise<ChaincodeEvent>;
  stop(): void;
}

/** Decodes an event payload as JSON. */
export function eventPayload(event: ChaincodeEvent): unknown {
  return JSON.parse(Buffer.from(event.payload).toString('utf8'));
}

/** Starts reading chaincode events at once (streams do not reconnect; CANCELLED after stop is normal). */
export async function recordEvents(client: OrgClient, chaincode = 'casestatus', startBlock?: bigint): Promise<EventRecorder> {
  const stream = await client.network.getChaincodeEvents(chaincode, startBlock === undefined ? undefined : { startBlock });
  const events: ChaincodeEvent[] = [];
  const waiters: { predicate: (event: ChaincodeEvent, payload: unknown) => boolean; resolve: (event: ChaincodeEvent) => void }[] = [];
  void (async () => {
    try {
      for await (const event of stream) {
        events.push(event);
        const payload = eventPayload(event);
        for (const waiter of waiters.filter((entry) => entry.predicate(event, payload))) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(event);
        }
      }
    } catch {
      // CANCELLED once stop() closes the stream
    }
  })();
  return {
    events,
    waitFor: (predicate, timeoutMs = 30_000) => {
      const seen = events.find((event) => predicate(event, eventPayload(event)));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => { reject(new Error('no matching chaincode event in time')); }, timeoutMs);
        waiters.push({ predicate, resolve: (event) => { clearTimeout(timer); resolve(event); } });
      });
    },
    stop: () => { stream.close(); },
  };
}
