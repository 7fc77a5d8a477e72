import { existsSync } from 'node:fs';
import path from 'node:path';
import { findTool, type NetworkEnvironment } from './layout';
import { NetworkError } from './network-error';
import { runCommand } from './run-command';

/** Absolute paths of the Fabric tools the network runs. */
export interface FabricBinaries {
  readonly peer: string;
  readonly orderer: string;
  readonly configtxgen: string;
  readonly osnadmin: string;
  readonly configtxlator: string;
  readonly version: string;
}

const toolNames = ['peer', 'orderer', 'configtxgen', 'osnadmin', 'configtxlator'] as const;

const howToGet =
  'get the Fabric 2.5 release binaries (fabric-samples install-fabric.sh binary, or the ' +
  'hyperledger/fabric release tarball) and put its bin/ folder in FABRIC_BIN';

/** True when FABRIC_BIN (or PATH) has a peer binary: the real-network suites run only then. */
export function hasFabricBinaries(env: NetworkEnvironment): boolean {
  return findTool('peer', env.fabricBin) !== undefined && findTool('orderer', env.fabricBin) !== undefined;
}

/** Reads "Version: x.y.z" from a Fabric tool's `version` output. */
export function parseFabricVersion(output: string): string | undefined {
  return /Version:\s*v?(\d+\.\d+\.\d+)/.exec(output)?.[1];
}

/** True for the Fabric lines the project supports: 2.5.x and 3.1.x. */
export function isSupportedFabricVersion(version: string): boolean {
  return /^(2\.5|3\.1)\.\d+$/.test(version);
}

/**
 * Locates and version-checks the Fabric tools.
 * @throws {NetworkError} MISSING_BINARY naming FABRIC_BIN, or UNSUPPORTED_FABRIC_VERSION.
 */
export async function resolveFabricBinaries(env: NetworkEnvironment): Promise<FabricBinaries> {
  const found: Partial<Record<(typeof toolNames)[number], string>> = {};
  for (const name of toolNames) {
    const file = findTool(name, env.fabricBin);
    if (!file) throw new NetworkError('MISSING_BINARY', `no Fabric '${name}' in FABRIC_BIN (${env.fabricBin}) or PATH: ${howToGet}`);
    found[name] = file;
  }
  const { peer, orderer, configtxgen, osnadmin, configtxlator } = found as Record<(typeof toolNames)[number], string>;
  let version = '';
  for (const tool of [peer, orderer]) {
    const { stdout } = await runCommand(tool, ['version']);
    version = parseFabricVersion(stdout) ?? 'unknown';
    if (!isSupportedFabricVersion(version)) {
      throw new NetworkError('UNSUPPORTED_FABRIC_VERSION', `${tool} is Fabric ${version}; the network needs 2.5.x or 3.1.x: ${howToGet}`);
    }
  }
  if (!existsSync(path.join(env.fabricCfg, 'core.yaml')) || !existsSync(path.join(env.fabricCfg, 'orderer.yaml'))) {
    throw new NetworkError(
      'MISSING_BINARY',
      `no core.yaml/orderer.yaml in FABRIC_CFG (${env.fabricCfg}): point FABRIC_CFG at the release's config/ folder`,
    );
  }
  return { peer, orderer, configtxgen, osnadmin, configtxlator, version };
}
