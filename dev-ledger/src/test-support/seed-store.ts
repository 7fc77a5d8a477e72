import type { LedgerStore, LedgerTimestamp, PrivateWrite, PublicWrite, ValidationParameterWrite } from '../ledger-store';

/** Writes of one seeded transaction. */
export interface SeedWrites {
  readonly put?: Readonly<Record<string, string>>;
  readonly del?: readonly string[];
  readonly privateWrites?: readonly PrivateWrite[];
  readonly validationParameters?: readonly ValidationParameterWrite[];
  readonly txId?: string;
  readonly timestamp?: LedgerTimestamp;
}

/**
 * Commits one block with one transaction straight into a store (test set-up only).
 *
 * @param store - The store.
 * @param writes - Values to put (UTF-8), keys to delete, private and metadata writes.
 * @returns The block number used.
 */
export function seedBlock(store: LedgerStore, writes: Readonly<SeedWrites>): number {
  const blockNumber = store.blockHeight();
  const publicWrites: PublicWrite[] = [
    ...Object.entries(writes.put ?? {}).map(([key, value]): PublicWrite => ({ key, isDelete: false, value: Buffer.from(value) })),
    ...(writes.del ?? []).map((key): PublicWrite => ({ key, isDelete: true })),
  ];
  store.applyBlock({
    blockNumber,
    transactions: [
      {
        txId: writes.txId ?? `seed-${blockNumber}`,
        txNum: 0,
        timestamp: writes.timestamp ?? { seconds: 1_700_000_000 + blockNumber, nanos: 0 },
        publicWrites,
        privateWrites: writes.privateWrites ?? [],
        validationParameterWrites: writes.validationParameters ?? [],
      },
    ],
    events: [],
  });
  return blockNumber;
}

/** Decodes bytes as UTF-8 (test readability). */
export function text(bytes: Uint8Array | undefined): string | undefined {
  return bytes === undefined ? undefined : Buffer.from(bytes).toString('utf8');
}

/**
 * Runs a function that should throw and returns what it threw (for shape assertions).
 *
 * @param run - The function.
 * @returns The thrown value.
 * @throws Error when the function returned normally.
 */
export function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the function to throw');
}
