/**
 * Measures (prints, never asserts) the embedded ledger's submit latency and throughput, so the
 * figures in docs/ledger-modes.md can be refreshed. Not a benchmark of Fabric.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import type { LedgerPort } from '@asylum-ledger/domain';
import { openTempLedger } from './test-support/temp-ledger';

const register = (port: LedgerPort) =>
  port.submit({
    role: 'LAND_RECEPTION',
    transaction: 'case:registerCase',
    args: [JSON.stringify({ caseRef: randomBytes(16).toString('hex'), requestId: randomUUID(), procedureKind: 'ERSTANTRAG', effectiveOn: '2026-11-20' })],
  });

async function measure(port: LedgerPort, total: number, inFlight: number): Promise<{ perSecond: number; p50: number; p95: number }> {
  const latencies: number[] = [];
  let started = 0;
  const begin = performance.now();
  const worker = async () => {
    while (started < total) {
      started += 1;
      const t0 = performance.now();
      await register(port);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const seconds = (performance.now() - begin) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { perSecond: total / seconds, p50: at(0.5), p95: at(0.95) };
}

describe('embedded ledger figures (printed, not asserted)', () => {
  it.each([
    ['FULL', 1],
    ['FULL', 10],
    ['NORMAL', 1],
    ['NORMAL', 10],
  ] as const)('registerCase with synchronous=%s, %i in flight', async (synchronous, inFlight) => {
    const opened = await openTempLedger({ synchronous });
    try {
      const port = opened.ledger.forOrg('LDSMSP');
      await measure(port, 20, inFlight);
      const figures = await measure(port, 300, inFlight);
      console.log(
        `embedded submit (synchronous=${synchronous}, ${inFlight} in flight, 300 tx): ${figures.perSecond.toFixed(0)} tx/s, p50 ${figures.p50.toFixed(2)} ms, p95 ${figures.p95.toFixed(2)} ms`,
      );
      expect(opened.ledger.store.verifyChain().valid).toBe(true);
    } finally {
      await opened.dispose();
    }
  }, 120_000);
});
