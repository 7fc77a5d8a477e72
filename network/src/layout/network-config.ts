import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { OrgKind, RetentionYears, Role as DomainRole } from '@asylum-ledger/domain';

const port = z.number().int().min(1024).max(65535);

// Roles and org kinds are the domain model's, defined once in the chaincode.
const roleSchema = DomainRole;

/** Schema of one org row of the table (also of an added org's file in the run folder's `orgs.d/`). */
export const orgConfigSchema = z.strictObject({
  key: z.string().regex(/^[a-z][a-z0-9]{1,15}$/),
  mspId: z.string().regex(/^[A-Z][A-Za-z0-9]*MSP$/),
  name: z.string().min(1),
  kind: OrgKind,
  landCode: z.string().regex(/^DE(-[A-Z]{2})?$/),
  roles: z.array(roleSchema).min(1),
  /**
   * The IPv4 address of the host the org's nodes run on: they listen on it and every other org
   * dials it (channel endpoints, anchor peer, Raft consenter, CA URL, chaincode servers, the
   * gateway's peer); its TLS certificates carry it. Default 127.0.0.1 (all orgs on one host).
   */
  host: z.ipv4().optional(),
  /**
   * The address of the org's operations endpoints (no TLS): default 127.0.0.1, so only the org's
   * own host reaches them. Set it only on a link no other machine can reach, or with TLS and
   * client certificates (docs/operations-network.md).
   */
  operationsHost: z.ipv4().optional(),
  /**
   * Whether the org runs a Raft orderer node (a consenter of the channel). Absent means yes: the
   * founding orgs of the table each run one. An org added to a running network (network:add-org)
   * starts without one: its ports stay reserved, and adding a consenter is a change of its own.
   */
  runsOrderer: z.boolean().optional(),
  ports: z.strictObject({
    ca: port,
    caOperations: port,
    orderer: port,
    ordererAdmin: port,
    ordererOperations: port,
    peer: port,
    peerChaincode: port,
    peerOperations: port,
    chaincode: z.record(z.string(), port),
    gatewayApi: port,
  }),
});

const chaincodeSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]*$/),
  path: z.string().min(1),
  deployOnUp: z.boolean(),
  /**
   * outOf: n of the application orgs' peers. channelPolicy: the definition references the channel
   * policy /Channel/Application/CaseEndorsement (ADR 0009) instead of naming the orgs itself.
   */
  endorsement: z.strictObject({ outOf: z.number().int().min(1), channelPolicy: z.boolean().optional() }),
  privateDataPerLand: z.boolean(),
  bootstrapDirectory: z.boolean(),
});

const durationSchema = z.string().regex(/^\d+(ms|s)$/);

/** Schema of network/config/network.json, with the cross-field rules (unique ports, names, roles). */
export const networkConfigSchema = z
  .strictObject({
    $comment: z.string().optional(),
    domain: z.string().regex(/^[a-z0-9.-]+$/),
    channel: z.string().regex(/^[a-z][a-z0-9.-]*$/),
    blockCutting: z.strictObject({
      batchTimeout: durationSchema,
      maxMessageCount: z.number().int().min(1).max(10000),
      absoluteMaxBytes: z.string().regex(/^\d+ (KB|MB)$/),
      preferredMaxBytes: z.string().regex(/^\d+ (KB|MB)$/),
    }),
    peerLedger: z.strictObject({
      /**
       * Every how many blocks a peer applies purges (`purgePrivateData`, `blockToLive`) to its private
       * data store (`ledger.pvtdataStore.purgeInterval`, Fabric's default 100). Until then the purged
       * versions stay in the store as live data that no compaction can remove.
       */
      pvtdataPurgeInterval: z.number().int().min(1).max(10000),
    }),
    /**
     * How many years the ledger keeps a finished case (from finality, or from closing without a
     * final decision): written into the authority directory at bootstrap; later changes go through
     * the directory's governance (docs/data-protection.md).
     */
    retentionYears: RetentionYears,
    orgs: z.array(orgConfigSchema).min(1),
    chaincodes: z.array(chaincodeSchema).min(1),
  })
  .superRefine((config, ctx) => {
    for (const problem of [...findConfigProblems(config), ...(config.orgs.some(runsOrderer) ? [] : ['no org runs an orderer'])]) {
      ctx.addIssue({ code: 'custom', message: problem });
    }
  });

/** The validated network configuration. */
export type NetworkConfig = z.infer<typeof networkConfigSchema>;
/** One organisation of the network. */
export type OrgConfig = NetworkConfig['orgs'][number];
/** One chaincode the network deploys as a service. */
export type ChaincodeConfig = NetworkConfig['chaincodes'][number];
/** A client role as issued in the certificate attribute `role`. */
export type Role = z.infer<typeof roleSchema>;

/** Whether an org runs an orderer node (every founding org; an added org not until it is made a consenter). */
export function runsOrderer(org: Pick<OrgConfig, 'runsOrderer'>): boolean {
  return org.runsOrderer !== false;
}

/**
 * The org whose orderer an org's CLI talks to: its own, or (for an org without one) the first org of
 * the table that runs one.
 * @throws {Error} when no org of the table runs an orderer.
 */
export function ordererOrgFor(config: Pick<NetworkConfig, 'orgs'>, org: OrgConfig): OrgConfig {
  if (runsOrderer(org)) return org;
  const found = config.orgs.find(runsOrderer);
  if (!found) throw new Error('no org of the network table runs an orderer');
  return found;
}

/** Every port of the table with the process that owns it, in table order. */
export function listPorts(config: Pick<NetworkConfig, 'orgs'>): { owner: string; port: number }[] {
  return config.orgs.flatMap((org) => {
    const { chaincode, ...fixed } = org.ports;
    return [
      ...Object.entries(fixed).map(([name, value]) => ({ owner: `${org.mspId} ${name}`, port: value })),
      ...Object.entries(chaincode).map(([name, value]) => ({
        owner: `${org.mspId} chaincode ${name}`,
        port: value,
      })),
    ];
  });
}

function findDuplicates(values: readonly string[]): string[] {
  return [...new Set(values.filter((value, index) => values.indexOf(value) !== index))];
}

function findConfigProblems(config: Omit<NetworkConfig, '$comment'>): string[] {
  const problems: string[] = [];
  const ports = listPorts(config);
  for (const dup of findDuplicates(ports.map((entry) => String(entry.port)))) {
    const owners = ports.filter((entry) => String(entry.port) === dup).map((entry) => entry.owner);
    problems.push(`port ${dup} is used twice: ${owners.join(', ')}`);
  }
  for (const dup of findDuplicates(config.orgs.map((org) => org.mspId))) problems.push(`duplicate MSP ID ${dup}`);
  for (const dup of findDuplicates(config.orgs.map((org) => org.key))) problems.push(`duplicate org key ${dup}`);
  for (const dup of findDuplicates(config.chaincodes.map((cc) => cc.name))) problems.push(`duplicate chaincode ${dup}`);
  for (const org of config.orgs) {
    for (const dup of findDuplicates(org.roles)) problems.push(`${org.mspId}: role ${dup} listed twice`);
    if (!org.roles.includes('ADMIN')) problems.push(`${org.mspId}: every org needs an ADMIN identity`);
    for (const cc of config.chaincodes) {
      if (org.ports.chaincode[cc.name] === undefined) {
        problems.push(`${org.mspId}: no chaincode server port for ${cc.name}`);
      }
    }
  }
  return [...problems, ...findEndorsementProblems(config)];
}

function findEndorsementProblems(config: Pick<NetworkConfig, 'orgs' | 'chaincodes'>): string[] {
  const problems = config.chaincodes
    .filter((cc) => cc.endorsement.outOf > config.orgs.length)
    .map((cc) => `${cc.name}: endorsement needs ${cc.endorsement.outOf} orgs but the network has ${config.orgs.length}`);
  // one channel policy (CaseEndorsement) serves them all
  const channelPolicyOutOf = new Set(config.chaincodes.filter((cc) => cc.endorsement.channelPolicy === true).map((cc) => cc.endorsement.outOf));
  if (channelPolicyOutOf.size > 1) problems.push('the chaincodes that reference the channel endorsement policy must agree on its outOf');
  return problems;
}

/**
 * Parses and validates a network configuration object.
 * @throws {Error} with every problem on its own line when the table is invalid.
 */
export function parseNetworkConfig(raw: unknown): NetworkConfig {
  const result = networkConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `${issue.path.join('.') || 'config'}: ${issue.message}`);
    throw new Error(`invalid network config:\n${lines.join('\n')}`);
  }
  return result.data;
}

/** The folder of the network workspace (network/). */
// src/layout and dist/layout are both two levels below the package folder
export const networkDir = path.resolve(__dirname, '..', '..');

/** The repository root. */
export const repoDir = path.resolve(networkDir, '..');

/** Path of the committed network table. */
export const defaultConfigPath = path.join(networkDir, 'config', 'network.json');

/** Reads and validates the network table (network/config/network.json unless a path is given). */
export function loadNetworkConfig(file: string = defaultConfigPath): NetworkConfig {
  return parseNetworkConfig(JSON.parse(readFileSync(file, 'utf8')) as unknown);
}
