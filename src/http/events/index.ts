/**
 * `GET /events`, a WebSocket of engine events from the whole cluster (see `connection.ts` for
 * the protocol and `cluster/event-log.ts` for how events cross nodes).
 *
 * The upgrade request is authenticated like the REST API: HTTP Basic, checked by the root
 * `onRequest` hook before any upgrade, so a missing or wrong credential is a plain 401 and the
 * socket never opens; the user needs `access-rest-api` (or `access-admin`). Browsers cannot set
 * headers on a WebSocket; the major ones send the Basic credentials they already hold for the
 * origin (the UI or REST API behind the same nginx) with the upgrade request. No credential in
 * the URL or subprotocol is accepted: those end up in access logs.
 *
 * Events reach this node's clients in log order: one listener on the event log feeds them
 * through one promise chain, so a task whose audience must be looked up does not let later
 * events overtake it.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import { WeirError } from '../../errors.ts';
import type { Queryable } from '../../persistence/database.ts';
import type { EventLog, LoggedEvent } from '../../cluster/event-log.ts';
import { PRIVILEGE_ADMIN, PRIVILEGE_REST_API, principalOf } from '../auth/basic-auth.ts';
import { EventConnection } from './connection.ts';
import { TaskAudiences } from './task-audience.ts';
import { pingUntilClosed } from '../socket-pings.ts';
import { WebSocketUpgrade } from '../rest/schemas/common.ts';
import type { TaskAudience } from './task-audience.ts';

export interface EventsOptions {
  readonly events: EventLog;
  readonly db: Queryable;
  /** Told to clients on connect: which node behind the load balancer they reached. */
  readonly nodeId: string;
}

/** Client messages are small; this bounds what a client can make a node parse. */
export const MAX_MESSAGE_BYTES = 64 * 1024;

const sinceOf = (query: unknown): number | undefined => {
  const since = (query as { since?: unknown } | undefined)?.since;
  if (since === undefined) return undefined;
  if (typeof since !== 'string' || !/^\d+$/.test(since) || !Number.isSafeInteger(Number(since))) {
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      "'since' must be the id (a number) of the last event received",
    );
  }
  return Number(since);
};

export const eventsRoutes: FastifyPluginAsync<EventsOptions> = async (app, { events, db, nodeId }) => {
  // registered once on the root by server.ts (two registrations would both answer each upgrade)
  if (!app.hasDecorator('websocketServer'))
    await app.register(websocket, { options: { maxPayload: MAX_MESSAGE_BYTES } });
  const audiences = new TaskAudiences(db);
  const connections = new Set<EventConnection>();

  const dispatch = async (event: LoggedEvent) => {
    let audience: TaskAudience | undefined;
    for (const connection of connections) {
      if (connection.subscription.needsAudience(event)) {
        audience ??= await audiences.audienceOf(event).catch((error: unknown) => {
          app.log.warn({ err: error }, 'Could not look up the audience of a task event');
          return { users: new Set<string>(), groups: new Set<string>() };
        });
      }
      connection.offer(event, audience);
    }
  };
  let chain: Promise<void> = Promise.resolve();
  // Subscribed while this node has connections: a node nobody watches does not read the log.
  let unsubscribe: (() => void) | undefined;
  const opened = (connection: EventConnection) => {
    connections.add(connection);
    unsubscribe ??= events.subscribe((event) => {
      audiences.observe(event);
      if (connections.size > 0) chain = chain.then(() => dispatch(event));
    });
  };
  const closed = (connection: EventConnection) => {
    connections.delete(connection);
    if (connections.size > 0) return;
    unsubscribe?.();
    unsubscribe = undefined;
  };
  app.addHook('onClose', async () => {
    unsubscribe?.();
    await chain;
  });

  app.get(
    '/events',
    {
      websocket: true,
      schema: {
        tags: ['Events'],
        summary: "The engine's events live from the whole cluster, those after 'since' first",
        response: { 101: WebSocketUpgrade('JSON events') },
      },
      preHandler: async (request) => {
        const principal = principalOf(request);
        const privileges = principal.privileges;
        if (!privileges.includes(PRIVILEGE_REST_API) && !privileges.includes(PRIVILEGE_ADMIN)) {
          throw new WeirError(
            'WEIR_FORBIDDEN',
            `User '${principal.userId}' does not have the privilege '${PRIVILEGE_REST_API}'`,
          );
        }
        sinceOf(request.query);
      },
    },
    (socket, request) => {
      const connection = new EventConnection(
        socket,
        principalOf(request),
        { events, db, audiences, log: request.log, nodeId },
        sinceOf(request.query),
      );
      opened(connection);
      pingUntilClosed(socket);
      socket.on('close', () => closed(connection));
    },
  );
};
