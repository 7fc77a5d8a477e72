/** A LedgerPort decorator that times submit and evaluate calls into the gateway's metrics. */
import type { EvaluateRequest, LedgerPort, SubmitRequest, SubmitResult } from '@asylum-ledger/domain';
import { LedgerError } from '@asylum-ledger/domain';
import type { GatewayMetrics } from './gateway-metrics';

function outcomeOf(error: unknown): string {
  return error instanceof LedgerError ? error.code : 'ERROR';
}

/** Wraps a ledger so that every submit and evaluate is timed by transaction and outcome. */
export function instrumentLedger(ledger: LedgerPort, metrics: GatewayMetrics): LedgerPort {
  const timed = async <T>(operation: string, transaction: string, call: () => Promise<T>): Promise<T> => {
    const stop = metrics.ledgerDuration.startTimer({ operation, transaction });
    try {
      const result = await call();
      stop({ outcome: 'OK' });
      return result;
    } catch (error) {
      stop({ outcome: outcomeOf(error) });
      throw error;
    }
  };
  return {
    mode: ledger.mode,
    submit: (request: SubmitRequest): Promise<SubmitResult> => timed('submit', request.transaction, () => ledger.submit(request)),
    evaluate: (request: EvaluateRequest): Promise<Uint8Array> => timed('evaluate', request.transaction, () => ledger.evaluate(request)),
    events: (from) => ledger.events(from),
    transaction: (txId) => ledger.transaction(txId),
    block: (blockNumber) => ledger.block(blockNumber),
    blockHeight: () => ledger.blockHeight(),
    networkHeight: () => ledger.networkHeight(),
    ready: () => ledger.ready(),
    close: () => ledger.close(),
  };
}
