/**
 * Building blocks of response schemas. A response schema documents an answer (`/openapi.json`)
 * and types the function that builds it (`Static<typeof Task>`), so the two cannot drift; the
 * tests hold every answer to it (test/http/response-check.ts). Fastify does not serialize with
 * it (openapi/document.ts): a field is never dropped or coerced on the way out.
 */
import Type, { type Static, type TSchema } from 'typebox';
import { Nullable } from '../context.ts';

export const Text = (description?: string) => Type.String(description ? { description } : {});
export const TextOrNull = (description?: string) => Nullable(Text(description));
export const Flag = (description?: string) => Type.Boolean(description ? { description } : {});
export const Count = (description?: string) => Type.Integer(description ? { description } : {});
export const IntOrNull = (description?: string) => Nullable(Type.Integer(description ? { description } : {}));
export const NumberOrNull = (description?: string) =>
  Nullable(Type.Number(description ? { description } : {}));
/** An absolute URL of a resource of this API. */
export const Link = (description?: string) =>
  Type.String({ format: 'uri', ...(description ? { description } : {}) });
export const LinkOrNull = (description?: string) => Nullable(Link(description));
/** ISO-8601 with time zone. */
export const Timestamp = (description?: string) =>
  Type.String({ format: 'date-time', ...(description ? { description } : {}) });
export const TimestampOrNull = (description?: string) => Nullable(Timestamp(description));
/** Always null in Weir: a field Flowable has for engines or features Weir does not have. */
export const AlwaysNull = (description?: string) => Type.Null(description ? { description } : {});
/** Any JSON value (a variable's value, a form field's value). */
export const AnyValue = (description?: string) => Type.Unknown(description ? { description } : {});

/** Flowable's list envelope `{data, total, start, sort, order, size}` around rows of `item`. */
export const ListOf = <T extends TSchema>(item: T) =>
  Type.Object({
    data: Type.Array(item),
    total: Count('Rows across all pages'),
    start: Count('Index of the first row'),
    sort: Text('The property sorted on'),
    order: Text('asc or desc'),
    size: Count('Rows on this page'),
  });

/** An answer without a body (`reply.code(204).send()`). */
export const NoContent = Type.Unsafe<undefined>({ type: 'null', description: 'No content' });

/** An answer that sends the client on: no body, a `Location` header (`reply.redirect`). */
export const Redirect = (description: string) => ({
  description,
  headers: { Location: { description: 'Where to go next', required: true, schema: { type: 'string' } } },
});

/** The answer of a WebSocket's `GET`: `101 Switching Protocols`; the socket then speaks `protocol`. */
export const WebSocketUpgrade = (protocol: string) => ({
  description: `Switching protocols: the connection becomes a WebSocket speaking ${protocol}`,
  headers: { Upgrade: { required: true, schema: { type: 'string', const: 'websocket' } } },
});

/** An answer that is a file: its bytes, in one of the given media types. */
export const FileAnswer = (description: string, mediaTypes: readonly string[]) => ({
  description,
  content: Object.fromEntries(
    mediaTypes.map((type) => [type, { schema: { type: 'string', format: 'binary' } }]),
  ),
});

/** A variable as answered: `{name, type, value, valueUrl, scope}`. */
export const RestVariableAnswer = Type.Object({
  name: Text(),
  type: TextOrNull(
    'string, short, integer, long, double, boolean, date, json, binary, serializable; null for null',
  ),
  value: AnyValue('The value; null for binary and serializable ones, whose bytes are at valueUrl'),
  valueUrl: TextOrNull(),
  scope: Type.Optional(Text('local or global')),
});

/** What a response builder returns for schema `S`: the handler's answer is checked against it too. */
export type Answer<S extends TSchema> = Static<S>;

/** `GET .../management/engine` of each engine: its name and version. */
export const EngineInfo = Type.Object({
  name: Text(),
  version: Text(),
  resourceUrl: Type.Null(),
  exception: Type.Null(),
});

/** An answer that is plain text (a stack trace). */
export const TextAnswer = (description: string) => ({
  description,
  content: { 'text/plain': { schema: { type: 'string' } } },
});
