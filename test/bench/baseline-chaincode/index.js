'use strict';
// The benchmark's yardstick: one blind write of one key and one event per transaction, with the
// same one-JSON-argument calling convention as the case status chaincode. It resolves
// fabric-contract-api from the repository's node_modules (installed for the chaincode workspace).
const { Contract } = require('fabric-contract-api');

class BaselineContract extends Contract {
  constructor() {
    super('baseline');
  }

  async put(ctx, inputJson) {
    const input = JSON.parse(inputJson);
    if (typeof input.key !== 'string' || input.key.length === 0 || input.key.length > 128) {
      throw new Error('VALIDATION_FAILED: key must be a non-empty string of at most 128 characters');
    }
    const value = Buffer.from(JSON.stringify({ value: input.value ?? null, txId: ctx.stub.getTxID() }));
    await ctx.stub.putState(input.key, value);
    ctx.stub.setEvent('BaselinePut', Buffer.from(JSON.stringify({ key: input.key, txId: ctx.stub.getTxID() })));
    return JSON.stringify({ key: input.key, txId: ctx.stub.getTxID() });
  }

  async get(ctx, inputJson) {
    const input = JSON.parse(inputJson);
    const value = await ctx.stub.getState(String(input.key));
    return value.length > 0 ? value.toString('utf8') : '';
  }
}

module.exports.BaselineContract = BaselineContract;
module.exports.contracts = [BaselineContract];
