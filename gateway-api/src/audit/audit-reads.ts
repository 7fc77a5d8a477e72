/**
 * The auditors' reads of the ledger itself (issue 19): provenance of one transaction. Only the
 * AUDITOR role may use them; every use goes to the local audit log.
 */
import { AuthorityDirectory, CASE_EVENT_NAME, CaseEvent, LedgerError, type LedgerEvent, type LedgerPort } from '@asylum-ledger/domain';
import { EXPORT_FORMAT, signExport, type CaseExport, type ExportSigner, type TransactionEvidence } from './case-export';
import { submitterEndorses, verifyChain, type ChainReport, type EndorsementRule, type PeerBlockReader } from './chain-verification';
import type { Principal } from '../auth/principal';
import { auditedRead } from '../services/audited-read';
import type { AuditLog } from '../ports/gateway-store';

/** What an auditor learns of one transaction. */
export interface TransactionAudit {
  readonly txId: string;
  readonly blockNumber: bigint;
  /** The block's time: the timestamp of its first transaction (a Fabric block header has no time of its own). */
  readonly blockTimestamp: string;
  readonly validationCode: string;
  readonly creatorMspId: string;
  readonly creatorRole: string | null;
  readonly endorsingOrgs: readonly string[];
  /** The transaction's own timestamp (its header's, set by the submitting gateway). */
  readonly timestamp: string;
  /** The case and transition, from the transaction's CaseEvent; null for a transaction without one (directory, invalid). */
  readonly caseRef: string | null;
  readonly transition: string | null;
  readonly seq: number | null;
}

/** How long to wait for the next event of the transaction's block before concluding it has none. */
const EVENT_WAIT_MS = 1500;

/** Refuses every role but AUDITOR. */
export function requireAuditor(principal: Principal, what: string): void {
  if (principal.role !== 'AUDITOR') {
    throw new LedgerError('FORBIDDEN_ROLE', `only auditors may ${what}`, { details: { role: principal.role } });
  }
}

async function nextWithin<T>(iterator: AsyncIterator<T>, ms: number): Promise<IteratorResult<T> | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => { resolve('timeout'); }, ms);
  });
  try {
    return await Promise.race([iterator.next(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The CaseEvent a valid transaction emitted, read from its block's events. */
async function caseEventOf(ledger: LedgerPort, txId: string, blockNumber: bigint): Promise<CaseEvent | undefined> {
  const stream = ledger.events({ blockNumber });
  const iterator = stream[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await nextWithin<LedgerEvent>(iterator, EVENT_WAIT_MS);
      if (next === 'timeout' || next.done === true) return undefined;
      const event = next.value;
      if (event.blockNumber > blockNumber) return undefined;
      if (event.txId !== txId || event.eventName !== CASE_EVENT_NAME) continue;
      const parsed = CaseEvent.safeParse(JSON.parse(Buffer.from(event.payload).toString('utf8')));
      return parsed.success ? parsed.data : undefined;
    }
  } finally {
    stream.close();
  }
}

/** The auditors' reads, over the gateway org's ledger port. */
export class AuditReads {
  readonly #ledger: LedgerPort;
  readonly #audit: AuditLog;
  readonly #now: () => Date;

  readonly #rule: EndorsementRule | undefined;
  readonly #peerBlock: PeerBlockReader | undefined;
  readonly #ownMspId: string;
  readonly #signer: ExportSigner | undefined;

  /**
   * @param options.rule the recomputable endorsement rule (default: the embedded ledger's, the submitter alone; none on Fabric unless given).
   * @param options.peerBlock reads a block from another org's peer (Fabric); no comparison without it.
   */
  constructor(
    options: Readonly<{
      ledger: LedgerPort;
      audit: AuditLog;
      ownMspId: string;
      rule?: EndorsementRule;
      peerBlock?: PeerBlockReader;
      signer?: ExportSigner;
      now?: () => Date;
    }>,
  ) {
    this.#ledger = options.ledger;
    this.#rule = options.rule ?? (options.ledger.mode === 'embedded' ? submitterEndorses : undefined);
    this.#peerBlock = options.peerBlock;
    this.#ownMspId = options.ownMspId;
    this.#signer = options.signer;
    this.#audit = options.audit;
    this.#now = options.now ?? ((): Date => new Date());
  }

  /**
   * The provenance of one transaction as the own org's peer recorded it.
   * @throws {LedgerError} FORBIDDEN_ROLE (not an auditor), NOT_FOUND, LEDGER_UNAVAILABLE.
   */
  transaction(principal: Principal, txId: string): Promise<TransactionAudit> {
    return this.audited(principal, 'auditTransaction', txId, async () => {
      requireAuditor(principal, 'read transaction provenance');
      const provenance = await this.#ledger.transaction(txId);
      const block = await this.#ledger.block(provenance.blockNumber);
      const first = block.txIds[0];
      const blockTimestamp = first === undefined || first === txId ? provenance.timestamp : (await this.#ledger.transaction(first)).timestamp;
      const event = provenance.validationCode === 'VALID' ? await caseEventOf(this.#ledger, txId, provenance.blockNumber) : undefined;
      return {
        ...provenance,
        blockTimestamp,
        caseRef: event?.caseRef ?? null,
        transition: event?.type ?? null,
        seq: event?.seq ?? null,
      };
    });
  }

  /**
   * Verifies blocks [fromBlock, toBlock] (toBlock defaults to the last block).
   * @throws {LedgerError} FORBIDDEN_ROLE, VALIDATION_FAILED (range), LEDGER_UNAVAILABLE.
   */
  verify(principal: Principal, fromBlock: bigint, toBlock: bigint | undefined): Promise<ChainReport> {
    return this.audited(principal, 'auditVerify', null, async () => {
      requireAuditor(principal, 'verify the chain');
      const last = toBlock ?? (await this.#ledger.blockHeight()) - 1n;
      const peers = this.#peerBlock ? await this.#otherOrgs() : [];
      return verifyChain({ ledger: this.#ledger, fromBlock, toBlock: last, rule: this.#rule, peers, peerBlock: this.#peerBlock });
    });
  }

  /**
   * The case's history (as an auditor reads it) with the evidence of every entry, signed with the org's key.
   * @param readHistory reads the auditor's history of the case (the route passes the history read).
   * @throws {LedgerError} FORBIDDEN_ROLE, EXPORT_UNAVAILABLE (no signing key), CASE_NOT_FOUND, LEDGER_UNAVAILABLE.
   */
  exportCase(principal: Principal, caseRef: string, readHistory: () => Promise<readonly Record<string, unknown>[]>): Promise<CaseExport> {
    return this.audited(
      principal,
      'auditExport',
      null,
      async () => {
        requireAuditor(principal, 'export a case');
        const signer = this.#signer;
        if (!signer) throw new LedgerError('EXPORT_UNAVAILABLE', 'this gateway has no key to sign exports with');
        const history = await readHistory();
        const evidence: TransactionEvidence[] = [];
        for (const entry of history) {
          const tx = await this.#ledger.transaction(String(entry.txId));
          const block = await this.#ledger.block(tx.blockNumber);
          evidence.push({
            txId: tx.txId,
            blockNumber: tx.blockNumber.toString(),
            validationCode: tx.validationCode,
            creatorMspId: tx.creatorMspId,
            creatorRole: tx.creatorRole,
            endorsingOrgs: [...tx.endorsingOrgs],
            timestamp: tx.timestamp,
            block: { previousHash: block.previousHash, dataHash: block.dataHash, headerHash: block.headerHash, dataHashValid: block.dataHashValid },
          });
        }
        const body = { format: EXPORT_FORMAT as typeof EXPORT_FORMAT, caseRef, exportedBy: signer.mspId, exportedAt: this.#now().toISOString(), history, evidence };
        return signExport(body, signer);
      },
      caseRef,
    );
  }

  /** The other active authorities of the directory (whose peers are compared). */
  async #otherOrgs(): Promise<string[]> {
    const bytes = await this.#ledger.evaluate({ role: 'AUDITOR', transaction: 'directory:getDirectory', args: [] });
    const directory = AuthorityDirectory.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
    return directory.authorities.filter((entry) => entry.active && entry.mspId !== this.#ownMspId).map((entry) => entry.mspId).sort();
  }

  /** Runs an auditor's read and writes it to the local audit log. */
  audited<T>(principal: Principal, action: string, txId: string | null, read: () => Promise<T>, caseRef: string | null = null): Promise<T> {
    return auditedRead(this.#audit, this.#now, principal, action, { caseRef, txId }, read);
  }
}
