/**
 * `npm run -s token -- --org LDS --role LAND_RECEPTION [--sub clerk-17] [--ttl 8h]`: mints a
 * development bearer token for one org's gateway of the local stack, signed with the dev key pair in
 * `.run/dev-idp/` (created on first use, 0600). Prints only the token, so `TOKEN=$(...)` works.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { mintDevToken, parseTtl } from '../src/auth/dev-identity-provider';
import { loadRunningNetworkConfig } from '@asylum-ledger/network/layout';

const repoDir = path.resolve(__dirname, '..', '..');

function fail(message: string): never {
  process.stderr.write(`${message}\nusage: npm run -s token -- --org LDS --role LAND_RECEPTION [--sub clerk-17] [--ttl 8h]\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { org: { type: 'string' }, role: { type: 'string' }, sub: { type: 'string', default: 'dev-clerk' }, ttl: { type: 'string', default: '8h' } },
  });
  const table = loadRunningNetworkConfig(
    process.env.ASYLUM_NETWORK_CONFIG ?? path.join(repoDir, 'network', 'config', 'network.json'),
    process.env.ASYLUM_NETWORK_RUN_DIR ?? path.join(repoDir, 'network', 'run'),
  );
  const wanted = (values.org ?? '').toLowerCase();
  const org = table.orgs.find((candidate) => candidate.key === wanted || candidate.mspId.toLowerCase() === wanted);
  if (!org) fail(`--org must be one of ${table.orgs.map((candidate) => candidate.key.toUpperCase()).join(', ')}`);
  // The network table lists each org's roles (its CA enrols exactly these), so this works before any build.
  const role = org.roles.find((candidate) => candidate === values.role);
  if (role === undefined) fail(`--role for ${org.mspId} must be one of ${org.roles.join(', ')}`);
  let ttlSeconds: number;
  try {
    ttlSeconds = parseTtl(values.ttl);
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  }
  const token = await mintDevToken({ keyDir: path.join(repoDir, '.run', 'dev-idp'), mspId: org.mspId, role, subject: values.sub, ttlSeconds });
  process.stdout.write(`${token}\n`);
}

void main();
