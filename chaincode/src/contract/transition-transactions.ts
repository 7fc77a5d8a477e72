/**
 * The case contract's write transactions, one per row of the transition table. Each is defined on
 * the contract's prototype as the TypeScript compiler would define a hand-written
 *
 *     @Transaction() @Returns('string') async <type>(ctx: Context, input: string): Promise<string>
 *
 * with the same design metadata and decorators applied in the same order, so fabric-contract-api
 * lists it in the contract metadata (one `string` parameter named `input`) and fabric-shim
 * dispatches to it like any decorated method.
 */
import 'reflect-metadata';
import { Context, Returns, Transaction } from 'fabric-contract-api';
import { TRANSITION_TYPES, type TransitionType } from '@asylum-ledger/domain';
import { withCodedErrors } from './coded-errors';
import { runTransition } from './run-transition';

/** A case transaction as fabric-shim calls it: the context and the one JSON argument. */
export type TransitionTransaction = (ctx: Context, input: string) => Promise<string>;

/**
 * The transaction method of one transition. fabric-contract-api reads the parameter names from
 * the function's source, so they stay `ctx` and `input`.
 */
function newTransitionTransaction(type: TransitionType): TransitionTransaction {
  const transaction = async function (ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, type, input));
  };
  // named as a method of that name would be, for stack traces and logs
  return Object.defineProperty(transaction, 'name', { value: type });
}

/** Defines one method the way a class body does: not enumerable, writable, configurable. */
function defineMethod(prototype: object, name: string, method: TransitionTransaction): void {
  if (name in prototype) throw new Error(`the contract already has a member ${name}: a transition cannot replace it`);
  Object.defineProperty(prototype, name, { value: method, writable: true, enumerable: false, configurable: true });
}

/**
 * Defines a submit transaction on a contract's prototype for every transition of the table, in
 * table order, each running its own transition.
 * @param prototype - The prototype of a fabric-contract-api `Contract` subclass.
 * @throws {Error} when the prototype already has a member of a transition's name.
 */
export function defineTransitionTransactions(prototype: object): void {
  for (const type of TRANSITION_TYPES) {
    defineMethod(prototype, type, newTransitionTransaction(type));
    // what `emitDecoratorMetadata` records for `(ctx: Context, input: string): Promise<string>`
    Reflect.defineMetadata('design:type', Function, prototype, type);
    Reflect.defineMetadata('design:paramtypes', [Context, String], prototype, type);
    Reflect.defineMetadata('design:returntype', Promise, prototype, type);
    // decorators apply from the method outwards: @Returns first, then @Transaction
    Returns('string')(prototype, type);
    Transaction()(prototype, type);
  }
}
