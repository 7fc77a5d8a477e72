import { loadEnvironment, type NetworkEnvironment } from './layout';
import { loadRunningNetworkConfig, type NetworkConfig } from './layout';
import { ProcessRegistry } from './process-registry';
import { RunLayout } from './layout';

/** Everything a verb needs: the table, the environment, the run folder and its processes. */
export interface NetworkContext {
  readonly config: NetworkConfig;
  readonly env: NetworkEnvironment;
  readonly layout: RunLayout;
  readonly registry: ProcessRegistry;
  readonly log: (line: string) => void;
}

/** Options to build a context; everything defaults to the committed table and the process environment. */
export interface NetworkContextOptions {
  readonly config?: NetworkConfig;
  readonly env?: NetworkEnvironment;
  readonly log?: (line: string) => void;
  /** Which network namespace each process runs in (default: all on this host's own network). */
  readonly placement?: (processName: string) => string | undefined;
}

/** Builds the context of a verb (reads network/config/network.json, the orgs added in the run folder, and the environment). */
export function createNetworkContext(options: NetworkContextOptions = {}): NetworkContext {
  const started = Date.now();
  const stamp = (line: string): void => {
    console.log(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s] ${line}`);
  };
  const env = options.env ?? loadEnvironment();
  const layout = new RunLayout(env.runDir);
  return {
    config: options.config ?? loadRunningNetworkConfig(env.configFile, env.runDir),
    env,
    layout,
    registry: new ProcessRegistry(layout, { placement: options.placement }),
    log: options.log ?? stamp,
  };
}
