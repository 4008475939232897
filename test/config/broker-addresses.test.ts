import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.ts';
import { useTempDir } from './temp-dir.ts';

const dir = useTempDir();
const load = (argv: string[], files: Record<string, string> = {}) => {
  for (const [name, text] of Object.entries(files)) dir.write(name, text);
  return loadConfig({ argv, env: {}, cwd: dir.path() });
};

describe('the conversation broker keys', () => {
  it('unset: conversations are relayed through PostgreSQL', () => {
    expect(load([]).broker.addresses).toEqual([]);
  });

  it('flowable.websocket.stomp-broker-addresses lists the STOMP connectors, in order', () => {
    const config = load(['--flowable.websocket.stomp-broker-addresses=mq1:61613, mq2:61614']);
    expect(config.broker.addresses).toEqual([
      { host: 'mq1', port: 61613 },
      { host: 'mq2', port: 61614 },
    ]);
  });

  it('spring.activemq.broker-url is read when the STOMP addresses are not set', () => {
    const config = load([], {
      'application.properties':
        'spring.activemq.broker-url=failover:(stomp://mq1:61613,stomp+nio://mq2:61613)?randomize=false\n',
    });
    expect(config.broker.addresses).toEqual([
      { host: 'mq1', port: 61613 },
      { host: 'mq2', port: 61613 },
    ]);
  });

  it('the STOMP addresses win over spring.activemq.broker-url', () => {
    const config = load([
      '--flowable.websocket.stomp-broker-addresses=mq3:61613',
      '--spring.activemq.broker-url=failover:(tcp://mq1:61616)',
    ]);
    expect(config.broker.addresses).toEqual([{ host: 'mq3', port: 61613 }]);
  });

  it('an OpenWire broker-url is refused with the key to set instead', () => {
    expect(() => load(['--spring.activemq.broker-url=failover:(tcp://a:61616,tcp://b:61616)'])).toThrow(
      "spring.activemq.broker-url: 'tcp://a:61616' is not a STOMP address; Weir relays conversations over STOMP only. " +
        "Set flowable.websocket.stomp-broker-addresses to the brokers' STOMP connectors " +
        '(e.g. flowable.websocket.stomp-broker-addresses=mq1:61613,mq2:61613), ' +
        'or write them here as failover:(stomp://mq1:61613,stomp://mq2:61613)',
    );
  });

  it('an address without a port is refused naming the key', () => {
    expect(() => load(['--flowable.websocket.stomp-broker-addresses=mq1'])).toThrow(
      "flowable.websocket.stomp-broker-addresses: 'mq1' is not host:port (e.g. mq1:61613)",
    );
  });
});
