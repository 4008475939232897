/**
 * A request refused before its body was read (a 1 GB upload answered 413 after 10 MB) must
 * not then be read to the end: Node would read and discard the rest to keep the connection
 * alive, a gigabyte of work for nothing. After the answer is written, this node stops reading
 * the socket and half-closes it; a second later it is destroyed.
 *
 * Why not `Connection: close`: Node then destroys the socket at once, and a client still
 * sending gets a TCP reset that makes its kernel drop the answer it has not read yet, so it
 * sees "connection reset" instead of the 413. The second of lingering lets the answer arrive
 * (the way nginx's lingering close does), while the paused socket lets the client's sending
 * stall on a full TCP window instead of flowing into us.
 */
import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';

const LINGER_MS = 1000;

export const stopReadingAfterAnswer = (request: FastifyRequest, reply: FastifyReply): void => {
  if (request.raw.complete) return;
  const socket = request.raw.socket as Socket | undefined;
  // inject() has no real socket
  if (typeof socket?.pause !== 'function' || typeof socket.destroy !== 'function') return;
  reply.raw.once('finish', () => {
    // after Node's own finish handler has resumed the request to drain it (a tick later)
    setImmediate(() => {
      socket.pause();
      socket.end();
    });
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  });
};
