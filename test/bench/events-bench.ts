/**
 * Event delivery benchmark on the running network: for each transaction that targets the ABH,
 * from the submitter's commit (LDS's peer reports it) to
 *   - the raw chaincode event's arrival at the ABH's peer (a fabric-gateway listener, as
 *     bench:ledger measures it), and
 *   - the webhook acknowledged at the ABH's receiver (the reference receiver, scripts/), delivered
 *     by the ABH's gateway running as a process of its own (checkpointed listener, outbox in
 *     SQLite with synchronous=FULL, signed POST),
 * and the gateway's share: acknowledged minus raw arrival. Light load (1 in flight) and a
 * sustained rate (BENCH_SUSTAINED in flight, default 10). Prints a markdown table with the
 * network's BatchTimeout. Bounded by BENCH_LIGHT_TX (light load), BENCH_MAX_TX and BENCH_MAX_SECONDS per row.
 */
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Contract } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { createNetworkContext } from '../../network/src/network-context';
import { startReceiver } from '../../scripts/events-receiver';
import { newRequestId, registerCaseInput, today } from '../support/case-fixtures';
import { connectAs, submitJson, type OrgClient } from '../support/fabric-clients';
import { GatewayProcess } from '../support/gateway-process';
import { realNetworkSkipReason, startRealNetwork, stopRealNetwork } from '../support/real-network';
import { percentile, runClosedLoop } from './closed-loop';

const maxTx = Number(process.env.BENCH_MAX_TX ?? 200);
const maxSeconds = Number(process.env.BENCH_MAX_SECONDS ?? 30);
const sustained = Number(process.env.BENCH_SUSTAINED ?? 10);
/** Transactions at light load: enough that p99 is not simply the slowest of a few dozen. */
const lightTx = Number(process.env.BENCH_LIGHT_TX ?? 150);
const SECRET = 'bench-webhook-secret-0123456789abcdef';

interface Row {
  readonly label: string;
  readonly inFlight: number;
  readonly committed: number;
  readonly failed: number;
  readonly txPerSecond: number;
  readonly arrivalMs: number[];
  readonly ackMs: number[];
  readonly gatewayMs: number[];
  readonly missing: number;
  readonly firstError?: string;
}

/** Submits and waits for the commit at the submitter's peer; resolves with the transaction id. */
async function submitTx(contract: Contract, fn: string, input: unknown): Promise<string> {
  const submitted = await contract.submitAsync(fn, { arguments: [JSON.stringify(input)] });
  const status = await submitted.getStatus();
  if (!status.successful) throw new Error(`${fn} committed invalid: validation code ${String(status.code)}`);
  return submitted.getTransactionId();
}

/** Registers and distributes `count` cases (two phases, so every peer has each registration first). */
async function distributedCases(reception: OrgClient, registration: OrgClient, count: number): Promise<string[]> {
  const refs: string[] = [];
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (refs.length < count) {
      const input = registerCaseInput();
      refs.push(input.caseRef);
      await submitJson(reception.contract(), 'case:registerCase', input);
    }
  }));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  let next = 0;
  await Promise.all(Array.from({ length: 10 }, async () => {
    while (next < count) {
      const caseRef = refs[next++];
      await submitJson(registration.contract(), 'case:recordDistribution', { caseRef, requestId: newRequestId(), effectiveOn: today(), landCode: 'DE-SN' });
    }
  }));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  return refs.slice(0, count);
}

/** Records when each transaction's chaincode event arrives at the observer's peer. */
async function observeArrivals(observer: OrgClient, arrivals: Map<string, number>): Promise<() => void> {
  const stream = await observer.network.getChaincodeEvents('casestatus');
  void (async () => {
    try {
      for await (const event of stream) arrivals.set(event.transactionId, performance.now());
    } catch {
      // CANCELLED when closed
    }
  })();
  return () => {
    stream.close();
  };
}

function sortedDiffs(txIds: readonly string[], from: Map<string, number>, to: Map<string, number>): number[] {
  return txIds.flatMap((txId) => {
    const a = from.get(txId);
    const b = to.get(txId);
    return a === undefined || b === undefined ? [] : [b - a];
  }).sort((x, y) => x - y);
}

async function main(): Promise<void> {
  const skip = realNetworkSkipReason();
  if (skip) {
    console.log(`SKIPPED: events benchmark: ${skip}`);
    return;
  }
  const network = await startRealNetwork();
  const { ctx } = network;
  const reception = connectAs(ctx, 'LDSMSP', 'LAND_RECEPTION');
  const distribution = connectAs(ctx, 'LDSMSP', 'LAND_DISTRIBUTION');
  const registration = connectAs(ctx, 'BAMFMSP', 'BAMF_REGISTRATION');
  const observer = connectAs(ctx, 'ABHMSP', 'AUDITOR');
  const arrivals = new Map<string, number>();
  const acks = new Map<string, number>();
  const receiver = await startReceiver({ secret: SECRET, onEvent: (event) => acks.set(event.eventId, performance.now()) });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'events-bench-'));
  const startBlock = await chainHeight(observer);
  const gateway = new GatewayProcess({
    ORG_MSP_ID: 'ABHMSP',
    ORG_KIND: 'ABH',
    DB_FILE: path.join(dir, 'abh.sqlite'),
    WEBHOOK_URL: receiver.url,
    WEBHOOK_SECRET: SECRET,
    START_BLOCK: startBlock.toString(),
    ASYLUM_NETWORK_CONFIG: ctx.env.configFile,
    ASYLUM_NETWORK_RUN_DIR: ctx.env.runDir,
  });
  const stopObserving = await observeArrivals(observer, arrivals);
  const rows: Row[] = [];
  try {
    await gateway.start();
    for (const [label, inFlight] of [['light load', 1], ['sustained', sustained]] as const) {
      const total = inFlight === 1 ? lightTx : maxTx;
      const cases = await distributedCases(reception, registration, total);
      // one transfer to the ABH per case: targets the ABH (new responsible) and BAMF
      const run = await runClosedLoop(inFlight, total, maxSeconds, (i) =>
        submitTx(distribution.contract(), 'case:transferResponsibility', { caseRef: cases[i], requestId: newRequestId(), effectiveOn: today(), responsible: 'ABHMSP' }));
      const committedAt = new Map(run.results.map(({ value, doneAt }) => [value, doneAt]));
      const txIds = [...committedAt.keys()];
      const waitUntil = performance.now() + 30_000;
      while (txIds.some((txId) => !acks.has(txId) || !arrivals.has(txId)) && performance.now() < waitUntil) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      rows.push({
        label,
        inFlight,
        committed: txIds.length,
        failed: run.failed,
        txPerSecond: txIds.length / run.seconds,
        arrivalMs: sortedDiffs(txIds, committedAt, arrivals),
        ackMs: sortedDiffs(txIds, committedAt, acks),
        gatewayMs: sortedDiffs(txIds, arrivals, acks),
        missing: txIds.filter((txId) => !acks.has(txId)).length,
        ...(run.firstError ? { firstError: run.firstError } : {}),
      });
    }
  } finally {
    await gateway.stop();
    await receiver.stop();
    stopObserving();
    for (const client of [reception, distribution, registration, observer]) client.close();
    await stopRealNetwork(network);
  }
  printReport(rows, receiver.refused.length, receiver.duplicates.length);
}

/** The channel height at the observer's peer (qscc GetChainInfo), so the gateway starts at the present. */
async function chainHeight(observer: OrgClient): Promise<bigint> {
  const channel = createNetworkContext({ log: () => undefined }).config.channel;
  const bytes = await observer.network.getContract('qscc').evaluateTransaction('GetChainInfo', channel);
  return BigInt(common.BlockchainInfo.deserializeBinary(bytes).getHeight());
}

function printReport(rows: readonly Row[], refused: number, duplicates: number): void {
  const { blockCutting, orgs } = createNetworkContext({ log: () => undefined }).config;
  const p = (values: readonly number[]): string => [50, 95, 99].map((q) => percentile(values, q).toFixed(0)).join(' / ');
  console.log(`\n### Event delivery benchmark (${new Date().toISOString()})\n`);
  console.log(`Network: ${String(orgs.length)} orgs, ${String(orgs.length)} Raft orderers, TLS, all on 127.0.0.1.`);
  console.log(`Block cutting: BatchTimeout ${blockCutting.batchTimeout}, MaxMessageCount ${String(blockCutting.maxMessageCount)}.`);
  console.log(`Machine: ${String(os.cpus().length)} cores, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' / ')} (1 / 5 / 15 min) at the end.`);
  console.log(
    'Each transaction is a transferResponsibility by the Landesdirektion to the ABH (targets ABH and BAMF). commit = the ' +
      "submitter's own peer (LDS) reports it; raw arrival = the chaincode event at the ABH's peer (fabric-gateway listener); " +
      "acknowledged = the ABH's gateway (own process: checkpointed listener, outbox, signed POST) delivered it to the reference " +
      "receiver, which verified and took it; gateway share = acknowledged minus raw arrival. Negative: ABH's peer committed first.\n",
  );
  console.log('| load | in flight | committed | failed | tx/s | commit->raw arrival at ABH peer p50 / p95 / p99 ms | commit->webhook acknowledged p50 / p95 / p99 ms | gateway share p50 / p95 / p99 ms | not delivered |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const row of rows) {
    console.log(`| ${row.label} | ${String(row.inFlight)} | ${String(row.committed)} | ${String(row.failed)} | ${row.txPerSecond.toFixed(1)} | ${p(row.arrivalMs)} | ${p(row.ackMs)} | ${p(row.gatewayMs)} | ${String(row.missing)} |`);
  }
  console.log(`\nSignatures refused by the receiver: ${String(refused)}; duplicate deliveries: ${String(duplicates)}.`);
  for (const row of rows.filter((entry) => entry.firstError)) console.log(`- ${row.label}: first failure: ${row.firstError ?? ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
