/**
 * Starts one gateway on a ledger port: opens its database, builds its verifier, metrics, logger and
 * app, and listens. Stopping drains: stop accepting connections, refuse new writes, let the writes
 * in flight finish (bounded by the grace period), then close the database. The ledger belongs to
 * the caller, which closes it after every gateway on it has stopped.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { createApp } from './app';
import { outOfEndorse } from './audit/chain-verification';
import { keySigner, type ExportSigner } from './audit/case-export';
import { FabricLedger, findOrgRunFolder, loadNetworkTable, loadRoleIdentity } from './fabric';
import { createTokenVerifier } from './auth/token-verifier';
import type { Config } from './config';
import { answerMalformedRequests } from './http/gateway-server';
import { GatewayMetrics } from './observability/gateway-metrics';
import { createLogger } from './observability/create-logger';
import { instrumentLedger } from './observability/instrumented-ledger';
import type { LedgerPort } from '@asylum-ledger/domain';
import { openGatewayStore } from './store/open-gateway-store';


const HOUR_MS = 60 * 60 * 1000;
/** How often expired idempotency records are deleted. */
const PRUNE_EVERY_MS = 15 * 60 * 1000;
/** A listening gateway. */
export interface RunningGateway {
  /** Base URL, e.g. http://127.0.0.1:7280, or https://… when the gateway serves TLS itself. */
  readonly url: string;
  readonly logger: Logger;
  /** Drains and stops; resolves when done. Idempotent. */
  stop(): Promise<void>;
}

function verificationKey(config: Config): { pem: string } | { jwksUrl: string } {
  const key = config.jwt.key;
  if (key.kind === 'jwks') return { jwksUrl: key.url };
  return { pem: key.kind === 'pem' ? key.pem : readFileSync(key.file, 'utf8') };
}

/**
 * The REST listener: HTTPS with the configured certificate and key (and, for mutual TLS, client
 * certificates signed by the client CA required), else plain HTTP (behind a TLS-terminating proxy
 * on this host, or in the dev profile).
 */
function createListener(config: Config, handler: RequestListener): Server {
  const tls = config.http.tls;
  if (tls.kind !== 'serve') return answerMalformedRequests(createHttpServer(handler));
  return answerMalformedRequests(createHttpsServer(
    {
      cert: readFileSync(tls.certFile),
      key: readFileSync(tls.keyFile),
      minVersion: 'TLSv1.2',
      ...(tls.clientCaFile !== undefined ? { ca: readFileSync(tls.clientCaFile), requestCert: true, rejectUnauthorized: true } : {}),
    },
    handler,
  ));
}

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => {
      resolve();
    });
    server.closeIdleConnections();
  });
}

/** The metrics registry of one org's gateway (created before its ledger port, which reports into it). */
export function newGatewayMetrics(config: Config): GatewayMetrics {
  return new GatewayMetrics({ defaultMetrics: true, labels: { org: config.org.mspId } });
}

/** On Fabric, /v1/audit/verify checks the chaincode-level policy OutOf(n) of the network table and compares the other orgs' peers. */
function fabricAudit(ledger: FabricLedger, config: Config): NonNullable<Parameters<typeof createApp>[0]['audit']> {
  const table = loadNetworkTable(config.ledgerFiles.networkConfig, config.ledgerFiles.networkRunDir);
  const casestatus = table.chaincodes.find((cc) => cc.name === 'casestatus');
  const folder = findOrgRunFolder(table, config.ledgerFiles.networkRunDir, config.org.mspId);
  // exports are signed with the org's AUDITOR identity, the key its CA certified
  const auditor = folder.roles.includes('AUDITOR') ? loadRoleIdentity('AUDITOR', folder.mspId, folder.mspFiles('AUDITOR')) : undefined;
  return {
    ...(auditor ? { signer: keySigner(folder.mspId, auditor.privateKey, Buffer.from(auditor.certificate).toString('utf8')) } : {}),
    ...(casestatus ? { rule: outOfEndorse(casestatus.endorsement.outOf) } : {}),
    peerBlock: (mspId, blockNumber) => ledger.blockOnPeerOf(mspId, blockNumber),
  };
}

/**
 * Starts a gateway for `config` on `ledger`.
 * @throws {Error} when the database, the IdP key or the port cannot be opened.
 */
export async function startGateway(
  options: Readonly<{ config: Config; ledger: LedgerPort; logger?: Logger; metrics?: GatewayMetrics; exportSigner?: ExportSigner | undefined }>,
): Promise<RunningGateway> {
  const { config } = options;
  const logger = options.logger ?? createLogger({ level: config.logLevel, name: `gateway-api:${config.org.mspId}` });
  const metrics = options.metrics ?? newGatewayMetrics(config);
  const store = openGatewayStore({
    file: config.dbPath,
    localReferenceKey: config.localReferenceKey,
    idempotencyTtlMs: config.idempotencyTtlHours * HOUR_MS,
  });
  const gateway = createApp({
    ledger: instrumentLedger(options.ledger, metrics),
    ...(options.ledger instanceof FabricLedger ? { audit: fabricAudit(options.ledger, config) } : {}),
    // elsewhere (the embedded ledger) exports are signed with the key the ledger holds for the org's AUDITOR
    ...(!(options.ledger instanceof FabricLedger) && options.exportSigner ? { audit: { signer: options.exportSigner } } : {}),
    store,
    logger,
    metrics,
    verifyToken: createTokenVerifier({
      key: verificationKey(config),
      issuer: config.jwt.issuer,
      audience: config.jwt.audience,
      algorithms: config.jwt.algorithms,
      clockToleranceSeconds: config.jwt.clockToleranceSeconds,
      maxTokenAgeSeconds: config.jwt.maxTokenAgeSeconds,
      jwksMaxAgeMs: config.jwt.jwksMaxAgeSeconds * 1000,
      org: { claim: config.jwt.orgClaim, mspId: config.org.mspId },
      orgKind: config.org.kind,
    }),
    options: {
      orgMspId: config.org.mspId,
      orgKind: config.org.kind,
      bodyLimitBytes: config.http.bodyLimitBytes,
      rateLimitPerMinute: config.http.rateLimitPerMinute,
      authFailures: config.http.authFailures,
      behindLocalProxy: config.http.tls.kind === 'terminated',
      mvccRetries: config.mvccRetries,
      catchUpWaitMs: config.catchUpWaitMs,
      fingerprintSecret: config.localReferenceKey,
      events: {
        enabled: config.events.enabled,
        listener: {
          startBlock: BigInt(config.events.startBlock),
          reconnectBaseMs: config.events.reconnectBaseMs,
          reconnectMaxMs: config.events.reconnectMaxMs,
        },
        webhooks: { ...config.events.webhook },
      },
    },
  });
  let server: Server;
  let address: AddressInfo;
  try {
    server = createListener(config, gateway.app);
    address = await listen(server, config.http.host, config.http.port);
  } catch (error) {
    store.close();
    throw error;
  }
  // expired idempotency records also go while no write comes in (a claim prunes them as well)
  const pruning = setInterval(() => {
    store.idempotency.prune();
  }, PRUNE_EVERY_MS);
  pruning.unref();
  gateway.events.start();
  let stopping: Promise<void> | undefined;
  const drainAndStop = async (): Promise<void> => {
    logger.info({ inFlightGraceMs: config.shutdownGraceMs }, 'draining: no new connections, finishing writes in flight');
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, config.shutdownGraceMs);
    });
    const finished = await Promise.race([Promise.all([closeServer(server), gateway.drain()]).then(() => true), grace]);
    clearTimeout(timer);
    if (!finished) {
      logger.warn('grace period over: closing the remaining connections');
      server.closeAllConnections();
    }
    clearInterval(pruning);
    store.close();
    logger.info('stopped');
  };
  return {
    url: `${config.http.tls.kind === 'serve' ? 'https' : 'http'}://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${String(address.port)}`,
    logger,
    stop: () => {
      stopping ??= drainAndStop();
      return stopping;
    },
  };
}
