/**
 * The case contract: one submit transaction per row of the transition table, and the read-only
 * queries. Every transaction takes one JSON argument and returns canonical JSON. Only the
 * transactions of the table and the decorated queries are callable.
 */
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { refuseUnknownTransaction, withCodedErrors } from './coded-errors';
import {
  queryCase,
  queryCaseList,
  queryEndorsementPolicy,
  queryPrivateWriteEndorsers,
  queryHistory,
  queryPrivateFields,
  queryRequest,
} from './run-queries';
import { defineTransitionTransactions } from './transition-transactions';

/** Name of the case contract (the chaincode's default contract). */
export const CASE_CONTRACT_NAME = 'case';

@Info({ title: 'CaseContract', description: 'Pseudonymous asylum case status and its process model' })
export class CaseContract extends Contract {
  // The transitions come first, so the contract metadata lists them before the queries, in table
  // order: this block runs while the class is defined, before the compiler's member decorators.
  static {
    defineTransitionTransactions(this.prototype);
  }

  constructor() {
    super(CASE_CONTRACT_NAME);
  }

  /** Refuses a function name that is not a transaction of this contract. */
  override async unknownTransaction(): Promise<void> {
    refuseUnknownTransaction();
  }

  /** The current public record of a case. */
  @Transaction(false)
  @Returns('string')
  async getCase(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => queryCase(ctx, input));
  }

  /** One page of cases by state or by responsible org. */
  @Transaction(false)
  @Returns('string')
  async listCases(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => queryCaseList(ctx, input));
  }

  /** Every change of a case, with correction links (auditors and participants). */
  @Transaction(false)
  @Returns('string')
  async getHistory(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => queryHistory(ctx, input));
  }

  /** The private fields of a case (members of the Land's collection). */
  @Transaction(false)
  @Returns('string')
  async getPrivateFields(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => queryPrivateFields(ctx, input));
  }

  /** The orgs whose peers should endorse the submitter's next write with private fields of a case. */
  @Transaction(false)
  @Returns('string')
  async getPrivateWriteEndorsers(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => queryPrivateWriteEndorsers(ctx, input));
  }

  /** The key-level endorsement policy of a case. */
  @Transaction(false)
  @Returns('string')
  async getEndorsementPolicy(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => queryEndorsementPolicy(ctx, input));
  }

  /** The transaction that used a request id on a case, or null (gateways confirm duplicates with it). */
  @Transaction(false)
  @Returns('string')
  async getRequest(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => queryRequest(ctx, input));
  }
}
