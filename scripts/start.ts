/**
 * `npm start`: the local stack in one process. Picks the ledger (LEDGER, else fabric when Fabric
 * binaries are found, else the embedded dev ledger, saying why), brings the Fabric network up when
 * needed, starts the BAMF, LDS and ABH gateways on the ports of network/config/network.json, and
 * prints what runs where and how to get a token. Ctrl-C (or SIGTERM) drains and stops everything.
 */
import './quiet-chaincode-logs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { chooseLedger, LOCAL_STACK_PROFILE, localPaths, startLocalStack, type LocalOrg } from '@asylum-ledger/gateway-api/local-stack';
import { findTool, loadEnvironment, loadRunningNetworkConfig } from '@asylum-ledger/network/layout';

const repoDir = path.resolve(__dirname, '..');

function say(line = ''): void {
  process.stdout.write(`${line}\n`);
}

function bringUpFabric(): void {
  say('Starting the Fabric network (npm run up -w network) ...');
  const result = spawnSync('npm', ['run', 'up', '-w', 'network'], { cwd: repoDir, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the Fabric network did not come up (see above); LEDGER=embedded npm start runs without it');
}

function printUsage(mode: string, orgs: readonly LocalOrg[]): void {
  say();
  say(`asylum-ledger gateways (ledger: ${mode})`);
  for (const org of orgs) say(`  ${org.mspId.padEnd(8)} http://127.0.0.1:${org.gatewayPort}   docs: http://127.0.0.1:${org.gatewayPort}/docs`);
  const lds = orgs.find((org) => org.key === 'lds') ?? orgs[0];
  say();
  say('Get a token (valid 8 h, for one org\'s gateway):');
  say('  TOKEN=$(npm run -s token -- --org LDS --role LAND_RECEPTION)');
  say('Register a case:');
  say(`  curl -s -X POST http://127.0.0.1:${lds?.gatewayPort ?? 7280}/v1/cases -H "Authorization: Bearer $TOKEN" \\`);
  say(`    -H 'Content-Type: application/json' -H "Idempotency-Key: $(cat /proc/sys/kernel/random/uuid)" \\`);
  say(`    -d '{"procedureKind":"ERSTANTRAG","effectiveOn":"${new Date().toISOString().slice(0, 10)}","localReference":"AZ-0001"}'`);
  say();
  say('Ctrl-C stops (writes in flight finish first).');
}

async function main(): Promise<void> {
  const networkEnv = loadEnvironment(process.env);
  // the committed table with the orgs added to the running network (network:add-org)
  const table = loadRunningNetworkConfig(networkEnv.configFile, networkEnv.runDir);
  const choice = chooseLedger({ ledgerEnv: process.env.LEDGER, peerBinary: findTool('peer', networkEnv.fabricBin), fabricBin: networkEnv.fabricBin });
  say(LOCAL_STACK_PROFILE.notice);
  say(`Ledger: ${choice.mode} (${choice.reason})`);
  if (choice.mode === 'fabric') bringUpFabric();
  const orgs: LocalOrg[] = table.orgs.map((org) => ({ key: org.key, mspId: org.mspId, kind: org.kind, gatewayPort: org.ports.gatewayApi }));
  const stack = await startLocalStack({
    orgs,
    mode: choice.mode,
    paths: localPaths(repoDir),
    env: { ...process.env, ASYLUM_NETWORK_CONFIG: networkEnv.configFile, ASYLUM_NETWORK_RUN_DIR: networkEnv.runDir },
  });
  if (stack.ledger.banner !== undefined) say(stack.ledger.banner);
  printUsage(choice.mode, orgs);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    say('Stopping: draining the gateways ...');
    stack.stop().then(
      () => {
        say('Stopped.');
      },
      (error: unknown) => {
        process.stderr.write(`stop failed: ${error instanceof Error ? error.message : String(error)}\n`);
        process.exitCode = 1;
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`npm start failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
