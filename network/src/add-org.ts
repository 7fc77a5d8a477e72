/**
 * `network:add-org`: onboards a new Land authority or Ausländerbehörde into the RUNNING network,
 * without stopping anything. Each step is a function of its own, printed as it runs, and skipped
 * when already done, so a run that stopped (e.g. waiting for the other admins' signatures) is
 * resumed by running the same command again. docs/operations.md has the runbook.
 */
import { startCaServer } from './ca-server';
import { joinOrgToChaincode, queryCommittedSequence, type LifecycleOptions } from './chaincode-lifecycle';
import { ensureChaincodeBuilt } from './chaincode-build';
import { firstMemberOrg, isChannelMember, readUpdateSigners, signConfigUpdate, submitConfigUpdate, writeAddOrgUpdate, type ChannelUpdateOptions } from './channel-update-steps';
import { missingSigners } from './channel-org-update';
import { registerAuthority } from './directory-onboarding';
import { enrollOrgIdentities } from './enrolment';
import { resolveFabricBinaries, type FabricBinaries } from './fabric-binaries';
import { installFabricCa } from './fabric-ca-install';
import { loadRunningNetworkConfig, orgEndpoints, processNames, recordAddedOrg, type NetworkConfig, type OrgConfig } from './layout';
import type { NetworkContext } from './network-context';
import { NetworkError } from './network-error';
import { placeOrgInNamespace } from './netns';
import { ProcessRegistry } from './process-registry';
import type { NodeStepOptions } from './orderer-node';
import { planAddedOrg, type AddOrgRequest } from './org-onboarding-plan';
import { joinAddedPeer, waitForPeerCaughtUp } from './peer-onboarding';
import { startPeer } from './peer-node';

/** Options of one add-org run. */
export interface AddOrgOptions {
  readonly request: AddOrgRequest;
  /**
   * Sign the channel update with the member orgs' admins found on this host, one after another (the
   * reference network, where every org's MSP is here). Without it the run stops after composing the
   * update and prints the `network:sign-update` command each admin runs.
   */
  readonly collectSignaturesLocally: boolean;
  /**
   * The network namespace (`ip netns`, e.g. made by `createNamespace` in netns.ts) its CA, peer and
   * chaincode servers are started in; its `host` is then the namespace's address. Default: this host.
   */
  readonly namespace?: string;
}

/** What an add-org run did. */
export interface AddOrgOutcome {
  readonly org: OrgConfig;
  /** False when it stopped to wait for signatures. */
  readonly finished: boolean;
  readonly seconds: number;
}

interface Run {
  ctx: NetworkContext;
  readonly binaries: FabricBinaries;
  config: NetworkConfig;
  step: number;
}

const STEPS = 7;

function announce(run: Run, what: string): void {
  run.step += 1;
  run.ctx.log(`step ${run.step}/${STEPS}: ${what}`);
}

function nodeOptions(run: Run): NodeStepOptions {
  const { layout, registry, env, log } = run.ctx;
  return { config: run.config, layout, registry, binaries: run.binaries, fabricCfg: env.fabricCfg, log };
}

function findOrThrow(config: NetworkConfig, mspId: string): OrgConfig {
  const org = config.orgs.find((entry) => entry.mspId === mspId);
  if (!org) throw new NetworkError('COMMAND_FAILED', `no org ${mspId} in the network table`);
  return org;
}

/** True when a recorded row is the one this request asks for (a re-run of the same add-org). */
function isSameOrg(existing: OrgConfig, request: AddOrgRequest): boolean {
  return existing.kind === request.kind && existing.landCode === request.landCode && existing.runsOrderer === false &&
    existing.host === request.host && existing.operationsHost === request.operationsHost;
}

/** Step a: the org's row in run/orgs.d (the same row again on a re-run). */
function recordOrg(run: Run, request: AddOrgRequest): OrgConfig {
  announce(run, `record ${request.mspId} in the network (${run.ctx.layout.addedOrgs})`);
  const existing = run.config.orgs.find((org) => org.mspId === request.mspId);
  if (existing) {
    if (!isSameOrg(existing, request)) {
      throw new NetworkError('COMMAND_FAILED', `${request.mspId} is in the network already as ${existing.kind} ${existing.landCode} at ${orgEndpoints(existing).host}`);
    }
    return existing;
  }
  const org = planAddedOrg(run.config, request);
  const file = recordAddedOrg(run.ctx.layout.root, org);
  run.config = loadRunningNetworkConfig(run.ctx.env.configFile, run.ctx.env.runDir);
  run.ctx.log(`recorded ${org.mspId} (key ${org.key}, ports ${String(org.ports.ca)}–${String(org.ports.gatewayApi)}) in ${file}`);
  return org;
}

/**
 * The context whose registry starts the org's processes in its namespace (and every other process
 * where the given context places it).
 */
function placedInNamespace(run: Run, org: OrgConfig, namespace: string): NetworkContext {
  const ours = placeOrgInNamespace(run.config, org.key, namespace);
  const { ctx } = run;
  const registry = new ProcessRegistry(ctx.layout, { placement: (name) => ours(name) ?? ctx.registry.namespaceOf({ name }) });
  ctx.log(`${org.mspId}'s processes start in the network namespace ${namespace} (at ${orgEndpoints(org).host})`);
  return { ...ctx, registry };
}

/** Step a: its CA, and every identity the founding orgs' CAs issue (roles, peer, chaincode TLS). */
async function startCaAndEnrol(run: Run, org: OrgConfig): Promise<void> {
  announce(run, `start the CA of ${org.mspId} and enrol its identities (${org.roles.join(', ')}; peer, admin, chaincode TLS)`);
  const ca = await installFabricCa(run.ctx.env, run.ctx.log);
  const options = { config: run.config, layout: run.ctx.layout, registry: run.ctx.registry, caServerBinary: ca.server, caClientBinary: ca.client, log: run.ctx.log };
  await startCaServer(options, org);
  await enrollOrgIdentities(options, org);
}

/**
 * Steps b–d: the channel update, composed, signed by enough member admins (locally, or it stops
 * and says who must sign) and submitted. Skipped when the channel lists the org already.
 * @returns false when it stopped to wait for signatures.
 */
async function bringIntoChannel(run: Run, org: OrgConfig, collectLocally: boolean): Promise<boolean> {
  const options: ChannelUpdateOptions = nodeOptions(run);
  announce(run, `compose the channel update that adds ${org.mspId} (configtxlator)`);
  if (await isChannelMember(options, org)) {
    run.ctx.log(`${org.mspId} is an application org of ${run.config.channel} already`);
    run.step += 1;
    return true;
  }
  const { file, requirement } = await writeAddOrgUpdate(options, org);
  run.ctx.log(`update envelope: ${file}; the channel's Application Admins policy is ${requirement.rule} of ${requirement.orgs.join(', ')} (${String(requirement.required)} signatures)`);
  announce(run, 'collect the member admins\' signatures and submit the update');
  let signers = await readUpdateSigners(options, file);
  const found = missingSigners(requirement, signers);
  // in table order: the founding orgs first
  const missing = { ...found, candidates: run.config.orgs.map((entry) => entry.mspId).filter((mspId) => found.candidates.includes(mspId)) };
  if (missing.count > 0 && !collectLocally) {
    run.ctx.log(`signed by ${signers.join(', ') || 'nobody yet'}; ${String(missing.count)} more of ${missing.candidates.join(', ')} must sign, each admin with:`);
    for (const mspId of missing.candidates) run.ctx.log(`  npm run network:sign-update -- --org ${mspId} --file ${file}`);
    run.ctx.log(`then run this add-org command again (it submits the update and continues), or --collect-signatures-locally`);
    return false;
  }
  for (const mspId of missing.candidates.slice(0, missing.count)) {
    signers = await signConfigUpdate(options, findOrThrow(run.config, mspId), file);
    run.ctx.log(`signed by the admin of ${mspId} (network:sign-update --org ${mspId})`);
  }
  const submitter = findOrThrow(run.config, signers.find((mspId) => requirement.orgs.includes(mspId)) ?? firstMemberOrg(options).mspId);
  await submitConfigUpdate(options, submitter, file);
  run.ctx.log(`submitted by the admin of ${submitter.mspId}: ${org.mspId} is an application org of ${run.config.channel} (anchor peer ${orgEndpoints(org).peer})`);
  return true;
}

/** Step d: its peer, joined from block 0 and caught up. */
async function startAndJoinPeer(run: Run, org: OrgConfig): Promise<void> {
  announce(run, `start the peer of ${org.mspId}, join it to ${run.config.channel} from block 0 and let it catch up`);
  const options = nodeOptions(run);
  await startPeer(options, org);
  await joinAddedPeer(options, org);
  const height = await waitForPeerCaughtUp(options, org);
  run.ctx.log(`the peer of ${org.mspId} is at block height ${String(height)}`);
}

/** Step d: every committed chaincode: its own package installed, its server started, the current definition approved. */
async function joinChaincodes(run: Run, org: OrgConfig): Promise<void> {
  announce(run, `install the committed chaincodes on the peer of ${org.mspId}, start its chaincode servers, approve the current definitions`);
  const options: LifecycleOptions = nodeOptions(run);
  for (const cc of run.config.chaincodes) {
    if ((await queryCommittedSequence(options, cc.name)) === 0) continue;
    await ensureChaincodeBuilt(cc, run.ctx.log);
    const state = await joinOrgToChaincode(options, cc, org);
    run.ctx.log(`${org.mspId} runs ${cc.name} sequence ${String(state.sequence)} (package ${state.packageIds[org.key] ?? '?'})`);
  }
}

/** Step e: the authority directory, by proposal and approvals of the participants' ADMINs. */
async function registerInDirectory(run: Run, org: OrgConfig): Promise<void> {
  announce(run, `register ${org.mspId} in the on-ledger authority directory (propose, approve until applied)`);
  const options: LifecycleOptions = nodeOptions(run);
  for (const cc of run.config.chaincodes.filter((entry) => entry.bootstrapDirectory)) {
    const acted = await registerAuthority(options, cc, org);
    run.ctx.log(acted.length === 0 ? `${org.mspId} is in the directory already` : `${org.mspId} is in the directory (${acted.join(', ')} acted)`);
  }
}

/** Step f: how its gateway starts (the gateways are not processes of the network CLI). */
function printGateway(run: Run, org: OrgConfig): void {
  const { env } = run.ctx;
  run.ctx.log(`gateway of ${org.mspId}: port ${String(org.ports.gatewayApi)}. Local stack: restart 'npm start'; it reads the table with run/orgs.d and starts this gateway too.`);
  run.ctx.log(`  production: ORG_MSP_ID=${org.mspId} ORG_KIND=${org.kind} PORT=${String(org.ports.gatewayApi)} LEDGER=fabric ` +
    `ASYLUM_NETWORK_CONFIG=${env.configFile} ASYLUM_NETWORK_RUN_DIR=${env.runDir} DB_PATH=... JWT_ISSUER=... JWT_AUDIENCE=... ` +
    'JWT_JWKS_URL=... LOCAL_REF_KEY_FILE=... npm start -w gateway-api (docs/operations.md)');
  if (org.kind === 'LAND' || org.kind === 'FEDERAL') {
    const collections = org.kind === 'LAND' ? `land-${org.landCode}` : 'every Land collection';
    run.ctx.log(`  its peer keeps the private data of ${collections} after 'npm run network:upgrade-chaincode' (once per such authority; until then the members' peers keep it)`);
  } else {
    run.ctx.log(`  no new chaincode definition: an ${org.kind} authority is no member of a Land's collection; it reads its cases' private fields at a member's peer (ADR 0009)`);
  }
}

/**
 * Adds an org to the running network: record, CA and identities, channel update (composed, signed,
 * submitted), peer joined from block 0, chaincodes approved at their current definitions, entry in
 * the authority directory; prints how to start its gateway.
 * @throws {NetworkError} NOT_RUNNING when the network is not up; COMMAND_FAILED, ENROLMENT_FAILED,
 *   NOT_READY, PORT_IN_USE from the steps.
 */
export async function addOrg(ctx: NetworkContext, options: AddOrgOptions): Promise<AddOrgOutcome> {
  const started = Date.now();
  const binaries = await resolveFabricBinaries(ctx.env);
  const run: Run = { ctx, binaries, config: ctx.config, step: 0 };
  if (ctx.registry.runningPid(processNames.peer(firstMemberOrg(run))) === undefined) {
    throw new NetworkError('NOT_RUNNING', "the network is not running: 'npm run network:up' first");
  }
  const org = recordOrg(run, options.request);
  if (options.namespace !== undefined) run.ctx = placedInNamespace(run, org, options.namespace);
  await startCaAndEnrol(run, org);
  const finished = await bringIntoChannel(run, org, options.collectSignaturesLocally);
  if (finished) {
    await startAndJoinPeer(run, org);
    await joinChaincodes(run, org);
    await registerInDirectory(run, org);
    printGateway(run, org);
  }
  return { org, finished, seconds: (Date.now() - started) / 1000 };
}
