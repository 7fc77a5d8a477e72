/**
 * The personal-data guard of the end-to-end run (issue 19): the run keeps a file of every local
 * reference and personal-looking value the tests sent to any gateway (gateway-api's test support
 * appends to it); after the whole run, before the network stops, every block of the channel is
 * read from the block files of the orderer and of every peer and searched for each of them, as
 * plain bytes and as written inside JSON. A single hit fails the run. As a control, the case
 * pseudonyms recorded with the references must be found (else the guard could not see the blocks).
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SENT_VALUES_VARIABLE, type SentValue } from '../../gateway-api/src/test-support/sent-values';

/** The file of this run (under the temp folder; emptied at the start of each run). */
export const SENT_VALUES_FILE = path.join(os.tmpdir(), `asylum-e2e-sent-values-${process.getuid?.() ?? 0}.jsonl`);

/** Starts a fresh file and tells the tests of this run to append to it. */
export function startRecordingSentValues(): void {
  rmSync(SENT_VALUES_FILE, { force: true });
  process.env[SENT_VALUES_VARIABLE] = SENT_VALUES_FILE;
}

/** The values recorded in a file, without repeats. */
export function readSentValues(file: string): SentValue[] {
  if (!existsSync(file)) return [];
  const lines = readFileSync(file, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const unique = new Map(lines.map((line) => [line, JSON.parse(line) as SentValue]));
  return [...unique.values()];
}

/** Every block file (Fabric names them blockfile_NNNNNN) under a folder. */
export function blockFilesUnder(root: string): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(root, entry.name);
    if (entry.isDirectory()) return blockFilesUnder(full);
    return entry.isFile() && /^blockfile_\d+$/.test(entry.name) ? [full] : [];
  });
}

/** What the guard saw. */
export interface GuardReport {
  readonly blockFiles: number;
  readonly secrets: number;
  /** `value in file` for every secret found. */
  readonly hits: string[];
  /** Values that should be in the blocks but were not found. */
  readonly unseenControls: string[];
}

/** Searches every block file for every recorded value. */
export function guardBlocks(files: readonly string[], values: readonly SentValue[]): GuardReport {
  const contents = files.map((file) => ({ file, bytes: readFileSync(file) }));
  const forms = (value: string): Buffer[] => [...new Set([value, JSON.stringify(value).slice(1, -1)])].map((form) => Buffer.from(form, 'utf8'));
  const found = (value: string): string[] => contents.filter(({ bytes }) => forms(value).some((form) => bytes.includes(form))).map(({ file }) => file);
  const secrets = values.filter((value) => value.kind === 'secret');
  return {
    blockFiles: files.length,
    secrets: secrets.length,
    hits: secrets.flatMap((secret) => found(secret.value).map((file) => `${JSON.stringify(secret.value)} in ${file}`)),
    unseenControls: values.filter((value) => value.kind === 'onLedger' && found(value.value).length === 0).map((value) => value.value),
  };
}

/**
 * Runs the guard over the network's folder after the run.
 * @throws {Error} on a single hit, or when a control value is not found in any block.
 */
export function assertNoPersonalDataInBlocks(networkRoot: string): GuardReport | undefined {
  const values = readSentValues(SENT_VALUES_FILE);
  if (values.length === 0) return undefined; // no suite of this run sent anything to a gateway
  const report = guardBlocks(blockFilesUnder(networkRoot), values);
  process.stdout.write(`personal-data guard: ${report.secrets} sent values searched in ${report.blockFiles} block files: ${report.hits.length} hits\n`);
  if (report.blockFiles === 0 || report.unseenControls.length > 0) {
    throw new Error(`personal-data guard cannot see the blocks: ${report.blockFiles} block files, case pseudonyms not found: ${report.unseenControls.slice(0, 5).join(', ')}`);
  }
  if (report.hits.length > 0) throw new Error(`personal-data guard: sent values found on the ledger:\n${report.hits.join('\n')}`);
  return report;
}
