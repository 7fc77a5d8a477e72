/**
 * Authorities and roles: which kinds of organisation take part, and which roles each kind issues.
 * Organisations are data (the on-ledger authority directory); roles and kinds are code.
 */
import { z } from 'zod';
import { MAX_AUTHORITIES } from './directory-limits';
import { RetentionYears } from './retention';

export const ORG_KINDS = ['FEDERAL', 'LAND', 'ABH', 'AUDIT'] as const;
export const OrgKind = z.enum(ORG_KINDS);
export type OrgKind = z.infer<typeof OrgKind>;

export const ROLES = [
  'BAMF_REGISTRATION',
  'BAMF_CASEWORKER',
  'BAMF_DUBLIN',
  'BAMF_LITIGATION',
  'LAND_RECEPTION',
  'LAND_DISTRIBUTION',
  'LAND_ZAB',
  'ABH',
  'ADMIN',
  'AUDITOR',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Which roles an organisation of each kind may hold. A role outside its kind is refused. */
export const ROLES_BY_ORG_KIND: Readonly<Record<OrgKind, readonly Role[]>> = {
  FEDERAL: ['BAMF_REGISTRATION', 'BAMF_CASEWORKER', 'BAMF_DUBLIN', 'BAMF_LITIGATION', 'ADMIN', 'AUDITOR'],
  LAND: ['LAND_RECEPTION', 'LAND_DISTRIBUTION', 'LAND_ZAB', 'ADMIN', 'AUDITOR'],
  ABH: ['ABH', 'ADMIN', 'AUDITOR'],
  AUDIT: ['AUDITOR', 'ADMIN'],
};

/** Org kinds whose members take part in cases (hold mappings, endorse case keys). */
export const PARTICIPANT_KINDS: readonly OrgKind[] = ['FEDERAL', 'LAND', 'ABH'];

/** Whether an organisation of `kind` may issue `role`. */
export function isRoleOfKind(role: Role, kind: OrgKind): boolean {
  return ROLES_BY_ORG_KIND[kind].includes(role);
}

/** Org kinds that may hold `role`. */
export function orgKindsForRole(role: Role): OrgKind[] {
  return ORG_KINDS.filter((kind) => isRoleOfKind(role, kind));
}

/** MSP IDs as Fabric allows them, kept short. */
export const MspId = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9.-]{1,62}$/, 'an MSP ID: letters, digits, dot, dash; 2-63 characters');
export type MspId = z.infer<typeof MspId>;

/** ISO 3166-2:DE subdivision code (e.g. DE-SN), or DE for a federal authority. */
export const LandCode = z
  .string()
  .regex(/^DE(-(BW|BY|BE|BB|HB|HH|HE|MV|NI|NW|RP|SL|SN|ST|SH|TH))?$/, 'an ISO 3166-2:DE code such as DE-SN');
export type LandCode = z.infer<typeof LandCode>;

/** The Land key that opens every municipality key (AGS) of a Land, by its ISO 3166-2:DE code. */
export const AGS_LAND_KEYS: Readonly<Record<string, string>> = {
  'DE-SH': '01', 'DE-HH': '02', 'DE-NI': '03', 'DE-HB': '04', 'DE-NW': '05', 'DE-HE': '06', 'DE-RP': '07', 'DE-BW': '08',
  'DE-BY': '09', 'DE-SL': '10', 'DE-BE': '11', 'DE-BB': '12', 'DE-MV': '13', 'DE-SN': '14', 'DE-ST': '15', 'DE-TH': '16',
};

/** One entry of the on-ledger authority directory. */
export const Authority = z.strictObject({
  mspId: MspId,
  kind: OrgKind,
  landCode: LandCode,
  active: z.boolean().default(true),
});
export type Authority = z.infer<typeof Authority>;

/**
 * The whole directory, as stored on the ledger (sorted by MSP ID), with the network's settings:
 * `retentionYears`, how long a finished case stays on the ledger (absent: the default, see
 * retention.ts), and `seatedLands`, the Länder that have taken their seat in directory governance
 * (sorted; absent: none). A Land takes its seat when an ADMIN of one of its LAND authorities first
 * signs a governance transaction, so a Land listed in the directory that cannot sign yet (no
 * member of the channel) never counts towards the Länder quorum (directory-approvals.ts).
 */
export const AuthorityDirectory = z.strictObject({
  authorities: z.array(Authority).max(MAX_AUTHORITIES),
  retentionYears: RetentionYears.optional(),
  seatedLands: z.array(LandCode).max(Object.keys(AGS_LAND_KEYS).length).optional(),
});
export type AuthorityDirectory = z.infer<typeof AuthorityDirectory>;

/** Who is acting: the submitter's organisation (from the directory) and role (from its certificate). */
export interface Actor {
  readonly mspId: string;
  readonly role: Role;
  readonly kind: OrgKind;
  readonly landCode: string;
}

/** Whether an organisation of this kind acts only within its own Land. */
export function isLandScoped(kind: OrgKind): boolean {
  return kind === 'LAND' || kind === 'ABH';
}
