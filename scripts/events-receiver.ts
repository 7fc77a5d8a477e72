/**
 * A reference receiver of the gateway's webhook deliveries, small enough to read in one sitting:
 * how an authority's own system takes the CaseEvents of its gateway.
 *
 *   WEBHOOK_SECRET=<the subscription's secret> PORT=9400 npx tsx scripts/events-receiver.ts
 *   # then subscribe it:  POST /v1/subscriptions {"url":"http://127.0.0.1:9400/events","secret":"<same>"}
 *
 * For every POST it
 * 1. verifies the signature: HMAC-SHA256 with the secret over `<Asylum-Timestamp>.<raw body>`,
 *    hex, compared in constant time with `Asylum-Signature: v1=<hex>`; and refuses a timestamp more
 *    than 5 minutes away from its own clock (a replayed old request). Refusals answer 401, and the
 *    gateway retries (a wrong secret ends in the dead letters, where an operator sees it);
 * 2. deduplicates on `Asylum-Event-Id` (the CaseEvent's transaction id, the same at every retry and
 *    replay): a delivery it has taken before is acknowledged again and not processed twice. The ids
 *    are kept in a file (DEDUP_FILE, one per line), so a restart of the receiver does not forget them;
 * 3. processes the event (here: prints one line, and notes when a case's `seq` goes backwards), and
 *    only then answers 204: an acknowledgement means "taken", so anything that fails before it
 *    answers with an error and the gateway delivers again.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One event the receiver took (first delivery of its id). */
export interface TakenEvent {
  readonly eventId: string;
  readonly type: string;
  readonly caseRef: string;
  readonly seq: number;
  readonly blockNumber: string;
  /** The CaseEvent as the chaincode emitted it. */
  readonly event: Readonly<Record<string, unknown>>;
  /** When the receiver took it (ms since the epoch). */
  readonly takenAtMs: number;
  readonly attempt: number;
}

/** Settings of the receiver. */
export interface ReceiverOptions {
  readonly secret: string;
  readonly port?: number;
  readonly host?: string;
  /** Where taken event ids are kept across restarts (none: in memory only). */
  readonly dedupFile?: string;
  /** How far the signed timestamp may lie from this clock (default 300 s). */
  readonly toleranceSeconds?: number;
  /** Called once per new event, before the acknowledgement. */
  readonly onEvent?: (event: TakenEvent) => void;
}

/** A running receiver. */
export interface RunningReceiver {
  readonly url: string;
  /** Every new event, in the order taken. */
  readonly taken: TakenEvent[];
  /** Deliveries of an id taken before (acknowledged, not processed). */
  readonly duplicates: string[];
  /** Deliveries refused for their signature, by reason. */
  readonly refused: string[];
  stop(): Promise<void>;
}

/** Verifies the signature headers of a delivery. @returns null when it holds, else why not. */
export function checkSignature(secret: string, timestamp: string | undefined, signature: string | undefined, rawBody: Buffer, nowSeconds: number, toleranceSeconds = 300): string | null {
  if (timestamp === undefined || signature === undefined) return 'missing signature headers';
  if (!/^[0-9]{1,12}$/.test(timestamp) || !/^v1=[0-9a-f]{64}$/.test(signature)) return 'malformed signature headers';
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return 'timestamp too old or too far ahead';
  const expected = createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : 'signature mismatch';
}

function readBody(req: IncomingMessage, limit = 1_048_576): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) req.destroy(new Error('body too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

/** Starts a receiver. */
export async function startReceiver(options: ReceiverOptions): Promise<RunningReceiver> {
  const seen = new Set<string>(options.dedupFile !== undefined && existsSync(options.dedupFile) ? readFileSync(options.dedupFile, 'utf8').split('\n').filter(Boolean) : []);
  const lastSeq = new Map<string, number>();
  const taken: TakenEvent[] = [];
  const duplicates: string[] = [];
  const refused: string[] = [];
  const server: Server = createServer((req, res) => {
    if (req.method !== 'POST') {
      res.writeHead(405, { Allow: 'POST' }).end();
      return;
    }
    readBody(req).then(
      (raw) => {
        const header = (name: string): string | undefined => {
          const value = req.headers[name.toLowerCase()];
          return typeof value === 'string' ? value : undefined;
        };
        const problem = checkSignature(options.secret, header('Asylum-Timestamp'), header('Asylum-Signature'), raw, Date.now() / 1000, options.toleranceSeconds);
        if (problem !== null) {
          refused.push(problem);
          res.writeHead(401).end(problem);
          return;
        }
        const eventId = header('Asylum-Event-Id') ?? '';
        if (seen.has(eventId)) {
          duplicates.push(eventId);
          res.writeHead(204).end();
          return;
        }
        const body = JSON.parse(raw.toString('utf8')) as { id: string; type: string; caseRef: string; seq: number; blockNumber: string; event: Record<string, unknown> };
        if (body.id !== eventId) {
          res.writeHead(400).end('event id header and body differ');
          return;
        }
        const event: TakenEvent = { eventId, type: body.type, caseRef: body.caseRef, seq: body.seq, blockNumber: body.blockNumber, event: body.event, takenAtMs: Date.now(), attempt: Number(header('Asylum-Delivery-Attempt') ?? '1') };
        const before = lastSeq.get(body.caseRef);
        if (before !== undefined && body.seq < before) process.stderr.write(`note: case ${body.caseRef} seq ${String(body.seq)} after ${String(before)} (a redriven or replayed event)\n`);
        lastSeq.set(body.caseRef, Math.max(before ?? 0, body.seq));
        options.onEvent?.(event);
        // remembered only once processed: a crash before this line means the gateway delivers again
        seen.add(eventId);
        if (options.dedupFile !== undefined) appendFileSync(options.dedupFile, `${eventId}\n`);
        taken.push(event);
        res.writeHead(204).end();
      },
      () => {
        res.writeHead(400).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://${address.address}:${String(address.port)}/events`,
    taken,
    duplicates,
    refused,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => {
          resolve();
        });
        server.closeAllConnections();
      }),
  };
}

if (require.main === module) {
  const secret = process.env.WEBHOOK_SECRET;
  if (secret === undefined || secret === '') {
    process.stderr.write('set WEBHOOK_SECRET to the secret of your subscription\n');
    process.exit(1);
  }
  startReceiver({
    secret,
    port: Number(process.env.PORT ?? '9400'),
    ...(process.env.DEDUP_FILE ? { dedupFile: process.env.DEDUP_FILE } : {}),
    onEvent: (event) => {
      process.stdout.write(`${new Date(event.takenAtMs).toISOString()} ${event.type} case ${event.caseRef} seq ${String(event.seq)} block ${event.blockNumber} event ${event.eventId} (attempt ${String(event.attempt)})\n`);
    },
  }).then(
    (receiver) => {
      process.stdout.write(`receiving webhook deliveries at ${receiver.url}\n`);
      const stop = (): void => {
        void receiver.stop();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
