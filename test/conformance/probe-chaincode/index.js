'use strict';
// The stub conformance probe: each transaction reports, as JSON, exactly what the chaincode
// observes of one stub behaviour, so the same question can be put to Fabric's shim on a peer and
// to the dev ledger's simulated stub (test/conformance/stub-conformance.test.ts). It stores only
// probe keys under its own namespace; it is deployed on demand, never by `network:up`.
const { Contract } = require('fabric-contract-api');

const ITEM = 'probe~item';

function parse(inputJson) {
  const input = JSON.parse(inputJson);
  if (typeof input !== 'object' || input === null) throw new Error('input must be a JSON object');
  return input;
}

async function drain(iterator) {
  const entries = [];
  try {
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) entries.push(next.value);
  } finally {
    await iterator.close();
  }
  return entries;
}

class ProbeContract extends Contract {
  constructor() {
    super('probe');
  }

  /** Writes `count` items under a prefix: composite keys probe~item/<prefix>/<000i>. */
  async seed(ctx, inputJson) {
    const { prefix, count } = parse(inputJson);
    for (let i = 0; i < count; i += 1) {
      await ctx.stub.putState(ctx.stub.createCompositeKey(ITEM, [prefix, String(i).padStart(4, '0')]), Buffer.from(`v${i}`));
    }
    return JSON.stringify({ seeded: count });
  }

  /** One page of the items under a prefix, and the metadata exactly as the stub returned it. */
  async page(ctx, inputJson) {
    const { prefix, pageSize, bookmark } = parse(inputJson);
    const { iterator, metadata } = await ctx.stub.getStateByPartialCompositeKeyWithPagination(ITEM, [prefix], pageSize, bookmark);
    const entries = await drain(iterator);
    return JSON.stringify({
      keys: entries.map((entry) => ctx.stub.splitCompositeKey(entry.key).attributes),
      metadata: metadata === undefined ? null : { bookmark: metadata.bookmark, fetchedRecordsCount: metadata.fetchedRecordsCount },
    });
  }

  /** What the first next() of an unpaginated range query over no keys looks like. */
  async emptyRange(ctx, inputJson) {
    const { prefix } = parse(inputJson);
    const iterator = await ctx.stub.getStateByPartialCompositeKey(ITEM, [prefix]);
    try {
      const first = await iterator.next();
      return JSON.stringify({ done: first.done === true, hasValue: first.value !== undefined && first.value !== null });
    } finally {
      await iterator.close();
    }
  }

  /** Deletes a key. */
  async remove(ctx, inputJson) {
    const { key } = parse(inputJson);
    await ctx.stub.deleteState(key);
    return JSON.stringify({ deleted: key });
  }

  /** Puts a plain key. */
  async put(ctx, inputJson) {
    const { key, value } = parse(inputJson);
    await ctx.stub.putState(key, Buffer.from(String(value)));
    return JSON.stringify({ put: key });
  }

  /** The history of a key: per entry whether it is a delete, its value's length and whether it has a txId and timestamp. */
  async history(ctx, inputJson) {
    const { key } = parse(inputJson);
    const entries = await drain(await ctx.stub.getHistoryForKey(key));
    return JSON.stringify(
      entries.map((entry) => ({
        isDelete: entry.isDelete === true,
        valueLength: entry.value ? entry.value.length : 0,
        hasTxId: typeof entry.txId === 'string' && entry.txId.length === 64,
        hasTimestamp: entry.timestamp !== undefined && entry.timestamp !== null,
      })),
    );
  }

  /** Reads a plain key: its length (0 when absent). */
  async read(ctx, inputJson) {
    const { key } = parse(inputJson);
    const value = await ctx.stub.getState(key);
    return JSON.stringify({ length: value.length });
  }

  /** Reads a private key of a collection: its length and its hash's length (0 when absent). */
  async readPrivate(ctx, inputJson) {
    const { collection, key } = parse(inputJson);
    const value = await ctx.stub.getPrivateData(collection, key);
    const hash = await ctx.stub.getPrivateDataHash(collection, key);
    return JSON.stringify({ length: value.length, hashLength: hash.length });
  }

  /** Writes a private key of a collection from transient data `value`. */
  async putPrivate(ctx, inputJson) {
    const { collection, key } = parse(inputJson);
    const value = ctx.stub.getTransient().get('value');
    if (!value) throw new Error('transient value missing');
    await ctx.stub.putPrivateData(collection, key, value);
    return JSON.stringify({ put: key });
  }
}

module.exports.ProbeContract = ProbeContract;
module.exports.contracts = [ProbeContract];
