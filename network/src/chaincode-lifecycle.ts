import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeCcaasPackage, type CcaasTls } from './chaincode-package';
import { startChaincodeServer } from './chaincode-server';
import { fetchChannelConfig, firstMemberOrg } from './channel-update-steps';
import { CASE_ENDORSEMENT_POLICY_NAME, CASE_ENDORSEMENT_POLICY_REFERENCE, createCollectionsConfigForGrowth, createEndorsementPolicy } from './collections-config';
import type { FabricBinaries } from './fabric-binaries';
import { chaincodeClientIdentity, ordererOrgFor, orgEndpoints, repoDir, runsOrderer, type ChaincodeConfig, type NetworkConfig, type OrgConfig } from './layout';
import { NetworkError } from './network-error';
import { createPeerCliEnv } from './peer-node';
import type { ProcessRegistry } from './process-registry';
import { runCommand, runCommandWithRetry } from './run-command';
import type { RunLayout } from './layout';

/** Dependencies of the chaincode lifecycle step. */
export interface LifecycleOptions {
  readonly config: NetworkConfig;
  readonly layout: RunLayout;
  readonly registry: ProcessRegistry;
  readonly binaries: FabricBinaries;
  readonly log: (line: string) => void;
}

/** What the run folder remembers of a chaincode's latest definition. */
export interface ChaincodeDeployState {
  readonly sequence: number;
  readonly version: string;
  readonly packageIds: Record<string, string>;
  /** True when the packages require mutual TLS; a definition from before that is redeployed by `up`. */
  readonly tls?: boolean;
  /**
   * The endorsement policy of this definition as committed: a signature policy (`OutOf(...)`) or a
   * channel policy reference (`/Channel/Application/CaseEndorsement`). An org that joins later
   * approves this one (not a policy derived from the grown table), or its approval would not match
   * the definition.
   */
  readonly endorsementPolicy?: string;
}

function readDeployState(layout: RunLayout, name: string): ChaincodeDeployState | undefined {
  const file = layout.chaincodeState(name);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as ChaincodeDeployState) : undefined;
}

/** The orderer an org's lifecycle transactions go to: its own, or the first founding org's when it runs none. */
function ordererArgs(options: LifecycleOptions, org: OrgConfig): string[] {
  const orderer = ordererOrgFor(options.config, org);
  return ['-o', orgEndpoints(orderer).orderer, '--tls', '--cafile', options.layout.caCert(orderer)];
}

/**
 * The endorsement policy a definition carries: the one it was committed with, else derived from the
 * founding orgs (a state file from before the policy was recorded belongs to a network without added orgs).
 */
function policyOf(options: LifecycleOptions, cc: ChaincodeConfig, state: ChaincodeDeployState): string {
  return state.endorsementPolicy ?? createEndorsementPolicy({ orgs: options.config.orgs.filter(runsOrderer) }, cc.endorsement.outOf);
}

/**
 * The peer CLI flag and value of a definition's endorsement policy: a channel policy reference
 * (`/Channel/...`) goes to `--channel-config-policy`, anything else is a signature policy.
 */
export function endorsementPolicyArgs(policy: string): [string, string] {
  return [policy.startsWith('/Channel/') ? '--channel-config-policy' : '--signature-policy', policy];
}

function definitionArgs(options: LifecycleOptions, cc: ChaincodeConfig, state: ChaincodeDeployState): string[] {
  const args = [
    '--channelID', options.config.channel,
    '--name', cc.name,
    '--version', state.version,
    '--sequence', String(state.sequence),
    ...endorsementPolicyArgs(policyOf(options, cc, state)),
  ];
  if (cc.privateDataPerLand) args.push('--collections-config', options.layout.collectionsConfig(cc.name));
  return args;
}

/** Retries while the orderer has no Raft leader yet (the first seconds after a channel join). */
function isOrdererStarting(error: NetworkError): boolean {
  return /SERVICE_UNAVAILABLE|no Raft leader|connection refused|deadline exceeded/i.test(error.message);
}

/** The committed sequence of a chaincode on the channel, 0 when it was never committed. */
export async function queryCommittedSequence(options: LifecycleOptions, name: string): Promise<number> {
  const org = options.config.orgs[0];
  if (!org) return 0;
  try {
    const { stdout } = await runCommand(
      options.binaries.peer,
      ['lifecycle', 'chaincode', 'querycommitted', '--channelID', options.config.channel, '--name', name, '-O', 'json'],
      { env: createPeerCliEnv(options.layout, org) },
    );
    return (JSON.parse(stdout) as { sequence: number }).sequence;
  } catch (error) {
    if (error instanceof NetworkError && /not (be )?found|not defined|does not exist/i.test(error.message)) return 0;
    throw error;
  }
}

async function installPackage(options: LifecycleOptions, org: OrgConfig, file: string, packageId: string): Promise<void> {
  const env = createPeerCliEnv(options.layout, org);
  const { stdout } = await runCommand(options.binaries.peer, ['lifecycle', 'chaincode', 'queryinstalled', '-O', 'json'], { env });
  if (stdout.includes(packageId)) return;
  await runCommand(options.binaries.peer, ['lifecycle', 'chaincode', 'install', file], { env });
}

async function approvals(options: LifecycleOptions, cc: ChaincodeConfig, state: ChaincodeDeployState, org: OrgConfig): Promise<Record<string, boolean>> {
  const { stdout } = await runCommandWithRetry(
    options.binaries.peer,
    ['lifecycle', 'chaincode', 'checkcommitreadiness', ...definitionArgs(options, cc, state), '-O', 'json'],
    { env: createPeerCliEnv(options.layout, org), deadlineMs: 20_000, retryIf: isOrdererStarting },
  );
  return (JSON.parse(stdout) as { approvals: Record<string, boolean> }).approvals;
}

async function approve(options: LifecycleOptions, cc: ChaincodeConfig, state: ChaincodeDeployState, org: OrgConfig): Promise<void> {
  const packageId = state.packageIds[org.key] ?? '';
  await runCommandWithRetry(
    options.binaries.peer,
    ['lifecycle', 'chaincode', 'approveformyorg', ...ordererArgs(options, org), ...definitionArgs(options, cc, state), '--package-id', packageId],
    { env: createPeerCliEnv(options.layout, org), deadlineMs: 30_000, retryIf: isOrdererStarting },
  );
}

async function commit(options: LifecycleOptions, cc: ChaincodeConfig, state: ChaincodeDeployState): Promise<void> {
  const { config, layout } = options;
  const first = config.orgs[0] as OrgConfig;
  const peers = config.orgs.flatMap((org) => ['--peerAddresses', orgEndpoints(org).peer, '--tlsRootCertFiles', layout.caCert(org)]);
  await runCommandWithRetry(
    options.binaries.peer,
    ['lifecycle', 'chaincode', 'commit', ...ordererArgs(options, first), ...definitionArgs(options, cc, state), ...peers],
    { env: createPeerCliEnv(layout, first), deadlineMs: 30_000, retryIf: isOrdererStarting },
  );
}

function chaincodeVersion(cc: ChaincodeConfig): string {
  const manifest = path.join(repoDir, cc.path, 'package.json');
  return existsSync(manifest) ? (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? '1.0' : '1.0';
}

async function startServer(options: LifecycleOptions, cc: ChaincodeConfig, state: ChaincodeDeployState, org: OrgConfig): Promise<void> {
  const packageId = state.packageIds[org.key];
  // an org added to the network has no package until it joined the chaincode (network:add-org)
  if (packageId === undefined) return;
  await startChaincodeServer(options, {
    org,
    chaincode: cc.name,
    chaincodeDir: path.join(repoDir, cc.path),
    packageId,
    port: org.ports.chaincode[cc.name] ?? 0,
  });
}

async function startServers(options: LifecycleOptions, cc: ChaincodeConfig, state: ChaincodeDeployState): Promise<void> {
  for (const org of options.config.orgs) await startServer(options, cc, state, org);
}

/** The org CA's certificate and the peer's chaincode client pair, for the packages' connection.json. */
function readCcaasTls(layout: RunLayout, org: OrgConfig): CcaasTls {
  const client = layout.identity(org, chaincodeClientIdentity);
  return {
    rootCert: readFileSync(layout.caCert(org), 'utf8'),
    clientCert: readFileSync(client.tlsCert, 'utf8'),
    clientKey: readFileSync(client.tlsKey, 'utf8'),
  };
}

/** Writes an org's package of a sequence (once) and installs it on the org's peer (unless installed); returns its package ID. */
async function installOrgPackage(options: LifecycleOptions, cc: ChaincodeConfig, sequence: number, org: OrgConfig): Promise<string> {
  const { layout } = options;
  const label = `${cc.name}_${sequence}`;
  const address = orgEndpoints(org).chaincode(cc.name);
  const pkg = await writeCcaasPackage(path.join(layout.chaincodeDir(cc.name), org.key, label), label, address, readCcaasTls(layout, org));
  await installPackage(options, org, pkg.file, pkg.packageId);
  return pkg.packageId;
}

function writeDeployState(layout: RunLayout, name: string, state: ChaincodeDeployState): void {
  writeFileSync(layout.chaincodeState(name), `${JSON.stringify(state, null, 2)}\n`);
}

/**
 * The endorsement policy a new definition of a chaincode carries: the channel's `CaseEndorsement`
 * reference when the table entry asks for it and the channel has that policy (a channel created
 * before ADR 0009 has not, until an add-org update adds it), else n of the table's orgs' peers.
 */
async function newDefinitionPolicy(options: LifecycleOptions, cc: ChaincodeConfig): Promise<string> {
  const signaturePolicy = createEndorsementPolicy(options.config, cc.endorsement.outOf);
  if (cc.endorsement.channelPolicy !== true) return signaturePolicy;
  const channel = await fetchChannelConfig(options, firstMemberOrg(options), path.join(options.layout.chaincodeDir(cc.name), 'channel-config'));
  if (channel.channel_group.groups?.Application?.policies?.[CASE_ENDORSEMENT_POLICY_NAME] !== undefined) return CASE_ENDORSEMENT_POLICY_REFERENCE;
  options.log(`the channel has no ${CASE_ENDORSEMENT_POLICY_REFERENCE} policy: ${cc.name} keeps a signature policy`);
  return signaturePolicy;
}

async function prepareDefinition(options: LifecycleOptions, cc: ChaincodeConfig, sequence: number): Promise<ChaincodeDeployState> {
  const { layout, config } = options;
  const packageIds: Record<string, string> = {};
  for (const org of config.orgs) packageIds[org.key] = await installOrgPackage(options, cc, sequence, org);
  mkdirSync(layout.chaincodeDir(cc.name), { recursive: true });
  if (cc.privateDataPerLand) {
    writeFileSync(layout.collectionsConfig(cc.name), `${JSON.stringify(createCollectionsConfigForGrowth(config), null, 2)}\n`);
  }
  const endorsementPolicy = await newDefinitionPolicy(options, cc);
  const state = { sequence, version: chaincodeVersion(cc), packageIds, tls: true, endorsementPolicy };
  writeDeployState(layout, cc.name, state);
  return state;
}

/**
 * Brings a chaincode to its committed definition: restarts the servers of a committed one, or
 * (when `redeploy` is set, it was never committed, or its packages predate mutual TLS) packages, installs, starts the servers,
 * approves for every org and commits the next sequence. Steps already done are skipped.
 * @throws {NetworkError} COMMAND_FAILED from the peer CLI, NOT_READY when a server does not listen.
 */
export async function deployChaincode(options: LifecycleOptions, cc: ChaincodeConfig, redeploy: boolean): Promise<ChaincodeDeployState> {
  const committed = await queryCommittedSequence(options, cc.name);
  const saved = readDeployState(options.layout, cc.name);
  if (committed > 0 && !redeploy && saved?.sequence === committed && saved.tls === true) {
    await startServers(options, cc, saved);
    return saved;
  }
  const sequence = committed + 1;
  const state = saved?.sequence === sequence ? saved : await prepareDefinition(options, cc, sequence);
  await startServers(options, cc, state);
  const first = options.config.orgs[0] as OrgConfig;
  const approved = await approvals(options, cc, state, first);
  for (const org of options.config.orgs) {
    if (approved[org.mspId] !== true) await approve(options, cc, state, org);
  }
  await commit(options, cc, state);
  options.log(`committed chaincode ${cc.name} sequence ${sequence} (${policyOf(options, cc, state)})`);
  return state;
}

async function isApprovedBy(options: LifecycleOptions, cc: ChaincodeConfig, state: ChaincodeDeployState, org: OrgConfig): Promise<boolean> {
  try {
    const { stdout } = await runCommand(
      options.binaries.peer,
      ['lifecycle', 'chaincode', 'queryapproved', '--channelID', options.config.channel, '--name', cc.name, '--sequence', String(state.sequence), '-O', 'json'],
      { env: createPeerCliEnv(options.layout, org) },
    );
    return (JSON.parse(stdout) as { sequence?: number }).sequence === state.sequence;
  } catch (error) {
    if (error instanceof NetworkError && /could not fetch|not found|does not exist/i.test(error.message)) return false;
    throw error;
  }
}

/**
 * Lets an org that joined the channel after the chaincode was committed run it: installs its own
 * package of the committed sequence, starts its chaincode server and approves the CURRENT committed
 * definition for the org (same sequence, version, policy and collections), so its peer endorses and
 * serves the chaincode without a new definition. Steps already done are skipped.
 * @throws {NetworkError} NOT_RUNNING when the chaincode is not committed or the run folder's record
 *   of it is not the committed sequence (an upgrade half done); COMMAND_FAILED from the peer CLI.
 */
export async function joinOrgToChaincode(options: LifecycleOptions, cc: ChaincodeConfig, org: OrgConfig): Promise<ChaincodeDeployState> {
  const committed = await queryCommittedSequence(options, cc.name);
  const saved = readDeployState(options.layout, cc.name);
  if (committed === 0 || saved?.sequence !== committed) {
    throw new NetworkError('NOT_RUNNING', `chaincode ${cc.name} is at sequence ${committed} but the run folder records ${saved?.sequence ?? 'none'}: ` +
      "finish the deployment with 'npm run network:upgrade-chaincode' first");
  }
  const packageId = await installOrgPackage(options, cc, committed, org);
  const state = { ...saved, packageIds: { ...saved.packageIds, [org.key]: packageId } };
  writeDeployState(options.layout, cc.name, state);
  await startServer(options, cc, state, org);
  if (!(await isApprovedBy(options, cc, state, org))) {
    await approve(options, cc, state, org);
    options.log(`approved ${cc.name} sequence ${committed} for ${org.mspId} (${policyOf(options, cc, state)})`);
  }
  return state;
}
