/**
 * Ledger benchmark on the running network: throughput and submit-to-commit latency of the case
 * status transitions against a minimal one-key write (chaincode `baseline`) on the same network in
 * the same run, closed loop at 1, 10 and 50 transactions in flight. Prints a markdown table.
 * Bounded: at most BENCH_MAX_TX transactions and BENCH_MAX_SECONDS per cell. Loopback only.
 */
import { newRequestId, registerCaseInput, today } from '../support/case-fixtures';
import { connectAs, submitJson, type OrgClient } from '../support/fabric-clients';
import { startRealNetwork, realNetworkSkipReason } from '../support/real-network';
import { createNetworkContext } from '../../network/src/network-context';

interface CellResult {
  readonly workload: string;
  readonly inFlight: number;
  readonly latenciesMs: number[];
  readonly failed: number;
  readonly seconds: number;
  readonly firstError?: string;
}

type Operation = (index: number) => Promise<unknown>;

const maxTx = Number(process.env.BENCH_MAX_TX ?? 300);
const maxSeconds = Number(process.env.BENCH_MAX_SECONDS ?? 15);
const levels = (process.env.BENCH_LEVELS ?? '1,10,50').split(',').map(Number);

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

/** Runs `inFlight` workers in a closed loop until the count or time bound is reached. */
async function runCell(workload: string, inFlight: number, operation: Operation): Promise<CellResult> {
  const total = inFlight === 1 ? Math.min(maxTx, 60) : maxTx;
  const latenciesMs: number[] = [];
  let failed = 0;
  let next = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + maxSeconds * 1000;
  const worker = async (): Promise<void> => {
    while (next < total && performance.now() < deadline) {
      const index = next;
      next += 1;
      const t0 = performance.now();
      try {
        await operation(index);
        latenciesMs.push(performance.now() - t0);
      } catch (error) {
        failed += 1;
        firstError ??= error instanceof Error ? error.message.split('\n')[0] : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, () => worker()));
  const seconds = (performance.now() - started) / 1000;
  return { workload, inFlight, latenciesMs: latenciesMs.sort((a, b) => a - b), failed, seconds, ...(firstError ? { firstError } : {}) };
}

function formatRow(cell: CellResult): string {
  const ok = cell.latenciesMs.length;
  const ms = (p: number): string => percentile(cell.latenciesMs, p).toFixed(0);
  return `| ${cell.workload} | ${cell.inFlight} | ${ok} | ${cell.failed} | ${(ok / cell.seconds).toFixed(1)} | ${ms(50)} | ${ms(95)} | ${ms(99)} |`;
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
  const results: CellResult[] = [];
  try {
    for (const inFlight of levels) {
      const baseline = reception.contract('baseline');
      results.push(await runCell('baseline: one-key write', inFlight, (i) =>
        submitJson(baseline, 'put', { key: `bench-${inFlight}-${i}-${Date.now()}`, value: i })));
      results.push(await runCell('case: registerCase', inFlight, () =>
        submitJson(reception.contract(), 'case:registerCase', registerCaseInput())));
      const cases = await registerCases(reception, inFlight === 1 ? Math.min(maxTx, 60) : maxTx);
      results.push(await runCell('case: recordDistribution', inFlight, (i) =>
        submitJson(registration.contract(), 'case:recordDistribution', {
          caseRef: cases[i], requestId: newRequestId(), effectiveOn: today(), landCode: 'DE-SN',
        })));
    }
  } finally {
    reception.close();
    registration.close();
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
  console.log(`Closed loop; latency = client submit (endorse + order) until commit status; bounds ${maxTx} tx / ${maxSeconds} s per row.\n`);
  console.log('| workload | in flight | committed | failed | tx/s | p50 ms | p95 ms | p99 ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
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
