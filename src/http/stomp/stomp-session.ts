/**
 * One STOMP 1.2 client on `/stomp` (docs/conversations.md, "Live over STOMP").
 *
 * States: awaiting CONNECT -> connected -> closed. Before CONNECT only CONNECT (or STOMP) is
 * taken. Connected, the client SUBSCRIBEs to `/topic/conversations.<id>` of conversations it
 * takes part in (header `last-message-id` resumes after that id: every later message once, in
 * order), SENDs to the same destination to post, UNSUBSCRIBEs, DISCONNECTs. Any frame may ask
 * for a RECEIPT; a SUBSCRIBE's receipt comes once the subscription has caught up.
 *
 * A refused frame gets an ERROR frame whose `message` header says what was wrong, and the
 * connection is closed right after it, as STOMP 1.2 requires. Frames are handled one at a time
 * in order, so a SEND's receipt follows the previous frame's.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { Principal } from '../../engine/authorization.ts';
import type { Engine } from '../../engine/engine.ts';
import { toWeirError, WeirError } from '../../errors.ts';
import { postMessage, visibleConversation, type Feed, type LiveFeeds } from '../../conversations/index.ts';
import type { NewMessageInput } from '../../conversations/index.ts';
import {
  authenticateThrottled,
  mayUseRestApi,
  principalOfCredentials,
  type AuthOptions,
} from '../auth/basic-auth.ts';
import { messageBody } from '../rest/conversations/conversation-responses.ts';
import type { MessageRow } from '../../persistence/conversation-messages-sql.ts';
import { FrameReader, frameText, type InFrame } from './frames.ts';

export interface StompContext {
  readonly engine: Engine;
  readonly feeds: LiveFeeds;
  readonly auth: AuthOptions;
  readonly version: string;
  /** Told to clients in CONNECTED (`node`): which node behind the load balancer they reached. */
  readonly nodeId: string;
  readonly log: Pick<Logger, 'warn' | 'debug'>;
}

/** Unsent bytes a client may leave queued on this node before it is closed. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Subscriptions per connection: a client watching more should open another connection. */
const MAX_SUBSCRIPTIONS = 1_000;
const DESTINATION = /^\/(?:topic|app)\/conversations\.([^/\s]+)$/;

const conversationOf = (destination: string | undefined): string => {
  const match = destination ? DESTINATION.exec(destination) : null;
  if (!match)
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Unknown destination '${destination ?? ''}': use /topic/conversations.<conversationId>`,
    );
  return match[1];
};

const messageIdOf = (value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  if (!/^\d{1,15}$/.test(value))
    throw new WeirError(
      'WEIR_ILLEGAL_ARGUMENT',
      `Header 'last-message-id' must be a message id (a number), not '${value}'`,
    );
  return Number(value);
};

const sendBody = (frame: InFrame): NewMessageInput => {
  if (!(frame.headers['content-type'] ?? '').startsWith('application/json')) return { text: frame.body };
  try {
    const parsed: unknown = JSON.parse(frame.body);
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      const unknown = Object.keys(parsed).find((key) => !['text', 'mentions', 'contentItemId'].includes(key));
      if (unknown)
        throw new WeirError(
          'WEIR_ILLEGAL_ARGUMENT',
          `Unknown message field '${unknown}' (text, mentions, contentItemId)`,
        );
      return parsed as NewMessageInput;
    }
  } catch (error) {
    if (error instanceof WeirError) throw error;
  }
  throw new WeirError(
    'WEIR_ILLEGAL_ARGUMENT',
    'A SEND with content-type application/json needs a JSON object body',
  );
};

export class StompSession {
  readonly #socket: WebSocket;
  readonly #request: FastifyRequest;
  readonly #context: StompContext;
  readonly #reader: FrameReader;
  readonly #subscriptions = new Map<string, Feed>();
  readonly #id = randomUUID();
  #principal: Principal | undefined;
  #queue: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(socket: WebSocket, request: FastifyRequest, context: StompContext) {
    this.#socket = socket;
    this.#request = request;
    this.#context = context;
    this.#reader = new FrameReader((frame) => {
      this.#queue = this.#queue.then(() => this.#handle(frame));
    });
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[]) => {
      const chunk = Buffer.isBuffer(data)
        ? data
        : Array.isArray(data)
          ? Buffer.concat(data)
          : Buffer.from(data);
      try {
        this.#reader.push(chunk);
      } catch (error) {
        this.#fail(toWeirError(error).message);
      }
    });
    socket.on('close', () => this.close());
  }

  close(): void {
    this.#closed = true;
    for (const feed of this.#subscriptions.values()) feed.close();
    this.#subscriptions.clear();
  }

  #send(command: string, headers: Record<string, string>, body = ''): void {
    if (this.#closed || this.#socket.readyState !== this.#socket.OPEN) return;
    if (this.#socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#context.log.warn({}, 'A STOMP client reads too slowly; closing it so it resumes');
      this.#fail('Too slow: reconnect and subscribe again with last-message-id');
      return;
    }
    this.#socket.send(frameText(command, headers, body));
  }

  /** ERROR, then close (STOMP 1.2: the server closes the connection after an ERROR frame). */
  #fail(message: string, frame?: InFrame): void {
    const receipt = frame?.headers.receipt;
    this.#send(
      'ERROR',
      { message, 'content-type': 'text/plain', ...(receipt ? { 'receipt-id': receipt } : {}) },
      message,
    );
    this.close();
    // let the frame leave before the socket closes
    setImmediate(() => this.#socket.close(1000));
  }

  #receipt(frame: InFrame, extra: Record<string, string> = {}): void {
    const receipt = frame.headers.receipt;
    if (receipt !== undefined) this.#send('RECEIPT', { 'receipt-id': receipt, ...extra });
  }

  async #handle(frame: InFrame): Promise<void> {
    if (this.#closed) return;
    try {
      if (frame.command === 'CONNECT' || frame.command === 'STOMP') return await this.#connect(frame);
      const principal = this.#principal;
      if (!principal) throw new WeirError('WEIR_UNAUTHORIZED', `Send CONNECT before ${frame.command}`);
      switch (frame.command) {
        case 'SUBSCRIBE':
          return await this.#subscribe(frame, principal);
        case 'UNSUBSCRIBE':
          return this.#unsubscribe(frame);
        case 'SEND':
          return await this.#post(frame, principal);
        case 'DISCONNECT':
          this.#receipt(frame);
          this.close();
          setImmediate(() => this.#socket.close(1000));
          return;
        case 'ACK':
        case 'NACK':
          throw new WeirError(
            'WEIR_ILLEGAL_ARGUMENT',
            'Subscriptions are ack:auto; ACK and NACK are not taken',
          );
        case 'BEGIN':
        case 'COMMIT':
        case 'ABORT':
          throw new WeirError(
            'WEIR_ILLEGAL_ARGUMENT',
            `STOMP transactions (${frame.command}) are not supported`,
          );
        default:
          throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Unknown STOMP command '${frame.command}'`);
      }
    } catch (error) {
      this.#fail(toWeirError(error).message, frame);
    }
  }

  async #connect(frame: InFrame): Promise<void> {
    if (this.#principal)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', 'Already connected: CONNECT is sent once');
    const versions = (frame.headers['accept-version'] ?? '').split(',').map((v) => v.trim());
    if (!versions.includes('1.2'))
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        'Weir speaks STOMP 1.2: send accept-version:1.2 on CONNECT',
      );
    const { login, passcode } = frame.headers;
    const principal =
      login !== undefined
        ? await authenticateThrottled(this.#request, this.#context.auth, login, passcode ?? '')
        : await principalOfCredentials(this.#request, this.#context.auth);
    if (!principal)
      throw new WeirError(
        'WEIR_UNAUTHORIZED',
        'Authentication required: send login and passcode on CONNECT, or HTTP Basic credentials or the session cookie with the upgrade request',
      );
    if (!mayUseRestApi(principal))
      throw new WeirError(
        'WEIR_FORBIDDEN',
        `User '${principal.userId}' does not have the privilege 'access-rest-api'`,
      );
    this.#principal = principal;
    this.#send('CONNECTED', {
      version: '1.2',
      server: `Weir/${this.#context.version}`,
      // no STOMP heart-beats: WebSocket pings keep the connection watched (see index.ts)
      'heart-beat': '0,0',
      session: this.#id,
      'user-name': principal.userId,
      node: this.#context.nodeId,
    });
  }

  async #subscribe(frame: InFrame, principal: Principal): Promise<void> {
    const { id, destination, ack } = frame.headers;
    if (!id) throw new WeirError('WEIR_ILLEGAL_ARGUMENT', "SUBSCRIBE needs an 'id' header");
    if (this.#subscriptions.has(id))
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Subscription id '${id}' is in use`);
    if (this.#subscriptions.size >= MAX_SUBSCRIPTIONS)
      throw new WeirError(
        'WEIR_ILLEGAL_ARGUMENT',
        `A connection may hold at most ${MAX_SUBSCRIPTIONS} subscriptions`,
      );
    if (ack !== undefined && ack !== 'auto')
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Subscriptions are ack:auto; '${ack}' is not supported`);
    const conversationId = conversationOf(destination);
    const after = messageIdOf(frame.headers['last-message-id']);
    const { db } = this.#context.engine;
    await visibleConversation(db, conversationId, principal);
    // asked again whenever who takes part changes; a user removed is told and disconnected
    const access = {
      allowed: () =>
        visibleConversation(db, conversationId, principal).then(
          () => true,
          () => false,
        ),
      revoked: () =>
        this.#fail(`User '${principal.userId}' no longer takes part in conversation '${conversationId}'`),
    };
    const deliver = (messages: readonly MessageRow[]) => {
      for (const message of messages)
        this.#send(
          'MESSAGE',
          {
            subscription: id,
            'message-id': String(message.id),
            destination: destination!,
            'content-type': 'application/json',
          },
          JSON.stringify(messageBody(message)),
        );
    };
    const feed = this.#context.feeds.open(conversationId, after, deliver, access);
    this.#subscriptions.set(id, feed);
    await feed.settled;
    this.#receipt(frame);
  }

  #unsubscribe(frame: InFrame): void {
    const id = frame.headers.id;
    const feed = id === undefined ? undefined : this.#subscriptions.get(id);
    if (!feed)
      throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `No subscription with id '${id ?? ''}' to unsubscribe`);
    feed.close();
    this.#subscriptions.delete(id!);
    this.#receipt(frame);
  }

  async #post(frame: InFrame, principal: Principal): Promise<void> {
    const conversationId = conversationOf(frame.headers.destination);
    const { engine, feeds } = this.#context;
    const message = await postMessage(engine, feeds, conversationId, sendBody(frame), principal);
    this.#receipt(frame, { 'message-id': String(message.id) });
  }
}
