/**
 * Ledger benchmark on the running network: throughput and submit-to-commit latency of the case
 * status transitions against a minimal one-key write (chaincode `baseline`) on the same network in
 * the same run, closed loop at 1, 10 and 50 transactions in flight. Prints a markdown table.
 * Bounded: at most BENCH_MAX_TX transactions and BENCH_MAX_SECONDS per cell. Loopback only.
 */
import { newRequestId, registerCaseInput, today } from '../support/case-fixtures';
import { connectAs, submitJson, type OrgClient } from '../support/fabric-clients';
import { realNetworkSkipReason, startRealNetwork, stopRealNetwork } from '../support/real-network';
import type { Contract } from '@hyperledger/fabric-gateway';
import { createNetworkContext } from '../../network/src/network-context';
import { percentile, runClosedLoop } from './closed-loop';

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
async function runCell(workload: string, inFlight: number, operation: Operation, arrivals: Arrivals): Promise<CellResult> {
  const total = inFlight === 1 ? Math.min(maxTx, 60) : maxTx;
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

async function registerCases(client: OrgClient, count: number): Promise<string[]> {
  const refs: string[] = [];
  const contract = client.contract();
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
  const network = await startRealNetwork(['baseline']);
  const { ctx } = network;
  const reception = connectAs(ctx, 'LDSMSP', 'LAND_RECEPTION');
  const registration = connectAs(ctx, 'BAMFMSP', 'BAMF_REGISTRATION');
  const observer = connectAs(ctx, 'ABHMSP', 'AUDITOR');
  const arrivals: Arrivals = new Map();
  const stopObserving = await observeArrivals(observer, ['casestatus', 'baseline'], arrivals);
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
    console.log(
      `- ${level} in flight: registerCase ${((100 * rate('case: registerCase')) / base).toFixed(0)} % and ` +
        `recordDistribution ${((100 * rate('case: recordDistribution')) / base).toFixed(0)} % of the baseline throughput`,
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
