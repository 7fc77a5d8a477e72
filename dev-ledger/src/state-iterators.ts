import type { LedgerTimestamp } from './ledger-store';

/** One result of a state query, as fabric-shim yields it: `{key, value}` with a Buffer value. */
export interface StateQueryResult {
  /** The state key. */
  readonly key: string;
  /** The committed value. */
  readonly value: Buffer;
}

/** One result of a history query, as fabric-shim yields it. */
export interface KeyModificationResult {
  /** Id of the transaction that made the change. */
  readonly txId: string;
  /** The value written (empty for a delete). */
  readonly value: Buffer;
  /** True when the change deleted the key. */
  readonly isDelete: boolean;
  /**
   * The transaction timestamp. Like the real shim (protobuf `toObject()`), `seconds` is a plain
   * number here, although fabric-shim-api types it as a Long; `Number(seconds)` reads both.
   */
  readonly timestamp: LedgerTimestamp;
}

/** What `next()` resolves to: a value, or `{done: true}` at the end, as in fabric-shim. */
export type QueryIteratorResult<T> = { readonly value: T; readonly done: false } | { readonly value?: undefined; readonly done: true };

/** Pagination metadata of a paged query, as fabric-shim returns it. */
export interface QueryPageMetadata {
  /** Number of records in this page. */
  readonly fetchedRecordsCount: number;
  /** Key the next page starts at, or `''` when there is no next page. */
  readonly bookmark: string;
}

/** A paged query's result: the iterator over the page and its metadata. */
export interface QueryPage<T> {
  /** Iterator over this page's records. */
  readonly iterator: SimulatedQueryIterator<T>;
  /**
   * Count and bookmark of the page; absent for an empty last page, as on Fabric (the shim's
   * typings say it is always there; it is not).
   */
  readonly metadata: QueryPageMetadata | undefined;
}

/**
 * A promise of an iterator (or of a page holding one) that is also async-iterable, the shape
 * fabric-shim's query methods return so that both `await` + `next()` and `for await` work.
 */
export type IterablePromise<R, T> = Promise<R> & AsyncIterable<T>;

/**
 * An iterator over results already fetched from the store, with fabric-shim's promise API:
 * `next()` and `close()`.
 */
export class SimulatedQueryIterator<T> {
  readonly #results: readonly T[];
  #position = 0;
  #closed = false;

  /**
   * Creates the iterator.
   *
   * @param results - The results, in the order to yield them.
   */
  constructor(results: readonly T[]) {
    this.#results = results;
  }

  /**
   * Yields the next result.
   *
   * @returns The next value, or `{done: true}` when all were read or the iterator is closed.
   */
  async next(): Promise<QueryIteratorResult<T>> {
    if (this.#closed || this.#position >= this.#results.length) {
      return { done: true };
    }
    const value = this.#results[this.#position] as T;
    this.#position += 1;
    return { value, done: false };
  }

  /** Closes the iterator; later `next()` calls report done. */
  async close(): Promise<void> {
    this.#closed = true;
  }
}

/**
 * Makes a promise of an iterator, or of a page holding one, async-iterable the way fabric-shim's
 * `convertToAsyncIterator` does: the loop closes the iterator when it ends or is left early.
 *
 * @param promise - Resolves to the iterator or to a page with an `iterator` property.
 * @returns The same promise, now also an `AsyncIterable` of the results.
 */
export function toIterablePromise<T, R extends SimulatedQueryIterator<T> | QueryPage<T>>(
  promise: Promise<R>,
): IterablePromise<R, T> {
  const iterable = promise as IterablePromise<R, T>;
  iterable[Symbol.asyncIterator] = (): AsyncIterator<T> => {
    let iterator: SimulatedQueryIterator<T> | undefined;
    const resolve = async (): Promise<SimulatedQueryIterator<T>> => {
      if (!iterator) {
        const resolved = await promise;
        iterator = resolved instanceof SimulatedQueryIterator ? resolved : resolved.iterator;
      }
      return iterator;
    };
    return {
      next: async (): Promise<IteratorResult<T>> => {
        const current = await resolve();
        const result = await current.next();
        if (result.done) {
          await current.close();
          return { done: true, value: undefined };
        }
        return { done: false, value: result.value };
      },
      return: async (): Promise<IteratorResult<T>> => {
        await (await resolve()).close();
        return { done: true, value: undefined };
      },
    };
  };
  return iterable;
}
