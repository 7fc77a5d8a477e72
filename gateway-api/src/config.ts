/**
 * The gateway's configuration: one zod schema turns an environment object into a frozen Config.
 * This module is the only place that knows environment variable names; `main.ts` passes
 * `process.env` in, so nothing is read at import.
 */
import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import path from 'node:path';
import { MspId, OrgKind } from '@asylum-ledger/domain';
import { z } from 'zod';
import { DEV_ISSUER } from './auth/dev-identity-provider';
import { SUPPORTED_ALGORITHMS } from './auth/token-verifier';

/** Which ledger adapter serves the port. */
export const LedgerModeSetting = z.enum(['fabric', 'embedded']);

function integer(min: number, max: number, fallback: number): z.ZodDefault<z.ZodCoercedNumber> {
  return z.coerce.number().int().min(min).max(max).default(fallback);
}

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

/**
 * How strict the gateway is. `production` (the default of every gateway started on its own) refuses
 * development shortcuts at start-up; `dev` is set by the local stack behind `npm start` only.
 */
export const Profile = z.enum(['dev', 'production']);

/** The JWS algorithms named in JWT_ALGORITHMS, each one of the supported asymmetric algorithms. */
const Algorithms = z.string().transform((value, ctx) => {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const supported: readonly string[] = SUPPORTED_ALGORITHMS;
  for (const name of names.filter((candidate) => !supported.includes(candidate))) {
    ctx.addIssue({ code: 'custom', message: `${name} is not allowed; use asymmetric algorithms only (${SUPPORTED_ALGORITHMS.join(', ')})` });
  }
  if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'name at least one algorithm' });
  return names;
});

/** A 32-byte key given as 64 hex digits or as base64 (44 characters). */
const Key32 = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const bytes = /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    if (bytes.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(value) && bytes.toString('base64') !== value)) {
      ctx.addIssue({ code: 'custom', message: 'a 32-byte key: 64 hex digits or 44 base64 characters' });
      return z.NEVER;
    }
    return bytes;
  });

const EnvSchema = z
  .object({
    ASYLUM_LEDGER_PROFILE: Profile.default('production'),
    ORG_MSP_ID: MspId,
    ORG_KIND: OrgKind,
    PORT: integer(0, 65535, 8080),
    HOST: z.string().trim().min(1).default('127.0.0.1'),
    LEDGER: LedgerModeSetting,
    JWT_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    JWT_PUBLIC_KEY: optionalText,
    JWT_PUBLIC_KEY_FILE: optionalText,
    JWT_ALGORITHMS: Algorithms.default(['ES256', 'RS256', 'EdDSA']),
    JWT_ISSUER: z.string().trim().min(1),
    JWT_AUDIENCE: z.string().trim().min(1),
    JWT_ORG_CLAIM: z.string().trim().regex(/^[A-Za-z_][A-Za-z0-9_.:/-]{0,99}$/, 'a claim name').default('org'),
    JWT_CLOCK_TOLERANCE_SECONDS: integer(0, 300, 5),
    JWT_MAX_AGE_SECONDS: integer(60, 86_400, 3600),
    JWT_JWKS_MAX_AGE_SECONDS: integer(10, 86_400, 600),
    AUTH_FAILURES_PER_MINUTE_PER_CLIENT: integer(1, 100_000, 30),
    AUTH_FAILURES_PER_MINUTE: integer(1, 1_000_000, 600),
    DB_PATH: z.string().trim().min(1),
    LOCAL_REF_KEY: Key32.optional(),
    LOCAL_REF_KEY_FILE: optionalText,
    IDEMPOTENCY_TTL_HOURS: integer(1, 24 * 365, 24),
    TLS_CERT_FILE: optionalText,
    TLS_KEY_FILE: optionalText,
    TLS_CLIENT_CA_FILE: optionalText,
    TLS_TERMINATED_BY: optionalText,
    BODY_LIMIT_BYTES: integer(256, 1_048_576, 16_384),
    RATE_LIMIT_PER_MINUTE: integer(1, 1_000_000, 600),
    EVALUATE_TIMEOUT_MS: integer(100, 120_000, 5_000),
    ENDORSE_TIMEOUT_MS: integer(100, 120_000, 15_000),
    SUBMIT_TIMEOUT_MS: integer(100, 120_000, 5_000),
    COMMIT_TIMEOUT_MS: integer(100, 600_000, 60_000),
    MVCC_RETRIES: integer(0, 10, 3),
    CATCH_UP_WAIT_MS: integer(0, 60_000, 3_000),
    SHUTDOWN_GRACE_MS: integer(0, 600_000, 30_000),
    ASYLUM_NETWORK_CONFIG: z.string().trim().min(1).default('network/config/network.json'),
    ASYLUM_NETWORK_RUN_DIR: z.string().trim().min(1).default('network/run'),
    EMBEDDED_LEDGER_PATH: optionalText,
    EMBEDDED_IDENTITY_DIR: optionalText,
    EVENTS_ENABLED: z.enum(['true', 'false']).default('true'),
    EVENTS_START_BLOCK: integer(0, Number.MAX_SAFE_INTEGER, 0),
    EVENTS_RECONNECT_BASE_MS: integer(10, 60_000, 250),
    EVENTS_RECONNECT_MAX_MS: integer(10, 600_000, 10_000),
    WEBHOOK_MAX_ATTEMPTS: integer(1, 100, 8),
    WEBHOOK_RETRY_BASE_MS: integer(10, 600_000, 500),
    WEBHOOK_RETRY_MAX_MS: integer(10, 86_400_000, 300_000),
    WEBHOOK_TIMEOUT_MS: integer(100, 120_000, 5_000),
    WEBHOOK_CONCURRENCY: integer(1, 256, 16),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  })
  .superRefine((env, ctx) => {
    for (const issue of [...sourceIssues(env), ...tlsIssues(env), ...(env.ASYLUM_LEDGER_PROFILE === 'production' ? productionIssues(env) : [])]) {
      ctx.addIssue({ code: 'custom', path: [issue.field], message: issue.message });
    }
  });

type Env = z.infer<typeof EnvSchema>;

/** One problem of a field that only shows in combination with others. */
interface Issue {
  readonly field: string;
  readonly message: string;
}

/** Whether a listen address only accepts connections from this host. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  return isIP(host) === 4 && host.startsWith('127.');
}

/** Exactly one source each for the IdP key and the local reference key. */
function sourceIssues(env: Env): Issue[] {
  const issues: Issue[] = [];
  if ([env.JWT_JWKS_URL, env.JWT_PUBLIC_KEY, env.JWT_PUBLIC_KEY_FILE].filter((value) => value !== undefined).length !== 1) {
    issues.push({ field: 'JWT_JWKS_URL', message: 'give exactly one of JWT_JWKS_URL, JWT_PUBLIC_KEY (PEM) or JWT_PUBLIC_KEY_FILE' });
  }
  if ((env.LOCAL_REF_KEY === undefined) === (env.LOCAL_REF_KEY_FILE === undefined)) {
    issues.push({ field: 'LOCAL_REF_KEY', message: 'give exactly one of LOCAL_REF_KEY or LOCAL_REF_KEY_FILE' });
  }
  return issues;
}

/** The REST listener's TLS: a certificate and key together, or a proxy on this host that terminates TLS. */
function tlsIssues(env: Env): Issue[] {
  const issues: Issue[] = [];
  const serves = env.TLS_CERT_FILE !== undefined || env.TLS_KEY_FILE !== undefined;
  if (serves && (env.TLS_CERT_FILE === undefined || env.TLS_KEY_FILE === undefined)) {
    issues.push({ field: 'TLS_KEY_FILE', message: 'give TLS_CERT_FILE and TLS_KEY_FILE together' });
  }
  if (env.TLS_CLIENT_CA_FILE !== undefined && !serves) issues.push({ field: 'TLS_CLIENT_CA_FILE', message: 'mutual TLS needs TLS_CERT_FILE and TLS_KEY_FILE' });
  if (env.TLS_TERMINATED_BY === undefined) return issues;
  if (serves) issues.push({ field: 'TLS_TERMINATED_BY', message: 'give either TLS_CERT_FILE/TLS_KEY_FILE or TLS_TERMINATED_BY, not both' });
  if (!isLoopbackHost(env.HOST)) {
    issues.push({ field: 'TLS_TERMINATED_BY', message: 'a proxy terminates TLS only for a gateway that listens on loopback (HOST=127.0.0.1)' });
  }
  return issues;
}

/** Whether `file` lies in `folder` or below it. */
function liesIn(file: string, folder: string): boolean {
  const relative = path.relative(path.resolve(folder), path.dirname(path.resolve(file)));
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** What the production profile refuses: development shortcuts that must never reach an authority. */
function productionIssues(env: Env): Issue[] {
  const refused = 'is refused in the production profile';
  const issues: Issue[] = [];
  if (env.JWT_ISSUER === DEV_ISSUER) issues.push({ field: 'JWT_ISSUER', message: `the development identity provider ${refused}; configure the authority's IdP` });
  if (env.LEDGER === 'embedded') issues.push({ field: 'LEDGER', message: `the embedded dev ledger (no endorsement, no consensus) ${refused}; use LEDGER=fabric` });
  if (env.LOCAL_REF_KEY_FILE !== undefined && liesIn(env.LOCAL_REF_KEY_FILE, path.dirname(env.DB_PATH))) {
    issues.push({ field: 'LOCAL_REF_KEY_FILE', message: `a key file in the database's folder (DB_PATH) ${refused}; keep the key apart from the data it protects` });
  }
  if (env.JWT_JWKS_URL?.startsWith('http:') === true) issues.push({ field: 'JWT_JWKS_URL', message: `a plain-http JWKS URL ${refused}; fetch the IdP keys over https` });
  if (env.TLS_CERT_FILE === undefined && env.TLS_TERMINATED_BY === undefined) {
    issues.push({ field: 'TLS_CERT_FILE', message: 'the production profile serves HTTPS only: set TLS_CERT_FILE and TLS_KEY_FILE, or TLS_TERMINATED_BY for a proxy on this host (HOST on loopback)' });
  }
  return issues;
}

/** Where the gateway gets the identity provider's verification key from. */
export type JwtKeySource =
  | { readonly kind: 'jwks'; readonly url: string }
  | { readonly kind: 'pem'; readonly pem: string }
  | { readonly kind: 'pem-file'; readonly file: string };

/** How the REST listener is protected. */
export type ListenerTls =
  /** The gateway serves HTTPS itself (node:https); with a client CA, clients need a certificate it signed (mTLS). */
  | { readonly kind: 'serve'; readonly certFile: string; readonly keyFile: string; readonly clientCaFile: string | undefined }
  /** A proxy on the same host terminates TLS and forwards to the loopback listener. */
  | { readonly kind: 'terminated'; readonly by: string }
  /** Plain HTTP (the dev profile only). */
  | { readonly kind: 'none' };

/** The validated, frozen configuration of one gateway. */
export interface Config {
  readonly profile: Profile;
  readonly org: { readonly mspId: string; readonly kind: OrgKind };
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly bodyLimitBytes: number;
    readonly rateLimitPerMinute: number;
    readonly tls: ListenerTls;
    /** Failed token verifications allowed per minute, per client address and in all. */
    readonly authFailures: { readonly perClientPerMinute: number; readonly perMinute: number };
  };
  readonly ledger: LedgerModeSetting;
  readonly jwt: {
    readonly key: JwtKeySource;
    readonly algorithms: readonly string[];
    readonly issuer: string;
    readonly audience: string;
    /** The claim that must name this gateway's org (its MSP ID). */
    readonly orgClaim: string;
    readonly clockToleranceSeconds: number;
    /** The oldest token accepted, in seconds since its `iat`. */
    readonly maxTokenAgeSeconds: number;
    /** How long a fetched JWKS is trusted before it is fetched again. */
    readonly jwksMaxAgeSeconds: number;
  };
  readonly dbPath: string;
  /** The 32-byte key for local references (AES-256-GCM and the lookup HMAC are derived from it). */
  readonly localReferenceKey: Buffer;
  /** How long an Idempotency-Key is remembered (replayed); older records are pruned, never replayed. */
  readonly idempotencyTtlHours: number;
  /** Per-stage deadlines in milliseconds, for the ledger adapter. */
  readonly deadlines: {
    readonly evaluateMs: number;
    readonly endorseMs: number;
    readonly submitMs: number;
    readonly commitStatusMs: number;
  };
  /** Where the ledger adapters find their files (paths relative to the working directory). */
  readonly ledgerFiles: {
    /** The network table (fabric). */
    readonly networkConfig: string;
    /** The network's run folder with TLS roots and role identities (fabric). */
    readonly networkRunDir: string;
    /** The embedded ledger's SQLite file (embedded; the adapter's default when undefined). */
    readonly embeddedDatabase: string | undefined;
    /** The embedded ledger's identity folder (embedded; the adapter's default when undefined). */
    readonly embeddedIdentityDir: string | undefined;
  };
  readonly mvccRetries: number;
  /** How long a write waits for the own peer to reach the block a refusal must be measured against. */
  readonly catchUpWaitMs: number;
  readonly shutdownGraceMs: number;
  readonly logLevel: string;
  /** The event listener (checkpointed, reconnecting) and the webhook deliveries. */
  readonly events: {
    readonly enabled: boolean;
    /** The block the listener starts from when its database has no checkpoint yet. */
    readonly startBlock: number;
    readonly reconnectBaseMs: number;
    readonly reconnectMaxMs: number;
    readonly webhook: {
      readonly maxAttempts: number;
      readonly retryBaseMs: number;
      readonly retryMaxMs: number;
      readonly timeoutMs: number;
      readonly concurrency: number;
    };
  };
}
/** Which ledger adapter serves the port. */
export type LedgerModeSetting = z.infer<typeof LedgerModeSetting>;
/** How strict the gateway is at start-up. */
export type Profile = z.infer<typeof Profile>;

/** A configuration problem found at start-up, one line per field. */
export class ConfigError extends Error {
  /** `FIELD: reason` lines (values are never included: some are secrets). */
  readonly fieldErrors: readonly string[];

  constructor(fieldErrors: readonly string[]) {
    super(`invalid gateway configuration:\n  ${fieldErrors.join('\n  ')}`);
    this.name = 'ConfigError';
    this.fieldErrors = fieldErrors;
  }
}

function keySource(env: Env): JwtKeySource {
  if (env.JWT_JWKS_URL !== undefined) return { kind: 'jwks', url: env.JWT_JWKS_URL };
  if (env.JWT_PUBLIC_KEY !== undefined) return { kind: 'pem', pem: env.JWT_PUBLIC_KEY.replace(/\\n/g, '\n') };
  return { kind: 'pem-file', file: env.JWT_PUBLIC_KEY_FILE ?? '' };
}

function listenerTls(env: Env): ListenerTls {
  if (env.TLS_CERT_FILE !== undefined && env.TLS_KEY_FILE !== undefined) {
    return { kind: 'serve', certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE, clientCaFile: env.TLS_CLIENT_CA_FILE };
  }
  return env.TLS_TERMINATED_BY !== undefined ? { kind: 'terminated', by: env.TLS_TERMINATED_BY } : { kind: 'none' };
}

/** Reads a secret file (the composition root's default: the file system). */
export type SecretFileReader = (file: string) => string;

/** The local reference key: given directly, or read from LOCAL_REF_KEY_FILE. */
function localReferenceKey(env: Env, readSecretFile: SecretFileReader): Buffer {
  if (env.LOCAL_REF_KEY !== undefined) return env.LOCAL_REF_KEY;
  let text: string;
  try {
    text = readSecretFile(env.LOCAL_REF_KEY_FILE ?? '');
  } catch {
    throw new ConfigError(['LOCAL_REF_KEY_FILE: cannot be read']);
  }
  const parsed = Key32.safeParse(text);
  if (!parsed.success) throw new ConfigError([`LOCAL_REF_KEY_FILE: ${parsed.error.issues[0]?.message ?? 'not a key'}`]);
  return parsed.data;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Buffer.isBuffer(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Validates an environment object and returns the frozen configuration.
 * @param env variables, usually `process.env` (passed in by the composition root).
 * @param readSecretFile reads LOCAL_REF_KEY_FILE (default: from the file system).
 * @throws {@link ConfigError} listing every invalid or missing field, and in the production profile
 * every development shortcut, one line each.
 */
export function loadConfig(
  env: Readonly<Record<string, string | undefined>>,
  readSecretFile: SecretFileReader = (file) => readFileSync(file, 'utf8'),
): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(env)'}: ${issue.message}`),
    );
  }
  const e = parsed.data;
  return deepFreeze({
    profile: e.ASYLUM_LEDGER_PROFILE,
    org: { mspId: e.ORG_MSP_ID, kind: e.ORG_KIND },
    http: {
      host: e.HOST,
      port: e.PORT,
      bodyLimitBytes: e.BODY_LIMIT_BYTES,
      rateLimitPerMinute: e.RATE_LIMIT_PER_MINUTE,
      tls: listenerTls(e),
      authFailures: { perClientPerMinute: e.AUTH_FAILURES_PER_MINUTE_PER_CLIENT, perMinute: e.AUTH_FAILURES_PER_MINUTE },
    },
    ledger: e.LEDGER,
    jwt: {
      key: keySource(e),
      algorithms: e.JWT_ALGORITHMS,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      orgClaim: e.JWT_ORG_CLAIM,
      clockToleranceSeconds: e.JWT_CLOCK_TOLERANCE_SECONDS,
      maxTokenAgeSeconds: e.JWT_MAX_AGE_SECONDS,
      jwksMaxAgeSeconds: e.JWT_JWKS_MAX_AGE_SECONDS,
    },
    dbPath: e.DB_PATH,
    localReferenceKey: localReferenceKey(e, readSecretFile),
    idempotencyTtlHours: e.IDEMPOTENCY_TTL_HOURS,
    deadlines: {
      evaluateMs: e.EVALUATE_TIMEOUT_MS,
      endorseMs: e.ENDORSE_TIMEOUT_MS,
      submitMs: e.SUBMIT_TIMEOUT_MS,
      commitStatusMs: e.COMMIT_TIMEOUT_MS,
    },
    ledgerFiles: {
      networkConfig: e.ASYLUM_NETWORK_CONFIG,
      networkRunDir: e.ASYLUM_NETWORK_RUN_DIR,
      embeddedDatabase: e.EMBEDDED_LEDGER_PATH,
      embeddedIdentityDir: e.EMBEDDED_IDENTITY_DIR,
    },
    mvccRetries: e.MVCC_RETRIES,
    catchUpWaitMs: e.CATCH_UP_WAIT_MS,
    shutdownGraceMs: e.SHUTDOWN_GRACE_MS,
    logLevel: e.LOG_LEVEL,
    events: {
      enabled: e.EVENTS_ENABLED === 'true',
      startBlock: e.EVENTS_START_BLOCK,
      reconnectBaseMs: e.EVENTS_RECONNECT_BASE_MS,
      reconnectMaxMs: e.EVENTS_RECONNECT_MAX_MS,
      webhook: {
        maxAttempts: e.WEBHOOK_MAX_ATTEMPTS,
        retryBaseMs: e.WEBHOOK_RETRY_BASE_MS,
        retryMaxMs: e.WEBHOOK_RETRY_MAX_MS,
        timeoutMs: e.WEBHOOK_TIMEOUT_MS,
        concurrency: e.WEBHOOK_CONCURRENCY,
      },
    },
  });
}

/** The environment variables the gateway reads, for docs and `--help` output. */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

const RotationEnvSchema = z
  .object({
    DB_PATH: z.string().trim().min(1),
    LOCAL_REF_KEY_OLD: Key32.optional(),
    LOCAL_REF_KEY_OLD_FILE: optionalText,
    LOCAL_REF_KEY_NEW: Key32.optional(),
    LOCAL_REF_KEY_NEW_FILE: optionalText,
  })
  .superRefine((env, ctx) => {
    for (const which of ['OLD', 'NEW'] as const) {
      const given = [env[`LOCAL_REF_KEY_${which}`], env[`LOCAL_REF_KEY_${which}_FILE`]].filter((value) => value !== undefined);
      if (given.length !== 1) {
        ctx.addIssue({ code: 'custom', path: [`LOCAL_REF_KEY_${which}`], message: `give exactly one of LOCAL_REF_KEY_${which} or LOCAL_REF_KEY_${which}_FILE` });
      }
    }
  });

/** A key given in the environment, or the path of a file (mode 0600) that holds it. */
export type KeySource = { readonly kind: 'value'; readonly key: Buffer } | { readonly kind: 'file'; readonly file: string };

function keySourceOf(key: Buffer | undefined, file: string | undefined): KeySource {
  return key !== undefined ? { kind: 'value', key } : { kind: 'file', file: file ?? '' };
}

/** What the key rotation command needs; keys come from the environment or files, never from argv. */
export interface KeyRotationConfig {
  readonly dbPath: string;
  readonly oldKey: KeySource;
  readonly newKey: KeySource;
}

/**
 * Validates the environment of the key rotation command.
 * @throws {@link ConfigError} listing every invalid or missing field.
 */
export function loadKeyRotationConfig(env: Readonly<Record<string, string | undefined>>): KeyRotationConfig {
  const parsed = RotationEnvSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(env)'}: ${issue.message}`));
  }
  const e = parsed.data;
  return deepFreeze({
    dbPath: e.DB_PATH,
    oldKey: keySourceOf(e.LOCAL_REF_KEY_OLD, e.LOCAL_REF_KEY_OLD_FILE),
    newKey: keySourceOf(e.LOCAL_REF_KEY_NEW, e.LOCAL_REF_KEY_NEW_FILE),
  });
}

/**
 * Parses the content of a key file: 64 hex digits or 44 base64 characters (surrounding whitespace ignored).
 * @throws {@link ConfigError} when it is not a 32-byte key (the content is never repeated).
 */
export function parseKeyFileContent(content: string, label: string): Buffer {
  const parsed = Key32.safeParse(content);
  if (!parsed.success) throw new ConfigError([`${label}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`]);
  return parsed.data;
}
