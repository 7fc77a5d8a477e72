/**
 * The authority directory as last parsed, by its stored bytes. Every transaction reads the same
 * directory, and parsing a nationwide one (600 entries and more, about 45 KiB) with its schema
 * cost more than the rest of a transition under load. The parsed value depends on the bytes
 * alone, so remembering it cannot make two endorsers decide differently; a changed directory has
 * other bytes and is parsed anew.
 */
import { AuthorityDirectory } from '@asylum-ledger/domain';

let last: { readonly text: string; readonly directory: AuthorityDirectory } | undefined;

/**
 * The directory stored as these bytes (JSON), parsed once per distinct content.
 * @throws {z.ZodError} when the stored bytes are not a directory.
 */
export function directoryFromBytes(bytes: Uint8Array): AuthorityDirectory {
  const text = Buffer.from(bytes).toString('utf8');
  if (last?.text === text) return last.directory;
  const directory = Object.freeze(AuthorityDirectory.parse(JSON.parse(text) as unknown));
  last = { text, directory };
  return directory;
}
