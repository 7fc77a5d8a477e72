/**
 * What only the Fabric adapter can show, on the real network: it finds each org's peer and role
 * identities where the network put them, a change endorsed by one org alone is refused at commit by
 * the case's key-level policy, provenance names two endorsing orgs, the whole hash chain from the
 * genesis block verifies, an unreachable peer is LEDGER_UNAVAILABLE, and an event stream survives a
 * restart of its peer without losing or repeating an event.
 */
import { createServer } from 'node:net';
import {
  createFabricLedgerForOrg,
  findOrgRunFolder,
  verifyHashChain,
  type FabricLedger,
  type FabricOrgLedgerOptions,
} from '../../gateway-api/src/fabric';
import type { LedgerError, LedgerEvent } from '@asylum-ledger/domain';
import type { NodeStepOptions } from '../../network/src/orderer-node';
import { startPeer } from '../../network/src/peer-node';
import { hostNames, identityNameForRole, processNames } from '@asylum-ledger/network/layout';
import { newCaseRef, newRequestId, today } from '../support/case-fixtures';
import { findOrg } from '../support/fabric-clients';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

const json = (bytes: Uint8Array): unknown => JSON.parse(Buffer.from(bytes).toString('utf8'));

async function unusedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function failureOf(promise: Promise<unknown>): Promise<LedgerError> {
  return (await promise.then(() => { throw new Error('expected a failure'); }, (error: unknown) => error)) as LedgerError;
}

/** Reads events until every wanted txId arrived (or fails after the wait), keeping everything seen. */
async function readUntil(iterator: AsyncIterator<LedgerEvent>, seen: LedgerEvent[], wanted: readonly string[], waitMs = 90_000): Promise<void> {
  const deadline = Date.now() + waitMs;
  while (!wanted.every((txId) => seen.some((event) => event.txId === txId))) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => { resolve('timeout'); }, Math.max(deadline - Date.now(), 0)); });
    const next = await Promise.race([iterator.next(), timeout]);
    clearTimeout(timer);
    if (next === 'timeout' || next.done === true) throw new Error(`events missing: ${wanted.filter((txId) => !seen.some((event) => event.txId === txId)).join(', ')}`);
    seen.push(next.value);
  }
}

describeRealNetwork('the Fabric ledger adapter against the real network', (network: () => RealNetwork) => {
  const ledgers: FabricLedger[] = [];

  function ledger(org: string, tuning: Partial<FabricOrgLedgerOptions> = {}): FabricLedger {
    const { ctx } = network();
    const created = createFabricLedgerForOrg({ network: ctx.config, runDir: ctx.layout.root, org, ...tuning });
    ledgers.push(created);
    return created;
  }

  afterAll(async () => {
    await Promise.all(ledgers.map((each) => each.close()));
  });

  async function registerCase(via: FabricLedger, caseRef = newCaseRef()): Promise<{ caseRef: string; txId: string; blockNumber: bigint }> {
    const input = { caseRef, requestId: newRequestId(), procedureKind: 'ERSTANTRAG', effectiveOn: today() };
    const result = await via.submit({ role: 'LAND_RECEPTION', transaction: 'case:registerCase', args: [JSON.stringify(input)] });
    return { caseRef, txId: result.txId, blockNumber: result.blockNumber };
  }

  async function caseOf(via: FabricLedger, caseRef: string): Promise<unknown> {
    return json(await via.evaluate({ role: 'AUDITOR', transaction: 'case:getCase', args: [JSON.stringify({ caseRef })] }));
  }

  it('finds every org\'s peer, TLS root and role identities where the network put them', () => {
    const { ctx } = network();
    for (const org of ctx.config.orgs) {
      const folder = findOrgRunFolder(ctx.config, ctx.layout.root, org.mspId);
      expect(folder).toMatchObject({
        mspId: org.mspId,
        channel: ctx.config.channel,
        peerAddress: `127.0.0.1:${org.ports.peer}`,
        peerHostName: hostNames(org, ctx.config.domain).peer,
        tlsRootCertificate: ctx.layout.caCert(org),
        roles: org.roles,
      });
      for (const role of org.roles) {
        const paths = ctx.layout.identity(org, identityNameForRole(role));
        expect(folder.mspFiles(role)).toEqual({ signcert: paths.signcert, keystore: paths.keystore });
      }
    }
  });

  it('signs with the role\'s identity: provenance names the creator\'s org and role and two endorsing orgs', async () => {
    const lds = ledger('LDSMSP');
    const registered = await registerCase(lds);
    const provenance = await ledger('BAMFMSP').transaction(registered.txId);
    expect(provenance).toMatchObject({ txId: registered.txId, blockNumber: registered.blockNumber, validationCode: 'VALID', creatorMspId: 'LDSMSP', creatorRole: 'LAND_RECEPTION' });
    expect(provenance.endorsingOrgs).toContain('LDSMSP');
    expect(provenance.endorsingOrgs.length).toBeGreaterThanOrEqual(2);
    expect(await caseOf(ledger('ABHMSP'), registered.caseRef)).toMatchObject({ state: 'REGISTERED', seq: 1, responsible: 'LDSMSP' });
  });

  it('refuses a role the org has no identity for (LDS signing as a BAMF caseworker) with FORBIDDEN_ROLE', async () => {
    const error = await failureOf(ledger('LDSMSP').submit({ role: 'BAMF_CASEWORKER', transaction: 'case:lodgeApplication', args: ['{}'] }));
    expect({ name: error.name, code: error.code }).toEqual({ name: 'LedgerError', code: 'FORBIDDEN_ROLE' });
  });

  it('refuses at commit a change endorsed by ABH alone on a case LDS is responsible for (ENDORSEMENT_POLICY_FAILURE), case unchanged', async () => {
    const lds = ledger('LDSMSP');
    const bamf = ledger('BAMFMSP');
    const { caseRef } = await registerCase(lds);
    const distribution = { caseRef, requestId: newRequestId(), effectiveOn: today(), landCode: 'DE-SN' };
    const error = await failureOf(
      bamf.submit({ role: 'BAMF_REGISTRATION', transaction: 'case:recordDistribution', args: [JSON.stringify(distribution)], endorsingOrgs: ['ABHMSP'] }),
    );
    expect({ name: error.name, code: error.code }).toEqual({ name: 'LedgerError', code: 'ENDORSEMENT_POLICY_FAILURE' });
    expect(error.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(await caseOf(bamf, caseRef)).toMatchObject({ state: 'REGISTERED', seq: 1 });
    const provenance = await lds.transaction(error.txId!);
    expect(provenance).toMatchObject({ validationCode: 'ENDORSEMENT_POLICY_FAILURE', creatorMspId: 'BAMFMSP', creatorRole: 'BAMF_REGISTRATION', endorsingOrgs: ['ABHMSP'] });
  });

  it('verifies the hash chain from the genesis block and over the newest blocks', async () => {
    const abh = ledger('ABHMSP');
    await registerCase(ledger('LDSMSP'));
    const height = await abh.blockHeight();
    const ranges: [bigint, bigint][] = [[0n, height < 10n ? height : 10n], [height > 30n ? height - 30n : 0n, height]];
    for (const [from, to] of ranges) {
      const blocks = [];
      for (let number = from; number < to; number++) blocks.push(await abh.block(number));
      expect(verifyHashChain(blocks)).toEqual({ valid: true, problems: [] });
    }
    expect((await abh.block(0n)).previousHash).toBe('');
    // the ledgers of two orgs hold the same chain
    expect((await ledger('BAMFMSP').block(height - 2n)).headerHash).toBe((await abh.block(height - 2n)).headerHash);
  });

  it('reports LEDGER_UNAVAILABLE, and not ready, when its peer cannot be reached', async () => {
    const unreachable = ledger('LDSMSP', { peerAddress: `127.0.0.1:${await unusedPort()}` });
    const started = Date.now();
    expect((await failureOf(registerCase(unreachable))).code).toBe('LEDGER_UNAVAILABLE');
    expect((await failureOf(caseOf(unreachable, newCaseRef()))).code).toBe('LEDGER_UNAVAILABLE');
    expect((await failureOf(unreachable.blockHeight())).code).toBe('LEDGER_UNAVAILABLE');
    expect(await unreachable.ready()).toMatchObject({ ready: false, mode: 'fabric' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('keeps delivering events across a restart of its peer, each once and in commit order', async () => {
    const { ctx, binaries } = network();
    const abhOrg = findOrg(ctx, 'ABHMSP');
    const reconnects: string[] = [];
    const abh = ledger('ABHMSP', { eventReconnect: { initialDelayMs: 200, maxDelayMs: 2_000, onReconnect: (error) => reconnects.push(error.code) } });
    const lds = ledger('LDSMSP');
    const stream = abh.events({ blockNumber: await lds.blockHeight() });
    const iterator = stream[Symbol.asyncIterator]();
    const seen: LedgerEvent[] = [];
    const committed = [await registerCase(lds)];
    await readUntil(iterator, seen, committed.map((entry) => entry.txId));

    await ctx.registry.stop(processNames.peer(abhOrg));
    try {
      committed.push(await registerCase(lds), await registerCase(lds));
    } finally {
      const options: NodeStepOptions = { config: ctx.config, layout: ctx.layout, registry: ctx.registry, binaries, fabricCfg: ctx.env.fabricCfg, log: () => undefined };
      await startPeer(options, abhOrg);
    }
    committed.push(await registerCase(lds));
    await readUntil(iterator, seen, committed.map((entry) => entry.txId));
    stream.close();

    const ours = seen.filter((event) => committed.some((entry) => entry.txId === event.txId));
    expect(ours.map((event) => event.txId)).toEqual(committed.map((entry) => entry.txId));
    const positions = seen.map((event) => `${event.blockNumber}/${event.txId}`);
    expect(new Set(positions).size).toBe(positions.length);
    expect(reconnects.length).toBeGreaterThanOrEqual(1);
    process.stdout.write(`event stream reopened after: ${reconnects.join(', ')}\n`);
  });
});
