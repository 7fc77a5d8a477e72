/**
 * Directory governance on the real network, as the suites need it: BAMF's ADMIN proposes a change
 * of one authority and Saxony's LAND authority (LDS) approves it, which applies it: the suites change
 * Ausländerbehörden of Saxony (BAMF and their Land) and LAND authorities of Länder without a peer
 * (BAMF and the Länder quorum, in which only Saxony has a seat: a Land takes its seat with its
 * first governance transaction, and Bavaria and Thuringia never sign one). Each transaction is
 * endorsed by every peer the reference network has (the directory key needs BAMF's and a Land's). A suite before may have restarted a
 * peer, which answers endorsements only once it reconnected, so a submission is repeated while no
 * peer answered (an EndorseError without a chaincode code means nothing was ordered).
 */
import { EndorseError } from '@hyperledger/fabric-gateway';
import { newRequestId } from './case-fixtures';
import { REFERENCE_ORGS, type CaseSession } from './case-session';
import { chaincodeErrorCode, evaluateJson, submitJson } from './fabric-clients';

/** One directory entry as a proposal names it. */
export interface DirectoryEntry {
  readonly mspId: string;
  readonly kind: string;
  readonly landCode: string;
  readonly active: boolean;
}

/**
 * Submits once the peers endorse; a chaincode refusal is an answer and is thrown at once.
 * @param submit the submission to repeat.
 * @param waitMs how long to repeat it.
 */
export async function whenEndorsable<T>(submit: () => Promise<T>, waitMs = 30_000): Promise<T> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await submit();
    } catch (error) {
      if (!(error instanceof EndorseError) || chaincodeErrorCode(error) !== undefined || Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}

/** The directory's entry for an org, as BAMF's auditor reads it, or undefined. */
export async function directoryEntry(session: CaseSession, mspId: string): Promise<DirectoryEntry | undefined> {
  const directory = await evaluateJson<{ authorities: DirectoryEntry[] }>(session.client('BAMFMSP', 'AUDITOR').contract(), 'directory:getDirectory');
  return directory.authorities.find((entry) => entry.mspId === mspId);
}

/**
 * Applies a change of one authority: proposed by BAMF, approved by LDS.
 * @throws {Error} when the two approvals did not carry it (a change that needs another Land).
 */
export async function changeDirectory(session: CaseSession, authority: DirectoryEntry): Promise<void> {
  const proposalId = newRequestId();
  const options = { endorsingOrgs: [...REFERENCE_ORGS] };
  const proposed = await whenEndorsable(() =>
    submitJson<{ applied: boolean }>(session.client('BAMFMSP', 'ADMIN').contract(), 'directory:proposeAuthorityChange', { proposalId, authority }, options),
  );
  const approval = proposed.applied
    ? proposed
    : await whenEndorsable(() =>
        submitJson<{ applied: boolean }>(session.client('LDSMSP', 'ADMIN').contract(), 'directory:approveAuthorityChange', { proposalId }, options),
      );
  if (!approval.applied) throw new Error(`the directory change for ${authority.mspId} was not applied`);
}
