/** What every REST route plugin is given, and small helpers they share. */
import type { BlockList } from 'node:net';
import type { FastifyRequest } from 'fastify';
import Type, { type Static, type TProperties, type TSchema, type TString } from 'typebox';
import type { ContentEngine } from '../../content/content-engine.ts';
import type { LiveFeeds } from '../../conversations/live-feeds.ts';
import type { Engine } from '../../engine/engine.ts';
import { WeirError } from '../../errors.ts';
import type { Database } from '../../persistence/database.ts';
import type { CredentialCache } from '../auth/credential-cache.ts';
import type { HttpLimits } from '../hardening/limits.ts';
import type { SearchIndex } from '../../search/search-index.ts';
import { baseUrlOf, link } from './urls.ts';

export interface RestContext {
  readonly engine: Engine;
  /** Where content items' and file attachments' bytes are stored (docs/content.md). */
  readonly content: ContentEngine;
  /** This node's live conversation feeds (docs/conversations.md). */
  readonly conversations: LiveFeeds;
  readonly db: Database;
  readonly trustedProxies: BlockList;
  readonly credentials: CredentialCache;
  readonly version: string;
  readonly limits: HttpLimits;
  /** The search index; without it the `/search-api` routes are not mounted. */
  readonly search?: SearchIndex;
}

/**
 * Whether the process-api lists answer their variable conditions from the search index's
 * variable values (docs/search.md); without them they compare the stored values.
 */
export const variablesIndexed = (rest: RestContext): boolean => rest.search?.variablesInDatabase === true;

/**
 * The same for history lists: only where history records variables (level audit or full), so
 * that the index and history hold the same ones.
 */
export const historicVariablesIndexed = (rest: RestContext): boolean => {
  const level = rest.engine.services.config.historyLevel;
  return variablesIndexed(rest) && (level === 'audit' || level === 'full');
};

/** Builds absolute links for one request: `urls('process-api/runtime/tasks/%s', id)`. */
export type Urls = (template: string, ...ids: readonly string[]) => string;

export const urlsFor = (rest: RestContext, request: FastifyRequest): Urls => {
  const base = baseUrlOf(request, rest.trustedProxies);
  return (template, ...ids) => link(base, template, ...ids);
};

export const notFound = (what: string, id: string): WeirError =>
  new WeirError('WEIR_NOT_FOUND', `Could not find a ${what} with id '${id}'.`);

/** ISO-8601 in UTC; null stays null (a date that is always there stays a string to the type checker). */
export function iso(date: Date | string): string;
export function iso(date: Date | string | null | undefined): string | null;
export function iso(date: Date | string | null | undefined): string | null {
  return date === null || date === undefined ? null : new Date(date).toISOString();
}

/** Dates in query strings and bodies: ISO-8601; anything else is a 400 naming the parameter. */
export const parseDate = (name: string, value: string | undefined | null): Date | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new WeirError('WEIR_ILLEGAL_ARGUMENT', `Parameter '${name}' is not an ISO-8601 date: '${value}'`);
  }
  return date;
};

/** The filter with the named ISO-8601 strings parsed into dates (a bad one is a 400 naming it). */
export const withDates = <T extends Partial<Record<K, string>>, K extends string>(
  filter: T,
  names: readonly K[],
): Omit<T, K> & Partial<Record<K, Date>> => {
  const copy: Record<string, unknown> = { ...filter };
  for (const name of names) copy[name] = parseDate(name, filter[name]);
  return copy as Omit<T, K> & Partial<Record<K, Date>>;
};

/** Path parameters, each a non-empty string. */
export const IdParams = <const N extends string>(...names: readonly N[]) =>
  Type.Object(
    Object.fromEntries(names.map((n) => [n, Type.String({ minLength: 1 })])) as { [K in N]: TString },
  );

/**
 * `T` or `null`, declared as `type: [T, 'null']` rather than TypeBox's `anyOf`: Ajv then names
 * both types in one message (`body.name must be string,null`), which the API has always said.
 */
export const Nullable = <T extends TSchema & { type: string }>(schema: T) =>
  Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] });

/** An optional field that may be a string or null. */
export const NullableStr = () => Type.Optional(Nullable(Type.String()));

/** `{"action": "..."}` bodies of PUT/POST actions, with the given extra fields; closed. */
export const ActionBody = <const A extends string, P extends TProperties = Record<never, TSchema>>(
  actions: readonly A[],
  extra?: P,
) =>
  Type.Object(
    { action: Type.Enum(actions, { type: 'string' }), ...(extra as P) },
    { additionalProperties: false },
  );
