/**
 * The derived legal facts of a case, recomputed by the engine after every transition (and so by
 * every replay of a correction): its two regimes, when a removal becomes lawful, its running
 * deadlines and the end of its retention. Nothing here is entered by a client.
 */
import type { CaseRecord } from './case-record';
import { deriveDeadlines } from './case-deadlines';
import { addYears } from './ledger-date';
import { procedureRegimeOf, responsibilityRegimeOf } from './legal-regimes';
import { followUpBar, withFollowUpFloor } from './follow-up';
import { deriveRemovalStatus } from './removal-status';

/**
 * The record with its derived legal facts brought up to date.
 * @param retentionYears the network's retention period, counted from finality or, for a case closed
 *   without a final decision, from its closing.
 */
export function withLegalStatus(record: CaseRecord, retentionYears: number): CaseRecord {
  if (record.state === 'ERASED') return record;
  const { registeredOn, lodgedOn, finalOn, closedOn } = record.dates;
  const procedureRegime = lodgedOn === null ? null : procedureRegimeOf(lodgedOn);
  const responsibilityRegime = registeredOn === null ? null : responsibilityRegimeOf(registeredOn);
  const facts = { ...record, procedureRegime, responsibilityRegime };
  const statutory = deriveRemovalStatus(facts);
  const removal = withFollowUpFloor(statutory, followUpBar(facts, statutory));
  return {
    ...facts,
    removal,
    deadlines: deriveDeadlines(facts, removal),
    retainUntil: retainUntilOf({ finalOn, closedOn }, retentionYears),
  };
}

/**
 * The last day a case is kept: the retention period counted from finality or, for a case closed
 * without a final decision, from its closing; null while neither happened.
 */
export function retainUntilOf(dates: Pick<CaseRecord['dates'], 'finalOn' | 'closedOn'>, retentionYears: number): string | null {
  const retainedFrom = dates.finalOn ?? dates.closedOn;
  return retainedFrom === null ? null : addYears(retainedFrom, retentionYears);
}
