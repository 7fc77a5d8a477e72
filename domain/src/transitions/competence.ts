/**
 * Which authority is responsible: allocation to a municipality, transfer of responsibility,
 * redistribution to another Land.
 */
import { findAuthority } from '../authority-directory';
import type { CaseRecord } from '../case-record';
import { ChaincodeError } from '../chaincode-error';
import type { ReleaseGround } from '../competence-vocabulary';
import { isTransferDecision } from '../remedy-periods';
import { newResponsibleOfKinds } from '../responsible-authority';
import { AllocateToMunicipalityInput, AnswerRedistributionInput, ChangeResponsibleInput, RequestRedistributionInput } from '../transition-inputs';
import { procedureLaw, unchangedLaw } from '../rule-law';
import { defineRule, type TransitionContext, type TransitionRule } from '../transition-rule';
import type { CaseState } from '../vocabulary';
import { ALLOCATABLE_STATES, TRANSFERABLE_STATES, effectiveOnDone } from './shared-rules';

/**
 * Why a release from the reception centre on this ground is barred, or undefined (§ 50 (1) S. 1
 * Nr. 2 AsylG): a court's order of suspensive effect does not lead to release and allocation after
 * a transfer decision, in both regimes (the old text excepted inadmissibility under § 29 (1) Nr. 1
 * and 2 a.F., the Dublin cases among them; the new one a transfer decision under Art. 42 (1) AMMR
 * and § 29 Nr. 2). Without a ground named, a case whose only recorded reason for release is such
 * an order is treated as released for it; another reason must be named (`NOT_OBLIGED_TO_RESIDE`,
 * § 50 (1) S. 2).
 */
function releaseGuard(current: CaseRecord, ground: ReleaseGround | undefined): string | undefined {
  const ordered = current.dates.suspensionOrderedOn;
  if (ground === 'SUSPENSIVE_EFFECT_ORDERED' && ordered === null) return 'no order of suspensive effect is recorded';
  const forTheOrder = ground === 'SUSPENSIVE_EFFECT_ORDERED' || (ground === undefined && ordered !== null);
  if (!forTheOrder || !isTransferDecision(current)) return undefined;
  const basis = current.procedureRegime === 'LEGACY' ? '§ 50 (1) S. 1 Nr. 2 AsylG a.F. (inadmissible under § 29 (1) Nr. 1)' : '§ 50 (1) S. 1 Nr. 2 AsylG (transfer decision)';
  return `the court's order of suspensive effect (${ordered}) does not lead to release from the reception centre after a transfer decision (${basis}); name releaseGround NOT_OBLIGED_TO_RESIDE where the obligation to reside ended for another reason (§ 50 (1) S. 2)`;
}

/** The precondition of a redistribution request: another Land, and the receiving authority is an active LAND authority of it. */
function receivingLandAuthority(
  current: CaseRecord,
  input: { readonly receiving: string; readonly landCode: string },
  context: TransitionContext,
): ChaincodeError | undefined {
  if (input.landCode === current.landCode) {
    return new ChaincodeError('VALIDATION_FAILED', `landCode must be a Land other than the case's (${current.landCode})`, { field: 'landCode' });
  }
  const authority = findAuthority(context.directory, input.receiving);
  if (authority?.kind === 'LAND' && authority.landCode === input.landCode) return undefined;
  return new ChaincodeError('VALIDATION_FAILED', `receiving must be an active LAND authority of ${input.landCode}`, { field: 'receiving' });
}

/** States in which a pending redistribution request can be answered: where it can be made, and after the person left or the case closed (refusal only). */
const ANSWERABLE_STATES: readonly CaseState[] = [...TRANSFERABLE_STATES, 'LEFT', 'CLOSED'];

/** Which authority is responsible: allocation to a municipality, transfer of responsibility, redistribution to another Land. */
export const COMPETENCE_RULES = {
  allocateToMunicipality: defineRule({
    summary:
      "Allocates the person to a municipality; its Ausländerbehörde becomes responsible. A court's order of suspensive effect does not lead to release after a transfer decision (§ 50 (1) Nr. 2).",
    law: procedureLaw(
      '§ 50 AsylG a.F.: allocation within the Land; a court suspension does not lead to release where the application was rejected as inadmissible under § 29 (1) Nr. 1 or 2 a.F. (§ 50 (1) S. 1 Nr. 2 a.F.)',
      '§ 50 AsylG: allocation within the Land; a court suspension does not lead to release where a transfer decision exists or the application was rejected under § 29 Nr. 2 (§ 50 (1) Nr. 2)',
    ),
    from: ALLOCATABLE_STATES,
    to: ALLOCATABLE_STATES,
    roles: ['LAND_DISTRIBUTION'],
    targets: ['FEDERAL', 'RESPONSIBLE'],
    privateFields: ['municipalityCode', 'responsibleUnit'],
    input: AllocateToMunicipalityInput,
    guard: (current, input) => releaseGuard(current, input.releaseGround),
    precondition: newResponsibleOfKinds(['ABH']),
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({
      placement: 'MUNICIPALITY',
      responsible: input.responsible,
      effectiveOn: input.effectiveOn,
    }),
  }),
  transferResponsibility: defineRule({
    summary: 'Moves responsibility to another authority of the same Land; the state stays.',
    law: unchangedLaw('§ 71 AufenthG with the Land law on the competence of the Ausländerbehörden; § 60 AsylG (residence obligation)'),
    from: TRANSFERABLE_STATES,
    to: TRANSFERABLE_STATES,
    roles: ['LAND_DISTRIBUTION', 'LAND_ZAB', 'ABH'],
    targets: ['PREVIOUS_RESPONSIBLE', 'RESPONSIBLE', 'FEDERAL'],
    privateFields: ['responsibleUnit'],
    input: ChangeResponsibleInput,
    precondition: newResponsibleOfKinds(['LAND', 'ABH']),
    doneDates: effectiveOnDone,
    apply: (_current, input) => ({ responsible: input.responsible, effectiveOn: input.effectiveOn }),
  }),
  requestRedistribution: defineRule({
    summary:
      "Records the person's application for redistribution to another Land (§ 51), for family unity or humanitarian grounds, naming that Land's authority; until it answers, every write of the case needs both Länder's endorsement.",
    law: unchangedLaw(
      '§ 51 AsylG (unchanged by the reform): redistribution to another Land on the application of a person not (or no longer) obliged to live in a reception centre, for the household of family members (§ 26 (1) to (3)) or humanitarian grounds of comparable weight',
    ),
    from: TRANSFERABLE_STATES,
    to: TRANSFERABLE_STATES,
    roles: ['LAND_DISTRIBUTION'],
    targets: ['FEDERAL', 'RESPONSIBLE', 'RECEIVING_LAND'],
    privateFields: [],
    input: RequestRedistributionInput,
    guard: (current) => {
      if (current.redistribution) return `a redistribution request to ${current.redistribution.landCode} is pending already (${current.redistribution.requestedOn})`;
      return current.placement === 'RECEPTION_FACILITY'
        ? 'the person is obliged to live in a reception centre; § 51 (1) AsylG redistributes only a person not (or no longer) obliged to'
        : undefined;
    },
    precondition: receivingLandAuthority,
    doneDates: effectiveOnDone,
    apply: (_current, input, context) => ({
      effectiveOn: input.effectiveOn,
      redistribution: {
        requestedBy: context.actorMsp,
        receiving: input.receiving,
        landCode: input.landCode,
        ground: input.ground,
        requestedOn: input.effectiveOn,
      },
    }),
  }),
  answerRedistribution: defineRule({
    summary:
      "The receiving Land decides a pending redistribution request (§ 51 (2) S. 2): on consent its authority becomes responsible and the case's Land moves to it; a refusal ends the request.",
    law: unchangedLaw('§ 51 (2) S. 2 AsylG (unchanged by the reform): the authority of the Land for which the further stay is applied for decides'),
    // a request still pending when the person left or the case closed can be refused, so the Länder leave the policy
    from: ANSWERABLE_STATES,
    to: ANSWERABLE_STATES,
    roles: ['LAND_DISTRIBUTION'],
    scope: 'RECEIVING_LAND',
    targets: ['FEDERAL', 'ORIGIN_LAND', 'PREVIOUS_RESPONSIBLE', 'RESPONSIBLE'],
    privateFields: [],
    input: AnswerRedistributionInput,
    guard: (current, input) => {
      const pending = current.redistribution;
      if (!pending) return 'no redistribution request is pending';
      if (input.answer === 'CONSENTED' && !TRANSFERABLE_STATES.includes(current.state)) return `the case is ${current.state}: the request can only be refused`;
      return input.effectiveOn < pending.requestedOn ? `the redistribution was requested on ${pending.requestedOn}` : undefined;
    },
    doneDates: effectiveOnDone,
    apply: (current, input) => {
      const pending = current.redistribution;
      if (!pending || input.answer === 'REFUSED') return { effectiveOn: input.effectiveOn, redistribution: null };
      return {
        responsible: pending.receiving,
        landCode: pending.landCode,
        placement: 'NONE',
        effectiveOn: input.effectiveOn,
        redistribution: null,
      };
    },
  }),
} satisfies Record<string, TransitionRule>;
