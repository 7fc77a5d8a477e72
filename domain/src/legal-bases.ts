/**
 * The legal bases the case record names, as codes (the record holds codes only) with the citation
 * each stands for. "a.F." marks the AsylG as it stood until 12 June 2026 (§ 87e AsylG).
 */
import { z } from 'zod';

/** Every legal basis a derived fact of a case can name, with its citation. */
export const LEGAL_BASES = {
  APR_28_LODGING: 'Art. 28 (1) APR: lodging within 21 days of registration',
  APR_35_EXAMINATION: 'Art. 35 APR: examination within six months of lodging',
  ASYLG_74_SUIT: '§ 74 (1) AsylG, Art. 67 (7) APR: suit within one or two weeks of service',
  ASYLG_74_SUIT_OLD: '§ 74 (1) AsylG a.F.: suit within one or two weeks of service',
  ASYLG_36_URGENT: '§ 36 (2) AsylG, Art. 68 (5) (d) APR: urgent application within one week; no removal while it runs or is pending',
  ASYLG_36_URGENT_OLD: '§ 36 (3) AsylG a.F.: urgent application within one week; no removal before a timely one is decided',
  ASYLG_34A_TRANSFER: '§ 34a (3) AsylG, Art. 43 AMMR: urgent application within one week; no transfer before a timely one is decided',
  ASYLG_34A_TRANSFER_OLD: '§ 34a (2) AsylG a.F.: urgent application within one week; no transfer before a timely one is decided',
  ASYLG_78_LEAVE: '§ 78 (4) AsylG: leave to appeal within one month of service of the judgment',
  ASYLG_78_9_REMAIN: '§ 78 (9) AsylG, Art. 68 (7) APR: a request to remain within one month bars removal until decided',
  ASYLG_38_1_WEEK: '§ 38 (1) AsylG, Art. 68 (3) APR: one week to leave, from the end of the suit period or the rejection of a timely urgent application',
  ASYLG_38_2_30_DAYS: '§ 38 (2) AsylG, Art. 68 (2) APR: 30 days to leave, from the end of the suit period or of the right to remain',
  ASYLG_38_1_OLD: '§ 38 (1) AsylG a.F.: 30 days to leave after the decision became final',
  ASYLG_36_1_OLD: '§ 36 (1) AsylG a.F.: one week to leave after service',
  ASYLG_38_2_OLD: '§ 38 (2) AsylG a.F.: one week to leave after a withdrawal or discontinuation',
  ASYLG_37_2_OLD: '§ 37 (2) AsylG a.F.: after the court ordered suspensive effect, 30 days to leave after the final conclusion',
  ASYLG_78_10_TRANSFER: '§ 78 (10) AsylG: after the first-instance dismissal, suspensive effect against a transfer decision lasts only if the appeal court orders it; § 78 (9) applies',
  ASYLG_80B_TRANSFER_OLD: '§ 80b (1) VwGO with § 34a AsylG a.F.: a court-ordered suspension of the transfer lasts until the decision is final',
  AMMR_39_TAKE_CHARGE: 'Art. 39 (1) AMMR: take charge request within two months of registration',
  AMMR_40_REPLY: 'Art. 40 (1), (2) AMMR: reply to a take charge request within one month; no reply is acceptance',
  AMMR_41_NOTIFICATION: 'Art. 41 (1) AMMR: take back notification within two weeks of the Eurodac hit',
  AMMR_41_CONFIRMATION: 'Art. 41 (2) AMMR: confirmation of a take back notification within two weeks; no reply is confirmation',
  DUBLIN_21_TAKE_CHARGE: 'Art. 21 (1) Dublin III: take charge request within three months of the application, two months of a Eurodac hit',
  DUBLIN_22_REPLY: 'Art. 22 (1), (7) Dublin III: reply to a take charge request within two months; no reply is acceptance',
  DUBLIN_23_TAKE_BACK: 'Art. 23 (2) Dublin III: take back request within two months of the Eurodac hit, three months of the application otherwise',
  DUBLIN_25_REPLY: 'Art. 25 (1), (2) Dublin III: reply to a take back request within one month, two weeks on a Eurodac hit; no reply is acceptance',
  AMMR_46_TRANSFER: 'Art. 46 (1) AMMR: transfer within six months of acceptance, confirmation, or the final decision on an appeal with suspensive effect',
  AMMR_46_TRANSFER_IMPRISONMENT: 'Art. 46 (2) AMMR: the transfer period extended to one year (imprisonment)',
  AMMR_46_TRANSFER_ABSCONDING: 'Art. 46 (2) AMMR: the transfer period extended to three years (absconding)',
  DUBLIN_29_TRANSFER: 'Art. 29 (1) Dublin III: transfer within six months of acceptance or the final decision on an appeal with suspensive effect',
  DUBLIN_29_TRANSFER_IMPRISONMENT: 'Art. 29 (2) Dublin III: the transfer period extended to twelve months (imprisonment)',
  DUBLIN_29_TRANSFER_ABSCONDING: 'Art. 29 (2) Dublin III: the transfer period extended to eighteen months (absconding)',
  ASYLG_33_5_OLD: '§ 33 (5) AsylG a.F.: a discontinued procedure is resumed on an application made within nine months of the discontinuation, once',
  ASYLG_73_WITHDRAWAL_OLD:
    '§§ 73, 73b, 75 AsylG a.F., §§ 52 (1) Nr. 4, 59 AufenthG: after a withdrawal of protection the suit suspends; read: no removal before 30 days after the withdrawal became final',
  ASYLG_73B_WITHDRAWAL:
    '§ 73b AsylG, Arts. 66, 68 (3) (e) APR, §§ 52 (1) Nr. 4, 59 AufenthG: the withdrawal ground that decides the suspensive effect is not recorded; read: no removal before 30 days after the withdrawal became final',
  ASYLG_71_3_FOLLOW_UP:
    '§ 71 (3) S. 3 AsylG, Art. 10 (1), 55 APR: a follow-up application bars removal until BAMF decides, then until the suit period has run and a timely urgent application is decided',
  ASYLG_71_3_NON_REFOULEMENT: '§ 71 (3) S. 2 AsylG, Art. 56 APR: removal once BAMF has communicated that the principle of non-refoulement is respected',
  ASYLG_71_5_OLD:
    '§ 71 (5) AsylG a.F.: no removal before BAMF decided the follow-up application, then not before the one-week suit period has run and a timely urgent application is decided',
  ASYLG_71A_OLD: '§ 71a (3), (4) AsylG a.F. with § 36 (3): the second application is tolerated until BAMF decides, then no removal before the week and a timely urgent application are decided',
} as const;

export const LegalBasisCode = z.enum(Object.keys(LEGAL_BASES) as [keyof typeof LEGAL_BASES, ...(keyof typeof LEGAL_BASES)[]]);
export type LegalBasisCode = z.infer<typeof LegalBasisCode>;
