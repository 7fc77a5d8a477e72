/**
 * The ledger-port contract suite against the fault-injecting wrapper that the gateway's route tests
 * use, injecting nothing, over the dev ledger in memory: the wrapper is the port it wraps, so what
 * the route tests see between faults is what the adapters promise.
 */
import { DevLedger, IN_MEMORY_IDENTITIES } from '@asylum-ledger/dev-ledger';
import { FaultInjectingLedger } from '../../gateway-api/src/test-support/fault-injecting-ledger';
import { describeLedgerPortContract } from '../support/ledger-port-contract';

describeLedgerPortContract('the fault-injecting wrapper over the dev ledger, injecting nothing', async () => {
  const ledger = await DevLedger.open({ databasePath: ':memory:', identityDir: IN_MEMORY_IDENTITIES, synchronous: 'NORMAL' });
  const ports = new Map<string, FaultInjectingLedger>();
  return {
    portFor: (mspId) => {
      const port = ports.get(mspId) ?? new FaultInjectingLedger(ledger.forOrg(mspId));
      ports.set(mspId, port);
      return port;
    },
    teardown: async () => {
      await Promise.all([...ports.values()].map((port) => port.close()));
      await ledger.close();
    },
  };
});
