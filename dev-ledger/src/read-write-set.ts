import { compareKeys } from './key-order';
import type { PrivateWrite, PublicWrite, ValidationParameterWrite, Version } from './ledger-store';

/** A key the transaction read, with the committed version it saw (undefined: key absent). */
export interface KeyRead {
  /** The state key. */
  readonly key: string;
  /** Version seen at simulation, or undefined when the key did not exist. */
  readonly version: Version | undefined;
}

/** A private key the transaction read (value or hash), with the version it saw. */
export interface PrivateKeyRead extends KeyRead {
  /** The private data collection. */
  readonly collection: string;
}

/**
 * A range query the transaction ran, kept for the phantom-read check at commit, like Fabric's
 * `RangeQueryInfo` with raw reads.
 */
export interface RangeQueryRead {
  /** Inclusive start key actually scanned. */
  readonly startKey: string;
  /** Exclusive end key (`''` = unbounded); ignored when the scan was not exhausted. */
  readonly endKey: string;
  /** False when the scan stopped early (a page); the range then ends at the last key read, inclusive. */
  readonly itrExhausted: boolean;
  /** The keys and versions the scan returned, in key order. */
  readonly reads: readonly KeyRead[];
}

/** Everything a simulated transaction read and wants to write. Nothing of it is committed yet. */
export interface ReadWriteSet {
  /** Single-key public reads, in first-read order. */
  readonly reads: readonly KeyRead[];
  /** Range and partial-composite-key queries, in execution order. */
  readonly rangeQueries: readonly RangeQueryRead[];
  /** Private reads (of values or hashes), in first-read order. */
  readonly privateReads: readonly PrivateKeyRead[];
  /** Public writes, the last per key, sorted by key as Fabric's write set is. */
  readonly writes: readonly PublicWrite[];
  /** Private writes, the last per collection and key, sorted by collection then key. */
  readonly privateWrites: readonly PrivateWrite[];
  /** Key-level validation parameter writes, the last per key, sorted by key. */
  readonly validationParameterWrites: readonly ValidationParameterWrite[];
}

/** Collects one transaction's reads and writes as the stub runs; writes stay pending. */
export class ReadWriteSetBuilder {
  readonly #reads = new Map<string, KeyRead>();
  readonly #rangeQueries: RangeQueryRead[] = [];
  readonly #privateReads = new Map<string, PrivateKeyRead>();
  readonly #writes = new Map<string, PublicWrite>();
  readonly #privateWrites = new Map<string, PrivateWrite>();
  readonly #validationParameterWrites = new Map<string, ValidationParameterWrite>();

  /**
   * Records a public read; only the first read of a key counts, as the peer holds the state
   * still during a simulation.
   *
   * @param key - The key read.
   * @param version - Its committed version, or undefined when absent.
   */
  addRead(key: string, version: Version | undefined): void {
    if (!this.#reads.has(key)) {
      this.#reads.set(key, { key, version });
    }
  }

  /**
   * Records a range query for the phantom-read check.
   *
   * @param query - Range bounds, exhaustion and the reads it returned.
   */
  addRangeQuery(query: RangeQueryRead): void {
    this.#rangeQueries.push(query);
  }

  /**
   * Records a private read.
   *
   * @param collection - The collection.
   * @param key - The key read.
   * @param version - Its committed version, or undefined when absent.
   */
  addPrivateRead(collection: string, key: string, version: Version | undefined): void {
    const id = `${collection}\u0000${key}`;
    if (!this.#privateReads.has(id)) {
      this.#privateReads.set(id, { collection, key, version });
    }
  }

  /**
   * Records a public write (the last write of a key wins).
   *
   * @param write - The value or delete.
   */
  addWrite(write: PublicWrite): void {
    this.#writes.set(write.key, write);
  }

  /**
   * Records a private write (the last write of a collection and key wins).
   *
   * @param write - The value, delete or purge.
   */
  addPrivateWrite(write: PrivateWrite): void {
    this.#privateWrites.set(`${write.collection}\u0000${write.key}`, write);
  }

  /**
   * Records a key-level validation parameter write.
   *
   * @param write - Key and policy bytes.
   */
  addValidationParameterWrite(write: ValidationParameterWrite): void {
    this.#validationParameterWrites.set(write.key, write);
  }

  /**
   * Freezes what was collected.
   *
   * @returns The read-write set; later calls on the builder do not change it.
   */
  build(): ReadWriteSet {
    const byKey = (a: { key: string }, b: { key: string }): number => compareKeys(a.key, b.key);
    return {
      reads: [...this.#reads.values()],
      rangeQueries: [...this.#rangeQueries],
      privateReads: [...this.#privateReads.values()],
      writes: [...this.#writes.values()].sort(byKey),
      privateWrites: [...this.#privateWrites.values()].sort(
        (a, b) => compareKeys(a.collection, b.collection) || compareKeys(a.key, b.key),
      ),
      validationParameterWrites: [...this.#validationParameterWrites.values()].sort(byKey),
    };
  }
}
