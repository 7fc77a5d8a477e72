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

/** Waits until an operations endpoint answers /healthz with 200 (peer, orderer). */
export function waitForHealthz(port: number, options: WaitOptions): Promise<void> {
  return pollUntil(async () => (await httpStatus(`http://127.0.0.1:${port}/healthz`)) === 200, options);
}

/** Waits until a Fabric CA answers /cainfo over TLS, verified with its own root certificate. */
export function waitForCaInfo(port: number, caCertFile: () => string | undefined, options: WaitOptions): Promise<void> {
  return pollUntil(async () => {
    const ca = caCertFile();
    return ca !== undefined && (await httpStatus(`https://127.0.0.1:${port}/cainfo`, ca)) === 200;
  }, options);
}

/** True when something accepts TCP connections on 127.0.0.1:port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
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

/** Waits until a TCP port accepts connections (chaincode servers). */
export function waitForPort(port: number, options: WaitOptions): Promise<void> {
  return pollUntil(() => isListening(port), options);
}

/**
 * Waits until nothing listens on a port any more: a stopped Node process whose main thread has
 * exited shows as a zombie while its other threads still hold its sockets for a moment.
 * @throws {NetworkError} NOT_READY when the port is still taken after the deadline.
 */
export async function waitForPortClosed(port: number, options: WaitOptions): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  while (await isListening(port)) {
    if (Date.now() > deadline) throw new NetworkError('NOT_READY', `${options.what} still listens on port ${port} after it was stopped`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Fails when a port this process needs is already taken.
 * @throws {NetworkError} PORT_IN_USE naming the port and its owner in the network table.
 */
export async function assertPortsFree(ports: readonly number[], owner: string): Promise<void> {
  for (const port of ports) {
    if (await isListening(port)) {
      throw new NetworkError(
        'PORT_IN_USE',
        `port ${port} (${owner}) is in use by another process: stop it (ss -ltnp 'sport = :${port}') ` +
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
export async function readChannelGauge(operationsPort: number, metric: string, channel: string): Promise<number | undefined> {
  const metrics = await httpText(`http://127.0.0.1:${operationsPort}/metrics`);
  const line = metrics.split('\n').find((entry) => entry.startsWith(`${metric}{channel="${channel}"}`));
  return line ? Number(line.split(' ').at(-1)) : undefined;
}

/** Peers a peer knows on a channel through gossip, from its Prometheus metrics (0 when unknown). */
export async function readGossipMembership(operationsPort: number, channel: string): Promise<number> {
  return (await readChannelGauge(operationsPort, 'gossip_membership_total_peers_known', channel)) ?? 0;
}

/**
 * Waits until a peer knows the given number of other peers on the channel: service discovery (and
 * so the Fabric Gateway's choice of endorsers) sees only peers that gossip has found.
 */
export function waitForGossipMembership(operationsPort: number, channel: string, others: number, options: WaitOptions): Promise<void> {
  return pollUntil(async () => (await readGossipMembership(operationsPort, channel)) >= others, options);
}
