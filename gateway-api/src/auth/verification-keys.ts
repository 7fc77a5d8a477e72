/**
 * The identity provider's verification keys as the token verifier sees them: a resolver jose calls
 * per token, a fingerprint of the keys in use (it changes when the IdP rotates its keys, so the
 * verifier can forget what it verified with the old ones), and a refresh of a remote set that is
 * older than its maximum age.
 */
import { createPublicKey } from 'node:crypto';
import { createRemoteJWKSet, type JWTVerifyGetKey } from 'jose';

/** The keys tokens are verified with. */
export interface VerificationKeys {
  /** Resolves the key for a token's protected header (jose's key resolver). */
  readonly getKey: JWTVerifyGetKey;
  /** The keys in use now, as comparable text; it changes when the IdP rotates its keys. */
  fingerprint(): string;
  /** Fetches a remote key set again when it is older than its maximum age (nothing to do for a PEM key). */
  refreshIfStale(): Promise<void>;
}

/** Where the keys come from: a PEM public key (SPKI) or a JWKS URL. */
export type VerificationKeySource = { readonly pem: string } | { readonly jwksUrl: string };

/** One fixed PEM public key: it never rotates while the gateway runs. */
function pemKeys(pem: string): VerificationKeys {
  const key = createPublicKey(pem);
  return { getKey: () => key, fingerprint: () => 'pem', refreshIfStale: () => Promise.resolve() };
}

/** A remote JWKS, fetched by jose when a token names an unknown key or the set is older than `maxAgeMs`. */
function remoteKeys(url: string, maxAgeMs: number): VerificationKeys {
  const jwks = createRemoteJWKSet(new URL(url), { cacheMaxAge: maxAgeMs });
  return {
    getKey: jwks,
    fingerprint: () => JSON.stringify((jwks.jwks()?.keys ?? []).map((key) => JSON.stringify(key)).sort()),
    refreshIfStale: async () => {
      if (!jwks.fresh) await jwks.reload();
    },
  };
}

/**
 * Opens the verification keys of a source.
 * @param jwksMaxAgeMs how long a fetched JWKS is trusted before it is fetched again.
 * @throws {Error} when a PEM key cannot be parsed.
 */
export function openVerificationKeys(source: VerificationKeySource, jwksMaxAgeMs: number): VerificationKeys {
  return 'pem' in source ? pemKeys(source.pem) : remoteKeys(source.jwksUrl, jwksMaxAgeMs);
}
