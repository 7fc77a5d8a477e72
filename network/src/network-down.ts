import { existsSync, readdirSync, rmSync } from 'node:fs';
import type { NetworkContext } from './network-context';

// clients of the ordering service first, then the services; each level stops in parallel
const stopOrder: readonly (readonly string[])[] = [['chaincode-', 'peer-'], ['orderer-', 'ca-']];

function rank(name: string): number {
  const index = stopOrder.findIndex((prefixes) => prefixes.some((prefix) => name.startsWith(prefix)));
  return index < 0 ? stopOrder.length : index;
}

/** Stops every process with a pid file (clients before servers), keeping the ledgers. */
export async function networkDown(ctx: NetworkContext): Promise<number> {
  const { layout, registry, log } = ctx;
  if (!existsSync(layout.pids)) return 0;
  const names = readdirSync(layout.pids)
    .filter((file) => file.endsWith('.pid'))
    .map((file) => file.slice(0, -'.pid'.length));
  let stopped = 0;
  for (let level = 0; level <= stopOrder.length; level += 1) {
    const group = names.filter((name) => rank(name) === level);
    const results = await Promise.all(group.map((name) => registry.stop(name)));
    stopped += results.filter(Boolean).length;
    for (const name of group) rmSync(`${layout.pidFile(name)}.package-id`, { force: true });
  }
  log(stopped > 0 ? `stopped ${stopped} processes; ledgers kept in ${layout.root}` : 'no network process was running');
  return stopped;
}

/** Stops the network and deletes the run folder: identities, ledgers, logs. */
export async function networkReset(ctx: NetworkContext): Promise<void> {
  await networkDown(ctx);
  rmSync(ctx.layout.root, { recursive: true, force: true });
  ctx.log(`removed ${ctx.layout.root}`);
}
