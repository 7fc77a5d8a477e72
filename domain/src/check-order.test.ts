import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { Actor } from './authorities';
import { ChaincodeError } from './chaincode-error';
import { CHECK_ORDER, type CheckHook } from './check-order';
import { decideTransition, ENGINE_CHECKS, parseTransitionInput } from './decide-transition';
import { actor, allowedActorFor, caseIn, contextFor, FIXTURES, SALT } from './test-support/fixtures';
import { BLANK_PROCESS_FIELDS, type CaseRecord } from './case-record';
import type { TransitionRule } from './transition-rule';
import { TRANSITIONS, TRANSITION_TYPES, type TransitionType } from './transitions';

const ENGINE_STEPS = CHECK_ORDER.filter((step) => step.by === 'engine').map((step) => step.name);
const FUTURE = '2026-12-01';
const BAVARIAN_RECEPTION: Actor = { mspId: 'LBYMSP', role: 'LAND_RECEPTION', kind: 'LAND', landCode: 'DE-BY' };

/** How one check's refusal looks: its code and what tells it apart from the other check's. */
interface Refusal {
  readonly code: string;
  readonly message?: string;
  readonly details?: Record<string, unknown>;
}

/** One attempt that fails two neighbouring checks of the engine at once. */
interface Clash {
  readonly first: string;
  readonly second: string;
  readonly type: TransitionType;
  readonly current: CaseRecord | undefined;
  readonly input: Record<string, unknown>;
  readonly actor?: Actor;
  readonly privateInput?: unknown;
  /** The refusal of each of the two checks, keyed by check name. */
  readonly refusals: Readonly<Record<string, Refusal>>;
}

const hold = { holds: ['REMOVAL_SUSPENDED_URGENT_APPLICATION' as const] };
/** The days of a case lodged before 12 June 2026: the old AsylG governs it. */
const legacyDays = { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2026-05-04', lodgedOn: '2026-05-06' };

const CLASHES: readonly Clash[] = [
  {
    first: 'transaction role',
    second: 'case existence',
    type: 'registerCase',
    current: caseIn('REGISTERED'),
    input: FIXTURES.registerCase.input,
    actor: actor('LAND_ZAB', 'LAND'),
    refusals: { 'transaction role': { code: 'FORBIDDEN_ROLE' }, 'case existence': { code: 'CASE_EXISTS' } },
  },
  {
    first: 'case existence',
    second: 'Land scope',
    type: 'registerCase',
    current: caseIn('REGISTERED'),
    input: FIXTURES.registerCase.input,
    actor: BAVARIAN_RECEPTION,
    refusals: { 'case existence': { code: 'CASE_EXISTS' }, 'Land scope': { code: 'FORBIDDEN_ORG' } },
  },
  {
    first: 'Land scope',
    second: 'expectedSeq',
    type: 'confirmArrival',
    current: FIXTURES.confirmArrival.current,
    input: { ...FIXTURES.confirmArrival.input, expectedSeq: 1 },
    actor: BAVARIAN_RECEPTION,
    refusals: { 'Land scope': { code: 'FORBIDDEN_ORG' }, expectedSeq: { code: 'VERSION_CONFLICT' } },
  },
  {
    first: 'expectedSeq',
    second: 'removal hold',
    type: 'recordDeparture',
    current: caseIn('DEPARTURE_REQUIRED', { outcomeClass: 'REJECTED', responsible: 'ABHMSP', ...hold }),
    input: { ...FIXTURES.recordDeparture.input, mode: 'REMOVAL', expectedSeq: 1 },
    refusals: { expectedSeq: { code: 'VERSION_CONFLICT' }, 'removal hold': { code: 'REMOVAL_HOLD_ACTIVE' } },
  },
  {
    first: 'removal hold',
    second: 'from-state',
    type: 'recordDeparture',
    current: caseIn('ARRIVED', { responsible: 'ABHMSP', ...hold }),
    input: { ...FIXTURES.recordDeparture.input, mode: 'DUBLIN_TRANSFER' },
    refusals: { 'removal hold': { code: 'REMOVAL_HOLD_ACTIVE' }, 'from-state': { code: 'INVALID_TRANSITION' } },
  },
  {
    first: 'from-state',
    second: 'regime',
    type: 'recordRemainRequest',
    current: caseIn('SERVED', { outcomeClass: 'REJECTED', dates: legacyDays }),
    input: FIXTURES.recordRemainRequest.input,
    refusals: { 'from-state': { code: 'INVALID_TRANSITION' }, regime: { code: 'NOT_IN_REGIME' } },
  },
  {
    first: 'regime',
    second: 'guards',
    type: 'recordRemainRequest',
    current: caseIn('UNDER_APPEAL', { outcomeClass: 'REJECTED', dates: legacyDays }),
    input: FIXTURES.recordRemainRequest.input,
    refusals: {
      regime: { code: 'NOT_IN_REGIME', details: { regime: 'LEGACY' } },
      guards: { code: 'INVALID_TRANSITION', message: 'no first-instance judgment is recorded' },
    },
  },
  {
    first: 'guards',
    second: 'transaction-specific preconditions',
    type: 'markFinal',
    current: caseIn('DEPARTURE_REQUIRED', {
      outcomeClass: 'REJECTED',
      servedOn: '2026-11-20',
      dates: { ...BLANK_PROCESS_FIELDS.dates, registeredOn: '2026-11-01', lodgedOn: '2026-11-01', finalOn: '2026-11-21' },
    }),
    input: FIXTURES.markFinal.input,
    refusals: {
      guards: { code: 'INVALID_TRANSITION', message: 'the decision is final since 2026-11-21' },
      'transaction-specific preconditions': { code: 'FINALITY_PREMATURE' },
    },
  },
  {
    first: 'transaction-specific preconditions',
    second: 'dates',
    type: 'allocateToMunicipality',
    current: FIXTURES.allocateToMunicipality.current,
    input: { ...FIXTURES.allocateToMunicipality.input, responsible: 'LBYMSP', effectiveOn: FUTURE },
    refusals: {
      'transaction-specific preconditions': { code: 'VALIDATION_FAILED', details: { field: 'responsible' } },
      dates: { code: 'DATE_IN_FUTURE' },
    },
  },
  {
    first: 'dates',
    second: 'decision',
    type: 'recordDistribution',
    current: FIXTURES.recordDistribution.current,
    input: { ...FIXTURES.recordDistribution.input, landCode: 'DE-HH', effectiveOn: FUTURE },
    refusals: { dates: { code: 'DATE_IN_FUTURE' }, decision: { code: 'VALIDATION_FAILED', details: { landCode: 'DE-HH' } } },
  },
  {
    first: 'decision',
    second: 'private data',
    type: 'recordDistribution',
    current: FIXTURES.recordDistribution.current,
    input: { ...FIXTURES.recordDistribution.input, landCode: 'DE-HH' },
    privateInput: { protectionType: 'PAR3', salt: SALT },
    refusals: {
      decision: { code: 'VALIDATION_FAILED', details: { landCode: 'DE-HH' } },
      'private data': { code: 'VALIDATION_FAILED', details: { fields: ['protectionType'] } },
    },
  },
];


function refusalOf(clash: Clash): ChaincodeError {
  const who = clash.actor ?? allowedActorFor(clash.type);
  const context = contextFor(who, clash.privateInput === undefined ? {} : { privateInput: clash.privateInput });
  try {
    decideTransition(clash.type, clash.current, parseTransitionInput(clash.type, clash.input), context);
  } catch (error) {
    if (error instanceof ChaincodeError) return error;
    throw error;
  }
  throw new Error(`${clash.type} was not refused`);
}

/** Whether an error is a check's refusal: same code, and the message or details that tell it apart. */
function matches(error: ChaincodeError, refusal: Refusal): boolean {
  if (error.code !== refusal.code) return false;
  if (refusal.message !== undefined && !error.message.includes(refusal.message)) return false;
  return refusal.details === undefined || Object.entries(refusal.details).every(([key, value]) => JSON.stringify(error.details[key]) === JSON.stringify(value));
}

function earlier(a: string, b: string): string {
  return CHECK_ORDER.findIndex((step) => step.name === a) < CHECK_ORDER.findIndex((step) => step.name === b) ? a : b;
}

describe('the published order of checks is the one the engine runs', () => {
  const engineOrder = ENGINE_CHECKS.map((check) => check.name);

  it('lists in docs/roles-matrix.md the contract checks, then exactly the engine checks in the order of ENGINE_CHECKS', () => {
    const doc = readFileSync(path.resolve(__dirname, '..', '..', 'docs', 'roles-matrix.md'), 'utf8');
    const section = doc.slice(doc.indexOf('## Order of checks'), doc.indexOf('## Error codes'));
    const published = [...section.matchAll(/^\d+\. \*\*(.+?)\*\* \(/gm)].map((match) => match[1]);
    const contract = CHECK_ORDER.filter((step) => step.by === 'contract').map((step) => step.name);
    expect(published).toEqual([...contract, ...engineOrder]);
    expect(ENGINE_STEPS).toEqual(engineOrder);
  });

  it('runs every check of ENGINE_CHECKS once per transaction, in the listed order', () => {
    const spies = ENGINE_CHECKS.map((check) => jest.spyOn(check as { run: (run: never) => void }, 'run'));
    try {
      const fixture = FIXTURES.allocateToMunicipality;
      decideTransition('allocateToMunicipality', fixture.current, parseTransitionInput('allocateToMunicipality', fixture.input), contextFor(allowedActorFor('allocateToMunicipality')));
      const calls = spies.map((spy) => spy.mock.invocationCallOrder);
      expect(calls.every((order) => order.length === 1)).toBe(true);
      const firstCalls = calls.map((order) => order[0]!);
      expect(firstCalls).toEqual([...firstCalls].sort((a, b) => a - b));
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('the documented order of checks (CHECK_ORDER)', () => {
  it('names each engine check once and lets every pair of neighbours meet in a clash', () => {
    expect(new Set(ENGINE_STEPS).size).toBe(ENGINE_STEPS.length);
    const pair = (first: string, second: string): string => `${first} | ${second}`;
    const neighbours = ENGINE_STEPS.slice(1).map((second, index) => pair(ENGINE_STEPS[index]!, second));
    const covered = CLASHES.map(({ first, second }) => pair(first, second));
    expect([...covered].sort()).toEqual([...neighbours].sort());
  });

  it.each(CLASHES)('is the order the engine runs: $first and $second both fail on $type', (clash) => {
    const decisive = earlier(clash.first, clash.second);
    const other = decisive === clash.first ? clash.second : clash.first;
    const error = refusalOf(clash);
    expect(matches(error, clash.refusals[decisive]!)).toBe(true);
    expect(matches(error, clash.refusals[other]!)).toBe(false);
  });

  it('places every check hook of a rule at exactly one engine check', () => {
    const hooks: CheckHook[] = ['scope', 'checkBeforeState', 'guard', 'precondition', 'doneDates', 'decide', 'resolveResponsible', 'registrationCheck'];
    const placed = CHECK_ORDER.flatMap((step) => (step.hooks ?? []).map((hook) => [hook, step.by] as const));
    expect(placed.map(([hook]) => hook).sort()).toEqual([...hooks].sort());
    expect(placed.every(([, by]) => by === 'engine')).toBe(true);
  });

  /** Hooks that few transitions have: the explanation of their check names each of them. */
  const NAMED_HOOKS: readonly CheckHook[] = ['checkBeforeState', 'precondition', 'decide', 'resolveResponsible', 'registrationCheck'];

  it.each(CHECK_ORDER.filter((step) => step.hooks?.some((hook) => NAMED_HOOKS.includes(hook))))(
    'names in "$name" every transition whose rule has its hook',
    (step) => {
      const users = TRANSITION_TYPES.filter((type) =>
        (step.hooks ?? []).some((hook) => NAMED_HOOKS.includes(hook) && (TRANSITIONS[type] as TransitionRule)[hook] !== undefined),
      );
      expect(users.length).toBeGreaterThan(0);
      for (const type of users) expect(step.explanation).toContain(type);
    },
  );

  it('names in "Land scope" every transition with a scope of its own', () => {
    const step = CHECK_ORDER.find((candidate) => candidate.name === 'Land scope')!;
    const own = TRANSITION_TYPES.filter((type) => (TRANSITIONS[type] as TransitionRule).scope !== undefined);
    expect(own.sort()).toEqual(['answerRedistribution', 'attestMappingDeleted', 'correctEvent']);
    for (const type of own) expect(step.explanation).toContain(type);
  });
});
