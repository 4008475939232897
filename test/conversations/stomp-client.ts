/**
 * STOMP clients for tests: `@stomp/stompjs` (the client browsers and Node apps use) over a
 * WebSocket from `ws`, which can send headers with the upgrade, and a raw client that writes
 * frames by hand and reads whatever comes back (for the refusals a library would not send).
 */
import { Client, FrameImpl, Parser, type IMessage, type StompHeaders } from '@stomp/stompjs';
import { WebSocket } from 'ws';

export interface StompMessage {
  id: number;
  text: string;
  author: string;
  conversationId: string;
}

export interface TestStomp {
  readonly client: Client;
  /** messages received per conversation, in arrival order */
  readonly received: Map<string, StompMessage[]>;
  subscribe(conversationId: string, lastMessageId?: number): Promise<void>;
  send(conversationId: string, text: string): Promise<StompHeaders>;
  /** resolves once `count` messages of the conversation have arrived (or the test times out) */
  waitFor(conversationId: string, count: number): Promise<StompMessage[]>;
  close(): Promise<void>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const connectStomp = async (
  url: string,
  auth:
    | { login: string; passcode: string }
    | { authorization: string }
    | { upgrade: Record<string, string> /* a browser's: its session cookie and Origin */ },
): Promise<TestStomp> => {
  const received = new Map<string, StompMessage[]>();
  let receipts = 0;
  const upgradeHeaders =
    'authorization' in auth ? { authorization: auth.authorization } : 'upgrade' in auth ? auth.upgrade : {};
  const client = new Client({
    webSocketFactory: () => new WebSocket(url, ['v12.stomp'], { headers: upgradeHeaders }),
    connectHeaders: 'login' in auth ? { login: auth.login, passcode: auth.passcode } : {},
    reconnectDelay: 0,
    heartbeatIncoming: 0,
    heartbeatOutgoing: 0,
    debug: () => {},
  });
  const connected = new Promise<void>((resolve, reject) => {
    client.onConnect = () => resolve();
    client.onStompError = (frame) => reject(new Error(frame.headers.message));
    client.onWebSocketClose = () => reject(new Error('closed before CONNECTED'));
  });
  client.activate();
  await connected;
  const receipt = (receiptId: string) =>
    new Promise<StompHeaders>((resolve) =>
      client.watchForReceipt(receiptId, (frame) => resolve(frame.headers)),
    );
  return {
    client,
    received,
    async subscribe(conversationId, lastMessageId) {
      const list = received.get(conversationId) ?? [];
      received.set(conversationId, list);
      const id = `r${++receipts}`;
      const done = receipt(id);
      client.subscribe(
        `/topic/conversations.${conversationId}`,
        (message: IMessage) => list.push(JSON.parse(message.body) as StompMessage),
        { receipt: id, ...(lastMessageId === undefined ? {} : { 'last-message-id': String(lastMessageId) }) },
      );
      await done;
    },
    async send(conversationId, text) {
      const id = `r${++receipts}`;
      const done = receipt(id);
      client.publish({
        destination: `/topic/conversations.${conversationId}`,
        body: JSON.stringify({ text }),
        headers: { receipt: id, 'content-type': 'application/json' },
      });
      return done;
    },
    async waitFor(conversationId, count) {
      for (;;) {
        const list = received.get(conversationId) ?? [];
        if (list.length >= count) return list;
        await sleep(20);
      }
    },
    async close() {
      await client.deactivate();
    },
  };
};

export interface RawFrame {
  command: string;
  headers: Record<string, string>;
  body: string;
}

/** A WebSocket that sends frames as written and collects the frames and close it receives. */
export const rawStomp = async (url: string, headers: Record<string, string> = {}) => {
  const socket = new WebSocket(url, ['v12.stomp'], { headers });
  const frames: RawFrame[] = [];
  let read = 0;
  let closed = false;
  const parser = new Parser(
    (raw) => {
      const frame = FrameImpl.fromRawFrame(raw, true);
      frames.push({ command: frame.command, headers: frame.headers, body: frame.body });
    },
    () => {},
  );
  socket.on('message', (data: Buffer) => parser.parseChunk(new Uint8Array(data).buffer));
  socket.on('close', () => (closed = true));
  await new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  return {
    frames,
    get closed() {
      return closed;
    },
    send(command: string, frameHeaders: Record<string, string>, body = '') {
      const text = FrameImpl.marshall({ command, headers: frameHeaders, body, escapeHeaderValues: true });
      socket.send(typeof text === 'string' ? text : Buffer.from(text));
    },
    /** The next frame not yet read through `next` (in arrival order). */
    async next(): Promise<RawFrame> {
      while (frames.length === read && !closed) await sleep(10);
      if (frames.length === read) throw new Error('closed without a frame');
      return frames[read++];
    },
    async untilClosed(): Promise<void> {
      while (!closed) await sleep(10);
    },
    close() {
      socket.close();
    },
  };
};
