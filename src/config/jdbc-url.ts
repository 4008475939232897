/**
 * Spring's `spring.datasource.url` is a JDBC URL (`jdbc:postgresql://host:5432/db?sslmode=require`);
 * Weir's driver takes a `postgres://` connection string. This turns one into the other, keeping
 * what pgjdbc and node-postgres both understand and reporting the rest, so that a Flowable
 * `application.properties` reaches the same database instead of silently falling back.
 */

export type JdbcUrl =
  | {
      readonly kind: 'postgres';
      /** Empty for pgjdbc's `jdbc:postgresql:db` form, which means localhost. */
      readonly host: string;
      readonly port?: string;
      readonly database: string;
      readonly params: URLSearchParams;
    }
  /** Another database (`h2`, `mysql`, `oracle`, ...): Weir cannot run on it. */
  | { readonly kind: 'other'; readonly vendor: string }
  | { readonly kind: 'invalid' };

const JDBC = /^jdbc:([a-z0-9]+):/i;
// One host only: node-postgres cannot fail over between hosts as pgjdbc does with `h1,h2`.
const SERVER_FORM = /^\/\/(\[[0-9a-f:.]+\]|[^/:?,[\]]+)(?::(\d{1,5}))?\/([^?]*)(?:\?(.*))?$/i;
const LOCAL_FORM = /^([^/?]+)(?:\?(.*))?$/;

export const parseJdbcUrl = (text: string): JdbcUrl => {
  const vendor = JDBC.exec(text);
  if (!vendor) return { kind: 'invalid' };
  if (vendor[1].toLowerCase() !== 'postgresql') return { kind: 'other', vendor: vendor[1].toLowerCase() };
  const rest = text.slice(vendor[0].length);
  const server = SERVER_FORM.exec(rest);
  if (server) {
    const [, host, port, database, query] = server;
    if (database === '' || (port !== undefined && Number(port) > 65535)) return { kind: 'invalid' };
    return { kind: 'postgres', host, port, database, params: new URLSearchParams(query ?? '') };
  }
  const local = LOCAL_FORM.exec(rest);
  if (local)
    return { kind: 'postgres', host: '', database: local[1], params: new URLSearchParams(local[2] ?? '') };
  return { kind: 'invalid' };
};

/** JDBC parameters node-postgres reads under the same name and meaning. */
const PASSED_THROUGH = ['sslmode', 'ssl', 'sslcert', 'sslkey', 'sslrootcert', 'options'];

export interface PostgresTarget {
  readonly url: string;
  /** JDBC parameters that have no equivalent here, for one warning. */
  readonly dropped: readonly string[];
}

/**
 * The connection string for a parsed `jdbc:postgresql:` URL. As in pgjdbc, `user` and
 * `password` in the URL win over `spring.datasource.username` / `password`.
 */
export const toPostgresUrl = (
  jdbc: Extract<JdbcUrl, { kind: 'postgres' }>,
  username: string | undefined,
  password: string | undefined,
): PostgresTarget => {
  const user = jdbc.params.get('user') ?? username;
  const secret = jdbc.params.get('password') ?? password;
  const query = new URLSearchParams();
  const dropped: string[] = [];
  for (const [name, value] of jdbc.params) {
    if (name === 'user' || name === 'password') continue;
    if (name === 'ApplicationName') continue; // Weir names its connections after the node.
    if (PASSED_THROUGH.includes(name)) query.append(name, value);
    else dropped.push(name);
  }
  const credentials =
    user === undefined
      ? ''
      : `${encodeURIComponent(user)}${secret === undefined ? '' : `:${encodeURIComponent(secret)}`}@`;
  const host = jdbc.host === '' ? 'localhost' : jdbc.host;
  const port = jdbc.port === undefined ? '' : `:${jdbc.port}`;
  const search = query.size > 0 ? `?${query.toString()}` : '';
  return { url: `postgres://${credentials}${host}${port}/${jdbc.database}${search}`, dropped };
};
