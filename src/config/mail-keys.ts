import { boolean, port, string } from './key-types.ts';
import type { ConfigKey } from './key-types.ts';

/**
 * `flowable.mail.server.*`: the SMTP server of the mail task, under the names of Flowable's
 * `FlowableMailProperties`, with its defaults (a local test server on port 1025).
 */

const prefix = 'flowable.mail.server.';

export const mailKeys: readonly ConfigKey[] = [
  {
    key: `${prefix}host`,
    type: string,
    default: 'localhost',
    description: 'SMTP server host of the mail task.',
  },
  { key: `${prefix}port`, type: port, default: '1025', description: 'SMTP port when `use-ssl` is false.' },
  { key: `${prefix}ssl-port`, type: port, default: '1465', description: 'SMTP port when `use-ssl` is true.' },
  {
    key: `${prefix}username`,
    type: string,
    unsetMeaning: 'no authentication',
    description: 'SMTP user name.',
  },
  {
    key: `${prefix}password`,
    type: string,
    unsetMeaning: 'no authentication',
    secret: true,
    description: 'SMTP password.',
  },
  {
    key: `${prefix}use-ssl`,
    type: boolean,
    default: 'false',
    description: 'Connect with TLS from the start (SMTPS, on `ssl-port`).',
  },
  {
    key: `${prefix}use-tls`,
    type: boolean,
    default: 'false',
    description: 'Require STARTTLS; when false the connection is not upgraded.',
  },
  {
    key: `${prefix}default-from`,
    type: string,
    default: 'flowable@localhost',
    description: 'Sender of mail tasks that set no `from` field.',
  },
  {
    key: `${prefix}force-to`,
    type: string,
    unsetMeaning: 'mail goes to its recipients',
    description:
      'When set, every mail task sends to these addresses instead of its `to`, `cc` and `bcc` (for test systems).',
  },
];

export interface MailServerConfig {
  readonly host: string;
  readonly port: number;
  readonly sslPort: number;
  readonly username?: string;
  readonly password?: string;
  readonly useSsl: boolean;
  readonly useTls: boolean;
  readonly defaultFrom: string;
  readonly forceTo?: string;
}

export const mailServerConfigOf = (value: <T>(key: string) => T): MailServerConfig => ({
  host: value(`${prefix}host`),
  port: value(`${prefix}port`),
  sslPort: value(`${prefix}ssl-port`),
  username: value(`${prefix}username`),
  password: value(`${prefix}password`),
  useSsl: value(`${prefix}use-ssl`),
  useTls: value(`${prefix}use-tls`),
  defaultFrom: value(`${prefix}default-from`),
  forceTo: value(`${prefix}force-to`),
});
