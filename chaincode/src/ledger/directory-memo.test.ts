import { directoryFromBytes } from './directory-memo';

const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
const saxony = { authorities: [{ mspId: 'LDSMSP', kind: 'LAND', landCode: 'DE-SN', active: true }] };
const bavaria = { authorities: [{ mspId: 'LBYMSP', kind: 'LAND', landCode: 'DE-BY', active: true }], retentionYears: 12 };

describe('the directory as last parsed', () => {
  it('is parsed once per content: the same bytes give the same object, other bytes a new one', () => {
    const first = directoryFromBytes(bytes(saxony));
    expect(first).toEqual(saxony);
    expect(directoryFromBytes(bytes(saxony))).toBe(first);
    const changed = directoryFromBytes(bytes(bavaria));
    expect(changed).toEqual(bavaria);
    expect(changed).not.toBe(first);
    expect(directoryFromBytes(bytes(saxony))).toEqual(saxony);
  });

  it('refuses stored bytes that are not a directory, also after a valid one', () => {
    directoryFromBytes(bytes(saxony));
    expect(() => directoryFromBytes(bytes({ authorities: [{ mspId: 'x' }] }))).toThrow();
    expect(() => directoryFromBytes(Buffer.from('not json'))).toThrow();
  });

  it('hands out a frozen value, so no caller can change what the next transaction reads', () => {
    expect(Object.isFrozen(directoryFromBytes(bytes(saxony)))).toBe(true);
  });
});
