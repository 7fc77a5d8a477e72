import { deployChaincode } from './chaincode-lifecycle';
import { ensureChaincodeBuilt } from './chaincode-build';
import { compactLedgers } from './compact-ledger';
import { bootstrapDirectory } from './directory-bootstrap';
import { resolveFabricBinaries } from './fabric-binaries';
import { installFabricCa } from './fabric-ca-install';
import { installLeveldbCompact } from './leveldb-compact-install';
import { createNetworkContext, type NetworkContext } from './network-context';
import { networkDown, networkReset } from './network-down';
import { NetworkError } from './network-error';
import { formatStatus, readNetworkStatus } from './network-status';
import { networkUp } from './network-up';

const usage = `usage: network <verb>
  install              build Fabric CA 1.5.21 and leveldb-compact into the cache folder (skipped when present)
  up [chaincode...]    start everything, idempotently; resumes the ledger after down
  down                 stop every process, keep the ledgers
  reset                stop and delete the run folder (identities, ledgers, logs)
  status               each process with its state, pid and ports
  deploy [chaincode]   commit the next sequence of a chaincode (default: casestatus)
  compact-ledger [org...]  after erasures: compact each peer's LevelDB databases, one peer at a time
                       (stopped and started again), so purged private data leaves the files`;

async function deploy(ctx: NetworkContext, name: string): Promise<void> {
  const cc = ctx.config.chaincodes.find((entry) => entry.name === name);
  if (!cc) throw new NetworkError('COMMAND_FAILED', `no chaincode '${name}' in network/config/network.json`);
  const running = (await readNetworkStatus(ctx)).filter((row) => row.name.startsWith('peer-') && row.state === 'running');
  if (running.length < ctx.config.orgs.length) {
    throw new NetworkError('NOT_RUNNING', "the network's peers are not all running: run 'npm run network:up' first");
  }
  const binaries = await resolveFabricBinaries(ctx.env);
  await ensureChaincodeBuilt(cc, ctx.log);
  const options = { ...ctx, binaries };
  await deployChaincode(options, cc, true);
  if (cc.bootstrapDirectory) await bootstrapDirectory(options, cc);
}

async function run(verb: string | undefined, args: string[]): Promise<void> {
  const ctx = createNetworkContext();
  const started = Date.now();
  switch (verb) {
    case 'install':
      await installFabricCa(ctx.env, ctx.log);
      await installLeveldbCompact(ctx.env, ctx.log);
      return;
    case 'up':
      await networkUp(ctx, { alsoDeploy: args });
      console.log(formatStatus(await readNetworkStatus(ctx)));
      ctx.log(`network up in ${((Date.now() - started) / 1000).toFixed(1)} s; logs in ${ctx.layout.logs}`);
      return;
    case 'down':
      await networkDown(ctx);
      return;
    case 'reset':
      await networkReset(ctx);
      return;
    case 'status':
      console.log(formatStatus(await readNetworkStatus(ctx)));
      return;
    case 'deploy':
      await deploy(ctx, args[0] ?? 'casestatus');
      return;
    case 'compact-ledger':
      await compactLedgers(ctx, args);
      ctx.log(`compact-ledger done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      return;
    default:
      console.error(usage);
      process.exitCode = verb === undefined || verb === 'help' ? 0 : 2;
  }
}

run(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  if (error instanceof NetworkError) {
    console.error(`network: ${error.message} [${error.code}]`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
