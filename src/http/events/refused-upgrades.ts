/**
 * A WebSocket upgrade request that is answered with an ordinary response (401, 403, 404, ...)
 * leaves a socket that Node's HTTP server no longer reads or tracks: the client may keep it
 * open forever, and `server.close()` then waits for it forever, so the node never finishes a
 * graceful shutdown. @fastify/websocket destroys such sockets only when its own `onRequest`
 * hook ran, which it does not when authentication (an earlier hook) refused the request.
 * Installed on the root before the other hooks, this closes every refused upgrade.
 */
import type { FastifyInstance } from 'fastify';

export const closeRefusedUpgrades = (app: FastifyInstance): void => {
  app.addHook('onResponse', async (request, reply) => {
    if (request.raw.headers.upgrade !== undefined && reply.statusCode !== 101) request.raw.socket.destroy();
  });
};
