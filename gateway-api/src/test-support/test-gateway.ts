/**
 * A gateway app for route tests: the fake ledger, a real SQLite store (in memory or a temp file),
 * a real token verifier with a throw-away key pair, and helpers to mint tokens.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { Writable } from 'node:stream';
import type { OrgKind } from '@asylum-ledger/domain';
import { SignJWT } from 'jose';
import { createApp, type GatewayApp } from '../app';
import { createTokenVerifier } from '../auth/token-verifier';
import { GatewayMetrics } from '../observability/gateway-metrics';
import { createLogger } from '../observability/create-logger';
import type { LedgerPort } from '@asylum-ledger/domain';
import { openGatewayStore, type SqliteGatewayStore } from '../store/open-gateway-store';
import { FakeLedger } from './fake-ledger';

export const ISSUER = 'https://idp.test';
export const AUDIENCE = 'asylum-ledger-gateway:LDSMSP';
export const TEST_KEY = Buffer.alloc(32, 7);

export interface TestGateway extends PortGateway {
  readonly ledger: FakeLedger;
}

export interface TokenOptions {
  sub?: string;
  iss?: string;
  aud?: string;
  expiresIn?: number;
  key?: KeyObject;
  omitRole?: boolean;
}

const keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

/** Another key pair, for bad-signature tests. */
export const otherKeys = generateKeyPairSync('ec', { namedCurve: 'P-256' });

export async function signToken(role: string, options: TokenOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT(options.omitRole ? {} : { role })
    .setProtectedHeader({ alg: 'ES256' })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setSubject(options.sub ?? 'clerk-17')
    .setIssuedAt(now - 10)
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
}

/** Builds a gateway app over a ledger port with a real store and a real verifier. */
export function createPortGateway(ledger: LedgerPort, options: PortGatewayOptions = {}): PortGateway {
  const mspId = options.mspId ?? 'LDSMSP';
  const audience = `asylum-ledger-gateway:${mspId}`;
  const store = openGatewayStore({ file: options.dbFile ?? ':memory:', localReferenceKey: TEST_KEY });
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
    },
    nowMs: () => clock.ms,
  });
  return { ...gateway, store, metrics, logLines, clock, token: (role, tokenOptions) => signToken(role, { aud: audience, ...tokenOptions }) };
}

/** A gateway of LDSMSP over the fake ledger. */
export function createTestGateway(options: PortGatewayOptions & { ledger?: FakeLedger } = {}): TestGateway {
  const ledger = options.ledger ?? new FakeLedger();
  return { ...createPortGateway(ledger, options), ledger };
}

/** A valid registration body. */
export function registerBody(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20', ...extra };
}
