/**
 * Endorses a proposal carrying a timestamp of the caller's choosing, as a client with a wrong clock
 * (or a forger) would send it: fabric-gateway's offline-signing flow builds the proposal, its channel
 * header gets another timestamp, and the changed proposal is signed with the role's key.
 */
import { connect, hash, signers, type Gateway } from '@hyperledger/fabric-gateway';
import { common, gateway as gatewayProtos, peer } from '@hyperledger/fabric-protos';
import { createHash, createPrivateKey } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { NetworkContext } from '../../network/src/network-context';
import type { Role } from '@asylum-ledger/network/layout';
import { identityNameForRole } from '@asylum-ledger/network/layout';
import { findOrg, newPeerConnection } from './fabric-clients';

function redate(proposedTransaction: Uint8Array, at: Date): { bytes: Uint8Array; proposalBytes: Uint8Array } {
  const proposed = gatewayProtos.ProposedTransaction.deserializeBinary(proposedTransaction);
  const signed = proposed.getProposal();
  if (!signed) throw new Error('no signed proposal in the proposed transaction');
  const proposal = peer.Proposal.deserializeBinary(signed.getProposalBytes_asU8());
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  // a google.protobuf.Timestamp held by the header (its typings are not installed): changed in place
  const timestamp = channelHeader.getTimestamp() as unknown as { setSeconds(value: number): void; setNanos(value: number): void } | undefined;
  if (!timestamp) throw new Error('the channel header carries no timestamp');
  timestamp.setSeconds(Math.floor(at.getTime() / 1000));
  timestamp.setNanos(0);
  header.setChannelHeader(channelHeader.serializeBinary());
  proposal.setHeader(header.serializeBinary());
  const proposalBytes = proposal.serializeBinary();
  signed.setProposalBytes(proposalBytes);
  proposed.setProposal(signed);
  return { bytes: proposed.serializeBinary(), proposalBytes };
}

/**
 * Endorses `fn` with one JSON argument as an org's role, the proposal dated `at`.
 * @returns what endorse() threw, or undefined when the peers endorsed it (nothing is submitted).
 */
export async function endorseDated(ctx: NetworkContext, org: string, role: Role, fn: string, input: unknown, at: Date): Promise<unknown> {
  const orgConfig = findOrg(ctx, org);
  const identity = ctx.layout.identity(orgConfig, identityNameForRole(role));
  const keyFile = readdirSync(identity.keystore)[0];
  if (keyFile === undefined) throw new Error(`no private key in ${identity.keystore}`);
  const privateKey = createPrivateKey(readFileSync(path.join(identity.keystore, keyFile)));
  const client = newPeerConnection(ctx, orgConfig);
  let gateway: Gateway | undefined;
  try {
    gateway = connect({ client, identity: { mspId: orgConfig.mspId, credentials: readFileSync(identity.signcert) }, hash: hash.sha256 });
    const unsigned = gateway.getNetwork(ctx.config.channel).getContract('casestatus').newProposal(fn, { arguments: [JSON.stringify(input)] });
    const { bytes, proposalBytes } = redate(unsigned.getBytes(), at);
    const digest = createHash('sha256').update(proposalBytes).digest();
    const signature = await signers.newPrivateKeySigner(privateKey)(digest);
    await gateway.newSignedProposal(bytes, signature).endorse();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    gateway?.close();
    client.close();
  }
}
