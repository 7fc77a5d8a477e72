/**
 * Brings an added org's peer onto the channel: it fetches block 0 from an orderer as the org's own
 * admin (allowed once the channel's configuration lists the org), joins with it and catches up on
 * every block since from the orderers.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { firstMemberOrg } from './channel-update-steps';
import { ordererOrgFor, orgEndpoints, type OrgConfig } from './layout';
import { NetworkError } from './network-error';
import type { NodeStepOptions } from './orderer-node';
import { createPeerCliEnv } from './peer-node';
import { runCommand, runCommandWithRetry } from './run-command';

async function isJoined(options: NodeStepOptions, org: OrgConfig): Promise<boolean> {
  const list = await runCommandWithRetry(options.binaries.peer, ['channel', 'list'], { env: createPeerCliEnv(options.layout, org), deadlineMs: 20_000 });
  return list.stdout.split('\n').some((line) => line.trim() === options.config.channel);
}

/**
 * Joins an org's peer to the channel from block 0, fetched from the orderer by the org's admin,
 * unless it is a member already.
 * @throws {NetworkError} COMMAND_FAILED when the orderer refuses the org (its config update is not applied).
 */
export async function joinAddedPeer(options: NodeStepOptions, org: OrgConfig): Promise<void> {
  if (await isJoined(options, org)) return;
  const orderer = ordererOrgFor(options.config, org);
  const dir = path.join(options.layout.orgDir(org), 'channel');
  mkdirSync(dir, { recursive: true });
  const block = path.join(dir, `${options.config.channel}-0.block`);
  const env = createPeerCliEnv(options.layout, org);
  await runCommandWithRetry(
    options.binaries.peer,
    ['channel', 'fetch', '0', block, '-c', options.config.channel, '-o', orgEndpoints(orderer).orderer, '--tls', '--cafile', options.layout.caCert(orderer)],
    { env, deadlineMs: 20_000 },
  );
  await runCommandWithRetry(options.binaries.peer, ['channel', 'join', '-b', block], { env, deadlineMs: 30_000 });
  options.log(`joined peer of ${org.mspId} to ${options.config.channel} from block 0`);
}

async function heightOf(options: NodeStepOptions, org: OrgConfig): Promise<number> {
  const { stdout } = await runCommand(options.binaries.peer, ['channel', 'getinfo', '-c', options.config.channel], { env: createPeerCliEnv(options.layout, org) });
  const match = /"height":(\d+)/.exec(stdout);
  return match ? Number(match[1]) : 0;
}

/**
 * Waits until the org's peer has every block the first founding org's peer has (it caught up).
 * @throws {NetworkError} NOT_READY after the deadline.
 */
export async function waitForPeerCaughtUp(options: NodeStepOptions, org: OrgConfig, timeoutMs = 120_000): Promise<number> {
  const target = await heightOf(options, firstMemberOrg(options));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const height = await heightOf(options, org).catch(() => 0);
    if (height >= target) return height;
    if (Date.now() > deadline) throw new NetworkError('NOT_READY', `the peer of ${org.mspId} is at block height ${height}, not ${target}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
