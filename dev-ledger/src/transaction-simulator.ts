import type { ChaincodeStub } from 'fabric-shim-api';
import type { ChaincodeInvoker } from './chaincode-dispatch';
import type { LedgerStore, LedgerTimestamp } from './ledger-store';
import type { ReadWriteSet } from './read-write-set';
import { SimulatedStub, type ChaincodeEventRecord, type CreatorIdentity } from './simulated-stub';

/** One transaction proposal to simulate. */
export interface TransactionProposal {
  /** Transaction id. */
  readonly txId: string;
  /** Function name, `contract:function` or a bare function of the default contract. */
  readonly fn: string;
  /** Arguments after the function name; strings are UTF-8 encoded. */
  readonly args: readonly (string | Uint8Array)[];
  /** The submitter. */
  readonly creator: CreatorIdentity;
  /** Transient data, never written to the ledger. */
  readonly transient?: ReadonlyMap<string, Uint8Array>;
  /** The proposal timestamp. */
  readonly timestamp: LedgerTimestamp;
  /** The endorsing peer's clock when it simulates; the proposal timestamp when omitted. */
  readonly endorserTime?: Date;
}

/** The chaincode response, normalized: message `''` and an empty payload when absent. */
export interface ChaincodeResponse {
  /** 200 on success, 500 (or the chaincode's own code) on error. */
  readonly status: number;
  /** Error message; `''` on success. */
  readonly message: string;
  /** Serialized return value; empty on error. */
  readonly payload: Buffer;
}

/** What simulating one proposal produced; nothing of it is committed. */
export interface SimulationResult {
  /** Transaction id. */
  readonly txId: string;
  /** Proposal timestamp. */
  readonly timestamp: LedgerTimestamp;
  /** The chaincode's response. */
  readonly response: ChaincodeResponse;
  /** Reads and pending writes. */
  readonly readWriteSet: ReadWriteSet;
  /** The transaction's event (the last `setEvent`), if any. */
  readonly event?: ChaincodeEventRecord;
}

/** Options of {@link TransactionSimulator}. */
export interface TransactionSimulatorOptions {
  /** Committed state to simulate against. */
  readonly store: LedgerStore;
  /** The chaincode, e.g. from {@link createContractChaincode}. */
  readonly chaincode: ChaincodeInvoker;
  /** Channel name the stub reports. */
  readonly channelId: string;
  /** The endorsing peer's MSP id for `getMspID()`; unset makes it throw as on a misconfigured peer. */
  readonly peerMspId?: string;
}

/** Runs proposals through the chaincode's real dispatch on a {@link SimulatedStub}, as an endorser does. */
export class TransactionSimulator {
  readonly #options: Readonly<TransactionSimulatorOptions>;

  /**
   * Creates the simulator.
   *
   * @param options - Store, chaincode, channel and peer MSP id.
   */
  constructor(options: Readonly<TransactionSimulatorOptions>) {
    this.#options = options;
  }

  /**
   * Simulates one proposal: builds the stub, calls `Invoke`, and collects the read-write set and
   * the event. A chaincode that throws past fabric-shim's own handling yields status 500.
   *
   * @param proposal - Function, arguments, creator, transient data, id and timestamp.
   * @returns The response, read-write set and event.
   */
  async simulate(proposal: Readonly<TransactionProposal>): Promise<SimulationResult> {
    const stub = new SimulatedStub({
      store: this.#options.store,
      channelId: this.#options.channelId,
      txId: proposal.txId,
      args: [proposal.fn, ...proposal.args].map((arg) => Buffer.from(arg)),
      creator: proposal.creator,
      timestamp: proposal.timestamp,
      ...(proposal.endorserTime ? { endorserTime: proposal.endorserTime } : {}),
      ...(proposal.transient ? { transient: proposal.transient } : {}),
      ...(this.#options.peerMspId === undefined ? {} : { peerMspId: this.#options.peerMspId }),
    });
    const response = await this.#invoke(stub);
    const event = stub.event();
    return {
      txId: proposal.txId,
      timestamp: proposal.timestamp,
      response,
      readWriteSet: stub.readWriteSet(),
      ...(event ? { event } : {}),
    };
  }

  async #invoke(stub: SimulatedStub): Promise<ChaincodeResponse> {
    try {
      // The one boundary where the simulated stub stands in for fabric-shim's ChaincodeStub: it
      // implements the subset contracts use (see SimulatedStub) and throws for the rest.
      const raw = await this.#options.chaincode.Invoke(stub as unknown as ChaincodeStub);
      return {
        status: raw.status,
        message: raw.message ?? '',
        payload: Buffer.from(raw.payload ?? []),
      };
    } catch (error) {
      return { status: 500, message: error instanceof Error ? error.message : String(error), payload: Buffer.alloc(0) };
    }
  }
}
