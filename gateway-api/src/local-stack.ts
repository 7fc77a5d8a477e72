/**
 * The local development stack behind the root `npm start`: the three gateways of the reference
 * network (one per org, on the gatewayApi ports of network/config/network.json) in ONE process,
 * sharing one ledger. Dev secrets (IdP key pair, local reference keys) live in the ignored `.run/`.
 * It is the one place that starts gateways in the dev profile (ASYLUM_LEDGER_PROFILE=dev); a gateway
 * started any other way runs in the production profile and refuses these dev shortcuts.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DEV_ISSUER, DEV_MAX_TOKEN_AGE_SECONDS, ensureDevKeyPair, gatewayAudience } from './auth/dev-identity-provider';
import { CONFIG_VARIABLES, loadConfig } from './config';
import { openProcessLedger, type ProcessLedger } from './ledger-factory';
import type { LedgerMode } from '@asylum-ledger/domain';
import { newGatewayMetrics, startGateway, type RunningGateway } from './run-gateway';

/** One org of the local network, as the gateway needs it. */
export interface LocalOrg {
  readonly key: string;
  readonly mspId: string;
  readonly kind: string;
  readonly gatewayPort: number;
}

/** Which ledger runs, and why (printed at start). */
export interface LedgerChoice {
  readonly mode: LedgerMode;
  readonly reason: string;
}

/**
 * Decides the ledger: LEDGER if set, else fabric when a `peer` binary was found, else embedded.
 * @throws {Error} when LEDGER has another value.
 */
export function chooseLedger(input: Readonly<{ ledgerEnv: string | undefined; peerBinary: string | undefined; fabricBin: string }>): LedgerChoice {
  if (input.ledgerEnv !== undefined && input.ledgerEnv !== '') {
    if (input.ledgerEnv !== 'fabric' && input.ledgerEnv !== 'embedded') throw new Error(`LEDGER must be fabric or embedded, not "${input.ledgerEnv}"`);
    return { mode: input.ledgerEnv, reason: `LEDGER=${input.ledgerEnv} was set` };
  }
  if (input.peerBinary !== undefined) return { mode: 'fabric', reason: `Fabric binaries found (${input.peerBinary})` };
  return {
    mode: 'embedded',
    reason: `no executable "peer" in FABRIC_BIN (${input.fabricBin}) or PATH, so the embedded dev ledger runs instead; get the Fabric 2.5 binaries to run the real network`,
  };
}

/** Where the local stack keeps its state: `<repo>/.run/...`. */
export interface LocalPaths {
  readonly repoDir: string;
  readonly devIdpDir: string;
  gatewayDir(org: LocalOrg): string;
}

/** The local stack's paths under a repository folder. */
export function localPaths(repoDir: string): LocalPaths {
  return {
    repoDir,
    devIdpDir: path.join(repoDir, '.run', 'dev-idp'),
    gatewayDir: (org) => path.join(repoDir, '.run', 'gateway', org.key),
  };
}

/** Reads or creates (0600) a random 32-byte local reference key for one dev gateway, as hex. */
export function ensureLocalReferenceKey(dir: string): string {
  const file = path.join(dir, 'local-reference.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32).toString('hex');
  writeFileSync(file, `${key}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return key;
}

/**
 * Gateway settings the local stack sets itself and never takes from its environment: they must
 * differ per gateway (org, port, audience, database, key), or, for LEDGER, are decided once for the
 * whole stack by {@link chooseLedger} from the same variable.
 */
export const STACK_OWNED_SETTINGS: readonly string[] = ['ASYLUM_LEDGER_PROFILE', 'ORG_MSP_ID', 'ORG_KIND', 'PORT', 'LEDGER', 'JWT_AUDIENCE', 'DB_PATH', 'LOCAL_REF_KEY'];

/** Settings never passed through: the stack gives each gateway its key as LOCAL_REF_KEY, so not the file alternative. */
export const STACK_WITHHELD_SETTINGS: readonly string[] = ['LOCAL_REF_KEY_FILE'];

/** The profile of every gateway of the local stack, and the line its banner prints about it. */
export const LOCAL_STACK_PROFILE = {
  value: 'dev',
  notice: 'Profile: dev (ASYLUM_LEDGER_PROFILE=dev, set by npm start): the dev token issuer, the embedded ledger and plain HTTP are allowed. A gateway started any other way runs in the production profile and refuses them.',
} as const;

/** The identity provider key settings: the dev key pair is used only when none of them is set. */
const KEY_SOURCE_SETTINGS = ['JWT_JWKS_URL', 'JWT_PUBLIC_KEY', 'JWT_PUBLIC_KEY_FILE'];

/**
 * Every gateway setting (the configuration schema's variables) that the stack does not own, taken
 * from the environment when set to a non-empty value. A setting added to the schema passes through
 * without a change here.
 */
export function passedThroughSettings(base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  return Object.fromEntries(
    CONFIG_VARIABLES.filter((name) => !STACK_OWNED_SETTINGS.includes(name) && !STACK_WITHHELD_SETTINGS.includes(name)).flatMap((name) => {
      const value = base[name];
      return value === undefined || value === '' ? [] : [[name, value]];
    }),
  );
}

/** The stack's own defaults for settings that the environment may override. */
function devDefaults(paths: LocalPaths, passed: Readonly<Record<string, string>>): Record<string, string> {
  const ownKey = KEY_SOURCE_SETTINGS.some((name) => name in passed);
  return {
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    JWT_ISSUER: DEV_ISSUER,
    // `npm run token` mints tokens for up to a working day
    JWT_MAX_AGE_SECONDS: String(DEV_MAX_TOKEN_AGE_SECONDS),
    ...(ownKey ? {} : { JWT_PUBLIC_KEY_FILE: ensureDevKeyPair(paths.devIdpDir).publicKeyFile }),
    ASYLUM_NETWORK_CONFIG: path.join(paths.repoDir, 'network', 'config', 'network.json'),
    ASYLUM_NETWORK_RUN_DIR: path.join(paths.repoDir, 'network', 'run'),
    EMBEDDED_LEDGER_PATH: path.join(paths.repoDir, '.run', 'embedded', 'ledger.sqlite'),
    EMBEDDED_IDENTITY_DIR: path.join(paths.repoDir, '.run', 'embedded', 'identities'),
  };
}

/**
 * The environment of one dev gateway (the same variables a production deployment sets): the stack's
 * own per-gateway settings, every other setting from `base` when set there, else a dev default.
 */
export function localGatewayEnv(org: LocalOrg, mode: LedgerMode, paths: LocalPaths, base: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const passed = passedThroughSettings(base);
  const dir = paths.gatewayDir(org);
  return {
    ...devDefaults(paths, passed),
    ...passed,
    ASYLUM_LEDGER_PROFILE: LOCAL_STACK_PROFILE.value,
    ORG_MSP_ID: org.mspId,
    ORG_KIND: org.kind,
    PORT: String(org.gatewayPort),
    LEDGER: mode,
    JWT_AUDIENCE: gatewayAudience(org.mspId),
    DB_PATH: path.join(dir, 'gateway.sqlite'),
    LOCAL_REF_KEY: ensureLocalReferenceKey(dir),
  };
}

/** The running local stack. */
export interface LocalStack {
  readonly ledger: ProcessLedger;
  readonly gateways: readonly { readonly org: LocalOrg; readonly gateway: RunningGateway }[];
  /** Drains every gateway, then closes the ledger. */
  stop(): Promise<void>;
}

/**
 * Opens the shared ledger and starts one gateway per org.
 * @throws {Error} when the ledger or a gateway cannot start (what did start is stopped again).
 */
export async function startLocalStack(options: Readonly<{ orgs: readonly LocalOrg[]; mode: LedgerMode; paths: LocalPaths; env: Readonly<Record<string, string | undefined>> }>): Promise<LocalStack> {
  const configs = options.orgs.map((org) => ({ org, config: loadConfig(localGatewayEnv(org, options.mode, options.paths, options.env)) }));
  const first = configs[0];
  if (!first) throw new Error('no orgs to start');
  const ledger = await openProcessLedger(options.mode, first.config);
  const gateways: { org: LocalOrg; gateway: RunningGateway }[] = [];
  const stop = async (): Promise<void> => {
    await Promise.allSettled(gateways.map(({ gateway }) => gateway.stop()));
    await ledger.close();
  };
  try {
    for (const { org, config } of configs) {
      const metrics = newGatewayMetrics(config);
      const port = ledger.forOrg(org.mspId, { onStage: (stage, seconds) => { metrics.observeStage(stage, seconds); } });
      gateways.push({ org, gateway: await startGateway({ config, ledger: port, metrics, exportSigner: ledger.exportSigner(org.mspId) }) });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { ledger, gateways, stop };
}
