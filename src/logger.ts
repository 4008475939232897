/**
 * The node's logger. JSON lines are what log shippers (journald, Loki, CloudWatch) parse;
 * a person at a terminal reads pino's own pretty printer better: one coloured line per entry,
 * in local time, without the pid and host that are the same on every line.
 * `logging.format=auto` picks by whether standard output is a terminal.
 */
import pino from 'pino';
import type { Logger } from 'pino';
import pretty from 'pino-pretty';

export type LogFormat = 'auto' | 'pretty' | 'json';

export interface LoggerSettings {
  readonly level: string;
  readonly format: LogFormat;
}

/** Where the lines go; `isTTY` decides `auto`. */
type LogStream = NodeJS.WritableStream & { readonly isTTY?: boolean };

export const resolveLogFormat = (format: LogFormat, stream: LogStream): 'pretty' | 'json' =>
  format === 'auto' ? (stream.isTTY === true ? 'pretty' : 'json') : format;

export const createLogger = (settings: LoggerSettings, stream: LogStream = process.stdout): Logger => {
  if (resolveLogFormat(settings.format, stream) === 'json') {
    return pino({ level: settings.level }, stream);
  }
  // Synchronous: a fatal boot error's last lines must reach the terminal before exit.
  const printer = pretty({
    destination: stream,
    sync: true,
    colorize: stream.isTTY === true,
    translateTime: 'SYS:yyyy-mm-dd HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return pino({ level: settings.level }, printer);
};
