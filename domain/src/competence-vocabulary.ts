/**
 * Closed vocabularies of who may act where: redistribution to another Land (§ 51 AsylG), the
 * ground of a release from the reception centre (§ 50 (1) AsylG), and against whose measure an
 * urgent application is directed (§ 80 (5), § 123 VwGO).
 */
import { z } from 'zod';
import { LandCode, MspId } from './authorities';
import { Day } from './identifiers';

/**
 * Why a person is redistributed to another Land (§ 51 (1) AsylG), always on the person's own
 * application (§ 51 (2) S. 1): the household of family members in the sense of § 26 (1) to (3)
 * (`FAMILY_UNITY`), or other humanitarian grounds of comparable weight (`HUMANITARIAN`).
 */
export const REDISTRIBUTION_GROUNDS = ['FAMILY_UNITY', 'HUMANITARIAN'] as const;
export const RedistributionGround = z.enum(REDISTRIBUTION_GROUNDS);
export type RedistributionGround = z.infer<typeof RedistributionGround>;

/** The receiving Land's answer to a redistribution request (§ 51 (2) S. 2: it decides). */
export const REDISTRIBUTION_ANSWERS = ['CONSENTED', 'REFUSED'] as const;
export const RedistributionAnswer = z.enum(REDISTRIBUTION_ANSWERS);
export type RedistributionAnswer = z.infer<typeof RedistributionAnswer>;

/** A redistribution request waiting for the receiving Land's answer. */
export const PendingRedistribution = z.strictObject({
  /** The current Land's LAND authority that made the request. */
  requestedBy: MspId,
  /** The receiving Land's LAND authority named by the request; it takes the case over on consent. */
  receiving: MspId,
  /** The receiving Land. */
  landCode: LandCode,
  ground: RedistributionGround,
  /** The day of the request. */
  requestedOn: Day,
});
export type PendingRedistribution = z.infer<typeof PendingRedistribution>;

/**
 * Why a person is released from the reception centre and allocated (§ 50 (1) AsylG):
 * - `PROTECTION_OR_BAN`: BAMF granted protection or found a ban on removal (S. 1 Nr. 1);
 * - `SUSPENSIVE_EFFECT_ORDERED`: the court ordered the suspensive effect of the suit (S. 1 Nr. 2);
 * - `NOT_OBLIGED_TO_RESIDE`: the obligation to live there ended for another reason (S. 2), e.g.
 *   the longest stay of § 47 ran out.
 */
export const RELEASE_GROUNDS = ['PROTECTION_OR_BAN', 'SUSPENSIVE_EFFECT_ORDERED', 'NOT_OBLIGED_TO_RESIDE'] as const;
export const ReleaseGround = z.enum(RELEASE_GROUNDS);
export type ReleaseGround = z.infer<typeof ReleaseGround>;

/**
 * Against whose measure an urgent application to the court is directed:
 * - `BAMF_DECISION`: BAMF's decision (§ 80 (5) VwGO with § 36, § 34a AsylG); BAMF's litigation
 *   unit records it;
 * - `LAND_MEASURE`: a measure of a Land or of an Ausländerbehörde, e.g. the removal itself
 *   (§ 123 VwGO, or § 80 (5) VwGO against a Land's order); the authority that learns of it records it.
 */
export const URGENT_APPLICATION_AGAINST = ['BAMF_DECISION', 'LAND_MEASURE'] as const;
export const UrgentApplicationAgainst = z.enum(URGENT_APPLICATION_AGAINST);
export type UrgentApplicationAgainst = z.infer<typeof UrgentApplicationAgainst>;
