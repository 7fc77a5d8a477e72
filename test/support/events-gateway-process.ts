/**
 * One authority's gateway in a process of its own, on the real network, for the event tests that
 * kill it (SIGKILL: no drain, no goodbye) and start it again on the same database file. It listens
 * to its own org's peer from the checkpoint in that file and delivers to one webhook subscription
 * (created on the first start, kept in the database). Prints `ready` once listening.
 *
 * Environment: ORG_MSP_ID, ORG_KIND, DB_FILE, WEBHOOK_URL, WEBHOOK_SECRET, START_BLOCK,
 * ASYLUM_NETWORK_CONFIG, ASYLUM_NETWORK_RUN_DIR.
 */
import type { OrgKind } from '@asylum-ledger/domain';
import { openFabricProcessLedger } from '../../gateway-api/src/ledger-factory';
import { createPortGateway } from '../../gateway-api/src/test-support/test-gateway';

function env(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is not set`);
  return value;
}

async function run(): Promise<void> {
  const ledger = openFabricProcessLedger({
    ledgerFiles: { networkConfig: env('ASYLUM_NETWORK_CONFIG'), networkRunDir: env('ASYLUM_NETWORK_RUN_DIR'), embeddedDatabase: undefined, embeddedIdentityDir: undefined },
    deadlines: { evaluateMs: 5_000, endorseMs: 15_000, submitMs: 5_000, commitStatusMs: 60_000 },
  });
  const mspId = env('ORG_MSP_ID');
  const gateway = createPortGateway(ledger.forOrg(mspId), {
    dbFile: env('DB_FILE'),
    mspId,
    orgKind: env('ORG_KIND') as OrgKind,
    events: {
      listener: { startBlock: BigInt(env('START_BLOCK')), reconnectBaseMs: 100, reconnectMaxMs: 1_000 },
      webhooks: { retryBaseMs: 100, retryMaxMs: 1_000, maxAttempts: 50 },
    },
  });
  if (gateway.store.events.subscriptions().length === 0) {
    gateway.events.subscribe({ subject: 'events-test', role: 'ABH' }, { url: env('WEBHOOK_URL'), secret: env('WEBHOOK_SECRET') });
  }
  gateway.events.start();
  process.stdout.write('ready\n');
  process.once('SIGTERM', () => {
    void gateway.drain().then(async () => {
      gateway.store.close();
      await ledger.close();
      process.exit(0);
    });
  });
}

run().catch((error: unknown) => {
  process.stderr.write(`events gateway failed: ${String(error)}\n`);
  process.exit(1);
});
