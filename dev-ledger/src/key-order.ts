/**
 * Compares two state keys in the order Fabric's state database iterates them: by their UTF-8 bytes.
 *
 * JavaScript's `<` compares UTF-16 code units, which orders characters above U+FFFF differently
 * from UTF-8 (and from LevelDB, CouchDB and SQLite BLOB keys), so range bounds such as the
 * partial-composite-key end `U+10FFFF` would be wrong without this.
 *
 * @param a - First key.
 * @param b - Second key.
 * @returns A negative number, zero or a positive number as `a` sorts before, equal to or after `b`.
 */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Tells whether a key lies in the half-open range `[startKey, endKey)`; an empty `endKey` means
 * no upper bound, as on Fabric.
 *
 * @param key - The key to test.
 * @param startKey - Inclusive lower bound.
 * @param endKey - Exclusive upper bound, or `''` for none.
 * @returns True when the key is inside the range.
 */
export function isKeyInRange(key: string, startKey: string, endKey: string): boolean {
  return compareKeys(key, startKey) >= 0 && (endKey === '' || compareKeys(key, endKey) < 0);
}
