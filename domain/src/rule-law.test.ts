import { BLANK_PROCESS_FIELDS, type CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import { decideTransition, parseTransitionInput } from './decide-transition';
import { basisUnder, REGIMES_BY_DIMENSION, type CaseRegime } from './rule-law';
import { allowedActorFor, caseIn, contextFor, FIXTURES } from './test-support/fixtures';
import type { TransitionRule } from './transition-rule';
import { TRANSITIONS, TRANSITION_TYPES, type TransitionType } from './transitions';

/** The days that put a case under each regime: lodged before 12 June 2026, or registered before 1 July 2026. */
const DAYS_OF: Readonly<Record<CaseRegime, { registeredOn: string; lodgedOn: string }>> = {
  LEGACY: { registeredOn: '2026-05-04', lodgedOn: '2026-05-06' },
  GEAS: { registeredOn: '2026-07-06', lodgedOn: '2026-07-08' },
  DUBLIN_III: { registeredOn: '2026-06-15', lodgedOn: '2026-06-17' },
  AMMR: { registeredOn: '2026-07-06', lodgedOn: '2026-07-08' },
};

const rows = TRANSITION_TYPES.flatMap((type) => {
  const rule = TRANSITIONS[type] as TransitionRule;
  return REGIMES_BY_DIMENSION[rule.law.by].map((regime) => [type, regime] as [TransitionType, CaseRegime]);
});

/** The fixture case of a transition moved under a regime (its state and everything else kept). */
function fixtureUnder(type: TransitionType, regime: CaseRegime): CaseRecord | undefined {
  const current = FIXTURES[type].current;
  if (!current) return undefined;
  // the derived facts are left out, so that caseIn derives them anew for the regime's days
  const derived = ['procedureRegime', 'responsibilityRegime', 'removal', 'deadlines'];
  const facts = Object.fromEntries(Object.entries(current).filter(([field]) => !derived.includes(field))) as Partial<CaseRecord>;
  return caseIn(current.state, { ...facts, dates: { ...BLANK_PROCESS_FIELDS.dates, ...current.dates, ...DAYS_OF[regime] } });
}

function codeOf(type: TransitionType, current: CaseRecord | undefined): string {
  try {
    decideTransition(type, current, parseTransitionInput(type, FIXTURES[type].input), contextFor(allowedActorFor(type)));
  } catch (error) {
    if (error instanceof ChaincodeError) return error.code;
    throw error;
  }
  return 'NO_ERROR';
}

describe('the legal basis of every rule, per regime', () => {
  it.each(rows)('%s names its basis under %s, or why it does not exist there', (type, regime) => {
    const basis = basisUnder((TRANSITIONS[type] as TransitionRule).law, regime);
    const text = typeof basis === 'string' ? basis : basis.notInRegime;
    // a citation: a section of a German statute or an article of an EU regulation
    expect(text).toMatch(/(§|Arts?\.) \d/);
  });

  it.each(rows)('%s under %s: the engine refuses it exactly when it does not exist there', (type, regime) => {
    const basis = basisUnder((TRANSITIONS[type] as TransitionRule).law, regime);
    const code = codeOf(type, fixtureUnder(type, regime));
    if (typeof basis === 'string') expect(code).not.toBe('NOT_IN_REGIME');
    else expect(code).toBe('NOT_IN_REGIME');
  });

  it('has rules that exist under one procedure regime only, and says why', () => {
    const absent = rows.filter(([type, regime]) => typeof basisUnder((TRANSITIONS[type] as TransitionRule).law, regime) !== 'string');
    expect(absent).toContainEqual(['recordRemainRequest', 'LEGACY']);
  });
});
