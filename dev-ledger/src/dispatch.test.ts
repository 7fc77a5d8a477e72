import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContractChaincode, loadContractChaincode, type ChaincodeInvoker } from './chaincode-dispatch';
import { DevCertificateAuthority, type DevIdentity } from './dev-identities';
import { LedgerError } from '@asylum-ledger/domain';
import { DevLedger, IN_MEMORY_IDENTITIES, type SimulatedProposal } from './dev-ledger';
import { toLedgerTimestamp } from './ledger-store';
import { MemoryLedgerStore } from './test-support/memory-ledger-store';
import { text } from './test-support/seed-store';
import { TransactionSimulator } from './transaction-simulator';

/** A test-only contract exercising the stub through fabric-contract-api's real dispatch. */
@Info({ title: 'Probe', description: 'test-only contract for the simulator' })
class ProbeContract extends Contract {
  constructor() {
    super('probe');
  }

  @Transaction()
  async put(ctx: Context, key: string, value: string): Promise<void> {
    await ctx.stub.putState(key, Buffer.from(value));
    ctx.stub.setEvent('Ignored', Buffer.from('first'));
    ctx.stub.setEvent('Put', Buffer.from(JSON.stringify({ key, value })));
  }

  @Transaction(false)
  @Returns('string')
  async get(ctx: Context, key: string): Promise<string> {
    return (await ctx.stub.getState(key)).toString();
  }

  @Transaction()
  async increment(ctx: Context, key: string): Promise<{ key: string; count: number; role: string | null }> {
    const count = Number((await ctx.stub.getState(key)).toString() || '0') + 1;
    await ctx.stub.putState(key, Buffer.from(String(count)));
    return { key, count, role: ctx.clientIdentity.getAttributeValue('role') };
  }

  @Transaction()
  async countRange(ctx: Context, marker: string): Promise<number> {
    let count = 0;
    for await (const kv of ctx.stub.getStateByRange('item-', 'item.')) {
      count += kv.key ? 1 : 0;
    }
    await ctx.stub.putState(marker, Buffer.from(String(count)));
    return count;
  }

  @Transaction()
  async storeSecret(ctx: Context, key: string): Promise<string> {
    const secret = ctx.stub.getTransient().get('secret');
    await ctx.stub.putPrivateData('pdc', key, secret ?? Buffer.from('none'));
    const { seconds } = ctx.stub.getTxTimestamp();
    return `${ctx.clientIdentity.getMSPID()}@${Number(seconds)}`;
  }

  @Transaction()
  async readSecret(ctx: Context, key: string): Promise<string> {
    const value = (await ctx.stub.getPrivateData('pdc', key)).toString();
    await ctx.stub.putState(`seen-${key}`, Buffer.from(value));
    return value;
  }

  @Transaction()
  async fail(): Promise<void> {
    throw new Error('FORBIDDEN_ROLE: no');
  }
}

describe('the dev ledger with the real contract dispatch', () => {
  const authority = new DevCertificateAuthority();
  const start = new Date('2026-01-01T00:00:00Z');
  let caseworker: DevIdentity;
  let ledger: DevLedger;
  let now: Date;

  beforeAll(async () => {
    caseworker = await authority.createDevIdentity({ mspId: 'BamfMSP', role: 'BAMF_CASEWORKER', enrollmentId: 'anna' });
  });
  beforeEach(async () => {
    now = start;
    ledger = await DevLedger.open({
      databasePath: ':memory:',
      identityDir: IN_MEMORY_IDENTITIES,
      authorities: [],
      bootstrap: false,
      chaincode: createContractChaincode({ contracts: [ProbeContract], title: 'probe-cc', version: '1.0.0' }),
      clock: () => now,
    });
  });
  afterEach(async () => {
    await ledger.close();
  });

  const submitter = () => ({ mspId: caseworker.mspId, certificatePem: caseworker.certificatePem, role: 'BAMF_CASEWORKER' });
  const simulate = (fn: string, args: string[], extra: { transient?: Record<string, Uint8Array>; timestamp?: Date } = {}): Promise<SimulatedProposal> =>
    ledger.simulate({ submitter: submitter(), fn, args, ...extra });
  async function submit(fn: string, args: string[], extra: { transient?: Record<string, Uint8Array>; timestamp?: Date } = {}) {
    const proposal = await simulate(fn, args, extra);
    const committed = proposal.simulation.response.status === 200 ? await proposal.commit() : undefined;
    return { txId: proposal.txId, response: proposal.simulation.response, event: proposal.simulation.event, committed };
  }
  const evaluate = async (fn: string, args: string[]) => (await simulate(fn, args)).simulation.response;

  it('submits, commits and evaluates through contract:function names', async () => {
    const put = await submit('probe:put', ['k', 'v1']);
    expect(put.response.status).toBe(200);
    expect(put.committed).toEqual({ validationCode: 'VALID', blockNumber: 0 });
    expect(put.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(put.event?.eventName).toBe('Put');
    expect(await evaluate('probe:get', ['k'])).toEqual({ status: 200, message: '', payload: Buffer.from('v1') });
    expect(ledger.store.blockHeight()).toBe(1);
  });

  it('returns objects through class-transformer (the 0.4.0 pin) and reads the role from the certificate', async () => {
    const first = await submit('probe:increment', ['n']);
    expect(JSON.parse(Buffer.from(first.response.payload).toString())).toEqual({ key: 'n', count: 1, role: 'BAMF_CASEWORKER' });
    const second = await submit('probe:increment', ['n']);
    expect((JSON.parse(Buffer.from(second.response.payload).toString()) as { count: number }).count).toBe(2);
  });

  it('answers org.hyperledger.fabric:GetMetadata', async () => {
    const response = await evaluate('org.hyperledger.fabric:GetMetadata', []);
    expect(response.status).toBe(200);
    const metadata = JSON.parse(Buffer.from(response.payload).toString()) as { info: unknown; contracts: Record<string, { transactions: { name: string }[] }> };
    expect(metadata.info).toEqual({ title: 'probe-cc', version: '1.0.0' });
    expect(Object.keys(metadata.contracts)).toEqual(expect.arrayContaining(['probe', 'org.hyperledger.fabric']));
    expect(metadata.contracts.probe?.transactions.map((t) => t.name)).toContain('increment');
  });

  it('reports chaincode errors as status 500, orders nothing, and refuses to commit them', async () => {
    const failed = await simulate('probe:fail', []);
    expect(failed.simulation.response).toEqual({ status: 500, message: 'FORBIDDEN_ROLE: no', payload: Buffer.alloc(0) });
    await expect(failed.commit()).rejects.toBeInstanceOf(LedgerError);
    expect(ledger.store.blockHeight()).toBe(0);
    const unknown = await evaluate('probe:nope', []);
    expect(unknown.status).toBe(500);
    expect(unknown.message).toContain('nope');
  });

  it('invalidates the second of two transactions that read the same key (MVCC_READ_CONFLICT)', async () => {
    await submit('probe:put', ['n', '5']);
    const a = await simulate('probe:increment', ['n']);
    const b = await simulate('probe:increment', ['n']);
    expect(a.simulation.readWriteSet.reads).toEqual([{ key: 'n', version: { blockNum: 0, txNum: 0 } }]);
    expect(await a.commit()).toEqual({ validationCode: 'VALID', blockNumber: 1 });
    expect(await b.commit()).toEqual({ validationCode: 'MVCC_READ_CONFLICT', blockNumber: 2 });
    expect(ledger.store.blockHeight()).toBe(3);
    expect(text(ledger.store.getState('n')?.value)).toBe('6');
    expect(ledger.store.getHistory('n').map((h) => h.txId)).not.toContain(b.txId);
    await expect(a.commit()).rejects.toMatchObject({ code: 'TRANSACTION_INVALID' });
  });

  it('invalidates a transaction whose range query would now see another key (PHANTOM_READ_CONFLICT)', async () => {
    await submit('probe:put', ['item-1', 'x']);
    const counting = await simulate('probe:countRange', ['count']);
    expect(Buffer.from(counting.simulation.response.payload).toString()).toBe('1');
    await submit('probe:put', ['item-2', 'x']);
    expect((await counting.commit()).validationCode).toBe('PHANTOM_READ_CONFLICT');

    const again = await simulate('probe:countRange', ['count']);
    await submit('probe:put', ['item-2', 'changed']);
    expect((await again.commit()).validationCode).toBe('PHANTOM_READ_CONFLICT');

    const unaffected = await simulate('probe:countRange', ['count']);
    await submit('probe:put', ['other', 'x']);
    expect((await unaffected.commit()).validationCode).toBe('VALID');
  });

  it('checks private reads at commit too, and hands transient data to the chaincode', async () => {
    const stored = await submit('probe:storeSecret', ['s1'], { transient: { secret: Buffer.from('hush') } });
    expect(Buffer.from(stored.response.payload).toString()).toBe('BamfMSP@1767225600');
    expect(text(ledger.store.getPrivateData('pdc', 's1')?.value)).toBe('hush');
    const reader = await simulate('probe:readSecret', ['s1']);
    expect(Buffer.from(reader.simulation.response.payload).toString()).toBe('hush');
    await submit('probe:storeSecret', ['s1']);
    expect((await reader.commit()).validationCode).toBe('MVCC_READ_CONFLICT');
  });

  it('keeps the events of valid transactions in commit order with their block numbers', async () => {
    await submit('probe:put', ['a', '1']);
    const later = await simulate('probe:put', ['b', '1']);
    await submit('probe:increment', ['a']);
    await submit('probe:put', ['c', '1']);
    await later.commit();
    expect(ledger.store.getEvents(0).map((e) => [e.blockNumber, e.eventName, Buffer.from(e.payload).toString()])).toEqual([
      [0, 'Put', '{"key":"a","value":"1"}'],
      [2, 'Put', '{"key":"c","value":"1"}'],
      [3, 'Put', '{"key":"b","value":"1"}'],
    ]);
    expect(ledger.store.getEvents(3)).toHaveLength(1);
  });

  it('dates proposals by its clock, or by a timestamp the caller gives', async () => {
    now = new Date('2030-05-06T07:08:09.010Z');
    await submit('probe:put', ['t', '1']);
    await submit('probe:put', ['t', '2'], { timestamp: new Date('2031-01-01T00:00:00Z') });
    const history = ledger.store.getHistory('t').map((h) => h.timestamp);
    expect(history).toEqual([toLedgerTimestamp(new Date('2030-05-06T07:08:09.010Z')), { seconds: 1924992000, nanos: 0 }]);
    expect(history[0]).toEqual({ seconds: 1904281689, nanos: 10_000_000 });
    const ids = [(await submit('probe:put', ['a', '1'])).txId, (await submit('probe:put', ['a', '1'])).txId];
    expect(new Set(ids).size).toBe(2);
  });
});

describe('TransactionSimulator', () => {
  const proposal = {
    txId: 't',
    fn: 'any',
    args: ['x', Buffer.from('y')],
    creator: { mspid: 'Org1MSP', idBytes: Buffer.from('pem') },
    timestamp: { seconds: 1, nanos: 0 },
  };

  it('turns a chaincode that throws into status 500 and normalizes bare responses', async () => {
    const throwing: ChaincodeInvoker = { Invoke: async () => Promise.reject(new Error('boom')) };
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- a chaincode may reject with a non-Error
    const throwingValue: ChaincodeInvoker = { Invoke: async () => Promise.reject('bare') };
    const bare: ChaincodeInvoker = { Invoke: async (stub) => ({ status: 200, payload: Buffer.from(stub.getArgs().join(',')) }) };
    const run = (chaincode: ChaincodeInvoker) =>
      new TransactionSimulator({ store: new MemoryLedgerStore(), chaincode, channelId: 'ch' }).simulate(proposal);

    expect((await run(throwing)).response).toEqual({ status: 500, message: 'boom', payload: Buffer.alloc(0) });
    expect((await run(throwingValue)).response.message).toBe('bare');
    const ok = await run(bare);
    expect(ok.response).toEqual({ status: 200, message: '', payload: Buffer.from('any,x,y') });
    expect(ok.event).toBeUndefined();
  });
});

describe('loadContractChaincode', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'simulated-cc-'));
    const api = JSON.stringify(require.resolve('fabric-contract-api'));
    writeFileSync(join(folder, 'package.json'), JSON.stringify({ name: 'plain-cc', version: '2.0.0', main: 'index.js' }));
    writeFileSync(
      join(folder, 'index.js'),
      `const { Contract } = require(${api});
class Plain extends Contract {
  constructor() { super('plain'); }
  async echo(ctx, value) { return value + '@' + ctx.stub.getChannelID(); }
}
module.exports.contracts = [Plain];`,
    );
  });
  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  it('loads a chaincode package through fabric-shim bootstrap, as fabric-chaincode-node does', async () => {
    const chaincode = await loadContractChaincode(folder);
    const ledger = await DevLedger.open({ databasePath: ':memory:', identityDir: IN_MEMORY_IDENTITIES, authorities: [], bootstrap: false, chaincode });
    const submitter = { mspId: 'Org1MSP', role: 'R', certificatePem: (await new DevCertificateAuthority().createDevIdentity({ mspId: 'Org1MSP', role: 'R', enrollmentId: 'u' })).certificatePem };
    const echo = (await ledger.simulate({ submitter, fn: 'plain:echo', args: ['hi'] })).simulation.response;
    expect(Buffer.from(echo.payload).toString()).toBe('hi@asylum');
    const metadata = JSON.parse(Buffer.from((await ledger.simulate({ submitter, fn: 'org.hyperledger.fabric:GetMetadata', args: [] })).simulation.response.payload).toString()) as { info: unknown };
    expect(metadata.info).toEqual({ title: 'plain-cc', version: '2.0.0' });
    await ledger.close();
  });

  it('rejects a package without main, with bootstrap’s message', async () => {
    const empty = join(folder, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'package.json'), JSON.stringify({ name: 'x' }));
    await expect(loadContractChaincode(empty)).rejects.toThrow("package.json does not contain a 'main' entry");
  });
});
