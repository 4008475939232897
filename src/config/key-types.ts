/**
 * The shape of one entry in the configuration registry. Defaults are written as a user would
 * write them in `application.properties`, so the docs show them verbatim and they go through the
 * same parser as user input (a default that does not parse fails the registry test).
 */

export type ValueType =
  | { readonly kind: 'int'; readonly min: number; readonly max: number }
  | { readonly kind: 'port' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'string' }
  /** ISO-8601, parsed to milliseconds; `min` in milliseconds. */
  | { readonly kind: 'duration'; readonly min: number }
  /** `10MB`, `512KB`, or plain bytes; binary multiples as in Spring's DataSize. */
  | { readonly kind: 'byte-size' }
  /** Matched case-insensitively, stored as written in `values`. */
  | { readonly kind: 'enum'; readonly values: readonly string[] }
  /** Comma-separated; items trimmed, empty items dropped. */
  | { readonly kind: 'list' }
  /** A `postgres://` or `postgresql://` connection string. */
  | { readonly kind: 'postgres-url' }
  /** Spring's `jdbc:postgresql://host:port/db?params`; any other JDBC database is refused. */
  | { readonly kind: 'jdbc-url' };

export type ConfigSource = 'default' | 'file' | 'env' | 'flag';

export interface ConfigKey {
  /** Canonical kebab-case name, e.g. `flowable.auto-deployment.use-lock`. */
  readonly key: string;
  readonly type: ValueType;
  /** As a user would write it; absent means the key is unset unless `fallback` supplies a value. */
  readonly default?: string;
  /** What an unset key means, for the docs (e.g. `embedded PGlite`). */
  readonly unsetMeaning?: string;
  /** Another key whose value applies while this one is unset. */
  readonly fallback?: string;
  /** Other names accepted for this key (Flowable's spelling); the canonical name wins a tie. */
  readonly aliases?: readonly string[];
  /** Masked in `describe()` and error messages. */
  readonly secret?: boolean;
  readonly description: string;
  /** Set on a key made from one with `<id>` (`relaxed.ts`): that key, as the registry has it. */
  readonly template?: string;
}

export const int = (min: number, max: number): ValueType => ({ kind: 'int', min, max });
export const duration = (min = 0): ValueType => ({ kind: 'duration', min });
export const port: ValueType = { kind: 'port' };
export const boolean: ValueType = { kind: 'boolean' };
export const string: ValueType = { kind: 'string' };
export const byteSize: ValueType = { kind: 'byte-size' };
export const list: ValueType = { kind: 'list' };
export const postgresUrl: ValueType = { kind: 'postgres-url' };
export const jdbcUrl: ValueType = { kind: 'jdbc-url' };
export const oneOf = (...values: string[]): ValueType => ({ kind: 'enum', values });
