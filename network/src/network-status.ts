import type { NetworkContext } from './network-context';
import { isListening } from './readiness';
import { orgEndpoints, processNames, runsOrderer } from './layout';

/** One process of the network as status reports it. */
export interface ProcessStatus {
  readonly name: string;
  readonly state: 'running' | 'starting' | 'stopped';
  readonly pid?: number;
  /** The address the process listens on (the org's `host`). */
  readonly host: string;
  readonly ports: readonly number[];
}

/** Every process the table defines, in start order, with its ports. */
export function listExpectedProcesses(ctx: Pick<NetworkContext, 'config'>): { name: string; host: string; ports: number[] }[] {
  const { orgs, chaincodes } = ctx.config;
  const host = (org: (typeof orgs)[number]): string => orgEndpoints(org).host;
  return [
    ...orgs.map((org) => ({ name: processNames.ca(org), host: host(org), ports: [org.ports.ca, org.ports.caOperations] })),
    ...orgs.filter(runsOrderer).map((org) => ({
      name: processNames.orderer(org),
      host: host(org),
      ports: [org.ports.orderer, org.ports.ordererAdmin, org.ports.ordererOperations],
    })),
    ...orgs.map((org) => ({ name: processNames.peer(org), host: host(org), ports: [org.ports.peer, org.ports.peerChaincode, org.ports.peerOperations] })),
    ...chaincodes.flatMap((cc) =>
      orgs.map((org) => ({ name: processNames.chaincode(org, cc.name), host: host(org), ports: [org.ports.chaincode[cc.name] ?? 0] })),
    ),
  ];
}

/** Reads the state of every process: pid file, liveness, and whether its first port listens. */
export async function readNetworkStatus(ctx: NetworkContext): Promise<ProcessStatus[]> {
  return Promise.all(
    listExpectedProcesses(ctx).map(async ({ name, host, ports }) => {
      const pid = ctx.registry.runningPid(name);
      if (pid === undefined) return { name, state: 'stopped' as const, host, ports };
      const listening = ports[0] !== undefined && (await isListening(`${host}:${String(ports[0])}`));
      return { name, state: listening ? ('running' as const) : ('starting' as const), pid, host, ports };
    }),
  );
}

/** Formats the status as an aligned table. */
export function formatStatus(rows: readonly ProcessStatus[]): string {
  const lines = [['PROCESS', 'STATE', 'PID', 'HOST', 'PORTS']];
  for (const row of rows) lines.push([row.name, row.state, row.pid ? String(row.pid) : '-', row.host, row.ports.join(', ')]);
  const widths = lines[0]?.map((_, col) => Math.max(...lines.map((line) => (line[col] ?? '').length))) ?? [];
  return lines.map((line) => line.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd()).join('\n');
}
