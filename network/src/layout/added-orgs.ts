/**
 * Orgs added to a running network. The committed table (network/config/network.json) describes the
 * founding orgs; `network:add-org` records each further org as one JSON row in the run folder's
 * `orgs.d/`, beside the ledger that knows it, so `network:reset` forgets both together
 * (docs/adr/0008-onboarding-a-running-network.md). Every reader of the table merges them here.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { orgConfigSchema, parseNetworkConfig, type NetworkConfig, type OrgConfig } from './network-config';
import { RunLayout } from './run-layout';

/** File name of an added org's row: its position among the added orgs, then its key (sorts in order of addition). */
export function addedOrgFileName(position: number, key: string): string {
  return `${String(position).padStart(2, '0')}-${key}.json`;
}

/**
 * The rows of the orgs added to the network in a run folder, in order of addition.
 * @throws {Error} naming the file when a row is not a valid org row.
 */
export function readAddedOrgs(runDir: string): OrgConfig[] {
  const dir = new RunLayout(runDir).addedOrgs;
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => {
      const result = orgConfigSchema.safeParse(JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as unknown);
      if (!result.success) throw new Error(`${path.join(dir, file)} is not an org row: ${result.error.issues[0]?.message ?? 'invalid'}`);
      return result.data;
    });
}

/**
 * Records an added org in the run folder (once; an identical row is kept, a different one refused).
 * @returns the file written or found.
 * @throws {Error} when another row for the same MSP ID exists with other values.
 */
export function recordAddedOrg(runDir: string, org: OrgConfig): string {
  const dir = new RunLayout(runDir).addedOrgs;
  mkdirSync(dir, { recursive: true });
  const existing = readdirSync(dir).filter((file) => file.endsWith('.json')).sort();
  const text = `${JSON.stringify(org, null, 2)}\n`;
  for (const file of existing) {
    const row = JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as { mspId?: unknown };
    if (row.mspId !== org.mspId) continue;
    if (readFileSync(path.join(dir, file), 'utf8') !== text) throw new Error(`${org.mspId} is recorded already with other values in ${path.join(dir, file)}`);
    return path.join(dir, file);
  }
  const file = path.join(dir, addedOrgFileName(existing.length + 1, org.key));
  writeFileSync(file, text);
  return file;
}

/**
 * Reads the committed table and merges the orgs added in the run folder, validated as one table
 * (unique ports, MSP IDs and keys across both).
 * @param configFile the table (network/config/network.json unless ASYLUM_NETWORK_CONFIG).
 * @param runDir the run folder (network/run unless ASYLUM_NETWORK_RUN_DIR).
 * @throws {Error} with every problem when the merged table is invalid.
 */
export function loadRunningNetworkConfig(configFile: string, runDir: string): NetworkConfig {
  const raw = JSON.parse(readFileSync(configFile, 'utf8')) as { orgs?: unknown[] };
  return parseNetworkConfig({ ...raw, orgs: [...(raw.orgs ?? []), ...readAddedOrgs(runDir)] });
}
