import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { readFileSync } from 'node:fs';
import { NetworkError } from './network-error';

/** How to wait for one process to become ready. */
export interface WaitOptions {
  /** Shown in the error when the deadline passes. */
  readonly what: string;
  readonly timeoutMs?: number;
  /** Log file named in the error. */
  readonly logFile?: string;
  /** Returns true when the process died, to fail at once instead of at the deadline. */
  readonly exited?: () => boolean;
}

async function pollUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const see = options.logFile ? `; see ${options.logFile}` : '';
  for (;;) {
    if (await check()) return;
    if (options.exited?.()) throw new NetworkError('NOT_READY', `${options.what} exited during start-up${see}`);
    if (Date.now() > deadline) throw new NetworkError('NOT_READY', `${options.what} did not become ready${see}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function httpStatus(url: string, caFile?: string): Promise<number> {
  return new Promise((resolve) => {
    const onResponse = (res: http.IncomingMessage): void => {
      res.resume();
      resolve(res.statusCode ?? 0);
    };
    const req = caFile
      ? https.get(url, { ca: readFileSync(caFile), servername: 'localhost', timeout: 2000 }, onResponse)
      : http.get(url, { timeout: 2000 }, onResponse);
    req.on('error', () => { resolve(0); });
    req.on('timeout', () => req.destroy());
  });
}

/** Splits `host:port` (IPv4 or a name) into its parts. */
function splitAddress(address: string): { host: string; port: number } {
  const colon = address.lastIndexOf(':');
  return { host: address.slice(0, colon), port: Number(address.slice(colon + 1)) };
}

/** Waits until an operations endpoint (`host:port`) answers /healthz with 200 (peer, orderer). */
export function waitForHealthz(address: string, options: WaitOptions): Promise<void> {
  return pollUntil(async () => (await httpStatus(`http://${address}/healthz`)) === 200, options);
}

/** Waits until a Fabric CA (`host:port`) answers /cainfo over TLS, verified with its own root certificate. */
export function waitForCaInfo(address: string, caCertFile: () => string | undefined, options: WaitOptions): Promise<void> {
  return pollUntil(async () => {
    const ca = caCertFile();
    return ca !== undefined && (await httpStatus(`https://${address}/cainfo`, ca)) === 200;
  }, options);
}

/** True when something accepts TCP connections at `host:port`. */
export function isListening(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(splitAddress(address));
    socket.setTimeout(1000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => { resolve(false); });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

/** Waits until `host:port` accepts TCP connections (chaincode servers). */
export function waitForPort(address: string, options: WaitOptions): Promise<void> {
  return pollUntil(() => isListening(address), options);
}

/**
 * Waits until nothing listens on a port any more: a stopped Node process whose main thread has
 * exited shows as a zombie while its other threads still hold its sockets for a moment.
 * @throws {NetworkError} NOT_READY when the port is still taken after the deadline.
 */
export async function waitForPortClosed(address: string, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (await isListening(address)) {
    if (Date.now() > deadline) throw new NetworkError('NOT_READY', `${options.what} still listens at ${address} after it was stopped`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Fails when a port this process needs is already taken.
 * @throws {NetworkError} PORT_IN_USE naming the port and its owner in the network table.
 */
export async function assertPortsFree(addresses: readonly string[], owner: string): Promise<void> {
  for (const address of addresses) {
    if (await isListening(address)) {
      const { port } = splitAddress(address);
      throw new NetworkError(
        'PORT_IN_USE',
        `port ${String(port)} (${owner}) is in use by another process at ${address}: stop it (ss -ltnp 'sport = :${String(port)}') ` +
          'or change the port in network/config/network.json',
      );
    }
  }
}

function httpText(url: string): Promise<string> {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        resolve(body);
      });
    });
    req.on('error', () => {
      resolve('');
    });
    req.on('timeout', () => req.destroy());
  });
}

/** Reads one gauge of a channel from a node's Prometheus metrics, or undefined when absent. */
export async function readChannelGauge(operations: string, metric: string, channel: string): Promise<number | undefined> {
  const metrics = await httpText(`http://${operations}/metrics`);
  const line = metrics.split('\n').find((entry) => entry.startsWith(`${metric}{channel="${channel}"}`));
  return line ? Number(line.split(' ').at(-1)) : undefined;
}

/** Peers a peer knows on a channel through gossip, from its Prometheus metrics (0 when unknown). */
export async function readGossipMembership(operations: string, channel: string): Promise<number> {
  return (await readChannelGauge(operations, 'gossip_membership_total_peers_known', channel)) ?? 0;
}

/**
 * Waits until a peer knows the given number of other peers on the channel: service discovery (and
 * so the Fabric Gateway's choice of endorsers) sees only peers that gossip has found.
 */
export function waitForGossipMembership(operations: string, channel: string, others: number, options: WaitOptions): Promise<void> {
  return pollUntil(async () => (await readGossipMembership(operations, channel)) >= others, options);
}
