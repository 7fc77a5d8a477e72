/**
 * A channel configuration update done by hand, as an operator would: fetch the config block, change
 * one value, compute the update with configtxlator, collect signatures (`peer channel
 * signconfigtx`) and submit it to an orderer (`peer channel update`). Each step acts as the identity
 * whose MSP folder it is given, so a test can show whose signatures the channel's policies count.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FabricBinaries } from '../../network/src/fabric-binaries';
import { orgEndpoints, type OrgConfig } from '@asylum-ledger/network/layout';
import type { NetworkContext } from '../../network/src/network-context';
import { createPeerCliEnv } from '../../network/src/peer-node';
import { runCommand } from '../../network/src/run-command';
import { runCliPastLeaderElection, type CliOutcome } from './cli-outcome';

/** A channel's configuration (`common.Config`) as configtxlator prints it. */
export interface ChannelConfigJson {
  readonly channel_group: {
    readonly groups: { readonly Orderer: { readonly values: { readonly BatchTimeout: { readonly value: { readonly timeout: string } } } } };
  };
}

/** Where the CLI runs and as whom: an org's peer and orderer, one of the org's MSP folders. */
export interface ConfigActor {
  readonly org: OrgConfig;
  /** The MSP folder that signs (e.g. `ctx.layout.identity(org, fabricAdminIdentity).msp`). */
  readonly msp: string;
}

/** Everything the steps need: the network, its binaries and a scratch folder. */
export interface ConfigUpdateOptions {
  readonly ctx: NetworkContext;
  readonly binaries: FabricBinaries;
  readonly workDir: string;
}

function cliEnv(options: ConfigUpdateOptions, actor: ConfigActor): NodeJS.ProcessEnv {
  return { ...createPeerCliEnv(options.ctx.layout, actor.org), CORE_PEER_MSPCONFIGPATH: actor.msp };
}

function ordererArgs(options: ConfigUpdateOptions, org: OrgConfig): string[] {
  return ['-o', orgEndpoints(org).orderer, '--tls', '--cafile', options.ctx.layout.caCert(org)];
}

async function translate(options: ConfigUpdateOptions, verb: 'proto_decode' | 'proto_encode', type: string, input: string, output: string): Promise<void> {
  await runCommand(options.binaries.configtxlator, [verb, '--input', input, '--type', type, '--output', output]);
}

/**
 * Fetches the channel's current configuration from the actor's orderer.
 * @throws {NetworkError} COMMAND_FAILED when the fetch or the decoding fails.
 */
export async function fetchChannelConfig(options: ConfigUpdateOptions, actor: ConfigActor): Promise<ChannelConfigJson> {
  const block = path.join(options.workDir, 'config-block.pb');
  const channel = options.ctx.config.channel;
  await runCommand(options.binaries.peer, ['channel', 'fetch', 'config', block, '-c', channel, ...ordererArgs(options, actor.org)], {
    env: cliEnv(options, actor),
  });
  await translate(options, 'proto_decode', 'common.Block', block, `${block}.json`);
  const decoded = JSON.parse(readFileSync(`${block}.json`, 'utf8')) as { data: { data: [{ payload: { data: { config: ChannelConfigJson } } }] } };
  return decoded.data.data[0].payload.data.config;
}

/** The configuration with another Orderer BatchTimeout (a value only a majority of org admins may change). */
export function withBatchTimeout(config: ChannelConfigJson, timeout: string): ChannelConfigJson {
  const copy = structuredClone(config) as { channel_group: { groups: { Orderer: { values: { BatchTimeout: { value: { timeout: string } } } } } } };
  copy.channel_group.groups.Orderer.values.BatchTimeout.value.timeout = timeout;
  return copy;
}

/**
 * Writes the unsigned envelope of the update from one configuration to another.
 * @returns the envelope file; copy it before each signing round (signing changes it in place).
 */
export async function writeConfigUpdateEnvelope(options: ConfigUpdateOptions, from: ChannelConfigJson, to: ChannelConfigJson, name: string): Promise<string> {
  const file = (suffix: string): string => path.join(options.workDir, `${name}-${suffix}`);
  writeFileSync(file('original.json'), JSON.stringify(from));
  writeFileSync(file('updated.json'), JSON.stringify(to));
  await translate(options, 'proto_encode', 'common.Config', file('original.json'), file('original.pb'));
  await translate(options, 'proto_encode', 'common.Config', file('updated.json'), file('updated.pb'));
  const channel = options.ctx.config.channel;
  await runCommand(options.binaries.configtxlator, [
    'compute_update', '--channel_id', channel, '--original', file('original.pb'), '--updated', file('updated.pb'), '--output', file('update.pb'),
  ]);
  await translate(options, 'proto_decode', 'common.ConfigUpdate', file('update.pb'), file('update.json'));
  const update = JSON.parse(readFileSync(file('update.json'), 'utf8')) as unknown;
  // HeaderType CONFIG_UPDATE is 2
  const envelope = { payload: { header: { channel_header: { channel_id: channel, type: 2 } }, data: { config_update: update } } };
  writeFileSync(file('envelope.json'), JSON.stringify(envelope));
  await translate(options, 'proto_encode', 'common.Envelope', file('envelope.json'), file('envelope.pb'));
  return file('envelope.pb');
}

/** A fresh copy of an unsigned envelope, for one signing round. */
export function copyEnvelope(envelope: string, round: string): string {
  const copy = envelope.replace(/\.pb$/, `-${round}.pb`);
  copyFileSync(envelope, copy);
  return copy;
}

/**
 * Adds the actor's signature to an envelope (`peer channel signconfigtx`; no network call).
 * @throws {NetworkError} COMMAND_FAILED when the CLI cannot sign.
 */
export async function signConfigUpdate(options: ConfigUpdateOptions, actor: ConfigActor, envelope: string): Promise<void> {
  await runCommand(options.binaries.peer, ['channel', 'signconfigtx', '-f', envelope], { env: cliEnv(options, actor) });
}

/**
 * Submits an envelope to the actor's orderer (`peer channel update`, which adds the actor's own
 * signature) and returns what the orderer answered, accepted or refused.
 */
export function submitConfigUpdate(options: ConfigUpdateOptions, actor: ConfigActor, envelope: string): Promise<CliOutcome> {
  const args = ['channel', 'update', '-f', envelope, '-c', options.ctx.config.channel, ...ordererArgs(options, actor.org)];
  return runCliPastLeaderElection(options.binaries.peer, args, cliEnv(options, actor));
}
