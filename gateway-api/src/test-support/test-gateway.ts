/**
 * A gateway app for route tests: the dev ledger in memory (the real chaincode) behind the
 * fault-injecting wrapper of the port, a real SQLite store (in memory or a temp file), a real token
 * verifier with a throw-away key pair, and helpers to mint tokens.
 */
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { Writable } from 'node:stream';
import { DevLedger, IN_MEMORY_IDENTITIES } from '@asylum-ledger/dev-ledger';
import type { CaseRecord, LedgerMode, LedgerPort, OrgKind } from '@asylum-ledger/domain';
import { SignJWT } from 'jose';
import request from 'supertest';
import { createApp, type AppDependencies, type GatewayApp } from '../app';
import type { EventDeliveryOptions } from '../events/event-delivery';
import { createTokenVerifier } from '../auth/token-verifier';
import { GatewayMetrics } from '../observability/gateway-metrics';
import { createLogger } from '../observability/create-logger';
import { recordSent } from './sent-values';
import { openGatewayStore, type SqliteGatewayStore } from '../store/open-gateway-store';
import { FaultInjectingLedger } from './fault-injecting-ledger';

export const ISSUER = 'https://idp.test';
export const AUDIENCE = 'asylum-ledger-gateway:LDSMSP';
export const TEST_KEY = Buffer.alloc(32, 7);

/** The ledger of a test gateway: the dev ledger, and the wrapped port of the gateway's org. */
export interface TestLedger {
  /** The port the gateway uses: faults are injected and calls recorded here. */
  readonly ledger: FaultInjectingLedger;
  /** The dev ledger behind it, for what another client does and for reads that bypass the gateway. */
  readonly devLedger: DevLedger;
}

/** A gateway app over a test ledger. */
export interface TestGateway extends PortGateway, TestLedger {
  /** Closes the store, and the dev ledger unless it was handed in. */
  close(): Promise<void>;
}

export interface TokenOptions {
  sub?: string;
  iss?: string;
  aud?: string;
  expiresIn?: number;
  key?: KeyObject;
  omitRole?: boolean;
  /** The org claim (default: the gateway's MSP ID); null leaves it out. */
  org?: string | null;
  /** The JOSE header typ (default JWT); null leaves it out. */
  typ?: string | null;
  /** Seconds since issue (default 10). */
  ageSeconds?: number;
}

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** Another key pair, for bad-signature tests. */
export const otherKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** The claim a test gateway reads the org from (the gateway's default JWT_ORG_CLAIM). */
export const ORG_CLAIM = 'org';

/** Signs a token the way the org's IdP would: typ JWT, iat, exp, the org claim (LDSMSP unless given). */
export async function signToken(role: string, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const org = options.org === undefined ? 'LDSMSP' : options.org;
  const typ = options.typ === undefined ? 'JWT' : options.typ;
  const jwt = new SignJWT({ ...(options.omitRole ? {} : { role }), ...(org === null ? {} : { [ORG_CLAIM]: org }) })
    .setProtectedHeader({ alg: 'ES256', ...(typ === null ? {} : { typ }) })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setSubject(options.sub ?? 'clerk-17')
    .setIssuedAt(now - (options.ageSeconds ?? 10))
    .setExpirationTime(now + (options.expiresIn ?? 600));
  return jwt.sign(options.key ?? keys.privateKey);
}

/** A gateway app over any ledger port (the fake, or the embedded ledger in integration tests). */
export interface PortGateway extends GatewayApp {
  readonly store: SqliteGatewayStore;
  readonly metrics: GatewayMetrics;
  readonly logLines: string[];
  token(role: string, options?: TokenOptions): Promise<string>;
  clock: { ms: number };
}

/** Options of a test gateway. */
export interface PortGatewayOptions {
  dbFile?: string;
  mspId?: string;
  orgKind?: OrgKind;
  rateLimitPerMinute?: number;
  bodyLimitBytes?: number;
  mvccRetries?: number;
  /** How long a write waits for a lagging peer (default 3000 ms). */
  catchUpWaitMs?: number;
  /** Event listener and webhook settings (the listener starts only when `gateway.events.start()` is called). */
  events?: EventDeliveryOptions;
  /** What /v1/audit/verify checks beyond the own chain (endorsement rule, other orgs' peers). */
  audit?: AppDependencies['audit'];
  /** Failed verifications allowed a minute, per client and in all (default: the app's). */
  authFailures?: { perClientPerMinute: number; perMinute: number };
  /** Trust X-Forwarded-For from a proxy on loopback (TLS_TERMINATED_BY). */
  behindLocalProxy?: boolean;
  /** The oldest token accepted, in seconds (default 3600). */
  maxTokenAgeSeconds?: number;
}

/** Builds a gateway app over a ledger port with a real store and a real verifier. */
export function createPortGateway(ledger: LedgerPort, options: PortGatewayOptions = {}): PortGateway {
  const mspId = options.mspId ?? 'LDSMSP';
  const audience = `asylum-ledger-gateway:${mspId}`;
  const store = openGatewayStore({ file: options.dbFile ?? ':memory:', localReferenceKey: TEST_KEY });
  // every local reference a test maps at a gateway is one the ledger must never hold (the e2e guard searches the blocks)
  const addReference = store.localReferences.add.bind(store.localReferences);
  store.localReferences.add = (localReference: string, caseRef: string): void => {
    recordSent('secret', localReference);
    recordSent('onLedger', caseRef);
    addReference(localReference, caseRef);
  };
  const metrics = new GatewayMetrics();
  const logLines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  const clock = { ms: 1_000_000 };
  const orgKind = options.orgKind ?? 'LAND';
  const gateway = createApp({
    ledger,
    store,
    metrics,
    logger: createLogger({ level: 'info', name: 'test', stream }),
    verifyToken: createTokenVerifier({
      key: { pem: keys.publicKey.export({ type: 'spki', format: 'pem' }).toString() },
      issuer: ISSUER,
      audience,
      algorithms: ['ES256'],
      clockToleranceSeconds: 0,
      maxTokenAgeSeconds: options.maxTokenAgeSeconds ?? 3600,
      org: { claim: ORG_CLAIM, mspId },
      orgKind,
    }),
    options: {
      orgMspId: mspId,
      orgKind,
      bodyLimitBytes: options.bodyLimitBytes ?? 4096,
      rateLimitPerMinute: options.rateLimitPerMinute ?? 1000,
      mvccRetries: options.mvccRetries ?? 3,
      ...(options.catchUpWaitMs !== undefined ? { catchUpWaitMs: options.catchUpWaitMs } : {}),
      retryBaseDelayMs: 1,
      fingerprintSecret: TEST_KEY,
      ...(options.events ? { events: options.events } : {}),
      ...(options.authFailures ? { authFailures: options.authFailures } : {}),
      ...(options.behindLocalProxy !== undefined ? { behindLocalProxy: options.behindLocalProxy } : {}),
    },
    nowMs: () => clock.ms,
    ...(options.audit ? { audit: options.audit } : {}),
  });
  return { ...gateway, store, metrics, logLines, clock, token: (role, tokenOptions) => signToken(role, { aud: audience, org: mspId, ...tokenOptions }) };
}

/**
 * Opens a dev ledger in memory: fresh identities in memory, and the default directory (BAMF, LDS,
 * ABH) bootstrapped in block 0. Opening one costs about a third of a second (the identities), so a
 * test file usually shares one and gives each test a gateway and a wrapper of its own.
 */
export function openDevLedger(): Promise<DevLedger> {
  return DevLedger.open({ databasePath: ':memory:', identityDir: IN_MEMORY_IDENTITIES, synchronous: 'NORMAL' });
}

/** Where a test gateway's ledger comes from. */
export interface TestLedgerOptions {
  /** The gateway's org (default LDSMSP). */
  readonly mspId?: string;
  /** A dev ledger to wrap (the test file's, left open); a fresh one when omitted. */
  readonly devLedger?: DevLedger;
  /** The mode the wrapper reports (default the dev ledger's, `embedded`). */
  readonly mode?: LedgerMode;
}

/**
 * A fresh fault-injecting wrapper of one org's port, over a shared or a fresh dev ledger.
 * @returns the wrapper, the dev ledger, and whether the dev ledger was opened here (then the caller closes it).
 */
export async function openTestLedger(options: Readonly<TestLedgerOptions> = {}): Promise<TestLedger & { readonly opened: boolean }> {
  const devLedger = options.devLedger ?? (await openDevLedger());
  const ledger = new FaultInjectingLedger(devLedger.forOrg(options.mspId ?? 'LDSMSP'), options.mode ? { mode: options.mode } : {});
  return { ledger, devLedger, opened: options.devLedger === undefined };
}

/**
 * A gateway (LDSMSP by default) with a wrapper of its own over a shared or a fresh dev ledger, or
 * over another test gateway's wrapper (`on`: a second gateway on the same port).
 */
export async function createTestGateway(
  options: PortGatewayOptions & Readonly<TestLedgerOptions & { on?: TestLedger }> = {},
): Promise<TestGateway> {
  const testLedger = options.on ? { ...options.on, opened: false } : await openTestLedger(options);
  const gateway = createPortGateway(testLedger.ledger, options);
  return {
    ...gateway,
    ledger: testLedger.ledger,
    devLedger: testLedger.devLedger,
    close: async () => {
      gateway.store.close();
      if (testLedger.opened) await testLedger.devLedger.close();
    },
  };
}

/** The gateway of the running route test, over the test file's dev ledger. */
export interface RouteGateways {
  /** The current test's gateway (valid inside tests and their hooks). */
  readonly current: TestGateway;
  /** The test file's dev ledger. */
  readonly devLedger: DevLedger;
}

/**
 * Registers the hooks a route-test file needs: one dev ledger for the file (opened before all,
 * closed after all), and a fresh gateway with a wrapper of its own for each test.
 * @param options for each test's gateway.
 */
export function useRouteGateways(options: PortGatewayOptions & Readonly<Omit<TestLedgerOptions, 'devLedger'>> = {}): RouteGateways {
  let devLedger: DevLedger | undefined;
  let current: TestGateway | undefined;
  beforeAll(async () => {
    devLedger = await openDevLedger();
  });
  afterAll(async () => {
    await devLedger?.close();
  });
  beforeEach(async () => {
    current = await createTestGateway({ ...options, ...(devLedger ? { devLedger } : {}) });
  });
  afterEach(async () => {
    await current?.close();
  });
  return {
    get current(): TestGateway {
      if (!current) throw new Error('no route gateway outside a test');
      return current;
    },
    get devLedger(): DevLedger {
      if (!devLedger) throw new Error('no dev ledger outside a test');
      return devLedger;
    },
  };
}

/**
 * A case as the dev ledger holds it, read past the gateway and the wrapper (nothing is recorded).
 * @throws {LedgerError} CASE_NOT_FOUND.
 */
export async function ledgerCase(ledger: TestLedger, caseRef: string): Promise<CaseRecord> {
  const answer = await ledger.devLedger.forOrg('BAMFMSP').evaluate({ role: 'AUDITOR', transaction: 'case:getCase', args: [JSON.stringify({ caseRef })] });
  return JSON.parse(Buffer.from(answer).toString('utf8')) as CaseRecord;
}

/** A valid registration body. */
export function registerBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20', ...extra };
}

/** A case registered and distributed through a gateway. */
export interface DistributedCase {
  readonly caseRef: string;
  /** The block of the distribution (the case's seq is 2). */
  readonly blockNumber: number;
}

/**
 * Registers a case and records its distribution to Saxony, both through the gateway (LAND_RECEPTION
 * may do both), so that the case can arrive next.
 * @returns the case, at seq 2 in state DISTRIBUTED, and the distribution's block.
 */
export async function distributedCase(gateway: PortGateway, token: string): Promise<DistributedCase> {
  const auth = { Authorization: `Bearer ${token}` };
  const registered = await request(gateway.app).post('/v1/cases').set({ ...auth, 'Idempotency-Key': randomUUID() }).send(registerBody());
  const caseRef = (registered.body as { caseRef: string }).caseRef;
  const distributed = await request(gateway.app)
    .post(`/v1/cases/${caseRef}/transitions`)
    .set({ ...auth, 'Idempotency-Key': randomUUID() })
    .send({ type: 'recordDistribution', landCode: 'DE-SN', effectiveOn: '2026-11-20' });
  if (distributed.status !== 200) throw new Error(`distribution answered ${distributed.status}: ${JSON.stringify(distributed.body)}`);
  return { caseRef, blockNumber: (distributed.body as { blockNumber: number }).blockNumber };
}
