/**
 * Which STOMP brokers a node relays conversations through, from the two keys a Flowable
 * cluster sets (docs/cluster.md, "A message broker"):
 *
 *   flowable.websocket.stomp-broker-addresses=mq1:61613,mq2:61613     host:port of STOMP connectors
 *   spring.activemq.broker-url=failover:(stomp://mq1:61613,stomp://mq2:61613)
 *
 * The first wins. `spring.activemq.broker-url` is read only for STOMP transports (`stomp://`,
 * `stomp+nio://`): its usual `tcp://` addresses are ActiveMQ's OpenWire port, which Weir does not
 * speak, so such a URL is refused with a message naming the key to set instead.
 */
import { WeirError } from '../errors.ts';

export interface BrokerAddress {
  readonly host: string;
  readonly port: number;
}

const STOMP_KEY = 'flowable.websocket.stomp-broker-addresses';
const ACTIVEMQ_KEY = 'spring.activemq.broker-url';

const hostPort = (text: string, key: string): BrokerAddress => {
  const match = /^\[?([^\]\s]+?)\]?:(\d{1,5})$/.exec(text.trim());
  const port = match ? Number(match[2]) : 0;
  if (!match || port < 1 || port > 65_535)
    throw new WeirError(
      'WEIR_CONFIG_BAD_VALUE',
      `${key}: '${text.trim()}' is not host:port (e.g. mq1:61613)`,
    );
  return { host: match[1], port };
};

/** The addresses of a `failover:(...)` or single broker URL; only STOMP transports. */
const fromActiveMqUrl = (url: string): BrokerAddress[] => {
  const failover = /^failover:\(([^)]*)\)(\?.*)?$/.exec(url.trim());
  const uris = (failover ? failover[1] : url)
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean);
  if (uris.length === 0)
    throw new WeirError('WEIR_CONFIG_BAD_VALUE', `${ACTIVEMQ_KEY}: no broker address in '${url}'`);
  return uris.map((uri) => {
    const match = /^([a-z0-9+]+):\/\/([^/?]+)/i.exec(uri);
    if (!match || !/^stomp(\+nio)?$/i.test(match[1]))
      throw new WeirError(
        'WEIR_CONFIG_BAD_VALUE',
        `${ACTIVEMQ_KEY}: '${uri}' is not a STOMP address; Weir relays conversations over STOMP only. ` +
          `Set ${STOMP_KEY} to the brokers' STOMP connectors (e.g. ${STOMP_KEY}=mq1:61613,mq2:61613), ` +
          `or write them here as failover:(stomp://mq1:61613,stomp://mq2:61613)`,
      );
    return hostPort(match[2], ACTIVEMQ_KEY);
  });
};

/** The brokers to relay through, in the order to try them; empty: relay through PostgreSQL. */
export const brokerAddressesOf = (config: {
  readonly stompBrokerAddresses: readonly string[];
  readonly activemqBrokerUrl?: string;
}): BrokerAddress[] => {
  const listed = config.stompBrokerAddresses.map((a) => a.trim()).filter(Boolean);
  if (listed.length > 0) return listed.map((address) => hostPort(address, STOMP_KEY));
  if (config.activemqBrokerUrl?.trim()) return fromActiveMqUrl(config.activemqBrokerUrl);
  return [];
};

export const addressText = (address: BrokerAddress): string =>
  address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
