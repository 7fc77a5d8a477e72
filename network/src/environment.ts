import os from 'node:os';
import path from 'node:path';
import { defaultConfigPath, networkDir } from './layout';

/** Where the network finds its tools and keeps its run-time state. */
export interface NetworkEnvironment {
  /** Folder with peer, orderer, configtxgen, configtxlator, osnadmin (FABRIC_BIN). */
  readonly fabricBin: string;
  /** Folder with Fabric's core.yaml and orderer.yaml templates (FABRIC_CFG). */
  readonly fabricCfg: string;
  /** Folder the project's install step builds fabric-ca-server and fabric-ca-client into. */
  readonly fabricCaBin: string;
  /** Folder the project's install step builds leveldb-compact into (LEVELDB_COMPACT_BIN). */
  readonly leveldbCompactBin: string;
  /** Ignored run folder: crypto material, ledgers, logs, pid files. */
  readonly runDir: string;
  /** The network table (ASYLUM_NETWORK_CONFIG, default network/config/network.json). */
  readonly configFile: string;
}

/**
 * Reads the environment once: FABRIC_BIN, FABRIC_CFG, FABRIC_CA_BIN, LEVELDB_COMPACT_BIN,
 * ASYLUM_NETWORK_RUN_DIR, ASYLUM_NETWORK_CONFIG.
 * @param env the process environment (passed in, never read at import).
 */
export function loadEnvironment(env: NodeJS.ProcessEnv = process.env): NetworkEnvironment {
  const cache = path.join(os.homedir(), '.cache', 'asylum-ledger');
  const fabricBin = path.resolve(env.FABRIC_BIN ?? path.join(cache, 'fabric', 'bin'));
  return {
    fabricBin,
    fabricCfg: path.resolve(env.FABRIC_CFG ?? path.join(fabricBin, '..', 'config')),
    fabricCaBin: path.resolve(env.FABRIC_CA_BIN ?? path.join(cache, 'fabric-ca', 'bin')),
    leveldbCompactBin: path.resolve(env.LEVELDB_COMPACT_BIN ?? path.join(cache, 'leveldb-compact', 'bin')),
    runDir: path.resolve(env.ASYLUM_NETWORK_RUN_DIR ?? path.join(networkDir, 'run')),
    configFile: path.resolve(env.ASYLUM_NETWORK_CONFIG ?? defaultConfigPath),
  };
}
