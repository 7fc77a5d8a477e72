import { ORG_KINDS, ROLES_BY_ORG_KIND, type OrgKind, type Role } from './authorities';
import { ChaincodeError } from './chaincode-error';
import { decideTransition, parseTransitionInput, type TransitionOutcome } from './decide-transition';
import type { ErrorCode } from './error-codes';
import { actor, allowedActorFor, contextFor, FIXTURES, TODAY } from './test-support/fixtures';
import type { TransitionRule } from './transition-rule';
import { TRANSITIONS, TRANSITION_TYPES, type TransitionType } from './transitions';
import { CASE_STATES, type CaseState } from './vocabulary';

function attempt(type: TransitionType, who = allowedActor(type), overrides: { state?: CaseState } = {}): TransitionOutcome | ErrorCode {
  const fixture = FIXTURES[type];
  const current = fixture.current && overrides.state ? { ...fixture.current, state: overrides.state } : fixture.current;
  try {
    return decideTransition(type, current, parseTransitionInput(type, fixture.input), contextFor(who));
  } catch (error) {
    if (error instanceof ChaincodeError) return error.code;
    throw error;
  }
}

const allowedActor = allowedActorFor;

type Verdict = 'allowed' | 'FORBIDDEN_ROLE' | 'FORBIDDEN_ORG' | 'CORRECTION_NOT_ALLOWED';

/**
 * Expected verdict from the model: the role (and kind) must be listed; attestation needs a
 * participant org; a correction needs the writer's org with a role of the corrected transaction.
 */
function expectedVerdict(type: TransitionType, kind: OrgKind, role: Role): Verdict {
  const rule = TRANSITIONS[type] as TransitionRule;
  if (!rule.roles.includes(role) || (rule.orgKinds && !rule.orgKinds.includes(kind))) return 'FORBIDDEN_ROLE';
  if (type === 'correctEvent') return kind === 'FEDERAL' && TRANSITIONS.recordDecision.roles.includes(role) ? 'allowed' : 'CORRECTION_NOT_ALLOWED';
  const participants = FIXTURES[type].current?.participants ?? [];
  if (type === 'attestMappingDeleted' && !participants.includes(actor(role, kind).mspId)) return 'FORBIDDEN_ORG';
  return 'allowed';
}

/** Every (transition, org kind, role the kind may hold) with the expected verdict. */
const roleCases: [TransitionType, OrgKind, Role, Verdict][] = TRANSITION_TYPES.flatMap((type) =>
  ORG_KINDS.flatMap((kind) =>
    ROLES_BY_ORG_KIND[kind].map((role): [TransitionType, OrgKind, Role, Verdict] => [
      type,
      kind,
      role,
      expectedVerdict(type, kind, role),
    ]),
  ),
);

/** Every (transition, state) for transitions on an existing case. */
const stateCases: [TransitionType, CaseState, boolean][] = TRANSITION_TYPES.filter((type) => type !== 'registerCase').flatMap(
  (type) => {
    const rule = TRANSITIONS[type] as TransitionRule;
    const from = rule.from === 'NONE' ? [] : rule.from;
    return CASE_STATES.map((state): [TransitionType, CaseState, boolean] => {
      const current = { ...FIXTURES[type].current!, state };
      const guarded = rule.guard?.(current, parseTransitionInput(type, FIXTURES[type].input), { today: TODAY, actorMsp: 'BAMFMSP' }) !== undefined;
      return [type, state, from.includes(state) && !guarded];
    });
  },
);

describe('the transition table', () => {
  it('covers every transaction of the process model with a fixture and at least one role', () => {
    expect(Object.keys(FIXTURES).sort()).toEqual([...TRANSITION_TYPES].sort());
    for (const type of TRANSITION_TYPES) expect(TRANSITIONS[type].roles.length).toBeGreaterThan(0);
  });

  it('tests every role of every org kind against every transition', () => {
    const rolesAcrossKinds = ORG_KINDS.reduce((sum, kind) => sum + ROLES_BY_ORG_KIND[kind].length, 0);
    expect(roleCases.length).toBe(TRANSITION_TYPES.length * rolesAcrossKinds);
    expect(roleCases.filter(([, , , verdict]) => verdict === 'allowed').length).toBeGreaterThan(TRANSITION_TYPES.length);
  });
});

describe('role and org-kind checks', () => {
  it.each(roleCases)('%s by a %s authority as %s: %s', (type, kind, role, verdict) => {
    const result = attempt(type, actor(role, kind));
    if (verdict === 'allowed') expect(result).toMatchObject({ event: { type } });
    else expect(result).toBe(verdict);
  });
});

describe('from-state checks', () => {
  it.each(stateCases)('%s from %s: allowed=%s', (type, state, allowed) => {
    const result = attempt(type, allowedActor(type), { state });
    if (allowed) expect(result).toMatchObject({ event: { type, from: state } });
    else expect(result).toBe('INVALID_TRANSITION');
  });
});

describe('every allowed transition', () => {
  it.each(TRANSITION_TYPES)('%s increments seq by one, records the actor and emits one matching event', (type) => {
    const result = attempt(type) as TransitionOutcome;
    const before = FIXTURES[type].current;
    expect(result.record.seq).toBe((before?.seq ?? 0) + 1);
    expect(result.record.lastTxId).toBe('a'.repeat(64));
    expect(result.record.updatedByMsp).toBe(allowedActor(type).mspId);
    expect(result.event).toEqual({
      caseRef: result.record.caseRef,
      seq: result.record.seq,
      type,
      from: before ? before.state : null,
      to: result.record.state,
      responsible: result.record.responsible,
      targets: expect.any(Array),
      holds: result.record.holds,
      dueBy: result.record.dueBy,
      removalLawfulFrom: result.record.removal.lawfulFrom,
      deadlines: result.record.deadlines,
      txId: 'a'.repeat(64),
      previousCaseRef: result.record.previousCaseRef,
    });
    expect(TRANSITIONS[type].to).toContain(result.record.state);
    expect(result.event.targets).not.toContain(allowedActor(type).mspId);
  });

  it('gives byte-identical results for the same input', () => {
    for (const type of TRANSITION_TYPES) {
      expect(JSON.stringify(attempt(type))).toBe(JSON.stringify(attempt(type)));
    }
  });
});

describe('Land scope', () => {
  it('refuses a Land authority acting on a case of another Land', () => {
    const bavaria = { mspId: 'LBYMSP', role: 'LAND_RECEPTION' as const, kind: 'LAND' as const, landCode: 'DE-BY' };
    const fixture = FIXTURES.confirmArrival;
    expect(() =>
      decideTransition('confirmArrival', fixture.current, parseTransitionInput('confirmArrival', fixture.input), contextFor(bavaria)),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN_ORG' }));
  });

  it('lets the federal office act nationwide', () => {
    const fixture = FIXTURES.lodgeApplication;
    const current = { ...fixture.current!, landCode: 'DE-BY', responsible: 'LBYMSP' };
    const result = decideTransition(
      'lodgeApplication',
      current,
      parseTransitionInput('lodgeApplication', fixture.input),
      contextFor(actor('BAMF_CASEWORKER', 'FEDERAL')),
    );
    expect(result.record.state).toBe('APPLICATION_LODGED');
    expect(result.event.targets).toEqual(['LBYMSP']);
  });
});
