/**
 * Ledger benchmark on the running network: throughput and submit-to-commit latency of the case
 * status transitions against a minimal one-key write (chaincode `baseline`) on the same network in
 * the same run, closed loop at 1, 10 and 50 transactions in flight. Prints a markdown table.
 * The same chaincode also runs a second time as `nationwide`, whose directory lists 600
 * authorities (nationwide-directory.ts), so that the cost of a directory sized for the whole
 * country and of a case with more than twenty participants shows beside the three-org directory.
 * Bounded: at most BENCH_MAX_TX transactions and BENCH_MAX_SECONDS per cell. Loopback only.
 */
import { newRequestId, registerCaseInput, today } from '../support/case-fixtures';
import { connectAs, submitJson, type OrgClient } from '../support/fabric-clients';
import { realNetworkSkipReason, startRealNetwork, stopRealNetwork } from '../support/real-network';
import type { Contract } from '@hyperledger/fabric-gateway';
import { createNetworkContext } from '../../network/src/network-context';
import { percentile, runClosedLoop } from './closed-loop';
import { bootstrapNationwideDirectory, NATIONWIDE_CHAINCODE, NATIONWIDE_DIRECTORY_SIZE, SAXON_LAND_AUTHORITIES } from './nationwide-directory';

interface CellResult {
  readonly workload: string;
  readonly inFlight: number;
  readonly latenciesMs: number[];
  /** Chaincode event arrival at another org's peer minus the submitter's commit, per transaction. */
  readonly deliveredMs: number[];
  readonly failed: number;
  readonly seconds: number;
  readonly firstError?: string;
}

/** One transaction; resolves with its id once committed (the submitter's peer). */
type Operation = (index: number) => Promise<string>;

/** Arrival times of chaincode events at the observing org, by transaction id. */
type Arrivals = Map<string, number>;

const maxTx = Number(process.env.BENCH_MAX_TX ?? 300);
const maxSeconds = Number(process.env.BENCH_MAX_SECONDS ?? 15);
const levels = (process.env.BENCH_LEVELS ?? '1,10,50').split(',').map(Number);

/** Runs `inFlight` workers in a closed loop until the count or time bound is reached. */
async function runCell(workload: string, inFlight: number, operation: Operation, arrivals: Arrivals, limit = maxTx): Promise<CellResult> {
  const total = Math.min(limit, inFlight === 1 ? Math.min(maxTx, 60) : maxTx);
  const run = await runClosedLoop(inFlight, total, maxSeconds, operation);
  const committedAt = new Map(run.results.map(({ value, doneAt }) => [value, doneAt]));
  const waitUntil = performance.now() + 5000;
  while ([...committedAt.keys()].some((txId) => !arrivals.has(txId)) && performance.now() < waitUntil) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const deliveredMs = [...committedAt].flatMap(([txId, done]) => {
    const arrived = arrivals.get(txId);
    return arrived === undefined ? [] : [arrived - done];
  });
  return {
    workload,
    inFlight,
    latenciesMs: run.latenciesMs,
    deliveredMs: deliveredMs.sort((a, b) => a - b),
    failed: run.failed,
    seconds: run.seconds,
    ...(run.firstError ? { firstError: run.firstError } : {}),
  };
}

function formatRow(cell: CellResult): string {
  const ok = cell.latenciesMs.length;
  const ms = (values: readonly number[], p: number): string => percentile(values, p).toFixed(0);
  const submit = [50, 95, 99].map((p) => ms(cell.latenciesMs, p)).join(' | ');
  const delivered = [50, 95, 99].map((p) => ms(cell.deliveredMs, p)).join(' / ');
  return `| ${cell.workload} | ${cell.inFlight} | ${ok} | ${cell.failed} | ${(ok / cell.seconds).toFixed(1)} | ${submit} | ${delivered} |`;
}

async function registerCases(client: OrgClient, count: number, chaincode?: string): Promise<string[]> {
  const refs: string[] = [];
  const contract = client.contract(chaincode);
  await Promise.all(Array.from({ length: 20 }, async () => {
    while (refs.length < count) {
      const input = registerCaseInput();
      refs.push(input.caseRef);
      await submitJson(contract, 'case:registerCase', input);
    }
  }));
  return refs.slice(0, count);
}

/** Submits and waits for the commit at the submitter's peer; resolves with the transaction id. */
async function submitTx(contract: Contract, fn: string, input: unknown): Promise<string> {
  const submitted = await contract.submitAsync(fn, { arguments: [JSON.stringify(input)] });
  const status = await submitted.getStatus();
  if (!status.successful) throw new Error(`${fn} committed invalid: validation code ${String(status.code)}`);
  return submitted.getTransactionId();
}

/** Records when each transaction's chaincode event arrives at the observer's peer. */
async function observeArrivals(observer: OrgClient, chaincodes: readonly string[], arrivals: Arrivals): Promise<() => void> {
  const streams = await Promise.all(chaincodes.map((name) => observer.network.getChaincodeEvents(name)));
  for (const stream of streams) {
    void (async () => {
      try {
        for await (const event of stream) arrivals.set(event.transactionId, performance.now());
      } catch {
        // CANCELLED when closed
      }
    })();
  }
  return () => {
    for (const stream of streams) stream.close();
  };
}

async function main(): Promise<void> {
  const skip = realNetworkSkipReason();
  if (skip) {
    console.log(`SKIPPED: ledger benchmark: ${skip}`);
    return;
  }
  const network = await startRealNetwork(['baseline', NATIONWIDE_CHAINCODE]);
  const { ctx } = network;
  const reception = connectAs(ctx, 'LDSMSP', 'LAND_RECEPTION');
  const registration = connectAs(ctx, 'BAMFMSP', 'BAMF_REGISTRATION');
  const observer = connectAs(ctx, 'ABHMSP', 'AUDITOR');
  const admin = connectAs(ctx, 'BAMFMSP', 'ADMIN');
  await bootstrapNationwideDirectory(admin.contract(NATIONWIDE_CHAINCODE));
  admin.close();
  const arrivals: Arrivals = new Map();
  const stopObserving = await observeArrivals(observer, ['casestatus', 'baseline', NATIONWIDE_CHAINCODE], arrivals);
  const results: CellResult[] = [];
  try {
    for (const inFlight of levels) {
      const baseline = reception.contract('baseline');
      results.push(await runCell('baseline: one-key write', inFlight, (i) =>
        submitTx(baseline, 'put', { key: `bench-${inFlight}-${i}-${Date.now()}`, value: i }), arrivals));
      results.push(await runCell('case: registerCase', inFlight, () =>
        submitTx(reception.contract(), 'case:registerCase', registerCaseInput()), arrivals));
      const cases = await registerCases(reception, inFlight === 1 ? Math.min(maxTx, 60) : maxTx);
      results.push(await runCell('case: recordDistribution', inFlight, (i) =>
        submitTx(registration.contract(), 'case:recordDistribution', {
          caseRef: cases[i], requestId: newRequestId(), effectiveOn: today(), landCode: 'DE-SN',
        }), arrivals));
      results.push(...(await runNationwideCells(inFlight, reception, registration, arrivals)));
    }
  } finally {
    stopObserving();
    observer.close();
    reception.close();
    registration.close();
    await stopRealNetwork(network);
  }
  printReport(results);
}

/**
 * The nationwide rows: a distribution to Saxony, which asks every LAND authority of Saxony in the
 * 600-entry directory to react, and then the arrival on such a case, which has 23 participants.
 */
async function runNationwideCells(inFlight: number, reception: OrgClient, registration: OrgClient, arrivals: Arrivals): Promise<CellResult[]> {
  const count = inFlight === 1 ? Math.min(maxTx, 60) : maxTx;
  const cases = await registerCases(reception, count, NATIONWIDE_CHAINCODE);
  const distributed: string[] = [];
  const distribution = await runCell(`nationwide: recordDistribution (${NATIONWIDE_DIRECTORY_SIZE} authorities)`, inFlight, async (i) => {
    const caseRef = cases[i] as string;
    const txId = await submitTx(registration.contract(NATIONWIDE_CHAINCODE), 'case:recordDistribution', {
      caseRef, requestId: newRequestId(), effectiveOn: today(), landCode: 'DE-SN', responsible: 'LDSMSP',
    });
    distributed.push(caseRef);
    return txId;
  }, arrivals);
  const participants = SAXON_LAND_AUTHORITIES + 1;
  const arrival = await runCell(`nationwide: confirmArrival (${NATIONWIDE_DIRECTORY_SIZE} authorities, ${participants} participants)`, inFlight, (i) =>
    submitTx(reception.contract(NATIONWIDE_CHAINCODE), 'case:confirmArrival', { caseRef: distributed[i], requestId: newRequestId(), effectiveOn: today() }),
  arrivals, distributed.length);
  return [distribution, arrival];
}

function printReport(results: readonly CellResult[]): void {
  const { blockCutting, orgs } = createNetworkContext({ log: () => undefined }).config;
  console.log(`\n### Ledger benchmark (${new Date().toISOString()})\n`);
  console.log(`Network: ${orgs.length} orgs, ${orgs.length} Raft orderers, endorsement 2 of ${orgs.length}, TLS, all on 127.0.0.1.`);
  console.log(
    `Block cutting: BatchTimeout ${blockCutting.batchTimeout}, MaxMessageCount ${blockCutting.maxMessageCount}, ` +
      `AbsoluteMaxBytes ${blockCutting.absoluteMaxBytes}, PreferredMaxBytes ${blockCutting.preferredMaxBytes}.`,
  );
  console.log(
    `Closed loop; submit->commit = client submit (endorse, order) until its own peer reports the commit; ` +
      `delivered = the chaincode event's arrival at another org's peer (ABHMSP) minus that commit ` +
      `(negative: ABH's peer was first). Bounds ${maxTx} tx / ${maxSeconds} s per row.\n`,
  );
  console.log('| workload | in flight | committed | failed | tx/s | submit->commit p50 ms | p95 | p99 | delivered at ABH p50 / p95 / p99 ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const cell of results) console.log(formatRow(cell));
  console.log('');
  for (const level of levels) {
    const rate = (name: string): number => {
      const cell = results.find((entry) => entry.inFlight === level && entry.workload.startsWith(name));
      return cell ? cell.latenciesMs.length / cell.seconds : Number.NaN;
    };
    const base = rate('baseline');
    const share = (name: string): string => `${((100 * rate(name)) / base).toFixed(0)} %`;
    console.log(
      `- ${level} in flight: registerCase ${share('case: registerCase')} and ` +
        `recordDistribution ${share('case: recordDistribution')} of the baseline throughput; with ${NATIONWIDE_DIRECTORY_SIZE} authorities ` +
        `recordDistribution ${share('nationwide: recordDistribution')} and confirmArrival on a case with ${SAXON_LAND_AUTHORITIES + 1} participants ${share('nationwide: confirmArrival')}`,
    );
  }
  for (const cell of results.filter((entry) => entry.firstError)) {
    console.log(`- ${cell.workload} at ${cell.inFlight}: first failure: ${cell.firstError ?? ''}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
