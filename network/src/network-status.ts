import type { NetworkContext } from './network-context';
import { isListening } from './readiness';
import { processNames, runsOrderer } from './layout';

/** One process of the network as status reports it. */
export interface ProcessStatus {
  readonly name: string;
  readonly state: 'running' | 'starting' | 'stopped';
  readonly pid?: number;
  readonly ports: readonly number[];
}

/** Every process the table defines, in start order, with its ports. */
export function listExpectedProcesses(ctx: Pick<NetworkContext, 'config'>): { name: string; ports: number[] }[] {
  const { orgs, chaincodes } = ctx.config;
  return [
    ...orgs.map((org) => ({ name: processNames.ca(org), ports: [org.ports.ca, org.ports.caOperations] })),
    ...orgs.filter(runsOrderer).map((org) => ({
      name: processNames.orderer(org),
      ports: [org.ports.orderer, org.ports.ordererAdmin, org.ports.ordererOperations],
    })),
    ...orgs.map((org) => ({ name: processNames.peer(org), ports: [org.ports.peer, org.ports.peerChaincode, org.ports.peerOperations] })),
    ...chaincodes.flatMap((cc) =>
      orgs.map((org) => ({ name: processNames.chaincode(org, cc.name), ports: [org.ports.chaincode[cc.name] ?? 0] })),
    ),
  ];
}

/** Reads the state of every process: pid file, liveness, and whether its first port listens. */
export async function readNetworkStatus(ctx: NetworkContext): Promise<ProcessStatus[]> {
  return Promise.all(
    listExpectedProcesses(ctx).map(async ({ name, ports }) => {
      const pid = ctx.registry.runningPid(name);
      if (pid === undefined) return { name, state: 'stopped' as const, ports };
      const listening = ports[0] !== undefined && (await isListening(ports[0]));
      return { name, state: listening ? ('running' as const) : ('starting' as const), pid, ports };
    }),
  );
}

/** Formats the status as an aligned table. */
export function formatStatus(rows: readonly ProcessStatus[]): string {
  const lines = [['PROCESS', 'STATE', 'PID', 'PORTS (127.0.0.1)']];
  for (const row of rows) lines.push([row.name, row.state, row.pid ? String(row.pid) : '-', row.ports.join(', ')]);
  const widths = lines[0]?.map((_, col) => Math.max(...lines.map((line) => (line[col] ?? '').length))) ?? [];
  return lines.map((line) => line.map((cell, col) => cell.padEnd(widths[col] ?? 0)).join('  ').trimEnd()).join('\n');
}
