/**
 * One authority on another host: the reference network from a copy of the table in which the
 * Ausländerbehörde (ABH) runs its CA, orderer, peer, chaincode server and gateway inside a network
 * namespace at 10.231.0.2, and BAMF and the Landesdirektion on this host at the host end of the veth
 * link, 10.231.0.1 (processes inside cannot reach the host's 127.0.0.1). Every address crosses the
 * link: channel endpoints, anchor peers, Raft consenters, CA URLs, gossip, the gateway's peer. Own
 * run folder and ports (+1200), so the shared network on 127.0.0.1 is untouched.
 * Run: flock /tmp/fabric-network.lock npm run test:multihost (root and iproute2 needed).
 */
import { spawnSync } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mintDevToken } from '../../gateway-api/src/auth/dev-identity-provider';
import { localGatewayEnv, localPaths } from '../../gateway-api/src/local-stack';
import { loadEnvironment, orgEndpoints, processNames, type NetworkConfig } from '../../network/src/layout';
import { createNetworkContext, type NetworkContext } from '../../network/src/network-context';
import { networkReset } from '../../network/src/network-down';
import { createNamespace, findIpCommand, placeOrgInNamespace, planNamespace } from '../../network/src/netns';
import { networkUp } from '../../network/src/network-up';
import { readNetworkStatus } from '../../network/src/network-status';
import { waitForPort } from '../../network/src/readiness';
import { multihostSkipReason, shiftedTable, tearDownMultihost } from './multihost-table';
import { dayFromToday, today } from '../support/case-fixtures';
import { CaseSession, type Step } from '../support/case-session';

const link = planNamespace('asyl-abh', '10.231.0.0/24');
const repoDir = path.resolve(__dirname, '..', '..');
const workDir = path.join(os.tmpdir(), 'asylum-multihost');

/** The reference table with ABH at the namespace address, the others at the host end, ports moved by +1200. */
function multihostTable(): NetworkConfig {
  // the probes of this host read ABH's /healthz and /metrics across the link (a host-only link)
  return shiftedTable(1200, (org) => (org.key === 'abh' ? { host: link.namespaceAddress, operationsHost: link.namespaceAddress } : { host: link.hostAddress }));
}

interface StreamedEvent { caseRef: string; seq: number; type: string }

/**
 * Reads the gateway's SSE stream from its start (Last-Event-ID 0) until a CaseEvent matches or 60 s
 * pass; returns what arrived (the caller asserts on it, so a timeout shows what was there).
 */
function readEventStream(url: string, token: string, match: (event: StreamedEvent) => boolean): Promise<StreamedEvent[]> {
  return new Promise((resolve, reject) => {
    const seen: StreamedEvent[] = [];
    let buffer = '';
    const req = http.get(url, { headers: { authorization: `Bearer ${token}`, 'last-event-id': '0' } }, (res) => {
      if (res.statusCode !== 200) reject(new Error(`event stream answered ${String(res.statusCode)}`));
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data !== undefined) seen.push(JSON.parse(data) as StreamedEvent);
        }
        if (seen.some(match)) finish();
      });
    });
    const timer = setTimeout(() => { finish(); }, 60_000);
    function finish(): void {
      clearTimeout(timer);
      req.destroy();
      resolve(seen);
    }
    req.on('error', () => { finish(); });
  });
}

const reason = multihostSkipReason();
if (reason !== undefined) process.stdout.write(`SKIPPED: multihost suite: ${reason}\n`);
(reason === undefined ? describe : describe.skip)('the Ausländerbehörde on a host of its own (network namespace, 10.231.0.2)', () => {
  const table = multihostTable();
  const abh = table.orgs.find((org) => org.key === 'abh') ?? table.orgs[0];
  let ctx: NetworkContext;
  let session: CaseSession | undefined;
  const gatewayName = 'gateway-abh';
  const paths = localPaths(workDir);

  beforeAll(async () => {
    // a fresh ledger: the gateway's database (event checkpoint) goes with it
    rmSync(path.join(workDir, '.run'), { recursive: true, force: true });
    mkdirSync(workDir, { recursive: true });
    const configFile = path.join(workDir, 'network.json');
    writeFileSync(configFile, `${JSON.stringify(table, null, 2)}\n`);
    const env = loadEnvironment({ ...process.env, ASYLUM_NETWORK_CONFIG: configFile, ASYLUM_NETWORK_RUN_DIR: path.join(workDir, 'run') });
    const lines: string[] = [];
    ctx = createNetworkContext({ env, placement: placeOrgInNamespace(table, 'abh', link.name), log: (line) => lines.push(line) });
    await networkReset(ctx);
    await createNamespace(link);
    const started = Date.now();
    try {
      await networkUp(ctx);
    } catch (error) {
      throw new Error(`network up failed:\n${lines.join('\n')}\n${String(error)}`);
    }
    process.stdout.write(`multihost network up in ${((Date.now() - started) / 1000).toFixed(1)} s:\n${lines.filter((line) => line.startsWith('started')).join('\n')}\n`);
    if (!abh) throw new Error('no ABH in the table');
    const gatewayEnv = localGatewayEnv({ key: abh.key, mspId: abh.mspId, kind: abh.kind, gatewayPort: abh.ports.gatewayApi }, 'fabric', paths, {
      HOST: orgEndpoints(abh).host, ASYLUM_NETWORK_CONFIG: configFile, ASYLUM_NETWORK_RUN_DIR: env.runDir, LOG_LEVEL: 'warn',
    });
    ctx.registry.start({ name: gatewayName, command: process.execPath, args: [path.join(repoDir, 'gateway-api', 'dist', 'main.js')], env: gatewayEnv, cwd: repoDir, ports: [abh.ports.gatewayApi] });
    await waitForPort(orgEndpoints(abh).gatewayApi, { what: 'the ABH gateway in the namespace', logFile: ctx.layout.logFile(gatewayName), exited: () => ctx.registry.hasExited(gatewayName) });
    session = new CaseSession(ctx);
    await session.start();
  });

  afterAll(async () => {
    session?.close();
    await tearDownMultihost(ctx, link, gatewayName);
  });

  it("runs ABH's CA, orderer, peer and chaincode server in the namespace, at 10.231.0.2", async () => {
    if (!abh) throw new Error('no ABH');
    const rows = await readNetworkStatus(ctx);
    const inside = [processNames.ca(abh), processNames.orderer(abh), processNames.peer(abh), processNames.chaincode(abh, 'casestatus')];
    for (const name of inside) {
      const pid = ctx.registry.runningPid(name) ?? 0;
      // `ip netns exec` replaced itself with the process (the registry's pid is the process's own)
      expect(readFileSync(`/proc/${String(pid)}/cmdline`, 'utf8').split('\0').slice(0, 2)).not.toEqual([findIpCommand(), 'netns']);
      expect(spawnSync(findIpCommand(), ['netns', 'identify', String(pid)]).stdout.toString().trim()).toBe(link.name);
    }
    expect(rows.filter((row) => inside.includes(row.name)).map((row) => [row.name, row.state, row.host])).toEqual(inside.map((name) => [name, 'running', '10.231.0.2']));
    expect(rows.filter((row) => !inside.includes(row.name) && row.name.endsWith('casestatus-bamf')).map((row) => row.host)).toEqual(['10.231.0.1']);
  });

  it('moves a case to TITLE_ISSUED, the last step through the ABH gateway inside the namespace, and streams the events that target ABH there', async () => {
    if (!session || !abh) throw new Error('not started');
    const registered = await session.register();
    const steps: Step[] = [
      { org: 'BAMFMSP', role: 'BAMF_REGISTRATION', fn: 'recordDistribution', input: { effectiveOn: today(), landCode: 'DE-SN' }, state: 'DISTRIBUTED' },
      { org: 'LDSMSP', role: 'LAND_RECEPTION', fn: 'confirmArrival', input: { effectiveOn: today() }, privateData: { responsibleUnit: 'AE-01' }, state: 'ARRIVED' },
      { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'lodgeApplication', input: { effectiveOn: today() }, state: 'APPLICATION_LODGED' },
      { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'scheduleHearing', input: { dueBy: dayFromToday(14) }, state: 'HEARING_SCHEDULED' },
      { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordHearingHeld', input: { effectiveOn: today() }, state: 'HEARING_HELD' },
      { org: 'LDSMSP', role: 'LAND_DISTRIBUTION', fn: 'allocateToMunicipality', input: { effectiveOn: today(), responsible: 'ABHMSP' }, privateData: { municipalityCode: '14612000' }, state: 'HEARING_HELD' },
      { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordDecision', input: { effectiveOn: dayFromToday(-22), outcomeClass: 'PROTECTION', track: 'REGULAR' }, state: 'DECIDED' },
      { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordService', input: { servedOn: dayFromToday(-21) }, state: 'SERVED' },
      { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'markFinal', input: { effectiveOn: today() }, state: 'FINAL' },
    ];
    const receipts = await session.walk(registered.caseRef, steps);
    const finalSeq = receipts.at(-1)?.seq ?? 0;

    const base = `http://${orgEndpoints(abh).gatewayApi}`;
    const token = await mintDevToken({ keyDir: paths.devIdpDir, mspId: abh.mspId, role: 'ABH', subject: 'multihost-clerk', ttlSeconds: 600 });
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const read = await fetch(`${base}/v1/cases/${registered.caseRef}`, { headers });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ caseRef: registered.caseRef, state: 'FINAL', seq: finalSeq });

    const moved = await fetch(`${base}/v1/cases/${registered.caseRef}/transitions`, {
      method: 'POST',
      headers: { ...headers, 'idempotency-key': `multihost-${registered.caseRef}` },
      body: JSON.stringify({ type: 'recordTitleIssued', effectiveOn: today(), expectedSeq: finalSeq, private: { titleType: 'AE_25_1' } }),
    });
    const body = (await moved.json()) as { state?: string; seq?: number };
    expect({ status: moved.status, ...body }).toMatchObject({ status: 200, state: 'TITLE_ISSUED', seq: finalSeq + 1 });
    // committed on the host's peers too (across the link)
    await session.committedEverywhere(registered.caseRef, finalSeq + 1);
    expect(await session.caseAt('BAMFMSP', registered.caseRef)).toMatchObject({ state: 'TITLE_ISSUED' });

    // the ABH gateway streams the events that target the ABH (it is responsible from the allocation
    // on; its own title event targets the others): those of BAMF and LDS crossed the link to it
    const events = await readEventStream(`${base}/v1/events`, token, (event) => event.caseRef === registered.caseRef && event.seq === finalSeq);
    const ours = events.filter((event) => event.caseRef === registered.caseRef);
    expect(ours.map((event) => event.seq)).toEqual([...ours.map((event) => event.seq)].sort((a, b) => a - b));
    expect(ours.at(-1)).toMatchObject({ seq: finalSeq });
    expect(ours.length).toBeGreaterThanOrEqual(4); // allocation, decision, service, final
    process.stdout.write(`events of the case at the ABH gateway: ${ours.map((event) => `${String(event.seq)} ${event.type}`).join(', ')}\n`);
  });

  it('leaves no namespace and no link behind after tear-down', async () => {
    expect(await tearDownMultihost(ctx, link, gatewayName)).toEqual({ namespace: false, hostInterface: false, running: [] });
  });
});
