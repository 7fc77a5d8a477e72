/**
 * What the fuzzer's HAR record of one run shows: how many requests went out, the statuses they got,
 * every answer that breaks the API's error contract (a 5xx; a 4xx that is not problem+json with a
 * machine-readable code), and the blocks the accepted ledger writes committed in.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';

const HarEntry = z.object({
  request: z.object({ method: z.string(), url: z.string() }),
  response: z.object({
    status: z.number(),
    headers: z.array(z.object({ name: z.string(), value: z.string() })),
    content: z.object({ text: z.string().optional() }),
  }),
});
const Har = z.object({ log: z.object({ entries: z.array(HarEntry) }) });
type HarEntry = z.infer<typeof HarEntry>;

/** One answer that breaks the error contract. */
export interface ContractBreach {
  readonly request: string;
  readonly status: number;
  readonly why: string;
}

/** The findings of one run. */
export interface HarFindings {
  readonly requests: number;
  readonly byStatus: ReadonlyMap<number, number>;
  /** Codes of the 4xx answers, with counts. */
  readonly problemCodes: ReadonlyMap<string, number>;
  readonly breaches: readonly ContractBreach[];
  /** Blocks of accepted ledger writes (a registration or a transition answered 2xx with a blockNumber). */
  readonly writeBlocks: ReadonlySet<number>;
}

const LEDGER_WRITE = /^\/v1\/cases(\/[^/]+\/transitions)?$/;

function headerOf(entry: HarEntry, name: string): string | undefined {
  return entry.response.headers.find((header) => header.name.toLowerCase() === name)?.value;
}

function bodyOf(entry: HarEntry): unknown {
  try {
    return JSON.parse(entry.response.content.text ?? '');
  } catch {
    return undefined;
  }
}

/** Why a 4xx answer breaks the contract, or undefined when it is problem+json with a code. */
function problemBreach(entry: HarEntry): string | undefined {
  if (!(headerOf(entry, 'content-type') ?? '').startsWith('application/problem+json')) return `content type ${headerOf(entry, 'content-type') ?? 'none'}`;
  const body = bodyOf(entry);
  const code = typeof body === 'object' && body !== null && 'code' in body ? body.code : undefined;
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code) ? undefined : 'no machine-readable code';
}

function count<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function noteWriteBlock(entry: HarEntry, blocks: Set<number>): void {
  const { pathname } = new URL(entry.request.url);
  if (entry.request.method !== 'POST' || !LEDGER_WRITE.test(pathname) || entry.response.status >= 300) return;
  const body = bodyOf(entry);
  const block = typeof body === 'object' && body !== null && 'blockNumber' in body ? body.blockNumber : undefined;
  if (typeof block === 'number') blocks.add(block);
}

/** Reads a HAR file schemathesis wrote and checks every answer in it. */
export function readHarFindings(file: string): HarFindings {
  const { entries } = Har.parse(JSON.parse(readFileSync(file, 'utf8'))).log;
  const byStatus = new Map<number, number>();
  const problemCodes = new Map<string, number>();
  const breaches: ContractBreach[] = [];
  const writeBlocks = new Set<number>();
  for (const entry of entries) {
    const { status } = entry.response;
    count(byStatus, status);
    const request = `${entry.request.method} ${new URL(entry.request.url).pathname}`;
    if (status >= 500) breaches.push({ request, status, why: `server error: ${(entry.response.content.text ?? '').slice(0, 200)}` });
    if (status >= 400 && status < 500) {
      const why = problemBreach(entry);
      if (why !== undefined) breaches.push({ request, status, why });
      else count(problemCodes, (bodyOf(entry) as { code: string }).code);
    }
    noteWriteBlock(entry, writeBlocks);
  }
  return { requests: entries.length, byStatus, problemCodes, breaches, writeBlocks };
}
