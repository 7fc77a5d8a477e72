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
} as const;

/** The private data collection of a Land (members: BAMF and the Land's authorities). */
export function landCollection(landCode: string): string {
  return `land-${landCode}`;
}
