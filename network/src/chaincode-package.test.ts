import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeCcaasPackage } from './chaincode-package';
import { createChaincodeServerArgs } from './chaincode-server';
import { chaincodeServerIdentity, loadNetworkConfig, RunLayout, type OrgConfig } from './layout';

const tls = {
  rootCert: '-----BEGIN CERTIFICATE-----\nORG CA\n-----END CERTIFICATE-----\n',
  clientCert: '-----BEGIN CERTIFICATE-----\nPEER CLIENT\n-----END CERTIFICATE-----\n',
  clientKey: '-----BEGIN PRIVATE KEY-----\nPEER CLIENT KEY\n-----END PRIVATE KEY-----\n',
};

describe('the chaincode-as-a-service link is mutual TLS', () => {
  it('packages a connection.json that requires TLS and client authentication, with the org CA as root', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ccaas-pkg-')), 'lds', 'casestatus_1');
    const pkg = await writeCcaasPackage(dir, 'casestatus_1', '127.0.0.1:7260', tls);
    // what the peer's builder will read: connection.json inside code.tar.gz inside the package
    const code = path.join(mkdtempSync(path.join(os.tmpdir(), 'ccaas-unpacked-')));
    execFileSync('tar', ['-xzf', pkg.file, '-C', code]);
    execFileSync('tar', ['-xzf', path.join(code, 'code.tar.gz'), '-C', code]);
    expect(JSON.parse(readFileSync(path.join(code, 'connection.json'), 'utf8'))).toEqual({
      address: '127.0.0.1:7260',
      dial_timeout: '10s',
      tls_required: true,
      client_auth_required: true,
      root_cert: tls.rootCert,
      client_cert: tls.clientCert,
      client_key: tls.clientKey,
    });
  });

  it('keeps the package, which holds the peer\'s client key, readable by its owner only', async () => {
    const dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'ccaas-pkg-')), 'casestatus_2');
    const pkg = await writeCcaasPackage(dir, 'casestatus_2', '127.0.0.1:7160', tls);
    for (const file of [pkg.file, path.join(dir, 'connection.json'), path.join(dir, 'code.tar.gz')]) {
      expect([path.basename(file), statSync(file).mode & 0o777]).toEqual([path.basename(file), 0o600]);
    }
    expect(statSync(dir).mode & 0o077).toBe(0);
  });

  it('starts the chaincode server with its TLS key pair and the org CA as the only client CA', () => {
    const config = loadNetworkConfig();
    const org = config.orgs[0] as OrgConfig;
    const layout = new RunLayout('/run');
    const args = createChaincodeServerArgs(layout, { org, chaincode: 'casestatus', chaincodeDir: '/cc', packageId: 'casestatus_1:abc', port: 7160 }, '/cli.js');
    const option = (name: string): string | undefined => args[args.indexOf(name) + 1];
    expect(option('--chaincode-tls-cert-file')).toBe(layout.identity(org, chaincodeServerIdentity).tlsCert);
    expect(option('--chaincode-tls-key-file')).toBe(layout.identity(org, chaincodeServerIdentity).tlsKey);
    expect(option('--chaincode-tls-client-cacert-file')).toBe(layout.caCert(org));
    expect(option('--chaincode-address')).toBe('127.0.0.1:7160');
  });
});
