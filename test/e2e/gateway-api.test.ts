/**
 * The three authority gateways on the real network: the same HTTP scenario suite that runs on the
 * embedded ledger, here with each gateway on its own org's peer.
 */
import { describeRealNetwork } from '../support/real-network';
import { openFabricProcessLedger } from '../../gateway-api/src/ledger-factory';
import { describeThreeGateways } from '../../gateway-api/src/test-support/three-gateways-suite';

describeRealNetwork('the gateways on the real network', (network) => {
  describeThreeGateways('three gateways, each on its own org peer', async () =>
    openFabricProcessLedger({
      ledgerFiles: {
        networkConfig: network().ctx.env.configFile,
        networkRunDir: network().ctx.env.runDir,
        embeddedDatabase: undefined,
        embeddedIdentityDir: undefined,
      },
      deadlines: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 },
    }),
  );
});
