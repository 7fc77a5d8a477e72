/**
 * Bearer JWT verification with jose against the org's identity provider key (a JWKS URL or a PEM
 * public key). Issuer, audience, expiry and algorithm are checked; the `role` claim must be a role
 * the org's kind may hold (ROLES_BY_ORG_KIND).
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { LedgerError, type OrgKind, Role, ROLES_BY_ORG_KIND } from '@asylum-ledger/domain';
import { createRemoteJWKSet, errors, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { Principal, TokenVerifier } from './principal';

/** How to verify tokens. */
export interface TokenVerifierOptions {
  /** A PEM public key (SPKI) or a JWKS URL. */
  readonly key: { readonly pem: string } | { readonly jwksUrl: string };
  readonly issuer: string;
  readonly audience: string;
  /** Accepted JWS algorithms, e.g. ES256. */
  readonly algorithms: readonly string[];
  readonly clockToleranceSeconds: number;
  /** The kind of this gateway's org: the role claim must be one of its roles. */
  readonly orgKind: OrgKind;
  /** Verified tokens remembered until they expire (default 10000; 0 turns the cache off). */
  readonly cacheSize?: number;
  /** Clock in milliseconds (tests). */
  readonly nowMs?: () => number;
}

/**
 * Remembers verified tokens (exact token text -> caller) until their `exp`, so a client that
 * sends the same token many times costs one signature check. Bounded: the oldest entry goes first.
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

  set(token: string, principal: Principal, expSeconds: unknown): void {
    if (this.#size === 0 || typeof expSeconds !== 'number') return;
    if (this.#entries.size >= this.#size) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, { principal, expiresMs: expSeconds * 1000 });
  }
}

function unauthenticated(reason: string, cause?: unknown): LedgerError {
  return new LedgerError('UNAUTHENTICATED', reason, { details: { reason }, cause });
}

function translateJoseError(error: unknown): LedgerError {
  if (error instanceof errors.JWTExpired) return unauthenticated('token expired', error);
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

/**
 * Creates the verifier of this gateway's bearer tokens.
 * @throws {Error} when the PEM key cannot be parsed (at start-up).
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const key: KeyObject | JWTVerifyGetKey =
    'pem' in options.key ? createPublicKey(options.key.pem) : createRemoteJWKSet(new URL(options.key.jwksUrl));
  const verifyOptions = {
    issuer: options.issuer,
    audience: options.audience,
    algorithms: [...options.algorithms],
    clockTolerance: options.clockToleranceSeconds,
    requiredClaims: ['exp', 'sub'],
  };
  const nowMs = options.nowMs ?? Date.now;
  const cache = new VerifiedTokenCache(options.cacheSize ?? 10_000, nowMs);
  return async (token: string): Promise<Principal> => {
    const known = cache.get(token);
    if (known) return known;
    let payload: Record<string, unknown>;
    try {
      const callOptions = { ...verifyOptions, currentDate: new Date(nowMs()) };
      const verified = typeof key === 'function' ? await jwtVerify(token, key, callOptions) : await jwtVerify(token, key, callOptions);
      payload = verified.payload;
    } catch (error) {
      throw translateJoseError(error);
    }
    const principal = principalFrom(payload, options.orgKind);
    cache.set(token, principal, payload.exp);
    return principal;
  };
}
