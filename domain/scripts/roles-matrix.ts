/**
 * Renders docs/roles-matrix.md from the domain module: who may do what, from which state, whom it
 * notifies, which private fields it accepts, the error codes and the order of checks. Pure: the
 * same domain always gives the same text.
 */
import * as path from 'node:path';
import { z } from 'zod';
import {
  APPROVER_RULES,
  APPROVER_RULE_DESCRIPTIONS,
  type ApprovalClause,
  type AuthorityDirectory,
  type DirectoryChange,
  requiredApprovals,
  CASE_SCOPE_DESCRIPTIONS,
  CHECK_ORDER,
  ERROR_CODES,
  ERROR_CODE_DESCRIPTIONS,
  ORG_KINDS,
  PARTICIPANT_KINDS,
  READ_SCOPE_BY_ORG_KIND,
  READ_SCOPE_DESCRIPTIONS,
  ROLES,
  ROLES_BY_ORG_KIND,
  TARGET_SELECTOR_DESCRIPTIONS,
  TRANSITIONS,
  TRANSITION_TYPES,
  REGIMES_BY_DIMENSION,
  basisUnder,
  type CaseRegime,
  type RegimeBasis,
  type OrgKind,
  type Role,
  type TargetSelector,
  type TransitionRule,
  type TransitionType,
  isLandScoped,
  orgKindsForRole,
} from '../src';

/** Where the generated file lives: docs/ at the repository root. */
export const ROLES_MATRIX_FILE = path.resolve(__dirname, '..', '..', 'docs', 'roles-matrix.md');

/** The command that regenerates the file, as the docs and the stale-check message name it. */
export const REGENERATE_COMMAND = 'npm run docs:generate';

function ruleOf(type: TransitionType): TransitionRule {
  return TRANSITIONS[type];
}

function code(text: string): string {
  return `\`${text}\``;
}

function codes(values: readonly string[], empty = '—'): string {
  return values.length === 0 ? empty : values.map(code).join(', ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const line = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)];
}

/** Org kinds that may hold at least one of the transaction's roles. */
function impliedKinds(rule: TransitionRule): OrgKind[] {
  const implied = new Set(rule.roles.flatMap((role) => orgKindsForRole(role)));
  return ORG_KINDS.filter((kind) => implied.has(kind));
}

/** Org kinds that may submit a transaction: those implied by its roles, narrowed by `orgKinds`. */
function allowedKinds(rule: TransitionRule): OrgKind[] {
  return impliedKinds(rule).filter((kind) => rule.orgKinds?.includes(kind) ?? true);
}

function inputFields(rule: TransitionRule): string {
  const schema = rule.input;
  if (!(schema instanceof z.ZodObject)) return '(not an object schema)';
  const shape = schema.shape as Record<string, z.ZodType>;
  return Object.entries(shape)
    .map(([name, field]) => (field.safeParse(undefined).success ? `${code(name)}?` : code(name)))
    .join(', ');
}

function fromStates(rule: TransitionRule): string {
  return rule.from === 'NONE' ? '— (new case)' : codes(rule.from);
}

/** Which orgs may act on the case: the rule's scope, explained. */
function scopeOf(rule: TransitionRule): string {
  if (rule.from === 'NONE') return '— (new case)';
  const scope = rule.scope ?? 'CASE_LAND';
  return `${code(scope)}: ${CASE_SCOPE_DESCRIPTIONS[scope]}`;
}

/** The regimes of this document, with the heading each gets. */
const REGIME_TITLES: Readonly<Record<CaseRegime, string>> = {
  LEGACY: 'Procedure under the AsylG as it stood until 12 June 2026 (`LEGACY`: applications lodged before that day)',
  GEAS: 'Procedure under the APR and the reformed AsylG (`GEAS`: applications lodged from 12 June 2026)',
  DUBLIN_III: 'Responsibility under Dublin III (`DUBLIN_III`: applications registered before 1 July 2026)',
  AMMR: 'Responsibility under the AMMR (`AMMR`: applications registered from 1 July 2026)',
};

function basisText(basis: RegimeBasis): string {
  return typeof basis === 'string' ? basis : `does not exist: ${basis.notInRegime}`;
}

/** The legal basis rows of a transaction, one per regime of its dimension. */
function lawRows(rule: TransitionRule): string[][] {
  return REGIMES_BY_DIMENSION[rule.law.by].map((regime) => [`Legal basis, ${code(regime)}`, basisText(basisUnder(rule.law, regime))]);
}

/** Whether a rule exists under a regime; rules of the other dimension exist under both regimes of this one. */
function existsUnder(rule: TransitionRule, regime: CaseRegime): boolean {
  const dimension = (REGIMES_BY_DIMENSION.PROCEDURE as readonly string[]).includes(regime) ? 'PROCEDURE' : 'RESPONSIBILITY';
  return rule.law.by !== dimension || typeof basisUnder(rule.law, regime) === 'string';
}

function renderTransition(type: TransitionType): string[] {
  const rule = ruleOf(type);
  const rows: string[][] = [
    ...lawRows(rule),
    ['From', fromStates(rule)],
    ['To', codes(rule.to)],
    ['Roles', codes(rule.roles)],
    ['Org kinds implied by the roles', codes(impliedKinds(rule))],
    ['Extra org-kind restriction', rule.orgKinds ? codes(rule.orgKinds) : 'none'],
    ['Org kinds that may submit', codes(allowedKinds(rule))],
    ['Orgs that may act on the case', scopeOf(rule)],
    ['Event targets', codes(rule.targets)],
    ['Private fields accepted', codes(rule.privateFields, 'none')],
    ['Input fields (? = optional)', inputFields(rule)],
    ['Extra guard on the case', rule.guard ? 'yes (see transitions.ts)' : 'no'],
    ['Dates checked against the transaction date', rule.doneDates ? 'yes' : 'no'],
  ];
  return [`### ${type}`, '', rule.summary, '', ...table(['Aspect', 'Value'], rows), ''];
}

function renderSelectorLegend(): string[] {
  const selectors = Object.keys(TARGET_SELECTOR_DESCRIPTIONS) as TargetSelector[];
  return [
    'Event targets are resolved against the authority directory when the transaction runs. The',
    "submitter's own organisation is always left out: it knows what it did.",
    '',
    ...table(
      ['Selector', 'Resolves to'],
      selectors.map((selector) => [code(selector), TARGET_SELECTOR_DESCRIPTIONS[selector]]),
    ),
    '',
  ];
}

function matrixCell(rule: TransitionRule, role: Role): string {
  if (!rule.roles.includes(role)) return '';
  const kinds = orgKindsForRole(role);
  const restricted = kinds.filter((kind) => rule.orgKinds?.includes(kind) ?? true);
  return restricted.length < kinds.length ? `✓ (${restricted.join(', ')} only)` : '✓';
}

/** The roles matrix of one procedure regime: a transaction that does not exist there shows why. */
function renderMatrix(regime: CaseRegime): string[] {
  const rows = TRANSITION_TYPES.map((type) => {
    const rule = ruleOf(type);
    if (!existsUnder(rule, regime)) return [type, ...ROLES.map((_role, index) => (index === 0 ? 'does not exist' : ''))];
    return [type, ...ROLES.map((role) => matrixCell(rule, role))];
  });
  return [`### ${REGIME_TITLES[regime]}`, '', ...table(['Transaction', ...ROLES], rows), ''];
}

/** For each regime, the legal basis of every transaction of its dimension. */
function renderLegalBases(): string[] {
  return (['PROCEDURE', 'RESPONSIBILITY'] as const).flatMap((dimension) =>
    REGIMES_BY_DIMENSION[dimension].flatMap((regime) => {
      const rows = TRANSITION_TYPES.filter((type) => ruleOf(type).law.by === dimension).map((type) => [
        type,
        basisText(basisUnder(ruleOf(type).law, regime)),
      ]);
      return [`### ${REGIME_TITLES[regime]}`, '', ...table(['Transaction', 'Legal basis'], rows), ''];
    }),
  );
}

function renderRolesByKind(): string[] {
  const rows = ORG_KINDS.map((kind) => [
    code(kind),
    codes(ROLES_BY_ORG_KIND[kind]),
    isLandScoped(kind) ? 'yes' : 'no',
    PARTICIPANT_KINDS.includes(kind) ? 'yes' : 'no',
  ]);
  return [
    'A certificate whose `role` attribute is not listed for its organisation\'s kind is refused',
    '(`FORBIDDEN_ROLE`). Land-scoped organisations act only on cases of their own Land (`FORBIDDEN_ORG`).',
    'Participant kinds take part in cases: they endorse case keys and attest erasure.',
    '',
    ...table(['Org kind', 'Roles it may issue', 'Land-scoped', 'Participant kind'], rows),
    '',
  ];
}

/** The directory the governance table is shown on: BAMF, Saxony and Bavaria seated, Thuringia listed without a seat. */
const GOVERNANCE_EXAMPLE: AuthorityDirectory = {
  authorities: [
    { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: true },
    { mspId: 'BAMFMSP', kind: 'FEDERAL', landCode: 'DE', active: true },
    { mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true },
    { mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN', active: true },
    { mspId: 'LTHMSP', kind: 'LAND', landCode: 'DE-TH', active: true },
    { mspId: 'ZABSNMSP', kind: 'LAND', landCode: 'DE-SN', active: true },
  ],
  seatedLands: ['DE-BY', 'DE-SN'],
};

const GOVERNANCE_CHANGES: readonly (readonly [string, DirectoryChange])[] = [
  ['Add, change or retire an ABH of a seated Land (`ABHMSP`, `DE-SN`)', { authority: { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-SN', active: false } }],
  ['Add an ABH of a Land without a seat (`DE-TH`)', { authority: { mspId: 'ABHTHMSP', kind: 'ABH', landCode: 'DE-TH', active: true } }],
  ['Move an ABH to another Land (`DE-SN` to `DE-BY`)', { authority: { mspId: 'ABHMSP', kind: 'ABH', landCode: 'DE-BY', active: true } }],
  ['Add, change or retire a LAND authority', { authority: { mspId: 'LTHMSP', kind: 'LAND', landCode: 'DE-TH', active: false } }],
  ['Add, change or retire a FEDERAL authority', { authority: { mspId: 'BPOLMSP', kind: 'FEDERAL', landCode: 'DE', active: true } }],
  ['Add, change or retire an AUDIT body', { authority: { mspId: 'BFDIMSP', kind: 'AUDIT', landCode: 'DE', active: true } }],
  ['Change the retention period', { retentionYears: 5 }],
];

function clauseText(clause: ApprovalClause): string {
  const counted = clause.rule === 'LAENDER_QUORUM' ? `${String(clause.required)} of the Länder ${codes(clause.lands)}` : `${String(clause.required)} of ${codes(clause.members)}`;
  return `${code(clause.rule)}: ${counted}`;
}

function renderDirectoryGovernance(): string[] {
  const seated = GOVERNANCE_EXAMPLE.seatedLands ?? [];
  return [
    'A directory change is a proposal by a participant\'s `ADMIN` (it counts as that org\'s approval)',
    'and approvals of other `ADMIN`s, one transaction each, until every condition is met; an approval',
    'that counts for no condition is refused (`FORBIDDEN_ORG`). The rule is `requiredApprovals` in',
    '`domain/src/directory-approvals.ts`; the chaincode decides with it. A Land takes its seat when',
    'an `ADMIN` of one of its LAND authorities first signs a governance transaction (a proposal, an',
    'approval or `directory:takeSeat`), so a Land that cannot sign yet never blocks a change. The',
    'directory key itself needs a FEDERAL peer AND any one LAND authority\'s peer',
    '(`directoryEndorsementPolicy`; ADR 0009).',
    '',
    ...table(['Condition', 'Met by'], APPROVER_RULES.map((rule) => [code(rule), APPROVER_RULE_DESCRIPTIONS[rule]])),
    '',
    `Shown on a directory with \`BAMFMSP\`, the LAND authorities ${codes(GOVERNANCE_EXAMPLE.authorities.filter((entry) => entry.kind === 'LAND').map((entry) => `${entry.mspId} (${entry.landCode})`))}`,
    `and the seated Länder ${codes(seated)} (Thuringia is listed without a seat):`,
    '',
    ...table(
      ['Change', 'Every one of these conditions'],
      GOVERNANCE_CHANGES.map(([what, change]) => [what, requiredApprovals(GOVERNANCE_EXAMPLE, change).map(clauseText).join('; ')]),
    ),
    '',
  ];
}

function renderReadScopes(): string[] {
  const rows = ORG_KINDS.map((kind) => [code(kind), READ_SCOPE_DESCRIPTIONS[READ_SCOPE_BY_ORG_KIND[kind]]]);
  return [
    'Reading a case (`getCase`, `listCases`, `getEndorsementPolicy`, `getPrivateWriteEndorsers`) is decided by the reader\'s org kind',
    'and Land, in the chaincode (`domain/src/read-scope.ts`); a case outside the scope is refused with',
    '`FORBIDDEN_READ` and left out of listings. A case\'s history (`getHistory`) further needs an',
    '`AUDITOR` or a participant of the case; its private fields only participants of its Land\'s',
    'collection, never an auditor.',
    '',
    ...table(['Org kind', 'Reads'], rows),
    '',
  ];
}

function renderErrorCodes(): string[] {
  return [...table(['Code', 'Meaning'], ERROR_CODES.map((name) => [code(name), ERROR_CODE_DESCRIPTIONS[name]])), ''];
}

function renderCheckOrder(): string[] {
  return [
    'The first failing check decides the error code. So a removal under a hold fails with',
    '`REMOVAL_HOLD_ACTIVE` in any state, before the state check could say `INVALID_TRANSITION`.',
    'The checks after the contract\'s own are rendered from the list the engine runs',
    '(`ENGINE_CHECKS` in `domain/src/decide-transition.ts`), in its order.',
    '',
    ...CHECK_ORDER.map((step, index) => `${index + 1}. **${step.name}** (${codes(step.codes)}): ${step.explanation}`),
    '',
  ];
}

/**
 * Renders the whole roles matrix document as Markdown.
 * @returns the document text, ending with one newline
 */
export function renderRolesMatrix(): string {
  const lines = [
    '<!-- Generated from domain/src by domain/scripts/generate-roles-matrix.ts. -->',
    `<!-- Do not edit by hand: run \`${REGENERATE_COMMAND}\`. A test fails when this file is stale. -->`,
    '',
    '# Roles and transactions',
    '',
    'Every case transaction of the chaincode, who may submit it, from which states, whom its',
    '`CaseEvent` asks to react, and which private fields it accepts as transient data. The source of',
    'truth is the transition table in `domain/src/transitions.ts`.',
    '',
    'Two legal regimes run side by side, chosen by each case\'s own dates (docs/domain-model.md): the',
    'procedure regime by the lodging day, the responsibility regime by the registration day. The',
    'matrix and the legal bases are given per regime; a transaction that does not exist under a',
    'regime is refused there with `NOT_IN_REGIME`.',
    '',
    '## Contents',
    '',
    '1. [Roles × transactions, per regime](#roles--transactions-per-regime)',
    '2. [Legal bases, per regime](#legal-bases-per-regime)',
    '3. [Roles by org kind](#roles-by-org-kind)',
    '4. [Who reads which cases](#who-reads-which-cases)',
    '5. [Who approves a directory change](#who-approves-a-directory-change)',
    '6. [Event target selectors](#event-target-selectors)',
    '7. [Transactions](#transactions)',
    '8. [Order of checks](#order-of-checks)',
    '9. [Error codes](#error-codes)',
    '',
    '## Roles × transactions, per regime',
    '',
    ...renderMatrix('LEGACY'),
    ...renderMatrix('GEAS'),
    '## Legal bases, per regime',
    '',
    ...renderLegalBases(),
    '## Roles by org kind',
    '',
    ...renderRolesByKind(),
    '## Who reads which cases',
    '',
    ...renderReadScopes(),
    '## Who approves a directory change',
    '',
    ...renderDirectoryGovernance(),
    '## Event target selectors',
    '',
    ...renderSelectorLegend(),
    '## Transactions',
    '',
    ...TRANSITION_TYPES.flatMap(renderTransition),
    '## Order of checks',
    '',
    ...renderCheckOrder(),
    '## Error codes',
    '',
    ...renderErrorCodes(),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

/** Whether a file's text equals what the generator would write now. */
export function isRolesMatrixCurrent(text: string): boolean {
  return text === renderRolesMatrix();
}
