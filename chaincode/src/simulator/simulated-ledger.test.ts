import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContractChaincode, loadContractChaincode, type ChaincodeInvoker } from './chaincode-dispatch';
import { DevCertificateAuthority, type DevIdentity } from './dev-identities';
import { MemoryLedgerStore } from './memory-ledger-store';
import { SimulatedLedger, toLedgerTimestamp } from './simulated-ledger';
import { text, thrown } from './test-support/seed-store';
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

describe('SimulatedLedger with the real contract dispatch', () => {
  const authority = new DevCertificateAuthority();
  let caseworker: DevIdentity;
  let ledger: SimulatedLedger;

  beforeAll(async () => {
    caseworker = await authority.createDevIdentity({ mspId: 'BamfMSP', role: 'BAMF_CASEWORKER', enrollmentId: 'anna' });
  });
  beforeEach(() => {
    ledger = new SimulatedLedger({ chaincode: createContractChaincode({ contracts: [ProbeContract], title: 'probe-cc', version: '1.0.0' }) });
  });

  it('submits, commits and evaluates through contract:function names', async () => {
    const put = await ledger.submit('probe:put', ['k', 'v1'], { identity: caseworker });
    expect(put.response.status).toBe(200);
    expect(put.validationCode).toBe('VALID');
    expect(put.blockNumber).toBe(0);
    expect(put.txId).toMatch(/^[0-9a-f]{64}$/);
    expect(put.event?.eventName).toBe('Put');

    const read = await ledger.evaluate('probe:get', ['k'], { identity: caseworker });
    expect(read).toEqual({ status: 200, message: '', payload: Buffer.from('v1') });
    expect(ledger.blockHeight()).toBe(1);
  });

  it('returns objects through class-transformer (the 0.4.0 pin) and reads the role from the certificate', async () => {
    const first = await ledger.submit('probe:increment', ['n'], { identity: caseworker });
    expect(first.response.status).toBe(200);
    expect(JSON.parse(first.response.payload.toString())).toEqual({ key: 'n', count: 1, role: 'BAMF_CASEWORKER' });
    const second = await ledger.submit('probe:increment', ['n'], { identity: caseworker });
    expect(JSON.parse(second.response.payload.toString()).count).toBe(2);
  });

  it('answers org.hyperledger.fabric:GetMetadata', async () => {
    const response = await ledger.evaluate('org.hyperledger.fabric:GetMetadata', [], { identity: caseworker });
    expect(response.status).toBe(200);
    const metadata = JSON.parse(response.payload.toString()) as {
      info: unknown;
      contracts: Record<string, { transactions: { name: string }[] }>;
    };
    expect(metadata.info).toEqual({ title: 'probe-cc', version: '1.0.0' });
    expect(Object.keys(metadata.contracts)).toEqual(expect.arrayContaining(['probe', 'org.hyperledger.fabric']));
    expect(metadata.contracts.probe?.transactions.map((t) => t.name)).toContain('increment');
  });

  it('reports chaincode errors as status 500 and orders nothing', async () => {
    const result = await ledger.submit('probe:fail', [], { identity: caseworker });
    expect(result.response).toEqual({ status: 500, message: 'FORBIDDEN_ROLE: no', payload: Buffer.alloc(0) });
    expect(result.validationCode).toBeUndefined();
    expect(result.blockNumber).toBeUndefined();
    expect(ledger.blockHeight()).toBe(0);
    const unknown = await ledger.evaluate('probe:nope', [], { identity: caseworker });
    expect(unknown.status).toBe(500);
    expect(unknown.message).toContain('nope');
    const pending = await ledger.simulate('probe:fail', [], { identity: caseworker });
    expect(thrown(() => pending.commit())).toMatchObject({ code: 'ENDORSEMENT_FAILED' });
  });

  it('invalidates the second of two transactions that read the same key (MVCC_READ_CONFLICT)', async () => {
    await ledger.submit('probe:put', ['n', '5'], { identity: caseworker });
    const a = await ledger.simulate('probe:increment', ['n'], { identity: caseworker });
    const b = await ledger.simulate('probe:increment', ['n'], { identity: caseworker });
    expect(a.readWriteSet.reads).toEqual([{ key: 'n', version: { blockNum: 0, txNum: 0 } }]);

    expect(a.commit()).toMatchObject({ validationCode: 'VALID', blockNumber: 1 });
    expect(b.commit()).toEqual({ txId: b.txId, validationCode: 'MVCC_READ_CONFLICT', blockNumber: 2 });
    expect(ledger.blockHeight()).toBe(3);
    expect(text(ledger.store.getState('n')?.value)).toBe('6');
    expect(ledger.store.getHistory('n').map((h) => h.txId)).not.toContain(b.txId);
    expect(thrown(() => a.commit())).toMatchObject({ code: 'ALREADY_COMMITTED' });
  });

  it('invalidates a transaction whose range query would now see another key (PHANTOM_READ_CONFLICT)', async () => {
    await ledger.submit('probe:put', ['item-1', 'x'], { identity: caseworker });
    const counting = await ledger.simulate('probe:countRange', ['count'], { identity: caseworker });
    expect(counting.response.payload.toString()).toBe('1');
    await ledger.submit('probe:put', ['item-2', 'x'], { identity: caseworker });
    expect(counting.commit().validationCode).toBe('PHANTOM_READ_CONFLICT');

    const again = await ledger.simulate('probe:countRange', ['count'], { identity: caseworker });
    await ledger.submit('probe:put', ['item-2', 'changed'], { identity: caseworker });
    expect(again.commit().validationCode).toBe('PHANTOM_READ_CONFLICT');

    const unaffected = await ledger.simulate('probe:countRange', ['count'], { identity: caseworker });
    await ledger.submit('probe:put', ['other', 'x'], { identity: caseworker });
    expect(unaffected.commit().validationCode).toBe('VALID');
  });

  it('checks private reads at commit too, and hands transient data to the chaincode', async () => {
    const stored = await ledger.submit('probe:storeSecret', ['s1'], { identity: caseworker, transient: { secret: 'hush' } });
    expect(stored.response.payload.toString()).toBe('BamfMSP@1767225600');
    expect(text(ledger.store.getPrivateData('pdc', 's1')?.value)).toBe('hush');
    await ledger.submit('probe:storeSecret', ['s2'], { identity: caseworker, transient: new Map([['secret', Buffer.from('m')]]) });
    expect(text(ledger.store.getPrivateData('pdc', 's2')?.value)).toBe('m');

    const reader = await ledger.simulate('probe:readSecret', ['s1'], { identity: caseworker });
    expect(reader.response.payload.toString()).toBe('hush');
    await ledger.submit('probe:storeSecret', ['s1'], { identity: caseworker });
    expect(reader.commit().validationCode).toBe('MVCC_READ_CONFLICT');
  });

  it('keeps the events of valid transactions in commit order with their block numbers', async () => {
    await ledger.submit('probe:put', ['a', '1'], { identity: caseworker });
    const loser = await ledger.simulate('probe:put', ['b', '1'], { identity: caseworker });
    await ledger.submit('probe:increment', ['a'], { identity: caseworker });
    await ledger.submit('probe:put', ['c', '1'], { identity: caseworker });
    loser.commit();
    expect(ledger.events().map((e) => [e.blockNumber, e.eventName, e.payload.toString()])).toEqual([
      [0, 'Put', '{"key":"a","value":"1"}'],
      [2, 'Put', '{"key":"c","value":"1"}'],
      [3, 'Put', '{"key":"b","value":"1"}'],
    ]);
    expect(ledger.events(3)).toHaveLength(1);
  });

  it('derives deterministic, unique transaction ids and uses the controllable clock', async () => {
    const other = new SimulatedLedger({ chaincode: createContractChaincode({ contracts: [ProbeContract] }) });
    const ids = [
      (await ledger.submit('probe:put', ['a', '1'], { identity: caseworker })).txId,
      (await ledger.submit('probe:put', ['a', '1'], { identity: caseworker })).txId,
    ];
    expect(new Set(ids).size).toBe(2);
    expect((await other.submit('probe:put', ['a', '1'], { identity: caseworker })).txId).toBe(ids[0]);

    ledger.setTime(new Date('2030-05-06T07:08:09.010Z'));
    await ledger.submit('probe:put', ['t', '1'], { identity: caseworker });
    await ledger.submit('probe:put', ['t', '2'], { identity: caseworker, timestamp: new Date('2031-01-01T00:00:00Z') });
    const history = ledger.store.getHistory('t').map((h) => h.timestamp);
    expect(history).toEqual([toLedgerTimestamp(new Date('2030-05-06T07:08:09.010Z')), { seconds: 1924992000, nanos: 0 }]);
    expect(history[0]).toEqual({ seconds: 1904281689, nanos: 10_000_000 });

    const clocked = new SimulatedLedger({
      chaincode: createContractChaincode({ contracts: [ProbeContract] }),
      store: new MemoryLedgerStore(),
      channelId: 'asylum',
      peerMspId: 'BamfMSP',
      clock: () => new Date(5_000),
    });
    const result = await clocked.submit('probe:storeSecret', ['x'], { identity: caseworker });
    expect(result.response.payload.toString()).toBe('BamfMSP@5');
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
    const ledger = new SimulatedLedger({ chaincode, channelId: 'asylum' });
    const identity = { mspId: 'Org1MSP', certificatePem: (await new DevCertificateAuthority().createDevIdentity({ mspId: 'Org1MSP', role: 'R', enrollmentId: 'u' })).certificatePem };
    const echo = await ledger.evaluate('plain:echo', ['hi'], { identity });
    expect(echo.payload.toString()).toBe('hi@asylum');
    const metadata = JSON.parse((await ledger.evaluate('org.hyperledger.fabric:GetMetadata', [], { identity })).payload.toString());
    expect(metadata.info).toEqual({ title: 'plain-cc', version: '2.0.0' });
  });

  it('rejects a package without main, with bootstrap’s message', async () => {
    const empty = join(folder, 'empty');
    mkdirSync(empty);
    writeFileSync(join(empty, 'package.json'), JSON.stringify({ name: 'x' }));
    await expect(loadContractChaincode(empty)).rejects.toThrow("package.json does not contain a 'main' entry");
  });
});
