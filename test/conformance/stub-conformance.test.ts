/**
 * The dev ledger's stub must behave like Fabric's shim wherever a chaincode can observe a
 * difference. One table of questions, put through the probe chaincode (probe-chaincode/index.js)
 * to the dev ledger's simulated stub (always) and to Fabric's shim on real peers (where the Fabric
 * binaries are present), with one expected answer each.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DevCertificateAuthority, DevLedger, IN_MEMORY_IDENTITIES, loadContractChaincode, type Submitter } from '@asylum-ledger/dev-ledger';
import { connectAs, type OrgClient } from '../support/fabric-clients';
import { describeRealNetwork } from '../support/real-network';

/** What the probe is asked, on one ledger. */
interface ProbeTarget {
  submit(fn: string, input: unknown, transient?: Record<string, string>): Promise<unknown>;
  evaluate(fn: string, input: unknown): Promise<unknown>;
}

/** One question: what to do on a fresh prefix, and what a chaincode must observe. */
interface Question {
  readonly name: string;
  readonly ask: (probe: ProbeTarget, prefix: string) => Promise<unknown>;
  readonly expected: unknown;
}

const key = (prefix: string, n: number): string[] => [prefix, String(n).padStart(4, '0')];
const itemKey = (prefix: string, n: number): string => `\u0000probe~item\u0000${key(prefix, n).join('\u0000')}\u0000`;

/** The questions. Each works on keys under its own random prefix, so the order does not matter. */
export const QUESTIONS: readonly Question[] = [
  {
    name: 'an empty page of a paginated partial-key query comes without metadata',
    ask: (probe, prefix) => probe.evaluate('page', { prefix, pageSize: 5, bookmark: '' }),
    expected: { keys: [], metadata: null },
  },
  {
    name: 'the first next() of an unpaginated query over no keys is done, with no value',
    ask: (probe, prefix) => probe.evaluate('emptyRange', { prefix }),
    expected: { done: true, hasValue: false },
  },
  {
    name: 'a full page carries the next key as bookmark and counts what it fetched',
    ask: async (probe, prefix) => {
      await probe.submit('seed', { prefix, count: 3 });
      return probe.evaluate('page', { prefix, pageSize: 2, bookmark: '' });
    },
    expected: (prefix: string) => ({ keys: [key(prefix, 0), key(prefix, 1)], metadata: { bookmark: itemKey(prefix, 2), fetchedRecordsCount: 2 } }),
  },
  {
    name: 'the last page, resumed from a bookmark, ends with an empty bookmark',
    ask: async (probe, prefix) => {
      await probe.submit('seed', { prefix, count: 3 });
      return probe.evaluate('page', { prefix, pageSize: 2, bookmark: itemKey(prefix, 2) });
    },
    expected: (prefix: string) => ({ keys: [key(prefix, 2)], metadata: { bookmark: '', fetchedRecordsCount: 1 } }),
  },
  {
    name: 'a page exactly as long as what is left ends with an empty bookmark',
    ask: async (probe, prefix) => {
      await probe.submit('seed', { prefix, count: 2 });
      return probe.evaluate('page', { prefix, pageSize: 2, bookmark: '' });
    },
    expected: (prefix: string) => ({ keys: [key(prefix, 0), key(prefix, 1)], metadata: { bookmark: '', fetchedRecordsCount: 2 } }),
  },
  {
    name: 'the history of a deleted key lists the newest first: a delete without value, then the write, each with txId and timestamp',
    ask: async (probe, prefix) => {
      await probe.submit('put', { key: `deleted-${prefix}`, value: 'x' });
      await probe.submit('remove', { key: `deleted-${prefix}` });
      return probe.evaluate('history', { key: `deleted-${prefix}` });
    },
    expected: [
      { isDelete: true, valueLength: 0, hasTxId: true, hasTimestamp: true },
      { isDelete: false, valueLength: 1, hasTxId: true, hasTimestamp: true },
    ],
  },
  {
    name: 'a deleted key reads as empty',
    ask: async (probe, prefix) => {
      await probe.submit('put', { key: `gone-${prefix}`, value: 'x' });
      await probe.submit('remove', { key: `gone-${prefix}` });
      return probe.evaluate('read', { key: `gone-${prefix}` });
    },
    expected: { length: 0 },
  },
  {
    name: 'a private key never written reads as empty, and so does its hash',
    ask: (probe, prefix) => probe.evaluate('readPrivate', { collection: 'land-DE-SN', key: `never-${prefix}` }),
    expected: { length: 0, hashLength: 0 },
  },
  {
    name: 'a private key written reads back, with its 32-byte hash',
    ask: async (probe, prefix) => {
      await probe.submit('putPrivate', { collection: 'land-DE-SN', key: `written-${prefix}` }, { value: 'abc' });
      return probe.evaluate('readPrivate', { collection: 'land-DE-SN', key: `written-${prefix}` });
    },
    expected: { length: 3, hashLength: 32 },
  },
];

function expectedFor(question: Question, prefix: string): unknown {
  return typeof question.expected === 'function' ? (question.expected as (p: string) => unknown)(prefix) : question.expected;
}

function parse(bytes: Uint8Array | Buffer): unknown {
  return JSON.parse(Buffer.from(bytes).toString('utf8')) as unknown;
}

/** The probe on the dev ledger, over an in-memory or a file SQLite store. */
async function devLedgerTarget(databasePath: string): Promise<{ target: ProbeTarget; ledger: DevLedger }> {
  const ledger = await DevLedger.open({
    databasePath,
    identityDir: IN_MEMORY_IDENTITIES,
    authorities: [],
    bootstrap: false,
    chaincode: await loadContractChaincode(path.join(__dirname, 'probe-chaincode')),
    synchronous: 'NORMAL',
  });
  const identity = await new DevCertificateAuthority().createDevIdentity({ mspId: 'LDSMSP', role: 'LAND_RECEPTION', enrollmentId: 'probe' });
  const submitter: Submitter = { mspId: 'LDSMSP', certificatePem: identity.certificatePem, role: 'LAND_RECEPTION' };
  const asBytes = (transient?: Record<string, string>) => (transient ? Object.fromEntries(Object.entries(transient).map(([k, v]) => [k, Buffer.from(v)])) : undefined);
  const run = async (fn: string, input: unknown, transient?: Record<string, string>) => {
    const bytes = asBytes(transient);
    return ledger.simulate({ submitter, fn: `probe:${fn}`, args: [JSON.stringify(input)], ...(bytes ? { transient: bytes } : {}) });
  };
  const target: ProbeTarget = {
    submit: async (fn, input, transient) => {
      const proposal = await run(fn, input, transient);
      const { response } = proposal.simulation;
      if (response.status !== 200) throw new Error(`${fn}: ${response.message}`);
      const committed = await proposal.commit();
      if (committed.validationCode !== 'VALID') throw new Error(`${fn}: ${committed.validationCode}`);
      return parse(response.payload);
    },
    evaluate: async (fn, input) => {
      const { response } = (await run(fn, input)).simulation;
      if (response.status !== 200) throw new Error(`${fn}: ${response.message}`);
      return parse(response.payload);
    },
  };
  return { target, ledger };
}

function fabricTarget(client: OrgClient): ProbeTarget {
  const contract = client.contract('conformance');
  return {
    submit: async (fn, input, transient) =>
      parse(await contract.submit(`probe:${fn}`, { arguments: [JSON.stringify(input)], ...(transient ? { transientData: transient } : {}) })),
    evaluate: async (fn, input) => parse(await contract.evaluate(`probe:${fn}`, { arguments: [JSON.stringify(input)] })),
  };
}

function askAll(target: () => ProbeTarget): void {
  it.each(QUESTIONS.map((question) => [question.name, question] as const))('%s', async (_name, question) => {
    const prefix = randomBytes(6).toString('hex');
    expect(await question.ask(target(), prefix)).toEqual(expectedFor(question, prefix));
  });
}

describe.each([
  ['in memory', () => ({ file: ':memory:', cleanup: () => undefined })],
  [
    'in a SQLite file',
    () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'conformance-'));
      return { file: path.join(dir, 'ledger.sqlite'), cleanup: () => { rmSync(dir, { recursive: true, force: true }); } };
    },
  ],
] as const)('stub conformance: the dev ledger %s', (_where, store) => {
  let opened: Awaited<ReturnType<typeof devLedgerTarget>>;
  let cleanup: () => void;
  beforeAll(async () => {
    const chosen = store();
    cleanup = chosen.cleanup;
    opened = await devLedgerTarget(chosen.file);
  });
  afterAll(async () => {
    await opened.ledger.close();
    cleanup();
  });
  askAll(() => opened.target);
});

describeRealNetwork(
  'stub conformance: Fabric on the real network',
  (network) => {
    let client: OrgClient;
    beforeAll(() => {
      client = connectAs(network().ctx, 'LDSMSP', 'LAND_RECEPTION');
    });
    afterAll(() => {
      client.close();
    });
    askAll(() => fabricTarget(client));
  },
  ['conformance'],
);
