import { createCaServerConfig } from './ca-server';
import { loadNetworkConfig, RunLayout } from './layout';
import { createOrdererEnv, type NodeStepOptions } from './orderer-node';
import { createPeerEnv } from './peer-node';

/**
 * The operations endpoints (health, metrics, log level) have no TLS here; they are bound to
 * loopback so that only the operator's own host reaches them (docs/operations-network.md,
 * "Operations endpoints"). Exposing one to a monitoring host means enabling TLS with client
 * authentication first; this test fails when an address leaves loopback without that.
 */
describe('operations endpoints are reachable from the operator\'s host only', () => {
  const config = loadNetworkConfig();
  const options = { config, layout: new RunLayout('/run'), fabricCfg: '/cfg', log: () => undefined } as unknown as NodeStepOptions;
  const loopback = /^127\.0\.0\.1:\d+$/;

  it.each(config.orgs.map((org) => [org.mspId, org] as const))('%s: peer, orderer and CA operations listen on 127.0.0.1, or require client certificates', (_mspId, org) => {
    const peer = createPeerEnv(options, org);
    const orderer = createOrdererEnv(options, org);
    const ca = createCaServerConfig(config, org, 'secret') as { operations: { listenAddress: string; tls: { enabled: boolean; clientAuthRequired?: boolean } } };
    const endpoints = [
      { address: peer.CORE_OPERATIONS_LISTENADDRESS, tls: peer.CORE_OPERATIONS_TLS_ENABLED === 'true' && peer.CORE_OPERATIONS_TLS_CLIENTAUTHREQUIRED === 'true' },
      { address: orderer.ORDERER_OPERATIONS_LISTENADDRESS, tls: orderer.ORDERER_OPERATIONS_TLS_ENABLED === 'true' && orderer.ORDERER_OPERATIONS_TLS_CLIENTAUTHREQUIRED === 'true' },
      { address: ca.operations.listenAddress, tls: ca.operations.tls.enabled && ca.operations.tls.clientAuthRequired === true },
    ];
    for (const endpoint of endpoints) expect(endpoint.tls || loopback.test(endpoint.address ?? '')).toBe(true);
    expect(endpoints.map((endpoint) => endpoint.address)).toEqual([
      `127.0.0.1:${String(org.ports.peerOperations)}`, `127.0.0.1:${String(org.ports.ordererOperations)}`, `127.0.0.1:${String(org.ports.caOperations)}`,
    ]);
  });
});
