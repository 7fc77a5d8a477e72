/**
 * What the multihost suites share: a copy of the reference table with every port moved (so the
 * shared network on 127.0.0.1 is untouched) and each org placed at the address a suite gives it,
 * the reason a suite cannot run here, and the tear-down.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { defaultConfigPath, loadEnvironment, parseNetworkConfig, type NetworkConfig, type OrgConfig } from '../../network/src/layout';
import { hasFabricBinaries } from '../../network/src/fabric-binaries';
import { findIpCommand, interfaceExists, namespaceExists, removeNamespace, type NamespaceLink } from '../../network/src/netns';
import type { NetworkContext } from '../../network/src/network-context';
import { networkDown } from '../../network/src/network-down';
import { readNetworkStatus } from '../../network/src/network-status';

/** Where an org of the copy runs: its `host`, and its `operationsHost` where the probes must cross a link. */
export type OrgPlacement = Pick<OrgConfig, 'host' | 'operationsHost'>;

/**
 * The reference table with every port moved by `shift` and every org placed by `place`.
 * @throws {Error} when the result is not a valid table.
 */
export function shiftedTable(shift: number, place: (org: OrgConfig) => OrgPlacement): NetworkConfig {
  const table = JSON.parse(readFileSync(defaultConfigPath, 'utf8')) as NetworkConfig;
  const moved = (ports: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(ports).map(([name, port]) => [name, port + shift]));
  for (const org of table.orgs) {
    const { chaincode, ...fixed } = org.ports;
    org.ports = { ...(moved(fixed) as typeof fixed), chaincode: moved(chaincode) };
    Object.assign(org, place(org));
  }
  return parseNetworkConfig(table);
}

/** Why a multihost suite cannot run here (no Fabric binaries, not root, no `ip netns`), or undefined. */
export function multihostSkipReason(): string | undefined {
  const env = loadEnvironment();
  if (!hasFabricBinaries(env)) return `no Fabric binaries in FABRIC_BIN (${env.fabricBin})`;
  if (process.getuid?.() !== 0) return 'not root (network namespaces need CAP_NET_ADMIN)';
  const probe = spawnSync(findIpCommand(), ['netns', 'list']);
  return probe.status === 0 ? undefined : 'ip netns does not work here';
}

/** What a tear-down left: whether the namespace and the host's end of the link still exist, and the processes not stopped. */
export interface LeftBehind {
  readonly namespace: boolean;
  readonly hostInterface: boolean;
  readonly running: readonly string[];
}

/**
 * Stops the suite's gateway and its network, removes its namespace (and with it the link), and
 * says what is left. Safe to run twice (the second run finds nothing to stop).
 */
export async function tearDownMultihost(ctx: NetworkContext, link: NamespaceLink, gatewayName: string): Promise<LeftBehind> {
  await ctx.registry.stop(gatewayName);
  await networkDown(ctx);
  await removeNamespace(link);
  return {
    namespace: await namespaceExists(link.name),
    hostInterface: await interfaceExists(link.hostInterface),
    running: (await readNetworkStatus(ctx)).filter((row) => row.state !== 'stopped').map((row) => row.name),
  };
}
