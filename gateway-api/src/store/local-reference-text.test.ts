/**
 * Local references in the store: one reference whatever its Unicode normalisation, and none with
 * control or invisible format characters, even when the HTTP boundary is bypassed.
 */
import { openGatewayStore, type SqliteGatewayStore } from './open-gateway-store';

const KEY = Buffer.alloc(32, 9);
const CASE = 'a'.repeat(32);
const COMPOSED = 'AZ-\u00C4RZTE-2026';
const DECOMPOSED = 'AZ-A\u0308RZTE-2026';

/** References a clerk could not tell from a visible one, or that hide what follows. */
const REFUSED: Readonly<Record<string, string>> = {
  'zero-width space': 'AZ-\u200B17',
  'zero-width non-joiner': 'AZ-\u200C17',
  'zero-width joiner': 'AZ-\u200D17',
  'left-to-right mark': 'AZ-\u200E17',
  'right-to-left override': 'AZ-\u202E71',
  'left-to-right isolate': 'AZ-\u206617\u2069',
  'word joiner': 'AZ-\u206017',
  'byte order mark': '\uFEFFAZ-17',
  'soft hyphen': 'AZ\u00AD-17',
  'Arabic letter mark': 'AZ-\u061C17',
  'Mongolian vowel separator': 'AZ-\u180E17',
  'tag character (outside the BMP)': 'AZ-17\u{E0041}',
  'bell (control)': 'AZ-\u000717',
  'next line (C1 control)': 'AZ-\u008517',
  'lone surrogate': 'AZ-\uD80017',
};

describe('local references in the store', () => {
  let store: SqliteGatewayStore;

  beforeEach(() => {
    store = openGatewayStore({ file: ':memory:', localReferenceKey: KEY });
  });

  afterEach(() => {
    store.close();
  });

  it('are one reference in composed and decomposed form (NFC before indexing and lookup)', () => {
    expect(COMPOSED).not.toBe(DECOMPOSED);
    store.localReferences.add(DECOMPOSED, CASE);
    store.localReferences.add(COMPOSED, CASE);
    expect(store.localReferences.find(COMPOSED)).toEqual([{ caseRef: CASE, createdAt: expect.any(String) }]);
    expect(store.localReferences.find(DECOMPOSED)).toEqual([{ caseRef: CASE, createdAt: expect.any(String) }]);
    expect(store.localReferences.referencesOf(CASE)).toEqual([COMPOSED]);
    expect(store.localReferences.remove(DECOMPOSED)).toBe(1);
    expect(store.localReferences.find(COMPOSED)).toEqual([]);
  });

  it.each(Object.entries(REFUSED))('refuses a reference with a %s, to add, find or remove (VALIDATION_FAILED)', (_, reference) => {
    const refusal = expect.objectContaining({ code: 'VALIDATION_FAILED', details: { field: 'localReference' } });
    expect(() => {
      store.localReferences.add(reference, CASE);
    }).toThrow(refusal);
    expect(() => store.localReferences.find(reference)).toThrow(refusal);
    expect(() => store.localReferences.remove(reference)).toThrow(refusal);
    expect(store.localReferences.referencesOf(CASE)).toEqual([]);
  });

  it('names the refused kinds of characters in the refusal, never the reference', () => {
    expect(() => {
      store.localReferences.add('AZ-\u200BSECRET', CASE);
    }).toThrow(/invisible format characters/);
    expect(() => {
      store.localReferences.add('AZ-\u200BSECRET', CASE);
    }).not.toThrow(/SECRET/);
  });

  it('keeps letters, spaces and punctuation of real file references', () => {
    for (const reference of ['AZ 17/2026', '5123456-475', 'Ä-Ö-Ü ß', 'ملف-١٧', '案件-2026', 'AZ-17 😀']) store.localReferences.add(reference, CASE);
    expect(store.localReferences.referencesOf(CASE)).toHaveLength(6);
  });
});

describe('the OpenAPI pattern of a local reference', () => {
  it('refuses exactly the control and format characters of the BMP that the full check refuses', async () => {
    const { VISIBLE_TEXT_PATTERN, isPrintableReference } = await import('../ports/local-reference-text');
    const disagreements: string[] = [];
    for (let code = 0; code <= 0xffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCharCode(code);
      if (VISIBLE_TEXT_PATTERN.test(character) !== isPrintableReference(character)) disagreements.push(code.toString(16));
    }
    expect(disagreements).toEqual([]);
  });
});
