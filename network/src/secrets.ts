import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Reads the secret in a 0600 file, creating it with random bytes on first use. */
export function readOrCreateSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  mkdirSync(path.dirname(file), { recursive: true });
  const secret = randomBytes(24).toString('hex');
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  return secret;
}

/** The enrolment secret of one identity, derived from the CA's bootstrap secret, so re-runs need no store. */
export function deriveEnrollSecret(bootstrapSecret: string, identity: string): string {
  return createHmac('sha256', bootstrapSecret).update(identity).digest('hex').slice(0, 32);
}
