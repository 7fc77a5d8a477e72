/**
 * The two legal regimes a case runs under, chosen by its own dates (see ../shared/LAW-2026.md and
 * docs/domain-model.md): the asylum procedure by the day the application was lodged, the
 * responsibility between Member States by the day it was registered. Both are derived, never entered.
 */
import { z } from 'zod';

/**
 * The first day of the reformed procedure: the Asylum Procedure Regulation (EU) 2024/1348 applies
 * to applications lodged from 12 June 2026 (Art. 79 (2), (3) APR), and so does the AsylG as amended
 * by the GEAS-Anpassungsgesetz (BGBl. 2026 I Nr. 111); earlier applications stay under the AsylG as
 * it stood until then (§ 87e (1) AsylG).
 */
export const GEAS_PROCEDURE_FROM = '2026-06-12';

/**
 * The first day of the AMMR (EU) 2024/1351 (Art. 85 AMMR): responsibility for applications
 * registered from 1 July 2026 follows the AMMR; for applications registered before, the criteria of
 * Dublin III (EU) 604/2013 (Art. 84 AMMR).
 */
export const AMMR_RESPONSIBILITY_FROM = '2026-07-01';

/** Which law governs the asylum procedure of a case: the AsylG before the reform, or APR and the new AsylG. */
export const PROCEDURE_REGIMES = ['LEGACY', 'GEAS'] as const;
export const ProcedureRegime = z.enum(PROCEDURE_REGIMES);
export type ProcedureRegime = z.infer<typeof ProcedureRegime>;

/** Which law determines the responsible Member State: Dublin III, or the AMMR. */
export const RESPONSIBILITY_REGIMES = ['DUBLIN_III', 'AMMR'] as const;
export const ResponsibilityRegime = z.enum(RESPONSIBILITY_REGIMES);
export type ResponsibilityRegime = z.infer<typeof ResponsibilityRegime>;

/**
 * The procedure a case is examined in, recorded by BAMF with its decision (APR): the suspensive
 * effect of a rejection depends on it (Art. 68 (3) (a) APR).
 */
export const PROCEDURE_TRACKS = ['REGULAR', 'ACCELERATED', 'BORDER'] as const;
export const ProcedureTrack = z.enum(PROCEDURE_TRACKS);
export type ProcedureTrack = z.infer<typeof ProcedureTrack>;

/** The procedure regime of an application lodged on a day. */
export function procedureRegimeOf(lodgedOn: string): ProcedureRegime {
  return lodgedOn >= GEAS_PROCEDURE_FROM ? 'GEAS' : 'LEGACY';
}

/** The responsibility regime of an application registered on a day. */
export function responsibilityRegimeOf(registeredOn: string): ResponsibilityRegime {
  return registeredOn >= AMMR_RESPONSIBILITY_FROM ? 'AMMR' : 'DUBLIN_III';
}
