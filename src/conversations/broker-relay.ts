/**
 * The relay through an external STOMP broker (ActiveMQ's STOMP connector, RabbitMQ's STOMP
 * plugin): every node publishes each note, message included, to one topic and subscribes to
 * it. The broker (or network of brokers) fans the notes out; the database stays the record.
 *
 * Connection states: connecting (to the current address) -> connected (subscribed; notes
 * published as they come) -> closed (the broker went away or refused us) -> after a backoff,
 * connecting to the next address in the list, round and round. The backoff starts at
 * `RECONNECT_DELAY_MS` and doubles up to `MAX_RECONNECT_DELAY_MS` while attempts fail, and is
 * back to the start after a connection succeeds.
 *
 * Nothing is lost while no broker answers: notes posted meanwhile wait here (bounded) and go
 * out on reconnect; and on every (re)connect this node resyncs its readers from the database,
 * catching up whatever other nodes published while it was away.
 *
 * What a reconnect does not cover is a note that never reaches the broker while this node's
 * readers stay connected: the posting node died between its commit and its publish (or with
 * notes waiting here for a broker), or a broker took the publish and died before passing it on.
 * The message is stored, but no note about it will ever come. Each node's sweep
 * (`SWEEP_INTERVAL_MS`) finds it from the database.
 */
import { randomUUID } from 'node:crypto';
import { Client, ReconnectionTimeMode, type IStompSocket } from '@stomp/stompjs';
import { TCPWrapper } from '@stomp/tcp-wrapper';
import type { Logger } from 'pino';
import { addressText, type BrokerAddress } from '../config/broker-addresses.ts';
import { noteFromJson, type ConversationRelay, type RelayHandlers, type RelayNote } from './relay.ts';

/** One topic for every conversation: the same name works on ActiveMQ and RabbitMQ. */
export const RELAY_TOPIC = '/topic/weir.conversations';

/** First retry soon: a broker restart or failover usually takes a moment. */
const RECONNECT_DELAY_MS = 250;
/** At most this long between attempts while every broker is away. */
const MAX_RECONNECT_DELAY_MS = 10_000;
/** A broker that accepts TCP but does not answer CONNECT in this long is skipped. */
const CONNECTION_TIMEOUT_MS = 5_000;
/**
 * Heart-beats both ways: a broker host that vanished without closing TCP is noticed within
 * about two intervals instead of at the operating system's TCP timeout (minutes).
 */
const HEARTBEAT_MS = 5_000;
/** Notes waiting for a broker; past this the oldest go (readers catch up from the database). */
const MAX_PENDING = 10_000;
/**
 * How soon a stored message that no note announced reaches the other nodes' readers. A sweep is
 * one primary-key query per node over the conversations it has readers for, whatever the message
 * rate, as cheap as the no-broker relay's (2 s); a few seconds keeps a lost note a short delay.
 * (It was 5 minutes, on the reasoning that a reconnect resyncs; a node that died before
 * publishing makes no one reconnect.)
 */
const SWEEP_INTERVAL_MS = 3_000;

export const brokerRelay = (
  broker: {
    readonly addresses: readonly BrokerAddress[];
    readonly user?: string;
    readonly password?: string;
  },
  log: Pick<Logger, 'info' | 'warn'>,
): ConversationRelay => {
  const { addresses } = broker;
  let index = 0;
  let connected = false;
  const pending: string[] = [];
  let client: Client | undefined;
  /**
   * Marks this node's notes, so that their echo from the topic is told apart: this node fed its
   * own readers at commit already, and counts only what other nodes sent.
   */
  const origin = randomUUID();
  /** Counts since start, for the relay status: proof that notes travel through the broker. */
  let published = 0;
  let received = 0;

  const publishNow = (body: string) => {
    client!.publish({ destination: RELAY_TOPIC, body });
    published++;
  };

  return {
    sweepInterval: SWEEP_INTERVAL_MS,
    async announce(tx, note: RelayNote) {
      const body = JSON.stringify({ ...note, origin });
      tx.afterCommit(() => {
        if (connected) {
          try {
            publishNow(body);
            return;
          } catch {
            // the connection dropped under us: keep it for the next one
          }
        }
        pending.push(body);
        if (pending.length > MAX_PENDING) pending.shift();
      });
    },
    start(handlers: RelayHandlers) {
      client = new Client({
        webSocketFactory: () => {
          const { host, port } = addresses[index];
          return new TCPWrapper(host, port) as unknown as IStompSocket;
        },
        connectHeaders:
          broker.user === undefined ? {} : { login: broker.user, passcode: broker.password ?? '' },
        reconnectDelay: RECONNECT_DELAY_MS,
        maxReconnectDelay: MAX_RECONNECT_DELAY_MS,
        reconnectTimeMode: ReconnectionTimeMode.EXPONENTIAL,
        connectionTimeout: CONNECTION_TIMEOUT_MS,
        heartbeatIncoming: HEARTBEAT_MS,
        heartbeatOutgoing: HEARTBEAT_MS,
        debug: () => {},
        onConnect: () => {
          connected = true;
          log.info(
            { broker: addressText(addresses[index]) },
            'Relaying conversations through a STOMP broker',
          );
          client!.subscribe(RELAY_TOPIC, (frame) => {
            const note = noteFromJson(frame.body);
            if (!note || note.origin === origin) return;
            received++;
            handlers.note(note);
          });
          while (pending.length > 0 && connected) publishNow(pending.shift()!);
          handlers.resync();
        },
        onStompError: (frame) => {
          log.warn(
            { broker: addressText(addresses[index]), error: frame.headers.message },
            'The STOMP broker refused the relay',
          );
        },
        onWebSocketClose: () => {
          if (connected)
            log.warn(
              { broker: addressText(addresses[index]) },
              'Lost the STOMP broker; trying the next address',
            );
          connected = false;
          // the next attempt goes to the next address, round and round
          index = (index + 1) % addresses.length;
        },
      });
      client.activate();
      return Promise.resolve();
    },
    status: () => ({
      kind: 'broker',
      connected,
      address: connected ? addressText(addresses[index]) : undefined,
      addresses: addresses.map(addressText),
      published,
      received,
    }),
    async stop() {
      connected = false;
      await client?.deactivate();
    },
  };
};
