/**
 * The directory contract: governance of which authorities take part (MSP ID, kind, Land).
 */
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import {
  BootstrapDirectoryInput,
  MAX_DIRECTORY_INPUT_BYTES,
  ChaincodeError,
  ApproveAuthorityChangeInput,
  ProposeAuthorityChangeInput,
  decideApproveChange,
  decideBootstrap,
  decideProposeChange,
  decideTakeSeat,
  TakeSeatInput,
  parseJsonInput,
  proposedMspId,
  withSeatOf,
} from '@asylum-ledger/domain';
import { canonicalJson } from '@asylum-ledger/domain';
import { CaseStore } from '../ledger/case-store';
import { checkEndorsementTime } from '../ledger/endorsement-clock';
import { submitterOf } from '../ledger/transaction-io';
import { refuseUnknownTransaction, withCodedErrors } from './coded-errors';

/** Name of the directory contract. */
export const DIRECTORY_CONTRACT_NAME = 'directory';

@Info({ title: 'DirectoryContract', description: 'The authority directory: who takes part, of which kind, in which Land' })
export class DirectoryContract extends Contract {
  constructor() {
    super(DIRECTORY_CONTRACT_NAME);
  }

  /** Refuses a function name that is not a transaction of this contract. */
  override async unknownTransaction(): Promise<void> {
    refuseUnknownTransaction();
  }

  /** Writes the first directory (once, by an ADMIN of a listed authority). */
  @Transaction()
  @Returns('string')
  async bootstrap(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(async () => {
      checkEndorsementTime(ctx);
      const store = new CaseStore(ctx);
      const parsed = parseJsonInput(BootstrapDirectoryInput, input, 'input of bootstrap', MAX_DIRECTORY_INPUT_BYTES);
      const directory = decideBootstrap(await store.getDirectory(), parsed, submitterOf(ctx));
      await store.putDirectory(directory);
      return canonicalJson(directory);
    });
  }

  /**
   * Proposes adding, changing or retiring one authority, or a new retention period (ADMIN of a
   * participant; counts as its approval where the change needs it). A LAND proposer's Land takes its seat.
   */
  @Transaction()
  @Returns('string')
  async proposeAuthorityChange(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(async () => {
      checkEndorsementTime(ctx);
      const store = new CaseStore(ctx);
      const parsed = parseJsonInput(ProposeAuthorityChangeInput, input, 'input of proposeAuthorityChange');
      const directory = await store.getDirectory();
      const submitter = submitterOf(ctx);
      const proposal = decideProposeChange(directory, await store.getProposal(parsed.proposalId), parsed, submitter);
      await store.putProposal(proposal, true);
      if (directory) {
        const seated = withSeatOf(directory, submitter.mspId);
        if (seated !== directory) await store.putDirectory(seated);
      }
      return canonicalJson({ proposal, applied: false });
    });
  }

  /** Seats the submitter's Land in directory governance (an ADMIN of a LAND authority): it counts towards the Länder quorum from now on. */
  @Transaction()
  @Returns('string')
  async takeSeat(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(async () => {
      checkEndorsementTime(ctx);
      parseJsonInput(TakeSeatInput, input, 'input of takeSeat');
      const store = new CaseStore(ctx);
      const directory = decideTakeSeat(await store.getDirectory(), submitterOf(ctx));
      await store.putDirectory(directory);
      return canonicalJson(directory);
    });
  }

  /** Approves an open proposal; the approvals that directory-approvals.ts requires for the change apply it. */
  @Transaction()
  @Returns('string')
  async approveAuthorityChange(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(async () => {
      checkEndorsementTime(ctx);
      const store = new CaseStore(ctx);
      const { proposalId } = parseJsonInput(ApproveAuthorityChangeInput, input, 'input of approveAuthorityChange');
      const proposal = await store.getProposal(proposalId);
      const changed = proposal ? proposedMspId(proposal) : undefined;
      const responsibleForCases = changed === undefined ? false : await store.hasCasesResponsible(changed);
      const outcome = decideApproveChange(await store.getDirectory(), proposal, submitterOf(ctx), { responsibleForCases });
      await store.putProposal(outcome.proposal, !outcome.applied);
      if (outcome.directory) await store.putDirectory(outcome.directory);
      return canonicalJson({ proposal: outcome.proposal, applied: outcome.applied });
    });
  }

  /** An open proposal. */
  @Transaction(false)
  @Returns('string')
  async getProposal(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(async () => {
      const { proposalId } = parseJsonInput(ApproveAuthorityChangeInput, input, 'input of getProposal');
      const proposal = await new CaseStore(ctx).getProposal(proposalId);
      if (!proposal) throw new ChaincodeError('DIRECTORY_CONFLICT', 'no open proposal with this id', {});
      return canonicalJson(proposal);
    });
  }

  /** The whole directory. */
  @Transaction(false)
  @Returns('string')
  async getDirectory(ctx: Context): Promise<string> {
    return withCodedErrors(async () => {
      const directory = await new CaseStore(ctx).getDirectory();
      if (!directory) throw new ChaincodeError('DIRECTORY_ERROR', 'the authority directory is not bootstrapped', {});
      return canonicalJson(directory);
    });
  }
}
