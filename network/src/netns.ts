/**
 * A Linux network namespace joined to this host by a veth pair: a second "host" on one machine, for
 * running one org's nodes at an address of their own (the org's `host` in the network table). Needs
 * root (or CAP_NET_ADMIN) and iproute2. Processes inside cannot reach the host's 127.0.0.1: they
 * reach the host at the host-side veth address.
 */
import { existsSync } from 'node:fs';
import { NetworkError } from './network-error';
import { runCommand } from './run-command';
import type { NetworkConfig } from './layout';
import { processNames } from './layout';

/** One namespace and the veth link between it and the host. */
export interface NamespaceLink {
  /** Name of the namespace (`ip netns`), at most 12 characters so the interface names fit. */
  readonly name: string;
  /** The veth end that stays on the host. */
  readonly hostInterface: string;
  /** The veth end inside the namespace. */
  readonly namespaceInterface: string;
  /** IPv4 address of the host end (the host as seen from inside). */
  readonly hostAddress: string;
  /** IPv4 address of the namespace end (what the org's `host` is set to). */
  readonly namespaceAddress: string;
  /** Prefix length of the link's subnet. */
  readonly prefixLength: number;
}

const namePattern = /^[a-z][a-z0-9-]{0,11}$/;

/**
 * Plans a namespace on a /24 or /30 subnet: the host end takes the first address, the namespace
 * end the second (e.g. 10.231.0.0/24: host 10.231.0.1, namespace 10.231.0.2).
 * @throws {NetworkError} NAMESPACE_FAILED for a bad name or subnet.
 */
export function planNamespace(name: string, subnet: string): NamespaceLink {
  if (!namePattern.test(name)) throw new NetworkError('NAMESPACE_FAILED', `namespace name ${name} must match ${String(namePattern)}`);
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(24|30)$/.exec(subnet);
  const octets = match?.slice(1, 5).map(Number) ?? [];
  if (!match || octets.some((octet) => octet > 255) || (octets[3] ?? 0) % (match[5] === '24' ? 256 : 4) !== 0) {
    throw new NetworkError('NAMESPACE_FAILED', `subnet ${subnet} must be an IPv4 network address with /24 or /30`);
  }
  const base = octets.slice(0, 3).join('.');
  const first = octets[3] ?? 0;
  return {
    name,
    hostInterface: `vh-${name}`,
    namespaceInterface: `vn-${name}`,
    hostAddress: `${base}.${String(first + 1)}`,
    namespaceAddress: `${base}.${String(first + 2)}`,
    prefixLength: Number(match[5]),
  };
}

/** The `ip` binary of iproute2 (not always on a non-root PATH). */
export function findIpCommand(): string {
  return ['/usr/sbin/ip', '/sbin/ip', '/usr/bin/ip', '/bin/ip'].find((file) => existsSync(file)) ?? 'ip';
}

/** A command line that runs `command args` inside a namespace (`ip netns exec` replaces itself with it). */
export function runInNamespace(namespace: string, command: string, args: readonly string[] = []): { command: string; args: string[] } {
  return { command: findIpCommand(), args: ['netns', 'exec', namespace, command, ...args] };
}

async function ip(args: readonly string[], what: string): Promise<string> {
  try {
    return (await runCommand(findIpCommand(), args, { timeoutMs: 10_000 })).stdout;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new NetworkError('NAMESPACE_FAILED', `${what} failed (${detail}); the namespace harness needs root and iproute2`, error);
  }
}

async function tryIp(args: readonly string[]): Promise<boolean> {
  try {
    await runCommand(findIpCommand(), args, { timeoutMs: 10_000 });
    return true;
  } catch {
    return false;
  }
}

/** True when a namespace of this name exists. */
export async function namespaceExists(name: string): Promise<boolean> {
  const list = await ip(['netns', 'list'], 'listing namespaces');
  return list.split('\n').some((line) => line.split(' ')[0] === name);
}

/** True when a network interface of this name exists on the host. */
export function interfaceExists(name: string): Promise<boolean> {
  return tryIp(['link', 'show', 'dev', name]);
}

function killAll(pids: readonly number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Removes the namespace and its link: kills what still runs inside (a crashed run's leftovers),
 * deletes the host end of the veth pair (which takes the other end with it) and the namespace.
 * Safe to call when nothing of it exists.
 * @throws {NetworkError} NAMESPACE_FAILED when something is still there afterwards.
 */
export async function removeNamespace(link: NamespaceLink): Promise<void> {
  if (await namespaceExists(link.name)) {
    const pids = (await ip(['netns', 'pids', link.name], `listing processes in ${link.name}`)).split('\n').filter(Boolean).map(Number);
    killAll(pids);
    await tryIp(['netns', 'delete', link.name]);
  }
  await tryIp(['link', 'delete', 'dev', link.hostInterface]);
  if ((await namespaceExists(link.name)) || (await interfaceExists(link.hostInterface))) {
    throw new NetworkError('NAMESPACE_FAILED', `namespace ${link.name} or link ${link.hostInterface} is still there after removal`);
  }
}

/**
 * Creates the namespace (removing a leftover of the same name first): a veth pair with the host end
 * at `hostAddress` and the namespace end at `namespaceAddress`, loopback and both ends up, and a
 * default route from the namespace through the host end.
 * @throws {NetworkError} NAMESPACE_FAILED when an `ip` command fails (not root, no iproute2).
 */
export async function createNamespace(link: NamespaceLink): Promise<void> {
  await removeNamespace(link);
  const inside = ['-n', link.name];
  const steps: [string[], string][] = [
    [['netns', 'add', link.name], `creating namespace ${link.name}`],
    [['link', 'add', link.hostInterface, 'type', 'veth', 'peer', 'name', link.namespaceInterface, 'netns', link.name], 'creating the veth pair'],
    [['addr', 'add', `${link.hostAddress}/${String(link.prefixLength)}`, 'dev', link.hostInterface], 'addressing the host end'],
    [['link', 'set', link.hostInterface, 'up'], 'bringing the host end up'],
    [[...inside, 'addr', 'add', `${link.namespaceAddress}/${String(link.prefixLength)}`, 'dev', link.namespaceInterface], 'addressing the namespace end'],
    [[...inside, 'link', 'set', link.namespaceInterface, 'up'], 'bringing the namespace end up'],
    [[...inside, 'link', 'set', 'lo', 'up'], 'bringing loopback up in the namespace'],
    [[...inside, 'route', 'add', 'default', 'via', link.hostAddress], 'routing the namespace through the host end'],
  ];
  for (const [args, what] of steps) await ip(args, what);
}

/**
 * A placement for the process registry that runs every process of one org (CA, orderer, peer,
 * chaincode servers, and anything else named `<kind>-<org key>`) inside a namespace.
 */
export function placeOrgInNamespace(config: Pick<NetworkConfig, 'orgs' | 'chaincodes'>, orgKey: string, namespace: string): (processName: string) => string | undefined {
  const org = config.orgs.find((entry) => entry.key === orgKey);
  if (!org) throw new NetworkError('NAMESPACE_FAILED', `no org ${orgKey} in the network table`);
  // processNames end in the org key: ca-abh, orderer-abh, peer-abh, chaincode-casestatus-abh
  const suffix = processNames.peer(org).slice('peer'.length);
  return (processName) => (processName.endsWith(suffix) ? namespace : undefined);
}
