import { byteSize, duration, list } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * The HTTP task's settings: the timeouts of Flowable's `flowable.http.*`
 * (`FlowableHttpProperties`; the keys Weir does not apply are in `flowable-keys.ts`, which warns
 * about them), and Weir's own limits under `weir.http-task.*`.
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
