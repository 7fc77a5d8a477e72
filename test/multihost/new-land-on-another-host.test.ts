/**
 * A new Land onboarded from a host of its own: the reference network from a copy of the table (ports
 * +1300, its own run folder) with every founding org on this host at the host end of a veth link,
 * 10.232.0.1; then `network:add-org --host 10.232.0.2 --netns asyl-bb` (the same code, addOrg)
 * adds Brandenburg's Landesamt (BBMSP, DE-BB) with its CA, peer and chaincode server inside the
 * network namespace at 10.232.0.2: enrolled, brought into the channel, its peer joined from block 0
 * across the link, the current chaincode definition approved, entered in the authority directory.
 * Its gateway runs in the namespace too and dials its own peer at 10.232.0.2; a case registered
 * there is distributed to DE-BB, read at the new peer and at BAMF's peer on this host.
 * Run: flock /tmp/fabric-network.lock npm run test:multihost (root and iproute2 needed).
 */
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintDevToken } from '../../gateway-api/src/auth/dev-identity-provider';
import { localGatewayEnv, localPaths } from '../../gateway-api/src/local-stack';
import { registerBody } from '../../gateway-api/src/test-support/test-gateway';
import { addOrg } from '../../network/src/add-org';
import { isChannelMember } from '../../network/src/channel-update-steps';
import { listDirectoryMspIds } from '../../network/src/directory-bootstrap';
import { resolveFabricBinaries } from '../../network/src/fabric-binaries';
import { loadEnvironment, orgEndpoints, processNames, type NetworkConfig, type NetworkEnvironment, type OrgConfig } from '../../network/src/layout';
import { createNamespace, findIpCommand, planNamespace } from '../../network/src/netns';
import { createNetworkContext, type NetworkContext } from '../../network/src/network-context';
import { networkReset } from '../../network/src/network-down';
import { readNetworkStatus } from '../../network/src/network-status';
import { networkUp } from '../../network/src/network-up';
import { waitForPort } from '../../network/src/readiness';
import { today } from '../support/case-fixtures';
import { connectAs, evaluateJson, type OrgClient } from '../support/fabric-clients';
import { multihostSkipReason, shiftedTable, tearDownMultihost } from './multihost-table';

const link = planNamespace('asyl-bb', '10.232.0.0/30');
const BRANDENBURG = { mspId: 'BBMSP', kind: 'LAND', landCode: 'DE-BB', name: 'Landesamt fuer Asyl und Fluechtlinge Brandenburg' } as const;
const repoDir = path.resolve(__dirname, '..', '..');
const workDir = path.join(os.tmpdir(), 'asylum-multihost-new-land');

/** The reference table with every founding org at the host end of the link, ports moved by +1300. */
function hostSideTable(): NetworkConfig {
  return shiftedTable(1300, () => ({ host: link.hostAddress }));
}

/** The namespace a process runs in, by `ip netns identify` (empty: the host's own network). */
function namespaceOfPid(pid: number | undefined): string {
  return spawnSync(findIpCommand(), ['netns', 'identify', String(pid ?? 0)]).stdout.toString().trim();
}

/** Repeats a request while the gateway answers 5xx (a peer that just joined endorses a moment later), up to 60 s. */
async function untilNotServerError(send: () => Promise<Response>): Promise<Response> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const answer = await send();
    if (answer.status < 500 || Date.now() > deadline) return answer;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
  }
}

/** Reads a case at one org's peer until it shows this seq (its block reached that peer), up to 30 s. */
async function caseAtSeq(client: OrgClient, caseRef: string, seq: number): Promise<{ seq?: number }> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = await evaluateJson<{ seq?: number }>(client.contract(), 'case:getCase', { caseRef });
    if (found.seq === seq || Date.now() > deadline) return found;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

const reason = multihostSkipReason();
if (reason !== undefined) process.stdout.write(`SKIPPED: multihost new-Land suite: ${reason}\n`);
(reason === undefined ? describe : describe.skip)('a new Land onboarded with its nodes on a host of its own (network namespace, 10.232.0.2)', () => {
  const suiteStarted = Date.now();
  const table = hostSideTable();
  const paths = localPaths(workDir);
  const gatewayName = 'gateway-bb';
  const lines: string[] = [];
  const clients: OrgClient[] = [];
  let env: NetworkEnvironment;
  let ctx: NetworkContext;
  let bb: OrgConfig;
  let addOrgSeconds = 0;

  beforeAll(async () => {
    rmSync(path.join(workDir, '.run'), { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    const configFile = path.join(workDir, 'network.json');
    writeFileSync(configFile, `${JSON.stringify(table, null, 2)}\n`);
    env = loadEnvironment({ ...process.env, ASYLUM_NETWORK_CONFIG: configFile, ASYLUM_NETWORK_RUN_DIR: path.join(workDir, 'run') });
    const log = (line: string): void => { lines.push(line); };
    // reset first: a context reads run/orgs.d, where a previous run recorded BBMSP
    await networkReset(createNetworkContext({ env, log }));
    // no placement here: only add-org's --netns puts the new org's processes into the namespace
    ctx = createNetworkContext({ env, log });
    await createNamespace(link);
    try {
      await networkUp(ctx);
      const started = Date.now();
      const outcome = await addOrg(ctx, {
        request: { ...BRANDENBURG, host: link.namespaceAddress, operationsHost: link.namespaceAddress },
        collectSignaturesLocally: true,
        namespace: link.name,
      });
      addOrgSeconds = (Date.now() - started) / 1000;
      bb = outcome.org;
    } catch (error) {
      throw new Error(`set-up failed:\n${lines.join('\n')}\n${String(error)}`, { cause: error });
    }
    ctx = createNetworkContext({ env, log: () => undefined });
    const gatewayEnv = localGatewayEnv({ key: bb.key, mspId: bb.mspId, kind: bb.kind, gatewayPort: bb.ports.gatewayApi }, 'fabric', paths, {
      HOST: orgEndpoints(bb).host, ASYLUM_NETWORK_CONFIG: env.configFile, ASYLUM_NETWORK_RUN_DIR: env.runDir, LOG_LEVEL: 'warn',
    });
    ctx.registry.start({ name: gatewayName, command: process.execPath, args: [path.join(repoDir, 'gateway-api', 'dist', 'main.js')], env: gatewayEnv, cwd: repoDir, ports: [bb.ports.gatewayApi], namespace: link.name });
    await waitForPort(orgEndpoints(bb).gatewayApi, { what: 'the BBMSP gateway in the namespace', logFile: ctx.layout.logFile(gatewayName), exited: () => ctx.registry.hasExited(gatewayName) });
    process.stdout.write(`new Land across the link: add-org ${addOrgSeconds.toFixed(1)} s; set-up ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s\n${lines.filter((line) => line.startsWith('step')).join('\n')}\n`);
  });

  afterAll(async () => {
    for (const client of clients) client.close();
    await tearDownMultihost(ctx, link, gatewayName);
    process.stdout.write(`new-Land multihost suite: ${((Date.now() - suiteStarted) / 1000).toFixed(1)} s in all\n`);
  });

  it("records BBMSP at 10.232.0.2 and runs its CA, peer, chaincode server and gateway in the namespace, the founding orgs' outside", async () => {
    expect(ctx.config.orgs.map((org) => [org.mspId, orgEndpoints(org).host])).toEqual([
      ['BAMFMSP', '10.232.0.1'], ['LDSMSP', '10.232.0.1'], ['ABHMSP', '10.232.0.1'], ['BBMSP', '10.232.0.2'],
    ]);
    const inside = [processNames.ca(bb), processNames.peer(bb), processNames.chaincode(bb, 'casestatus'), gatewayName];
    expect(inside.map((name) => [name, namespaceOfPid(ctx.registry.runningPid(name))])).toEqual(inside.map((name) => [name, link.name]));
    const bamf = ctx.config.orgs[0]!;
    expect(namespaceOfPid(ctx.registry.runningPid(processNames.peer(bamf)))).toBe('');
    const rows = await readNetworkStatus(ctx);
    expect(rows.filter((row) => row.name === processNames.peer(bb)).map((row) => [row.state, row.host])).toEqual([['running', '10.232.0.2']]);
  });

  it('has BBMSP in the channel and in the authority directory', async () => {
    const options = { ...ctx, binaries: await resolveFabricBinaries(env) };
    expect(await isChannelMember(options, bb)).toBe(true);
    expect(await listDirectoryMspIds(options, ctx.config.chaincodes[0]!)).toEqual(expect.arrayContaining(['BAMFMSP', 'LDSMSP', 'ABHMSP', 'BBMSP']));
  });

  it("registers a case through BBMSP's gateway in the namespace, distributes it to DE-BB, and reads it at BBMSP's peer and at BAMF's across the link", async () => {
    const base = `http://${orgEndpoints(bb).gatewayApi}`;
    const token = await mintDevToken({ keyDir: paths.devIdpDir, mspId: bb.mspId, role: 'LAND_RECEPTION', subject: 'multihost-reception', ttlSeconds: 600 });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const registerKey = randomUUID();
    const registered = await untilNotServerError(() => fetch(`${base}/v1/cases`, { method: 'POST', headers: { ...headers, 'idempotency-key': registerKey }, body: JSON.stringify(registerBody()) }));
    const created = (await registered.json()) as { caseRef?: string; seq?: number };
    expect({ status: registered.status, ...created }).toMatchObject({ status: 201, seq: 1 });
    const caseRef = String(created.caseRef);

    const moveKey = randomUUID();
    const moved = await untilNotServerError(() => fetch(`${base}/v1/cases/${caseRef}/transitions`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': moveKey },
      body: JSON.stringify({ type: 'recordDistribution', effectiveOn: today(), landCode: 'DE-BB', expectedSeq: 1 }),
    }));
    expect({ status: moved.status, ...((await moved.json()) as object) }).toMatchObject({ status: 200, state: 'DISTRIBUTED', seq: 2 });

    const atBb = connectAs(ctx, 'BBMSP', 'LAND_RECEPTION');
    const atBamf = connectAs(ctx, 'BAMFMSP', 'AUDITOR');
    clients.push(atBb, atBamf);
    expect(atBb.org.host).toBe('10.232.0.2');
    // the peer runs the chaincode only with its org's approval of the committed definition
    expect(await caseAtSeq(atBb, caseRef, 2)).toMatchObject({ caseRef, seq: 2, state: 'DISTRIBUTED', landCode: 'DE-BB' });
    expect(await caseAtSeq(atBamf, caseRef, 2)).toMatchObject({ caseRef, seq: 2, state: 'DISTRIBUTED', landCode: 'DE-BB' });
  });

  it('leaves no process, no namespace and no link behind after tear-down', async () => {
    for (const client of clients.splice(0)) client.close();
    expect(await tearDownMultihost(ctx, link, gatewayName)).toEqual({ namespace: false, hostInterface: false, running: [] });
  });
});
