/**
 * The local development identity provider: one ES256 key pair in an ignored folder (0600), used by
 * `npm run token` to mint tokens and by the gateways started with `npm start` to verify them.
 * Never for production: a real authority configures its own IdP (JWKS URL or PEM key).
 */
import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SignJWT } from 'jose';

/** Issuer of development tokens (a gateway in the production profile refuses to trust it). */
export const DEV_ISSUER = 'asylum-ledger-dev-idp';

/** The claim that names the org a development token is for (the gateway's default JWT_ORG_CLAIM). */
export const DEV_ORG_CLAIM = 'org';

/**
 * The longest lifetime of a development token, and the maximum token age the `npm start` gateways
 * accept (JWT_MAX_AGE_SECONDS): 8 hours, a working day.
 */
export const DEV_MAX_TOKEN_AGE_SECONDS = 8 * 3600;

/** Audience of a gateway: tokens are minted for one org's gateway and refused by the others. */
export function gatewayAudience(mspId: string): string {
  return `asylum-ledger-gateway:${mspId}`;
}

/** Files of the development key pair. */
export interface DevKeyFiles {
  readonly privateKeyFile: string;
  readonly publicKeyFile: string;
}

/** Creates the key pair in `dir` unless it exists (folder 0700, private key 0600). */
export function ensureDevKeyPair(dir: string): DevKeyFiles {
  const files = { privateKeyFile: path.join(dir, 'private-key.pem'), publicKeyFile: path.join(dir, 'public-key.pem') };
  if (existsSync(files.privateKeyFile) && existsSync(files.publicKeyFile)) return files;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  writeFileSync(files.privateKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  chmodSync(files.privateKeyFile, 0o600);
  writeFileSync(files.publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }), { mode: 0o644 });
  return files;
}

/** What to put into a development token. */
export interface DevTokenOptions {
  readonly keyDir: string;
  readonly mspId: string;
  readonly role: string;
  readonly subject: string;
  readonly ttlSeconds: number;
  /** Issued-at time in seconds (defaults to now). */
  readonly nowSeconds?: number;
}

/**
 * Mints a development bearer token for one org's gateway (creating the key pair if needed): typ JWT,
 * `iat`, `exp`, the audience of the org's gateway and the org claim with its MSP ID.
 * @throws {RangeError} when the lifetime exceeds {@link DEV_MAX_TOKEN_AGE_SECONDS}.
 */
export async function mintDevToken(options: DevTokenOptions): Promise<string> {
  if (options.ttlSeconds > DEV_MAX_TOKEN_AGE_SECONDS) {
    throw new RangeError(`a development token lives at most ${String(DEV_MAX_TOKEN_AGE_SECONDS / 3600)}h (the dev gateways' JWT_MAX_AGE_SECONDS)`);
  }
  const files = ensureDevKeyPair(options.keyDir);
  const key = createPrivateKey(readFileSync(files.privateKeyFile, 'utf8'));
  const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
  return new SignJWT({ role: options.role, [DEV_ORG_CLAIM]: options.mspId })
    .setProtectedHeader({ alg: 'ES256', typ: 'JWT' })
    .setIssuer(DEV_ISSUER)
    .setAudience(gatewayAudience(options.mspId))
    .setSubject(options.subject)
    .setIssuedAt(now)
    .setExpirationTime(now + options.ttlSeconds)
    .sign(key);
}

/**
 * Parses a lifetime like `90s`, `15m`, `8h` or `2d`.
 * @throws {RangeError} for anything else, or more than {@link DEV_MAX_TOKEN_AGE_SECONDS}.
 */
export function parseTtl(text: string): number {
  const match = /^(\d{1,6})([smhd])$/.exec(text.trim());
  if (!match) throw new RangeError(`a lifetime such as 15m, 8h or 2d, not "${text}"`);
  const factor = { s: 1, m: 60, h: 3600, d: 86_400 }[match[2] as 's' | 'm' | 'h' | 'd'];
  const seconds = Number(match[1]) * factor;
  if (seconds < 1 || seconds > DEV_MAX_TOKEN_AGE_SECONDS) throw new RangeError(`a lifetime between 1s and ${String(DEV_MAX_TOKEN_AGE_SECONDS / 3600)}h`);
  return seconds;
}
