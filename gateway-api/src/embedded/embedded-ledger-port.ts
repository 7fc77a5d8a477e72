/**
 * One authority's view of the shared embedded ledger: the {@link LedgerPort} its gateway uses.
 */
import type {
  BlockProvenance,
  EvaluateRequest,
  EventCheckpoint,
  EventStream,
  LedgerPort,
  LedgerReadiness,
  SubmitRequest,
  SubmitResult,
  TransactionProvenance,
} from '../ports/ledger-port';
import type { EmbeddedLedger } from './embedded-ledger';

/** The {@link LedgerPort} of one org on an {@link EmbeddedLedger}. */
export class EmbeddedLedgerPort implements LedgerPort {
  readonly mode = 'embedded' as const;
  readonly #ledger: EmbeddedLedger;
  readonly #mspId: string;
  readonly #streams = new Set<EventStream>();

  /**
   * Binds an org to the shared ledger; use `EmbeddedLedger.forOrg`.
   *
   * @param ledger - The shared ledger.
   * @param mspId - The org whose identities sign.
   */
  constructor(ledger: EmbeddedLedger, mspId: string) {
    this.#ledger = ledger;
    this.#mspId = mspId;
  }

  /** {@inheritDoc LedgerPort.submit} `endorsingOrgs` is ignored: the only endorser is this org. */
  submit(request: SubmitRequest): Promise<SubmitResult> {
    return this.#ledger.submit(this.#mspId, request);
  }

  /** {@inheritDoc LedgerPort.evaluate} */
  evaluate(request: EvaluateRequest): Promise<Uint8Array> {
    return this.#ledger.evaluate(this.#mspId, request);
  }

  /** {@inheritDoc LedgerPort.events} */
  events(from?: EventCheckpoint): EventStream {
    const stream = this.#ledger.events(from, (closed) => this.#streams.delete(closed));
    this.#streams.add(stream);
    return stream;
  }

  /** {@inheritDoc LedgerPort.transaction} */
  transaction(txId: string): Promise<TransactionProvenance> {
    return this.#ledger.transaction(txId);
  }

  /** {@inheritDoc LedgerPort.block} */
  block(blockNumber: bigint): Promise<BlockProvenance> {
    return this.#ledger.block(blockNumber);
  }

  /** {@inheritDoc LedgerPort.blockHeight} */
  blockHeight(): Promise<bigint> {
    return this.#ledger.blockHeight();
  }

  /** {@inheritDoc LedgerPort.ready} */
  ready(): Promise<LedgerReadiness> {
    return this.#ledger.ready();
  }

  /** Ends this view's event streams; the shared ledger stays open (its owner closes it). */
  async close(): Promise<void> {
    [...this.#streams].forEach((stream) => {
      stream.close();
    });
  }
}
