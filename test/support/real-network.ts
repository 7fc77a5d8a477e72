/**
 * Brings the real Fabric network up for a suite, or skips the suite (counted skipped, never
 * passed) when no Fabric binaries are found. A suite that found the network already running
 * (a developer's warm network) reuses it and leaves it running; a suite that started it starts
 * from a fresh ledger (reset) and stops it afterwards, unless the jest run shares one network
 * between suites (real-network-global-setup.ts / -teardown.ts): then the first suite starts it,
 * the others reuse it, and the global teardown stops it.
 */
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadEnvironment } from '../../network/src/layout';
import { hasFabricBinaries, resolveFabricBinaries, type FabricBinaries } from '../../network/src/fabric-binaries';
import { createNetworkContext, type NetworkContext } from '../../network/src/network-context';
import { networkDown, networkReset } from '../../network/src/network-down';
import { readNetworkStatus } from '../../network/src/network-status';
import { networkUp } from '../../network/src/network-up';

/** The running network as a suite sees it. */
export interface RealNetwork {
  readonly ctx: NetworkContext;
  readonly binaries: FabricBinaries;
  /** True when this suite started the network (and so stops it). */
  readonly startedBySuite: boolean;
}

/** Why the real-network suites cannot run here, or undefined when they can. */
export function realNetworkSkipReason(): string | undefined {
  const env = loadEnvironment();
  return hasFabricBinaries(env) ? undefined : `no Fabric binaries in FABRIC_BIN (${env.fabricBin})`;
}

/** Set by the global setup: suites share one network that the global teardown stops. */
const sharedNetworkFlag = 'ASYLUM_E2E_SHARED_NETWORK';

function startedMarker(ctx: NetworkContext): string {
  return path.join(ctx.layout.root, '.started-by-e2e');
}

async function isRunning(ctx: NetworkContext): Promise<boolean> {
  const rows = await readNetworkStatus(ctx);
  return rows.filter((row) => !row.name.startsWith('chaincode-')).every((row) => row.state === 'running');
}

/**
 * Ensures the network runs with the given extra chaincodes (e.g. 'baseline') deployed.
 * @param alsoDeploy chaincodes to deploy besides those the table deploys on up.
 */
export async function startRealNetwork(alsoDeploy: readonly string[] = []): Promise<RealNetwork> {
  const lines: string[] = [];
  let ctx = createNetworkContext({ log: (line) => lines.push(line) });
  const running = await isRunning(ctx);
  const started = Date.now();
  try {
    if (!running) {
      await networkReset(ctx);
      // the table read before the reset may list orgs added to the old network (run/orgs.d)
      ctx = createNetworkContext({ log: (line) => lines.push(line) });
    }
    await networkUp(ctx, { alsoDeploy });
  } catch (error) {
    throw new Error(`network up failed:\n${lines.join('\n')}\n${String(error)}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`real network ${running ? 'warm (reused)' : 'cold (fresh ledger)'}: ready in ${seconds} s\n`);
  const shared = process.env[sharedNetworkFlag] === '1';
  if (shared && !running) writeFileSync(startedMarker(ctx), `${String(process.pid)}\n`);
  return { ctx, binaries: await resolveFabricBinaries(ctx.env), startedBySuite: !running && !shared };
}

/** Stops the network if this suite started it (and it is not shared with later suites). */
export async function stopRealNetwork(network: RealNetwork | undefined): Promise<void> {
  if (network?.startedBySuite) await networkDown(network.ctx);
}

/**
 * Replaces the network by a fresh one of the committed table (reset, then up): for a suite that
 * changed the network's membership (network:add-org), so the suites after it find the reference
 * network. A network the shared run started stays marked as such, so the global teardown stops it.
 */
export async function restartFreshRealNetwork(network: RealNetwork): Promise<void> {
  const marker = startedMarker(network.ctx);
  const shared = existsSync(marker);
  await networkReset(network.ctx);
  await networkUp(createNetworkContext({ log: () => undefined }));
  if (shared) writeFileSync(marker, `${String(process.pid)}\n`);
}

/** For the global setup: makes suites share one network. */
export function shareRealNetworkBetweenSuites(): void {
  process.env[sharedNetworkFlag] = '1';
}

/** For the global teardown: stops the shared network if a suite of this run started it. */
export async function stopSharedRealNetwork(): Promise<void> {
  if (realNetworkSkipReason() !== undefined) return;
  const ctx = createNetworkContext({ log: () => undefined });
  if (!existsSync(startedMarker(ctx))) return;
  await networkDown(ctx);
  rmSync(startedMarker(ctx), { force: true });
}

/**
 * A describe block that runs on the real network, or is skipped with the reason printed.
 * @param name suite name, in domain language.
 * @param body receives a getter of the running network (valid inside tests and hooks).
 * @param alsoDeploy chaincodes besides those deployed on up.
 */
export function describeRealNetwork(name: string, body: (network: () => RealNetwork) => void, alsoDeploy: readonly string[] = []): void {
  const reason = realNetworkSkipReason();
  if (reason !== undefined) {
    process.stdout.write(`SKIPPED: real-network suite: ${reason}\n`);
    describe.skip(name, () => {
      body(() => {
        throw new Error('skipped');
      });
    });
    return;
  }
  describe(name, () => {
    let network: RealNetwork | undefined;
    beforeAll(async () => {
      network = await startRealNetwork(alsoDeploy);
    });
    afterAll(async () => {
      await stopRealNetwork(network);
    });
    body(() => {
      if (!network) throw new Error('the real network is not up');
      return network;
    });
  });
}
