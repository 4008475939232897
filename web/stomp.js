/**
 * Following one conversation live over `/stomp` (STOMP 1.2 on a WebSocket, docs/conversations.md):
 * the browser's session cookie authenticates the upgrade, so `CONNECT` carries no credentials.
 * Only what the app needs: connect, subscribe with `last-message-id`, read `MESSAGE` and `ERROR`
 * frames. When the socket drops (a node stopped, a proxy timeout) it reconnects, possibly to
 * another node, and resumes after the last message it delivered, so nothing is missed or
 * delivered twice.
 */

/** @typedef {{command: string, headers: Record<string, string>, body: string}} Frame */

const decoder = new TextDecoder();

/** STOMP 1.2 header escapes, undone. @param {string} value */
const unescape = (value) =>
  value.replace(
    /\\([\\nrc])/g,
    (_, c) => ({ '\\': '\\', n: '\n', r: '\r', c: ':' })[/** @type {string} */ (c)] ?? c,
  );

/**
 * The frames in one WebSocket message (a server may put several in one, or send a bare EOL as a
 * heart-beat).
 * @param {string} text
 * @returns {Frame[]}
 */
const framesOf = (text) =>
  text
    .split('\0')
    .map((chunk) => chunk.replace(/^[\r\n]+/, ''))
    .filter((chunk) => chunk.length > 0)
    .map((chunk) => {
      const end = chunk.indexOf('\n\n');
      const head = (end < 0 ? chunk : chunk.slice(0, end)).split('\n').map((line) => line.replace(/\r$/, ''));
      /** @type {Record<string, string>} */
      const headers = {};
      for (const line of head.slice(1)) {
        const colon = line.indexOf(':');
        const name = unescape(line.slice(0, colon));
        // the first occurrence of a repeated header wins (STOMP 1.2)
        if (colon > 0 && !(name in headers)) headers[name] = unescape(line.slice(colon + 1));
      }
      return { command: head[0], headers, body: end < 0 ? '' : chunk.slice(end + 2) };
    });

/** @param {string} command @param {Record<string, string>} headers */
const frame = (command, headers) =>
  `${command}\n${Object.entries(headers)
    .map(([name, value]) => `${name}:${value}\n`)
    .join('')}\n\0`;

/**
 * Receive the messages of a conversation after `after`, then live ones, until the returned
 * function is called.
 * @param {string} conversationId
 * @param {number} after the id of the newest message the caller has (0: none)
 * @param {(message: any) => void} onMessage each message once, in id order
 * @param {(problem: string) => void} onRefused the server refused (the user no longer takes
 *   part, say): no reconnect
 * @returns {() => void} stop
 */
export const followConversation = (conversationId, after, onMessage, onRefused) => {
  let last = after;
  let stopped = false;
  let delay = 250;
  /** @type {WebSocket | null} */
  let socket = null;

  const open = () => {
    const url = new URL('stomp', location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url, ['v12.stomp']);
    socket = ws;
    ws.onopen = () => ws.send(frame('CONNECT', { 'accept-version': '1.2', host: location.host }));
    ws.binaryType = 'arraybuffer';
    ws.onmessage = (event) => {
      // synchronously, so that frames are handled in the order they came
      const text = typeof event.data === 'string' ? event.data : decoder.decode(event.data);
      for (const { command, headers, body } of framesOf(text)) {
        if (command === 'CONNECTED') {
          delay = 250;
          ws.send(
            frame('SUBSCRIBE', {
              id: 'conversation',
              destination: `/topic/conversations.${conversationId}`,
              'last-message-id': String(last),
            }),
          );
        } else if (command === 'MESSAGE') {
          const message = JSON.parse(body);
          if (typeof message.id === 'number' && message.id > last) {
            last = message.id;
            onMessage(message);
          }
        } else if (command === 'ERROR') {
          stopped = true;
          onRefused(headers.message ?? 'The conversation is no longer available');
        }
      }
    };
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      if (!stopped) setTimeout(() => stopped || open(), delay);
      delay = Math.min(delay * 2, 4000);
    };
  };

  open();
  return () => {
    stopped = true;
    socket?.close();
    socket = null;
  };
};
