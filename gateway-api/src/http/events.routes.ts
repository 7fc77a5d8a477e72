/**
 * Routes of event delivery: the SSE stream of this authority's CaseEvents (resumable with
 * Last-Event-ID) and the webhook subscriptions (create, list, read, delete, deliveries, redrive of
 * dead letters, replay from a block).
 */
import type { Request, Response } from 'express';
import { z } from 'zod';
import { LedgerError } from '@asylum-ledger/domain';
import { deliveryBody } from '../events/delivery-body';
import type { EventDelivery, SubscriptionDetail } from '../events/event-delivery';
import type { DeliveryView, Subscription } from '../ports/event-store';
import { parseRequestPart, requireObjectBody } from './parse-request';
import { principalOf, type RouteServices } from './route-context';
import type { HeaderDoc, RouteSpec } from './route-spec';

/** A position in this gateway's outbox, as SSE ids carry it. */
const Position = z.string().regex(/^(0|[1-9][0-9]{0,14})$/, 'an event position: decimal digits, no sign, no leading zeros');

const LAST_EVENT_ID_HEADER: HeaderDoc = {
  name: 'Last-Event-ID',
  required: false,
  description: 'The `id` of the last message you received: the stream goes on after it. Without it the stream starts with the next new event; `0` replays the whole outbox.',
  schema: Position,
};

const EventType = z.string().regex(/^[a-z][A-Za-z0-9]{0,63}$/, 'a transaction name, e.g. recordDecision');

const CreateSubscriptionBody = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2048).describe('Where deliveries are POSTed (http or https)'),
  secret: z
    .string()
    .min(32)
    .max(256)
    .regex(/^[\x21-\x7e]+$/, 'visible ASCII characters')
    .optional()
    .describe('The HMAC-SHA256 key for signatures (32-256 visible ASCII characters); generated and returned once when omitted'),
  eventTypes: z.array(EventType).max(64).optional().describe('Deliver only these event types (transaction names); all when omitted or empty'),
});

const SubscriptionParams = z.strictObject({ id: z.uuid() });

const DeliveriesQuery = z.strictObject({
  state: z.enum(['pending', 'delivered', 'dead']).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const RedriveQuery = z.strictObject({ deliveryId: z.coerce.number().int().min(1).optional() });

const ReplayQuery = z.strictObject({ fromBlock: Position.describe('The first block whose events are delivered again') });

const DeliveryCountsResponse = z.object({ pending: z.number().int(), delivered: z.number().int(), dead: z.number().int() });

const SubscriptionResponse = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()).nullable(),
  createdAt: z.string(),
  deliveries: DeliveryCountsResponse.optional(),
});

const CreatedSubscriptionResponse = SubscriptionResponse.extend({
  secret: z.string().describe('The signing secret; shown only in this response'),
});

const DeliveryResponse = z.object({
  id: z.number().int(),
  eventId: z.string(),
  position: z.number().int(),
  blockNumber: z.string(),
  caseRef: z.string(),
  type: z.string(),
  state: z.enum(['pending', 'delivered', 'dead']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});

function toSubscriptionResponse(subscription: Subscription | SubscriptionDetail): z.infer<typeof SubscriptionResponse> {
  return {
    id: subscription.id,
    url: subscription.url,
    eventTypes: subscription.eventTypes === null ? null : [...subscription.eventTypes],
    createdAt: subscription.createdAt,
    ...('deliveries' in subscription ? { deliveries: { ...subscription.deliveries } } : {}),
  };
}

function toDeliveryResponse(delivery: DeliveryView): z.infer<typeof DeliveryResponse> {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    id: delivery.id,
    eventId: delivery.txId,
    position: delivery.position,
    blockNumber: delivery.blockNumber.toString(),
    caseRef: delivery.caseRef,
    type: delivery.type,
    state: delivery.state,
    attempts: delivery.attempts,
    lastError: delivery.lastError,
    nextAttemptAt: iso(delivery.nextAttemptAtMs),
    deliveredAt: iso(delivery.deliveredAtMs),
  };
}

const PAGE = 200;
const HEARTBEAT_MS = 15_000;

/** Streams the outbox after `from` as SSE until the client goes away or the gateway stops. */
function streamEvents(events: EventDelivery, req: Request, res: Response, from: number): Promise<void> {
  res.status(200);
  res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  res.setHeader('Connection', 'keep-alive');
  res.setHeader('X-Accel-Buffering', 'no');
  res.flushHeaders();
  res.write('retry: 2000\n\n');
  let cursor = from;
  return new Promise<void>((resolve) => {
    let closed = false;
    let waitingForDrain = false;
    const pump = (): void => {
      while (!closed && !waitingForDrain) {
        const page = events.eventsAfter(cursor, PAGE);
        for (const event of page) {
          cursor = event.position;
          const ok = res.write(`id: ${String(event.position)}\nevent: CaseEvent\ndata: ${JSON.stringify(deliveryBody(event))}\n\n`);
          if (!ok) waitingForDrain = true;
        }
        if (page.length < PAGE) return;
      }
    };
    const heartbeat = setInterval(() => {
      if (!closed) res.write(': keep-alive\n\n');
    }, HEARTBEAT_MS);
    heartbeat.unref();
    const finish = (): void => {
      if (closed) return;
      closed = true;
      unsubscribe();
      untrack();
      clearInterval(heartbeat);
      res.end();
      resolve();
    };
    const unsubscribe = events.signal.subscribe(pump);
    const untrack = events.trackStream(finish);
    res.on('drain', () => {
      waitingForDrain = false;
      pump();
    });
    res.on('close', finish);
    req.on('close', finish);
    pump();
  });
}

/** The event routes. */
export function eventRoutes(services: RouteServices): RouteSpec[] {
  const problems = ['VALIDATION_FAILED', 'FORBIDDEN_ROLE', 'NOT_FOUND'] as const;
  return [
    {
      method: 'get',
      path: '/v1/events',
      operationId: 'streamEvents',
      summary: "This authority's CaseEvents as Server-Sent Events (resumable with Last-Event-ID)",
      description:
        'Every CaseEvent whose targets name this authority, in commit order, as `event: CaseEvent` messages whose `id` is ' +
        "the event's position in this gateway's outbox and whose `data` is the same JSON a webhook receives. Reconnect with " +
        'the Last-Event-ID header to go on after the last message you got. A comment line every 15 s keeps the connection open.',
      tags: ['events'],
      authenticated: true,
      headers: [LAST_EVENT_ID_HEADER],
      responses: { 200: { description: 'An endless text/event-stream', contentType: 'text/event-stream' } },
      problems: ['VALIDATION_FAILED', 'SHUTTING_DOWN'],
      handler: async (req, res) => {
        principalOf(res);
        const header = req.get('Last-Event-ID');
        const from = header === undefined ? undefined : Number(parseRequestPart(Position, header, 'header'));
        if (services.events.stopped) throw new LedgerError('SHUTTING_DOWN', 'the gateway is shutting down');
        if (req.method === 'HEAD') {
          res.status(200).type('text/event-stream').end();
          return;
        }
        await streamEvents(services.events, req, res, from ?? services.events.lastPosition());
      },
    },
    {
      method: 'post',
      path: '/v1/subscriptions',
      operationId: 'createSubscription',
      summary: 'Subscribe a webhook of your own systems to this authority\'s CaseEvents',
      description:
        'Deliveries are POSTed as JSON, signed (Asylum-Timestamp, Asylum-Signature: v1=HMAC-SHA256(secret, timestamp + "." + body) in hex), ' +
        'with the event id (the transaction id) in Asylum-Event-Id for deduplication; at least once, in order per case, ' +
        'retried with exponential backoff and jitter, and dead-lettered after the configured number of tries. ' +
        'A new subscription receives the events that arrive from now on; replay earlier ones with /replay.',
      tags: ['events'],
      authenticated: true,
      jsonBody: true,
      body: CreateSubscriptionBody,
      responses: { 201: { description: 'Subscribed; the secret is shown only here', schema: CreatedSubscriptionResponse } },
      problems: ['VALIDATION_FAILED', 'FORBIDDEN_ROLE'],
      handler: async (req, res) => {
        const body = parseRequestPart(CreateSubscriptionBody, requireObjectBody(req.body), 'body');
        const created = services.events.subscribe(principalOf(res), body);
        res.setHeader('Location', `/v1/subscriptions/${created.id}`);
        res.status(201).json({ ...toSubscriptionResponse(created), secret: created.secret });
      },
    },
    {
      method: 'get',
      path: '/v1/subscriptions',
      operationId: 'listSubscriptions',
      summary: 'The webhook subscriptions of this authority, with delivery counts',
      tags: ['events'],
      authenticated: true,
      responses: { 200: { description: 'The subscriptions', schema: z.object({ subscriptions: z.array(SubscriptionResponse) }) } },
      problems: ['FORBIDDEN_ROLE'],
      handler: async (_req, res) => {
        res.json({ subscriptions: services.events.list(principalOf(res)).map(toSubscriptionResponse) });
      },
    },
    {
      method: 'get',
      path: '/v1/subscriptions/{id}',
      operationId: 'getSubscription',
      summary: 'One webhook subscription, with delivery counts',
      tags: ['events'],
      authenticated: true,
      params: SubscriptionParams,
      responses: { 200: { description: 'The subscription', schema: SubscriptionResponse } },
      problems: [...problems],
      handler: async (req, res) => {
        const { id } = parseRequestPart(SubscriptionParams, req.params, 'path');
        res.json(toSubscriptionResponse(services.events.get(principalOf(res), id)));
      },
    },
    {
      method: 'delete',
      path: '/v1/subscriptions/{id}',
      operationId: 'deleteSubscription',
      summary: 'End a webhook subscription (its pending deliveries are dropped)',
      tags: ['events'],
      authenticated: true,
      params: SubscriptionParams,
      responses: { 204: { description: 'Ended' } },
      problems: [...problems],
      handler: async (req, res) => {
        const { id } = parseRequestPart(SubscriptionParams, req.params, 'path');
        services.events.unsubscribe(principalOf(res), id);
        res.status(204).end();
      },
    },
    {
      method: 'get',
      path: '/v1/subscriptions/{id}/deliveries',
      operationId: 'listDeliveries',
      summary: "A subscription's deliveries (?state=dead lists the dead letters)",
      tags: ['events'],
      authenticated: true,
      params: SubscriptionParams,
      query: DeliveriesQuery,
      responses: { 200: { description: 'Deliveries, oldest first', schema: z.object({ deliveries: z.array(DeliveryResponse) }) } },
      problems: [...problems],
      handler: async (req, res) => {
        const { id } = parseRequestPart(SubscriptionParams, req.params, 'path');
        const query = parseRequestPart(DeliveriesQuery, req.query, 'query');
        res.json({ deliveries: services.events.deliveries(principalOf(res), id, query.state, query.limit).map(toDeliveryResponse) });
      },
    },
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/redrive',
      operationId: 'redriveDeliveries',
      summary: 'Send dead-lettered deliveries again (all of the subscription, or one with ?deliveryId=)',
      tags: ['events'],
      authenticated: true,
      params: SubscriptionParams,
      query: RedriveQuery,
      responses: { 202: { description: 'How many deliveries were put back', schema: z.object({ redriven: z.number().int() }) } },
      problems: [...problems],
      handler: async (req, res) => {
        const { id } = parseRequestPart(SubscriptionParams, req.params, 'path');
        const { deliveryId } = parseRequestPart(RedriveQuery, req.query, 'query');
        res.status(202).json({ redriven: services.events.redrive(principalOf(res), id, deliveryId) });
      },
    },
    {
      method: 'post',
      path: '/v1/subscriptions/{id}/replay',
      operationId: 'replaySubscription',
      summary: 'Deliver every event from a block on again (?fromBlock=)',
      description: 'Events are delivered again with their original event ids, so a deduplicating receiver takes each once.',
      tags: ['events'],
      authenticated: true,
      params: SubscriptionParams,
      query: ReplayQuery,
      responses: { 202: { description: 'How many deliveries were scheduled', schema: z.object({ scheduled: z.number().int() }) } },
      problems: [...problems],
      handler: async (req, res) => {
        const { id } = parseRequestPart(SubscriptionParams, req.params, 'path');
        const { fromBlock } = parseRequestPart(ReplayQuery, req.query, 'query');
        res.status(202).json({ scheduled: services.events.replay(principalOf(res), id, BigInt(fromBlock)) });
      },
    },
  ];
}
