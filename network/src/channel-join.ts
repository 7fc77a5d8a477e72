import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { channelProfile, createConfigtx } from './channel-config';
import type { OrgConfig } from './layout';
import type { NodeStepOptions } from './orderer-node';
import { createPeerCliEnv } from './peer-node';
import { fabricAdminIdentity, orgEndpoints } from './layout';
import { runCommand, runCommandWithRetry } from './run-command';

/** Writes configtx.yaml into the run folder and makes the channel's genesis block, once. */
export async function createGenesisBlock(options: NodeStepOptions): Promise<void> {
  const { layout, config } = options;
  if (existsSync(layout.genesisBlock)) return;
  mkdirSync(layout.channelDir, { recursive: true });
  writeFileSync(`${layout.channelDir}/configtx.yaml`, stringify(createConfigtx(config, layout)));
  await runCommand(options.binaries.configtxgen, [
    '-configPath', layout.channelDir,
    '-profile', channelProfile,
    '-channelID', config.channel,
    '-outputBlock', layout.genesisBlock,
  ]);
  options.log(`created the genesis block of channel ${config.channel}`);
}

function osnadminArgs(options: NodeStepOptions, org: OrgConfig): string[] {
  const admin = options.layout.identity(org, fabricAdminIdentity);
  return [
    '-o', orgEndpoints(org).ordererAdmin,
    '--ca-file', options.layout.caCert(org),
    '--client-cert', admin.tlsCert,
    '--client-key', admin.tlsKey,
  ];
}

/** Joins an org's orderer to the channel with the channel participation API, unless it is a member. */
export async function joinOrdererToChannel(options: NodeStepOptions, org: OrgConfig): Promise<void> {
  const { binaries, config, layout } = options;
  // /healthz answers before the admin endpoint listens: retry the first call for a while
  const list = await runCommandWithRetry(binaries.osnadmin, ['channel', 'list', ...osnadminArgs(options, org)], { deadlineMs: 20_000 });
  if (list.stdout.includes(`"${config.channel}"`)) return;
  await runCommand(binaries.osnadmin, [
    'channel', 'join', '--channelID', config.channel, '--config-block', layout.genesisBlock, ...osnadminArgs(options, org),
  ]);
  options.log(`joined orderer of ${org.mspId} to ${config.channel}`);
}

/** Joins an org's peer to the channel unless it is a member. */
export async function joinPeerToChannel(options: NodeStepOptions, org: OrgConfig): Promise<void> {
  const { binaries, config, layout } = options;
  const env = createPeerCliEnv(layout, org);
  const list = await runCommandWithRetry(binaries.peer, ['channel', 'list'], { env, deadlineMs: 20_000 });
  if (list.stdout.split('\n').some((line) => line.trim() === config.channel)) return;
  // the peer fetches the channel's blocks from the orderers, which may still be electing a leader
  await runCommandWithRetry(binaries.peer, ['channel', 'join', '-b', layout.genesisBlock], { env, deadlineMs: 30_000 });
  options.log(`joined peer of ${org.mspId} to ${config.channel}`);
}
