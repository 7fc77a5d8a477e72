import { compareKeys, isKeyInRange } from '../key-order';
import type { BlockWrites, CommittedEvent, HistoryEntry, LedgerStore, PrivateHistoryEntry, PrivateValue, PrivateWrite, PublicWrite, StoredEntry, TransactionWrites, Version, VersionedValue } from '../ledger-store';
import { SimulatorError } from '../simulator-errors';
import { createHash } from 'node:crypto';

/** An in-memory {@link LedgerStore}: the unit tests' ledger, lost when the process ends. */
export class MemoryLedgerStore implements LedgerStore {
  #height = 0;
  readonly #state = new Map<string, VersionedValue>();
  /** Public keys in UTF-8 byte order, for range scans. */
  readonly #sortedKeys: string[] = [];
  readonly #history = new Map<string, HistoryEntry[]>();
  readonly #validationParameters = new Map<string, Uint8Array>();
  readonly #privateState = new Map<string, PrivateValue>();
  readonly #privateHistory = new Map<string, PrivateHistoryEntry[]>();
  readonly #events: CommittedEvent[] = [];

  /** {@inheritDoc LedgerStore.blockHeight} */
  blockHeight(): number {
    return this.#height;
  }

  /** {@inheritDoc LedgerStore.getState} */
  getState(key: string): VersionedValue | undefined {
    return this.#state.get(key);
  }

  /** {@inheritDoc LedgerStore.getStateRange} */
  getStateRange(startKey: string, endKey: string, limit?: number): StoredEntry[] {
    const result: StoredEntry[] = [];
    for (let i = this.#lowerBound(startKey); i < this.#sortedKeys.length; i++) {
      const key = this.#sortedKeys[i] as string;
      if (!isKeyInRange(key, startKey, endKey) || (limit !== undefined && result.length >= limit)) {
        break;
      }
      const stored = this.#state.get(key) as VersionedValue;
      result.push({ key, value: stored.value, version: stored.version });
    }
    return result;
  }

  /** {@inheritDoc LedgerStore.getHistory} */
  getHistory(key: string): HistoryEntry[] {
    return [...(this.#history.get(key) ?? [])];
  }

  /** {@inheritDoc LedgerStore.getValidationParameter} */
  getValidationParameter(key: string): Uint8Array | undefined {
    return this.#validationParameters.get(key);
  }

  /** {@inheritDoc LedgerStore.getPrivateData} */
  getPrivateData(collection: string, key: string): PrivateValue | undefined {
    return this.#privateState.get(privateId(collection, key));
  }

  /** {@inheritDoc LedgerStore.getPrivateHistory} */
  getPrivateHistory(collection: string, key: string): PrivateHistoryEntry[] {
    return [...(this.#privateHistory.get(privateId(collection, key)) ?? [])];
  }

  /** {@inheritDoc LedgerStore.getEvents} */
  getEvents(fromBlock: number): CommittedEvent[] {
    return this.#events.filter((event) => event.blockNumber >= fromBlock);
  }

  /** {@inheritDoc LedgerStore.applyBlock} */
  applyBlock(block: BlockWrites): void {
    if (block.blockNumber !== this.#height) {
      throw new SimulatorError({
        code: 'BLOCK_OUT_OF_ORDER',
        message: `block ${block.blockNumber} cannot follow height ${this.#height}`,
      });
    }
    for (const tx of block.transactions) {
      const version: Version = { blockNum: block.blockNumber, txNum: tx.txNum };
      for (const write of tx.publicWrites) {
        this.#applyPublic(tx, write, version);
      }
      for (const write of tx.privateWrites) {
        this.#applyPrivate(tx, write, version);
      }
      for (const write of tx.validationParameterWrites) {
        this.#applyValidationParameter(write.key, write.parameter, version);
      }
    }
    this.#events.push(...block.events);
    this.#height += 1;
  }

  #applyPublic(tx: TransactionWrites, write: PublicWrite, version: Version): void {
    const value = write.isDelete ? new Uint8Array(0) : write.value;
    const history = this.#history.get(write.key) ?? [];
    history.push({ txId: tx.txId, timestamp: tx.timestamp, isDelete: write.isDelete, value, version });
    this.#history.set(write.key, history);
    if (write.isDelete) {
      this.#removeKey(write.key);
      // Fabric keeps state metadata with the value, so a delete drops the key-level policy too.
      this.#validationParameters.delete(write.key);
      return;
    }
    if (!this.#state.has(write.key)) {
      this.#sortedKeys.splice(this.#lowerBound(write.key), 0, write.key);
    }
    this.#state.set(write.key, { value, version });
  }

  #applyPrivate(tx: TransactionWrites, write: PrivateWrite, version: Version): void {
    const id = privateId(write.collection, write.key);
    if (write.kind === 'purge') {
      this.#privateState.delete(id);
      this.#privateHistory.delete(id);
      return;
    }
    const value = write.kind === 'put' ? write.value : new Uint8Array(0);
    const history = this.#privateHistory.get(id) ?? [];
    history.push({ txId: tx.txId, isDelete: write.kind === 'delete', value, version });
    this.#privateHistory.set(id, history);
    if (write.kind === 'delete') {
      this.#privateState.delete(id);
    } else {
      this.#privateState.set(id, { value, hash: sha256(value), version });
    }
  }

  #applyValidationParameter(key: string, parameter: Uint8Array, version: Version): void {
    if (parameter.length === 0) {
      this.#validationParameters.delete(key);
    } else {
      this.#validationParameters.set(key, parameter);
    }
    // A metadata write changes the key's version on Fabric, so readers of the key conflict.
    const stored = this.#state.get(key);
    if (stored) {
      this.#state.set(key, { value: stored.value, version });
    }
  }

  #removeKey(key: string): void {
    if (this.#state.delete(key)) {
      this.#sortedKeys.splice(this.#lowerBound(key), 1);
    }
  }

  /** Index of the first sorted key that is not below `key`. */
  #lowerBound(key: string): number {
    let low = 0;
    let high = this.#sortedKeys.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (compareKeys(this.#sortedKeys[mid] as string, key) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }
}

function privateId(collection: string, key: string): string {
  return `${collection}\u0000${key}`;
}

function sha256(value: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(value).digest());
}
