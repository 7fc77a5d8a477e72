/**
 * The case contract: one transaction per process step of DOMAIN.md, and the read-only queries.
 * Every method takes one JSON argument and returns canonical JSON. Only decorated methods are callable.
 */
import { Context, Contract, Info, Returns, Transaction } from 'fabric-contract-api';
import { refuseUnknownTransaction, withCodedErrors } from './coded-errors';
import {
  queryCase,
  queryCaseList,
  queryEndorsementPolicy,
  queryHistory,
  queryPrivateFields,
  queryRequest,
} from './run-queries';
import { runTransition } from './run-transition';

/** Name of the case contract (the chaincode's default contract). */
export const CASE_CONTRACT_NAME = 'case';

@Info({ title: 'CaseContract', description: 'Pseudonymous asylum case status and its process model' })
export class CaseContract extends Contract {
  constructor() {
    super(CASE_CONTRACT_NAME);
  }

  /** Refuses a function name that is not a transaction of this contract. */
  override async unknownTransaction(): Promise<void> {
    refuseUnknownTransaction();
  }

  /** Registers a new case under a random pseudonym. */
  @Transaction()
  @Returns('string')
  async registerCase(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'registerCase', input));
  }

  /** Records the distribution (EASY) to a Land; the Land becomes responsible. */
  @Transaction()
  @Returns('string')
  async recordDistribution(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordDistribution', input));
  }

  /** Confirms arrival at the reception facility of the Land. */
  @Transaction()
  @Returns('string')
  async confirmArrival(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'confirmArrival', input));
  }

  /** Records that the asylum application was lodged with BAMF. */
  @Transaction()
  @Returns('string')
  async lodgeApplication(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'lodgeApplication', input));
  }

  /** Starts the Dublin responsibility check. */
  @Transaction()
  @Returns('string')
  async startResponsibilityCheck(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'startResponsibilityCheck', input));
  }

  /** Records that a take-charge or take-back request was sent; dueBy is the answer deadline. */
  @Transaction()
  @Returns('string')
  async recordDublinRequest(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordDublinRequest', input));
  }

  /** Ends the Dublin check: back to the national procedure, or inadmissible if another state accepted. */
  @Transaction()
  @Returns('string')
  async concludeResponsibilityCheck(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'concludeResponsibilityCheck', input));
  }

  /** Schedules the personal hearing; dueBy is the hearing day. */
  @Transaction()
  @Returns('string')
  async scheduleHearing(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'scheduleHearing', input));
  }

  /** Records that the hearing took place. */
  @Transaction()
  @Returns('string')
  async recordHearingHeld(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordHearingHeld', input));
  }

  /** Records that the person did not attend the hearing; the state stays. */
  @Transaction()
  @Returns('string')
  async recordHearingMissed(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordHearingMissed', input));
  }

  /** Allocates the person to a municipality; its Ausländerbehörde becomes responsible. */
  @Transaction()
  @Returns('string')
  async allocateToMunicipality(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'allocateToMunicipality', input));
  }

  /** Moves responsibility to another authority of the same Land; the state stays. */
  @Transaction()
  @Returns('string')
  async transferResponsibility(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'transferResponsibility', input));
  }

  /** Records the BAMF decision with its outcome class; the exact protection type is private. */
  @Transaction()
  @Returns('string')
  async recordDecision(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordDecision', input));
  }

  /** Records service of the decision; dueBy becomes the (informational) appeal deadline. */
  @Transaction()
  @Returns('string')
  async recordService(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordService', input));
  }

  /** Records that an appeal was lodged with the administrative court. */
  @Transaction()
  @Returns('string')
  async recordAppeal(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordAppeal', input));
  }

  /** Records an urgent application to the court: a removal hold is set at once. */
  @Transaction()
  @Returns('string')
  async recordUrgentApplication(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordUrgentApplication', input));
  }

  /** Records a court ruling: holds adjusted, decision annulled (DECIDED) or appeal dismissed (FINAL). */
  @Transaction()
  @Returns('string')
  async recordCourtOutcome(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordCourtOutcome', input));
  }

  /** Records that the decision became final; the retention period starts. */
  @Transaction()
  @Returns('string')
  async markFinal(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'markFinal', input));
  }

  /** Records that the Ausländerbehörde issued the residence title; the title type is private. */
  @Transaction()
  @Returns('string')
  async recordTitleIssued(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordTitleIssued', input));
  }

  /** Declares the person obliged to leave after a final negative decision; dueBy is the deadline. */
  @Transaction()
  @Returns('string')
  async declareDepartureRequired(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'declareDepartureRequired', input));
  }

  /** Grants a toleration (Duldung): a removal hold until it ends. */
  @Transaction()
  @Returns('string')
  async recordToleration(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordToleration', input));
  }

  /** Ends the toleration: the obligation to leave applies again. */
  @Transaction()
  @Returns('string')
  async endToleration(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'endToleration', input));
  }

  /** Records departure (voluntary, removal, Dublin transfer); enforced modes are refused under a hold. */
  @Transaction()
  @Returns('string')
  async recordDeparture(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordDeparture', input));
  }

  /** Records withdrawal of the application: the procedure is discontinued. */
  @Transaction()
  @Returns('string')
  async recordWithdrawal(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'recordWithdrawal', input));
  }

  /** Closes a finished case; the retention period runs from the final decision (or from now). */
  @Transaction()
  @Returns('string')
  async closeCase(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'closeCase', input));
  }

  /** Corrects an earlier event of this case by setting fields anew; both stay in the history. */
  @Transaction()
  @Returns('string')
  async correctEvent(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'correctEvent', input));
  }

  /** Attests that the submitter's organisation deleted its pseudonym-to-person mapping. */
  @Transaction()
  @Returns('string')
  async attestMappingDeleted(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'attestMappingDeleted', input));
  }

  /** Replaces a closed case by a tombstone and purges its private data, once every participant attested. */
  @Transaction()
  @Returns('string')
  async eraseCase(ctx: Context, input: string): Promise<string> {
    return withCodedErrors(() => runTransition(ctx, 'eraseCase', input));
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
