/**
 * `npm run bench:api`: what the gateway costs on top of the ledger. In one run, on the same
 * ledger, it measures each workload twice: through the gateway over HTTP (token check, validation,
 * idempotency record, audit log, JSON mapping), and raw on the ledger port (for `fabric` that is
 * @hyperledger/fabric-gateway itself, as bench:ledger measures it). It prints a markdown table
 * with throughput and p50/p95/p99, and the gateway/raw ratios.
 *
 * Workloads: GET case with BENCH_READ_CLIENTS (default 100) concurrent clients, and transitions
 * (recordDistribution on freshly registered cases) with BENCH_WRITE_CLIENTS (default 10) in flight,
 * without and with a private field (responsibleUnit as transient data): the gateway names the
 * endorsers of a private write from the case key's policy, which costs one read at its own peer
 * first (getPrivateWriteEndorsers, ADR 0009); the raw cell leaves the choice to discovery.
 * The ledger: LEDGER, else fabric when Fabric binaries are found (the network must be up:
 * `npm run up -w network`), else embedded. Bounded by BENCH_SECONDS per cell (default 10),
 * BENCH_READS (default 5000) and BENCH_WRITES (default 200). Loopback only.
 */
import '../../scripts/quiet-chaincode-logs';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import os from 'node:os';
import path from 'node:path';
import { mintDevToken } from '../../gateway-api/src/auth/dev-identity-provider';
import { loadConfig } from '../../gateway-api/src/config';
import { openProcessLedger } from '../../gateway-api/src/ledger-factory';
import { chooseLedger, localGatewayEnv, localPaths, type LocalOrg } from '../../gateway-api/src/local-stack';
import type { LedgerPort } from '@asylum-ledger/domain';
import { startGateway } from '../../gateway-api/src/run-gateway';
import { findTool, loadEnvironment } from '../../network/src/layout';
import { percentile, runClosedLoop } from './closed-loop';

const repoDir = path.resolve(__dirname, '..', '..');
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const maxReads = Number(process.env.BENCH_READS ?? 5000);
const maxWrites = Number(process.env.BENCH_WRITES ?? 200);
const readClients = Number(process.env.BENCH_READ_CLIENTS ?? 100);
const writeClients = Number(process.env.BENCH_WRITE_CLIENTS ?? 10);
const LDS: LocalOrg = { key: 'lds', mspId: 'LDSMSP', kind: 'LAND', gatewayPort: 0 };
const ROLE = 'LAND_RECEPTION';

interface Cell {
  readonly workload: string;
  readonly path: 'gateway' | 'raw';
  readonly clients: number;
  readonly latencies: number[];
  readonly failed: number;
  readonly seconds: number;
  readonly firstError: string | undefined;
}

function today(): string {
  return new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
}

/** Runs `clients` closed-loop workers until `total` operations or the time bound. */
async function runCell(label: Readonly<{ workload: string; path: Cell['path'] }>, clients: number, total: number, operation: (index: number) => Promise<void>): Promise<Cell> {
  const run = await runClosedLoop(clients, total, seconds, operation);
  return { ...label, clients, latencies: run.latenciesMs, failed: run.failed, seconds: run.seconds, firstError: run.firstError };
}

function throughput(cell: Cell): number {
  return cell.latencies.length / cell.seconds;
}

function row(cell: Cell): string {
  const ms = (p: number): string => percentile(cell.latencies, p).toFixed(1);
  return `| ${cell.workload} | ${cell.path} | ${cell.clients} | ${cell.latencies.length} | ${cell.failed} | ${throughput(cell).toFixed(0)} | ${ms(50)} | ${ms(95)} | ${ms(99)} |`;
}

function ratio(gateway: Cell, raw: Cell): string {
  const tput = throughput(gateway) / throughput(raw);
  const p99 = percentile(gateway.latencies, 99) / percentile(raw.latencies, 99);
  return `${gateway.workload}: gateway throughput = ${(tput * 100).toFixed(0)}% of raw; gateway p99 = ${p99.toFixed(2)}x raw`;
}

async function registerRaw(ledger: LedgerPort, count: number): Promise<string[]> {
  const refs: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 20 }, async () => {
      while (next < count) {
        next += 1;
        const caseRef = randomUUID().replace(/-/g, '');
        await ledger.submit({
          role: ROLE,
          transaction: 'case:registerCase',
          args: [JSON.stringify({ caseRef, requestId: randomUUID(), procedureKind: 'ERSTANTRAG', effectiveOn: today() })],
        });
        refs.push(caseRef);
      }
    }),
  );
  return refs;
}

/** The HTTP load generator, run in a worker thread so that it does not share the gateway's event loop. */
const HTTP_LOAD_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { urls, method, headers, body, clients, total, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
function send(url) {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method, agent,
      headers: method === 'POST' ? { ...headers, 'Idempotency-Key': randomUUID() } : headers,
    }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => {
        if (response.statusCode >= 400) reject(new Error('HTTP ' + response.statusCode + ': ' + Buffer.concat(chunks).toString().slice(0, 200)));
        else resolve();
      });
    });
    request.on('error', reject);
    request.end(body ?? undefined);
  });
}
(async () => {
  const latencies = [];
  let failed = 0, next = 0, firstError;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  async function worker() {
    while (next < total && performance.now() < deadline) {
      const index = next++;
      const t0 = performance.now();
      try {
        await send(urls[index % urls.length]);
        latencies.push(performance.now() - t0);
      } catch (error) {
        failed++;
        firstError = firstError ?? String(error && error.message || error);
      }
    }
  }
  await Promise.all(Array.from({ length: clients }, worker));
  agent.destroy();
  parentPort.postMessage({ latencies, failed, firstError, seconds: (performance.now() - started) / 1000 });
})();
`;

/** What the HTTP load worker is asked to do. */
interface HttpLoad {
  readonly urls: readonly string[];
  readonly method: 'GET' | 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
  readonly clients: number;
  readonly total: number;
}

/** Runs HTTP load in a worker thread and reports it as a cell. */
function runHttpCell(workload: string, load: HttpLoad): Promise<Cell> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(HTTP_LOAD_WORKER, { eval: true, workerData: { ...load, seconds } });
    worker.once('message', (result: { latencies: number[]; failed: number; firstError?: string; seconds: number }) => {
      resolve({
        workload,
        path: 'gateway',
        clients: load.clients,
        latencies: result.latencies.sort((a, b) => a - b),
        failed: result.failed,
        seconds: result.seconds,
        firstError: result.firstError,
      });
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

async function main(): Promise<void> {
  const networkEnv = loadEnvironment(process.env);
  const choice = chooseLedger({ ledgerEnv: process.env.LEDGER, peerBinary: findTool('peer', networkEnv.fabricBin), fabricBin: networkEnv.fabricBin });
  const temp = mkdtempSync(path.join(os.tmpdir(), 'bench-api-'));
  const env = localGatewayEnv(LDS, choice.mode, localPaths(repoDir), {
    ...process.env,
    LOG_LEVEL: 'error',
    ASYLUM_NETWORK_CONFIG: networkEnv.configFile,
    ASYLUM_NETWORK_RUN_DIR: networkEnv.runDir,
    EMBEDDED_LEDGER_PATH: path.join(temp, 'ledger.sqlite'),
    EMBEDDED_IDENTITY_DIR: path.join(temp, 'identities'),
  });
  const config = loadConfig({ ...env, PORT: '0', DB_PATH: path.join(temp, 'gateway.sqlite'), RATE_LIMIT_PER_MINUTE: '1000000', BODY_LIMIT_BYTES: '16384' });
  const ledger = await openProcessLedger(choice.mode, config);
  const port = ledger.forOrg(LDS.mspId);
  const gateway = await startGateway({ config, ledger: port });
  const token = await mintDevToken({ keyDir: localPaths(repoDir).devIdpDir, mspId: LDS.mspId, role: ROLE, subject: 'bench', ttlSeconds: 3600 });
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };
  try {
    process.stdout.write(`bench:api on the ${choice.mode} ledger (${choice.reason})\n`);
    const [readRef] = await registerRaw(port, 1);
    const cases = await registerRaw(port, 4 * maxWrites);
    const privateCases = cases.splice(2 * maxWrites);
    const cells: Cell[] = [];
    cells.push(await runHttpCell('GET case', { urls: [`${gateway.url}/v1/cases/${readRef ?? ''}`], method: 'GET', headers, body: null, clients: readClients, total: maxReads }));
    cells.push(await runCell({ workload: 'GET case', path: 'raw' }, readClients, maxReads, async () => {
      await port.evaluate({ role: ROLE, transaction: 'case:getCase', args: [JSON.stringify({ caseRef: readRef })] });
    }));
    cells.push(
      await runHttpCell('transition', {
        urls: cases.slice(0, maxWrites).map((caseRef) => `${gateway.url}/v1/cases/${caseRef}/transitions`),
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'recordDistribution', landCode: 'DE-SN', effectiveOn: today() }),
        clients: writeClients,
        total: maxWrites,
      }),
    );
    cells.push(await runCell({ workload: 'transition', path: 'raw' }, writeClients, maxWrites, async (index) => {
      const caseRef = cases[maxWrites + index];
      await port.submit({ role: ROLE, transaction: 'case:recordDistribution', args: [JSON.stringify({ caseRef, requestId: randomUUID(), landCode: 'DE-SN', effectiveOn: today() })] });
    }));
    cells.push(
      await runHttpCell('transition + private field', {
        urls: privateCases.slice(0, maxWrites).map((caseRef) => `${gateway.url}/v1/cases/${caseRef}/transitions`),
        method: 'POST',
        headers,
        body: JSON.stringify({ type: 'recordDistribution', landCode: 'DE-SN', effectiveOn: today(), private: { responsibleUnit: 'AE-01' } }),
        clients: writeClients,
        total: maxWrites,
      }),
    );
    cells.push(await runCell({ workload: 'transition + private field', path: 'raw' }, writeClients, maxWrites, async (index) => {
      const caseRef = privateCases[maxWrites + index];
      const transient = { private: Buffer.from(JSON.stringify({ responsibleUnit: 'AE-01', salt: randomBytes(16).toString('hex') }), 'utf8') };
      await port.submit({ role: ROLE, transaction: 'case:recordDistribution', args: [JSON.stringify({ caseRef, requestId: randomUUID(), landCode: 'DE-SN', effectiveOn: today() })], transient });
    }));
    process.stdout.write('\n| workload | path | clients | ok | failed | req/s | p50 ms | p95 ms | p99 ms |\n|---|---|---|---|---|---|---|---|---|\n');
    for (const cell of cells) process.stdout.write(`${row(cell)}\n`);
    process.stdout.write('\n');
    for (const [gw, raw] of [[cells[0], cells[1]], [cells[2], cells[3]], [cells[4], cells[5]]] as const) if (gw && raw) process.stdout.write(`${ratio(gw, raw)}\n`);
    const [plain, withPrivate] = [cells[2], cells[4]];
    if (plain && withPrivate) {
      const delta = (p: number): string => (percentile(withPrivate.latencies, p) - percentile(plain.latencies, p)).toFixed(1);
      process.stdout.write(`private field through the gateway (named endorsers, one read first): p50 ${delta(50)} ms, p99 ${delta(99)} ms over the plain transition\n`);
    }
    for (const cell of cells) if (cell.firstError !== undefined) process.stdout.write(`first error (${cell.workload}, ${cell.path}): ${cell.firstError}\n`);
    if (choice.mode === 'embedded') process.stdout.write('(embedded: the ledger runs in this process; the HTTP load runs in a worker thread)\n');
  } finally {
    await gateway.stop();
    await ledger.close();
    rmSync(temp, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:api failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
