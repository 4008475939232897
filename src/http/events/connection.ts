/**
 * One client of `/events`: the message protocol on a socket.
 *
 * Client to server, one JSON object per message, each field optional:
 *   {"subscribe": {"tasks": "mine" | true | false, "processInstances": ["id", ...],
 *                  "caseInstances": ["id", ...]}}   (instances the user may see; admins any)
 *   {"unsubscribe": {"tasks": true, "processInstances": ["id", ...], "caseInstances": [...]}}
 *   {"resume": 41}            replay the events after id 41 that are still in the replay window
 * Several fields in one message apply in that order, so `{"subscribe": ..., "resume": 41}`
 * replays with the new subscription. `?since=41` on the URL resumes at the first subscribe.
 *
 * Server to client: events `{"id": 42, "type": "task:created", "data": {...}, "time": "..."}`
 * with ids rising, and replies: `{"connected": {"userId", "nodeId", "lastEventId"}}` at once,
 * `{"subscribed": ...}`, `{"resumed": {"after", "replayed", "complete"}}` (complete false:
 * some events after `after` have left the replay window), `{"error": {"message"}}`.
 *
 * States: live (events delivered as the log reads them) <-> replaying (live events wait in a
 * buffer until the replay is sent, then the buffer follows; nothing is sent twice and nothing
 * is skipped, since the buffer starts before the replay's query). A client that reads too
 * slowly is closed with 1013 and resumes from its last id: one slow client must not hold a
 * node's memory.
 */
import type { WebSocket } from 'ws';
import type { Logger } from 'pino';
import { toWeirError } from '../../errors.ts';
import type { EventLog, LoggedEvent } from '../../cluster/event-log.ts';
import type { Principal } from '../auth/credential-cache.ts';
import { Subscription } from './subscription.ts';
import type { SubscribeRequest } from './subscription.ts';
import type { TaskAudience, TaskAudiences } from './task-audience.ts';
import type { Queryable } from '../../persistence/database.ts';
import { instanceVisibleTo } from '../../persistence/visibility-sql.ts';
import { caseVisibleTo } from '../../persistence/case-visibility-sql.ts';
import { viewerOf } from '../../engine/authorization.ts';
import { WeirError } from '../../errors.ts';
import { MAX_INSTANCES } from './subscription.ts';

/** Unsent bytes a client may leave queued on this node before it is closed. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** 1013 "try again later": the client reconnects and resumes. */
const CLOSE_TOO_SLOW = 1013;

export interface ConnectionContext {
  readonly events: EventLog;
  /** Where the visibility of the instances a client subscribes to is checked. */
  readonly db: Queryable;
  readonly audiences: TaskAudiences;
  readonly log: Pick<Logger, 'debug' | 'warn'>;
  readonly nodeId: string;
}

type Pending = { readonly event: LoggedEvent; readonly audience: TaskAudience | undefined };

interface ClientMessage {
  readonly subscribe?: SubscribeRequest;
  readonly unsubscribe?: SubscribeRequest;
  readonly resume?: unknown;
}

const parseMessage = (raw: string): ClientMessage => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('A message must be a JSON object');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new Error('A message must be a JSON object');
  }
  const unknown = Object.keys(parsed).filter((key) => !['subscribe', 'unsubscribe', 'resume'].includes(key));
  if (unknown.length > 0) {
    throw new Error(`Unknown field '${unknown[0]}': a message has "subscribe", "unsubscribe" or "resume"`);
  }
  return parsed as ClientMessage;
};

const eventId = (value: unknown): number => {
  const id = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new Error('"resume" must be the id (a number) of the last event received');
  }
  return id;
};

export class EventConnection {
  readonly #socket: WebSocket;
  readonly #context: ConnectionContext;
  readonly subscription: Subscription;
  readonly #principal: Principal;
  /** The highest event id this connection has passed (sent or filtered out). */
  #position = 0;
  #replaying = false;
  #buffer: Pending[] = [];
  #pendingResume: number | undefined;
  /** Messages are handled one after another, so a resume finishes before the next message. */
  #queue: Promise<void> = Promise.resolve();

  constructor(socket: WebSocket, principal: Principal, context: ConnectionContext, since?: number) {
    this.#socket = socket;
    this.#context = context;
    this.#principal = principal;
    this.subscription = new Subscription(principal);
    this.#pendingResume = since;
    socket.on('message', (data, isBinary) => {
      const raw = isBinary ? '' : Buffer.isBuffer(data) ? data.toString('utf8') : String(data);
      this.#queue = this.#queue.then(() => this.#handle(raw));
    });
    this.#send({
      connected: { userId: principal.userId, nodeId: context.nodeId, lastEventId: context.events.lastId },
    });
  }

  /** A live event from the log, with its audience when `subscription.needsAudience` said so. */
  offer(event: LoggedEvent, audience: TaskAudience | undefined): void {
    if (this.#replaying) this.#buffer.push({ event, audience });
    else this.#pass(event, audience);
  }

  #pass(event: LoggedEvent, audience: TaskAudience | undefined): void {
    if (event.id <= this.#position) return;
    this.#position = event.id;
    if (!this.subscription.wants(event, audience)) return;
    this.#send({ id: event.id, type: event.type, data: event.data, time: event.occurredAt.toISOString() });
  }

  #send(message: unknown): void {
    if (this.#socket.readyState !== this.#socket.OPEN) return;
    if (this.#socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.#context.log.warn({}, 'An event-stream client reads too slowly; closing it so it resumes');
      this.#socket.close(CLOSE_TOO_SLOW, 'Too slow: reconnect and resume from your last event id');
      return;
    }
    this.#socket.send(JSON.stringify(message));
  }

  async #handle(raw: string): Promise<void> {
    try {
      const message = parseMessage(raw);
      if (message.subscribe !== undefined) {
        await this.#checkVisible(message.subscribe ?? {});
        this.subscription.subscribe(message.subscribe ?? {});
        this.#send({ subscribed: this.subscription.describe() });
      }
      if (message.unsubscribe !== undefined) {
        this.subscription.unsubscribe(message.unsubscribe ?? {});
        this.#send({ subscribed: this.subscription.describe() });
      }
      let resume = message.resume === undefined ? undefined : eventId(message.resume);
      if (resume === undefined && message.subscribe !== undefined && this.#pendingResume !== undefined) {
        resume = this.#pendingResume;
      }
      this.#pendingResume = undefined;
      if (resume !== undefined) await this.#resume(resume);
    } catch (error) {
      this.#send({ error: { message: error instanceof Error ? error.message : toWeirError(error).message } });
    }
  }

  /**
   * A user watches only the process and case instances they may see (the REST rule), so that
   * the events of others' instances never reach them. Refused whole, naming the first unseen id,
   * as a 404 would: nothing of the request is subscribed.
   */
  async #checkVisible(request: SubscribeRequest): Promise<void> {
    const viewer = viewerOf(this.#principal);
    if (!viewer) return;
    const ids = (list: unknown) =>
      Array.isArray(list) ? list.filter((id): id is string => typeof id === 'string') : [];
    const processIds = ids(request.processInstances);
    const caseIds = ids(request.caseInstances);
    // Too many is refused by the subscription with its own message, without a query per id.
    if (processIds.length + caseIds.length > MAX_INSTANCES) return;
    for (const id of processIds) {
      if (!(await instanceVisibleTo(this.#context.db, id, viewer))) {
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a process instance with id '${id}'`);
      }
    }
    for (const id of caseIds) {
      if (!(await caseVisibleTo(this.#context.db, id, viewer))) {
        throw new WeirError('WEIR_NOT_FOUND', `Could not find a case instance with id '${id}'`);
      }
    }
  }

  async #resume(afterId: number): Promise<void> {
    this.#replaying = true;
    this.#buffer = [];
    // From the client's id on, even if live events already went out: ids may repeat then,
    // never go missing; a client drops an id it has seen.
    this.#position = afterId;
    try {
      const replay = await this.#context.events.replay(afterId);
      for (const event of replay.events) {
        const audience = this.subscription.needsAudience(event)
          ? await this.#context.audiences.audienceOf(event)
          : undefined;
        this.#pass(event, audience);
      }
      this.#send({ resumed: { after: afterId, replayed: replay.events.length, complete: replay.complete } });
    } finally {
      this.#replaying = false;
      const waiting = this.#buffer;
      this.#buffer = [];
      for (const { event, audience } of waiting) this.#pass(event, audience);
    }
  }
}
