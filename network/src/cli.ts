import path from 'node:path';
import { addOrg } from './add-org';
import { upgradeChaincode } from './chaincode-upgrade';
import { parseAddOrgArguments, parseUpdateArguments } from './cli-arguments';
import { readUpdateSigners, signConfigUpdate, submitConfigUpdate } from './channel-update-steps';
import { compactLedgers } from './compact-ledger';
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
                       (stopped and started again), so purged private data leaves the files
  add-org --msp BBMSP --kind LAND|ABH --land DE-BB [--key bb] [--name ...] [--collect-signatures-locally]
          [--host <ipv4>] [--operations-host <ipv4>] [--netns <namespace>]
                       onboard an org into the running network (re-run to resume); docs/operations.md;
                       --host: the address its nodes listen on; --netns: start its processes in that namespace
  sign-update --org LDSMSP --file <update.pb>    sign a channel update as that org's admin
  submit-update --org LDSMSP --file <update.pb>  submit a signed channel update as that org's admin
  upgrade-chaincode [chaincode]  package, install on every peer (added orgs too), approve and commit
                       the next sequence with policy and collections from the table (default: casestatus)`;

function orgOf(ctx: NetworkContext, mspId: string): NetworkContext['config']['orgs'][number] {
  const org = ctx.config.orgs.find((entry) => entry.mspId === mspId || entry.key === mspId);
  if (!org) throw new NetworkError('COMMAND_FAILED', `no org ${mspId} in the network table`);
  return org;
}

/** A file named on the command line, relative to where npm was run (npm runs the script in network/). */
function fromInvocationDir(file: string): string {
  return path.resolve(process.env.INIT_CWD ?? process.cwd(), file);
}

async function signUpdate(ctx: NetworkContext, args: string[]): Promise<void> {
  const parsed = parseUpdateArguments('sign-update', args);
  const { org } = parsed;
  const file = fromInvocationDir(parsed.file);
  const options = { ...ctx, binaries: await resolveFabricBinaries(ctx.env) };
  const signers = await signConfigUpdate(options, orgOf(ctx, org), file);
  ctx.log(`${file} is signed by ${signers.join(', ')}`);
}

async function submitUpdate(ctx: NetworkContext, args: string[]): Promise<void> {
  const parsed = parseUpdateArguments('submit-update', args);
  const { org } = parsed;
  const file = fromInvocationDir(parsed.file);
  const options = { ...ctx, binaries: await resolveFabricBinaries(ctx.env) };
  ctx.log(`submitting ${file} (signed by ${(await readUpdateSigners(options, file)).join(', ')}) as the admin of ${org}`);
  await submitConfigUpdate(options, orgOf(ctx, org), file);
  ctx.log('the orderer accepted the update');
}

function seconds(started: number): string {
  return ((Date.now() - started) / 1000).toFixed(1);
}

type Verb = (ctx: NetworkContext, args: string[], started: number) => Promise<void>;

const verbs: Readonly<Record<string, Verb>> = {
  install: async (ctx) => {
    await installFabricCa(ctx.env, ctx.log);
    await installLeveldbCompact(ctx.env, ctx.log);
  },
  up: async (ctx, args, started) => {
    await networkUp(ctx, { alsoDeploy: args });
    console.log(formatStatus(await readNetworkStatus(ctx)));
    ctx.log(`network up in ${seconds(started)} s; logs in ${ctx.layout.logs}`);
  },
  down: async (ctx) => {
    await networkDown(ctx);
  },
  reset: (ctx) => networkReset(ctx),
  status: async (ctx) => {
    console.log(formatStatus(await readNetworkStatus(ctx)));
  },
  deploy: async (ctx, args) => {
    await upgradeChaincode(ctx, args[0] ?? 'casestatus');
  },
  'add-org': async (ctx, args) => {
    const outcome = await addOrg(ctx, parseAddOrgArguments(args));
    ctx.log(outcome.finished ? `added ${outcome.org.mspId} in ${outcome.seconds.toFixed(1)} s` : `add-org paused for signatures after ${outcome.seconds.toFixed(1)} s`);
  },
  'sign-update': signUpdate,
  'submit-update': submitUpdate,
  'upgrade-chaincode': async (ctx, args, started) => {
    await upgradeChaincode(ctx, args[0] ?? 'casestatus');
    ctx.log(`upgrade-chaincode done in ${seconds(started)} s`);
  },
  'compact-ledger': async (ctx, args, started) => {
    await compactLedgers(ctx, args);
    ctx.log(`compact-ledger done in ${seconds(started)} s`);
  },
};

async function run(verb: string | undefined, args: string[]): Promise<void> {
  const handler = verb === undefined ? undefined : verbs[verb];
  if (!handler) {
    console.error(usage);
    process.exitCode = verb === undefined || verb === 'help' ? 0 : 2;
    return;
  }
  const started = Date.now();
  await handler(createNetworkContext(), args, started);
}

run(process.argv[2], process.argv.slice(3)).catch((error: unknown) => {
  if (error instanceof NetworkError) {
    console.error(`network: ${error.message} [${error.code}]`);
  } else {
    console.error(error);
  }
  process.exitCode = 1;
});
