/**
 * The days of a case's procedure that the law counts periods from, as the transitions record them:
 * facts (what happened, and when), never derived values. Corrections replay them like any input.
 */
import { z } from 'zod';
import { Day } from './identifiers';

/** The procedure's days; null until the step happened. */
export const ProcedureDates = z.strictObject({
  /** Registration of the application (Art. 27 APR; Asylgesuch before the reform). */
  registeredOn: Day.nullable(),
  /** Lodging with BAMF (Einreichung, Art. 28 APR; förmliche Antragstellung before): fixes the procedure regime. */
  lodgedOn: Day.nullable(),
  /** BAMF's decision. */
  decidedOn: Day.nullable(),
  /** The suit against the decision was filed (§ 74 AsylG). */
  suitFiledOn: Day.nullable(),
  /** An urgent application was filed (§ 80 (5) VwGO with § 36 (2) or § 34a AsylG; § 123 VwGO). */
  urgentApplicationOn: Day.nullable(),
  /** The court decided the urgent application (served). */
  urgentDecidedOn: Day.nullable(),
  /** The first-instance judgment dismissing the suit was served. */
  judgmentServedOn: Day.nullable(),
  /** A request to the appeal court to allow remaining was made (§ 78 (9) AsylG, reformed procedure). */
  remainRequestOn: Day.nullable(),
  /** The appeal court decided that request (served). */
  remainRequestDecidedOn: Day.nullable(),
  /** The court ordered suspensive effect or allowed remaining (granted urgent application, Art. 68 (4) APR). */
  suspensionOrderedOn: Day.nullable(),
  /** The appeal court allowed remaining until the appeal is decided (§ 78 (9) AsylG, Art. 68 (7) APR). */
  remainingAllowedOn: Day.nullable(),
  /** The decision became final (unanfechtbar). */
  finalOn: Day.nullable(),
  /** The last day of the departure period the Ausländerbehörde set, when it set one longer than the statute's (§ 38 (3) AsylG, § 59 AufenthG). */
  departurePeriodEndsOn: Day.nullable(),
  /** The case was closed. */
  closedOn: Day.nullable(),
  /** The Eurodac hit that shows another Member State's earlier application (the take back notification runs from it, Art. 41 AMMR). */
  eurodacHitOn: Day.nullable(),
  /** The take charge or take back request or notification was sent to the other Member State. */
  responsibilityRequestOn: Day.nullable(),
  /** The other Member State accepted or confirmed (by silence: the last day of its reply period); the transfer period runs from it. */
  responsibilityAcceptedOn: Day.nullable(),
  /** BAMF extended the transfer period because the person is imprisoned (Art. 29 (2) Dublin III, Art. 46 (2) AMMR). */
  transferExtendedForImprisonmentOn: Day.nullable(),
  /** BAMF extended the transfer period because the person absconded (Art. 29 (2) Dublin III, Art. 46 (2) AMMR). */
  transferExtendedForAbscondingOn: Day.nullable(),
  /** BAMF discontinued the procedure because it was not pursued (Einstellung, § 33 AsylG a.F.) or found the application implicitly withdrawn (Art. 41 APR). */
  discontinuedOn: Day.nullable(),
  /** The discontinued procedure was resumed on an application made that day (§ 33 (5) AsylG a.F.; once only). */
  resumedOn: Day.nullable(),
  /** The person's whereabouts became unknown (§ 66 AsylG); null again once the person is back. */
  whereaboutsUnknownSince: Day.nullable(),
});
export type ProcedureDates = z.infer<typeof ProcedureDates>;

/** A case with none of its procedure's steps done yet. */
export const NO_PROCEDURE_DATES: ProcedureDates = {
  registeredOn: null,
  lodgedOn: null,
  decidedOn: null,
  suitFiledOn: null,
  urgentApplicationOn: null,
  urgentDecidedOn: null,
  judgmentServedOn: null,
  remainRequestOn: null,
  remainRequestDecidedOn: null,
  suspensionOrderedOn: null,
  remainingAllowedOn: null,
  finalOn: null,
  departurePeriodEndsOn: null,
  closedOn: null,
  eurodacHitOn: null,
  responsibilityRequestOn: null,
  responsibilityAcceptedOn: null,
  transferExtendedForImprisonmentOn: null,
  transferExtendedForAbscondingOn: null,
  discontinuedOn: null,
  resumedOn: null,
  whereaboutsUnknownSince: null,
};
