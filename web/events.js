/**
 * The `/events` WebSocket, kept open: authenticated by the session cookie (the browser sends it
 * with the upgrade), subscribed to my tasks and to the instances a page watches. When the
 * socket drops (a node stopped, a network blip) it reconnects through the load balancer,
 * possibly to another node, and resumes after the last event id it saw, so nothing is missed.
 */

/** @typedef {{id: number, type: string, data: Record<string, any>, time: string}} WeirEvent */

/** @type {Set<(event: WeirEvent) => void>} */
const listeners = new Set();
/** @type {Set<string>} */
const instances = new Set();
/** @type {WebSocket | null} */
let socket = null;
/** @type {number | null} */
let lastId = null;
let stopped = true;
let delay = 250;

const subscription = () => ({ tasks: 'mine', processInstances: [...instances] });

/** @param {unknown} message */
const send = (message) => {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
};

const open = () => {
  const url = new URL('events', location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const ws = new WebSocket(url);
  socket = ws;
  ws.onmessage = (message) => {
    const data = JSON.parse(String(message.data));
    if (data.connected) {
      const resume = lastId;
      lastId ??= data.connected.lastEventId;
      send({ subscribe: subscription(), ...(resume === null ? {} : { resume }) });
      delay = 250;
      return;
    }
    if (typeof data.id !== 'number' || (lastId !== null && data.id <= lastId)) return;
    lastId = data.id;
    for (const listener of listeners) listener(data);
  };
  ws.onclose = () => {
    if (socket !== ws) return;
    socket = null;
    if (!stopped) setTimeout(open, delay);
    delay = Math.min(delay * 2, 4000);
  };
};

export const startEvents = () => {
  if (!stopped) return;
  stopped = false;
  open();
};

export const stopEvents = () => {
  stopped = true;
  lastId = null;
  socket?.close();
  socket = null;
};

/**
 * @param {(event: WeirEvent) => void} listener
 * @returns {() => void} unsubscribe
 */
export const onEvent = (listener) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/**
 * Also receive the events of one process instance, until the returned function is called.
 * @param {string} instanceId
 */
export const watchInstance = (instanceId) => {
  instances.add(instanceId);
  send({ subscribe: { processInstances: [instanceId] } });
  return () => {
    instances.delete(instanceId);
    send({ unsubscribe: { processInstances: [instanceId] } });
  };
};
