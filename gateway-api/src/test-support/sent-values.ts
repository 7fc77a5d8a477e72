/**
 * What the tests sent to gateways that must never reach the ledger (local references,
 * personal-looking values), and values that must (case pseudonyms, as the guard's control). When
 * the end-to-end run names a file in ASYLUM_E2E_SENT_VALUES, every value is appended to it, one JSON
 * line each; the run's global teardown then searches every block of the channel for them.
 */
import { appendFileSync } from 'node:fs';

/** The variable naming the file; unset outside the end-to-end run (then nothing is recorded). */
export const SENT_VALUES_VARIABLE = 'ASYLUM_E2E_SENT_VALUES';

/** One recorded value: `secret` must not be in any block, `onLedger` must be (the scan can see). */
export interface SentValue {
  readonly kind: 'secret' | 'onLedger';
  readonly value: string;
}

/** Appends values to the run's file, if the run keeps one. */
export function recordSent(kind: SentValue['kind'], ...values: readonly string[]): void {
  const file = process.env[SENT_VALUES_VARIABLE];
  if (!file) return;
  appendFileSync(file, values.map((value) => `${JSON.stringify({ kind, value } satisfies SentValue)}\n`).join(''));
}
