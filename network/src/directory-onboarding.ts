/**
 * Registers an added org in the on-ledger authority directory by governance, as the directory
 * contract wants it: BAMF's ADMIN (the first founding org's) proposes the new authority, the other
 * participants' ADMINs approve one after another until a strict majority applied it. Each
 * transaction is signed by that org's ADMIN client identity (role attribute) and endorsed by the
 * peers of every org the directory lists.
 */
import { randomUUID } from 'node:crypto';
import type { LifecycleOptions } from './chaincode-lifecycle';
import { firstMemberOrg } from './channel-update-steps';
import { listDirectoryMspIds } from './directory-bootstrap';
import { identityNameForRole, ordererOrgFor, orgEndpoints, type ChaincodeConfig, type OrgConfig } from './layout';
import { NetworkError } from './network-error';
import { createPeerCliEnv } from './peer-node';
import { runCommandWithRetry } from './run-command';

/** The directory entry of an org: what the directory contract's Authority schema holds. */
export function authorityOf(org: OrgConfig): { mspId: string; kind: string; landCode: string; active: boolean } {
  return { mspId: org.mspId, kind: org.kind, landCode: org.landCode, active: true };
}

/** A failure to reach a peer or its chaincode server (worth another try), not an answer of the chaincode. */
function isTransient(message: string): boolean {
  return /connection refused|UNAVAILABLE|deadline exceeded|could not launch|failed to connect|chaincode registration/i.test(message);
}

async function invokeAsAdmin(options: LifecycleOptions, cc: ChaincodeConfig, org: OrgConfig, endorsers: readonly OrgConfig[], fn: string, input: unknown): Promise<void> {
  const { config, layout } = options;
  const orderer = ordererOrgFor(config, org);
  const peers = endorsers.flatMap((peer) => ['--peerAddresses', orgEndpoints(peer).peer, '--tlsRootCertFiles', layout.caCert(peer)]);
  await runCommandWithRetry(
    options.binaries.peer,
    [
      'chaincode', 'invoke', '-o', orgEndpoints(orderer).orderer, '--tls', '--cafile', layout.caCert(orderer),
      '-C', config.channel, '-n', cc.name, ...peers, '--waitForEvent',
      '-c', JSON.stringify({ function: fn, Args: [JSON.stringify(input)] }),
    ],
    // a peer that just caught up may need a moment for its chaincode connection; a refusal by the chaincode is final
    { env: createPeerCliEnv(layout, org, identityNameForRole('ADMIN')), deadlineMs: 30_000, retryIf: (error) => isTransient(error.message) },
  );
}

/**
 * Proposes the org as a new authority and collects approvals until the directory lists it; skipped
 * when it is listed already.
 * @returns the MSP IDs whose ADMINs proposed or approved (empty when nothing was to do).
 * @throws {NetworkError} COMMAND_FAILED when the chaincode refuses; NOT_READY when the approvals of
 *   every participant did not apply it.
 */
export async function registerAuthority(options: LifecycleOptions, cc: ChaincodeConfig, org: OrgConfig): Promise<string[]> {
  const listed = await listDirectoryMspIds(options, cc);
  if (listed.includes(org.mspId)) return [];
  const participants = options.config.orgs.filter((entry) => listed.includes(entry.mspId));
  const proposer = firstMemberOrg(options);
  const proposalId = randomUUID();
  await invokeAsAdmin(options, cc, proposer, participants, 'directory:proposeAuthorityChange', { proposalId, authority: authorityOf(org) });
  options.log(`${proposer.mspId} ADMIN proposed ${org.mspId} (${org.kind}, ${org.landCode}) for the authority directory (proposal ${proposalId})`);
  const acted = [proposer.mspId];
  for (const approver of participants.filter((entry) => entry.mspId !== proposer.mspId)) {
    await invokeAsAdmin(options, cc, approver, participants, 'directory:approveAuthorityChange', { proposalId });
    acted.push(approver.mspId);
    options.log(`${approver.mspId} ADMIN approved proposal ${proposalId}`);
    if ((await listDirectoryMspIds(options, cc)).includes(org.mspId)) return acted;
  }
  throw new NetworkError('NOT_READY', `the approvals of ${acted.join(', ')} did not add ${org.mspId} to the authority directory`);
}
