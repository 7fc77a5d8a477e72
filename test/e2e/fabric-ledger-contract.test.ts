/**
 * The ledger-port contract suite against the Fabric adapter on the real network: the same tests the
 * embedded dev ledger passes, through each org's own FabricLedger (its peer, its role identities).
 * Skipped, with the reason, when no Fabric binaries are found.
 */
import { createFabricLedgerForOrg, type FabricLedger } from '../../gateway-api/src/fabric';
import { describeLedgerPortContract } from '../support/ledger-port-contract';
import { describeRealNetwork } from '../support/real-network';

describeRealNetwork('the Fabric ledger adapter on the reference network', (network) => {
  describeLedgerPortContract('fabric', async () => {
    const { ctx } = network();
    const ledgers = new Map<string, FabricLedger>(
      ctx.config.orgs.map((org) => [org.mspId, createFabricLedgerForOrg({ network: ctx.config, runDir: ctx.layout.root, org: org.mspId })]),
    );
    return {
      portFor: (mspId) => {
        const ledger = ledgers.get(mspId);
        if (!ledger) throw new Error(`no org ${mspId} in the network table`);
        return ledger;
      },
      teardown: async () => {
        await Promise.all([...ledgers.values()].map((ledger) => ledger.close()));
      },
    };
  });
});
