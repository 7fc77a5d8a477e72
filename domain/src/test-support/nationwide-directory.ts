/**
 * A directory the size of the whole country: the reference network's three orgs, three LAND
 * authorities per Land (reception, distribution, central foreigners' authority), 19 further LAND
 * authorities in Saxony (so that a case distributed to Saxony asks 22 LAND authorities to react),
 * an audit body, and Ausländerbehörden for the rest, with MSP IDs as long as real ones
 * (ABH-DE-BY-09162000). Shared by the domain's unit tests and the ledger benchmark
 * (test/bench/nationwide-directory.ts).
 */
import type { Authority } from '../authorities';

/** Entries of the nationwide directory. */
export const NATIONWIDE_DIRECTORY_SIZE = 600;
/** LAND authorities of Saxony in that directory, LDSMSP included. */
export const SAXON_LAND_AUTHORITIES = 1 + 3 + 18;
/** The sixteen Länder, by the second part of their ISO 3166-2:DE code. */
export const LANDS = ['BW', 'BY', 'BE', 'BB', 'HB', 'HH', 'HE', 'MV', 'NI', 'NW', 'RP', 'SL', 'SN', 'ST', 'SH', 'TH'] as const;

/** One entry as the bootstrap input names it (active by default). */
export type NationwideEntry = Pick<Authority, 'mspId' | 'kind' | 'landCode'>;

/** The directory's entries, the network's own orgs first. */
export function nationwideAuthorities(): NationwideEntry[] {
  const fixed: NationwideEntry[] = [
    { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE' },
    { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN' },
    { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN' },
    { mspId: 'AUDIT-DE-BFDI', kind: 'AUDIT', landCode: 'DE' },
    ...LANDS.flatMap((land) =>
      ['RECEPTION', 'DISTRIBUTION', 'ZAB'].map((unit): NationwideEntry => ({ mspId: `LAND-DE-${land}-${unit}`, kind: 'LAND', landCode: `DE-${land}` })),
    ),
    ...Array.from(
      { length: SAXON_LAND_AUTHORITIES - 4 },
      (_, i): NationwideEntry => ({ mspId: `LAND-DE-SN-OFFICE-${String(i).padStart(3, '0')}`, kind: 'LAND', landCode: 'DE-SN' }),
    ),
  ];
  const abhs = Array.from({ length: NATIONWIDE_DIRECTORY_SIZE - fixed.length }, (_, i): NationwideEntry => {
    const land = LANDS[i % LANDS.length] as string;
    return { mspId: `ABH-DE-${land}-${String(10_000_000 + i * 7919).padStart(8, '0')}`, kind: 'ABH', landCode: `DE-${land}` };
  });
  return [...fixed, ...abhs];
}
