/**
 * What a local reference may be, checked at the HTTP boundary and again by the store: text in
 * Unicode NFC (so a composed and a decomposed "Ä" are one reference, with one lookup index), without
 * control characters (Cc), invisible format characters (Cf: zero-width space and joiners, bidi
 * controls, the byte order mark, the soft hyphen, tag characters ...) or lone surrogates, any of
 * which would make two references that look the same index differently, or hide what a clerk sees.
 */
import { LedgerError } from '@asylum-ledger/domain';

/**
 * The refused characters of the Basic Multilingual Plane as explicit ranges (for the OpenAPI
 * pattern, which client generators compile without Unicode property classes): Cc, and every Cf
 * code point below U+10000. The few Cf outside it (tags, musical formatting) are refused by
 * {@link isPrintableReference}.
 */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this pattern
export const VISIBLE_TEXT_PATTERN = /^[^\u0000-\u001F\u007F-\u009F\u00AD\u0600-\u0605\u061C\u06DD\u070F\u0890\u0891\u08E2\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]+$/;

/** Every control and format character, in all planes, and lone surrogates (Cs). */
const CONTROL_FORMAT_OR_SURROGATE = /[\p{Cc}\p{Cf}\p{Cs}]/u;

/** Why a reference is refused; the refused characters themselves are never repeated. */
export const INVISIBLE_CHARACTERS_MESSAGE =
  'no control characters or invisible format characters (zero-width spaces and joiners, bidi controls, byte order mark, soft hyphen)';

/** Whether a value has no control or format character and no lone surrogate. */
export function isPrintableReference(value: string): boolean {
  return !CONTROL_FORMAT_OR_SURROGATE.test(value);
}

/**
 * The form a local reference is indexed and looked up in: NFC.
 * @throws {LedgerError} VALIDATION_FAILED (details.field `localReference`) when it is empty or holds
 *   a control or invisible format character.
 */
export function normalisedLocalReference(value: string): string {
  if (value.length === 0 || !isPrintableReference(value)) {
    throw new LedgerError('VALIDATION_FAILED', `the local reference is invalid: ${INVISIBLE_CHARACTERS_MESSAGE}`, {
      details: { field: 'localReference' },
    });
  }
  return value.normalize('NFC');
}
