import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ccaasBuilderDir } from './peer-node';

function run(script: string, ...args: string[]): number {
  try {
    execFileSync(path.join(ccaasBuilderDir, 'bin', script), args, { stdio: 'pipe' });
    return 0;
  } catch (error) {
    return (error as { status?: number }).status ?? 1;
  }
}

describe('the chaincode-as-a-service external builder (network/builders/ccaas/bin)', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'ccaas-'));
  const dir = (name: string): string => {
    const full = path.join(root, name);
    mkdirSync(full, { recursive: true });
    return full;
  };
  const connection = { address: '127.0.0.1:7160', dial_timeout: '10s', tls_required: true, client_auth_required: true, root_cert: 'ca', client_cert: 'cert', client_key: 'key' };

  it('detects only packages whose metadata.json has type ccaas', () => {
    const ccaas = dir('meta-ccaas');
    writeFileSync(path.join(ccaas, 'metadata.json'), JSON.stringify({ type: 'ccaas', label: 'casestatus_1' }));
    const node = dir('meta-node');
    writeFileSync(path.join(node, 'metadata.json'), JSON.stringify({ type: 'node', label: 'x_1' }));
    expect(run('detect', dir('src'), ccaas)).toBe(0);
    expect(run('detect', dir('src'), node)).not.toBe(0);
    expect(run('detect', dir('src'), dir('meta-empty'))).not.toBe(0);
  });

  it('builds and releases connection.json where the peer looks for it', () => {
    const source = dir('source');
    writeFileSync(path.join(source, 'connection.json'), JSON.stringify(connection));
    const output = dir('build-output');
    const release = dir('release-output');
    expect(run('build', source, dir('meta'), output)).toBe(0);
    expect(run('release', output, release)).toBe(0);
    const released = path.join(release, 'chaincode', 'server', 'connection.json');
    expect(existsSync(released)).toBe(true);
    expect(JSON.parse(readFileSync(released, 'utf8'))).toEqual(connection);
  });

  it('fails the build of a package without connection.json', () => {
    expect(run('build', dir('empty-source'), dir('meta2'), dir('out2'))).not.toBe(0);
  });
});
