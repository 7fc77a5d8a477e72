/**
 * The gateways the API fuzzer runs against: the three reference orgs' gateways over ONE shared
 * ledger (embedded by default; LEDGER=fabric fuzzes the real network's gateways, which must be up),
 * each on an ephemeral loopback port with its own database in a temporary folder, the rate limit
 * raised so that the fuzzer measures validation rather than the limiter, and dev tokens minted for
 * the roles a run uses.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintDevToken } from '../../gateway-api/src/auth/dev-identity-provider';
import { loadConfig } from '../../gateway-api/src/config';
import { openProcessLedger, type ProcessLedger } from '../../gateway-api/src/ledger-factory';
import { chooseLedger, localGatewayEnv, localPaths, type LedgerChoice, type LocalOrg } from '../../gateway-api/src/local-stack';
import { startGateway, type RunningGateway } from '../../gateway-api/src/run-gateway';
import { findTool, loadEnvironment } from '../../network/src/layout';

const repoDir = path.resolve(__dirname, '..', '..');

/** The reference orgs (ports are ephemeral). */
export const FUZZ_ORGS: readonly LocalOrg[] = [
  { key: 'bamf', mspId: 'BAMFMSP', kind: 'FEDERAL', gatewayPort: 0 },
  { key: 'lds', mspId: 'LDSMSP', kind: 'LAND', gatewayPort: 0 },
  { key: 'abh', mspId: 'ABHMSP', kind: 'ABH', gatewayPort: 0 },
];

/** The running gateways and the shared ledger. */
export interface FuzzGateways {
  readonly choice: LedgerChoice;
  readonly ledger: ProcessLedger;
  urlOf(mspId: string): string;
  /** A bearer token of a role at an org's gateway, valid for the whole run. */
  tokenFor(mspId: string, role: string): Promise<string>;
  /** The ledger's block height as the org's own peer (or the embedded ledger) reports it. */
  blockHeight(mspId: string): Promise<bigint>;
  stop(): Promise<void>;
}

/** Starts one gateway per reference org over one ledger. */
export async function startFuzzGateways(): Promise<FuzzGateways> {
  const networkEnv = loadEnvironment(process.env);
  const choice = chooseLedger({ ledgerEnv: process.env.LEDGER ?? 'embedded', peerBinary: findTool('peer', networkEnv.fabricBin), fabricBin: networkEnv.fabricBin });
  const temp = mkdtempSync(path.join(os.tmpdir(), 'fuzz-api-'));
  const paths = localPaths(repoDir);
  const configs = FUZZ_ORGS.map((org) => {
    const env = localGatewayEnv(org, choice.mode, paths, {
      ...process.env,
      LOG_LEVEL: 'fatal',
      ASYLUM_NETWORK_CONFIG: networkEnv.configFile,
      ASYLUM_NETWORK_RUN_DIR: networkEnv.runDir,
      EMBEDDED_LEDGER_PATH: path.join(temp, 'ledger.sqlite'),
      EMBEDDED_IDENTITY_DIR: path.join(temp, 'identities'),
      EVENTS_ENABLED: 'false',
    });
    return { org, config: loadConfig({ ...env, PORT: '0', DB_PATH: path.join(temp, `${org.key}.sqlite`), RATE_LIMIT_PER_MINUTE: '1000000' }) };
  });
  const ledger = await openProcessLedger(choice.mode, configs[0]!.config);
  const running = new Map<string, RunningGateway>();
  const stop = async (): Promise<void> => {
    await Promise.allSettled([...running.values()].map((gateway) => gateway.stop()));
    await ledger.close();
    rmSync(temp, { recursive: true, force: true });
  };
  try {
    for (const { org, config } of configs) running.set(org.mspId, await startGateway({ config, ledger: ledger.forOrg(org.mspId), exportSigner: ledger.exportSigner(org.mspId) }));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    choice,
    ledger,
    urlOf: (mspId) => running.get(mspId)!.url,
    tokenFor: (mspId, role) => mintDevToken({ keyDir: paths.devIdpDir, mspId, role, subject: `fuzz-${role.toLowerCase()}`, ttlSeconds: 4 * 3600 }),
    blockHeight: async (mspId) => BigInt((await ledger.forOrg(mspId).blockHeight()).toString()),
    stop,
  };
}
