/**
 * Property: every case can reach an end, so that erasure is possible. Per regime, the states
 * reachable from registration are explored by the engine itself (a breadth-first search over the
 * transition table with valid inputs on advancing days, by the roles that may perform each rule);
 * from every reachable (state, outcome, holds, whereabouts) some sequence of allowed transitions
 * must reach CLOSED.
 *
 * Two strengths: with every rule; and for a person who neither leaves nor dies (no recordDeparture,
 * no recordDeath), since a departure or a death ends any case and would hide a missing exit.
 * On the table before the exits of transitions/case-ends.ts, the second property failed: TOLERATED
 * and DEPARTURE_REQUIRED (after a final or enforceable rejection, with or without holds) and
 * FINAL(REJECTED) had no way to CLOSED, e.g. "TOLERATED|REJECTED|REMOVAL_SUSPENDED_DULDUNG|present|final|ABH".
 * It also found a gap outside those exits, now closed: a final rejection under a court's suspension
 * could not be declared obliged to leave (the removal status waits for the hold), and so was never
 * tolerated nor titled: "FINAL|REJECTED|REMOVAL_SUSPENDED_COURT_ORDER|present|final|ABH" (a hold
 * now bars the removal only; declareDepartureRequired reads the status without holds).
 */
import { ORG_KINDS, ROLES_BY_ORG_KIND, type Actor } from './authorities';
import type { CaseRecord } from './case-record';
import { ChaincodeError } from './chaincode-error';
import { decideTransition, parseTransitionInput } from './decide-transition';
import { addDays } from './ledger-date';
import { actor, CASE_REF, DIRECTORY, requestId, TX_ID } from './test-support/fixtures';
import type { TransitionRule } from './transition-rule';
import { TRANSITIONS, TRANSITION_TYPES, type TransitionType } from './transitions';
import { COURT_RESULTS, DEPARTURE_MODES } from './vocabulary';

/** Record keeping after the end, and rules that only move a case between authorities. */
const NOT_EXPLORED: readonly TransitionType[] = ['correctEvent', 'attestMappingDeleted', 'eraseCase', 'registerCase'];

/** The ways out a person who stays and lives does not take. */
const PERSON_GONE: readonly TransitionType[] = ['recordDeparture', 'recordDeath'];

/** Days after the node's last day on which each step is tried: the next day, after a suit period and a departure period, after every period. */
const OFFSETS = [1, 50, 400] as const;

/** Every actor that may submit a rule (one org per kind). */
function actorsFor(type: TransitionType): Actor[] {
  const rule = TRANSITIONS[type] as TransitionRule;
  const actors: Actor[] = [];
  for (const kind of ORG_KINDS) {
    if (rule.orgKinds && !rule.orgKinds.includes(kind)) continue;
    for (const role of ROLES_BY_ORG_KIND[kind]) if (rule.roles.includes(role)) actors.push(actor(role, kind));
  }
  return actors;
}

/** Valid own input fields of a step on a day (the engine decides whether they fit the case). */
function inputsFor(type: TransitionType, day: string, geas: boolean): Record<string, unknown>[] {
  const on = { effectiveOn: day };
  switch (type) {
    case 'recordDistribution':
      return [{ ...on, landCode: 'DE-SN' }];
    case 'recordDublinRequest':
      return [{ ...on, dueBy: addDays(day, 60) }];
    case 'concludeResponsibilityCheck':
      return ['ACCEPTED', 'REJECTED', 'DEADLINE_EXPIRED'].map((dublin) => ({ ...on, dublin }));
    case 'scheduleHearing':
      return [{ dueBy: addDays(day, 14) }];
    case 'allocateToMunicipality':
      return [{ ...on, responsible: 'ABHMSP' }];
    case 'transferResponsibility':
      return [{ ...on, responsible: 'ABHMSP' }, { ...on, responsible: 'LDSMSP' }];
    case 'recordDecision':
      return ['PROTECTION', 'REJECTED', 'REJECTED_MANIFESTLY_UNFOUNDED', 'INADMISSIBLE'].flatMap((outcomeClass) =>
        geas ? ['REGULAR', 'ACCELERATED'].map((track) => ({ ...on, outcomeClass, track })) : [{ ...on, outcomeClass }],
      );
    case 'recordService':
      return [{ servedOn: day }];
    case 'recordCourtOutcome':
      return COURT_RESULTS.flatMap((result): Record<string, unknown>[] =>
        result === 'DECISION_ANNULLED' ? ['PROTECTION', 'REJECTED'].map((outcomeClass) => ({ ...on, result, outcomeClass })) : [{ ...on, result }],
      );
    case 'recordDeparture':
      return DEPARTURE_MODES.map((mode) => ({ ...on, mode }));
    default:
      return [on];
  }
}

/**
 * What the property distinguishes a case by: state, outcome, holds, whereabouts, and also whether the
 * decision is final (before, a court may still annul it) and the responsible kind (only a responsible
 * Ausländerbehörde acts).
 */
function keyOf(record: CaseRecord): string {
  const whereabouts = record.dates.whereaboutsUnknownSince === null ? 'present' : 'unknown';
  const final = record.dates.finalOn === null ? 'open' : 'final';
  const responsible = record.responsible === 'ABHMSP' ? 'ABH' : 'LAND';
  return `${record.state}|${record.outcomeClass ?? '-'}|${record.holds.join(',') || '-'}|${whereabouts}|${final}|${responsible}`;
}

/** The last day the case was acted on. */
const lastDayOf = (record: CaseRecord): string => record.effectiveOn ?? record.dates.registeredOn ?? '2026-01-01';

interface Graph {
  readonly nodes: Map<string, CaseRecord>;
  readonly edges: { from: string; type: TransitionType; to: string }[];
}

/** Explores the cases reachable from a registration on a day, with the days of intake kept within a regime. */
function explore(registeredOn: string): Graph {
  const start = decideTransition(
    'registerCase',
    undefined,
    parseTransitionInput('registerCase', { caseRef: CASE_REF, requestId: requestId(1), procedureKind: 'ERSTANTRAG', effectiveOn: registeredOn }),
    { actor: actor('LAND_RECEPTION', 'LAND'), txId: TX_ID, today: registeredOn, directory: DIRECTORY },
  ).record;
  const nodes = new Map<string, CaseRecord>([[keyOf(start), start]]);
  const edges: Graph['edges'] = [];
  const queue = [start];
  const types = TRANSITION_TYPES.filter((type) => !NOT_EXPLORED.includes(type));
  while (queue.length > 0) {
    const current = queue.shift() as CaseRecord;
    const from = keyOf(current);
    const seen = new Set<string>();
    // before lodging only the next day, so the case is lodged under the regime its registration chose
    const offsets = current.dates.lodgedOn === null ? [1] : OFFSETS;
    for (const type of types) {
      const rule = TRANSITIONS[type] as TransitionRule;
      if (rule.from === 'NONE' || !rule.from.includes(current.state)) continue;
      for (const offset of offsets) {
        const day = addDays(lastDayOf(current), offset);
        for (const fields of inputsFor(type, day, current.procedureRegime !== 'LEGACY')) {
          for (const who of actorsFor(type)) {
            let next: CaseRecord;
            try {
              const input = parseTransitionInput(type, { caseRef: CASE_REF, requestId: requestId(2), ...fields });
              next = decideTransition(type, current, input, { actor: who, txId: TX_ID, today: day, directory: DIRECTORY }).record;
            } catch (error) {
              if (error instanceof ChaincodeError) continue;
              throw error;
            }
            const to = keyOf(next);
            if (!seen.has(`${type}>${to}`)) {
              seen.add(`${type}>${to}`);
              edges.push({ from, type, to });
            }
            if (!nodes.has(to)) {
              nodes.set(to, next);
              queue.push(next);
            }
            break;
          }
        }
      }
    }
  }
  return { nodes, edges };
}

/** The nodes from which CLOSED cannot be reached over the edges the filter allows. */
function withoutAnEnd(graph: Graph, allowed: (type: TransitionType) => boolean): string[] {
  const reaching = new Set([...graph.nodes.keys()].filter((key) => key.startsWith('CLOSED|')));
  let grew = true;
  while (grew) {
    grew = false;
    for (const { from, type, to } of graph.edges) {
      if (allowed(type) && reaching.has(to) && !reaching.has(from)) {
        reaching.add(from);
        grew = true;
      }
    }
  }
  return [...graph.nodes.keys()].filter((key) => !reaching.has(key)).sort();
}

/** The regimes a registration day puts a case under: lodged the third day after it. */
const REGIMES = [
  ['LEGACY procedure, Dublin III', '2026-03-02', 'LEGACY'],
  ['reformed procedure, Dublin III', '2026-06-15', 'GEAS'],
  ['reformed procedure, AMMR', '2026-07-06', 'GEAS'],
] as const;

describe.each(REGIMES)('every case can reach CLOSED: %s', (_name, registeredOn, regime) => {
  const graph = explore(registeredOn);

  it('explores the process: lodged under the regime, decided, contested, obliged to leave, tolerated, titled, closed', () => {
    const states = new Set([...graph.nodes.values()].map((record) => record.state));
    for (const state of ['APPLICATION_LODGED', 'DECIDED', 'SERVED', 'UNDER_APPEAL', 'FINAL', 'TITLE_ISSUED', 'DEPARTURE_REQUIRED', 'TOLERATED', 'LEFT', 'CLOSED']) {
      expect(states).toContain(state);
    }
    const regimes = new Set([...graph.nodes.values()].map((record) => record.procedureRegime).filter((value) => value !== null));
    expect([...regimes]).toEqual([regime]);
  });

  it('from every reachable state, outcome and hold set some sequence of allowed transitions reaches CLOSED', () => {
    expect(withoutAnEnd(graph, () => true)).toEqual([]);
  });

  it('also for a person who neither leaves nor dies', () => {
    expect(withoutAnEnd(graph, (type) => !PERSON_GONE.includes(type))).toEqual([]);
  });

  it('can fail: without the exits of case-ends.ts a tolerated person who stays has no end', () => {
    const caseEnds = ['recordTitleAfterToleration', 'recordDeath', 'recordDiscontinuation', 'resumeProcedure', 'withdrawProtection'];
    const missing = withoutAnEnd(graph, (type) => !PERSON_GONE.includes(type) && !caseEnds.includes(type));
    expect(missing).toContain('TOLERATED|REJECTED|REMOVAL_SUSPENDED_DULDUNG|present|final|ABH');
  });
});
