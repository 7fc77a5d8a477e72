/**
 * Names of everything the chaincode keeps in world state and private data. Composite keys keep the
 * namespaces apart and make the secondary indexes range-queryable on LevelDB.
 */

/** Object types of composite keys. */
export const KEY_TYPES = {
  case: 'case',
  stateIndex: 'case~state',
  responsibleIndex: 'case~responsible',
  request: 'case~request',
  directory: 'directory',
  proposal: 'directory~proposal',
  /** earlier caseRef, follow-up caseRef: the follow-up applications that name a case as previousCaseRef. */
  followUpIndex: 'case~followUp',
  /** caseRef, field name: one private field of a case in its Land's collection (ADR 0009). */
  privateField: 'case~private',
} as const;

/** The private data collection of a Land (members: the federal office and the Land's LAND authorities; ADR 0009). */
export function landCollection(landCode: string): string {
  return `land-${landCode}`;
}
