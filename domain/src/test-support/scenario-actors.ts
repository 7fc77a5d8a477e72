/**
 * The authorities of the scenario tests (BAMF, the Saxon Landesdirektion, the Dresden ABH) by role,
 * and the intake every scenario starts with.
 */
import { actor } from './fixtures';
import type { PlayedStep } from './recorded-history';

export const bamf = {
  registration: actor('BAMF_REGISTRATION', 'FEDERAL'),
  caseworker: actor('BAMF_CASEWORKER', 'FEDERAL'),
  dublin: actor('BAMF_DUBLIN', 'FEDERAL'),
  litigation: actor('BAMF_LITIGATION', 'FEDERAL'),
};
export const lds = { reception: actor('LAND_RECEPTION', 'LAND'), distribution: actor('LAND_DISTRIBUTION', 'LAND'), zab: actor('LAND_ZAB', 'LAND') };
export const abh = actor('ABH', 'ABH');

/** Registration, distribution to Saxony, arrival and lodging on the given days; the Dresden ABH becomes responsible. */
export function intake(registeredOn: string, lodgedOn: string): PlayedStep[] {
  return [
    ['registerCase', lds.reception, { procedureKind: 'ERSTANTRAG', effectiveOn: registeredOn }, registeredOn],
    ['recordDistribution', bamf.registration, { landCode: 'DE-SN', effectiveOn: registeredOn }, registeredOn],
    ['confirmArrival', lds.reception, { effectiveOn: registeredOn }, registeredOn],
    ['lodgeApplication', bamf.caseworker, { effectiveOn: lodgedOn }, lodgedOn],
    ['allocateToMunicipality', lds.distribution, { responsible: 'ABHMSP', effectiveOn: lodgedOn }, lodgedOn],
  ];
}
