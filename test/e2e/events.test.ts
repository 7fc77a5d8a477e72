/**
 * Status events reach every authority that must act, on the real network: each org's gateway
 * listens to its own peer from the checkpoint in its database and delivers the CaseEvents that
 * target its org to its webhook (the reference receiver in scripts/), signed, at least once, and
 * nothing is lost when the gateway is killed, the receiver is down, or the peer restarts. The totals
 * are checked against the chaincode events on the ledger.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import type { LedgerPort } from '@asylum-ledger/domain';
import { processNames } from '@asylum-ledger/network/layout';
import { openFabricProcessLedger, type ProcessLedger } from '../../gateway-api/src/ledger-factory';
import { createPortGateway, type PortGateway } from '../../gateway-api/src/test-support/test-gateway';
import type { NodeStepOptions } from '../../network/src/orderer-node';
import { startPeer } from '../../network/src/peer-node';
import { startReceiver, type RunningReceiver, type TakenEvent } from '../../scripts/events-receiver';
import { newRequestId, today } from '../support/case-fixtures';
import { CaseSession, type CaseEventPayload, type Receipt, type Step } from '../support/case-session';
import { findOrg, submitJson } from '../support/fabric-clients';
import { GatewayProcess } from '../support/gateway-process';
import { eventually } from '../support/ledger-probes';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

const SECRETS = { BAMFMSP: 'bamf-webhook-secret-0123456789abcdef', LDSMSP: 'lds-webhook-secret-0123456789abcdef', ABHMSP: 'abh-webhook-secret-0123456789abcdef' } as const;
const effective = (): { effectiveOn: string } => ({ effectiveOn: today() });

describeRealNetwork('status events reach every authority that must act', (network: () => RealNetwork) => {
  let ledger: ProcessLedger;
  let session: CaseSession;
  let startBlock: bigint;
  const receivers = new Map<string, RunningReceiver>();
  /** Every receiver started per org (a receiver is stopped and started again in one test). */
  const generations = new Map<string, RunningReceiver[]>();
  /** What each org's receivers took, across their restarts (they deduplicate through one file). */
  const allTaken = new Map<string, TakenEvent[]>();
  /** Called right after an org's receiver took an event, before it acknowledges it. */
  const afterTaking = new Map<string, (event: TakenEvent) => void>();
  const gateways = new Map<string, PortGateway>();
  let abhGateway: GatewayProcess;
  /** Every transaction this suite submitted, last one last. */
  const submitted: string[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'events-e2e-'));

  function receiver(mspId: string): RunningReceiver {
    const found = receivers.get(mspId);
    if (!found) throw new Error(`no receiver for ${mspId}`);
    return found;
  }

  function gateway(mspId: string): PortGateway {
    const found = gateways.get(mspId);
    if (!found) throw new Error(`no gateway for ${mspId}`);
    return found;
  }

  async function startReceiverOf(mspId: keyof typeof SECRETS, port = 0): Promise<RunningReceiver> {
    const taken = allTaken.get(mspId) ?? [];
    allTaken.set(mspId, taken);
    const started = await startReceiver({ secret: SECRETS[mspId], port, dedupFile: path.join(dir, `${mspId}.seen`), onEvent: (event) => {
      taken.push(event);
      afterTaking.get(mspId)?.(event);
    } });
    receivers.set(mspId, started);
    generations.set(mspId, [...(generations.get(mspId) ?? []), started]);
    return started;
  }

  function portOf(mspId: string): number {
    return Number(new URL(receiver(mspId).url).port);
  }

  beforeAll(async () => {
    const { ctx } = network();
    ledger = openFabricProcessLedger({
      ledgerFiles: { networkConfig: ctx.env.configFile, networkRunDir: ctx.env.runDir, embeddedDatabase: undefined, embeddedIdentityDir: undefined },
      deadlines: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 },
    });
    startBlock = await ledger.forOrg('LDSMSP').blockHeight();
    session = new CaseSession(ctx);
    await session.start();
    for (const mspId of ['BAMFMSP', 'LDSMSP', 'ABHMSP'] as const) await startReceiverOf(mspId);
    // BAMF and LDS gateways in this process; BAMF's gives up after six tries, for the dead-letter test
    for (const [mspId, orgKind] of [['BAMFMSP', 'FEDERAL'], ['LDSMSP', 'LAND']] as const) {
      const port: LedgerPort = ledger.forOrg(mspId);
      const created = createPortGateway(port, {
        dbFile: path.join(dir, `${mspId}.sqlite`),
        mspId,
        orgKind,
        events: { listener: { startBlock, reconnectBaseMs: 100, reconnectMaxMs: 1_000 }, webhooks: { retryBaseMs: 300, retryMaxMs: 1_000, maxAttempts: 6 } },
      });
      created.events.subscribe({ subject: 'events-test', role: mspId === 'BAMFMSP' ? 'BAMF_CASEWORKER' : 'LAND_DISTRIBUTION' }, { url: receiver(mspId).url, secret: SECRETS[mspId] });
      created.events.start();
      gateways.set(mspId, created);
    }
    abhGateway = new GatewayProcess({
      ORG_MSP_ID: 'ABHMSP',
      ORG_KIND: 'ABH',
      DB_FILE: path.join(dir, 'ABHMSP.sqlite'),
      WEBHOOK_URL: receiver('ABHMSP').url,
      WEBHOOK_SECRET: SECRETS.ABHMSP,
      START_BLOCK: startBlock.toString(),
      ASYLUM_NETWORK_CONFIG: ctx.env.configFile,
      ASYLUM_NETWORK_RUN_DIR: ctx.env.runDir,
    });
    await abhGateway.start();
  }, 300_000);

  afterAll(async () => {
    await abhGateway.stop();
    for (const each of gateways.values()) {
      await each.drain();
      each.store.close();
    }
    for (const each of receivers.values()) await each.stop();
    session.close();
    await ledger.close();
  });

  /** Walks a case and notes every transaction. */
  async function walk(caseRef: string, steps: readonly Step[], seq: number): Promise<Receipt[]> {
    const receipts = await session.walk(caseRef, steps, seq);
    submitted.push(...receipts.map((receipt) => receipt.txId));
    return receipts;
  }

  /** Registers cases and brings each to ARRIVED with the Landesdirektion responsible (seq 3). */
  async function arrivedCases(count: number): Promise<string[]> {
    return Promise.all(
      Array.from({ length: count }, async () => {
        const registered = await session.register();
        submitted.push(registered.txId);
        await walk(registered.caseRef, [
          { org: 'LDSMSP', role: 'LAND_RECEPTION', fn: 'recordDistribution', input: { ...effective(), landCode: 'DE-SN' }, state: 'DISTRIBUTED' },
          { org: 'LDSMSP', role: 'LAND_RECEPTION', fn: 'confirmArrival', input: effective(), state: 'ARRIVED' },
        ], 1);
        return registered.caseRef;
      }),
    );
  }

  const toAbh: Step = { org: 'LDSMSP', role: 'LAND_DISTRIBUTION', fn: 'transferResponsibility', input: { ...effective(), responsible: 'ABHMSP' }, state: 'ARRIVED' };
  const toLds: Step = { org: 'LDSMSP', role: 'LAND_DISTRIBUTION', fn: 'transferResponsibility', input: { ...effective(), responsible: 'LDSMSP' }, state: 'ARRIVED' };

  const takenIds = (mspId: string): string[] => (allTaken.get(mspId) ?? []).map((event) => event.eventId);
  const duplicates = (mspId: string): string[] => (generations.get(mspId) ?? []).flatMap((each) => each.duplicates);
  const refused = (mspId: string): string[] => (generations.get(mspId) ?? []).flatMap((each) => each.refused);

  it('delivers a decision recorded at BAMF to the ABH and LDS webhooks, signed, and not to BAMF', async () => {
    const [caseRef] = await arrivedCases(1);
    const receipts = await walk(caseRef!, [
      { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'lodgeApplication', input: effective(), state: 'APPLICATION_LODGED' },
      { org: 'LDSMSP', role: 'LAND_DISTRIBUTION', fn: 'allocateToMunicipality', input: { ...effective(), responsible: 'ABHMSP' }, privateData: { municipalityCode: '14612000' }, state: 'APPLICATION_LODGED' },
      { org: 'BAMFMSP', role: 'BAMF_CASEWORKER', fn: 'recordDecision', input: { ...effective(), outcomeClass: 'REJECTED', track: 'REGULAR' }, state: 'DECIDED' },
    ], 3);
    const decision = receipts[2]!.txId;
    const decided = (await session.caseEventsAt('LDSMSP', caseRef!, 6)).find((each) => each.seq === 6) as CaseEventPayload;
    expect(decided.targets).toEqual(['ABHMSP', 'LDSMSP']);
    await eventually(async () => takenIds('ABHMSP').includes(decision) && takenIds('LDSMSP').includes(decision), 30_000, 'the decision at ABH and LDS');
    for (const mspId of ['ABHMSP', 'LDSMSP']) {
      const taken = (allTaken.get(mspId) ?? []).find((each) => each.eventId === decision)!;
      expect(taken).toMatchObject({ type: 'recordDecision', caseRef, seq: 6 });
      expect(taken.event).toMatchObject({ txId: decision, targets: ['ABHMSP', 'LDSMSP'], to: 'DECIDED', responsible: 'ABHMSP' });
      expect(refused(mspId)).toEqual([]);
    }
    // BAMF recorded it: nothing is delivered to an org outside the targets (BAMF got the allocation, which targets it)
    await eventually(async () => takenIds('BAMFMSP').includes(receipts[1]!.txId), 30_000, 'the allocation at BAMF');
    expect(takenIds('BAMFMSP')).not.toContain(decision);
    expect(takenIds('LDSMSP')).not.toContain(receipts[1]!.txId);
  });

  it('delivers every event of a burst after the ABH gateway is killed in the middle of it; duplicates carry the same event id', async () => {
    const cases = await arrivedCases(4);
    const before = takenIds('ABHMSP').length;
    const burst = Promise.all(cases.map((caseRef) => walk(caseRef, [toAbh, toLds, toAbh, toLds, toAbh], 3)));
    // killed right after its receiver took the third event of the burst, before the acknowledgement
    // reaches it: that delivery is not recorded as acknowledged and goes out again after the restart
    let killing: Promise<void> | undefined;
    afterTaking.set('ABHMSP', () => {
      if (killing === undefined && takenIds('ABHMSP').length >= before + 3) killing = abhGateway.kill();
    });
    await eventually(async () => killing !== undefined, 60_000, 'the first events of the burst at ABH');
    afterTaking.delete('ABHMSP');
    await killing;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await abhGateway.start();
    const receipts = (await burst).flat();
    const expected = receipts.map((receipt) => receipt.txId);
    await eventually(async () => expected.every((txId) => takenIds('ABHMSP').includes(txId)), 60_000, 'every event of the burst at ABH');
    expect(takenIds('ABHMSP').filter((txId) => expected.includes(txId)).sort()).toEqual([...expected].sort());
    expect(duplicates('ABHMSP').every((txId) => takenIds('ABHMSP').includes(txId))).toBe(true);
    process.stdout.write(`ABH gateway killed during a burst of ${String(expected.length)} events: ${String(duplicates('ABHMSP').length)} duplicate deliveries (same event id)\n`);
  });

  it('retries while the webhook receiver is down, and dead-letters after the configured tries for redrive through the API', async () => {
    const [caseRef] = await arrivedCases(1);
    const bamf = gateway('BAMFMSP');
    const token = await bamf.token('BAMF_CASEWORKER');
    const [subscription] = (await request(bamf.app).get('/v1/subscriptions').set('Authorization', `Bearer ${token}`)).body.subscriptions as { id: string }[];
    const port = portOf('BAMFMSP');
    // down for a while: the delivery is retried and arrives after the receiver is back
    await receiver('BAMFMSP').stop();
    const [first] = await walk(caseRef!, [toAbh], 3);
    await eventually(async () => {
      const res = await request(bamf.app).get(`/v1/subscriptions/${subscription!.id}/deliveries?state=pending`).set('Authorization', `Bearer ${token}`);
      return (res.body.deliveries as { eventId: string; attempts: number }[]).some((each) => each.eventId === first!.txId && each.attempts >= 2);
    }, 30_000, 'two failed tries');
    const back = await startReceiverOf('BAMFMSP', port);
    await eventually(async () => back.taken.some((each) => each.eventId === first!.txId), 30_000, 'the delivery after the receiver returned');
    expect(back.taken.find((each) => each.eventId === first!.txId)!.attempt).toBeGreaterThanOrEqual(3);

    // down for longer than six tries: dead-lettered, visible, and re-driven through the API
    await back.stop();
    const [second] = await walk(caseRef!, [toLds], 4);
    await eventually(async () => {
      const res = await request(bamf.app).get(`/v1/subscriptions/${subscription!.id}/deliveries?state=dead`).set('Authorization', `Bearer ${token}`);
      return (res.body.deliveries as { eventId: string }[]).some((each) => each.eventId === second!.txId);
    }, 60_000, 'the dead letter');
    const again = await startReceiverOf('BAMFMSP', port);
    const redriven = await request(bamf.app).post(`/v1/subscriptions/${subscription!.id}/redrive`).set('Authorization', `Bearer ${token}`);
    expect(redriven.status).toBe(202);
    expect(redriven.body.redriven).toBeGreaterThanOrEqual(1);
    await eventually(async () => again.taken.some((each) => each.eventId === second!.txId), 30_000, 'the redriven delivery');
  });

  it('resumes the stream from the checkpoint when the ABH peer stops and starts again during a burst', async () => {
    const { ctx, binaries } = network();
    const cases = await arrivedCases(4);
    const abh = findOrg(ctx, 'ABHMSP');
    await ctx.registry.stop(processNames.peer(abh));
    const transfers: string[] = [];
    try {
      // with ABH's peer down, LDS (responsible) and BAMF endorse the transfers to the ABH
      for (const caseRef of cases) {
        const receipt = await submitJson<Receipt>(session.client('LDSMSP', 'LAND_DISTRIBUTION').contract(), 'case:transferResponsibility', { caseRef, requestId: newRequestId(), ...effective(), responsible: 'ABHMSP' });
        transfers.push(receipt.txId);
        submitted.push(receipt.txId);
      }
    } finally {
      const options: NodeStepOptions = { config: ctx.config, layout: ctx.layout, registry: ctx.registry, binaries, fabricCfg: ctx.env.fabricCfg, log: () => undefined };
      await startPeer(options, abh);
    }
    await eventually(async () => transfers.every((txId) => takenIds('ABHMSP').includes(txId)), 120_000, 'the transfers at ABH after its peer returned');
  });

  it('delivers as many events to each org as the ledger committed with that org in the targets', async () => {
    const last = submitted.at(-1)!;
    const committed = new Map<string, Set<string>>([['BAMFMSP', new Set()], ['LDSMSP', new Set()], ['ABHMSP', new Set()]]);
    const stream = ledger.forOrg('LDSMSP').events({ blockNumber: startBlock });
    for await (const event of stream) {
      if (event.eventName === 'CaseEvent') {
        const payload = JSON.parse(Buffer.from(event.payload).toString('utf8')) as CaseEventPayload;
        for (const target of payload.targets) committed.get(target)?.add(event.txId);
      }
      if (event.txId === last) break;
    }
    stream.close();
    for (const [mspId, txIds] of committed) {
      await eventually(async () => [...txIds].every((txId) => takenIds(mspId).includes(txId)), 60_000, `every event for ${mspId}`);
      expect(new Set(takenIds(mspId))).toEqual(txIds);
      expect(takenIds(mspId)).toHaveLength(txIds.size);
      process.stdout.write(`${mspId}: ${String(txIds.size)} committed with it in the targets, ${String(takenIds(mspId).length)} taken, ${String(duplicates(mspId).length)} duplicates\n`);
    }
  });
});
