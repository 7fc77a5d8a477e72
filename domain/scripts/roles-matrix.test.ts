import { readFileSync } from 'node:fs';
import { CHECK_ORDER, ERROR_CODES, ROLES, TRANSITION_TYPES } from '../src';
import { REGENERATE_COMMAND, ROLES_MATRIX_FILE, isRolesMatrixCurrent, renderRolesMatrix } from './roles-matrix';

/** The cells of one row of the roles × transactions matrix, keyed by role. */
function matrixRow(text: string, transaction: string): Record<string, string> {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`| ${transaction} |`));
  if (!line) throw new Error(`no matrix row for ${transaction}`);
  const cells = line.split('|').slice(2, -1).map((cell) => cell.trim());
  return Object.fromEntries(ROLES.map((role, index) => [role, cells[index] ?? '']));
}

/** The text of one transaction's section. */
function section(text: string, transaction: string): string {
  const start = text.indexOf(`### ${transaction}\n`);
  if (start < 0) throw new Error(`no section for ${transaction}`);
  const end = text.indexOf('\n#', start + 4);
  return text.slice(start, end < 0 ? undefined : end);
}

describe('docs/roles-matrix.md', () => {
  const rendered = renderRolesMatrix();

  it('is up to date with the domain module', () => {
    const onDisk = readFileSync(ROLES_MATRIX_FILE, 'utf8');
    if (!isRolesMatrixCurrent(onDisk)) {
      throw new Error(`docs/roles-matrix.md is stale: run ${REGENERATE_COMMAND}`);
    }
  });

  it('renders deterministically', () => {
    expect(renderRolesMatrix()).toBe(rendered);
    expect(rendered).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:/);
  });

  it('lets only BAMF_CASEWORKER record a decision', () => {
    const row = matrixRow(rendered, 'recordDecision');
    expect(Object.entries(row).filter(([, cell]) => cell !== '')).toEqual([['BAMF_CASEWORKER', '✓']]);
  });

  it('requires a FEDERAL ADMIN to erase a case', () => {
    const row = matrixRow(rendered, 'eraseCase');
    expect(Object.entries(row).filter(([, cell]) => cell !== '')).toEqual([['ADMIN', '✓ (FEDERAL only)']]);
    const text = section(rendered, 'eraseCase');
    expect(text).toContain('| Extra org-kind restriction | `FEDERAL` |');
    expect(text).toContain('| Org kinds that may submit | `FEDERAL` |');
  });

  it("states each transition's scope on the case", () => {
    expect(section(rendered, 'registerCase')).toContain('| Orgs that may act on the case | — (new case) |');
    expect(section(rendered, 'confirmArrival')).toContain('| Orgs that may act on the case | `CASE_LAND`: ');
    expect(section(rendered, 'attestMappingDeleted')).toContain('| Orgs that may act on the case | `PARTICIPANT`: ');
    expect(section(rendered, 'correctEvent')).toContain('| Orgs that may act on the case | `EVENT_WRITER`: ');
  });

  it('never lets an AUDITOR write', () => {
    for (const type of TRANSITION_TYPES) expect(matrixRow(rendered, type).AUDITOR).toBe('');
  });

  it('lists the private fields a decision and a title accept', () => {
    expect(section(rendered, 'recordDecision')).toContain('| Private fields accepted | `protectionType` |');
    expect(section(rendered, 'recordTitleIssued')).toContain('| Private fields accepted | `titleType` |');
    expect(section(rendered, 'registerCase')).toContain('| Private fields accepted | none |');
  });

  it('has a section per transaction, every error code and the checks in order', () => {
    for (const type of TRANSITION_TYPES) expect(rendered).toContain(`### ${type}\n`);
    for (const code of ERROR_CODES) expect(rendered).toContain(`| \`${code}\` |`);
    const positions = CHECK_ORDER.map((step) => rendered.indexOf(`**${step.name}**`));
    expect(positions.every((position) => position > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(rendered.indexOf('**removal hold**')).toBeLessThan(rendered.indexOf('**from-state**'));
  });
});
