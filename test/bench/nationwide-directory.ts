/**
 * A directory the size of the whole country for the ledger benchmark: the network's three orgs,
 * three LAND authorities per Land (reception, distribution, central foreigners' authority), 19
 * further LAND authorities in Saxony (so that a case distributed to Saxony asks 22 LAND
 * authorities to react: a case with more than twenty participants), an audit body, and
 * Ausländerbehörden for the rest, with MSP IDs as long as real ones (ABH-DE-BY-09162000).
 * Only the three orgs run peers; the others are directory entries, as authorities not yet
 * connected would be.
 */
import type { Contract } from '@hyperledger/fabric-gateway';
import { evaluateJson, submitJson } from '../support/fabric-clients';

/** The chaincode (the case status chaincode deployed a second time) whose directory is nationwide. */
export const NATIONWIDE_CHAINCODE = 'nationwide';
export const NATIONWIDE_DIRECTORY_SIZE = 600;
/** LAND authorities of Saxony in that directory, LDSMSP included. */
export const SAXON_LAND_AUTHORITIES = 1 + 3 + 18;

const LANDS = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'];

interface Entry {
  readonly mspId: string;
  readonly kind: 'FEDERAL' | 'LAND' | 'ABH' | 'AUDIT';
  readonly landCode: string;
}

/** The directory's entries, the network's own orgs first. */
export function nationwideAuthorities(): Entry[] {
  const fixed: Entry[] = [
    { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE' },
    { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN' },
    { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN' },
    { mspId: 'AUDIT-DE-BFDI', kind: 'AUDIT', landCode: 'DE' },
    ...LANDS.flatMap((land) => ['RECEPTION', 'DISTRIBUTION', 'ZAB'].map((unit): Entry => ({ mspId: `LAND-DE-${land}-${unit}`, kind: 'LAND', landCode: `DE-${land}` }))),
    ...Array.from({ length: SAXON_LAND_AUTHORITIES - 4 }, (_, i): Entry => ({ mspId: `LAND-DE-SN-OFFICE-${String(i).padStart(3, '0')}`, kind: 'LAND', landCode: 'DE-SN' })),
  ];
  const abhs = Array.from({ length: NATIONWIDE_DIRECTORY_SIZE - fixed.length }, (_, i): Entry => {
    const land = LANDS[i % LANDS.length] as string;
    return { mspId: `ABH-DE-${land}-${String(10_000_000 + i * 7919).padStart(8, '0')}`, kind: 'ABH', landCode: `DE-${land}` };
  });
  return [...fixed, ...abhs];
}

/** Bootstraps the nationwide directory once (a warm network keeps it). */
export async function bootstrapNationwideDirectory(contract: Contract): Promise<void> {
  const existing = await evaluateJson(contract, 'directory:getDirectory', undefined).catch(() => undefined);
  if (existing !== undefined) return;
  await submitJson(contract, 'directory:bootstrap', { authorities: nationwideAuthorities() });
}
