/** Where the network finds the Fabric tools and keeps its run-time state, read once from the environment. */
import { accessSync, constants } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultConfigPath, networkDir } from './network-config';

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

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds a tool in FABRIC_BIN first, then on PATH. */
export function findTool(name: string, fabricBin: string, searchPath = process.env.PATH ?? ''): string | undefined {
  const dirs = [fabricBin, ...searchPath.split(path.delimiter).filter(Boolean)];
  return dirs.map((dir) => path.join(dir, name)).find(isExecutable);
}
