import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readHarFindings } from './har-findings';

function entry(method: string, url: string, status: number, contentType: string, body: unknown): unknown {
  return {
    request: { method, url: `http://127.0.0.1:1${url}` },
    response: { status, headers: [{ name: 'Content-Type', value: contentType }], content: { text: typeof body === 'string' ? body : JSON.stringify(body) } },
  };
}

function harOf(...entries: unknown[]): string {
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'har-')), 'run.har.json');
  writeFileSync(file, JSON.stringify({ log: { entries } }));
  return file;
}

const PROBLEM = 'application/problem+json; charset=utf-8';

describe('the findings of a fuzzer run', () => {
  it('counts requests and statuses, and the blocks of accepted ledger writes only', () => {
    const findings = readHarFindings(harOf(
      entry('POST', '/v1/cases', 201, 'application/json', { caseRef: 'a', blockNumber: 7 }),
      entry('POST', '/v1/cases/abc/transitions', 200, 'application/json', { blockNumber: 8 }),
      entry('POST', '/v1/subscriptions', 201, 'application/json', { blockNumber: 99 }),
      entry('GET', '/v1/cases/abc', 200, 'application/json', { blockNumber: 98 }),
      entry('POST', '/v1/cases', 400, PROBLEM, { code: 'VALIDATION_FAILED' }),
    ));
    expect(findings.requests).toBe(5);
    expect([...findings.writeBlocks].sort()).toEqual([7, 8]);
    expect(Object.fromEntries(findings.byStatus)).toEqual({ 200: 2, 201: 2, 400: 1 });
    expect(Object.fromEntries(findings.problemCodes)).toEqual({ VALIDATION_FAILED: 1 });
    expect(findings.breaches).toEqual([]);
  });

  it('names a server error, a 4xx that is not problem+json, and a problem without a code', () => {
    const findings = readHarFindings(harOf(
      entry('GET', '/v1/cases/x', 503, PROBLEM, { code: 'LEDGER_UNAVAILABLE' }),
      entry('GET', '/v1/cases/y', 404, 'text/html', '<h1>no</h1>'),
      entry('GET', '/v1/cases/z', 400, PROBLEM, { title: 'bad' }),
      entry('GET', '/v1/cases/w', 400, PROBLEM, { code: 'not a code' }),
    ));
    expect(findings.breaches.map(({ request, status, why }) => [request, status, why.split(':')[0]])).toEqual([
      ['GET /v1/cases/x', 503, 'server error'],
      ['GET /v1/cases/y', 404, 'content type text/html'],
      ['GET /v1/cases/z', 400, 'no machine-readable code'],
      ['GET /v1/cases/w', 400, 'no machine-readable code'],
    ]);
  });
});
