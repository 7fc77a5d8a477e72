/**
 * `npm run test:fuzz`: a property-based API fuzzer (schemathesis, from PyPI: `npm run fuzz:install`)
 * against `/openapi.json` of running gateways, with valid tokens of several roles. Schemathesis checks
 * that no answer is a server error and that every answer conforms to the published schema (status
 * code, content type, headers, body); this script then reads every request and answer it recorded
 * (HAR) and asserts: no 5xx, every 4xx is problem+json with a code, at least FUZZ_MIN_REQUESTS
 * (default 10,000) requests in all, and the ledger's height grew only by blocks that accepted writes
 * committed (a refused request adds no block). Prints a table; exits non-zero on any finding.
 *
 * The ledger: the embedded dev ledger by default (LEDGER=fabric fuzzes the real network's gateways;
 * the network must be up). FUZZ_MAX_EXAMPLES (default 10) examples per operation and phase,
 * FUZZ_SEED (default 20261206; the n-th run uses seed + n) for a reproducible run.
 */
import '../../scripts/quiet-chaincode-logs';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startFuzzGateways, type FuzzGateways } from './fuzz-gateways';
import { readHarFindings, type HarFindings } from './har-findings';

/** One schemathesis run: an org's gateway, with a token of one role. */
interface FuzzRun {
  readonly mspId: string;
  readonly role: string;
}

const RUNS: readonly FuzzRun[] = [
  { mspId: 'LDSMSP', role: 'LAND_RECEPTION' },
  { mspId: 'BAMFMSP', role: 'BAMF_CASEWORKER' },
  { mspId: 'ABHMSP', role: 'ABH' },
  { mspId: 'LDSMSP', role: 'AUDITOR' },
  { mspId: 'BAMFMSP', role: 'ADMIN' },
];
const CHECKS = ['not_a_server_error', 'status_code_conformance', 'content_type_conformance', 'response_schema_conformance', 'response_headers_conformance'];
const schemathesis = process.env.FUZZ_SCHEMATHESIS ?? path.join(os.homedir(), '.cache', 'asylum-ledger', 'fuzz-venv', 'bin', 'schemathesis');
const maxExamples = Number(process.env.FUZZ_MAX_EXAMPLES ?? 10);
const seed = Number(process.env.FUZZ_SEED ?? 20261206);
const minRequests = Number(process.env.FUZZ_MIN_REQUESTS ?? 10_000);

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Runs schemathesis once; resolves with its exit code and the HAR file it wrote. */
async function runSchemathesis(gateways: FuzzGateways, run: FuzzRun, index: number, dir: string): Promise<{ exitCode: number; har: string; log: string }> {
  const token = await gateways.tokenFor(run.mspId, run.role);
  const har = path.join(dir, `${run.mspId}-${run.role}.har.json`);
  const args = [
    'run', `${gateways.urlOf(run.mspId)}/openapi.json`,
    '--header', `Authorization: Bearer ${token}`,
    '--checks', CHECKS.join(','),
    '--max-examples', String(maxExamples),
    // one seed per run, so that the runs side by side send different requests
    '--seed', String(seed + index),
    '--workers', '1',
    '--generation-database', 'none',
    '--report', 'har', '--report-har-path', har,
    '--no-color', '--warnings', 'off',
  ];
  const chunks: Buffer[] = [];
  const exitCode = await new Promise<number>((resolve, reject) => {
    // the token goes in as an argument of a child on this machine only; it is a short-lived dev token
    // run in the report folder: schemathesis keeps a cache (.schemathesis/) in its working directory
    const child = spawn(schemathesis, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SCHEMATHESIS_HOOKS: '' } });
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => { resolve(code ?? 1); });
  });
  const log = path.join(dir, `${run.mspId}-${run.role}.log`);
  writeFileSync(log, Buffer.concat(chunks));
  return { exitCode, har, log };
}

function row(cells: readonly (string | number)[]): string {
  return `| ${cells.join(' | ')} |`;
}

function summarise(statuses: ReadonlyMap<number, number>): string {
  return [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
}

function printTable(results: readonly { run: FuzzRun; findings: HarFindings; exitCode: number; seconds: number }[]): void {
  say('| gateway | role | requests | 2xx | 4xx | 5xx | contract breaches | schemathesis | s | statuses |');
  say('|---|---|---:|---:|---:|---:|---:|---|---:|---|');
  for (const { run, findings, exitCode, seconds } of results) {
    const inRange = (low: number): number => [...findings.byStatus].filter(([status]) => status >= low && status < low + 100).reduce((sum, [, n]) => sum + n, 0);
    say(row([run.mspId, run.role, findings.requests, inRange(200), inRange(400), inRange(500), findings.breaches.length, exitCode === 0 ? 'passed' : `failed (${exitCode})`, seconds.toFixed(0), summarise(findings.byStatus)]));
  }
}

/** The blocks the ledger gained that no accepted write committed in. */
function unexplainedBlocks(before: bigint, after: bigint, writeBlocks: ReadonlySet<number>): number[] {
  const unexplained: number[] = [];
  for (let block = before; block < after; block += 1n) if (!writeBlocks.has(Number(block))) unexplained.push(Number(block));
  return unexplained;
}

async function main(): Promise<number> {
  if (!existsSync(schemathesis)) {
    say(`SKIPPED: API fuzzer: no schemathesis at ${schemathesis} (npm run fuzz:install installs it from PyPI)`);
    return 0;
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fuzz-report-'));
  const gateways = await startFuzzGateways();
  say(`API fuzzer: schemathesis against the BAMF, LDS and ABH gateways (ledger: ${gateways.choice.mode}), ${maxExamples} examples per operation and phase, seed ${seed}`);
  const results: { run: FuzzRun; findings: HarFindings; exitCode: number; seconds: number; log: string }[] = [];
  let heights: { before: bigint; after: bigint };
  try {
    const before = await gateways.blockHeight('LDSMSP');
    // the runs go side by side: a run waits on its requests far more than it computes
    results.push(
      ...(await Promise.all(
        RUNS.map(async (run, index) => {
          const started = Date.now();
          const { exitCode, har, log } = await runSchemathesis(gateways, run, index, dir);
          return { run, findings: readHarFindings(har), exitCode, seconds: (Date.now() - started) / 1000, log };
        }),
      )),
    );
    heights = { before, after: await gateways.blockHeight('LDSMSP') };
  } finally {
    await gateways.stop();
  }
  printTable(results);
  const failures: string[] = [];
  const total = results.reduce((sum, { findings }) => sum + findings.requests, 0);
  const writeBlocks = new Set(results.flatMap(({ findings }) => [...findings.writeBlocks]));
  const unexplained = unexplainedBlocks(heights.before, heights.after, writeBlocks);
  say();
  say(`requests: ${total}; accepted ledger writes: ${writeBlocks.size} blocks; ledger height ${heights.before} -> ${heights.after}; blocks no accepted write explains: ${unexplained.length}`);
  const codes = new Map<string, number>();
  for (const { findings } of results) for (const [code, n] of findings.problemCodes) codes.set(code, (codes.get(code) ?? 0) + n);
  say(`problem codes: ${[...codes.entries()].sort(([, a], [, b]) => b - a).map(([code, n]) => `${code}×${n}`).join(' ')}`);
  if (total < minRequests) failures.push(`only ${total} requests (want at least ${minRequests})`);
  if (unexplained.length > 0) failures.push(`blocks ${unexplained.join(', ')} were added by no accepted write`);
  for (const { run, findings, exitCode, log } of results) {
    if (exitCode !== 0) failures.push(`schemathesis found failures for ${run.mspId} ${run.role}: see ${log}`);
    for (const breach of findings.breaches.slice(0, 5)) failures.push(`${run.mspId} ${run.role}: ${breach.request} -> ${breach.status}: ${breach.why}`);
  }
  if (failures.length === 0) {
    rmSync(dir, { recursive: true, force: true });
    say('API fuzzer: OK');
    return 0;
  }
  say('API fuzzer: FAILED');
  for (const failure of failures) say(`  ${failure}`);
  say(`reports kept in ${dir} (${readdirSync(dir).length} files)`);
  return 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    say(`API fuzzer: ERROR ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  },
);
