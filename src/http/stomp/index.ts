/**
 * `GET /stomp`: conversations live over STOMP 1.2 on a WebSocket (`stomp-session.ts` for the
 * protocol, docs/conversations.md for clients).
 *
 * The route is open to the HTTP gate: STOMP clients authenticate in their CONNECT frame
 * (`login`/`passcode`), or with what the upgrade request carried (HTTP Basic, or the browser
 * session's cookie, whose Origin is checked as for `/events`); the session checks either when
 * CONNECT comes and answers ERROR when neither is good.
 */
import websocket from '@fastify/websocket';
import type { FastifyPluginAsync } from 'fastify';
import type { Engine } from '../../engine/engine.ts';
import type { LiveFeeds } from '../../conversations/index.ts';
import type { AuthOptions } from '../auth/basic-auth.ts';
import { MAX_FRAME_BYTES } from './frames.ts';
import { StompSession } from './stomp-session.ts';
import { pingUntilClosed } from '../socket-pings.ts';
import { WebSocketUpgrade } from '../rest/schemas/common.ts';

export interface StompOptions {
  readonly engine: Engine;
  readonly feeds: LiveFeeds;
  readonly auth: AuthOptions;
  readonly version: string;
  readonly nodeId: string;
}

export const stompRoutes: FastifyPluginAsync<StompOptions> = async (app, options) => {
  if (!app.hasDecorator('websocketServer'))
    await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  const sessions = new Set<StompSession>();
  app.addHook('onClose', async () => {
    for (const session of sessions) session.close();
  });

  const schema = {
    tags: ['Conversations'],
    summary: 'Conversations live: a WebSocket speaking STOMP 1.2 (docs/conversations.md)',
    response: { 101: WebSocketUpgrade('STOMP 1.2 (subprotocol v12.stomp)') },
  };
  app.get('/stomp', { websocket: true, config: { open: true }, schema }, (socket, request) => {
    const session = new StompSession(socket, request, { ...options, log: request.log });
    sessions.add(session);
    pingUntilClosed(socket);
    socket.on('close', () => sessions.delete(session));
  });
};
