import { byteSize, duration, int } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * Limits of the HTTP layer (docs/security.md explains each). The defaults match
 * `defaultHttpLimits` in `src/http/hardening/limits.ts`; a test checks that they agree.
 */
export const limitKeys: readonly ConfigKey[] = [
  // Ten seconds for the headers is generous for any real client and stops a slowloris
  // (headers trickled one byte at a time) from holding a connection for minutes.
  {
    key: 'server.headers-timeout',
    type: duration(1000),
    default: 'PT10S',
    description: 'Time a client has to send the request headers; past it the connection is closed (408).',
  },
  // Thirty seconds moves a 10 MB deployment over a 3 Mbit/s link; a slower upload holds a
  // connection and its buffer for longer than any other request does.
  {
    key: 'server.request-timeout',
    type: duration(1000),
    default: 'PT30S',
    description: 'Time a client has to send a whole request, headers and body; past it 408 and close.',
  },
  {
    key: 'weir.deployment.max-resources',
    type: int(1, 10_000),
    default: '100',
    description: 'Files in one deployment upload; more get 413.',
  },
  {
    key: 'weir.deployment.archive.max-entries',
    type: int(1, 100_000),
    default: '1000',
    description: 'Entries in one `.bar`/`.zip` deployment; more get 413.',
  },
  {
    key: 'weir.deployment.archive.max-expanded-size',
    type: byteSize,
    default: '32MB',
    description: 'Bytes of all entries of a `.bar`/`.zip` once inflated; inflating stops and 413 past it.',
  },
  // Text compresses 5-20x; XML with repetitive markup rarely beyond 50x. A zip bomb is 1000x.
  {
    key: 'weir.deployment.archive.max-compression-ratio',
    type: int(1, 1_000_000),
    default: '100',
    description: 'Inflated over compressed size of one archive entry; a higher ratio gets 413.',
  },
  // A crashed worker's job waits this long at most before another worker can take it.
  {
    key: 'weir.external-job.max-lock-duration',
    type: duration(1000),
    default: 'PT1H',
    description: 'Longest `lockDuration` an external worker may ask for; longer gets 400.',
  },
  {
    key: 'weir.login.max-failures-per-user',
    type: int(1, 1_000_000),
    default: '10',
    description: 'Failed logins of one user id within `weir.login.failure-window` before 429 (per node).',
  },
  {
    key: 'weir.login.max-failures-per-address',
    type: int(1, 1_000_000),
    default: '100',
    description: 'Failed logins from one client address within the window before 429 (per node).',
  },
  // One minute: long enough to cap guessing at a few thousand tries a day per user and node,
  // short enough that an attacker who locks out a real user by failing on purpose costs them
  // at most a minute.
  {
    key: 'weir.login.failure-window',
    type: duration(1000),
    default: 'PT1M',
    description: 'Window in which failed logins are counted; the longest a 429 lasts.',
  },
  // Browser sessions (docs/ui.md). Idle: a browser left open over lunch signs in again; the
  // absolute limit bounds how long a stolen cookie is worth anything, however busy it is kept.
  {
    key: 'weir.session.idle-timeout',
    type: duration(1000),
    default: 'PT30M',
    description: 'A browser session unused this long ends (signing in again starts a new one).',
  },
  {
    key: 'weir.session.max-age',
    type: duration(1000),
    default: 'PT12H',
    description: 'A browser session ends this long after sign-in, however busy.',
  },
];
