/**
 * Closing the HTTP server without dropping requests a client has already sent.
 *
 * `app.close()` alone drops some: Node's `server.close()` destroys every connection that looks
 * idle, and a connection the kernel has accepted but whose request Node has not parsed yet
 * looks idle. Its client (nginx) sees the connection reset after sending the request, and
 * must not pass a POST to another node then, since it cannot know whether it ran: the request
 * fails. And a request parsed after `app.close()` began is answered 503, which nginx passes on
 * only for idempotent methods.
 *
 * So the close goes in three steps: stop listening (new connections are refused, which a load
 * balancer always retries elsewhere, POST included, since nothing was sent); give connections
 * already accepted a moment to deliver their requests, served as usual; then close the app,
 * which ends idle connections, finishes the requests in flight and waits for them.
 */
import { Server } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyInstance } from 'fastify';

export interface GracefulCloseOptions {
  /**
   * How long accepted connections have to deliver a request after the listener closed. A
   * request on the wire is parsed within milliseconds; half a second covers a busy event loop.
   */
  readonly graceMs?: number;
  /** Requests still running this long after the close began are cut (orchestrators kill later). */
  readonly cutAfterMs: number;
  readonly log: { warn(obj: object, msg: string): void };
}

const DEFAULT_GRACE_MS = 500;

/** Loop turns to wait at most for the accept queue to run dry. */
const MAX_ACCEPT_TURNS = 20;

/**
 * Closing a listening socket resets the connections still in its accept queue: ones whose
 * client may have sent a request already. Node accepts queued connections in the poll phase
 * of each loop turn; this waits for a turn that accepted none (the queue was empty), so the
 * close that follows at once finds nothing queued, short of a connection landing in between.
 */
const acceptPending = async (server: Server) => {
  let accepted = true;
  const onConnection = () => (accepted = true);
  server.on('connection', onConnection);
  try {
    for (let turn = 0; accepted && turn < MAX_ACCEPT_TURNS; turn++) {
      accepted = false;
      await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    server.off('connection', onConnection);
  }
};

const openConnections = (server: Server) =>
  new Promise<number>((resolve) => server.getConnections((error, count) => resolve(error ? 0 : count)));

export const closeHttpGracefully = async (
  app: FastifyInstance,
  options: GracefulCloseOptions,
): Promise<void> => {
  const server = app.server;
  const cut = setTimeout(() => {
    options.log.warn({}, 'Requests still running at shutdown are cut');
    server.closeAllConnections();
  }, options.cutAfterMs);
  try {
    if (server.listening) {
      await acceptPending(server);
      // net's close, not http's: it closes the listening socket without touching connections.
      Server.prototype.close.call(server);
      if ((await openConnections(server)) > 0) await sleep(options.graceMs ?? DEFAULT_GRACE_MS);
    }
    // Resolves once every connection has ended: Node emits 'close' only when drained.
    await app.close();
  } finally {
    clearTimeout(cut);
  }
};
