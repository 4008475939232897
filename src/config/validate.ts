import { WeirError } from '../errors.ts';
import { formatDuration, parseDuration } from './duration.ts';
import { parseJdbcUrl } from './jdbc-url.ts';
import type { ConfigKey, ConfigSource, ValueType } from './key-types.ts';

/**
 * Turns one raw string into a typed value, or throws the one-line `WEIR_CONFIG_BAD_VALUE`
 * error that names the value, the key, where it came from and what was expected.
 */

export interface Origin {
  readonly source: ConfigSource;
  /** Where the value was read, as shown in messages: a file name, `--flag`, an env variable. */
  readonly label: string;
}

export interface ParsedValue {
  /** `undefined` when an optional key was given an empty value: the key stays unset. */
  readonly value: unknown;
  /** The value as `describe()` shows it, before masking. */
  readonly display: string;
}

const UNITS: Record<string, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** Hides passwords inside URLs (`//user:secret@` and `password=secret`). */
const maskCredentials = (text: string): string =>
  text.replace(/(\/\/[^/:@\s,]+:)[^@\s/,]*@/g, '$1****@').replace(/(password=)[^&\s,]*/gi, '$1****');

export const maskValue = (entry: ConfigKey, text: string): string =>
  entry.secret && entry.type.kind === 'string' ? '****' : maskCredentials(text);

export const badValue = (
  entry: ConfigKey,
  name: string,
  raw: string,
  origin: Origin,
  expected: string,
): WeirError =>
  new WeirError(
    'WEIR_CONFIG_BAD_VALUE',
    `Bad value '${maskValue(entry, raw)}' for '${name}' (from ${origin.label}): expected ${expected}`,
  );

const expectation = (type: ValueType): string => {
  switch (type.kind) {
    case 'int':
      return `a whole number from ${type.min} to ${type.max}`;
    case 'port':
      return 'a port number from 0 to 65535';
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a non-empty value';
    case 'duration':
      return 'an ISO-8601 duration such as PT5M';
    case 'byte-size':
      return 'a size such as 10MB, 512KB or 1048576 (bytes)';
    case 'enum':
      return `one of ${type.values.join(', ')}`;
    case 'list':
      return 'a comma-separated list';
    case 'postgres-url':
      return 'a PostgreSQL URL such as postgres://user:password@localhost:5432/weir';
    case 'jdbc-url':
      return 'a JDBC URL such as jdbc:postgresql://localhost:5432/weir';
  }
};

const parseInteger = (text: string, min: number, max: number): number | undefined => {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) && value >= min && value <= max ? value : undefined;
};

const parseByteSize = (text: string): number | undefined => {
  const match = /^(\d+)\s*([KMGT]?B)?$/i.exec(text);
  if (!match) return undefined;
  const bytes = Number(match[1]) * UNITS[(match[2] ?? 'B').toUpperCase()];
  return Number.isSafeInteger(bytes) ? bytes : undefined;
};

// The host may be empty (`postgres:///weir?host=/run/postgresql` reaches a Unix socket).
const isPostgresUrl = (text: string): boolean => /^postgres(ql)?:\/\//i.test(text) && URL.canParse(text);

/** Parses a non-empty, trimmed text; `undefined` means it does not fit the type. */
const parseText = (type: ValueType, text: string): ParsedValue | undefined => {
  switch (type.kind) {
    case 'int': {
      const value = parseInteger(text, type.min, type.max);
      return value === undefined ? undefined : { value, display: String(value) };
    }
    case 'port': {
      const value = parseInteger(text, 0, 65535);
      return value === undefined ? undefined : { value, display: String(value) };
    }
    case 'boolean':
      return text === 'true' || text === 'false' ? { value: text === 'true', display: text } : undefined;
    case 'string':
      return { value: text, display: text };
    case 'duration': {
      const value = parseDuration(text);
      return value === undefined ? undefined : { value, display: text.toUpperCase() };
    }
    case 'byte-size': {
      const value = parseByteSize(text);
      return value === undefined ? undefined : { value, display: text };
    }
    case 'enum': {
      const value = type.values.find((candidate) => candidate === text.toLowerCase());
      return value === undefined ? undefined : { value, display: value };
    }
    case 'list': {
      const items = text
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
      return { value: items, display: items.join(',') };
    }
    case 'postgres-url':
      return isPostgresUrl(text) ? { value: text, display: text } : undefined;
    case 'jdbc-url':
      return parseJdbcUrl(text).kind === 'postgres' ? { value: text, display: text } : undefined;
  }
};

/** `name` is the key as the user wrote it (it may be an alias), for the message. */
export const parseValue = (entry: ConfigKey, name: string, raw: string, origin: Origin): ParsedValue => {
  const text = raw.trim();
  if (text === '') {
    if (entry.type.kind === 'list') return { value: [], display: '' };
    // An empty optional key is unset, so `DATABASE_URL=` in a compose file means "embedded".
    if (entry.default === undefined) return { value: undefined, display: '' };
    throw badValue(entry, name, raw, origin, expectation(entry.type));
  }
  if (entry.type.kind === 'jdbc-url') {
    const jdbc = parseJdbcUrl(text);
    if (jdbc.kind === 'other') {
      throw new WeirError(
        'WEIR_CONFIG_UNSUPPORTED_DATABASE',
        `'${name}' (from ${origin.label}) names a database of type '${jdbc.vendor}' (${maskCredentials(text)}); Weir runs on PostgreSQL only: use jdbc:postgresql://host:port/database, or leave it unset for the embedded database`,
      );
    }
  }
  const parsed = parseText(entry.type, text);
  if (parsed === undefined) throw badValue(entry, name, text, origin, expectation(entry.type));
  if (entry.type.kind === 'duration' && (parsed.value as number) < entry.type.min) {
    const least = `an ISO-8601 duration of at least ${formatDuration(entry.type.min)}`;
    throw badValue(entry, name, text, origin, least);
  }
  return parsed;
};
