/**
 * The pure part of onboarding an org into a running network: its table row (key, roles of its
 * kind, ports) from what the admin asks for, and the port block it gets.
 */
import { LandCode, ROLES_BY_ORG_KIND } from '@asylum-ledger/domain';
import { z } from 'zod';
import { listPorts, type NetworkConfig, type OrgConfig } from './layout';

/** Ports Fabric uses by default; no allocated port may be one of them. */
const FABRIC_DEFAULT_PORTS: readonly number[] = [7050, 7051, 7052, 7053, 7054, 8443, 9443];

/** The last two digits of each port within an org's block of 100, as the founding orgs have them (71xx BAMF, 72xx LDS, 73xx ABH). */
const PORT_OFFSETS = {
  orderer: 50, peer: 51, peerChaincode: 52, peerOperations: 53, ca: 54, caOperations: 55,
  ordererAdmin: 57, ordererOperations: 58, chaincodeFirst: 60, gatewayApi: 80,
} as const;

/** What an admin asks for: `network:add-org --msp BBMSP --kind LAND --land DE-BB [--key bb] [--name ...] [--host <ipv4>] [--operations-host <ipv4>]`. */
export const AddOrgRequest = z.strictObject({
  mspId: z.string().regex(/^[A-Z][A-Za-z0-9]*MSP$/, 'an MSP ID ending in MSP, e.g. BBMSP'),
  /** A Land's authority or an Ausländerbehörde; the federal office and audit orgs are not added this way. */
  kind: z.enum(['LAND', 'ABH']),
  landCode: LandCode.refine((code) => code !== 'DE', 'a Land code such as DE-BB'),
  key: z.string().regex(/^[a-z][a-z0-9]{1,15}$/).optional(),
  name: z.string().min(1).optional(),
  /** The IPv4 address its nodes listen on and the others dial (its own host or namespace); default 127.0.0.1. */
  host: z.ipv4().optional(),
  /** The IPv4 address of its operations endpoints (no TLS); default 127.0.0.1. */
  operationsHost: z.ipv4().optional(),
});
/** A parsed add-org request. */
export type AddOrgRequest = z.infer<typeof AddOrgRequest>;

function portsOfBlock(block: number, config: Pick<NetworkConfig, 'chaincodes'>): OrgConfig['ports'] {
  const at = (offset: number): number => block * 100 + offset;
  return {
    ca: at(PORT_OFFSETS.ca), caOperations: at(PORT_OFFSETS.caOperations),
    orderer: at(PORT_OFFSETS.orderer), ordererAdmin: at(PORT_OFFSETS.ordererAdmin), ordererOperations: at(PORT_OFFSETS.ordererOperations),
    peer: at(PORT_OFFSETS.peer), peerChaincode: at(PORT_OFFSETS.peerChaincode), peerOperations: at(PORT_OFFSETS.peerOperations),
    chaincode: Object.fromEntries(config.chaincodes.map((cc, index) => [cc.name, at(PORT_OFFSETS.chaincodeFirst + index)])),
    gatewayApi: at(PORT_OFFSETS.gatewayApi),
  };
}

/**
 * The ports of the next org: the first block of 100 above every block the table uses (74xx after
 * 71xx–73xx, then 75xx, ...) whose ports are all free in the table and none a Fabric default.
 * Deterministic: the same table always gives the same block.
 * @throws {Error} when no block up to 99xx is free.
 */
export function allocateOrgPorts(config: Pick<NetworkConfig, 'orgs' | 'chaincodes'>): OrgConfig['ports'] {
  const used = new Set(listPorts(config).map((entry) => entry.port));
  const highest = Math.max(70, ...[...used].map((port) => Math.floor(port / 100)));
  for (let block = highest + 1; block <= 99; block += 1) {
    const ports = portsOfBlock(block, config);
    const candidates = listPorts({ orgs: [{ ports } as OrgConfig] }).map((entry) => entry.port);
    if (candidates.every((port) => !used.has(port) && !FABRIC_DEFAULT_PORTS.includes(port))) return ports;
  }
  throw new Error('no free block of 100 ports up to 9999 for another org');
}

/** The default key of an org: its MSP ID in lower case without the MSP suffix (BBABHMSP → bbabh). */
export function defaultOrgKey(mspId: string): string {
  return mspId.replace(/MSP$/, '').toLowerCase().slice(0, 16);
}

/**
 * The table row of an org to add: the roles of its kind (so its CA enrols one identity per role),
 * the next free port block, and no orderer node.
 * @throws {Error} when the MSP ID or key is taken, or a Land code is given for the wrong kind.
 */
export function planAddedOrg(config: Pick<NetworkConfig, 'orgs' | 'chaincodes'>, request: AddOrgRequest): OrgConfig {
  const key = request.key ?? defaultOrgKey(request.mspId);
  if (config.orgs.some((org) => org.mspId === request.mspId)) throw new Error(`${request.mspId} is in the network already`);
  if (config.orgs.some((org) => org.key === key)) throw new Error(`the org key ${key} is taken: choose another with --key`);
  return {
    key,
    mspId: request.mspId,
    name: request.name ?? `${request.kind === 'LAND' ? 'Land authority' : 'Auslaenderbehoerde'} ${request.landCode}`,
    kind: request.kind,
    landCode: request.landCode,
    roles: [...ROLES_BY_ORG_KIND[request.kind]],
    runsOrderer: false,
    ports: allocateOrgPorts(config),
    ...(request.host === undefined ? {} : { host: request.host }),
    ...(request.operationsHost === undefined ? {} : { operationsHost: request.operationsHost }),
  };
}
