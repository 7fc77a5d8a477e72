import { ChaincodeStub as ShimChaincodeStub } from 'fabric-shim';

/** The highest Unicode code point; a partial composite key plus this bounds its range scan. */
export const MAX_UNICODE_RUNE = '\u{10ffff}';

/** Start key the shim substitutes for an empty range start, so composite keys stay outside. */
export const EMPTY_KEY_SUBSTITUTE = '\u0001';

/** Parts of a composite key, as fabric-shim's `splitCompositeKey` returns them. */
export interface CompositeKeyParts {
  /** The object type, or null when the key is not a composite key. */
  readonly objectType: string | null;
  /** The attributes, in order. */
  readonly attributes: string[];
}

/**
 * Builds a composite key exactly as fabric-shim does (`\u0000` + type + `\u0000` + each
 * attribute + `\u0000`), by calling the shim's own implementation, which does not use `this`.
 *
 * @param objectType - Non-empty object type.
 * @param attributes - Non-empty attribute strings.
 * @returns The composite key.
 * @throws Error `object type or attribute not a non-zero length string` (the shim's message).
 */
export function createCompositeKey(objectType: string, attributes: readonly string[]): string {
  return ShimChaincodeStub.prototype.createCompositeKey.call(undefined, objectType, [...attributes]);
}

/**
 * Splits a composite key with fabric-shim's own implementation.
 *
 * @param compositeKey - A key made by {@link createCompositeKey}.
 * @returns Object type and attributes; `{objectType: null, attributes: []}` for a simple key.
 */
export function splitCompositeKey(compositeKey: string): CompositeKeyParts {
  return ShimChaincodeStub.prototype.splitCompositeKey.call(undefined, compositeKey);
}
