import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from './config';
import { chooseLedger, ensureLocalReferenceKey, localGatewayEnv, localPaths } from './local-stack';

describe('the local stack', () => {
  it.each([
    [{ ledgerEnv: 'embedded', peerBinary: '/bin/peer' }, 'embedded', 'LEDGER=embedded was set'],
    [{ ledgerEnv: 'fabric', peerBinary: undefined }, 'fabric', 'LEDGER=fabric was set'],
    [{ ledgerEnv: undefined, peerBinary: '/opt/fabric/bin/peer' }, 'fabric', 'Fabric binaries found (/opt/fabric/bin/peer)'],
    [{ ledgerEnv: '', peerBinary: undefined }, 'embedded', 'no executable "peer" in FABRIC_BIN (/cache/bin)'],
  ])('chooses the ledger from %j', (input, mode, reason) => {
    const choice = chooseLedger({ ...input, fabricBin: '/cache/bin' });
    expect(choice.mode).toBe(mode);
    expect(choice.reason).toContain(reason);
  });

  it('refuses an unknown LEDGER value', () => {
    expect(() => chooseLedger({ ledgerEnv: 'memory', peerBinary: undefined, fabricBin: '/x' })).toThrow('LEDGER must be fabric or embedded');
  });

  it('gives each org a valid gateway configuration with its port, audience, database and a stable 0600 key', () => {
    const paths = localPaths(mkdtempSync(path.join(os.tmpdir(), 'stack-')));
    const org = { key: 'abh', mspId: 'ABHMSP', kind: 'ABH', gatewayPort: 7380 };
    const config = loadConfig(localGatewayEnv(org, 'embedded', paths, {}));
    expect(config).toMatchObject({ org: { mspId: 'ABHMSP', kind: 'ABH' }, http: { host: '127.0.0.1', port: 7380 }, ledger: 'embedded' });
    expect(config.jwt.audience).toBe('asylum-ledger-gateway:ABHMSP');
    expect(config.dbPath).toBe(path.join(paths.repoDir, '.run', 'gateway', 'abh', 'gateway.sqlite'));
    const keyFile = path.join(paths.gatewayDir(org), 'local-reference.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(ensureLocalReferenceKey(paths.gatewayDir(org))).toBe(readFileSync(keyFile, 'utf8').trim());
  });
});
