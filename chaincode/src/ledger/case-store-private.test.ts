/**
 * Private fields are written without a read (ADR 0009): an Ausländerbehörde's peer holds no copy
 * of its Land's collection, and Fabric answers a private read there with an error, so a write that
 * read first could not be endorsed there, and a member peer would compute a different write set.
 */
import type { Context } from 'fabric-contract-api';
import { PRIVATE_FIELD_NAMES } from '@asylum-ledger/domain';
import { CaseStore, PrivateDataNotHeld } from './case-store';

const CASE = '00112233445566778899aabbccddeeff';
const SALT = 'ab'.repeat(16);
const LATER_SALT = 'cd'.repeat(16);
const COLLECTION = 'land-DE-SN';

/** What a stub saw: private writes, purges and reads, in order. */
interface Calls {
  readonly puts: [string, string, string][];
  readonly purges: [string, string][];
  readonly reads: [string, string][];
}

/**
 * A stub for the private-data calls only. `member: false` answers reads as a peer outside the
 * collection does: empty for a key that does not exist, an error for one whose hash (`hashes`) it
 * has (Fabric 2.5: "private data matching public hash version is not available").
 */
function storeOn(member: boolean, stored: Record<string, object> = {}, hashes: readonly string[] = [], readError?: Error): { store: CaseStore; calls: Calls } {
  const calls: Calls = { puts: [], purges: [], reads: [] };
  const stub = {
    createCompositeKey: (type: string, attributes: string[]) => `\u0000${[type, ...attributes].join('\u0000')}\u0000`,
    getPrivateData: (collection: string, key: string) => {
      calls.reads.push([collection, key]);
      if (readError) return Promise.reject(readError);
      // as Fabric 2.5 does (query_executor.go): a key whose hash this peer has, but not its value
      if (!member && hashes.includes(key)) return Promise.reject(new Error('private data matching public hash version is not available'));
      if (!member) return Promise.resolve(Buffer.alloc(0));
      const value = stored[key];
      return Promise.resolve(value === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(value)));
    },
    getPrivateDataHash: (_collection: string, key: string) => Promise.resolve(hashes.includes(key) ? Buffer.from('hash') : Buffer.alloc(0)),
    putPrivateData: (collection: string, key: string, value: Uint8Array) => {
      calls.puts.push([collection, key, Buffer.from(value).toString('utf8')]);
      return Promise.resolve();
    },
    purgePrivateData: (collection: string, key: string) => {
      calls.purges.push([collection, key]);
      return Promise.resolve();
    },
  };
  return { store: new CaseStore({ stub } as unknown as Context), calls };
}

const fieldKey = (field: string): string => `\u0000case~private\u0000${CASE}\u0000${field}\u0000`;

describe('CaseStore private fields', () => {
  it('writes each given field under its own key with the salt, reading nothing, on a peer that holds no copy', async () => {
    const { store, calls } = storeOn(false);
    await store.putPrivateFields(CASE, 'DE-SN', { municipalityCode: '14612000', responsibleUnit: 'AE-01', salt: SALT });
    expect(calls.reads).toEqual([]);
    expect(calls.puts).toEqual([
      [COLLECTION, fieldKey('responsibleUnit'), JSON.stringify({ caseRef: CASE, responsibleUnit: 'AE-01', salt: SALT })],
      [COLLECTION, fieldKey('municipalityCode'), JSON.stringify({ caseRef: CASE, municipalityCode: '14612000', salt: SALT })],
    ]);
  });

  it('computes the same writes on a member peer as on a peer that holds no copy', async () => {
    const member = storeOn(true, { [fieldKey('titleType')]: { caseRef: CASE, titleType: 'AE_25_1', salt: SALT } });
    const outsider = storeOn(false);
    for (const { store } of [member, outsider]) await store.putPrivateFields(CASE, 'DE-SN', { titleType: 'AE_25_2_1', salt: LATER_SALT });
    expect(member.calls.puts).toEqual(outsider.calls.puts);
    expect(member.calls.reads).toEqual([]);
  });

  it('reads a record of the earlier layout under the case key, overridden field by field by the per-field keys, without the salts', async () => {
    const { store } = storeOn(true, {
      [CASE]: { caseRef: CASE, responsibleUnit: 'AE-01', municipalityCode: '14612000', salt: SALT },
      [fieldKey('responsibleUnit')]: { caseRef: CASE, responsibleUnit: 'AS-23', salt: LATER_SALT },
      [fieldKey('protectionType')]: { caseRef: CASE, protectionType: 'PAR3', salt: LATER_SALT },
    });
    expect(await store.getPrivateFields(CASE, 'DE-SN')).toEqual({ caseRef: CASE, responsibleUnit: 'AS-23', municipalityCode: '14612000', protectionType: 'PAR3' });
  });

  it('says so on a peer that keeps no copy: a value exists (its hash does) that this peer cannot read', async () => {
    const { store } = storeOn(false, {}, [fieldKey('titleType')]);
    await expect(store.getPrivateFields(CASE, 'DE-SN')).rejects.toThrow(PrivateDataNotHeld);
    await expect(store.getPrivateFields(CASE, 'DE-SN')).rejects.toMatchObject({ collection: COLLECTION });
    // keys it has no hash of read empty there; a failed read without a hash behind it is another failure, passed on
    await expect(storeOn(false).store.getPrivateFields(CASE, 'DE-SN')).resolves.toBeUndefined();
    await expect(storeOn(true, {}, [], new Error('peer is shutting down')).store.getPrivateFields(CASE, 'DE-SN')).rejects.toThrow('peer is shutting down');
  });

  it('answers undefined when no private field was ever written for the case', async () => {
    expect(await storeOn(true).store.getPrivateFields(CASE, 'DE-SN')).toBeUndefined();
  });

  it('refuses a stored entry that is not a private record of the case (unknown field)', async () => {
    const { store } = storeOn(true, { [fieldKey('titleType')]: { caseRef: CASE, titleType: 'AE_25_1', salt: SALT, name: 'x' } });
    await expect(store.getPrivateFields(CASE, 'DE-SN')).rejects.toThrow(/name/);
  });

  it('purges the case key of the earlier layout and every field key, reading nothing', async () => {
    const { store, calls } = storeOn(false);
    await store.purgePrivateFields(CASE, 'DE-SN');
    expect(calls.reads).toEqual([]);
    expect(calls.purges).toEqual([[COLLECTION, CASE], ...PRIVATE_FIELD_NAMES.map((field) => [COLLECTION, fieldKey(field)])]);
  });
});
