/**
 * Pings for a server's WebSocket (`/events`, `/stomp`). nginx closes a proxied connection idle
 * for `proxy_read_timeout` (60 s by default); a ping every 25 s keeps a quiet socket open
 * through it, and a client that does not answer two pings in a row is gone (its TCP connection
 * died without a close) and is dropped. Stops by itself when the socket closes.
 */
import type { WebSocket } from 'ws';

const PING_INTERVAL_MS = 25_000;

export const pingUntilClosed = (socket: WebSocket): void => {
  let answered = true;
  const ping = setInterval(() => {
    if (!answered) {
      socket.terminate();
      return;
    }
    answered = false;
    socket.ping();
  }, PING_INTERVAL_MS);
  socket.on('pong', () => (answered = true));
  socket.on('close', () => clearInterval(ping));
};
