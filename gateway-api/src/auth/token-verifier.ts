/**
 * Bearer JWT verification with jose against the org's identity provider key (a JWKS URL or a PEM
 * public key). Checked: the JOSE header `typ` (JWT or at+jwt), the algorithm (an allow-list without
 * `none` and HMAC), the signature, issuer, audience, expiry, `iat` within the maximum token age, and
 * the org claim (it must name this gateway's org). The `role` claim must be a role the org's kind may
 * hold (ROLES_BY_ORG_KIND). Verified tokens are remembered until they expire or the IdP's keys rotate.
 */
import { LedgerError, type OrgKind, Role, ROLES_BY_ORG_KIND } from '@asylum-ledger/domain';
import { decodeProtectedHeader, errors, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions, type JWTVerifyResult } from 'jose';
import type { Principal, TokenVerifier } from './principal';
import { openVerificationKeys, type VerificationKeys, type VerificationKeySource } from './verification-keys';

/** The asymmetric JWS algorithms a gateway may accept (never `none`, never a shared-secret HMAC). */
export const SUPPORTED_ALGORITHMS = ['ES256', 'ES384', 'ES512', 'RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'EdDSA'] as const;

/** JOSE header `typ` values accepted (compared case-insensitively, an `application/` prefix ignored). */
export const ACCEPTED_TOKEN_TYPES: readonly string[] = ['jwt', 'at+jwt'];

/** Signature and claim verification of one token (jose's jwtVerify; a seam for tests that count checks). */
export type JwtVerifyFunction = (token: string, getKey: JWTVerifyGetKey, options: JWTVerifyOptions) => Promise<JWTVerifyResult>;

/** How to verify tokens. */
export interface TokenVerifierOptions {
  /** A PEM public key (SPKI) or a JWKS URL. */
  readonly key: VerificationKeySource;
  readonly issuer: string;
  readonly audience: string;
  /** Accepted JWS algorithms, e.g. ES256 (a subset of {@link SUPPORTED_ALGORITHMS}). */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  /** The oldest token accepted, in seconds since its `iat` (required). */
  readonly maxTokenAgeSeconds: number;
  /** The claim that names the org a token was issued for, and the org (MSP ID) it must name. */
  readonly org: { readonly claim: string; readonly mspId: string };
  /** The kind of this gateway's org: the role claim must be one of its roles. */
  readonly orgKind: OrgKind;
  /** Verified tokens remembered until they expire (default 10000; 0 turns the cache off). */
  readonly cacheSize?: number;
  /** How long a fetched JWKS is trusted before it is fetched again (default 10 minutes). */
  readonly jwksMaxAgeMs?: number;
  /** Clock in milliseconds (tests). */
  readonly nowMs?: () => number;
  /** Verifies signature and claims (default: jose's jwtVerify). */
  readonly verifyJwt?: JwtVerifyFunction;
}

/**
 * Remembers verified tokens (exact token text -> caller) until they expire, so a client that sends
 * the same token many times costs one signature check. Bounded: the oldest entry goes first.
 */
class VerifiedTokenCache {
  readonly #entries = new Map<string, { principal: Principal; expiresMs: number }>();
  readonly #size: number;
  readonly #nowMs: () => number;

  constructor(size: number, nowMs: () => number) {
    this.#size = size;
    this.#nowMs = nowMs;
  }

  get(token: string): Principal | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.expiresMs > this.#nowMs()) return entry.principal;
    this.#entries.delete(token);
    return undefined;
  }

  set(token: string, principal: Principal, expiresMs: number): void {
    if (this.#size === 0) return;
    if (this.#entries.size >= this.#size) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, { principal, expiresMs });
  }

  clear(): void {
    this.#entries.clear();
  }
}

function unauthenticated(reason: string, cause?: unknown): LedgerError {
  return new LedgerError('UNAUTHENTICATED', reason, { details: { reason }, cause });
}

function translateJoseError(error: unknown): LedgerError {
  if (error instanceof errors.JWTExpired) return unauthenticated(error.claim === 'iat' ? 'token too old' : 'token expired', error);
  if (error instanceof errors.JWTClaimValidationFailed) return unauthenticated(`claim ${error.claim} rejected`, error);
  if (error instanceof errors.JWSSignatureVerificationFailed) return unauthenticated('bad signature', error);
  if (error instanceof errors.JOSEAlgNotAllowed) return unauthenticated('algorithm not allowed', error);
  if (error instanceof errors.JWKSNoMatchingKey) return unauthenticated('no matching key', error);
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new LedgerError('IDP_UNAVAILABLE', 'the identity provider keys could not be fetched', { cause: error });
  }
  if (error instanceof errors.JOSEError) return unauthenticated('malformed token', error);
  if (error instanceof LedgerError) return error;
  return new LedgerError('IDP_UNAVAILABLE', 'the token could not be verified', { cause: error });
}

/** Refuses a token whose JOSE header `typ` is missing or not a JWT / access-token JWT. */
function checkTokenType(token: string): void {
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(token).typ;
  } catch (error) {
    // jose throws a TypeError, not a JOSEError, for a header it cannot decode
    throw unauthenticated('malformed token', error);
  }
  const normal = typeof typ === 'string' ? typ.toLowerCase().replace(/^application\//, '') : undefined;
  if (normal === undefined || !ACCEPTED_TOKEN_TYPES.includes(normal)) throw unauthenticated('header typ rejected');
}

function principalFrom(payload: Readonly<Record<string, unknown>>, orgKind: OrgKind): Principal {
  const subject = payload.sub;
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 256) {
    throw unauthenticated('claim sub missing');
  }
  const role = Role.safeParse(payload.role);
  if (!role.success) {
    throw new LedgerError('FORBIDDEN_ROLE', 'the token carries no role of this system', { details: { orgKind } });
  }
  if (!ROLES_BY_ORG_KIND[orgKind].includes(role.data)) {
    throw new LedgerError('FORBIDDEN_ROLE', `role ${role.data} does not exist at an organisation of kind ${orgKind}`, {
      details: { role: role.data, orgKind },
    });
  }
  return { subject, role: role.data };
}

/** Until when a verified token may be served from the cache: its `exp`, or earlier when it grows too old. */
function cacheUntilMs(payload: Readonly<Record<string, unknown>>, maxTokenAgeSeconds: number): number {
  const exp = typeof payload.exp === 'number' ? payload.exp : 0;
  const iat = typeof payload.iat === 'number' ? payload.iat : 0;
  return Math.min(exp, iat + maxTokenAgeSeconds) * 1000;
}

/**
 * Creates the verifier of this gateway's bearer tokens.
 * @throws {Error} when the PEM key cannot be parsed (at start-up).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const keys: VerificationKeys = openVerificationKeys(options.key, options.jwksMaxAgeMs ?? 600_000);
  const verifyJwt = options.verifyJwt ?? jwtVerify;
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [...options.algorithms],
    clockTolerance: options.clockToleranceSeconds,
    maxTokenAge: options.maxTokenAgeSeconds,
    requiredClaims: ['exp', 'iat', 'sub', options.org.claim],
  };
  const nowMs = options.nowMs ?? Date.now;
  const cache = new VerifiedTokenCache(options.cacheSize ?? 10_000, nowMs);
  let keysInUse = keys.fingerprint();
  /** Forgets every verified token when the key set changed since the last look. */
  const noticeRotation = (): void => {
    const now = keys.fingerprint();
    if (now === keysInUse) return;
    keysInUse = now;
    cache.clear();
  };
  const fromCache = async (token: string): Promise<Principal | undefined> => {
    if (!cache.get(token)) return undefined;
    await keys.refreshIfStale();
    noticeRotation();
    return cache.get(token);
  };
  const verifySignature = async (token: string): Promise<Record<string, unknown>> => {
    try {
      checkTokenType(token);
      return (await verifyJwt(token, keys.getKey, { ...verifyOptions, currentDate: new Date(nowMs()) })).payload;
    } finally {
      noticeRotation();
    }
  };
  return async (token: string): Promise<Principal> => {
    let payload: Record<string, unknown>;
    try {
      const known = await fromCache(token);
      if (known) return known;
      payload = await verifySignature(token);
    } catch (error) {
      throw translateJoseError(error);
    }
    if (payload[options.org.claim] !== options.org.mspId) throw unauthenticated(`claim ${options.org.claim} rejected`);
    const principal = principalFrom(payload, options.orgKind);
    cache.set(token, principal, cacheUntilMs(payload, options.maxTokenAgeSeconds));
    return principal;
  };
}
