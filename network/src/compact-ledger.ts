import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { resolveFabricBinaries } from './fabric-binaries';
import { installLeveldbCompact } from './leveldb-compact-install';
import type { OrgConfig } from './layout';
import type { NetworkContext } from './network-context';
import { NetworkError } from './network-error';
import type { NodeStepOptions } from './orderer-node';
import { startPeer, waitForPeerDiscovery } from './peer-node';
import { runCommand } from './run-command';
import { processNames } from './layout';

const compactedDatabaseSchema = z.strictObject({
  path: z.string(),
  filesBefore: z.number().int(),
  bytesBefore: z.number().int(),
  filesAfter: z.number().int(),
  bytesAfter: z.number().int(),
  millis: z.number().int(),
  pendingPurges: z.number().int().optional(),
  transientWriteSets: z.number().int().optional(),
  transientDropped: z.number().int().optional(),
});

/**
 * One LevelDB database of a peer as leveldb-compact reports it: files and bytes before and after,
 * time taken; for the private data store the purges Fabric has not applied yet (their data is
 * still live, so compaction cannot remove it), for the transient store the private write sets of
 * transactions that were never committed (Fabric keeps them for up to twice
 * `peer.gossip.pvtData.transientstoreMaxBlockRetention` blocks) and how many write sets of
 * committed transactions were deleted: a peer deletes those itself at commit only for the
 * collections it is a member of, so an Ausländerbehörde's peer, which endorses writes to its
 * Land's collection without being a member (ADR 0009), would keep them until they age out.
 */
export type CompactedDatabase = z.infer<typeof compactedDatabaseSchema>;

/** What compaction did on one org's peer. */
export interface PeerCompaction {
  readonly mspId: string;
  readonly databases: readonly CompactedDatabase[];
  /** Whether the peer was running (it was then stopped and started again). */
  readonly restarted: boolean;
  /** From stopping the peer until it answered /healthz again; 0 when it was not running. */
  readonly downtimeMs: number;
}

/** Options of the compaction step: the node options and the compaction program. */
export interface CompactLedgerOptions extends NodeStepOptions {
  /** Path of the leveldb-compact program. */
  readonly tool: string;
}

/** Every folder under `dir` that holds a LevelDB database (a CURRENT file), sorted. */
export function findLevelDbFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const here = existsSync(path.join(dir, 'CURRENT')) ? [dir] : [];
  const below = readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => findLevelDbFolders(path.join(dir, entry.name)));
  return [...here, ...below].sort();
}

/**
 * Parses leveldb-compact's output, one JSON line per database.
 * @throws {NetworkError} COMMAND_FAILED when a line is not a report.
 */
export function parseCompactionReport(stdout: string): CompactedDatabase[] {
  return stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const parsed = compactedDatabaseSchema.safeParse(parseJsonOrUndefined(line));
      if (!parsed.success) throw new NetworkError('COMMAND_FAILED', `leveldb-compact printed an unexpected line: ${line.slice(0, 200)}`);
      return parsed.data;
    });
}

function parseJsonOrUndefined(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return undefined;
  }
}

/**
 * Compacts every LevelDB database of an org's peer: stops the peer if it runs (LevelDB allows one
 * process per database), compacts, and starts it again (also when compaction failed).
 * @throws {NetworkError} COMMAND_FAILED when compaction fails, NOT_READY when the peer does not come back.
 */
export async function compactPeerLedger(options: CompactLedgerOptions, org: OrgConfig): Promise<PeerCompaction> {
  const name = processNames.peer(org);
  const restarted = options.registry.runningPid(name) !== undefined;
  const stopped = Date.now();
  if (restarted) await options.registry.stop(name);
  let databases: CompactedDatabase[] = [];
  try {
    const folders = findLevelDbFolders(options.layout.peerLedger(org));
    if (folders.length > 0) databases = parseCompactionReport((await runCommand(options.tool, compactionArguments(folders), { timeoutMs: 600_000 })).stdout);
  } finally {
    if (restarted) await startPeer(options, org);
  }
  return { mspId: org.mspId, databases, restarted, downtimeMs: restarted ? Date.now() - stopped : 0 };
}

/**
 * The program's arguments for a peer's databases: with the peer's block index when it has one, so
 * that the transient store loses the write sets of the transactions committed already.
 */
export function compactionArguments(folders: readonly string[]): string[] {
  const index = folders.find((folder) => folder.endsWith(`${path.sep}ledgersData${path.sep}chains${path.sep}index`));
  return [...(index ? ['-block-index', index] : []), ...folders];
}

function selectOrgs(ctx: NetworkContext, names: readonly string[]): OrgConfig[] {
  if (names.length === 0) return [...ctx.config.orgs];
  return names.map((name) => {
    const org = ctx.config.orgs.find((entry) => entry.key === name || entry.mspId === name);
    if (!org) throw new NetworkError('COMMAND_FAILED', `no org '${name}' in the network table (give an org key or MSP ID)`);
    return org;
  });
}

function summary(result: PeerCompaction): string {
  const before = result.databases.reduce((sum, db) => sum + db.bytesBefore, 0);
  const after = result.databases.reduce((sum, db) => sum + db.bytesAfter, 0);
  const down = result.restarted ? `, peer down ${(result.downtimeMs / 1000).toFixed(1)} s` : ' (peer was not running)';
  return `compacted ${result.databases.length} LevelDB databases of the peer of ${result.mspId}: ${before} -> ${after} bytes${down}`;
}

function warnings(result: PeerCompaction): string[] {
  const dropped = result.databases
    .filter((db) => (db.transientDropped ?? 0) > 0)
    .map((db) => `  ${result.mspId}: deleted ${db.transientDropped ?? 0} private write sets of committed transactions from ${db.path}`);
  const left = result.databases
    .filter((db) => (db.transientWriteSets ?? 0) > 0)
    .map((db) => `  ${result.mspId}: ${db.transientWriteSets ?? 0} private write sets of uncommitted transactions stay in ${db.path} until Fabric drops them by block height`);
  return [...dropped, ...left];
}

/**
 * The operator step after erasures: compacts the peers' LevelDB databases, one org's peer at a time
 * (the others keep serving), so that purged private data and every replaced version leave the
 * files. Waits until gossip knows every peer again before the next one is stopped.
 * @param orgNames org keys or MSP IDs; all orgs of the table when empty.
 * @throws {NetworkError} PURGE_PENDING when a peer had not yet applied a purge (run again after the
 *   next block), COMMAND_FAILED, NOT_READY, GO_MISSING, MISSING_BINARY.
 */
export async function compactLedgers(ctx: NetworkContext, orgNames: readonly string[] = []): Promise<PeerCompaction[]> {
  const orgs = selectOrgs(ctx, orgNames);
  const binaries = await resolveFabricBinaries(ctx.env);
  const tool = await installLeveldbCompact(ctx.env, ctx.log);
  const options: CompactLedgerOptions = { ...ctx, binaries, fabricCfg: ctx.env.fabricCfg, tool };
  const results: PeerCompaction[] = [];
  for (const org of orgs) {
    const result = await compactPeerLedger(options, org);
    results.push(result);
    ctx.log(summary(result));
    for (const line of warnings(result)) ctx.log(line);
    const everyPeerRuns = ctx.config.orgs.every((each) => ctx.registry.runningPid(processNames.peer(each)) !== undefined);
    if (result.restarted && everyPeerRuns) await Promise.all(ctx.config.orgs.map((each) => waitForPeerDiscovery(options, each)));
  }
  const pending = results.filter((result) => result.databases.some((db) => (db.pendingPurges ?? 0) > 0)).map((result) => result.mspId);
  if (pending.length > 0) {
    const interval = ctx.config.peerLedger.pvtdataPurgeInterval;
    throw new NetworkError(
      'PURGE_PENDING',
      `the private data store of ${pending.join(', ')} still holds purges the peer had not applied when it stopped ` +
        `(a peer applies them after committing a block whose number is a multiple of peerLedger.pvtdataPurgeInterval, here ${interval}): ` +
        'run compact-ledger again once such a block has been committed',
    );
  }
  return results;
}
