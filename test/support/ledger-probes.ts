/** Reads the state of peers and orderers with the Fabric CLIs, as an org's Fabric admin. */
import type { NetworkContext } from '../../network/src/network-context';
import type { FabricBinaries } from '../../network/src/fabric-binaries';
import type { OrgConfig } from '@asylum-ledger/network/layout';
import { createPeerCliEnv } from '../../network/src/peer-node';
import { runCommand } from '../../network/src/run-command';
import { readChannelGauge } from '../../network/src/readiness';
import { fabricAdminIdentity, orgEndpoints } from '@asylum-ledger/network/layout';

/** Block height of the channel on an org's peer. */
export async function peerHeight(ctx: NetworkContext, binaries: FabricBinaries, org: OrgConfig): Promise<number> {
  const { stdout } = await runCommand(binaries.peer, ['channel', 'getinfo', '-c', ctx.config.channel], {
    env: createPeerCliEnv(ctx.layout, org),
  });
  const json = /\{.*\}/.exec(stdout)?.[0];
  if (!json) throw new Error(`unexpected peer channel getinfo output: ${stdout}`);
  return (JSON.parse(json) as { height: number }).height;
}

/** Channels an org's peer has joined. */
export async function peerChannels(ctx: NetworkContext, binaries: FabricBinaries, org: OrgConfig): Promise<string[]> {
  const { stdout } = await runCommand(binaries.peer, ['channel', 'list'], { env: createPeerCliEnv(ctx.layout, org) });
  return stdout.split('\n').map((line) => line.trim()).filter((line) => /^[a-z][a-z0-9.-]*$/.test(line));
}

/** An orderer's view of the channel through the channel participation API. */
export async function ordererChannelInfo(
  ctx: NetworkContext,
  binaries: FabricBinaries,
  org: OrgConfig,
): Promise<{ name: string; status: string; consensusRelation: string; height: number }> {
  const admin = ctx.layout.identity(org, fabricAdminIdentity);
  const { stdout } = await runCommand(binaries.osnadmin, [
    'channel', 'list', '--channelID', ctx.config.channel,
    '-o', orgEndpoints(org).ordererAdmin, '--ca-file', ctx.layout.caCert(org),
    '--client-cert', admin.tlsCert, '--client-key', admin.tlsKey,
  ]);
  const json = stdout.slice(stdout.indexOf('{'));
  return JSON.parse(json) as { name: string; status: string; consensusRelation: string; height: number };
}

/** The committed definition of a chaincode, as `peer lifecycle chaincode querycommitted` prints it. */
export async function committedDefinition(
  ctx: NetworkContext,
  binaries: FabricBinaries,
  org: OrgConfig,
  name: string,
): Promise<{ sequence: number; validation_parameter: string; collections?: unknown; approvals: Record<string, boolean> }> {
  const { stdout } = await runCommand(
    binaries.peer,
    ['lifecycle', 'chaincode', 'querycommitted', '--channelID', ctx.config.channel, '--name', name, '-O', 'json'],
    { env: createPeerCliEnv(ctx.layout, org) },
  );
  return JSON.parse(stdout) as { sequence: number; validation_parameter: string; collections?: unknown; approvals: Record<string, boolean> };
}

/** Polls until the check holds or the deadline passes; a check that throws counts as not yet. */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 60_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms (last error: ${String(lastError)})`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The org whose orderer is the channel's Raft leader (from the orderers' metrics), if one is. */
export async function findRaftLeader(ctx: NetworkContext): Promise<OrgConfig | undefined> {
  for (const org of ctx.config.orgs) {
    const isLeader = await readChannelGauge(orgEndpoints(org).ordererOperations, 'consensus_etcdraft_is_leader', ctx.config.channel);
    if (isLeader === 1) return org;
  }
  return undefined;
}
