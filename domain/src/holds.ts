/**
 * Removal holds: set arithmetic in a canonical order, and the invariant the system exists for.
 */
import { HOLDS, type Hold } from './vocabulary';

/** Holds in canonical order without duplicates. */
export function normaliseHolds(holds: readonly Hold[]): Hold[] {
  return HOLDS.filter((hold) => holds.includes(hold));
}

/** The holds with one more. */
export function withHold(holds: readonly Hold[], hold: Hold): Hold[] {
  return normaliseHolds([...holds, hold]);
}

/** The holds without some. */
export function withoutHolds(holds: readonly Hold[], remove: readonly Hold[]): Hold[] {
  return normaliseHolds(holds.filter((hold) => !remove.includes(hold)));
}

/** Whether any removal hold is active: then removal and Dublin transfer must be refused. */
export function hasRemovalHold(holds: readonly Hold[]): boolean {
  return holds.length > 0;
}
