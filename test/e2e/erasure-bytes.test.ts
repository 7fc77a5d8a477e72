/**
 * Erasure leaves no readable bytes (issue 23, point 4), on the real network. A case's private
 * record is marked by a unique unit code and the random salts of its writes. While the case is
 * open the markers are on the disk of every member peer of its Land's collection (the test would
 * fail if the scanner could not see them), and not in the private store of the Ausländerbehörde's
 * peer, which is no member (ADR 0009); eraseCase purges the record, yet LevelDB still keeps
 * the replaced versions in its files; after the operator's compact-ledger step no file of any peer
 * holds a marker, and the network serves the next case as before.
 */
import { randomInt } from 'node:crypto';
import path from 'node:path';
import type { PeerCompaction } from '../../network/src/compact-ledger';
import { compactLedgers } from '../../network/src/compact-ledger';
import { createNetworkContext } from '../../network/src/network-context';
import type { Role } from '@asylum-ledger/network/layout';
import { dayFromToday, newSalt, today } from '../support/case-fixtures';
import { CaseSession, REFERENCE_ORGS } from '../support/case-session';
import { evaluateJson } from '../support/fabric-clients';
import { scanForMarkers, type MarkerScan } from '../support/marker-scan';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';

const on = (): { effectiveOn: string } => ({ effectiveOn: today() });

/** One write of the walk: who does what, with which private fields (each write gets a fresh salt). */
type Write = [org: string, role: Role, fn: string, input: () => Record<string, unknown>, privateFields?: Record<string, string>];

/** From distribution to CLOSED, with a private write by each of BAMF, the Landesdirektion and the ABH. */
function writesToClosed(unit: string): Write[] {
  return [
    ['BAMFMSP', 'BAMF_REGISTRATION', 'recordDistribution', () => ({ ...on(), landCode: 'DE-SN' }), { responsibleUnit: unit }],
    ['LDSMSP', 'LAND_RECEPTION', 'confirmArrival', on, { responsibleUnit: unit }],
    ['BAMFMSP', 'BAMF_CASEWORKER', 'lodgeApplication', on],
    ['LDSMSP', 'LAND_DISTRIBUTION', 'allocateToMunicipality', () => ({ ...on(), responsible: 'ABHMSP' }), { municipalityCode: '14612000', responsibleUnit: unit }],
    ['BAMFMSP', 'BAMF_CASEWORKER', 'recordDecision', () => ({ effectiveOn: dayFromToday(-22), outcomeClass: 'PROTECTION', track: 'REGULAR' }), { protectionType: 'PAR3' }],
    // served three weeks ago, so the suit period has run out and the decision can become final
    ['BAMFMSP', 'BAMF_CASEWORKER', 'recordService', () => ({ servedOn: dayFromToday(-21) })],
    ['BAMFMSP', 'BAMF_CASEWORKER', 'markFinal', on],
    ['ABHMSP', 'ABH', 'recordTitleIssued', on, { titleType: 'AE_25_1' }],
    ['ABHMSP', 'ABH', 'closeCase', on],
  ];
}

/**
 * A reading role of each participant (auditors may not read private fields), and the org whose
 * peer answers: the Ausländerbehörde's peer holds no copy of land-DE-SN (ADR 0009), so it reads
 * at the Landesdirektion's.
 */
const PARTICIPANT_READERS: [string, Role, string][] = [['BAMFMSP', 'BAMF_CASEWORKER', 'BAMFMSP'], ['LDSMSP', 'LAND_RECEPTION', 'LDSMSP'], ['ABHMSP', 'ABH', 'LDSMSP']];
/** The members of land-DE-SN, whose peers keep its data. */
const MEMBERS = ['BAMFMSP', 'LDSMSP'];

describeRealNetwork('erasure leaves no readable bytes on any peer (purge, then compact-ledger)', (network: () => RealNetwork) => {
  // a BAMF branch (AS) with a random six-digit number: a valid unit code that no other test writes
  const unit = `AS-${String(randomInt(100_000, 1_000_000))}`;
  const salts: string[] = [];
  const markers = (): string[] => [unit, ...salts];
  let session: CaseSession;
  let caseRef: string;
  let seq: number;

  const layout = () => network().ctx.layout;
  const orgs = () => network().ctx.config.orgs;
  /** Everything a peer keeps on disk: its run-time config and its ledger folder. */
  const peerFolder = (mspId: string): string => path.dirname(layout().peerLedger(orgs().find((org) => org.mspId === mspId)!));
  const scanPeers = (): MarkerScan => scanForMarkers(REFERENCE_ORGS.map(peerFolder), markers());
  /** The stores (folders under the peer's ledger folder) of one org's peer that hold a marker. */
  const storesAt = (scan: MarkerScan, mspId: string): string[] => {
    const ledger = path.join(peerFolder(mspId), 'ledger');
    const stores = scan.findings.filter((finding) => finding.file.startsWith(`${ledger}/`)).map((finding) => path.relative(ledger, path.dirname(finding.file)));
    return [...new Set(stores)].sort();
  };
  const markersAt = (scan: MarkerScan, mspId: string): string[] =>
    [...new Set(scan.findings.filter((finding) => finding.file.startsWith(`${peerFolder(mspId)}/`)).map((finding) => finding.marker))].sort();
  const report = (stage: string, scan: MarkerScan): void => {
    const where = REFERENCE_ORGS.map((mspId) => `${mspId}: ${storesAt(scan, mspId).join(', ') || 'nowhere'}`).join('; ');
    process.stdout.write(`erasure-bytes ${stage}: ${scan.filesScanned} files scanned; markers in ${where}\n`);
  };

  const privateFieldsAt = (org: string, role: Role, at: string): Promise<unknown> =>
    evaluateJson(session.client(org, role).contract(), 'case:getPrivateFields', { caseRef }, [at]);

  beforeAll(async () => {
    session = new CaseSession(network().ctx);
    await session.start();
    const registered = await session.register();
    caseRef = registered.caseRef;
    seq = registered.seq;
    for (const [org, role, fn, input, privateFields] of writesToClosed(unit)) {
      const salt = newSalt();
      if (privateFields) salts.push(salt);
      const options = privateFields ? { privateData: { ...privateFields, salt } } : {};
      seq = (await session.submit(org, role, fn, caseRef, seq, input(), options)).seq;
    }
    await session.committedEverywhere(caseRef, seq);
  });

  afterAll(() => {
    session.close();
  });

  it('keeps the private record on the disk of every member peer of land-DE-SN while the case is open, and in no block file', async () => {
    expect(await session.caseAt('BAMFMSP', caseRef)).toMatchObject({ state: 'CLOSED' });
    for (const [org, role, at] of PARTICIPANT_READERS) {
      expect(await privateFieldsAt(org, role, at)).toEqual({ caseRef, responsibleUnit: unit, municipalityCode: '14612000', protectionType: 'PAR3', titleType: 'AE_25_1' });
    }
    const scan = scanPeers();
    report('closed', scan);
    expect(scan.unreadable).toEqual([]);
    // BAMF (federal) and the Landesdirektion are members: each holds the unit code and every salt
    for (const mspId of MEMBERS) expect(markersAt(scan, mspId)).toEqual(markers().sort());
    // the Ausländerbehörde is none: its peer endorsed its own private write, but keeps no private data
    expect(storesAt(scan, 'ABHMSP')).not.toContain('pvtdataStore');
    expect(markersAt(scan, 'ABHMSP')).not.toContain(unit);
    // blocks carry only salted hashes of private data; the orderers never see the values
    expect(scan.findings.filter((finding) => finding.file.includes('/chains/chains/'))).toEqual([]);
    expect(scanForMarkers([path.join(layout().root, 'orderers')], markers()).findings).toEqual([]);
  });

  it('erases the case after every participant attested: tombstone, private fields gone for every participant', async () => {
    for (const org of ['ABHMSP', 'BAMFMSP', 'LDSMSP']) seq = (await session.submit(org, 'ADMIN', 'attestMappingDeleted', caseRef, seq, {})).seq;
    const erased = await session.submit('BAMFMSP', 'ADMIN', 'eraseCase', caseRef, seq, { ground: 'GOVERNANCE_DECISION' });
    expect(erased.state).toBe('ERASED');
    seq = erased.seq;
    await session.committedEverywhere(caseRef, seq);
    for (const [org, role, at] of PARTICIPANT_READERS) expect({ org, fields: await privateFieldsAt(org, role, at) }).toEqual({ org, fields: { caseRef } });
  });

  it('still finds the purged record in LevelDB files on every member peer before compaction (replaced versions stay until then)', () => {
    const scan = scanPeers();
    report('erased, not compacted', scan);
    for (const mspId of MEMBERS) expect(markersAt(scan, mspId)).toContain(unit);
  });

  it('after compact-ledger no file of any peer, orderer or log holds the record, and the network serves the next case', async () => {
    session.close(); // the peers restart: event streams end
    const lines: string[] = [];
    const results: PeerCompaction[] = await compactLedgers(createNetworkContext({ log: (line) => lines.push(line) }));
    process.stdout.write(`erasure-bytes compact-ledger:\n  ${lines.join('\n  ')}\n`);
    expect(results.map((result) => [result.mspId, result.restarted])).toEqual(REFERENCE_ORGS.map((mspId) => [mspId, true]));
    for (const result of results) {
      expect(result.databases.find((db) => db.path.endsWith('pvtdataStore'))?.pendingPurges).toBe(0);
    }

    const scan = scanForMarkers([...REFERENCE_ORGS.map(peerFolder), path.join(layout().root, 'orderers'), layout().logs], markers());
    report('erased and compacted', scan);
    expect(scan.unreadable).toEqual([]);
    expect(scan.findings).toEqual([]);

    session = new CaseSession(network().ctx);
    await session.start();
    const next = await session.register();
    for (const org of REFERENCE_ORGS) expect(await session.caseAt(org, next.caseRef)).toMatchObject({ state: 'REGISTERED', seq: 1 });
  });
});
