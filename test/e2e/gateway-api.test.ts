/**
 * The three authority gateways on the real network: the same HTTP scenario suites that run on the
 * embedded ledger, here with each gateway on its own org's peer.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describeRealNetwork, type RealNetwork } from '../support/real-network';
import { openFabricProcessLedger } from '../../gateway-api/src/ledger-factory';
import { describeNameInEveryField } from '../../gateway-api/src/test-support/name-in-every-field-suite';
import { describeThreeGateways } from '../../gateway-api/src/test-support/three-gateways-suite';
import { describeErasureThroughGateways } from '../../gateway-api/src/test-support/erasure-suite';
import { describeRemovalLaw } from '../../gateway-api/src/test-support/removal-law-suite';

function openOnNetwork(network: () => RealNetwork): ReturnType<typeof openFabricProcessLedger> {
  return openFabricProcessLedger({
    ledgerFiles: {
      networkConfig: network().ctx.env.configFile,
      networkRunDir: network().ctx.env.runDir,
      embeddedDatabase: undefined,
      embeddedIdentityDir: undefined,
    },
    deadlines: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 },
  });
}

describeRealNetwork('the gateways on the real network', (network) => {
  describeThreeGateways('three gateways, each on its own org peer', async () => openOnNetwork(network));

  // the peers date transactions by their own clocks: only examples whose days have all passed
  describeRemovalLaw('the removal law through three gateways, each on its own org peer', async () => openOnNetwork(network));

  describeErasureThroughGateways('erasure through three gateways, each on its own org peer', async () => openOnNetwork(network));

  describeNameInEveryField('a name in any field of any request, on Fabric (peer, orderer and chaincode server logs searched)', async () => {
    const ledger = openOnNetwork(network);
    const logDir = path.dirname(network().ctx.layout.logFile('peer-bamf'));
    return {
      ...ledger,
      forOrg: (mspId) => ledger.forOrg(mspId),
      files: () => readdirSync(logDir).filter((file) => /^(peer|orderer|chaincode-casestatus)-/.test(file)).map((file) => path.join(logDir, file)),
      close: () => ledger.close(),
    };
  });
});
