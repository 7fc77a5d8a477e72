import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { loadNetworkConfig, RunLayout } from './layout';
import { createNamespace, findIpCommand, interfaceExists, namespaceExists, placeOrgInNamespace, planNamespace, removeNamespace, runInNamespace } from './netns';
import { ProcessRegistry } from './process-registry';
import { isListening } from './readiness';

describe('planning a namespace', () => {
  it('puts the host end on the first address of the subnet and the namespace end on the second', () => {
    expect(planNamespace('asyl-abh', '10.231.0.0/24')).toEqual({
      name: 'asyl-abh', hostInterface: 'vh-asyl-abh', namespaceInterface: 'vn-asyl-abh', hostAddress: '10.231.0.1', namespaceAddress: '10.231.0.2', prefixLength: 24,
    });
    expect(planNamespace('t', '10.231.9.4/30')).toMatchObject({ hostAddress: '10.231.9.5', namespaceAddress: '10.231.9.6', prefixLength: 30 });
  });

  it.each([
    ['a name too long for an interface name', 'asylum-ledger-abh', '10.231.0.0/24'],
    ['a name with capitals', 'ABH', '10.231.0.0/24'],
    ['a host address instead of a network', 'abh', '10.231.0.7/24'],
    ['another prefix length', 'abh', '10.231.0.0/16'],
    ['an octet above 255', 'abh', '10.256.0.0/24'],
  ])('refuses %s', (_what, name, subnet) => {
    expect(() => planNamespace(name, subnet)).toThrow(expect.objectContaining({ code: 'NAMESPACE_FAILED' }) as Error);
  });

  it('runs a command inside through ip netns exec', () => {
    expect(runInNamespace('asyl-abh', '/usr/bin/node', ['server.js'])).toEqual({ command: findIpCommand(), args: ['netns', 'exec', 'asyl-abh', '/usr/bin/node', 'server.js'] });
  });

  it("places every process of one org, and only that org's, in the namespace", () => {
    const place = placeOrgInNamespace(loadNetworkConfig(), 'abh', 'asyl-abh');
    expect(['ca-abh', 'orderer-abh', 'peer-abh', 'chaincode-casestatus-abh', 'gateway-abh'].map(place)).toEqual(Array(5).fill('asyl-abh'));
    expect(['ca-lds', 'peer-bamf', 'chaincode-casestatus-lds'].map(place)).toEqual([undefined, undefined, undefined]);
    expect(() => placeOrgInNamespace(loadNetworkConfig(), 'nrw', 'x')).toThrow(/no org nrw/);
  });
});

/** Why a real namespace cannot be made here (not root, no iproute2), or undefined. */
function namespaceSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root';
  const probe = spawnSync(findIpCommand(), ['netns', 'list']);
  return probe.status === 0 ? undefined : `ip netns does not work here (${probe.stderr.toString().trim()})`;
}

function readGreeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => { resolve(text); });
    socket.on('error', reject);
  });
}

const skip = namespaceSkipReason();
if (skip !== undefined) process.stdout.write(`SKIPPED: real network namespace: ${skip}\n`);
(skip === undefined ? describe : describe.skip)('a real namespace with a veth link (root)', () => {
  const link = planNamespace(`asyl-t${String(process.pid % 10000)}`, '10.231.250.0/30');
  const layout = new RunLayout(mkdtempSync(path.join(os.tmpdir(), 'netns-')));
  const registry = new ProcessRegistry(layout, { placement: (name) => (name === 'inside' ? link.name : undefined) });
  const port = 7999;
  const server = `require('node:net').createServer((s) => s.end('hello from ' + process.argv[1])).listen(${String(port)}, process.argv[1])`;

  afterAll(async () => {
    await registry.stop('inside', 1000);
    await removeNamespace(link);
  });

  it('serves the host from a process inside, at the namespace address, and tears down to nothing', async () => {
    await createNamespace(link);
    // a crashed run leaves a namespace with a process in it: creating again removes both first
    registry.start({ name: 'leftover', command: process.execPath, args: ['-e', 'setInterval(() => {}, 1000)'], env: {}, ports: [], namespace: link.name });
    await createNamespace(link);
    expect(registry.runningPid('leftover')).toBeUndefined();

    registry.start({ name: 'inside', command: process.execPath, args: ['-e', server, link.namespaceAddress], env: {}, ports: [port] });
    const deadline = Date.now() + 10_000;
    while (!(await isListening(`${link.namespaceAddress}:${String(port)}`)) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await readGreeting(link.namespaceAddress, port)).toBe(`hello from ${link.namespaceAddress}`);
    // it listens in the namespace only: the host's own loopback has nothing on that port
    expect(await isListening(`127.0.0.1:${String(port)}`)).toBe(false);

    expect(await registry.stop('inside', 1000)).toBe(true);
    await removeNamespace(link);
    expect(await namespaceExists(link.name)).toBe(false);
    expect(await interfaceExists(link.hostInterface)).toBe(false);
    await removeNamespace(link); // idempotent
  });
});
