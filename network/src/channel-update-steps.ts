/**
 * A channel configuration update that adds an org, as Fabric operators do it: an admin of a member
 * org fetches the config block and composes the update with configtxlator (configtxgen prints the
 * new org's definition), the admins of enough member orgs each sign the envelope file
 * (`peer channel signconfigtx`, one command per admin), and one of them submits it to an orderer
 * (`peer channel update`). Every step acts as the org's Fabric admin on this host.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { stringify } from 'yaml';
import { applicationAdminsRequirement, applicationOrgs, configUpdateSigners, withApplicationOrg, withCaseEndorsementPolicy, type ChannelConfigJson, type ConfigGroupJson, type ConfigUpdateEnvelopeJson, type SignatureRequirement } from './channel-org-update';
import { caseEndorsementOutOf } from './collections-config';
import { fabricAdminIdentity, ordererOrgFor, orgEndpoints, runsOrderer, type OrgConfig } from './layout';
import { NetworkError } from './network-error';
import type { NodeStepOptions } from './orderer-node';
import { createPeerCliEnv } from './peer-node';
import { runCommand, runCommandWithRetry } from './run-command';

/** Dependencies of the channel update steps (no process is started). */
export type ChannelUpdateOptions = Pick<NodeStepOptions, 'config' | 'layout' | 'binaries' | 'log'>;

function ordererArgs(options: ChannelUpdateOptions, org: OrgConfig): string[] {
  const orderer = ordererOrgFor(options.config, org);
  return ['-o', orgEndpoints(orderer).orderer, '--tls', '--cafile', options.layout.caCert(orderer)];
}

async function decode(options: ChannelUpdateOptions, type: string, input: string): Promise<unknown> {
  const output = `${input}.json`;
  await runCommand(options.binaries.configtxlator, ['proto_decode', '--input', input, '--type', type, '--output', output]);
  return JSON.parse(readFileSync(output, 'utf8')) as unknown;
}

async function encode(options: ChannelUpdateOptions, type: string, value: unknown, output: string): Promise<void> {
  writeFileSync(`${output}.json`, JSON.stringify(value));
  await runCommand(options.binaries.configtxlator, ['proto_encode', '--input', `${output}.json`, '--type', type, '--output', output]);
}

/** The first founding org (one that runs an orderer): the default member that fetches and submits. */
export function firstMemberOrg(options: Pick<ChannelUpdateOptions, 'config'>): OrgConfig {
  const org = options.config.orgs.find(runsOrderer);
  if (!org) throw new NetworkError('COMMAND_FAILED', 'no founding org in the network table');
  return org;
}

/**
 * Fetches the channel's current configuration as an org's Fabric admin, from its orderer.
 * @param dir where the config block and its JSON are written.
 * @throws {NetworkError} COMMAND_FAILED when the fetch or the decoding fails.
 */
export async function fetchChannelConfig(options: ChannelUpdateOptions, org: OrgConfig, dir: string): Promise<ChannelConfigJson> {
  mkdirSync(dir, { recursive: true });
  const block = path.join(dir, 'config-block.pb');
  await runCommandWithRetry(options.binaries.peer, ['channel', 'fetch', 'config', block, '-c', options.config.channel, ...ordererArgs(options, org)], {
    env: createPeerCliEnv(options.layout, org),
    deadlineMs: 20_000,
  });
  const decoded = (await decode(options, 'common.Block', block)) as { data: { data: [{ payload: { data: { config: ChannelConfigJson } } }] } };
  return decoded.data.data[0].payload.data.config;
}

/** The org's definition for the channel (MSP, policies), as `configtxgen -printOrg` prints it from its MSP folder. */
async function printOrgDefinition(options: ChannelUpdateOptions, org: OrgConfig): Promise<ConfigGroupJson> {
  const dir = path.join(options.layout.orgDir(org), 'configtx');
  mkdirSync(dir, { recursive: true });
  const principals = (roles: readonly string[]): string => `OR(${roles.map((role) => `'${org.mspId}.${role}'`).join(',')})`;
  const signature = (roles: readonly string[]): { Type: string; Rule: string } => ({ Type: 'Signature', Rule: principals(roles) });
  const definition = {
    Name: org.mspId,
    ID: org.mspId,
    MSPDir: options.layout.orgMsp(org),
    Policies: {
      Readers: signature(['admin', 'peer', 'client']),
      Writers: signature(['admin', 'client']),
      Admins: signature(['admin']),
      Endorsement: signature(['peer']),
    },
  };
  writeFileSync(path.join(dir, 'configtx.yaml'), stringify({ Organizations: [definition] }));
  const { stdout } = await runCommand(options.binaries.configtxgen, ['-configPath', dir, '-printOrg', org.mspId]);
  return JSON.parse(stdout) as ConfigGroupJson;
}

/** Where the update that adds an org is kept: the envelope that travels from admin to admin. */
export function addOrgUpdateFile(options: Pick<ChannelUpdateOptions, 'layout'>, org: OrgConfig): string {
  return path.join(options.layout.configUpdateDir(`add-${org.mspId}`), 'update.pb');
}

/** Whether an org is an application org of the channel (its config update was applied). */
export async function isChannelMember(options: ChannelUpdateOptions, org: OrgConfig): Promise<boolean> {
  const config = await fetchChannelConfig(options, firstMemberOrg(options), options.layout.configUpdateDir('current'));
  return applicationOrgs(config).includes(org.mspId);
}

/**
 * Composes the unsigned update that adds an org (its MSP group, policies and anchor peer) to the
 * channel's Application group and rewrites `CaseEndorsement` with the org's peer, wrapped in a CONFIG_UPDATE envelope, as an admin of the first
 * founding org. An envelope written before (maybe signed already) is kept.
 * @returns the envelope file and what the channel's policy asks of it.
 * @throws {NetworkError} COMMAND_FAILED from configtxgen, configtxlator or the peer CLI.
 */
export async function writeAddOrgUpdate(options: ChannelUpdateOptions, org: OrgConfig): Promise<{ file: string; requirement: SignatureRequirement }> {
  const file = addOrgUpdateFile(options, org);
  const dir = path.dirname(file);
  const current = await fetchChannelConfig(options, firstMemberOrg(options), dir);
  const requirement = applicationAdminsRequirement(current);
  if (existsSync(file)) return { file, requirement };
  const withOrg = withApplicationOrg(current, org.mspId, await printOrgDefinition(options, org), { host: orgEndpoints(org).host, port: org.ports.peer });
  // the new org's peer counts for the case chaincode from this update on, with no new definition (ADR 0009)
  const updated = withCaseEndorsementPolicy(withOrg, caseEndorsementOutOf(options.config));
  await encode(options, 'common.Config', current, path.join(dir, 'original.pb'));
  await encode(options, 'common.Config', updated, path.join(dir, 'updated.pb'));
  const channel = options.config.channel;
  const update = path.join(dir, 'config-update.pb');
  await runCommand(options.binaries.configtxlator, [
    'compute_update', '--channel_id', channel, '--original', path.join(dir, 'original.pb'), '--updated', path.join(dir, 'updated.pb'), '--output', update,
  ]);
  const configUpdate = await decode(options, 'common.ConfigUpdate', update);
  // HeaderType CONFIG_UPDATE is 2
  const envelope = { payload: { header: { channel_header: { channel_id: channel, type: 2 } }, data: { config_update: configUpdate } } };
  await encode(options, 'common.Envelope', envelope, file);
  return { file, requirement };
}

/** The MSP IDs whose admins have signed an update envelope. */
export async function readUpdateSigners(options: ChannelUpdateOptions, file: string): Promise<string[]> {
  return configUpdateSigners((await decode(options, 'common.Envelope', file)) as ConfigUpdateEnvelopeJson);
}

/**
 * Adds an org admin's signature to an update envelope, in place (`peer channel signconfigtx`, no
 * network call), unless that org signed it already.
 * @returns the MSP IDs that have signed it now.
 * @throws {NetworkError} COMMAND_FAILED when the file is not an envelope or the CLI cannot sign.
 */
export async function signConfigUpdate(options: ChannelUpdateOptions, org: OrgConfig, file: string): Promise<string[]> {
  if (!existsSync(file)) throw new NetworkError('COMMAND_FAILED', `no update envelope at ${file}`);
  const before = await readUpdateSigners(options, file);
  if (before.includes(org.mspId)) return before;
  await runCommand(options.binaries.peer, ['channel', 'signconfigtx', '-f', file], { env: createPeerCliEnv(options.layout, org, fabricAdminIdentity) });
  return readUpdateSigners(options, file);
}

/**
 * Submits a signed update envelope to an orderer as an org's admin (`peer channel update`, which
 * adds that admin's signature too); the orderer checks the signatures against the channel's policy.
 * @throws {NetworkError} COMMAND_FAILED with the orderer's reason (e.g. not enough signatures).
 */
export async function submitConfigUpdate(options: ChannelUpdateOptions, org: OrgConfig, file: string): Promise<void> {
  await runCommandWithRetry(options.binaries.peer, ['channel', 'update', '-f', file, '-c', options.config.channel, ...ordererArgs(options, org)], {
    env: createPeerCliEnv(options.layout, org),
    deadlineMs: 20_000,
    retryIf: (error) => /SERVICE_UNAVAILABLE|connection refused/i.test(error.message),
  });
}
