import { AuthorityDirectory, type Authority } from './authorities';
import { CaseRecord } from './case-record';
import { decideTransition, parseTransitionInput } from './decide-transition';
import { decideApproveChange, decideBootstrap, decideProposeChange, BootstrapDirectoryInput } from './directory-governance';
import { MAX_AUTHORITIES, MAX_DIRECTORY_INPUT_BYTES } from './directory-limits';
import { checkErasureAllowed } from './erasure-precondition';
import { MAX_INPUT_BYTES } from './transition-inputs';
import { parseJsonInput } from './validate-input';
import { actor, caseIn, contextFor, requestId, CASE_REF } from './test-support/fixtures';

const LANDS = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'];

/**
 * A nationwide directory of `size` entries: BAMF, one audit body, three LAND authorities per Land,
 * `extraSaxonLand` further LAND authorities in Saxony, and Ausländerbehörden for the rest, with MSP
 * IDs as long as real ones would be (e.g. ABH-DE-BY-09162000).
 */
function nationwide(size: number, extraSaxonLand = 0): Authority[] {
  const fixed: Authority[] = [
    { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE', active: true },
    { mspId: 'BFDIMSP', kind: 'AUDIT', landCode: 'DE', active: true },
    ...LANDS.flatMap((land) => ['RECEPTION', 'DISTRIBUTION', 'ZAB'].map((unit) => ({ mspId: `LAND-DE-${land}-${unit}`, kind: 'LAND' as const, landCode: `DE-${land}`, active: true }))),
    ...Array.from({ length: extraSaxonLand }, (_, i) => ({ mspId: `LAND-DE-SN-OFFICE-${String(i).padStart(3, '0')}`, kind: 'LAND' as const, landCode: 'DE-SN', active: true })),
  ];
  const abhs = Array.from({ length: size - fixed.length }, (_, i) => {
    const land = LANDS[i % LANDS.length]!;
    return { mspId: `ABH-DE-${land}-${String(10_000_000 + i * 7919).padStart(8, '0')}`, kind: 'ABH' as const, landCode: `DE-${land}`, active: true };
  });
  return [...fixed, ...abhs];
}

describe('a directory for the whole country', () => {
  it('holds 16 Länder and about 550 Ausländerbehörden, up to a thousand authorities, and no more', () => {
    expect(AuthorityDirectory.safeParse({ authorities: nationwide(600) }).success).toBe(true);
    expect(AuthorityDirectory.safeParse({ authorities: nationwide(1000) }).success).toBe(true);
    expect(AuthorityDirectory.safeParse({ authorities: nationwide(1001) }).success).toBe(false);
    expect(MAX_AUTHORITIES).toBe(1000);
  });

  it('is bootstrapped in one transaction of at most 128 KiB, which a full directory fits and the case limit would refuse', () => {
    const text = JSON.stringify({ authorities: nationwide(1000) });
    expect(Buffer.byteLength(text)).toBeGreaterThan(MAX_INPUT_BYTES);
    expect(Buffer.byteLength(text)).toBeLessThan(MAX_DIRECTORY_INPUT_BYTES);
    const parsed = parseJsonInput(BootstrapDirectoryInput, text, 'input of bootstrap', MAX_DIRECTORY_INPUT_BYTES);
    const directory = decideBootstrap(undefined, parsed, { mspId: 'BAMFMSP', role: 'ADMIN' });
    expect(directory.authorities).toHaveLength(1000);
    expect(() => parseJsonInput(BootstrapDirectoryInput, text, 'input of bootstrap')).toThrow(/longer than 4096 bytes/);
    expect(() => parseJsonInput(BootstrapDirectoryInput, text.padEnd(MAX_DIRECTORY_INPUT_BYTES + 1), 'input of bootstrap', MAX_DIRECTORY_INPUT_BYTES)).toThrow(
      /longer than 131072 bytes/,
    );
  });

  it('lets a distribution reach every LAND authority of a Land with 22 of them: the case lists 23 participants', () => {
    const directory = { authorities: nationwide(600, 19).sort((a, b) => a.mspId.localeCompare(b.mspId)) };
    const registration = actor('BAMF_REGISTRATION', 'FEDERAL');
    const input = parseTransitionInput('recordDistribution', { caseRef: CASE_REF, requestId: requestId(), effectiveOn: '2026-11-25', landCode: 'DE-SN', responsible: 'LAND-DE-SN-RECEPTION' });
    const { record, event } = decideTransition('recordDistribution', caseIn('REGISTERED', { participants: ['BAMFMSP'] }), input, contextFor(registration, { directory }));
    // the 22 LAND authorities of Saxony (3 + 19) are asked to react; with BAMF they are the participants
    expect(event.targets).toHaveLength(22);
    expect(record.participants).toHaveLength(23);
    expect(CaseRecord.safeParse(record).success).toBe(true);
  });
});

describe("the network's retention period", () => {
  const base = nationwide(40);
  const admin = (mspId: string): { mspId: string; role: string } => ({ mspId, role: 'ADMIN' });

  it('is set at bootstrap, between one and twenty years (§ 7 (3) AsylG bounds BAMF’s own files at twenty)', () => {
    expect(decideBootstrap(undefined, { authorities: base, retentionYears: 15 }, admin('BAMFMSP')).retentionYears).toBe(15);
    expect(BootstrapDirectoryInput.safeParse({ authorities: base, retentionYears: 20 }).success).toBe(true);
    expect(BootstrapDirectoryInput.safeParse({ authorities: base, retentionYears: 21 }).success).toBe(false);
    expect(BootstrapDirectoryInput.safeParse({ authorities: base, retentionYears: 0 }).success).toBe(false);
    expect(BootstrapDirectoryInput.safeParse({ authorities: base, retentionYears: 7.5 }).success).toBe(false);
  });

  it('changes only with BAMF and the Länder quorum (per Land, not per org), and keeps the authorities as they are', () => {
    const directory = { ...decideBootstrap(undefined, { authorities: base.slice(0, 8) }, admin('BAMFMSP')), seatedLands: ['DE-BW', 'DE-BY'] };
    expect(directory.retentionYears).toBeUndefined();
    const proposal = decideProposeChange(directory, undefined, { proposalId: requestId(7), retentionYears: 12 }, admin('BAMFMSP'));
    const once = decideApproveChange(directory, proposal, admin('LAND-DE-BW-RECEPTION'));
    expect(once).toMatchObject({ applied: false, directory: undefined });
    const sameLand = decideApproveChange(directory, once.proposal, admin('LAND-DE-BW-DISTRIBUTION'));
    expect(sameLand).toMatchObject({ applied: false, directory: undefined });
    const otherLand = decideApproveChange(directory, sameLand.proposal, admin('LAND-DE-BY-ZAB'));
    expect(otherLand.directory).toEqual({ authorities: directory.authorities, retentionYears: 12, seatedLands: ['DE-BW', 'DE-BY'] });
    expect(() => decideProposeChange(otherLand.directory, undefined, { proposalId: requestId(8), retentionYears: 12 }, admin('BAMFMSP'))).toThrow(
      /changes nothing/,
    );
  });

  it('decides when a closed case may be erased: the setting in force on the day of the erasure', () => {
    const closed = caseIn('CLOSED', { participants: [], dates: { ...caseIn('CLOSED').dates, finalOn: '2014-03-10', closedOn: '2014-06-01' } });
    const context = (retentionYears?: number) =>
      contextFor(actor('ADMIN', 'FEDERAL'), {
        today: '2026-11-25',
        directory: { authorities: base, ...(retentionYears === undefined ? {} : { retentionYears }) },
      });
    expect(checkErasureAllowed(closed, { ground: 'RETENTION_EXPIRED' }, context())).toBeUndefined();
    expect(checkErasureAllowed(closed, { ground: 'RETENTION_EXPIRED' }, context(12))).toBeUndefined();
    expect(checkErasureAllowed(closed, { ground: 'RETENTION_EXPIRED' }, context(13))).toMatchObject({
      code: 'ERASURE_NOT_ALLOWED',
      details: { retainUntil: '2027-03-10' },
    });
  });
});
