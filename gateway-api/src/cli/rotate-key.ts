/**
 * The `rotate-key` command: re-encrypts the local references and webhook secrets of a stopped
 * gateway's database under a new LOCAL_REF_KEY and recomputes their lookup indexes, in one
 * transaction. The database path and both keys come from the environment or from key files of
 * mode 0600, never from the command line (argv is visible to every user of the machine).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { ConfigError, loadKeyRotationConfig, parseKeyFileContent, type KeySource } from '../config';
import { migrate } from '../store/migrations';
import { openGatewayDatabase } from '../store/open-gateway-store';
import { rotateReferenceKey } from '../store/rotate-reference-key';

/** Where the command writes its lines. */
export interface CommandOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/**
 * Reads a key from its source; a key file must be readable by its owner only.
 * @throws {ConfigError} when the file is missing, readable by others, or not a 32-byte key.
 */
export function readKey(source: KeySource, label: string): Buffer {
  if (source.kind === 'value') return source.key;
  let mode: number;
  try {
    mode = statSync(source.file).mode;
  } catch {
    throw new ConfigError([`${label}_FILE: cannot read ${source.file}`]);
  }
  if ((mode & 0o077) !== 0) throw new ConfigError([`${label}_FILE: ${source.file} is readable by group or others (mode ${(mode & 0o777).toString(8)}); chmod 600 it`]);
  return parseKeyFileContent(readFileSync(source.file, 'utf8'), `${label}_FILE`);
}

/**
 * Runs the rotation described by `env`.
 * @returns the exit code: 0 rotated, 1 refused or misconfigured (the database unchanged).
 */
export function runRotateKey(env: Readonly<Record<string, string | undefined>>, output: CommandOutput): number {
  try {
    const config = loadKeyRotationConfig(env);
    const oldKey = readKey(config.oldKey, 'LOCAL_REF_KEY_OLD');
    const newKey = readKey(config.newKey, 'LOCAL_REF_KEY_NEW');
    if (!existsSync(config.dbPath)) throw new ConfigError([`DB_PATH: no database at ${config.dbPath}`]);
    const db = openGatewayDatabase(config.dbPath);
    try {
      migrate(db);
      const report = rotateReferenceKey(db, oldKey, newKey);
      output.out(
        `rotated key ${report.oldKeyId} -> ${report.newKeyId}: ${String(report.references)} local reference mapping(s), ${String(report.webhookSecrets)} webhook secret(s); start the gateway with the new LOCAL_REF_KEY`,
      );
      return 0;
    } finally {
      db.close();
    }
  } catch (error) {
    output.err(error instanceof Error ? error.message : String(error));
    return 1;
  }
}
