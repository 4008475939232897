import { boolean, byteSize, duration, int, list } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * The HTTP task's settings: Flowable's `flowable.http.*` (`FlowableHttpProperties`), of which
 * Weir applies the timeouts and accepts the rest so that a Flowable configuration carries
 * over, and Weir's own limits under `weir.http-task.*`.
 */

const prefix = 'flowable.http.';

export const httpTaskKeys: readonly ConfigKey[] = [
  {
    key: 'weir.http-task.allowed-hosts',
    type: list,
    unsetMeaning: 'any host',
    description:
      'Host names HTTP tasks may call, comma-separated; `*.example.com` admits its subdomains. Checked on every redirect too. Set it when models come from people who must not reach internal services.',
  },
  // One megabyte, the default largest variable: a larger body could not be stored anyway, and
  // reading without a bound lets one answer fill the node's memory.
  {
    key: 'weir.http-task.max-response-size',
    type: byteSize,
    default: '1MB',
    description: 'Largest response body an HTTP task reads; a larger one fails the task.',
  },
  // Flowable's five seconds each. Weir bounds the whole exchange (connect, redirects, body) by
  // their sum when a task sets no `requestTimeout`.
  {
    key: `${prefix}connect-timeout`,
    type: duration(1),
    default: 'PT5S',
    description: 'With `socket-timeout`, the time an HTTP task without `requestTimeout` may take.',
  },
  {
    key: `${prefix}socket-timeout`,
    type: duration(1),
    default: 'PT5S',
    description: 'See `connect-timeout`.',
  },
  {
    key: `${prefix}connection-request-timeout`,
    type: duration(0),
    default: 'PT5S',
    description: "Accepted for Flowable compatibility; Weir's HTTP client has no connection pool wait.",
  },
  {
    key: `${prefix}request-retry-limit`,
    type: int(0, 100),
    default: '3',
    description:
      'Accepted for Flowable compatibility; Weir does not retry a request (an async task retries as a job).',
  },
  {
    key: `${prefix}use-system-properties`,
    type: boolean,
    default: 'false',
    aliases: [`${prefix}user-system-properties`],
    description: 'Accepted for Flowable compatibility; Node reads proxy settings from `NODE_USE_ENV_PROXY`.',
  },
  {
    key: `${prefix}disable-cert-verify`,
    type: boolean,
    default: 'false',
    description: 'Accepted for Flowable compatibility but not applied: Weir always verifies certificates.',
  },
];

export interface HttpTaskConfig {
  readonly allowedHosts: string[];
  readonly maxResponseSize: number;
  readonly connectTimeout: number;
  readonly socketTimeout: number;
}

export const httpTaskConfigOf = (value: <T>(key: string) => T): HttpTaskConfig => ({
  allowedHosts: value<string[] | undefined>('weir.http-task.allowed-hosts') ?? [],
  maxResponseSize: value('weir.http-task.max-response-size'),
  connectTimeout: value(`${prefix}connect-timeout`),
  socketTimeout: value(`${prefix}socket-timeout`),
});
