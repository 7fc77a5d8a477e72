import type { Actor, OrgKind, Role } from './authorities';
import { mayReadCase, mayReadHistory, readScopeOf } from './read-scope';

const reader = (kind: OrgKind, landCode: string, mspId: string, role: Role = 'AUDITOR'): Actor => ({ kind, landCode, mspId, role });
const bavarian = { landCode: 'DE-BY', responsible: 'LBYMSP', participants: ['BAMFMSP', 'LBYMSP', 'LDSMSP'] };

describe('who reads a case', () => {
  it.each<[string, Actor, boolean]>([
    ['BAMF (federal)', reader('FEDERAL', 'DE', 'BAMFMSP', 'BAMF_CASEWORKER'), true],
    ['a federal audit body', reader('AUDIT', 'DE', 'BFDIMSP'), true],
    ["the case's Land", reader('LAND', 'DE-BY', 'LBYZABMSP', 'LAND_ZAB'), true],
    ['an ABH of the case’s Land', reader('ABH', 'DE-BY', 'ABHMUCMSP', 'ABH'), true],
    ['a Land that took part (registered it, then it moved)', reader('LAND', 'DE-SN', 'LDSMSP', 'LAND_RECEPTION'), true],
    ['an ABH of another Land that took no part', reader('ABH', 'DE-SN', 'ABHMSP', 'ABH'), false],
    ['an audit body of another Land', reader('AUDIT', 'DE-SN', 'SDBMSP'), false],
  ])('%s: %s', (_who, actor, expected) => {
    expect(mayReadCase(actor, bavarian)).toBe(expected);
  });

  it('reads the responsible org into the scope even before it is listed as a participant', () => {
    expect(mayReadCase(reader('ABH', 'DE-SN', 'ABHMSP', 'ABH'), { landCode: 'DE-BY', responsible: 'ABHMSP', participants: [] })).toBe(true);
  });

  it('gives the history to auditors within their scope and to participants, not to other clerks of the Land', () => {
    expect(mayReadHistory(reader('LAND', 'DE-BY', 'LBYZABMSP', 'AUDITOR'), bavarian)).toBe(true);
    expect(mayReadHistory(reader('LAND', 'DE-BY', 'LBYZABMSP', 'LAND_ZAB'), bavarian)).toBe(false);
    expect(mayReadHistory(reader('LAND', 'DE-SN', 'LDSMSP', 'LAND_RECEPTION'), bavarian)).toBe(true);
    expect(mayReadHistory(reader('ABH', 'DE-SN', 'ABHMSP', 'AUDITOR'), bavarian)).toBe(false);
  });

  it('widens the scope to every case for the federal Land code only', () => {
    expect(readScopeOf({ kind: 'AUDIT', landCode: 'DE' })).toBe('ALL_CASES');
    expect(readScopeOf({ kind: 'AUDIT', landCode: 'DE-SN' })).toBe('OWN_LAND_AND_PARTICIPATED');
    expect(readScopeOf({ kind: 'FEDERAL', landCode: 'DE' })).toBe('ALL_CASES');
  });
});
